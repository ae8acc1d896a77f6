"""What lab authors use to write artefact checks: the pytest plugin and the ``student`` fixture."""

from autograder.checks.student import StudentCode

__all__ = ["StudentCode"]

"""Everything that executes student code goes through this package."""

from autograder.sandbox.calls import CallOutcome, FunctionCall
from autograder.sandbox.process import ProcessOutcome, ResourceLimits, run_untrusted

__all__ = ["CallOutcome", "FunctionCall", "ProcessOutcome", "ResourceLimits", "run_untrusted"]

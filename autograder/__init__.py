"""An autograder for MLOps labs: notebooks through nbgrader, artefacts through pytest checks."""

__version__ = "0.1.0"
__all__ = ["__version__"]

"""Everything that executes student code goes through this package."""

from autograder.sandbox.calls import CallOutcome, FunctionCall
from autograder.sandbox.process import (
    ProcessOutcome,
    ResourceLimits,
    UntrustedService,
    run_untrusted,
    start_untrusted,
)

__all__ = [
    "CallOutcome",
    "FunctionCall",
    "ProcessOutcome",
    "ResourceLimits",
    "UntrustedService",
    "run_untrusted",
    "start_untrusted",
]

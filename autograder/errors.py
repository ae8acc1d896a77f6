"""The kit's exceptions, in one place.

AutograderError                 anything the kit reports as one line (the CLI exits 1)
├── CourseLayoutError           a folder or file of the course layout is missing or malformed
├── EnvironmentMismatchError    the running environment differs from the reference lock
├── ReleaseError                solutions/ could not be turned into labs/
└── SubmissionError             a student's submission cannot be read (bad zip, missing lab)
StudentCodeError                student code raised, hung or died while a check ran it;
                                checks let it propagate and it becomes that check's message
"""

from __future__ import annotations

__all__ = [
    "AutograderError",
    "CourseLayoutError",
    "EnvironmentMismatchError",
    "ReleaseError",
    "StudentCodeError",
    "SubmissionError",
]


class AutograderError(Exception):
    """A failure the kit explains in one line."""


class CourseLayoutError(AutograderError):
    """A folder or file of the course layout is missing or malformed."""


class EnvironmentMismatchError(AutograderError):
    """The running environment differs from the reference lock."""


class ReleaseError(AutograderError):
    """solutions/ could not be turned into labs/."""


class SubmissionError(AutograderError):
    """A student's submission cannot be read."""


class StudentCodeError(Exception):
    """Student code raised, hung or died while a check ran it; the message is for the student."""

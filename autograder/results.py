"""Results are data: one :class:`LabResult` per graded (student, lab).

The JSON vocabulary is Gradescope's ``results.json`` (``score``, ``max_score``,
``tests[]`` with ``name``, ``score``, ``max_score``, ``status``, ``output``,
``visibility``), so export to Gradescope is a copy. The gradebook, the feedback
pages and the reports are all rendered from these files.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from autograder.environment import EnvironmentStamp

__all__ = [
    "LabResult",
    "NotebookStatus",
    "TaskResult",
    "read_result",
    "write_result",
]

PASSED, FAILED, ERROR = "passed", "failed", "error"
VISIBLE, AFTER_PUBLISHED = "visible", "after_published"


@dataclass(frozen=True)
class TaskResult:
    """One graded test: a notebook test cell or an artefact check."""

    name: str
    score: float
    max_score: float
    status: str  # passed | failed | error
    output: str  # the student-facing message
    visibility: str = VISIBLE
    kind: str = "notebook"  # notebook | check
    source: str = ""  # the notebook file or the check file
    id: str = ""  # grade_id or check function


@dataclass(frozen=True)
class NotebookStatus:
    """Whether a notebook (or the checks run) could be graded, and why not."""

    name: str
    graded: bool
    message: str = ""
    duration_s: float = 0.0


@dataclass(frozen=True)
class LabResult:
    student: str
    lab: str
    status: str  # graded | partial | error
    tests: tuple[TaskResult, ...]
    parts: tuple[NotebookStatus, ...] = ()
    output: str = ""  # a message for the whole submission
    environment: EnvironmentStamp | None = None
    fingerprint: str = ""  # submission + lab + environment; unchanged means no regrading
    graded_at: str = ""
    execution_time: float = 0.0
    integrity: tuple[str, ...] = field(default=())

    @property
    def score(self) -> float:
        return round(sum(test.score for test in self.tests), 4)

    @property
    def max_score(self) -> float:
        return round(sum(test.max_score for test in self.tests), 4)

    def to_json(self) -> dict[str, Any]:
        payload = asdict(self)
        payload["score"] = self.score
        payload["max_score"] = self.max_score
        return payload

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> LabResult:
        environment = payload.get("environment")
        return cls(
            student=payload["student"],
            lab=payload["lab"],
            status=payload["status"],
            tests=tuple(TaskResult(**test) for test in payload["tests"]),
            parts=tuple(NotebookStatus(**part) for part in payload.get("parts", [])),
            output=payload.get("output", ""),
            environment=EnvironmentStamp(**environment) if environment else None,
            fingerprint=payload.get("fingerprint", ""),
            graded_at=payload.get("graded_at", ""),
            execution_time=payload.get("execution_time", 0.0),
            integrity=tuple(payload.get("integrity", [])),
        )

    def visible_to_students(self) -> LabResult:
        """The result a self-check prints: same format, hidden tests left out."""
        return replace(self, tests=tuple(t for t in self.tests if t.visibility == VISIBLE))


def write_result(result: LabResult, path: Path) -> None:
    """Atomically: a killed grader leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".result-", dir=path.parent)
    try:
        with os.fdopen(handle, "w") as stream:
            json.dump(result.to_json(), stream, indent=2)
            stream.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_result(path: Path) -> LabResult | None:
    """The stored result, or None when it is missing or unreadable (then it is regraded)."""
    try:
        return LabResult.from_json(json.loads(path.read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        return None

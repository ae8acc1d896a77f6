"""The one module that talks to nbgrader (and its traitlets configuration).

nbgrader works on a course directory of its own; the kit builds small,
throw-away ones under ``graded/.work`` so that nbgrader never sees the rest of
the course (``solutions/`` with its hidden checks, other students' work):

    <course>/source/<lab>/*.ipynb        the lab's source notebooks only
    <course>/release/<lab>/              generate_assignment's output
    <course>/submitted/<student>/<lab>/  a copy of one submission
    <course>/autograded/<student>/<lab>/ the executed copy
    <course>/gradebook.db                a gradebook for this course directory alone

Everything else in the kit sees plain dataclasses from here.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CellGrade",
    "NbgraderRun",
    "autograde_notebook",
    "generate_assignment",
    "read_cell_grades",
]

_IGNORED = [
    ".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".venv", "venv", ".git",
    "mlruns", "*.egg-info",
]


@dataclass(frozen=True)
class NbgraderRun:
    """What one nbgrader operation did: ``success`` and the captured log/traceback."""

    success: bool
    log: str
    error: str


@dataclass(frozen=True)
class CellGrade:
    grade_id: str
    score: float
    max_score: float


def _config(
    course: Path, *, notebook: str = "*", cell_timeout_s: int = 60,
    kernel_sockets: Path | None = None,
) -> object:
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.source_directory = "source"
    config.CourseDirectory.release_directory = "release"
    config.CourseDirectory.submitted_directory = "submitted"
    config.CourseDirectory.autograded_directory = "autograded"
    config.CourseDirectory.feedback_directory = "feedback"
    config.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
    config.CourseDirectory.notebook_id = notebook
    config.CourseDirectory.ignore = _IGNORED
    config.CourseDirectory.course_id = "course"
    config.Autograde.create_student = True
    # Deleted test cells come back from the source and are scored.
    config.OverwriteCells.add_missing_cells = True
    config.Execute.timeout = cell_timeout_s
    config.Execute.interrupt_on_timeout = True
    config.Execute.startup_timeout = 60
    if kernel_sockets is not None:
        # Kernel sockets as files in a private folder, not TCP ports on the machine.
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(kernel_sockets / "kernel")
        config.KernelManager.connection_file = str(kernel_sockets / "connection.json")
        # The kernel runs in the sandbox like all student code.
        config.Execute.kernel_manager_class = "autograder.sandbox.kernel.SandboxedKernelManager"
    config.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    return config


def _api(course: Path, **options: object) -> object:
    # nbgrader runs the `alembic` command when it creates a gradebook: it must be on PATH.
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = _config(course, **options)  # type: ignore[arg-type]
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    api.log.setLevel(logging.WARNING)
    return api


def _run(result: dict[str, object]) -> NbgraderRun:
    return NbgraderRun(
        success=bool(result.get("success")),
        log=str(result.get("log") or ""),
        error=str(result.get("error") or ""),
    )


def generate_assignment(course: Path, lab: str) -> NbgraderRun:
    """``nbgrader generate_assignment`` for ``<course>/source/<lab>`` into ``release/``."""
    api = _api(course)
    return _run(api.generate_assignment(lab, force=True, create=True))  # type: ignore[attr-defined]


def autograde_notebook(
    course: Path, lab: str, student: str, notebook: str, *, cell_timeout_s: int
) -> NbgraderRun:
    """Autograde one notebook (by stem) of one submission, on its own."""
    # ipc socket paths must stay under ~100 characters: a short private folder in /tmp.
    with tempfile.TemporaryDirectory(prefix="ag-") as sockets, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy session warnings are noise
        api = _api(
            course, notebook=notebook, cell_timeout_s=cell_timeout_s,
            kernel_sockets=Path(sockets),
        )
        return _run(api.autograde(lab, student, force=True, create=True))  # type: ignore[attr-defined]


def read_cell_grades(course: Path, lab: str, student: str, notebook: str) -> list[CellGrade]:
    """The autograded cells' scores of one notebook, from the course's gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    with warnings.catch_warnings(), Gradebook(
        f"sqlite:///{course / 'gradebook.db'}", "course"
    ) as gradebook:
        warnings.simplefilter("ignore")
        try:
            submitted = gradebook.find_submission_notebook(notebook, lab, student)
        except MissingEntry:
            return []
        return [
            CellGrade(
                grade_id=grade.name,
                score=float(grade.score or 0.0),
                max_score=float(grade.max_score or 0.0),
            )
            for grade in submitted.grades
        ]

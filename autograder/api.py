"""The kit's public functions; the CLI and the Makefile are thin shells over these."""

from __future__ import annotations

import os
import time
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from autograder.environment import DoctorReport, diagnose
from autograder.errors import CourseLayoutError
from autograder.feedback import write_feedback
from autograder.gradebook import write_gradebook
from autograder.grading.pipeline import GradingJob, find_jobs, grade_job, grade_submission
from autograder.layout import CourseLayout, lab_folder_name, load_lab
from autograder.release import release_course
from autograder.report import print_class_summary
from autograder.results import ERROR, LabResult, TaskResult, write_result

__all__ = [
    "ClassGrades",
    "SolutionCheck",
    "check_lab",
    "check_solutions",
    "doctor",
    "grade_class",
    "release",
    "submit_lab",
]

_SUBMIT_EXCLUDE = {".ipynb_checkpoints", "__pycache__", ".venv", "venv", ".git", ".pytest_cache"}


def _prepare_process() -> None:
    """Settings every kernel and check inherits: headless plots, no telemetry, fixed hashing."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("PYTHONHASHSEED", "0")


def _layout(root: Path | None) -> CourseLayout:
    return CourseLayout(root.resolve()) if root else CourseLayout.default()


def release(*, root: Path | None = None, labs: list[str] | None = None) -> list[Path]:
    """Regenerate ``labs/`` from ``solutions/``."""
    layout = _layout(root)
    names = [lab_folder_name(layout, lab) for lab in labs] if labs else None
    return release_course(layout, labs=names)


@dataclass(frozen=True)
class ClassGrades:
    results: tuple[LabResult, ...]
    regraded: int
    gradebook: Path
    seconds: float


def grade_class(
    *,
    root: Path | None = None,
    students: list[str] | None = None,
    labs: list[str] | None = None,
    force: bool = False,
    console: Console | None = None,
) -> ClassGrades:
    """Grade every (student, lab) under ``submissions/``; unchanged results are kept."""
    _prepare_process()
    started = time.monotonic()
    layout = _layout(root)
    console = console or Console(stderr=True)
    lab_names = [lab_folder_name(layout, lab) for lab in labs] if labs else layout.lab_names()
    jobs = find_jobs(layout, students=students, labs=lab_names)
    if not jobs:
        raise CourseLayoutError(
            f"nothing to grade: no student folders under {layout.submissions}"
        )
    titles = {name: load_lab(layout.solutions / name).title for name in lab_names}
    results: list[LabResult] = []
    regraded = 0
    columns = (
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        bar = progress.add_task("grading", total=len(jobs))
        for job in jobs:
            progress.update(bar, description=f"grading {job.student}/{job.lab[:5]}")
            result, changed = _grade_safely(layout, job, force=force)
            regraded += changed
            write_feedback(layout, result, title=titles[job.lab])
            results.append(result)
            progress.advance(bar)
    gradebook = write_gradebook(results, layout.graded / "gradebook.csv", labs=lab_names)
    print_class_summary(results, lab_names, console)
    return ClassGrades(tuple(results), regraded, gradebook, round(time.monotonic() - started, 1))


def _grade_safely(layout: CourseLayout, job: GradingJob, *, force: bool) -> tuple[LabResult, bool]:
    """A fault in the kit while grading one job becomes that job's error result."""
    try:
        return grade_job(layout, job, force=force)
    except Exception as error:  # the batch goes on; the instructor sees why
        result = LabResult(
            student=job.student, lab=job.lab, status=ERROR,
            tests=(TaskResult(
                name="grading", score=0.0, max_score=0.0, status=ERROR,
                output=f"could not grade: internal error {type(error).__name__}: {error}",
            ),),
            output=f"internal error while grading: {type(error).__name__}: {error}",
        )
        write_result(result, layout.result_file(job.student, job.lab))
        return result, True


def check_lab(folder: Path, *, root: Path | None = None) -> LabResult:
    """Self-check: grade a working copy with the visible tests and checks only."""
    _prepare_process()
    layout = _layout(root)
    folder = folder.resolve()
    lab = load_lab(layout.solutions / lab_folder_name(layout, folder.name))
    result = grade_submission(layout, lab, "self-check", folder, include_hidden=False)
    return result.visible_to_students()


def submit_lab(folder: Path, *, out_dir: Path | None = None) -> Path:
    """A timestamped zip of the lab folder, ready to upload."""
    folder = folder.resolve()
    if not folder.is_dir():
        raise CourseLayoutError(f"{folder} is not a lab folder")
    out_dir = (out_dir or folder.parent.parent / "submit").resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = out_dir / f"{folder.name}-{stamp}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not _SUBMIT_EXCLUDE.intersection(relative.parts):
                archive.write(path, Path(folder.name) / relative)
    return target


def doctor() -> DoctorReport:
    return diagnose()


@dataclass(frozen=True)
class SolutionCheck:
    lab: str
    reference: LabResult
    blank: LabResult

    @property
    def ok(self) -> bool:
        return (
            self.reference.status == "graded"
            and all(test.status == "passed" for test in self.reference.tests)
            and self.blank.score == 0
        )


def check_solutions(
    *, root: Path | None = None, labs: list[str] | None = None
) -> list[SolutionCheck]:
    """Every reference solution scores full marks; every blank release scores zero."""
    _prepare_process()
    layout = _layout(root)
    names = [lab_folder_name(layout, lab) for lab in labs] if labs else layout.lab_names()
    outcomes = []
    for name in names:
        lab = load_lab(layout.solutions / name)
        released = layout.labs / name
        if not released.is_dir():
            raise CourseLayoutError(f"{released} is missing; run `make release`")
        reference = grade_submission(layout, lab, "reference-solution", lab.folder)
        blank = grade_submission(layout, lab, "blank-release", released)
        outcomes.append(SolutionCheck(name, reference, blank))
    return outcomes



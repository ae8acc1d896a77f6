"""The kit's public functions; the CLI and the Makefile are thin shells over these."""

from __future__ import annotations

import multiprocessing
import os
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

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
from autograder.release import prepare_template, release_course
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
    jobs: int | None = None,
    console: Console | None = None,
) -> ClassGrades:
    """Grade every (student, lab) under ``submissions/``; unchanged results are kept.

    ``jobs`` worker processes (default: one per core) grade in parallel; each job has
    its own nbgrader course directory and gradebook, so workers share nothing.
    """
    _prepare_process()
    started = time.monotonic()
    layout = _layout(root)
    console = console or Console(stderr=True)
    lab_names = [lab_folder_name(layout, lab) for lab in labs] if labs else layout.lab_names()
    work = find_jobs(layout, students=students, labs=lab_names)
    if not work:
        raise CourseLayoutError(
            f"nothing to grade: no student folders under {layout.submissions}"
        )
    titles = {}
    for name in lab_names:
        lab = load_lab(layout.solutions / name)
        titles[name] = lab.title
        prepare_template(layout, lab)  # once, before the workers start
    workers = max(1, min(jobs or os.cpu_count() or 1, len(work)))
    results: dict[GradingJob, LabResult] = {}
    regraded = 0
    columns = (
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
    )
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(_grade_in_worker, layout.root, job, force): job for job in work
        }
        with Progress(*columns, console=console, transient=False) as progress:
            bar = progress.add_task(f"grading on {workers} workers", total=len(work))
            for future in as_completed(futures):
                job = futures[future]
                payload, changed = future.result()
                result = LabResult.from_json(payload)
                regraded += changed
                write_feedback(layout, result, title=titles[job.lab])
                results[job] = result
                progress.update(bar, description=f"graded {job.student}/{job.lab[:5]}")
                progress.advance(bar)
    ordered = [results[job] for job in work]
    gradebook = write_gradebook(ordered, layout.graded / "gradebook.csv", labs=lab_names)
    print_class_summary(ordered, lab_names, console)
    return ClassGrades(tuple(ordered), regraded, gradebook, round(time.monotonic() - started, 1))


def _grade_in_worker(root: Path, job: GradingJob, force: bool) -> tuple[dict[str, Any], bool]:
    """Runs in a worker process; the result crosses back as JSON data."""
    _prepare_process()
    result, changed = _grade_safely(CourseLayout(root), job, force=force)
    return result.to_json(), changed


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
    *, root: Path | None = None, labs: list[str] | None = None, jobs: int | None = None
) -> list[SolutionCheck]:
    """Every reference solution scores full marks; every blank release scores zero."""
    _prepare_process()
    layout = _layout(root)
    names = [lab_folder_name(layout, lab) for lab in labs] if labs else layout.lab_names()
    work: list[tuple[str, str, Path]] = []
    for name in names:
        lab = load_lab(layout.solutions / name)
        released = layout.labs / name
        if not released.is_dir():
            raise CourseLayoutError(f"{released} is missing; run `make release`")
        prepare_template(layout, lab)
        work += [(name, "reference-solution", lab.folder), (name, "blank-release", released)]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(work)))
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        payloads = list(pool.map(_grade_folder_in_worker, [layout.root] * len(work), work))
    graded = [LabResult.from_json(payload) for payload in payloads]
    return [
        SolutionCheck(name, reference=graded[2 * index], blank=graded[2 * index + 1])
        for index, name in enumerate(names)
    ]


def _grade_folder_in_worker(root: Path, item: tuple[str, str, Path]) -> dict[str, Any]:
    _prepare_process()
    layout = CourseLayout(root)
    name, student, folder = item
    return grade_submission(layout, load_lab(layout.solutions / name), student, folder).to_json()

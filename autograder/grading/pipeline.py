"""Grading one submission, step by step, and a whole class.

One (student, lab) job:
1. fingerprint the submission; an unchanged, readable result is kept (reruns resume)
2. build a private nbgrader course directory from the lab's template
3. grade each notebook on its own (:mod:`autograder.grading.notebooks`)
4. run the artefact checks on the executed folder (:mod:`autograder.grading.checks`)
5. assemble one :class:`LabResult`; write it atomically with the executed notebooks

Nothing a submission contains can stop the batch: every failure becomes a result.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from autograder.environment import current_stamp
from autograder.grading.checks import run_checks
from autograder.grading.integrity import notebook_findings
from autograder.grading.notebooks import GradedCell, grade_notebook, graded_cells
from autograder.layout import CourseLayout, LabInfo, load_lab
from autograder.release import lab_fingerprint, prepare_template
from autograder.results import (
    ERROR,
    LabResult,
    NotebookStatus,
    TaskResult,
    read_result,
    write_result,
)

__all__ = ["GradingJob", "find_jobs", "grade_job", "grade_submission"]

_JUNK = shutil.ignore_patterns(
    ".ipynb_checkpoints", "__pycache__", ".venv", "venv", ".git", "*.pyc", ".pytest_cache"
)


@dataclass(frozen=True)
class GradingJob:
    student: str
    lab: str
    submission: Path


def find_jobs(
    layout: CourseLayout, *, students: list[str] | None = None, labs: list[str] | None = None
) -> list[GradingJob]:
    """Every (student, lab) to grade: each student folder crossed with each lab."""
    lab_names = labs or layout.lab_names()
    if not layout.submissions.is_dir():
        return []
    student_names = students or sorted(
        path.name for path in layout.submissions.iterdir()
        if path.is_dir() and not path.name.startswith(".")
    )
    return [
        GradingJob(student, lab, layout.submissions / student / lab)
        for student in student_names
        for lab in lab_names
    ]


def submission_fingerprint(folder: Path, lab: LabInfo, *, include_hidden: bool) -> str:
    digest = hashlib.sha256()
    digest.update(f"{lab_fingerprint(lab)}|{include_hidden}|{current_stamp()}".encode())
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if any(part in {".ipynb_checkpoints", "__pycache__"} for part in relative.parts):
                continue
            digest.update(str(relative).encode("utf-8", "surrogateescape"))
            if path.is_file() and not path.is_symlink():
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def grade_job(
    layout: CourseLayout, job: GradingJob, *, include_hidden: bool = True, force: bool = False
) -> tuple[LabResult, bool]:
    """Grade one job into ``graded/``; returns the result and whether it was (re)graded."""
    lab = load_lab(layout.solutions / job.lab)
    result_path = layout.result_file(job.student, job.lab)
    fingerprint = submission_fingerprint(job.submission, lab, include_hidden=include_hidden)
    previous = None if force else read_result(result_path)
    if previous is not None and previous.fingerprint == fingerprint:
        return previous, False
    result = grade_submission(
        layout, lab, job.student, job.submission, include_hidden=include_hidden,
        keep_executed=layout.graded / job.student / job.lab,
    )
    result = replace(result, fingerprint=fingerprint)
    write_result(result, result_path)
    return result, True


def grade_submission(
    layout: CourseLayout,
    lab: LabInfo,
    student: str,
    submission: Path,
    *,
    include_hidden: bool = True,
    keep_executed: Path | None = None,
) -> LabResult:
    """Grade one student's lab folder; never raises for anything the submission contains."""
    started = time.monotonic()
    template = prepare_template(layout, lab)
    source_notebooks = sorted((template / "source" / lab.name).glob("*.ipynb"))
    cells = {notebook.name: graded_cells(notebook) for notebook in source_notebooks}
    stamp = current_stamp()
    graded_at = datetime.now(UTC).isoformat(timespec="seconds")

    if not submission.is_dir():
        missing = [_not_submitted(cell) for notebook in cells.values() for cell in notebook]
        return LabResult(
            student=student, lab=lab.name, status=ERROR, tests=tuple(missing),
            output=f"no submission: the folder {lab.name} was not found for {student}",
            environment=stamp, graded_at=graded_at,
        )

    tasks: list[TaskResult] = []
    parts: list[NotebookStatus] = []
    integrity = [
        finding
        for notebook in cells
        for finding in notebook_findings(
            template / "release" / lab.name / notebook, submission / notebook
        )
    ]
    with _job_course(layout, template, lab.name, student, submission) as course:
        for name in lab.generated:  # only what grading makes now may count
            stale = course / "submitted" / student / lab.name / name
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale)
            else:
                stale.unlink(missing_ok=True)
        for notebook, notebook_cells in cells.items():
            part, notebook_tasks = grade_notebook(
                course, lab.name, student, notebook_cells, notebook,
                cell_timeout_s=lab.cell_timeout_s,
            )
            parts.append(part)
            tasks.extend(notebook_tasks)
        executed = course / "autograded" / student / lab.name
        submitted = course / "submitted" / student / lab.name
        if not executed.is_dir():  # no notebook could run: check the files as submitted
            shutil.copytree(submitted, executed, symlinks=True)
        _restore_submitted(lab, submitted, executed)
        part_checks, check_tasks = run_checks(lab, executed, include_hidden=include_hidden)
        if part_checks is not None:
            parts.append(part_checks)
        tasks.extend(check_tasks)
        if keep_executed is not None:
            _keep_notebooks(executed, keep_executed)

    problems = [part for part in parts if not part.graded]
    status = "graded" if not problems else ("partial" if len(problems) < len(parts) else ERROR)
    output = "; ".join(f"{part.name}: could not grade: {part.message}" for part in problems)
    return LabResult(
        student=student, lab=lab.name, status=status, tests=tuple(tasks), parts=tuple(parts),
        output=output, environment=stamp, graded_at=graded_at,
        execution_time=round(time.monotonic() - started, 2), integrity=tuple(integrity),
    )


def _restore_submitted(lab: LabInfo, submitted: Path, executed: Path) -> None:
    """Submitted files the checks must see as submitted, not as grading re-made them."""
    for name in lab.keep_submitted:
        original, remade = submitted / name, executed / name
        if original.is_file() and not original.is_symlink():
            remade.unlink(missing_ok=True)
            shutil.copy2(original, remade)


def _not_submitted(cell: GradedCell) -> TaskResult:
    return TaskResult(
        name=cell.name, score=0.0, max_score=cell.points, status=ERROR,
        output="could not grade: the lab was not submitted", source=cell.notebook,
        id=cell.grade_id,
    )


class _job_course:
    """A private nbgrader course directory for one job, removed afterwards."""

    def __init__(
        self, layout: CourseLayout, template: Path, lab: str, student: str, submission: Path
    ) -> None:
        self.layout, self.template, self.lab = layout, template, lab
        self.student, self.submission = student, submission
        self.path = Path()

    def __enter__(self) -> Path:
        jobs = self.layout.workspace / "jobs"
        jobs.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f"{self.student}-{self.lab}-", dir=jobs))
        shutil.copytree(self.template / "source", self.path / "source")
        shutil.copy2(self.template / "gradebook.db", self.path / "gradebook.db")
        target = self.path / "submitted" / self.student / self.lab
        shutil.copytree(self.submission, target, symlinks=True, ignore=_JUNK)
        return self.path

    def __exit__(self, *exc_info: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _keep_notebooks(executed: Path, target: Path) -> None:
    """Keep the executed notebooks for the instructor (graded/ is never released)."""
    target.mkdir(parents=True, exist_ok=True)
    for notebook in executed.glob("*.ipynb"):
        shutil.copy2(notebook, target / notebook.name)



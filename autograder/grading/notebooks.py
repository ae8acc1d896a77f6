"""Grade each notebook of a submission on its own, through nbgrader.

A notebook that is not valid JSON, is missing, or kills its kernel becomes
"could not grade: <why>" for its own tasks only; the other notebooks of the lab
are graded as usual. Messages shown to students come from the executed test
cell's error name and value, never from hidden test source.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder import nbgrader_bridge
from autograder.results import ERROR, FAILED, PASSED, NotebookStatus, TaskResult

__all__ = ["GradedCell", "grade_notebook", "graded_cells"]

_HIDDEN_BEGIN, _HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


@dataclass(frozen=True)
class GradedCell:
    """An autograded test cell of a source notebook."""

    notebook: str  # file name
    grade_id: str
    name: str
    points: float
    hidden_lines: tuple[str, ...]


def graded_cells(notebook: Path) -> list[GradedCell]:
    """The autograded test cells of a source notebook, in order."""
    cells = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade") or meta.get("solution"):
            continue
        lines = cell.source.splitlines()
        first = lines[0].strip() if lines else ""
        name = first.lstrip("#").strip() if first.startswith("#") else meta["grade_id"]
        cells.append(
            GradedCell(
                notebook=notebook.name,
                grade_id=meta["grade_id"],
                name=name,
                points=float(meta.get("points", 0)),
                hidden_lines=_hidden_lines(lines),
            )
        )
    return cells


def _hidden_lines(lines: list[str]) -> tuple[str, ...]:
    hidden, inside = [], False
    for line in lines:
        if line.strip() == _HIDDEN_BEGIN:
            inside = True
        elif line.strip() == _HIDDEN_END:
            inside = False
        elif inside and len(line.strip()) >= 6:
            hidden.append(line.strip())
    return tuple(hidden)


def _unreadable(path: Path) -> str:
    """Why ``path`` cannot be graded as a notebook, or '' when it can."""
    if not path.is_file():
        return f"{path.name} is missing from the submission"
    try:
        notebook = nbformat.read(path, as_version=4)
    except UnicodeDecodeError:
        return f"{path.name} is not a text file; submit the notebook saved by JupyterLab"
    except Exception as error:  # nbformat raises several kinds for bad JSON
        detail = str(error).splitlines()[0][:200]
        return (
            f"{path.name} is not a valid notebook ({detail}); open it in JupyterLab, "
            "or restore it from File > Revert Notebook to Checkpoint, and submit again"
        )
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        return f"{path.name} does not follow the notebook format: {error.message[:200]}"
    return ""


def _explain_failure(run: nbgrader_bridge.NbgraderRun, *, cell_timeout_s: int) -> str:
    text = run.error + "\n" + run.log
    if "DeadKernelError" in text or "Kernel died" in text or "kernel died" in text:
        return (
            "the kernel died while running this notebook (a cell ended the Python process, "
            "e.g. os._exit() or exit(), or it ran out of memory); remove that call and "
            "run the notebook from the top"
        )
    if "UnresponsiveKernelError" in text or "CellTimeoutError" in text:
        return (
            f"a cell ran longer than {cell_timeout_s} s and the kernel could not be "
            "interrupted; look for an endless loop"
        )
    lines = [line for line in run.error.strip().splitlines() if line.strip()]
    return "nbgrader could not grade it: " + (lines[-1] if lines else "no details")


def _message(cell: dict[str, object], graded: GradedCell, *, cell_timeout_s: int) -> str:
    """The student-facing message of a failing test cell (no hidden source)."""
    for output in cell.get("outputs", []):  # type: ignore[attr-defined]
        if output.get("output_type") != "error":
            continue
        name, value = str(output.get("ename", "")), str(output.get("evalue", "")).strip()
        if name == "CellTimeoutError":
            return f"this cell ran longer than {cell_timeout_s} s and was stopped"
        if name == "NotImplementedError":
            return (
                "not done yet: your code still raises NotImplementedError; replace the "
                "`raise NotImplementedError()` stub with your solution"
            )
        if name == "NameError":
            return (
                f"NameError: {value}; run the cells above this one (or the whole notebook "
                "from the top) so everything this test uses is defined"
            )
        if any(hidden in value for hidden in graded.hidden_lines):
            value = "(details withheld: a hidden test failed)"
        return f"{name}: {value}" if value else f"{name} (the test gave no message)"
    return "the test did not pass"


def grade_notebook(
    course: Path, lab: str, student: str, graded: list[GradedCell], notebook: str,
    *, cell_timeout_s: int,
) -> tuple[NotebookStatus, list[TaskResult]]:
    """Autograde one notebook of a prepared nbgrader course directory."""
    started = time.monotonic()
    stem = Path(notebook).stem
    submitted = course / "submitted" / student / lab / notebook
    problem = _unreadable(submitted)
    if not problem:
        run = nbgrader_bridge.autograde_notebook(
            course, lab, student, stem, cell_timeout_s=cell_timeout_s
        )
        executed = course / "autograded" / student / lab / notebook
        if not run.success or not executed.is_file():
            problem = _explain_failure(run, cell_timeout_s=cell_timeout_s)
    duration = round(time.monotonic() - started, 2)
    if problem:
        return (
            NotebookStatus(notebook, graded=False, message=problem, duration_s=duration),
            [_task(cell, 0.0, ERROR, f"could not grade: {problem}") for cell in graded],
        )
    scores = {
        grade.grade_id: grade
        for grade in nbgrader_bridge.read_cell_grades(course, lab, student, stem)
    }
    cells = {
        cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"): cell
        for cell in nbformat.read(executed, as_version=4).cells
    }
    tasks = []
    for cell in graded:
        grade = scores.get(cell.grade_id)
        score = grade.score if grade else 0.0
        if grade and score >= cell.points:
            tasks.append(_task(cell, score, PASSED, ""))
        else:
            executed_cell = cells.get(cell.grade_id, {})
            message = _message(executed_cell, cell, cell_timeout_s=cell_timeout_s)
            tasks.append(_task(cell, score, FAILED, message))
    return NotebookStatus(notebook, graded=True, duration_s=duration), tasks


def _task(cell: GradedCell, score: float, status: str, output: str) -> TaskResult:
    return TaskResult(
        name=cell.name,
        score=score,
        max_score=cell.points,
        status=status,
        output=output,
        kind="notebook",
        source=cell.notebook,
        id=cell.grade_id,
    )

"""Grading one submission end to end on the toy course, scenario by scenario."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from autograder.feedback import render_feedback
from autograder.grading.pipeline import GradingJob, grade_job, grade_submission
from autograder.layout import CourseLayout, load_lab
from autograder.results import LabResult
from tests.conftest import HIDDEN_CHECK, HIDDEN_LINE, TOY_LAB

pytestmark = pytest.mark.slow

FULL_MARKS = 2 + 1 + 1 + 2 + 1 + 1  # three notebook tasks, three checks


def set_cell(folder: Path, notebook: str, grade_id: str, source: str) -> None:
    path = folder / notebook
    content = nbformat.read(path, as_version=4)
    for cell in content.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = source
    nbformat.write(content, path)


def solve(folder: Path) -> None:
    set_cell(folder, "1-toy.ipynb", "add", "def add(a, b):\n    return a + b")
    set_cell(folder, "1-toy.ipynb", "write", "open('out.txt', 'w').write('hi')")
    set_cell(folder, "2-more.ipynb", "square", "def square(x):\n    return x ** 2")
    (folder / "helper.py").write_text("def double(x):\n    return x + x\n")


def grade(layout: CourseLayout, folder: Path, student: str = "s") -> LabResult:
    return grade_submission(layout, load_lab(layout.solutions / TOY_LAB), student, folder)


def by_name(result: LabResult) -> dict[str, tuple[str, float, str]]:
    return {test.name: (test.status, test.score, test.output) for test in result.tests}


def test_complete_submission_scores_full_marks(
    toy_course: CourseLayout, make_submission: Callable[..., Path]
) -> None:
    result = grade(toy_course, make_submission("ada", solve))
    assert result.status == "graded" and result.integrity == ()
    assert (result.score, result.max_score) == (FULL_MARKS, FULL_MARKS)
    assert result.environment is not None and len(result.environment.lock_sha256) == 64
    hidden = [test for test in result.tests if test.visibility != "visible"]
    assert [test.name for test in hidden] == ["double() on an unseen input"]


def test_blank_release_scores_zero_and_says_not_done(
    toy_course: CourseLayout, make_submission: Callable[..., Path]
) -> None:
    result = grade(toy_course, make_submission("dev"))
    assert result.score == 0 and result.max_score == FULL_MARKS
    status, _score, output = by_name(result)["Task 1: add two numbers"]
    assert status == "failed" and "NotImplementedError" in output


def test_invalid_json_notebook_does_not_zero_the_other_notebook(
    toy_course: CourseLayout, make_submission: Callable[..., Path]
) -> None:
    def break_second(folder: Path) -> None:
        solve(folder)
        text = (folder / "2-more.ipynb").read_text()
        (folder / "2-more.ipynb").write_text(text[: len(text) // 2])

    result = grade(toy_course, make_submission("eve", break_second))
    tests = by_name(result)
    assert result.status == "partial"
    assert tests["Task 1: add two numbers"][:2] == ("passed", 2)
    status, score, output = tests["Task 3: square"]
    assert (status, score) == ("error", 0)
    assert output.startswith("could not grade: 2-more.ipynb is not a valid notebook")
    assert result.max_score == FULL_MARKS


def test_dead_kernel_is_reported_and_other_notebook_graded(
    toy_course: CourseLayout, make_submission: Callable[..., Path]
) -> None:
    def crash(folder: Path) -> None:
        solve(folder)
        set_cell(folder, "1-toy.ipynb", "write", "import os\nos._exit(1)")

    result = grade(toy_course, make_submission("finn", crash))
    tests = by_name(result)
    assert tests["Task 1: add two numbers"][0] == "error"
    assert "kernel died" in tests["Task 1: add two numbers"][2]
    assert tests["Task 3: square"][:2] == ("passed", 1)
    assert tests["double() doubles"][:2] == ("passed", 2)


def test_deleted_test_cell_is_restored_and_scored(
    toy_course: CourseLayout, make_submission: Callable[..., Path]
) -> None:
    def delete_test(folder: Path) -> None:
        solve(folder)
        path = folder / "1-toy.ipynb"
        content = nbformat.read(path, as_version=4)
        content.cells = [
            cell for cell in content.cells
            if cell.metadata.get("nbgrader", {}).get("grade_id") != "test_add"
        ]
        nbformat.write(content, path)

    result = grade(toy_course, make_submission("ben", delete_test))
    assert by_name(result)["Task 1: add two numbers"][:2] == ("passed", 2)
    assert result.integrity == ("1-toy.ipynb: read-only cell 'test_add' was deleted (restored)",)


def test_edited_test_cell_is_restored_from_the_source(
    toy_course: CourseLayout, make_submission: Callable[..., Path]
) -> None:
    def cheat(folder: Path) -> None:
        solve(folder)
        set_cell(folder, "1-toy.ipynb", "add", "def add(a, b):\n    return 0")
        set_cell(folder, "1-toy.ipynb", "test_add", "# Task 1: add two numbers\nassert True")

    result = grade(toy_course, make_submission("mallory", cheat))
    assert by_name(result)["Task 1: add two numbers"][:2] == ("failed", 0)
    assert result.integrity == ("1-toy.ipynb: read-only cell 'test_add' was edited (restored)",)


def test_changed_points_are_ignored_and_recorded(
    toy_course: CourseLayout, make_submission: Callable[..., Path]
) -> None:
    def inflate(folder: Path) -> None:
        solve(folder)
        path = folder / "2-more.ipynb"
        content = nbformat.read(path, as_version=4)
        for cell in content.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "test_square":
                cell.metadata["nbgrader"]["points"] = 50
        nbformat.write(content, path)

    result = grade(toy_course, make_submission("inflated", inflate))
    assert result.max_score == FULL_MARKS and result.score == FULL_MARKS
    assert result.integrity == (
        "2-more.ipynb: cell 'test_square' had points changed from 1 to 50 (ignored)",
    )


def test_hidden_failure_explains_without_leaking_hidden_code(
    toy_course: CourseLayout, make_submission: Callable[..., Path]
) -> None:
    def overfit(folder: Path) -> None:
        solve(folder)
        set_cell(folder, "1-toy.ipynb", "add", "def add(a, b):\n    return 3 if a == 1 else 0")
        (folder / "helper.py").write_text("def double(x):\n    return 8\n")

    result = grade(toy_course, make_submission("chloe", overfit))
    tests = by_name(result)
    assert tests["Task 1: add two numbers"] == (
        "failed", 0, "AssertionError: add is wrong on a hidden input"
    )
    assert tests["double() on an unseen input"][2] == (
        "double() is wrong on an input you have not seen"
    )
    page = render_feedback(result)
    assert HIDDEN_LINE not in page and "add(40, 2)" not in page
    for line in HIDDEN_CHECK.strip().splitlines():
        if len(line.strip()) > 12 and not line.strip().startswith(('"', "def", '"""')):
            assert line.strip() not in page


def test_missing_lab_folder_is_an_error_result_with_full_max_score(
    toy_course: CourseLayout,
) -> None:
    result = grade(toy_course, toy_course.submissions / "nobody" / TOY_LAB, "nobody")
    assert result.status == "error" and result.score == 0
    assert "not found" in result.output
    assert result.max_score == 2 + 1 + 1  # the notebook tasks are all listed


def test_endless_loop_times_out_and_grading_goes_on(
    toy_course: CourseLayout, make_submission: Callable[..., Path]
) -> None:
    def hang(folder: Path) -> None:
        solve(folder)
        set_cell(folder, "1-toy.ipynb", "write", "while True:\n    pass")

    result = grade(toy_course, make_submission("loop", hang))
    tests = by_name(result)
    assert tests["Task 1: add two numbers"][:2] == ("passed", 2)
    assert tests["Task 3: square"][:2] == ("passed", 1)
    assert tests["Task 2: write out.txt"][0] == "failed"


def test_rerun_is_idempotent_and_regrades_only_what_changed(
    toy_course: CourseLayout, make_submission: Callable[..., Path]
) -> None:
    folder = make_submission("ada", solve)
    job = GradingJob("ada", TOY_LAB, folder)
    first, graded_first = grade_job(toy_course, job)
    second, graded_second = grade_job(toy_course, job)
    assert graded_first and not graded_second
    assert second == first

    toy_course.result_file("ada", TOY_LAB).write_text("{ truncated")
    third, graded_third = grade_job(toy_course, job)
    assert graded_third and third.score == first.score

    (folder / "helper.py").write_text("def double(x):\n    return 0\n")
    fourth, graded_fourth = grade_job(toy_course, job)
    assert graded_fourth and fourth.score < first.score


def test_notebook_code_cannot_see_the_solutions_or_the_gradebook(
    toy_course: CourseLayout, make_submission: Callable[..., Path], bubblewrap: None
) -> None:
    """Under the sandbox a kernel sees its own folder only (and runs as another uid)."""
    hidden_check = toy_course.solutions / TOY_LAB / "checks" / "hidden" / "test_hidden.py"
    assert hidden_check.is_file()

    def snoop(folder: Path) -> None:
        solve(folder)
        set_cell(folder, "1-toy.ipynb", "write", (
            "import os, pathlib\n"
            "job = pathlib.Path.cwd().parents[2]  # nbgrader's course folder for this job\n"
            f"secrets = [{str(hidden_check)!r}, job / 'gradebook.db', "
            f"job / 'source' / {TOY_LAB!r} / '1-toy.ipynb']\n"
            "seen = [str(p) for p in secrets if os.path.exists(p)]\n"
            "open('out.txt', 'w').write('leak' if seen or os.getuid() == 0 else 'hi')"
        ))

    result = grade(toy_course, make_submission("snoop", snoop))
    assert by_name(result)["Task 2: write out.txt"][:2] == ("passed", 1)

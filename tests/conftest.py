"""Shared fixtures: a small course built inline, so each test shows what it is about."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from autograder.layout import CourseLayout

KIT_ROOT = Path(__file__).resolve().parent.parent
TOY_LAB = "lab99-toy"


def _meta(grade_id: str, *, solution: bool, grade: bool, points: int = 0) -> dict[str, object]:
    meta: dict[str, object] = {
        "grade": grade, "grade_id": grade_id, "locked": not solution,
        "schema_version": 3, "solution": solution, "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def solution_cell(grade_id: str, source: str) -> nbformat.NotebookNode:
    return v4.new_code_cell(source, metadata=_meta(grade_id, solution=True, grade=False))


def test_cell(grade_id: str, points: int, source: str) -> nbformat.NotebookNode:
    return v4.new_code_cell(source, metadata=_meta(grade_id, solution=False, grade=True,
                                                   points=points))


test_cell.__test__ = False  # type: ignore[attr-defined]  # a builder, not a test

HIDDEN_LINE = "assert add(40, 2) == 42, 'add is wrong on a hidden input'"


def toy_notebook(first_task: str = "def add(a, b):\n    ### BEGIN SOLUTION\n    return a + b\n"
                 "    ### END SOLUTION") -> nbformat.NotebookNode:
    notebook = v4.new_notebook(cells=[
        v4.new_markdown_cell("# A toy lab", metadata=_meta("intro", solution=False, grade=False)),
        solution_cell("add", first_task),
        test_cell("test_add", 2, "# Task 1: add two numbers\n"
                  "assert add(1, 2) == 3, 'add(1, 2) should be 3'\n"
                  f"### BEGIN HIDDEN TESTS\n{HIDDEN_LINE}\n### END HIDDEN TESTS"),
        solution_cell("write", "### BEGIN SOLUTION\n"
                      "with open('out.txt', 'w') as f:\n    f.write('hi')\n### END SOLUTION"),
        test_cell("test_write", 1, "# Task 2: write out.txt\n"
                  "assert open('out.txt').read() == 'hi', 'out.txt should contain hi'"),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return notebook


def second_notebook() -> nbformat.NotebookNode:
    notebook = v4.new_notebook(cells=[
        solution_cell("square", "def square(x):\n    ### BEGIN SOLUTION\n    return x * x\n"
                      "    ### END SOLUTION"),
        test_cell("test_square", 1, "# Task 3: square\nassert square(3) == 9, 'square(3) is 9'"),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return notebook


VISIBLE_CHECK = '''
import pytest

@pytest.mark.points(2)
def test_double(student):
    """double() doubles"""
    assert student.call("helper:double", 4) == 8, "double(4) should be 8"


def test_out_file(submission):
    """The notebook writes out.txt"""
    assert (submission / "out.txt").is_file(), "run the notebook so it writes out.txt"
'''

HIDDEN_CHECK = '''
def test_double_hidden(student):
    """double() on an unseen input"""
    secret_value_in_hidden_check = 21
    assert student.call("helper:double", secret_value_in_hidden_check) == 42, (
        "double() is wrong on an input you have not seen"
    )
'''


def build_toy_course(root: Path) -> CourseLayout:
    """A course with one lab of two notebooks, a starter module and checks."""
    lab = root / "solutions" / TOY_LAB
    (lab / "checks" / "visible").mkdir(parents=True)
    (lab / "checks" / "hidden").mkdir(parents=True)
    nbformat.write(toy_notebook(), lab / "1-toy.ipynb")
    nbformat.write(second_notebook(), lab / "2-more.ipynb")
    (lab / "helper.py").write_text(
        "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"
    )
    (lab / "lab.toml").write_text(
        'title = "A toy lab"\ncell_timeout_s = 10\ncheck_timeout_s = 60\n'
        'solution_only = ["answer.txt"]\n'
    )
    (lab / "answer.txt").write_text("only in the solution\n")
    (lab / "checks" / "visible" / "test_visible.py").write_text(VISIBLE_CHECK)
    (lab / "checks" / "hidden" / "test_hidden.py").write_text(HIDDEN_CHECK)
    return CourseLayout(root)


@pytest.fixture(scope="session")
def toy_course_template(tmp_path_factory: pytest.TempPathFactory) -> CourseLayout:
    """Built and released once per session (nbgrader's first gradebook costs seconds)."""
    from autograder.release import release_course

    layout = build_toy_course(tmp_path_factory.mktemp("toy-template"))
    release_course(layout)
    return layout


@pytest.fixture
def toy_course(toy_course_template: CourseLayout, tmp_path: Path) -> CourseLayout:
    """A fresh copy of the released toy course (templates cached in graded/.work)."""
    root = tmp_path / "course"
    shutil.copytree(toy_course_template.root, root, symlinks=True)
    return CourseLayout(root)


@pytest.fixture
def make_submission(toy_course: CourseLayout) -> Callable[..., Path]:
    """Copy the release for a student; ``edit`` changes it the way the scenario needs."""

    def make(student: str, edit: Callable[[Path], None] | None = None) -> Path:
        folder = toy_course.submissions / student / TOY_LAB
        shutil.copytree(toy_course.labs / TOY_LAB, folder)
        if edit is not None:
            edit(folder)
        return folder

    return make


@pytest.fixture
def bubblewrap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run this test's student code under bubblewrap (installed by `make sandbox-tools`)."""
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed: run `make sandbox-tools` (as root)")
    monkeypatch.setenv("AUTOGRADER_SANDBOX", "bubblewrap")

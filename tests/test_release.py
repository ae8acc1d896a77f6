"""The release: solution regions stubbed, hidden material never shipped, labs/ in sync."""

from __future__ import annotations

import filecmp
from pathlib import Path

import nbformat
import pytest

from autograder.errors import ReleaseError
from autograder.layout import CourseLayout, load_lab
from autograder.release import release_lab, stub_solutions
from tests.conftest import HIDDEN_LINE, KIT_ROOT, TOY_LAB


def test_stub_keeps_signature_docstring_and_indentation() -> None:
    source = (
        "def f(x):\n"
        '    """Double x."""\n'
        "    ### BEGIN SOLUTION\n"
        "    y = 2 * x\n"
        "    return y\n"
        "    ### END SOLUTION\n"
        "\n"
        "LIMIT = 3\n"
    )
    assert stub_solutions(source) == (
        'def f(x):\n    """Double x."""\n    # YOUR CODE HERE\n'
        "    raise NotImplementedError()\n\nLIMIT = 3\n"
    )


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("### BEGIN SOLUTION\nx = 1\n", "never closed"),
        ("x = 1\n### END SOLUTION\n", "without BEGIN"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n", "inside another region"),
    ],
)
def test_unbalanced_solution_markers_are_an_error_naming_the_line(
    source: str, problem: str
) -> None:
    with pytest.raises(ReleaseError, match=problem):
        stub_solutions(source, filename="mod.py")


def test_toy_release_ships_no_hidden_material(toy_course_template: CourseLayout) -> None:
    released = toy_course_template.labs / TOY_LAB
    files = sorted(str(path.relative_to(released)) for path in released.rglob("*"))
    assert files == [
        "1-toy.ipynb", "2-more.ipynb", "checks", "checks/test_visible.py", "helper.py", "lab.toml",
    ]
    notebook = (released / "1-toy.ipynb").read_text()
    assert HIDDEN_LINE not in notebook and "BEGIN HIDDEN TESTS" not in notebook
    assert "return a + b" not in notebook and "raise NotImplementedError()" in notebook
    assert "return 2 * x" not in (released / "helper.py").read_text()


def _released_files(folder: Path) -> list[str]:
    return sorted(
        str(path.relative_to(folder)) for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


@pytest.mark.slow
def test_committed_labs_are_in_sync_with_solutions(tmp_path: Path) -> None:
    """`make release` was run after the last change to solutions/."""
    layout = CourseLayout(KIT_ROOT)
    for name in layout.lab_names():
        fresh = release_lab(layout, load_lab(layout.solutions / name), tmp_path / name)
        committed = layout.labs / name
        assert _released_files(fresh) == _released_files(committed), (
            f"labs/{name} lists other files than a fresh release: run `make release`"
        )
        for relative in _released_files(fresh):
            assert filecmp.cmp(fresh / relative, committed / relative, shallow=False), (
                f"labs/{name}/{relative} differs from a fresh release: run `make release`"
            )


@pytest.mark.slow
def test_released_notebooks_contain_no_solution_or_hidden_test() -> None:
    layout = CourseLayout(KIT_ROOT)
    for name in layout.lab_names():
        for notebook in (layout.labs / name).glob("*.ipynb"):
            for cell in nbformat.read(notebook, as_version=4).cells:
                where = f"{name}/{notebook.name}"
                assert "### BEGIN SOLUTION" not in cell.source, f"{where} leaks a solution"
                assert "BEGIN HIDDEN TESTS" not in cell.source, f"{where} leaks hidden tests"
        assert not (layout.labs / name / "checks" / "hidden").exists()

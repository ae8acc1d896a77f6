"""`make check`: the same engine as official grading, visible tests only, folder untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from autograder import api
from autograder.layout import CourseLayout

pytestmark = pytest.mark.slow


def test_self_check_gives_the_official_verdict_on_visible_tests(
    toy_course: CourseLayout, make_submission: Callable[..., Path]
) -> None:
    def half_done(folder: Path) -> None:
        (folder / "helper.py").write_text("def double(x):\n    return x + x\n")

    folder = make_submission("student", half_done)
    before = sorted(path.name for path in folder.rglob("*"))

    own = api.check_lab(folder, root=toy_course.root)
    official = api.grade_class(root=toy_course.root, jobs=1).results[0]

    assert all(test.visibility == "visible" for test in own.tests)
    assert "double() on an unseen input" not in {test.name for test in own.tests}
    visible_official = {
        test.name: (test.status, test.output) for test in official.tests
        if test.visibility == "visible"
    }
    assert {test.name: (test.status, test.output) for test in own.tests} == visible_official
    assert sorted(path.name for path in folder.rglob("*")) == before  # nothing written
    assert not (folder / "out.txt").exists()


def test_self_check_of_a_folder_that_is_no_lab_says_so(toy_course: CourseLayout) -> None:
    from autograder.errors import CourseLayoutError

    with pytest.raises(CourseLayoutError, match="no lab matches"):
        api.check_lab(toy_course.root / "labs" / "lab42-unknown", root=toy_course.root)



"""The shipped course: reference solutions, blank releases and the demo class grade as expected."""

from __future__ import annotations

import csv
import html
from pathlib import Path

import pytest

from autograder import api
from autograder.layout import CourseLayout
from tests.conftest import KIT_ROOT

pytestmark = pytest.mark.slow

# Expected (score, status) for every demo student and lab; each row says why.
DEMO_CLASS: dict[tuple[str, str], tuple[float, str]] = {
    # ada: complete and correct
    ("ada", "lab00-setup-and-tooling"): (15, "graded"),
    # ben: churn rates summed and unsorted, lint errors left, .gitignore misses model files
    ("ben", "lab00-setup-and-tooling"): (10, "graded"),
    # chloe: first half only, no doctor.json
    ("chloe", "lab00-setup-and-tooling"): (8, "graded"),
    # dev: the blank release, submitted untouched
    ("dev", "lab00-setup-and-tooling"): (0, "graded"),
    # eve: complete and correct (her broken notebook is in lab 01)
    ("eve", "lab00-setup-and-tooling"): (15, "graded"),
    # finn: doctor.json from another lock (packages installed by hand)
    ("finn", "lab00-setup-and-tooling"): (14, "graded"),
    # ada: correct, written her own way (row-hash fingerprint, 120 trees)
    ("ada", "lab01-reproducible-training"): (29, "graded"),
    # ben: shuffled split (leakage), unseeded forest (not reproducible), nulls accepted
    ("ben", "lab01-reproducible-training"): (17.5, "graded"),
    # chloe: training done, validation untouched
    ("chloe", "lab01-reproducible-training"): (17, "graded"),
    ("dev", "lab01-reproducible-training"): (0, "graded"),
    # eve: 02-validation.ipynb truncated (invalid JSON): its tasks "could not grade"
    ("eve", "lab01-reproducible-training"): (22, "partial"),
    # finn: os._exit(1) in 01-training.ipynb: the kernel dies, 02 and the checks go on
    ("finn", "lab01-reproducible-training"): (15, "partial"),
    # lab 04: ada complete; ben validates nothing (500s on bad input, no data hash in
    # /metadata); chloe single predictions only; dev's blank service cannot even start
    ("ada", "lab04-serving"): (25, "graded"),
    ("ben", "lab04-serving"): (14, "graded"),
    ("chloe", "lab04-serving"): (11, "graded"),
    ("dev", "lab04-serving"): (0, "graded"),
    # eve and finn did not submit labs 02 and 04: "not submitted", never a silent 0
    **{
        (student, lab): (0, "error")
        for student in ("eve", "finn")
        for lab in ("lab02-experiment-tracking", "lab04-serving")
    },
}


@pytest.fixture(scope="module")
def demo_course(tmp_path_factory: pytest.TempPathFactory) -> CourseLayout:
    """The repository's course, graded into a scratch folder (the repo stays clean)."""
    root = tmp_path_factory.mktemp("demo")
    for folder in ("solutions", "labs", "submissions", "environment"):
        (root / folder).symlink_to(KIT_ROOT / folder)
    return CourseLayout(root)


def test_reference_solutions_full_marks_and_blank_releases_zero(demo_course: CourseLayout) -> None:
    outcomes = api.check_solutions(root=demo_course.root)
    assert {outcome.lab for outcome in outcomes} == set(demo_course.lab_names())
    for outcome in outcomes:
        failing = [t.name for t in outcome.reference.tests if t.status != "passed"]
        assert not failing, f"{outcome.lab}: the reference solution fails {failing}"
        scoring = [t.name for t in outcome.blank.tests if t.score]
        assert not scoring, f"{outcome.lab}: the blank release scores on {scoring}"
        assert outcome.reference.max_score == outcome.blank.max_score > 0


def test_demo_class_grades_as_expected(demo_course: CourseLayout) -> None:
    grades = api.grade_class(root=demo_course.root)
    got = {(r.student, r.lab): (r.score, r.status) for r in grades.results}
    expected_keys = {key for key in DEMO_CLASS}
    assert expected_keys <= set(got), f"not graded: {expected_keys - set(got)}"
    mismatches = {key: (got[key], want) for key, want in DEMO_CLASS.items() if got[key] != want}
    assert not mismatches, f"(got, expected): {mismatches}"

    for result in grades.results:
        page = demo_course.feedback_file(result.student, result.lab)
        assert page.is_file() and f"{result.score:g} / {result.max_score:g}" in page.read_text()
    rows = list(csv.DictReader(grades.gradebook.open()))
    assert sorted(row["student"] for row in rows) == sorted({s for s, _ in DEMO_CLASS})

    again = api.grade_class(root=demo_course.root)
    assert again.regraded == 0 and [r.to_json() for r in again.results] == [
        r.to_json() for r in grades.results
    ]


def test_no_feedback_contains_hidden_test_code(demo_course: CourseLayout) -> None:
    """Every hidden line of every lab is absent from every feedback page."""
    hidden_lines = set()
    for lab in demo_course.lab_names():
        source = demo_course.solutions / lab
        for check in (source / "checks" / "hidden").glob("*.py"):
            hidden_lines |= {line.strip() for line in check.read_text().splitlines()}
        for notebook in source.glob("*.ipynb"):
            inside = False
            for line in notebook.read_text().replace("\\n", "\n").splitlines():
                text = line.strip().strip('",')
                if "BEGIN HIDDEN TESTS" in text:
                    inside = True
                elif "END HIDDEN TESTS" in text:
                    inside = False
                elif inside:
                    hidden_lines.add(text)
    # Code, not the assertion messages (those are the feedback) nor comments.
    code_lines = {
        line for line in hidden_lines
        if len(line) > 15 and not line.startswith(('"', "'", 'f"', "f'", "#", ")"))
        and any(token in line for token in ("(", "=", "assert", "import"))
    }
    assert code_lines, "found no hidden test code to look for"
    pages = list(Path(demo_course.feedback).rglob("*.html"))
    assert pages, "run after test_demo_class_grades_as_expected"
    for page in pages:
        text = html.unescape(page.read_text())
        leaked = [line for line in code_lines if line in text]
        assert not leaked, f"{page} shows hidden test code: {leaked[:3]}"

"""The artefact-check plugin: points, names, visibility, messages, student-code failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CHECKS = '''
import pytest

@pytest.mark.points(3)
def test_passes(student):
    """Doubles numbers"""
    assert student.call("work:double", 2) == 4, "double(2) should be 4"

def test_fails_with_message(student):
    assert student.call("work:double", 3) == 7, "double(3) should be 7 here"

def test_student_raises(student):
    student.call("work:broken")

def test_student_exits(student):
    student.call("work:leave")

def test_missing_model(student):
    student.predict("model.joblib", [[1.0]])

def test_check_bug(submission):
    {}["missing"]
'''

STUDENT = '''
import os

def double(x):
    return 2 * x

def broken():
    raise ValueError("the data has no rows")

def leave():
    os._exit(3)
'''


def run_plugin(tmp_path: Path, checks: str, student: str) -> dict[str, dict[str, object]]:
    (tmp_path / "hidden").mkdir()
    (tmp_path / "hidden" / "test_checks.py").write_text(checks)
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    (work / "work.py").write_text(student)
    report = tmp_path / "report.json"
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "autograder.checks.plugin",
         "--assert=plain", "-p", "no:cacheprovider", "-c", str(tmp_path / "pytest.ini"),
         "--submission", str(work), "--check-report", str(report), str(tmp_path / "hidden")],
        cwd=tmp_path, capture_output=True, check=False, timeout=120,
    )
    return {record["id"]: record for record in json.loads(report.read_text())["checks"]}


@pytest.mark.slow
def test_plugin_reports_every_outcome_for_students(tmp_path: Path) -> None:
    records = run_plugin(tmp_path, CHECKS, STUDENT)
    passed = records["test_passes"]
    assert (passed["name"], passed["score"], passed["max_score"]) == ("Doubles numbers", 3, 3)
    assert passed["visibility"] == "after_published"
    assert records["test_fails_with_message"]["output"] == "double(3) should be 7 here"
    assert records["test_fails_with_message"]["score"] == 0
    assert records["test_student_raises"]["output"] == (
        "calling broken() from work.py raised ValueError: the data has no rows "
        "(work.py, line 8, in broken)"
    )
    assert "ended the Python process (exit code 3)" in str(records["test_student_exits"]["output"])
    assert str(records["test_missing_model"]["output"]).startswith("model.joblib is missing")
    assert str(records["test_check_bug"]["output"]).startswith("the check could not run: KeyError")
    assert all(record["status"] in {"passed", "failed"} for record in records.values())


SHADOWING_STUDENT = '''
def double(x):
    return 0
'''

FORGED_RUNNER = '''
import sys
open(sys.argv[2], "w").write('[{"ok": true, "value": 4}]')
'''

FORGED_JSON = '''
def dumps(obj, **options):
    return '[{"ok": true, "value": 4}]'
'''


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "content"),
    [("autograder/sandbox/calls.py", FORGED_RUNNER), ("json.py", FORGED_JSON)],
    ids=["own-runner", "own-json-module"],
)
def test_student_files_cannot_forge_answers_by_shadowing_modules(
    tmp_path: Path, path: str, content: str
) -> None:
    """A submission shipping its own runner or standard-library module changes nothing."""
    checks = 'def test_double(student):\n    assert student.call("work:double", 2) == 4, "no"\n'
    work = tmp_path / "work"
    (work / path).parent.mkdir(parents=True, exist_ok=True)
    for package in ("autograder", "autograder/sandbox"):
        if path.startswith(package):
            (work / package / "__init__.py").write_text("")
    (work / path).write_text(content)
    records = run_plugin(tmp_path, checks, SHADOWING_STUDENT)
    assert records["test_double"]["status"] == "failed"

"""The pytest plugin that turns a lab's artefact checks into graded tests.

Loaded with ``pytest -p autograder.checks.plugin --submission DIR --check-report FILE``.
A check is a plain pytest test in ``solutions/<lab>/checks/visible/`` or
``checks/hidden/``:

    @pytest.mark.points(2)
    def test_validator_rejects_nulls(student):
        \"\"\"Validator rejects a batch with nulls\"\"\"     # the name students see
        errors = student.call("validation:validate_batch", corrupt_batch(batch, "nulls"))
        assert errors, "validate_batch accepted a batch with missing values; ..."

Contract:
- ``points(n)`` gives the check's weight (default 1); all-or-nothing.
- The first docstring line is the name shown in feedback.
- The assertion message is the feedback: say what is wrong and what to do.
  Assertions run with ``--assert=plain``, so no check source reaches students.
- Checks under a ``hidden`` folder are reported with visibility ``after_published``
  and are never shipped in ``labs/``.
- Student code only runs through the ``student`` fixture (never imported).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from autograder.checks.student import StudentCode
from autograder.errors import StudentCodeError

__all__ = ["student", "submission"]

_REPORT_KEY = pytest.StashKey[dict[str, dict[str, Any]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("autograder")
    group.addoption("--submission", help="the student's lab folder the checks examine")
    group.addoption("--check-report", help="write the graded results as JSON to this file")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "points(n): the check's weight in points (default 1)")
    config.stash[_REPORT_KEY] = {}


@pytest.fixture
def submission(request: pytest.FixtureRequest) -> Path:
    """The student's lab folder (after the grader executed its notebooks)."""
    folder = request.config.getoption("--submission")
    if not folder:
        pytest.fail("run the checks with --submission DIR (the lab folder to check)")
    return Path(folder).resolve()


@pytest.fixture
def student(submission: Path) -> StudentCode:
    """Runs the student's functions, models and scripts in the sandbox."""
    return StudentCode(submission)


def _visibility(item: pytest.Item) -> str:
    return "after_published" if "hidden" in Path(str(item.path)).parts else "visible"


def _name(item: pytest.Item) -> str:
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip()
    if doc:
        return doc.splitlines()[0].strip()
    return item.name.removeprefix("test_").replace("_", " ").capitalize()


def _points(item: pytest.Item) -> float:
    marker = item.get_closest_marker("points")
    return float(marker.args[0]) if marker and marker.args else 1.0


def _message(excinfo: pytest.ExceptionInfo[BaseException], *, hidden: bool) -> str:
    error = excinfo.value
    if isinstance(error, StudentCodeError):
        return str(error)
    if isinstance(error, pytest.skip.Exception | pytest.fail.Exception):
        return str(error.msg) if hasattr(error, "msg") else str(error)
    if isinstance(error, AssertionError):
        text = str(error).strip()
        if text:
            return text
        return "this check failed" if hidden else excinfo.exconly()
    return f"the check could not run: {type(error).__name__}: {error}"


def _new_record(item: pytest.Item) -> dict[str, Any]:
    return {
        "id": item.nodeid.split("::")[-1],
        "name": _name(item),
        "max_score": _points(item),
        "visibility": _visibility(item),
        "status": "pending",
        "output": "",
        "duration_s": 0.0,
        "source": Path(str(item.path)).name,
    }


def pytest_collection_finish(session: pytest.Session) -> None:
    """Write every collected check as pending: a killed run still reports what it missed."""
    records = session.config.stash[_REPORT_KEY]
    for item in session.items:
        records[item.nodeid] = _new_record(item)
    _write(session.config)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Any:
    report = yield
    records = item.config.stash[_REPORT_KEY]
    record = records.setdefault(item.nodeid, _new_record(item))
    record["duration_s"] = round(record["duration_s"] + (call.stop - call.start), 3)
    if report.failed or report.skipped:
        if record["status"] != "failed" and call.excinfo is not None:
            record["status"] = "failed"
            record["output"] = _message(call.excinfo, hidden=record["visibility"] != "visible")
    elif report.when == "call" and record["status"] == "pending":
        record["status"] = "passed"
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    for record in session.config.stash[_REPORT_KEY].values():
        if record["status"] == "pending":
            record["status"] = "failed"
            record["output"] = record["output"] or "this check did not run"
    _write(session.config, final=True)


def _write(config: pytest.Config, *, final: bool = False) -> None:
    target = config.getoption("--check-report")
    if not target:
        return
    records = list(config.stash[_REPORT_KEY].values())
    for record in records:
        record["score"] = record["max_score"] if record["status"] == "passed" else 0.0
    payload = {"finished": final, "written_at": time.time(), "checks": records}
    temporary = Path(target).with_suffix(".tmp")
    temporary.write_text(json.dumps(payload, indent=2))
    temporary.replace(target)

"""A pytest plugin that records what happened to each of the student's tests, as JSON.

The checks copy this file next to the student's tests as ``lab03_outcomes.py`` and run
``python -m pytest -p lab03_outcomes ...``; it writes ``.lab03-outcomes.json`` in the
rootdir:

    {"collected": 12, "exitstatus": 1,
     "collection_errors": [{"nodeid": "tests/test_x.py", "message": "SyntaxError: ..."}],
     "tests": {"tests/test_unit_features.py::test_a": {"outcome": "passed", "message": ""}}}

``outcome`` is the worst of the test's phases: ``error`` (set-up or tear-down failed),
``failed``, ``skipped`` (also an expected failure) or ``passed``. It runs inside the
student's process, so the grader reads the file as untrusted data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPORT = ".lab03-outcomes.json"
_RANK = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_Recorder(Path(config.rootpath) / REPORT), "lab03-recorder")


def _message(report: pytest.CollectReport | pytest.TestReport) -> str:
    """The exception in one line: ``AssertionError: ...``, ``SyntaxError: ...``."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        lines = [line for line in crash.message.strip().splitlines() if line.strip()]
    else:  # e.g. a module that cannot be imported: the "E   ..." lines carry the error
        text = str(report.longrepr or "")
        lines = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
        lines = lines[-1:] or [line for line in text.splitlines() if line.strip()][-1:]
    return (lines[0] if lines else "")[:300]


class _Recorder:
    def __init__(self, target: Path) -> None:
        self.target = target
        self.state: dict[str, Any] = {"collected": 0, "collection_errors": [], "tests": {}}

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.state["collection_errors"].append(
                {"nodeid": report.nodeid, "message": _message(report)}
            )

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.state["collected"] = len(session.items)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.passed:
            outcome = "passed"
        elif report.skipped:
            outcome = "skipped"
        elif report.when == "call":
            outcome = "failed"
        else:
            outcome = "error"
        previous = self.state["tests"].get(report.nodeid)
        if previous is None or _RANK[outcome] > _RANK[previous["outcome"]]:
            message = "" if outcome == "passed" else _message(report)
            self.state["tests"][report.nodeid] = {"outcome": outcome, "message": message}

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.state["exitstatus"] = int(exitstatus)
        self.target.write_text(json.dumps(self.state))

"""Run a lab's artefact checks (pytest) against one graded lab folder.

The checks are trusted code and run in their own pytest process with a
deadline; student code only runs from inside them through the ``student``
fixture's sandboxed calls. A run that dies or overruns still reports every
collected check: the ones that did not finish fail with the reason.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.layout import LabInfo
from autograder.results import ERROR, FAILED, PASSED, VISIBLE, NotebookStatus, TaskResult

__all__ = ["check_folders", "run_checks"]

PART_NAME = "artefact checks"


def check_folders(lab: LabInfo, *, include_hidden: bool) -> list[Path]:
    """The check folders to run: visible always, hidden for official grading."""
    kinds = ("visible", "hidden") if include_hidden else ("visible",)
    return [lab.checks / kind for kind in kinds if (lab.checks / kind).is_dir()]


def run_checks(
    lab: LabInfo, folder: Path, *, include_hidden: bool
) -> tuple[NotebookStatus | None, list[TaskResult]]:
    """Run the checks on ``folder``; (None, []) when the lab has no checks."""
    folders = check_folders(lab, include_hidden=include_hidden)
    if not folders:
        return None, []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="autograder-checks-") as scratch:
        report = Path(scratch) / "report.json"
        argv = [
            sys.executable, "-m", "pytest", "-q", "--no-header", "-p", "no:cacheprovider",
            "-p", "autograder.checks.plugin", "--assert=plain",
            "-c", str(Path(scratch) / "pytest.ini"), "--rootdir", str(lab.checks),
            "--import-mode=importlib",
            "--submission", str(folder), "--check-report", str(report),
            *[str(path) for path in folders],
        ]
        (Path(scratch) / "pytest.ini").write_text("[pytest]\n")
        timed_out = False
        try:
            completed = subprocess.run(
                argv, cwd=scratch, capture_output=True, text=True,
                timeout=lab.check_timeout_s, check=False,
            )
            log = completed.stdout[-4000:] + completed.stderr[-4000:]
        except subprocess.TimeoutExpired:
            timed_out, log = True, ""
        records = json.loads(report.read_text())["checks"] if report.exists() else []
    duration = round(time.monotonic() - started, 2)
    if not records:
        why = (
            f"the checks did not finish within {lab.check_timeout_s} s" if timed_out
            else "the checks could not be collected: " + _last_line(log)
        )
        return NotebookStatus(PART_NAME, graded=False, message=why, duration_s=duration), []
    tasks = [_task(record, timed_out=timed_out, limit=lab.check_timeout_s) for record in records]
    status = NotebookStatus(
        PART_NAME,
        graded=not timed_out,
        message=f"the checks were stopped after {lab.check_timeout_s} s" if timed_out else "",
        duration_s=duration,
    )
    return status, tasks


def _task(record: dict[str, object], *, timed_out: bool, limit: int) -> TaskResult:
    status = str(record["status"])
    output = str(record.get("output", ""))
    if status == "pending":
        status = ERROR
        output = f"could not grade: the checks were stopped after {limit} s before this one ran"
    return TaskResult(
        name=str(record["name"]),
        score=float(record["score"]) if status == PASSED else 0.0,  # type: ignore[arg-type]
        max_score=float(record["max_score"]),  # type: ignore[arg-type]
        status=status if status in (PASSED, FAILED, ERROR) else FAILED,
        output=output,
        visibility=str(record.get("visibility", VISIBLE)),
        kind="check",
        source=str(record.get("source", "")),
        id=str(record["id"]),
    )


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no output"

"""Run the student's tests against several implementations of churnlib, as untrusted code.

Each run gets a fresh folder holding only the student's ``tests/``, one implementation and
a pytest configuration; every run uses the same command line, the same paths and the same
file times, so a test cannot tell implementations apart except by what their code does.
A plugin (``outcomes_plugin.py``, copied in) writes each test's outcome as JSON; nothing
is parsed from pytest's text output.

All runs go through :class:`autograder.checks.student.StudentCode` ``.run``: the kit's
sandbox (bubblewrap where it exists: only the Python environment, the kit's packages and
the scratch folder visible, an unprivileged uid, no network; resource limits and a
deadline everywhere). Inside it runs the fork server ``pytest_zygote.py``, which imports
numpy, pandas, scikit-learn and pytest once and forks one child per run,
:data:`PARALLEL_RUNS` at a time, each stopped after :data:`RUN_TIMEOUT_S` seconds. Each
child enters namespaces of its own, so it sees only its own run's folder, a private
``/tmp`` and no other process (:func:`can_isolate` checks that this machine allows it).
Where it does not, every run gets a sandboxed process of its own instead: slower (each
pays the imports), just as separate.
"""

from __future__ import annotations

import functools
import json
import os
import random
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from autograder.checks.student import StudentCode
from autograder.sandbox import ProcessOutcome, ResourceLimits

__all__ = [
    "RUN_TIMEOUT_S",
    "Outcome",
    "StudentTests",
    "SuiteRun",
    "read_tests",
    "run_many",
]

RUN_TIMEOUT_S = 60  # one run of the student's whole suite against one implementation
SET_BUDGET_S = 220  # all runs of one set together (lab.toml's check_timeout_s is 300)
PARALLEL_RUNS = 2
REPORT = ".lab03-outcomes.json"
OUTPUT = ".lab03-output.txt"
PLUGIN = "lab03_outcomes"
MAX_TEST_FILES = 200
MAX_TEST_BYTES = 5_000_000
FILE_TIME = 1_704_067_200  # 2024-01-01: every file of every run has the same times
PYTEST_ARGS = (
    "-q", "--tb=short", "-p", "no:cacheprovider", "-p", PLUGIN,
    "--continue-on-collection-errors", "-c", "pytest.ini", "--rootdir", ".", "tests",
)  # fmt: skip
PYTEST_INI = "[pytest]\ntestpaths = tests\npythonpath = .\n"
HERE = Path(__file__).resolve().parent
_IGNORED = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints"}


@dataclass(frozen=True)
class StudentTests:
    """The files of the student's ``tests/`` folder, or why there are none to run."""

    files: Mapping[str, bytes]  # path relative to tests/ -> content
    problem: str = ""  # a sentence for the student


@dataclass(frozen=True)
class Outcome:
    outcome: str  # passed, failed, error, skipped
    message: str = ""


@dataclass(frozen=True)
class SuiteRun:
    """What one run of the student's tests reported (or why it reported nothing)."""

    collected: int = 0
    tests: Mapping[str, Outcome] = field(default_factory=dict)
    collection_errors: tuple[tuple[str, str], ...] = ()
    finished: bool = False
    timed_out: bool = False
    stopped: str = ""  # why there is no report, when there is none
    duration_s: float = 0.0

    def with_outcome(self, *outcomes: str) -> list[str]:
        return sorted(nodeid for nodeid, item in self.tests.items() if item.outcome in outcomes)


def read_tests(submission: Path) -> StudentTests:
    """The files of ``submission/tests`` (regular files only: symlinks are never followed)."""
    folder = submission / "tests"
    if not folder.is_dir() or folder.is_symlink():
        return StudentTests(
            {}, "There is no tests/ folder in your lab folder: your tests go there."
        )
    files: dict[str, bytes] = {}
    total = 0
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if _IGNORED.intersection(relative.parts) or path.is_symlink() or not path.is_file():
            continue
        total += path.stat().st_size
        if len(files) >= MAX_TEST_FILES or total > MAX_TEST_BYTES:
            return StudentTests({}, (
                f"Your tests/ folder holds more than {MAX_TEST_FILES} files or "
                f"{MAX_TEST_BYTES // 1_000_000} MB; keep only your tests (and small data files)."
            ))
        files[str(relative)] = path.read_bytes()
    if not any(name.endswith(".py") for name in files):
        return StudentTests(
            {}, "Your tests/ folder has no Python files: write your tests in tests/test_*.py."
        )
    return StudentTests(files)


def run_many(
    tests: StudentTests, implementations: Mapping[str, Mapping[str, str]]
) -> dict[str, SuiteRun]:
    """Run ``tests`` once against each implementation (name -> {path in lab: source})."""
    names = list(implementations)
    random.SystemRandom().shuffle(names)
    if can_isolate():
        return _run_set(tests, {name: implementations[name] for name in names}, isolate=True)
    workers = max(1, min(PARALLEL_RUNS, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            name: pool.submit(_run_set, tests, {name: implementations[name]}, isolate=False)
            for name in names
        }
        return {name: future.result()[name] for name, future in futures.items()}


def _run_set(
    tests: StudentTests, implementations: Mapping[str, Mapping[str, str]], *, isolate: bool
) -> dict[str, SuiteRun]:
    """One sandboxed fork server for these runs, in a scratch folder of its own."""
    scratch = Path(tempfile.mkdtemp(prefix="lab03-runs-"))
    try:
        folders = {name: scratch / "jobs" / secrets.token_hex(8) for name in implementations}
        for name, folder in folders.items():
            _assemble(folder, tests, implementations[name])
        jobs = [str(folder) for folder in folders.values()]
        outcome = _run_zygote(scratch, jobs, isolate=isolate)
        return {
            name: _outcome(folder, scratch / "results" / f"{folder.name}.json", outcome)
            for name, folder in folders.items()
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _assemble(lab: Path, tests: StudentTests, sources: Mapping[str, str]) -> None:
    for name, text in sources.items():
        target = lab / name
        target.parent.mkdir(parents=True, exist_ok=True)
        # A first line of random content and length: no run's files have a size or a hash
        # a test could know in advance.
        nonce = secrets.token_hex(8 + secrets.randbelow(24))
        target.write_text(f"# build {nonce}\n{text}")
    for name, content in tests.files.items():
        target = lab / "tests" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (lab / "pytest.ini").write_text(PYTEST_INI)
    shutil.copyfile(HERE / "outcomes_plugin.py", lab / f"{PLUGIN}.py")
    for path in sorted(lab.rglob("*"), reverse=True):
        os.utime(path, (FILE_TIME, FILE_TIME))
    os.utime(lab, (FILE_TIME, FILE_TIME))


def _run_zygote(
    scratch: Path, jobs: list[str], *, isolate: bool, probe: bool = False
) -> ProcessOutcome:
    (scratch / "results").mkdir()
    plan = {
        "jobs": jobs, "parallel": max(1, min(PARALLEL_RUNS, os.cpu_count() or 1)),
        "timeout_s": RUN_TIMEOUT_S, "budget_s": SET_BUDGET_S,
        "pytest_args": list(PYTEST_ARGS), "isolate": isolate,
        "hide": [str(scratch)], "preload": not probe, "probe": probe,
        "results": str(scratch / "results"),
    }  # fmt: skip
    (scratch / "plan.json").write_text(json.dumps(plan))
    shutil.copyfile(HERE / "pytest_zygote.py", scratch / "pytest_zygote.py")
    limits = ResourceLimits(timeout_s=SET_BUDGET_S + 30, processes=512)
    command = [sys.executable, "-s", str(scratch / "pytest_zygote.py"), str(scratch / "plan.json")]
    return StudentCode(scratch, limits=limits).run(command)


def _outcome(folder: Path, result_file: Path, process: ProcessOutcome) -> SuiteRun:
    result_text = _read_untrusted(result_file)
    if result_text is None:  # the fork server itself died or overran
        lines = [line for line in process.stderr.splitlines() if line.strip()][-1:]
        why = "stopped" if process.timed_out else f"exit code {process.returncode}"
        return SuiteRun(stopped=why + (f": {lines[0][:200]}" if lines else ""))
    try:
        result = dict(json.loads(result_text))
        duration = float(result.get("duration_s", 0.0))
    except (ValueError, TypeError):
        return SuiteRun(stopped="its result was unreadable")
    if result.get("timed_out"):
        return SuiteRun(timed_out=True, stopped="timed out", duration_s=duration)
    report = _read_untrusted(folder / REPORT)
    if report is None:
        why = f"exit code {result.get('returncode')}"
        output = _read_untrusted(folder / OUTPUT) or ""
        lines = [line for line in output.splitlines() if line.strip()]
        why += f": {lines[-1][:200]}" if lines else ""
        return SuiteRun(stopped=why, duration_s=duration)
    return _parse_report(report, duration)


def _read_untrusted(path: Path, *, limit: int = 20_000_000) -> str | None:
    """A file the student's process may have written: only a regular file, never a link to
    one elsewhere (nor a pipe that would block), and not too big; else None."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            return None
        return file.read(limit).decode("utf-8", errors="replace")


def _parse_report(text: str, duration: float) -> SuiteRun:
    """The plugin's JSON, read as untrusted data."""
    try:
        data = json.loads(text)
        tests = {
            str(nodeid): Outcome(str(item["outcome"]), str(item.get("message", ""))[:300])
            for nodeid, item in dict(data["tests"]).items()
        }
        errors = tuple(
            (str(item["nodeid"]), str(item.get("message", ""))[:300])
            for item in list(data.get("collection_errors", []))
        )
        collected = int(data.get("collected", 0))
    except (ValueError, KeyError, TypeError, AttributeError):
        return SuiteRun(stopped="its report was unreadable", duration_s=duration)
    return SuiteRun(collected, tests, errors, finished=True, duration_s=duration)


@functools.cache
def can_isolate() -> bool:
    """Can the fork server's children enter namespaces of their own here? Checked once."""
    if sys.platform != "linux":
        return False
    scratch = Path(tempfile.mkdtemp(prefix="lab03-probe-"))
    try:
        job = scratch / "jobs" / "probe"
        job.mkdir(parents=True)
        _run_zygote(scratch, [str(job)], isolate=True, probe=True)
        result = scratch / "results" / "probe.json"
        text = _read_untrusted(result)
        return (job / "probe-ok").is_file() and text is not None and (
            json.loads(text).get("returncode") == 0
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

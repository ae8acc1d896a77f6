"""run_untrusted: deadlines kill the whole process group; limits hold; nothing leaks in."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from autograder.sandbox import ResourceLimits, run_untrusted


def python(code: str, tmp_path: Path, **limits: float) -> object:
    return run_untrusted(
        [sys.executable, "-c", code], workdir=tmp_path, limits=ResourceLimits(**limits)  # type: ignore[arg-type]
    )


def test_a_hanging_process_and_its_children_are_killed(tmp_path: Path) -> None:
    marker = tmp_path / "child.pid"
    code = (
        "import os, time\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        f"    open({str(marker)!r}, 'w').write(str(os.getpid()))\n"
        "    time.sleep(60)\n"
        "time.sleep(60)\n"
    )
    started = time.monotonic()
    outcome = run_untrusted(
        [sys.executable, "-c", code], workdir=tmp_path, limits=ResourceLimits(timeout_s=2)
    )
    assert outcome.timed_out and not outcome.ok
    assert time.monotonic() - started < 10
    child = int(marker.read_text())
    time.sleep(0.2)
    assert _state(child) in {"gone", "Z"}, "the forked child survived the deadline"


def _state(pid: int) -> str:
    """'gone', or the process state letter (Z: killed, waiting to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"


def test_memory_limit_stops_a_memory_bomb(tmp_path: Path) -> None:
    outcome = run_untrusted(
        [sys.executable, "-c", "x = bytearray(3 * 1024 ** 3)"],
        workdir=tmp_path, limits=ResourceLimits(memory_mb=512, timeout_s=30),
    )
    assert outcome.returncode != 0 and "MemoryError" in outcome.stderr


def test_the_grader_environment_does_not_leak_into_student_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRADEBOOK_SECRET", "s3cret")
    outcome = run_untrusted(
        [sys.executable, "-c", "import os; print(sorted(os.environ))"], workdir=tmp_path
    )
    assert outcome.ok and "GRADEBOOK_SECRET" not in outcome.stdout
    assert "PATH" in outcome.stdout


def test_huge_output_is_cut_not_stored_whole(tmp_path: Path) -> None:
    outcome = run_untrusted(
        [sys.executable, "-c", "print('x' * 5_000_000)"], workdir=tmp_path
    )
    assert outcome.ok and len(outcome.stdout) < 100_000 and "earlier bytes cut" in outcome.stdout

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


def test_a_hanging_process_and_its_children_are_killed(
    tmp_path: Path, bubblewrap: None
) -> None:
    """A plain process group cannot hold a child that calls setsid(): bubblewrap can."""
    survived = tmp_path / "survived"
    code = (
        "import os, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"  # even a child that leaves the process group
        "    time.sleep(3)\n"
        f"    open({str(survived)!r}, 'w').write('alive')\n"
        "time.sleep(60)\n"
    )
    started = time.monotonic()
    outcome = run_untrusted(
        [sys.executable, "-c", code], workdir=tmp_path, limits=ResourceLimits(timeout_s=1)
    )
    assert outcome.timed_out and not outcome.ok
    assert time.monotonic() - started < 10
    time.sleep(3.5)
    assert not survived.exists(), "a forked child outlived the deadline"


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


SERVER = """
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

print("listening", flush=True)
HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def test_serve_polls_until_ready_and_stops_the_service(tmp_path: Path) -> None:
    import httpx

    from autograder.checks import StudentCode

    (tmp_path / "server.py").write_text(SERVER)
    student = StudentCode(tmp_path)
    with student.serve([sys.executable, "server.py", "{port}"], ready_path="/") as running:
        assert httpx.get(running.url + "/anything").text == "ok"
        pid = running.service.process.pid
    assert _state(pid) in {"gone", "Z"}


def test_serve_reports_the_log_of_a_service_that_crashes(tmp_path: Path) -> None:
    from autograder.checks import StudentCode
    from autograder.errors import StudentCodeError

    (tmp_path / "server.py").write_text("raise RuntimeError('no model file: model.joblib')\n")
    with pytest.raises(StudentCodeError, match="no model file"):  # noqa: SIM117
        with StudentCode(tmp_path).serve([sys.executable, "server.py"], startup_timeout_s=10):
            pass

"""Run one untrusted command with a deadline and resource limits.

This is the seam every execution of student code goes through (student-written
functions called by artefact checks, scripts, services). Today it is a child
process in its own session with rlimits and a hard kill of its whole process
group on timeout; the bubblewrap and container back-ends plug in here.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from autograder.sandbox.isolation import Isolation, choose_isolation

__all__ = [
    "ProcessOutcome", "ResourceLimits", "UntrustedService", "minimal_environment", "run_untrusted",
    "start_untrusted",
]

_OUTPUT_CAP_BYTES = 64 * 1024


@dataclass(frozen=True)
class ResourceLimits:
    """Limits applied to one untrusted process (and everything it starts)."""

    timeout_s: float = 60.0
    memory_mb: int = 2048
    cpu_s: int = 300
    file_size_mb: int = 256
    open_files: int = 256
    processes: int = 256  # enforced when the sandbox runs under its own uid


@dataclass(frozen=True)
class ProcessOutcome:
    """What happened to one untrusted process."""

    returncode: int
    stdout: str
    stderr: str
    duration_s: float
    timed_out: bool = False
    argv: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    @property
    def killed_by_memory_limit(self) -> bool:
        return self.returncode in (-signal.SIGKILL, -signal.SIGSEGV) or "MemoryError" in self.stderr


def _apply_limits(limits: ResourceLimits, *, own_uid: bool) -> None:
    """Runs in the child between fork and exec."""
    mib = 1024 * 1024
    if own_uid:  # counts every process of the uid: only meaningful for a sandbox uid
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    for kind, value in (
        (resource.RLIMIT_AS, limits.memory_mb * mib),
        (resource.RLIMIT_CPU, limits.cpu_s),
        (resource.RLIMIT_FSIZE, limits.file_size_mb * mib),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_CORE, 0),
    ):
        _soft, hard = resource.getrlimit(kind)
        capped = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (capped, capped))


def _tail(data: bytes) -> str:
    text = data[-_OUTPUT_CAP_BYTES:].decode("utf-8", errors="replace")
    if len(data) > _OUTPUT_CAP_BYTES:
        text = f"[... {len(data) - _OUTPUT_CAP_BYTES} earlier bytes cut ...]\n" + text
    return text


def run_untrusted(
    argv: Sequence[str],
    *,
    workdir: Path,
    limits: ResourceLimits = ResourceLimits(),
    env: Mapping[str, str] | None = None,
    writable: Sequence[Path] = (),
) -> ProcessOutcome:
    """Run ``argv`` in ``workdir`` under ``limits``; never raises for what the process does.

    Only ``workdir`` and ``writable`` can be written (under bubblewrap; see
    :mod:`autograder.sandbox.isolation`). The process gets its own session, so on
    timeout the whole group (including anything it forked) is killed with SIGKILL.
    """
    started = time.monotonic()
    command, child_env, isolation = _isolated(argv, workdir, env, writable, network=False)
    process = subprocess.Popen(
        command,
        cwd=workdir,
        env=child_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: _apply_limits(limits, own_uid=isolation.uid is not None),
    )
    timed_out = False
    try:
        stdout, stderr = process.communicate(timeout=limits.timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(process.pid)
        try:  # a child that escaped the group may still hold the pipes: do not wait for it
            stdout, stderr = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = b"", b"(output lost: a process outlived the deadline)"
    finally:
        _kill_group(process.pid)  # whatever it left behind
    return ProcessOutcome(
        returncode=process.returncode,
        stdout=_tail(stdout),
        stderr=_tail(stderr),
        duration_s=time.monotonic() - started,
        timed_out=timed_out,
        argv=tuple(argv),
    )


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def minimal_environment() -> dict[str, str]:
    """Only what Python needs: never the grader's own variables (tokens, DB URLs)."""
    keep = ("PATH", "LANG", "LC_ALL", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    environment = {name: os.environ[name] for name in keep if name in os.environ}
    environment.update(
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONHASHSEED="0",
        MPLBACKEND="Agg",
        MLFLOW_DISABLE_TELEMETRY="true",
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        HOME=os.environ.get("TMPDIR", "/tmp"),
    )
    return environment


@dataclass
class UntrustedService:
    """A long-running untrusted process (a student's web service), with its log."""

    process: subprocess.Popen[bytes]
    log_path: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self, *, limit: int = 4000) -> str:
        try:
            data = self.log_path.read_bytes()
        except OSError:
            return ""
        return _tail(data[-limit:])

    def stop(self) -> None:
        """Kill it and everything it started; idempotent."""
        _kill_group(self.process.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


def start_untrusted(
    argv: Sequence[str],
    *,
    workdir: Path,
    log_path: Path,
    limits: ResourceLimits = ResourceLimits(),
    env: Mapping[str, str] | None = None,
    writable: Sequence[Path] = (),
) -> UntrustedService:
    """Start ``argv`` in the background under ``limits``; stdout and stderr go to ``log_path``.

    A service shares the grader's network namespace so that checks can reach it on
    loopback (it still sees only the sandbox's files).
    """
    command, child_env, isolation = _isolated(argv, workdir, env, writable, network=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=workdir,
            env=child_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=lambda: _apply_limits(limits, own_uid=isolation.uid is not None),
        )
    return UntrustedService(process=process, log_path=log_path)


def _isolated(
    argv: Sequence[str], workdir: Path, env: Mapping[str, str] | None,
    writable: Sequence[Path], *, network: bool,
) -> tuple[list[str], dict[str, str], Isolation]:
    """The command line and environment that run ``argv`` in this machine's sandbox."""
    isolation = choose_isolation()
    child_env = dict(env) if env is not None else minimal_environment()
    if isolation.kind == "process":
        return list(argv), child_env, isolation
    isolation.prepare([workdir, *writable])
    inner_env = {**child_env, "HOME": "/tmp", "TMPDIR": "/tmp"}
    command = isolation.wrap(
        argv, workdir=workdir, env=inner_env, writable=writable, network=network
    )
    outer_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return command, outer_env, isolation

"""The ``student`` fixture: how a check runs the student's code.

Checks call student functions, saved models and scripts through
:class:`StudentCode`. Each request runs in a separate untrusted process inside
the student's folder (see :mod:`autograder.sandbox`), so a crash, an infinite
loop or a hostile import in student code fails that check with a clear message
and nothing else.
"""

from __future__ import annotations

import json
import pickle
import socket
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from autograder.errors import StudentCodeError
from autograder.sandbox import (
    FunctionCall,
    ProcessOutcome,
    ResourceLimits,
    UntrustedService,
    run_untrusted,
    start_untrusted,
)

__all__ = ["RunningService", "StudentCode", "free_loopback_port"]

_CHECK_LIMITS = ResourceLimits(timeout_s=120)


@dataclass(frozen=True)
class StudentCode:
    """The student's lab folder, callable from checks."""

    folder: Path
    limits: ResourceLimits = _CHECK_LIMITS

    def call(self, target: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``"module:function"`` from the student's folder; return its JSON-decoded result.

        numpy arrays and pandas objects come back as lists (DataFrames as a dict
        of column lists). Raises :class:`StudentCodeError` when the student's code
        raises, hangs or cannot be imported.
        """
        (result,) = self.call_many([FunctionCall(target, tuple(args), dict(kwargs))])
        return result

    def predict(self, model_file: str, features: Any, *, method: str = "predict") -> list[Any]:
        """Load the student's saved model (joblib) in the sandbox and call ``method``."""
        path = (self.folder / model_file).resolve()
        if not path.is_file():
            raise StudentCodeError(
                f"{model_file} is missing: run the notebook to the end so it saves the model, "
                "then check again"
            )
        (result,) = self.call_many(
            [FunctionCall(f"model:{path}", (features,), {}, method=method)]
        )
        return list(result)

    def call_many(self, calls: Sequence[FunctionCall]) -> list[Any]:
        """Several calls in one process (one interpreter start); all or nothing."""
        with tempfile.TemporaryDirectory(prefix="autograder-call-") as scratch:
            request = Path(scratch) / "request.pickle"
            response = Path(scratch) / "response.json"
            with request.open("wb") as handle:
                pickle.dump(list(calls), handle)
            outcome = self.run(
                # -P: the student's folder is not put first on sys.path, so a file there
                # cannot shadow the kit's runner, the standard library or installed packages.
                [sys.executable, "-P", "-s", "-m", "autograder.sandbox.calls", str(request),
                 str(response)],
                writable=[Path(scratch)],
            )
            if not response.exists():
                raise StudentCodeError(_explain_dead_process(outcome, calls[0].target))
            answers = json.loads(response.read_text())
        values = []
        for call, answer in zip(calls, answers, strict=True):
            if not answer["ok"]:
                where = f" ({answer['location']})" if answer["location"] else ""
                raise StudentCodeError(
                    f"calling {_describe(call.target)} raised "
                    f"{answer['error_type']}: {answer['error_message']}{where}"
                )
            values.append(answer["value"])
        return values

    def run(self, argv: Sequence[str], *, writable: Sequence[Path] = ()) -> ProcessOutcome:
        """Run a command in the student's folder under the sandbox limits.

        The folder (and ``writable``) are the only places it can write.
        """
        return run_untrusted(argv, workdir=self.folder, limits=self.limits, writable=writable)

    @contextmanager
    def serve(
        self,
        argv: Sequence[str],
        *,
        ready_path: str = "/health",
        startup_timeout_s: float = 30.0,
    ) -> Iterator[RunningService]:
        """Start the student's service on a free loopback port and wait until it answers.

        ``{port}`` in ``argv`` is replaced by the port, e.g.
        ``[sys.executable, "-m", "uvicorn", "api:app", "--host", "127.0.0.1",
        "--port", "{port}"]``. Readiness is polled (never a fixed sleep) until
        ``ready_path`` answers, the process exits, or the deadline passes; then
        :class:`StudentCodeError` carries the server's log. The service and
        everything it started are killed on leaving the block, also on failure.
        """
        import httpx

        port = free_loopback_port()
        command = [part.replace("{port}", str(port)) for part in argv]
        with tempfile.TemporaryDirectory(prefix="autograder-serve-") as scratch:
            service = start_untrusted(
                command, workdir=self.folder, log_path=Path(scratch) / "server.log",
                limits=replace(self.limits, timeout_s=3600),
            )
            url = f"http://127.0.0.1:{port}"
            try:
                deadline = time.monotonic() + startup_timeout_s
                while True:
                    if not service.alive():
                        raise StudentCodeError(
                            f"the service stopped before it answered {ready_path} "
                            f"(exit code {service.process.returncode}); its log:\n{service.log()}"
                        )
                    try:
                        if httpx.get(url + ready_path, timeout=1.0).status_code < 500:
                            break
                    except httpx.HTTPError:
                        pass
                    if time.monotonic() > deadline:
                        raise StudentCodeError(
                            f"the service did not answer {ready_path} within "
                            f"{startup_timeout_s:.0f} s; its log:\n{service.log()}"
                        )
                    time.sleep(0.1)
                yield RunningService(url=url, service=service)
            finally:
                service.stop()


@dataclass(frozen=True)
class RunningService:
    """A started student service: its base URL and its log so far."""

    url: str
    service: UntrustedService

    def log(self) -> str:
        return self.service.log()


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _describe(target: str) -> str:
    if target.startswith("model:"):
        return f"the saved model {Path(target.removeprefix('model:')).name}"
    module, _, function = target.partition(":")
    return f"{function}() from {module}.py"


def _explain_dead_process(outcome: ProcessOutcome, target: str) -> str:
    if outcome.timed_out:
        return (
            f"calling {_describe(target)} did not finish within {outcome.duration_s:.0f} s "
            "and was stopped; look for an endless loop or very slow code"
        )
    last_lines = "\n".join(outcome.stderr.strip().splitlines()[-3:])
    return (
        f"calling {_describe(target)} ended the Python process (exit code {outcome.returncode})"
        + (f":\n{last_lines}" if last_lines else "")
    )

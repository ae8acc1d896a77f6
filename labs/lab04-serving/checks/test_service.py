"""Lab 04 artefact checks you can run yourself: ``make check LAB=04``.

The grader starts your ``api.py`` as a real server, as you would from the lab folder::

    python -m uvicorn api:app --host 127.0.0.1 --port <a free port>

(with ``-u`` and ``--no-access-log``, so that its log holds what matters: startup messages,
tracebacks and your prints), waits until ``GET /health`` answers (polling, up to 20 s),
then sends it requests over HTTP. Run ``01-serving.ipynb`` from the top first: it writes
the ``model.joblib`` and ``model_metadata.json`` the service loads. The server is started
once for this file and stopped after its last check.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from autograder.checks.student import RunningService, StudentCode
from autograder.errors import StudentCodeError
from coursedata import FEATURES, generate_customers

SERVE = [
    sys.executable, "-u", "-m", "uvicorn", "api:app", "--host", "127.0.0.1", "--port", "{port}",
    "--no-access-log",
]
STARTUP_TIMEOUT_S = 20.0
TRACEBACK = "Traceback (most recent call last):"
STARTS = "The service starts with uvicorn and GET /health answers"


@dataclass(frozen=True)
class Service:
    """The student's running server, or why it did not start."""

    folder: Path
    running: RunningService | None
    client: httpx.Client | None
    failure: StudentCodeError | None
    tracebacks_seen: list[int] = field(default_factory=lambda: [0])

    def http(self) -> httpx.Client:
        """The client of the started service; fails the check when the service never started."""
        if self.client is None:
            raise AssertionError(
                f"the service did not start, so this check could not run (the check '{STARTS}' "
                f"says why). The end of its log:\n{_excerpt(str(self.failure), self.folder, 12)}"
            )
        return self.client

    def server_error(self, response: httpx.Response, what: str) -> str:
        """Feedback for a 5xx answer: the newest traceback in the server's log."""
        log = self._log()
        deadline = time.monotonic() + 2.0  # the server logs the traceback after it answers
        while log.count(TRACEBACK) <= self.tracebacks_seen[0] and time.monotonic() < deadline:
            time.sleep(0.05)
            log = self._log()
        self.tracebacks_seen[0] = log.count(TRACEBACK)
        return (
            f"{what} answered {response.status_code} (a server error): your code raised an "
            f"exception instead of answering. From the server's log:\n"
            f"{_excerpt(log, self.folder)}"
        )

    def _log(self) -> str:
        return self.running.service.log(limit=2_000_000) if self.running else ""


def _excerpt(log: str, folder: Path, lines: int = 30) -> str:
    """What a student needs from a server log: its last traceback, their own files first."""
    rows = log.replace(f"{folder}/", "").strip().splitlines()
    starts = [i for i, row in enumerate(rows) if row.endswith(TRACEBACK)]  # maybe "ERROR: ..."
    block = rows[starts[-1]:] if starts else rows  # without a start: the tail of a traceback
    if len(block) <= lines:
        return "\n".join(block) or "(the log is empty)"
    indented = [i for i, row in enumerate(block) if row.startswith(" ")]
    tail = block[indented[-1] + 1:][:8] if indented else block[-8:]
    own = []  # frames in the student's files: their paths are relative now
    for i, row in enumerate(block):
        if row.startswith('  File "') and not row.startswith(('  File "/', '  File "<')):
            own.extend(block[i:i + 2])
    return "\n".join([*block[:1 if starts else 0], "  ...", *own[-6:], *tail])


@pytest.fixture(scope="module")
def service(request: pytest.FixtureRequest) -> Iterator[Service]:
    """Start the submission's service once for this module; stop it after the last check."""
    folder = Path(request.config.getoption("--submission")).resolve()
    with ExitStack() as stack:
        try:
            running = stack.enter_context(
                StudentCode(folder).serve(SERVE, startup_timeout_s=STARTUP_TIMEOUT_S)
            )
        except StudentCodeError as error:
            yield Service(folder, None, None, error)
            return
        client = stack.enter_context(httpx.Client(base_url=running.url, timeout=10.0))
        yield Service(folder, running, client, None)


def _one_record() -> dict[str, object]:
    frame = generate_customers(1, seed=5, start="2025-01", months=1)
    return frame[list(FEATURES)].to_dict(orient="records")[0]


@pytest.mark.points(1)
def test_service_starts_and_answers_health(service: Service) -> None:
    """The service starts with uvicorn and GET /health answers"""
    if service.failure is not None:
        reason, _, log = str(service.failure).partition("; its log:\n")
        if "did not answer" in reason:  # it answered 5xx, or nothing
            reason += (
                " (the grader, like a load balancer, sends nothing else until GET /health "
                "answers without a server error)"
            )
        raise AssertionError(
            f"{reason}. Its log (read it from the bottom up):\n{_excerpt(log, service.folder, 60)}"
        )
    response = service.http().get("/health")
    assert response.status_code < 500, service.server_error(response, "GET /health")
    assert response.status_code == 200, (
        f"GET /health answered {response.status_code}, not 200; once the model is loaded "
        'at startup, health should answer 200 with {"status": "ok", ...}'
    )
    try:
        body = response.json()
    except ValueError:
        body = None
    assert isinstance(body, dict) and body.get("status") == "ok", (
        'GET /health should answer JSON with "status": "ok"; it answered '
        f"{response.text[:200]!r}"
    )


@pytest.mark.points(1)
def test_predict_scores_one_record(service: Service) -> None:
    """POST /predict scores one valid customer"""
    response = service.http().post("/predict", json=_one_record())
    assert response.status_code < 500, service.server_error(response, "POST /predict")
    assert response.status_code == 200, (
        f"POST /predict answered {response.status_code} to a valid customer (one record "
        f"from the course data); its answer: {response.text[:300]}"
    )
    body = response.json()
    probability = body.get("churn_probability") if isinstance(body, dict) else None
    assert isinstance(probability, float) and math.isfinite(probability), (
        "POST /predict should answer JSON with a number churn_probability; it answered "
        f"{response.text[:200]}"
    )
    assert 0.0 <= probability <= 1.0, (
        f"churn_probability is {probability}, not a probability between 0 and 1"
    )
    assert isinstance(body.get("will_churn"), bool), (
        "POST /predict should also answer will_churn: true or false"
    )

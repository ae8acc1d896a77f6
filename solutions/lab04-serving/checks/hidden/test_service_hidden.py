"""Lab 04 hidden checks: the running service, probed as a client would. Official grading only.

The server is started once for this module (uvicorn on a free loopback port, polled
until ``/health`` answers) and stopped after the last check. Every customer here comes
from seeds and months that appear nowhere in the student's lab. The offline model's
predictions come from the student's ``model.joblib``, loaded in the sandbox in one
process for the whole module.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pandas as pd
import pytest

from autograder.checks.student import RunningService, StudentCode
from autograder.errors import StudentCodeError
from autograder.sandbox import FunctionCall
from coursedata import FEATURES, generate_customers, load_training_data

SERVE = [
    sys.executable, "-u", "-m", "uvicorn", "api:app", "--host", "127.0.0.1", "--port", "{port}",
    "--no-access-log",
]
STARTUP_TIMEOUT_S = 20.0
TRACEBACK = "Traceback (most recent call last):"
STARTS = "The service starts with uvicorn and GET /health answers"
MAX_BATCH = 1000  # schema.MAX_BATCH, which students must not change
TOLERANCE = 1e-9  # JSON keeps every digit of a float: the service should match exactly
LATENCY_BUDGET_MS = 100.0  # p95 of POST /predict, one customer, over loopback
LATENCY_REQUESTS = 200
LATENCY_DEADLINE_S = 12.0
# On a busy grading machine everything is slower: the budget then becomes this many times
# the p95 of the model alone (timed in the sandbox), so that a service is judged by what it
# adds to the model, never by the machine's load.
MODEL_FACTOR = 3.0
MODEL_TIMINGS = 80
SMALL_ANSWER_BYTES = 10_000


@dataclass(frozen=True)
class Service:
    """The student's running server (or why it did not start), and the model's own answers."""

    folder: Path
    running: RunningService | None
    client: httpx.Client | None
    failure: StudentCodeError | None
    offline_answers: Future[dict[str, list[float]]]
    tracebacks_seen: list[int] = field(default_factory=lambda: [0])

    @property
    def student(self) -> StudentCode:
        return StudentCode(self.folder)

    def http(self) -> httpx.Client:
        """The client of the started service; fails the check when the service never started."""
        if self.client is None:
            raise AssertionError(
                f"the service did not start, so this check could not run (the check '{STARTS}' "
                f"says why). The end of its log:\n{_excerpt(str(self.failure), self.folder, 12)}"
            )
        return self.client

    def offline(self) -> dict[str, list[float]]:
        """The churn probabilities of model.joblib itself, loaded in the sandbox."""
        return self.offline_answers.result()

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
    """Start the service once for this module; meanwhile, score the hidden data offline."""
    folder = Path(request.config.getoption("--submission")).resolve()
    with ExitStack() as stack:
        pool = stack.enter_context(ThreadPoolExecutor(max_workers=1))
        offline = pool.submit(_offline_predictions, folder)  # while the server starts
        try:
            running = stack.enter_context(
                StudentCode(folder).serve(SERVE, startup_timeout_s=STARTUP_TIMEOUT_S)
            )
        except StudentCodeError as error:
            yield Service(folder, None, None, error, offline)
            return
        client = stack.enter_context(httpx.Client(base_url=running.url, timeout=15.0))
        yield Service(folder, running, client, None, offline)


def _offline_predictions(folder: Path) -> dict[str, list[float]]:
    model = folder / "model.joblib"
    if not model.is_file():
        raise StudentCodeError(
            "model.joblib is missing: run 01-serving.ipynb from the top, so that "
            "build_reference_model() writes it next to api.py"
        )
    frames = {"single": _single_frame(), "batch": _batch_frame()}
    answers = StudentCode(folder).call_many([
        FunctionCall(f"model:{model}", (frame,), method="predict_proba")
        for frame in frames.values()
    ])
    return {
        name: [float(row[1]) for row in answer]
        for name, answer in zip(frames, answers, strict=True)
    }


# ---- hidden data ----------------------------------------------------------------------


@cache
def _single_frame() -> pd.DataFrame:
    return generate_customers(20, seed=80923, start="2025-05", months=2)[list(FEATURES)]


@cache
def _batch_frame() -> pd.DataFrame:
    frame = generate_customers(400, seed=57314, start="2025-06", months=3, scenario="seasonal")
    return frame[list(FEATURES)].sample(frac=1.0, random_state=29861)


@cache
def _latency_records() -> list[dict[str, Any]]:
    return _records(generate_customers(200, seed=66172, start="2025-09", months=1))


@cache
def _base_record() -> dict[str, Any]:
    return _records(generate_customers(1, seed=91538, start="2025-11", months=1))[0]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [dict(row) for row in frame[list(FEATURES)].to_dict(orient="records")]


@cache
def _expected_metadata(folder: Path) -> dict[str, Any]:
    path = folder / "model_metadata.json"
    if not path.is_file():
        raise AssertionError(
            "model_metadata.json is missing: run 01-serving.ipynb from the top, so that "
            "build_reference_model() writes it"
        )
    return dict(json.loads(path.read_text()))


def _post_raw(
    client: httpx.Client, path: str, content: bytes | str, **headers: str
) -> httpx.Response:
    headers = {"content-type": "application/json", **headers}
    return client.post(path, content=content, headers=headers)


def _json_text(record: dict[str, Any], **replace: str) -> str:
    """The record as JSON, with some values replaced by raw JSON text (e.g. NaN)."""
    parts = [
        f"{json.dumps(key)}: {replace[key] if key in replace else json.dumps(value)}"
        for key, value in record.items()
    ]
    return "{" + ", ".join(parts) + "}"


# ---- predictions ----------------------------------------------------------------------


@pytest.mark.points(2)
def test_predict_matches_the_offline_model(service: Service) -> None:
    """POST /predict gives the offline model's churn probability for new customers"""
    client = service.http()
    offline = service.offline()["single"]
    version = str(_expected_metadata(service.folder)["version"])
    records = _records(_single_frame())
    for index, (record, expected) in enumerate(zip(records, offline, strict=True)):
        response = client.post("/predict", json=record)
        assert response.status_code < 500, service.server_error(response, "POST /predict")
        assert response.status_code == 200, (
            f"POST /predict answered {response.status_code} to a valid new customer "
            f"(age {record['age']}, {record['region']}, {record['plan']}, "
            f"{record['contract']}): {response.text[:300]}"
        )
        body = response.json()
        got = body.get("churn_probability") if isinstance(body, dict) else None
        assert isinstance(got, float) and abs(got - expected) <= TOLERANCE, (
            f"for new customer {index + 1} of {len(records)}, POST /predict answered "
            f"churn_probability {got!r}, but model.joblib's predict_proba gives {expected!r}. "
            "Answer the probability of class 1 unrounded, from a frame with the FEATURES columns"
        )
        assert body.get("will_churn") is (expected >= 0.5), (
            f"will_churn is {body.get('will_churn')!r} for a churn probability of "
            f"{expected:.3f}; it should be true exactly when the probability is at least "
            "THRESHOLD (0.5)"
        )
        assert str(body.get("model_version")) == version, (
            f"model_version is {body.get('model_version')!r}; the loaded model's version "
            f"(model_metadata.json) is {version!r}"
        )


@pytest.mark.points(2)
def test_batch_matches_the_offline_model_in_order(service: Service) -> None:
    """POST /predict/batch scores 400 new customers like the offline model, in order"""
    records = _records(_batch_frame())
    response = service.http().post("/predict/batch", json={"records": records})
    offline = service.offline()["batch"]
    assert response.status_code < 500, service.server_error(response, "POST /predict/batch")
    assert response.status_code == 200, (
        f"POST /predict/batch answered {response.status_code} to a valid batch of "
        f"{len(records)} new customers: {response.text[:300]}"
    )
    body = response.json()
    predictions = body.get("predictions") if isinstance(body, dict) else None
    assert isinstance(predictions, list) and len(predictions) == len(records), (
        f"POST /predict/batch should answer one prediction per record ({len(records)}) in "
        f"{{\"predictions\": [...]}}; it answered {response.text[:200]}"
    )
    got = [p.get("churn_probability") if isinstance(p, dict) else None for p in predictions]
    wrong = [
        i for i, (value, expected) in enumerate(zip(got, offline, strict=True))
        if not isinstance(value, float) or abs(value - expected) > TOLERANCE
    ]
    if wrong:
        reordered = sorted(v for v in got if isinstance(v, float)) == sorted(offline)
        hint = (
            "the probabilities are right but in another order: answer them in the order of "
            "the records" if reordered else
            "score the frame of all the records with one predict_proba call"
        )
        first = wrong[0]
        raise AssertionError(
            f"{len(wrong)} of {len(records)} batch predictions differ from model.joblib's "
            f"(record {first}: {got[first]!r} instead of {offline[first]!r}); {hint}"
        )
    flags = [p.get("will_churn") for p in predictions]
    assert flags == [p >= 0.5 for p in offline], (
        "some will_churn values in the batch answer do not match churn_probability >= 0.5"
    )


# ---- the contract at the edge ---------------------------------------------------------

Body = dict[str, Any] | str  # a JSON object, or raw JSON text (NaN and Infinity are not JSON)


def _send(client: httpx.Client, path: str, body: Body) -> httpx.Response:
    if isinstance(body, str):
        return _post_raw(client, path, body)
    return client.post(path, json=body)


def _expect_422(service: Service, cases: list[tuple[str, str, Body, str]]) -> None:
    """Each case: (what is wrong, path, body, the field the answer should name)."""
    client = service.http()
    for what, path, body, named in cases:
        response = _send(client, path, body)
        where = f"POST {path} with {what}"
        assert response.status_code < 500, service.server_error(response, where)
        assert response.status_code == 422, (
            f"{where} answered {response.status_code}, not 422: {response.text[:200]}. "
            "The schema should reject it before anything reaches the model"
        )
        assert named in response.text, (
            f"{where} answered 422, but the answer does not name the field {named!r}: "
            f"{response.text[:300]}. Say which field is wrong"
        )


def _without(record: dict[str, Any], field: str) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != field}


@pytest.mark.points(1)
def test_wrong_types_and_missing_fields_answer_422(service: Service) -> None:
    """Wrong types and missing fields get 422 naming the field, single and in a batch"""
    base = _base_record()
    _expect_422(service, [
        ('age "forty-two"', "/predict", {**base, "age": "forty-two"}, "age"),
        ("age 42.5", "/predict", {**base, "age": 42.5}, "age"),
        ('monthly_charges "cheap"', "/predict", {**base, "monthly_charges": "cheap"},
         "monthly_charges"),
        ("region 3", "/predict", {**base, "region": 3}, "region"),
        ("no tenure_months", "/predict", _without(base, "tenure_months"), "tenure_months"),
        ("a record without plan in a batch", "/predict/batch",
         {"records": [base, base, _without(base, "plan")]}, "plan"),
        ("records as a string", "/predict/batch", {"records": "all customers"}, "records"),
    ])


@pytest.mark.points(1)
def test_values_outside_the_contract_answer_422(service: Service) -> None:
    """Unknown categories, impossible values, NaN, infinity and extra fields get 422"""
    base = _base_record()
    nan_batch = f'{{"records": [{json.dumps(base)}, {_json_text(base, data_usage_gb="NaN")}]}}'
    _expect_422(service, [
        ('region "atlantis"', "/predict", {**base, "region": "atlantis"}, "region"),
        ('plan "Premium"', "/predict", {**base, "plan": "Premium"}, "plan"),
        ("age 17", "/predict", {**base, "age": 17}, "age"),
        ("late_payments 13", "/predict", {**base, "late_payments": 13}, "late_payments"),
        ("support_calls -1", "/predict", {**base, "support_calls": -1}, "support_calls"),
        ("data_usage_gb NaN", "/predict", _json_text(base, data_usage_gb="NaN"),
         "data_usage_gb"),
        ("monthly_charges Infinity", "/predict", _json_text(base, monthly_charges="Infinity"),
         "monthly_charges"),
        ("an extra field email", "/predict", {**base, "email": "ada@example.org"}, "email"),
        ("a NaN inside a batch", "/predict/batch", nan_batch, "data_usage_gb"),
    ])


@pytest.mark.points(1)
def test_batch_size_is_bounded(service: Service) -> None:
    """Batches are limited to 1000 records; larger or empty ones get a short 422"""
    client = service.http()
    record = _base_record()
    full = client.post("/predict/batch", json={"records": [record] * MAX_BATCH})
    assert full.status_code < 500, service.server_error(full, f"a batch of {MAX_BATCH}")
    assert full.status_code == 200 and len(full.json().get("predictions", [])) == MAX_BATCH, (
        f"a batch of exactly MAX_BATCH ({MAX_BATCH}) records should be scored; the answer "
        f"was {full.status_code}: {full.text[:200]}"
    )
    for size in (MAX_BATCH + 1, 5 * MAX_BATCH, 0):
        started = time.monotonic()
        response = client.post("/predict/batch", json={"records": [record] * size})
        seconds = time.monotonic() - started
        assert response.status_code < 500, service.server_error(response, f"a batch of {size}")
        assert response.status_code == 422, (
            f"a batch of {size} records answered {response.status_code}, not 422: batches "
            f"hold 1 to MAX_BATCH ({MAX_BATCH}) records (Field(min_length=..., max_length=...))"
        )
        assert len(response.content) <= SMALL_ANSWER_BYTES, (
            f"the 422 answer to a batch of {size} records is {len(response.content):,} bytes: "
            "it echoes the request back. Answer the problems (field and message), never the "
            "input (write validation_error_handler)"
        )
        assert seconds < 5.0, (
            f"rejecting a batch of {size} records took {seconds:.1f} s; reject it by its "
            "length before doing any work on it"
        )


@pytest.mark.points(1)
def test_hostile_requests_get_4xx_and_the_service_survives(service: Service) -> None:
    """Junk requests (not JSON, deeply nested, huge values) get 4xx and never crash it"""
    client = service.http()
    base = _base_record()
    nested = "[" * 500 + "]" * 500
    cases: list[tuple[str, str, bytes | str, dict[str, str]]] = [
        ("a body that is not JSON", "/predict", "churn?", {}),
        ("truncated JSON", "/predict", '{"age": 40, "region": ', {}),
        ("an empty body", "/predict", "", {}),
        ("a JSON list instead of an object", "/predict", "[1, 2, 3]", {}),
        ("a JSON string instead of an object", "/predict/batch", '"records"', {}),
        ("200,000 nested brackets", "/predict", "[" * 100_000 + "]" * 100_000, {}),
        ("500 nested lists as age", "/predict", _json_text(base, age=nested), {}),
        ("500 nested lists as records", "/predict/batch", '{"records": ' + nested + "}", {}),
        ("a one-million-digit age", "/predict", _json_text(base, age=f'"{"9" * 1_000_000}"'), {}),
        ("a text/plain body", "/predict", json.dumps(base), {"content-type": "text/plain"}),
    ]
    for what, path, content, headers in cases:
        response = _post_raw(client, path, content, **headers)
        where = f"POST {path} with {what}"
        assert response.status_code < 500, service.server_error(response, where)
        assert 400 <= response.status_code < 500, (
            f"{where} answered {response.status_code}; a request the service "
            "cannot understand should get a 4xx answer (400 or 422)"
        )
    health = client.get("/health")
    assert health.status_code == 200, (
        f"after the junk requests, GET /health answered {health.status_code}: the service "
        "should survive any request a client sends"
    )
    again = client.post("/predict", json=base)
    assert again.status_code == 200, (
        f"after the junk requests, a valid POST /predict answered {again.status_code}"
    )


# ---- metadata and latency ---------------------------------------------------------------


@pytest.mark.points(1)
def test_metadata_names_model_version_and_data(service: Service) -> None:
    """GET /metadata names the model, its version and the hash of its training data"""
    expected = _expected_metadata(service.folder)
    data_hash = _training_data_sha256()
    response = service.http().get("/metadata")
    assert response.status_code < 500, service.server_error(response, "GET /metadata")
    assert response.status_code == 200, f"GET /metadata answered {response.status_code}"
    body = response.json()
    assert isinstance(body, dict), "GET /metadata should answer a JSON object"
    missing = [key for key in ("name", "version", "training_data_sha256") if key not in body]
    assert not missing, (
        f"GET /metadata does not answer {missing}: without them nobody can tell which model "
        "made a prediction, or which data it learned from. Answer model_metadata.json as it is"
    )
    for key in ("name", "version"):
        assert str(body[key]) == str(expected[key]), (
            f"GET /metadata answers {key} {body[key]!r}, but the loaded model's "
            f"model_metadata.json says {expected[key]!r}"
        )
    assert body["training_data_sha256"] == data_hash, (
        f"GET /metadata answers training_data_sha256 {str(body['training_data_sha256'])[:16]}"
        "..., which is not the fingerprint of the course's training data; answer the value in "
        "model_metadata.json, as build_reference_model() wrote it"
    )


@cache
def _training_data_sha256() -> str:
    import hashlib

    canonical = load_training_data().to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _latencies_ms(
    client: httpx.Client, records: list[dict[str, Any]], *, count: int, seconds: float
) -> list[float]:
    """Time POST /predict, one customer per request: ``count`` requests, or ``seconds``."""
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    while len(latencies) < count and time.monotonic() < deadline:
        record = records[len(latencies) % len(records)]
        started = time.perf_counter()
        response = client.post("/predict", json=record)
        latencies.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (
            f"POST /predict answered {response.status_code} during the latency test"
        )
    return latencies


@pytest.mark.points(1)
def test_p95_latency_within_budget(service: Service) -> None:
    """The p95 latency of POST /predict is within its budget (100 ms) over 200 requests"""
    client = service.http()
    records = _latency_records()
    for record in records[:10]:  # warm up: first requests pay for lazy imports and caches
        warm = client.post("/predict", json=record)
        assert warm.status_code == 200, (
            f"POST /predict answered {warm.status_code} to a valid customer: {warm.text[:200]}"
        )
    latencies = _latencies_ms(
        client, records, count=LATENCY_REQUESTS, seconds=LATENCY_DEADLINE_S
    )
    p95, median = float(np.percentile(latencies, 95)), float(np.median(latencies))
    budget, why = LATENCY_BUDGET_MS, f"{LATENCY_BUDGET_MS:.0f} ms"
    if p95 > budget:  # a slow service, or a busy grading machine? Time the model alone.
        alone = service.student.call(
            "autograder.probes.serving:model_latencies_ms",
            str(service.folder / "model.joblib"), records[:MODEL_TIMINGS],
        )
        model_p95 = float(np.percentile(alone, 95))
        if MODEL_FACTOR * model_p95 > budget:
            budget = MODEL_FACTOR * model_p95
            why = (
                f"{budget:.0f} ms: the grading machine was busy, and the model alone took "
                f"{model_p95:.0f} ms (p95); the budget is then {MODEL_FACTOR:g} times that"
            )
        if p95 > budget:  # measure once more: one burst of load should not decide
            again = _latencies_ms(
                client, records, count=LATENCY_REQUESTS // 2, seconds=LATENCY_DEADLINE_S / 2
            )
            if np.percentile(again, 95) < p95:
                latencies = again
                p95, median = float(np.percentile(again, 95)), float(np.median(again))
    print(f"p95 {p95:.1f} ms, median {median:.1f} ms, {len(latencies)} requests; budget {why}")
    assert p95 <= budget, (
        f"over {len(latencies)} requests, the p95 latency of POST /predict was {p95:.0f} ms "
        f"(median {median:.0f} ms), above its budget of {why}. Load the model once at "
        "startup (lifespan), never per request, and do no other slow work (files, training, "
        "hashing) while answering"
    )

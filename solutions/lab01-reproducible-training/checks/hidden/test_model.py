"""Lab 01 hidden checks of the training side: run only by official grading.

Every batch here is drawn with seeds and months that appear nowhere in the student's lab.
Starting Python and importing scikit-learn costs seconds, so the student calls of this
module share one sandboxed process (:func:`_shared`); only the determinism check needs a
second process of its own, on purpose.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from autograder.errors import StudentCodeError
from autograder.sandbox import FunctionCall
from coursedata import TARGET, corrupt_batch, generate_customers, load_training_data

AUC_THRESHOLD = 0.72  # the reference scores about 0.8 on fresh months, a majority model 0.5
SEED = 25555
CUTOFF = "2023-03"


@cache
def _auc_batch() -> pd.DataFrame:
    return generate_customers(3000, seed=72566, start="2025-03", months=1)


@cache
def _unseen_batch() -> pd.DataFrame:
    clean = generate_customers(400, seed=43359, start="2025-04", months=1)
    return corrupt_batch(clean, "unseen_category", seed=19472, fraction=0.25)


@cache
def _determinism_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    data = generate_customers(1500, seed=33408, start="2023-02", months=6)
    return data.iloc[:1200], data.iloc[1200:]


@cache
def _split_frame() -> pd.DataFrame:
    frame = generate_customers(1000, seed=84697, start="2022-11", months=8)
    return frame.sample(frac=1.0, random_state=10140)


@cache
def _fingerprint_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    data = load_training_data()
    changed = data.copy()
    changed.iloc[0, changed.columns.get_loc("support_calls")] += 1
    return data, changed


def _shared_calls(folder: Path) -> dict[str, FunctionCall]:
    train, test = _determinism_data()
    data, changed = _fingerprint_frames()
    calls = {
        "fit_predict": FunctionCall("training:fit_predict", (train, test, SEED)),
        "split": FunctionCall("training:split_by_time", (_split_frame(), CUTOFF)),
        "fingerprint": FunctionCall("training:dataset_fingerprint", (data,)),
        "fingerprint_changed": FunctionCall("training:dataset_fingerprint", (changed,)),
    }
    model = (folder / "model.joblib").resolve()
    if model.is_file():
        for name, batch in (("auc", _auc_batch()), ("unseen", _unseen_batch())):
            calls[name] = FunctionCall(
                f"model:{model}", (batch.drop(columns=[TARGET]),), method="predict_proba"
            )
    return calls


_NOT_SHARED = object()
_SHARED: dict[str, dict[str, Any] | None] = {}


def _shared(student, name: str) -> Any:
    """The answer to call ``name`` from the module's shared process, or ``_NOT_SHARED``.

    When any of the shared calls raises, the shared run is dropped and each check makes
    its own call instead, so that every check still gets its own verdict and message.
    """
    key = str(student.folder)
    if key not in _SHARED:
        calls = _shared_calls(student.folder)
        try:
            answers = student.call_many(list(calls.values()))
            _SHARED[key] = dict(zip(calls, answers, strict=True))
        except StudentCodeError:
            _SHARED[key] = None
    answers = _SHARED[key]
    if answers is None or name not in answers:
        return _NOT_SHARED
    return answers[name]


def _predict(student, name: str, batch: pd.DataFrame) -> Any:
    answer = _shared(student, name)
    if answer is _NOT_SHARED:
        answer = student.predict(
            "model.joblib", batch.drop(columns=[TARGET]), method="predict_proba"
        )
    return answer


def _churn_column(probabilities: Any, rows: int) -> list[float]:
    assert (
        isinstance(probabilities, list)
        and len(probabilities) == rows
        and all(isinstance(row, list) and len(row) == 2 for row in probabilities)
    ), "predict_proba of model.joblib should give one (stay, churn) pair per customer"
    churn = [row[1] for row in probabilities]
    assert all(isinstance(p, int | float) and math.isfinite(p) for p in churn), (
        "the model returned missing or infinite probabilities"
    )
    return churn


@pytest.mark.points(2)
def test_model_ranks_churners_on_an_unseen_month(student):
    """The saved model reaches ROC AUC 0.72 on a month it has never seen"""
    batch = _auc_batch()
    churn = _churn_column(_predict(student, "auc", batch), len(batch))
    auc = roc_auc_score(batch[TARGET], churn)
    assert auc >= AUC_THRESHOLD, (
        f"on a later month of new customers the model's ROC AUC is {auc:.3f}, below "
        f"{AUC_THRESHOLD}; a working pipeline reaches about 0.8. Train on the features, "
        "with the preprocessing inside the pipeline, and check your test score in the notebook"
    )


@pytest.mark.points(2)
def test_training_is_deterministic(student):
    """Training twice with the same seed, in two processes, gives identical predictions"""
    train, test = _determinism_data()
    first = _shared(student, "fit_predict")
    if first is _NOT_SHARED:
        first = student.call("training:fit_predict", train, test, SEED)
    second = student.call("training:fit_predict", train, test, SEED)  # a process of its own
    assert isinstance(first, list) and len(first) == len(test), (
        "fit_predict should return one churn probability per test row"
    )
    assert first == second, (
        "training twice with the same data and seed gave different predictions: pass "
        "random_state=seed to the classifier in build_pipeline (and to anything else random)"
    )


@pytest.mark.points(1)
def test_split_is_time_based(student):
    """split_by_time cuts at the month, also on data it has never seen"""
    frame = _split_frame()
    answer = _shared(student, "split")
    if answer is _NOT_SHARED:
        answer = student.call("training:split_by_time", frame, CUTOFF)
    assert isinstance(answer, list) and len(answer) == 2, (
        "split_by_time should return a pair of DataFrames: (train, test)"
    )
    parts = []
    for name, part in zip(("train", "test"), answer, strict=True):
        assert isinstance(part, dict) and {"customer_id", "month"} <= set(part), (
            f"{name} should be a DataFrame with all the columns of the input"
        )
        parts.append(
            pd.DataFrame(
                {"customer_id": part["customer_id"], "month": pd.to_datetime(part["month"])}
            )
        )
    train, test = parts
    cutoff = pd.Timestamp(CUTOFF)
    assert (train["month"] < cutoff).all(), (
        "on other data, train holds rows from the cutoff month or later: a time-based split "
        "puts every row before the cutoff in train, and nothing else"
    )
    assert (test["month"] >= cutoff).all(), (
        "on other data, test holds rows from before the cutoff: a random or positional "
        "split leaks the future into training; compare the month column with the cutoff"
    )
    expected_train = sorted(frame.loc[frame["month"] < cutoff, "customer_id"])
    expected_test = sorted(frame.loc[frame["month"] >= cutoff, "customer_id"])
    assert (
        sorted(train["customer_id"]) == expected_train
        and sorted(test["customer_id"]) == expected_test
    ), "on other data, some rows were lost, duplicated or put on the wrong side"


@pytest.mark.points(1)
def test_model_copes_with_unseen_categories(student, submission):
    """The saved model still predicts when a batch holds categories it never saw"""
    assert (submission / "model.joblib").is_file(), (
        "model.joblib is missing: run 01-training.ipynb to the end so it saves the model"
    )
    batch = _unseen_batch()
    try:
        probabilities = _predict(student, "unseen", batch)
    except StudentCodeError as error:
        raise AssertionError(
            f"{error}. A new region or plan should not crash the model: one-hot encode with "
            "OneHotEncoder(handle_unknown='ignore')"
        ) from None
    churn = _churn_column(probabilities, len(batch))
    assert all(0.0 <= p <= 1.0 for p in churn), (
        "with unseen categories the model returned probabilities outside 0 to 1"
    )


@pytest.mark.points(1)
def test_metrics_record_the_data_fingerprint(student, submission):
    """metrics.json records the fingerprint of the training data"""
    path = submission / "metrics.json"
    assert path.is_file(), "metrics.json is missing: run 01-training.ipynb to the end"
    try:
        recorded = json.loads(path.read_text()).get("data_sha256")
    except (ValueError, AttributeError):
        raise AssertionError("metrics.json is not a valid JSON object") from None
    fingerprint = _shared(student, "fingerprint")
    changed = _shared(student, "fingerprint_changed")
    if fingerprint is _NOT_SHARED or changed is _NOT_SHARED:
        fingerprint, changed = student.call_many(
            [
                FunctionCall("training:dataset_fingerprint", (frame,))
                for frame in _fingerprint_frames()
            ]
        )
    assert isinstance(fingerprint, str) and re.fullmatch(r"[0-9a-f]{64}", fingerprint), (
        "dataset_fingerprint should return 64 lowercase hex digits (hashlib's hexdigest)"
    )
    assert recorded == fingerprint, (
        f"metrics.json's data_sha256 ({str(recorded)[:12]}...) differs from what "
        f"dataset_fingerprint gives for the training data in a fresh process "
        f"({fingerprint[:12]}...): record the fingerprint of the whole data set you loaded, "
        "and make sure it does not change between Python processes (no built-in hash())"
    )
    assert changed != fingerprint, (
        "changing one value of the training data did not change its fingerprint"
    )

"""Lab 02 hidden checks: the champion, loaded by its alias, and the runs' lineage.

Loading a logged model unpickles it, so every model is loaded inside the sandbox by the
kit's probes (``autograder.probes.mlflow_registry``), from the store in the student's
folder, never in this process. The run metadata is read here, from a copy of the store.
All sandboxed work of this module shares one process (:func:`_shared`): importing MLflow
and scikit-learn costs seconds.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from autograder.errors import StudentCodeError
from autograder.probes.mlflow_registry import RegisteredVersion, StoreSnapshot, read_store
from autograder.sandbox import FunctionCall
from coursedata import FEATURES, TARGET, generate_customers, load_training_data

EXPERIMENT = "churn-sweep"
MODEL_NAME = "churn-classifier"
CHAMPION = "champion"
METRIC = "val_roc_auc"
DEFAULT_CUTOFF = "2024-10"
PROBES = "autograder.probes.mlflow_registry"
REPRODUCE_TOLERANCE = 1e-6  # the same rows, the same model: only float noise may differ
LATER_TOLERANCE = 0.03  # new customers, later months: the reference differs by about 0.01
NOTEBOOK = "02-tracking-and-registry.ipynb"
LATER_FLOOR = 0.78  # the reference champion scores about 0.83 there, a majority model 0.5


@cache
def _snapshot(folder: Path) -> StoreSnapshot | None:
    try:
        return read_store(folder, experiment=EXPERIMENT, model_name=MODEL_NAME)
    except Exception:  # missing or unreadable: the visible checks say why
        return None


def _champion(folder: Path) -> tuple[StoreSnapshot, RegisteredVersion]:
    snapshot = _snapshot(folder)
    assert snapshot is not None and snapshot.experiment_id, (
        f"there is no readable mlflow.db with the experiment {EXPERIMENT!r}: run "
        f"{NOTEBOOK} from the top"
    )
    champion = snapshot.aliases.get(CHAMPION)
    assert champion is not None, (
        f"the registered model {MODEL_NAME!r} has no alias {CHAMPION!r}: run {NOTEBOOK} "
        "to the end (part 2 registers the champion)"
    )
    return snapshot, champion


def _champion_run_params(folder: Path) -> dict[str, str]:
    snapshot = _snapshot(folder)
    if snapshot is None or CHAMPION not in snapshot.aliases:
        return {}
    run_id = snapshot.aliases[CHAMPION].run_id
    return next((run.params for run in snapshot.runs if run.run_id == run_id), {})


def _cutoff(folder: Path) -> str:
    """The champion run's own cutoff when it logged a sensible one, else the lab's."""
    cutoff = _champion_run_params(folder).get("cutoff", "")
    if re.fullmatch(r"2024-(0[2-9]|1[0-2])", cutoff):
        return cutoff
    return DEFAULT_CUTOFF


@cache
def _training_data() -> pd.DataFrame:
    return load_training_data()


def _split(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    data = _training_data()
    later = data["month"] >= pd.Timestamp(_cutoff(folder))
    return data.loc[~later], data.loc[later]


@cache
def _later_months() -> pd.DataFrame:
    return generate_customers(6000, seed=80923, start="2025-02", months=3)


def _calls(folder: Path) -> dict[str, FunctionCall]:
    """Every sandboxed call of this module, by name (the champion's only if it has one)."""
    train, valid = _split(folder)
    snapshot = _snapshot(folder)
    run_ids = [run.run_id for run in snapshot.runs if run.status == "FINISHED"] if snapshot else []
    calls = {
        "fingerprint": FunctionCall("training:dataset_fingerprint", (_training_data(),)),
        "params": FunctionCall(f"{PROBES}:run_model_params", (run_ids,)),
    }
    if snapshot is None or CHAMPION not in snapshot.aliases:
        return calls  # the champion checks fail on their own, without loading anything
    for name, frame in (("valid", valid), ("train", train), ("later", _later_months())):
        calls[name] = FunctionCall(
            f"{PROBES}:alias_predictions", (frame[list(FEATURES)],),
            {"name": MODEL_NAME, "alias": CHAMPION},
        )
    return calls


_SHARED: dict[str, dict[str, Any] | None] = {}


def _answer(student, name: str) -> Any:
    """The answer to call ``name``: from the module's shared process when every call worked.

    When one of the shared calls raises, each check makes its own call instead, so that it
    gets its own verdict and message.
    """
    key = str(student.folder)
    calls = _calls(student.folder)
    if key not in _SHARED:
        try:
            _SHARED[key] = dict(zip(calls, student.call_many(list(calls.values())), strict=True))
        except StudentCodeError:
            _SHARED[key] = None
    shared = _SHARED[key]
    if shared is not None:
        return shared[name]
    (answer,) = student.call_many([calls[name]])
    return answer


def _churn(student, name: str, rows: int) -> list[float]:
    """The champion's churn probabilities for the frame ``name``; fails with the load error."""
    try:
        answer = _answer(student, name)
    except StudentCodeError as error:
        raise AssertionError(
            f"the champion could not be loaded by its alias models:/{MODEL_NAME}@{CHAMPION} "
            f"and used: {error}. Log it with mlflow.sklearn.log_model(..., "
            "serialization_format='cloudpickle'), keep mlflow.db and the artifact folder "
            "together, and check that part 2's load_model cell works"
        ) from None
    probabilities = answer["predictions"]
    assert (
        isinstance(probabilities, list)
        and len(probabilities) == rows
        and all(isinstance(row, list) and len(row) == 2 for row in probabilities)
    ), "the champion's predict_proba should give one (stay, churn) pair per customer"
    return [row[1] for row in probabilities]


@pytest.mark.points(1)
def test_champion_loads_by_alias(student, submission):
    """The champion loads by its alias and predicts churn probabilities for new customers"""
    _, champion = _champion(submission)
    churn = _churn(student, "later", len(_later_months()))
    assert all(isinstance(p, float) and 0.0 <= p <= 1.0 for p in churn), (
        "the champion's churn probabilities should all be numbers between 0 and 1"
    )
    assert _answer(student, "later")["version"] == champion.version, (
        "the alias resolved to another version while grading; do not move it concurrently"
    )


@pytest.mark.points(2)
def test_champion_metric_is_measured_on_the_validation_months(student, submission):
    """The champion's logged val_roc_auc is what it scores on the held-out months"""
    snapshot, champion = _champion(submission)
    run = next(run for run in snapshot.runs if run.run_id == champion.run_id)
    logged = run.metrics.get(METRIC)
    assert logged is not None, f"the champion's run has no metric {METRIC}"
    train, valid = _split(submission)
    on_valid = roc_auc_score(valid[TARGET], _churn(student, "valid", len(valid)))
    if abs(on_valid - logged) <= REPRODUCE_TOLERANCE:
        return
    on_train = roc_auc_score(train[TARGET], _churn(student, "train", len(train)))
    if abs(on_train - logged) <= REPRODUCE_TOLERANCE:
        raise AssertionError(
            f"the champion's logged {METRIC} is {logged:.4f}, exactly its ROC AUC on the "
            f"training months; on the held-out months from {_cutoff(submission)} it scores "
            f"{on_valid:.4f}. Compute val_roc_auc on valid, not on the rows the model learned "
            "from, in train_and_score: a score on training rows rewards memorising"
        )
    raise AssertionError(
        f"the champion's logged {METRIC} is {logged:.4f}, but on the held-out months from "
        f"{_cutoff(submission)} it scores {on_valid:.4f}. Log the ROC AUC of the churn "
        "probability (predict_proba) on valid, for the model the run logs"
    )


@pytest.mark.points(2)
def test_champion_holds_up_on_later_months(student, submission):
    """On later months of new customers the champion scores close to its logged val_roc_auc"""
    snapshot, champion = _champion(submission)
    run = next(run for run in snapshot.runs if run.run_id == champion.run_id)
    logged = run.metrics.get(METRIC)
    assert logged is not None, f"the champion's run has no metric {METRIC}"
    later = _later_months()
    auc = roc_auc_score(later[TARGET], _churn(student, "later", len(later)))
    assert auc >= LATER_FLOOR, (
        f"on later months of new customers the champion's ROC AUC is {auc:.3f}, below "
        f"{LATER_FLOOR}; the forests of the lab reach about 0.83 there"
    )
    assert abs(auc - logged) <= LATER_TOLERANCE, (
        f"the champion's logged {METRIC} is {logged:.3f}, but on later months of new "
        f"customers it scores {auc:.3f}: the logged score promises what the model does not "
        "deliver. Score each run on the held-out validation months, never on its training rows"
    )


@pytest.mark.points(1)
def test_runs_record_the_training_data_fingerprint(student, submission):
    """Every run's data_sha256 tag is the fingerprint of the training data"""
    snapshot = _snapshot(submission)
    runs = [run for run in snapshot.runs if run.status == "FINISHED"] if snapshot else []
    assert runs, f"there are no finished runs of {EXPERIMENT!r}: run {NOTEBOOK}"
    fingerprint = _answer(student, "fingerprint")
    wrong = [run.run_id[:8] for run in runs if run.tags.get("data_sha256") != fingerprint]
    assert not wrong, (
        f"the runs {wrong} do not record the fingerprint of the training data "
        f"(dataset_fingerprint(load_training_data()) is {str(fingerprint)[:12]}...): tag "
        "every run with the fingerprint of the whole data set you loaded, before the split"
    )


def _param(params: dict[str, Any], name: str) -> tuple[str, Any] | None:
    """The model parameter ``name`` of the step that has ``n_estimators`` (the forest)."""
    suffix = "n_estimators"
    step = next((key[: -len(suffix)] for key in params if key.endswith(suffix)), None)
    if step is None or f"{step}{name}" not in params:
        return None
    return f"{step}{name}", params[f"{step}{name}"]


@pytest.mark.points(1)
def test_logged_params_describe_the_models(student, submission):
    """Each run's logged hyper-parameters and seed are the ones its model was trained with"""
    snapshot = _snapshot(submission)
    runs = [run for run in snapshot.runs if run.status == "FINISHED"] if snapshot else []
    assert runs, f"there are no finished runs of {EXPERIMENT!r}: run {NOTEBOOK}"
    models = _answer(student, "params")
    for run in runs:
        name = run.run_id[:8]
        answer = models.get(run.run_id, {})
        assert "params" in answer, (
            f"the model of run {name} could not be loaded: {answer.get('error', 'not found')}"
        )
        for logged_name, model_name in (
            ("n_estimators", "n_estimators"),
            ("max_depth", "max_depth"),
            ("min_samples_leaf", "min_samples_leaf"),
            ("seed", "random_state"),
        ):
            found = _param(answer["params"], model_name)
            assert found is not None, f"the model of run {name} is not a random forest pipeline"
            key, value = found
            assert str(value) == run.params.get(logged_name), (
                f"run {name} logged {logged_name}={run.params.get(logged_name)!r}, but its "
                f"model has {key}={value!r}: log the params of the model you log, in the same run"
            )

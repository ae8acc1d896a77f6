"""Lab 02 checks you can run yourself: ``make check LAB=02``.

They read the tracking store the notebook leaves next to it (``mlflow.db`` and the
artifact folder) from a copy, so your store is never changed. Like official grading, the
self-check first runs the notebook from the top in a fresh folder: what is checked is
the store your code makes, not one left over from earlier attempts.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

import pytest

from autograder.probes.mlflow_registry import LoggedRun, StoreSnapshot, read_store
from coursedata import FEATURES, PII_COLUMNS, TARGET

EXPERIMENT = "churn-sweep"
MODEL_NAME = "churn-classifier"
CHAMPION = "champion"
METRIC = "val_roc_auc"
HYPERPARAMETERS = ("n_estimators", "max_depth", "min_samples_leaf")
REQUIRED_PARAMS = (*HYPERPARAMETERS, "seed", "cutoff")
REQUIRED_METRICS = ("val_roc_auc", "val_accuracy", "train_roc_auc")
REQUIRED_TAGS = ("git_commit", "data_sha256")
MIN_RUNS = 4
NOTEBOOK = "02-tracking-and-registry.ipynb"


@cache
def _read(folder: Path) -> tuple[StoreSnapshot | None, str]:
    """The store, read once per check session: (snapshot, "") or (None, why not)."""
    try:
        return read_store(folder, experiment=EXPERIMENT, model_name=MODEL_NAME), ""
    except FileNotFoundError as error:
        return None, str(error)
    except Exception as error:  # not an MLflow store, or a damaged one
        return None, (
            f"mlflow.db could not be read as an MLflow tracking store ({type(error).__name__}: "
            f"{str(error)[:200]}); delete mlflow.db and the artifact folder and run the "
            "notebook from the top"
        )


def _sweep(folder: Path) -> StoreSnapshot:
    snapshot, problem = _read(folder)
    assert snapshot is not None, problem
    assert snapshot.experiment_id, (
        f"mlflow.db has no experiment named {EXPERIMENT!r}: run {NOTEBOOK} from the top; "
        "configure_tracking() creates it"
    )
    return snapshot


def _finished(snapshot: StoreSnapshot) -> list[LoggedRun]:
    return [run for run in snapshot.runs if run.status == "FINISHED"]


@pytest.mark.points(1)
def test_store_holds_the_sweep_experiment(submission):
    """mlflow.db holds the experiment churn-sweep, with its artifacts in the lab folder"""
    snapshot = _sweep(submission)
    assert snapshot.artifact_folder is not None, (
        f"the experiment {EXPERIMENT!r} keeps its artifacts at {snapshot.artifact_location}, "
        "which is not a folder inside the lab folder (or no run has written to it yet). "
        "Create the experiment with artifact_location=str(Path(ARTIFACT_FOLDER).resolve()) "
        "so the models live next to mlflow.db"
    )


@pytest.mark.points(2)
def test_sweep_runs_are_complete(submission):
    """At least 4 finished runs, each with the required params, metrics and tags"""
    runs = _finished(_sweep(submission))
    assert len(runs) >= MIN_RUNS, (
        f"the experiment {EXPERIMENT!r} has {len(runs)} finished run(s); the sweep of "
        f"the notebook should log at least {MIN_RUNS}, one per setting"
    )
    for run in runs:
        name = run.run_id[:8]
        missing = [
            *(f"param {key}" for key in REQUIRED_PARAMS if key not in run.params),
            *(f"metric {key}" for key in REQUIRED_METRICS if key not in run.metrics),
            *(f"tag {key}" for key in REQUIRED_TAGS if key not in run.tags),
        ]
        assert not missing, (
            f"run {name} of {EXPERIMENT!r} lacks {', '.join(missing)}: every run should go "
            "through log_sweep_run with the params, metrics and tags of the sweep"
        )
        for key in REQUIRED_METRICS:
            value = run.metrics[key]
            assert math.isfinite(value) and 0.0 <= value <= 1.0, (
                f"run {name}: {key} is {value}, not a score between 0 and 1"
            )
        commit = run.tags["git_commit"]
        assert re.fullmatch(r"[0-9a-f]{40}", commit) or commit == "uncommitted", (
            f"run {name}: the tag git_commit is {commit!r}; it should be a 40-hex commit "
            "hash or 'uncommitted' (git_commit())"
        )
        assert re.fullmatch(r"[0-9a-f]{64}", run.tags["data_sha256"]), (
            f"run {name}: the tag data_sha256 should be 64 hex digits (dataset_fingerprint)"
        )
    settings = {tuple(run.params[key] for key in HYPERPARAMETERS) for run in runs}
    assert len(settings) >= MIN_RUNS, (
        f"the runs try only {len(settings)} different setting(s) of {list(HYPERPARAMETERS)}; "
        f"a sweep of at least {MIN_RUNS} different settings is asked for"
    )
    varied = [
        key for number, key in enumerate(HYPERPARAMETERS)
        if len({setting[number] for setting in settings}) > 1
    ]
    assert len(varied) >= 2, (
        f"the sweep varies only {varied}; vary at least two of {list(HYPERPARAMETERS)}"
    )


@pytest.mark.points(1)
def test_every_run_logged_a_described_model(submission):
    """Every run logged its model with a signature and an input example"""
    runs = _finished(_sweep(submission))
    assert runs, f"the experiment {EXPERIMENT!r} has no finished run: run {NOTEBOOK}"
    for run in runs:
        name = run.run_id[:8]
        assert run.model_folder is not None, (
            f"run {name} has no model that can be found in the lab folder ({run.model_problem}); "
            "log it inside the run with mlflow.sklearn.log_model"
        )
        description = run.mlmodel
        assert "sklearn" in description.get("flavors", {}), (
            f"run {name}: log the model with mlflow.sklearn.log_model"
        )
        signature = description.get("signature") or {}
        try:
            inputs = json.loads(signature.get("inputs") or "[]")
            outputs = json.loads(signature.get("outputs") or "[]")
        except ValueError:
            inputs, outputs = [], []
        names = [column.get("name") for column in inputs if isinstance(column, dict)]
        assert names and outputs, (
            f"run {name}: the model has no signature; pass signature=model_signature(model, "
            "example) to log_model"
        )
        assert sorted(names) == sorted(FEATURES), (
            f"run {name}: the signature's inputs are {names}; they should be the model's "
            "input columns, FEATURES (infer the signature from input_example(...))"
        )
        example_info = description.get("saved_input_example_info") or {}
        example_file = run.model_folder / str(example_info.get("artifact_path", ""))
        assert example_info and example_file.is_file(), (
            f"run {name}: the model has no input example; pass input_example=example to log_model"
        )
        try:
            columns = json.loads(example_file.read_text()).get("columns", [])
        except (ValueError, AttributeError):
            columns = []
        private = sorted(set(columns) & {*PII_COLUMNS, "customer_id", TARGET})
        assert not private, (
            f"run {name}: the input example publishes {private}; it should hold the model's "
            "input columns only (input_example keeps FEATURES)"
        )


@pytest.mark.points(2)
def test_champion_is_the_best_run(submission):
    """The alias champion points at the run with the best val_roc_auc"""
    snapshot = _sweep(submission)
    champion = snapshot.aliases.get(CHAMPION)
    assert champion is not None, (
        f"the registered model {MODEL_NAME!r} has no alias {CHAMPION!r}: run {NOTEBOOK} "
        "to the end (part 2 registers the champion)"
    )
    scored = {
        run.run_id: run.metrics[METRIC] for run in _finished(snapshot) if METRIC in run.metrics
    }
    assert champion.run_id in scored, (
        f"the champion (version {champion.version}) comes from run {champion.run_id[:8]}, "
        f"which is not a finished run of {EXPERIMENT!r} with a {METRIC}: register a model "
        "of the sweep"
    )
    best_run, best_score = max(scored.items(), key=lambda item: item[1])
    mine = scored[champion.run_id]
    rank = 1 + sum(score > mine for score in scored.values())
    standing = "the worst" if rank == len(scored) else f"number {rank}"
    assert mine >= best_score - 1e-12, (
        f"the champion comes from run {champion.run_id[:8]} with {METRIC} {mine:.4f}, "
        f"{standing} of the {len(scored)} runs, but run {best_run[:8]} has {best_score:.4f}. "
        f"The best run is the one with the HIGHEST {METRIC}: sort descending (or take the "
        "maximum) in best_run_id, and let promote_if_better move the alias only to a better run"
    )

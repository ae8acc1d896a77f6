"""Lab 02, part 1: record every training run in an MLflow tracking store.

You complete the functions marked ``YOUR CODE HERE``; part 1 of
``02-tracking-and-registry.ipynb`` walks you through them in order and tests each one.
Keep the names and signatures: the grader calls these functions directly, and reads the
store they write.

The store is *embedded*: no server, nothing to start. Everything lives in this folder:

* ``mlflow.db``: a SQLite database with the experiments, runs (params, metrics, tags) and
  the model registry;
* ``mlartifacts/``: the files runs log, here the fitted models with their ``MLmodel``
  description, signature and input example.

``make mlflow-ui`` (from the repository root) opens MLflow's web UI on this store.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import cloudpickle
import mlflow
import numpy as np
import pandas as pd
import sklearn
from mlflow.models import ModelSignature, infer_signature

from coursedata import FEATURES
from training import evaluate, train_model

# ---- the lab's conventions (given; the grader relies on them) ---------------------------

TRACKING_URI = "sqlite:///mlflow.db"  # relative: mlflow.db in the folder Python runs in
ARTIFACT_FOLDER = "mlartifacts"  # the logged models, next to mlflow.db
EXPERIMENT = "churn-sweep"
METRIC = "val_roc_auc"  # the score that picks the best run: higher is better

HYPERPARAMETERS = ("n_estimators", "max_depth", "min_samples_leaf")
REQUIRED_PARAMS = (*HYPERPARAMETERS, "seed", "cutoff")
REQUIRED_METRICS = ("val_roc_auc", "val_accuracy", "train_roc_auc")
REQUIRED_TAGS = ("git_commit", "data_sha256")
MODEL_ARTIFACT = "model"  # the name each run's model is logged under

# What an environment must install to load the model (lab 05 builds one from it). Saying it
# here saves MLflow about two seconds per model that it would spend guessing from imports.
PIP_REQUIREMENTS = [
    f"scikit-learn=={sklearn.__version__}",
    f"pandas=={pd.__version__}",
    f"numpy=={np.__version__}",
    f"cloudpickle=={cloudpickle.__version__}",
]


def configure_tracking() -> str:
    """Point MLflow at this lab's store, make ``EXPERIMENT`` the active experiment, return its id.

    * The tracking URI is ``TRACKING_URI``: the SQLite file ``mlflow.db`` in the current
      folder (the notebook's folder). MLflow creates the file on first use.
    * The experiment ``EXPERIMENT`` is created if it does not exist yet, with its artifacts in
      the folder ``ARTIFACT_FOLDER`` next to ``mlflow.db``. If it exists, it is reused:
      calling this function twice must neither fail nor create a second experiment.
    * The experiment becomes the *active* one, so that runs started afterwards land in it.

    Hint: ``mlflow.set_tracking_uri``, ``mlflow.get_experiment_by_name`` (``None`` when there
    is none), ``mlflow.create_experiment(name, artifact_location=...)`` and
    ``mlflow.set_experiment``. Give ``artifact_location`` as an absolute path:
    ``str(Path(ARTIFACT_FOLDER).resolve())``.
    """
    ### BEGIN SOLUTION
    mlflow.set_tracking_uri(TRACKING_URI)
    experiment = mlflow.get_experiment_by_name(EXPERIMENT)
    if experiment is None:
        experiment_id = mlflow.create_experiment(
            EXPERIMENT, artifact_location=str(Path(ARTIFACT_FOLDER).resolve())
        )
    else:
        experiment_id = experiment.experiment_id
        if experiment.lifecycle_stage == "deleted":  # deleted in the UI: bring it back
            mlflow.MlflowClient().restore_experiment(experiment_id)
    mlflow.set_experiment(experiment_id=experiment_id)
    return experiment_id
    ### END SOLUTION


def git_commit(folder: str | Path = ".") -> str:
    """The git commit the code in ``folder`` comes from: HEAD's 40-hex hash, or ``"uncommitted"``.

    ``"uncommitted"`` when ``folder`` is not inside a git repository, when the repository
    has no commit yet, or when git is not installed. It never raises: a missing git must
    not stop a training run.

    Hint: ``git rev-parse HEAD``, run in ``folder`` (``subprocess.run(..., cwd=folder,
    capture_output=True, text=True)``), prints the hash and exits with code 0 inside a
    repository with a commit; anything else means there is no commit to record.
    """
    ### BEGIN SOLUTION
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):  # no git, or it hangs
        return "uncommitted"
    commit = completed.stdout.strip()
    if completed.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40}", commit):
        return "uncommitted"
    return commit
    ### END SOLUTION


def train_and_score(
    train: pd.DataFrame, valid: pd.DataFrame, hyperparameters: dict[str, Any], seed: int
) -> tuple[Any, dict[str, float]]:
    """Train one setting of the sweep and score it; return ``(model, metrics)``.

    The model is ``train_model(train, seed, **hyperparameters)`` (from ``training.py``).
    ``metrics`` is a dict of Python floats with exactly these keys (``REQUIRED_METRICS``):

    * ``val_roc_auc`` and ``val_accuracy``: scores on ``valid``, the held-out later months.
      These are the scores that choose between settings;
    * ``train_roc_auc``: the ROC AUC on ``train``, the rows the model learned from. It is
      there only to show overfitting: a model can score far better on what it has seen.

    Hint: ``evaluate(model, frame)`` from ``training.py`` gives ``roc_auc`` and ``accuracy``.
    """
    ### BEGIN SOLUTION
    model = train_model(train, seed, **hyperparameters)
    on_valid = evaluate(model, valid)
    on_train = evaluate(model, train)
    metrics = {
        "val_roc_auc": float(on_valid["roc_auc"]),
        "val_accuracy": float(on_valid["accuracy"]),
        "train_roc_auc": float(on_train["roc_auc"]),
    }
    return model, metrics
    ### END SOLUTION


def input_example(frame: pd.DataFrame, rows: int = 5) -> pd.DataFrame:
    """The first ``rows`` rows of ``frame``, with the model's input columns (``FEATURES``) only.

    MLflow stores the input example as a file next to the model, for anyone to read: it must
    not carry the label, ids or personal data, only what the model takes as input.
    """
    ### BEGIN SOLUTION
    return frame[list(FEATURES)].head(rows).reset_index(drop=True)
    ### END SOLUTION


def model_signature(model: Any, example: pd.DataFrame) -> ModelSignature:
    """The model's signature: the columns and types it takes, and what it returns.

    The inputs are the columns of ``example``; the output is what ``model.predict_proba``
    returns for it (one ``(stay, churn)`` probability pair per row), because that is what
    the logged model will answer (see ``pyfunc_predict_fn`` in :func:`log_sweep_run`).

    Hint: ``mlflow.models.infer_signature(model_input, model_output)``.
    """
    ### BEGIN SOLUTION
    return infer_signature(example, model.predict_proba(example))
    ### END SOLUTION


def log_sweep_run(
    model: Any,
    *,
    params: dict[str, Any],
    metrics: dict[str, float],
    tags: dict[str, str],
    example: pd.DataFrame,
) -> str:
    """Record one training run in the active experiment; return the new run's id.

    In one new run (``mlflow.start_run()``, used as a ``with`` block so that it ends):

    * log ``params`` (``mlflow.log_params``), ``metrics`` (``mlflow.log_metrics``) and
      ``tags`` (``mlflow.set_tags``);
    * log the fitted ``model`` with ``mlflow.sklearn.log_model``, under the name
      ``MODEL_ARTIFACT``, with
      - ``signature=model_signature(model, example)`` and ``input_example=example``,
      - ``serialization_format="cloudpickle"``: the default (skops) refuses to save a
        random forest unless you list every type it contains as trusted,
      - ``pip_requirements=PIP_REQUIREMENTS``,
      - ``pyfunc_predict_fn="predict_proba"``, so that the generic (pyfunc) model answers
        churn probabilities, as its signature says.

    Optionally give the run a readable ``run_name`` (shown in the UI), e.g. built from the
    hyper-parameters.
    """
    ### BEGIN SOLUTION
    name = "-".join(f"{key}={params[key]}" for key in HYPERPARAMETERS if key in params)
    with mlflow.start_run(run_name=name or None) as run:
        mlflow.log_params(params)
        mlflow.log_metrics(metrics)
        mlflow.set_tags(tags)
        mlflow.sklearn.log_model(
            model,
            name=MODEL_ARTIFACT,
            signature=model_signature(model, example),
            input_example=example,
            serialization_format="cloudpickle",
            pip_requirements=PIP_REQUIREMENTS,
            pyfunc_predict_fn="predict_proba",
        )
    return str(run.info.run_id)
    ### END SOLUTION

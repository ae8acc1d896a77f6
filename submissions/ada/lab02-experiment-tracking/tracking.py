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
    mlflow.set_tracking_uri(TRACKING_URI)
    client = mlflow.MlflowClient()
    existing = client.get_experiment_by_name(EXPERIMENT)
    if existing is not None:
        experiment_id = existing.experiment_id
    else:
        artifacts = (Path.cwd() / ARTIFACT_FOLDER).as_uri()  # file:///.../mlartifacts
        experiment_id = client.create_experiment(EXPERIMENT, artifact_location=artifacts)
    mlflow.set_experiment(EXPERIMENT)
    return experiment_id


def git_commit(folder: str | Path = ".") -> str:
    """The git commit the code in ``folder`` comes from: HEAD's 40-hex hash, or ``"uncommitted"``.

    ``"uncommitted"`` when ``folder`` is not inside a git repository, when the repository
    has no commit yet, or when git is not installed. It never raises: a missing git must
    not stop a training run.

    Hint: ``git rev-parse HEAD``, run in ``folder`` (``subprocess.run(..., cwd=folder,
    capture_output=True, text=True)``), prints the hash and exits with code 0 inside a
    repository with a commit; anything else means there is no commit to record.
    """
    try:
        output = subprocess.run(
            ["git", "log", "-1", "--format=%H"],
            cwd=str(folder), capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (FileNotFoundError, subprocess.CalledProcessError):
        return "uncommitted"
    return output if re.fullmatch(r"[0-9a-f]{40}", output) else "uncommitted"


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
    from sklearn.metrics import accuracy_score, roc_auc_score

    from coursedata import TARGET

    model = train_model(train, seed, **hyperparameters)

    def churn_probability(frame):
        return model.predict_proba(frame[list(FEATURES)])[:, 1]

    return model, {
        "val_roc_auc": float(roc_auc_score(valid[TARGET], churn_probability(valid))),
        "val_accuracy": float(accuracy_score(valid[TARGET], model.predict(valid[list(FEATURES)]))),
        "train_roc_auc": float(roc_auc_score(train[TARGET], churn_probability(train))),
    }


def input_example(frame: pd.DataFrame, rows: int = 5) -> pd.DataFrame:
    """The first ``rows`` rows of ``frame``, with the model's input columns (``FEATURES``) only.

    MLflow stores the input example as a file next to the model, for anyone to read: it must
    not carry the label, ids or personal data, only what the model takes as input.
    """
    return frame.loc[:, list(FEATURES)].iloc[:rows]


def model_signature(model: Any, example: pd.DataFrame) -> ModelSignature:
    """The model's signature: the columns and types it takes, and what it returns.

    The inputs are the columns of ``example``; the output is what ``model.predict_proba``
    returns for it (one ``(stay, churn)`` probability pair per row), because that is what
    the logged model will answer (see ``pyfunc_predict_fn`` in :func:`log_sweep_run`).

    Hint: ``mlflow.models.infer_signature(model_input, model_output)``.
    """
    probabilities = model.predict_proba(example)
    return infer_signature(model_input=example, model_output=probabilities)


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
    label = f"trees{params.get('n_estimators')}-depth{params.get('max_depth')}-leaf{params.get('min_samples_leaf')}"
    with mlflow.start_run(run_name=label) as active:
        mlflow.log_params(params)
        mlflow.log_metrics(metrics)
        for key, value in tags.items():
            mlflow.set_tag(key, value)
        mlflow.sklearn.log_model(
            sk_model=model,
            name=MODEL_ARTIFACT,
            signature=model_signature(model, example),
            input_example=example,
            serialization_format=mlflow.sklearn.SERIALIZATION_FORMAT_CLOUDPICKLE,
            pip_requirements=PIP_REQUIREMENTS,
            pyfunc_predict_fn="predict_proba",
        )
        return active.info.run_id

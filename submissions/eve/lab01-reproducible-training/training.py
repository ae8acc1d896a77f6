"""Lab 01, part 1: train the churn model so that anyone can train it again and get the same.

You complete the functions marked ``YOUR CODE HERE``; the notebook ``01-training.ipynb``
walks you through them in order and tests each one.  Keep the signatures: the grader calls
these functions directly, on data you have never seen.

What makes a training run reproducible:

* the **data** is pinned: :func:`dataset_fingerprint` records exactly which rows went in;
* the **split** is a rule, not a dice roll: :func:`split_by_time` cuts at a month;
* the **randomness** is seeded: :func:`build_pipeline` passes ``seed`` to the classifier;
* the **preprocessing** travels with the model: scaling and one-hot encoding live inside
  the saved :class:`~sklearn.pipeline.Pipeline`, fitted on training rows only;
* the **environment** is pinned: the course's lock file, recorded in ``metrics.json``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from coursedata import CATEGORICAL_FEATURES, FEATURES, NUMERIC_FEATURES, TARGET

MODEL_FILE = "model.joblib"
METRICS_FILE = "metrics.json"

# The keys metrics.json must have; save_artefacts refuses to write without them.
REQUIRED_METRICS = (
    "roc_auc",
    "accuracy",
    "seed",
    "cutoff",
    "train_rows",
    "test_rows",
    "data_sha256",
    "sklearn_version",
)


def split_by_time(frame: pd.DataFrame, cutoff: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``frame`` into (train, test) at the month ``cutoff`` (``"YYYY-MM"``).

    Rows whose ``month`` is before ``cutoff`` go to train, rows in ``cutoff`` or later go
    to test.  Nothing is shuffled and no row is lost or duplicated; the input frame is not
    modified.

    Hint: ``frame["month"]`` holds datetimes; ``pd.Timestamp("2024-10")`` is the first
    of October 2024, and comparing the column with it gives a boolean mask.
    """
    cutoff_month = pd.to_datetime(cutoff)
    is_train = frame["month"] < cutoff_month
    train = frame[is_train]
    test = frame[~is_train]
    return train, test


def build_pipeline(seed: int) -> Pipeline:
    """An unfitted scikit-learn pipeline: preprocessing, then a seeded classifier.

    * numeric features (``NUMERIC_FEATURES``) are standardised with ``StandardScaler``;
    * categorical features (``CATEGORICAL_FEATURES``) are one-hot encoded with
      ``OneHotEncoder(handle_unknown="ignore")``, so a category the model never saw
      (a new region, a new plan) does not crash it at prediction time;
    * both sit in one ``ColumnTransformer``; other columns are dropped;
    * the classifier gets ``random_state=seed``.  A ``RandomForestClassifier`` is a good
      choice (100 trees with ``min_samples_leaf=10`` train in about a second).

    Hint: a ``ColumnTransformer`` takes a list of ``(name, transformer, columns)``
    triples; pass the column names as a list.
    """
    preprocessing = ColumnTransformer(
        transformers=[
            ("num", StandardScaler(), list(NUMERIC_FEATURES)),
            ("cat", OneHotEncoder(handle_unknown="ignore"), list(CATEGORICAL_FEATURES)),
        ]
    )
    forest = RandomForestClassifier(n_estimators=120, min_samples_leaf=8, random_state=seed)
    return Pipeline(steps=[("preprocessing", preprocessing), ("forest", forest)])


def train_model(frame: pd.DataFrame, seed: int) -> Pipeline:
    """Fit ``build_pipeline(seed)`` on ``frame`` and return the fitted pipeline.

    The model sees the columns in ``FEATURES`` and learns ``TARGET``; nothing else.  The
    customer id, the month and the personal data (``PII_COLUMNS``) must never reach it.
    """
    X = frame[list(FEATURES)]
    y = frame[TARGET]
    model = build_pipeline(seed)
    model.fit(X, y)
    return model


def evaluate(model: Any, frame: pd.DataFrame) -> dict[str, float | int]:
    """Score a fitted model on ``frame`` (which has the ``TARGET`` column).

    Returns a plain dict (JSON-ready: Python ``float`` and ``int``, not numpy types):

    * ``roc_auc``: ROC AUC of the predicted churn probability (``predict_proba``, column
      of class 1) against ``TARGET``;
    * ``accuracy``: share of correct 0/1 predictions (``predict``);
    * ``n_rows``: number of rows scored;
    * ``churn_rate``: share of rows with ``TARGET == 1``.
    """
    X = frame[list(FEATURES)]
    y = frame[TARGET]
    churn_probability = model.predict_proba(X)[:, 1]
    predicted = model.predict(X)
    return {
        "roc_auc": float(roc_auc_score(y, churn_probability)),
        "accuracy": float(accuracy_score(y, predicted)),
        "n_rows": int(len(frame)),
        "churn_rate": float(y.mean()),
    }


def dataset_fingerprint(frame: pd.DataFrame) -> str:
    """The SHA-256 (64 hex digits) of a canonical serialisation of ``frame``.

    The same data must give the same fingerprint in every process, on every machine, and
    any change to a value, a row or a column must change it.

    Say in a comment which choices you made and why: is the index part of the data? Does
    the order of rows or columns matter? (Hint: Python's built-in ``hash()`` is salted
    differently in every process, so it is no use here; ``hashlib`` is.)
    """
    # My choices: the index does not count (it is only row numbers), but the order of
    # rows and columns does, because the forest sees the rows in this order.
    # hash_pandas_object hashes the values of each row with a fixed key, so it gives the
    # same numbers in every process (unlike hash()); I add the column names so that a
    # renamed or dropped column changes the fingerprint too.
    row_hashes = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    digest = hashlib.sha256()
    digest.update(",".join(frame.columns).encode("utf-8"))
    digest.update(row_hashes.tobytes())
    return digest.hexdigest()


def save_artefacts(
    model: Any, metrics: dict[str, Any], folder: str | Path = "."
) -> tuple[Path, Path]:
    """Write ``model.joblib`` (the fitted pipeline) and ``metrics.json`` into ``folder``.

    ``folder`` is created if it does not exist.  ``metrics.json`` is the dict as JSON
    (indented, keys sorted, so that two runs can be compared with ``diff``).  Returns the
    two paths written.
    """
    missing = [key for key in REQUIRED_METRICS if key not in metrics]
    if missing:
        raise ValueError(f"metrics is missing the required key(s) {missing}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model_path = folder / MODEL_FILE
    metrics_path = folder / METRICS_FILE
    joblib.dump(model, model_path)
    with open(metrics_path, "w") as f:
        json.dump(metrics, f, indent=2, sort_keys=True)
    return model_path, metrics_path


# ---- given: used by the grader's checks; do not change ----------------------------------


def fit_predict(train: pd.DataFrame, test: pd.DataFrame, seed: int) -> list[float]:
    """Train with your ``train_model(train, seed)``; return churn probabilities for ``test``.

    The grader calls this twice, in two separate Python processes, with the same data and
    seed: a reproducible training run gives exactly the same list both times.
    """
    model = train_model(train, seed)
    churn_column = list(model.classes_).index(1)
    return [float(p) for p in model.predict_proba(test)[:, churn_column]]

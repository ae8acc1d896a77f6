"""Lab 02 (given): lab 01's training code, complete, with the hyper-parameters of the sweep.

This is lab 01's reference solution, so you can start lab 02 without having finished lab 01.
One change: :func:`build_pipeline` and :func:`train_model` take the random forest's
hyper-parameters (``n_estimators``, ``max_depth``, ``min_samples_leaf``) as keyword
arguments, so that a sweep can try several settings. You do not need to change this file.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from coursedata import CATEGORICAL_FEATURES, FEATURES, NUMERIC_FEATURES, TARGET

# The defaults of lab 01: 100 trees, leaves of at least 10 customers, no depth limit.
DEFAULT_HYPERPARAMETERS: dict[str, Any] = {
    "n_estimators": 100,
    "max_depth": None,
    "min_samples_leaf": 10,
}


def split_by_time(frame: pd.DataFrame, cutoff: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``frame`` into (before, from) the month ``cutoff`` (``"YYYY-MM"``); no shuffling."""
    boundary = pd.Timestamp(cutoff)
    before = frame["month"] < boundary
    return frame.loc[before].copy(), frame.loc[~before].copy()


def build_pipeline(
    seed: int,
    *,
    n_estimators: int = 100,
    max_depth: int | None = None,
    min_samples_leaf: int = 10,
) -> Pipeline:
    """An unfitted pipeline: scaling and one-hot encoding, then a seeded random forest.

    * ``n_estimators``: the number of trees; more trees average away more noise, and cost
      time in proportion;
    * ``max_depth``: how deep a tree may grow (``None``: no limit); shallow trees can only
      learn simple rules;
    * ``min_samples_leaf``: the fewest training customers a leaf may hold; ``1`` lets a tree
      memorise single customers (overfitting), larger values smooth the predictions.
    """
    preprocess = ColumnTransformer(
        [
            ("numeric", StandardScaler(), list(NUMERIC_FEATURES)),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), list(CATEGORICAL_FEATURES)),
        ],
        remainder="drop",
    )
    classifier = RandomForestClassifier(
        n_estimators=n_estimators,
        max_depth=max_depth,
        min_samples_leaf=min_samples_leaf,
        n_jobs=1,
        random_state=seed,
    )
    return Pipeline([("preprocess", preprocess), ("classifier", classifier)])


def train_model(frame: pd.DataFrame, seed: int, **hyperparameters: Any) -> Pipeline:
    """Fit ``build_pipeline(seed, **hyperparameters)`` on ``frame``'s FEATURES and TARGET."""
    pipeline = build_pipeline(seed, **hyperparameters)
    pipeline.fit(frame[list(FEATURES)], frame[TARGET])
    return pipeline


def evaluate(model: Any, frame: pd.DataFrame) -> dict[str, float | int]:
    """ROC AUC and accuracy of a fitted model on ``frame`` (which has the TARGET column)."""
    features = frame[list(FEATURES)]
    truth = frame[TARGET]
    churn_column = list(model.classes_).index(1)
    probabilities = model.predict_proba(features)[:, churn_column]
    return {
        "roc_auc": float(roc_auc_score(truth, probabilities)),
        "accuracy": float(accuracy_score(truth, model.predict(features))),
        "n_rows": len(frame),
        "churn_rate": float(truth.mean()),
    }


def dataset_fingerprint(frame: pd.DataFrame) -> str:
    """SHA-256 of the frame as CSV text (header, no index, rows and columns in order)."""
    canonical = frame.to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

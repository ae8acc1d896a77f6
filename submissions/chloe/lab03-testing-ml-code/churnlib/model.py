"""Training, evaluation and prediction for the churn model.

The data are monthly snapshots, and the model will always score months it has never
seen, so it is evaluated the same way: trained on the months before a cutoff and scored
on the months from the cutoff on (:func:`time_split`). Features are built once for the
whole frame (they are stateless and only look back in time); everything that is *fitted*
(imputation medians, scaling, the classifier) sees the training rows only.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from churnlib.features import (
    CATEGORICAL_FEATURES,
    FEATURE_CATEGORIES,
    NUMERIC_FEATURES,
    build_features,
)
from coursedata import TARGET

__all__ = [
    "CUTOFF",
    "SEED",
    "build_model",
    "evaluate",
    "predict_churn",
    "time_split",
    "train_and_evaluate",
    "train_model",
]

SEED = 0
CUTOFF = "2024-10"  # the first month of the holdout in the course's 2024 data


def time_split(customers: pd.DataFrame, cutoff: str = CUTOFF) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(train, test)``: the rows before the month ``cutoff`` (``"YYYY-MM"``) and the rest.

    Every row lands on exactly one side; row order and index are kept.
    """
    before = customers["month"] < pd.Timestamp(cutoff)
    return customers[before], customers[~before]


def build_model(*, seed: int = SEED) -> Pipeline:
    """An unfitted pipeline: impute and scale numbers, one-hot encode categories, then a logistic
    regression.

    Categories the encoder does not know (a new region, say) are encoded as all zeros
    instead of failing.
    """
    numeric = Pipeline(
        [("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]
    )
    categorical = OneHotEncoder(
        categories=[list(FEATURE_CATEGORIES[column]) for column in CATEGORICAL_FEATURES],
        handle_unknown="ignore",
    )
    prepare = ColumnTransformer(
        [
            ("numeric", numeric, list(NUMERIC_FEATURES)),
            ("categorical", categorical, list(CATEGORICAL_FEATURES)),
        ]
    )
    classify = LogisticRegression(solver="newton-cholesky", max_iter=200, random_state=seed)
    return Pipeline([("prepare", prepare), ("classify", classify)])


def train_model(features: pd.DataFrame, labels: pd.Series, *, seed: int = SEED) -> Pipeline:
    """A fitted :func:`build_model` pipeline for ``features`` (from ``build_features``) and 0/1
    ``labels``."""
    return build_model(seed=seed).fit(features, labels)


def evaluate(model: Pipeline, features: pd.DataFrame, labels: pd.Series) -> dict[str, Any]:
    """The fitted ``model``'s scores on held-out rows: ROC AUC, accuracy, row count, churn rate.

    The model is only used, never changed.
    """
    probabilities = model.predict_proba(features)[:, 1]
    return {
        "roc_auc": float(roc_auc_score(labels, probabilities)),
        "accuracy": float(accuracy_score(labels, probabilities >= 0.5)),
        "rows": len(labels),
        "churn_rate": float(np.mean(labels)),
    }


def train_and_evaluate(
    customers: pd.DataFrame, *, cutoff: str = CUTOFF, seed: int = SEED
) -> tuple[Pipeline, dict[str, Any]]:
    """Build features, split by time at ``cutoff``, train on the past, score the holdout.

    Returns the fitted model and its holdout metrics (those of :func:`evaluate` plus
    ``cutoff``, ``train_rows`` and ``test_rows``).
    """
    features = build_features(customers)
    labels = customers[TARGET]
    train, test = time_split(customers, cutoff)
    model = train_model(features.loc[train.index], labels.loc[train.index], seed=seed)
    metrics = evaluate(model, features.loc[test.index], labels.loc[test.index])
    metrics.update(cutoff=cutoff, train_rows=len(train), test_rows=len(test))
    return model, metrics


def predict_churn(model: Pipeline, customers: pd.DataFrame) -> np.ndarray:
    """Churn probabilities (one per row, between 0 and 1) for raw customer snapshots."""
    return model.predict_proba(build_features(customers))[:, 1]

"""Lab 04: the reference churn model you serve (given: use it, do not change it).

This lab is about *serving* a model, not training one, so it ships the model to serve:
:func:`build_reference_model` trains the lab 01 reference pipeline on the course's fixed
training data, exactly and repeatably, and writes two files next to the notebook:

* ``model.joblib`` — the fitted scikit-learn pipeline (preprocessing included);
* ``model_metadata.json`` — what the model is: its name and version, a fingerprint of the
  data it was trained on, the seed, the library version, its score on the held-out months.

The notebook calls it at the top, so you can start this lab fresh whatever became of your
lab 01 model. In production the service would load the lab 02 *champion* from the
registry instead (``mlflow.sklearn.load_model("models:/<name>@champion")``) and report the
registry's version in ``/metadata``; the rest of your API would not change.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import joblib
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from coursedata import (
    CATEGORICAL_FEATURES,
    FEATURES,
    NUMERIC_FEATURES,
    TARGET,
    load_training_data,
)

MODEL_NAME = "churn-classifier"
MODEL_VERSION = "1"
SEED = 42
CUTOFF = "2024-10"  # as in lab 01: train on January to September 2024, test on the rest
MODEL_FILE = "model.joblib"
METADATA_FILE = "model_metadata.json"


def training_data_sha256(frame: pd.DataFrame) -> str:
    """SHA-256 of the frame as CSV (header, no index, ``\\n`` line ends): lab 01's fingerprint."""
    canonical = frame.to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def reference_pipeline(seed: int = SEED) -> Pipeline:
    """Lab 01's pipeline: scaling and one-hot encoding, then a seeded random forest."""
    preprocess = ColumnTransformer(
        [
            ("numeric", StandardScaler(), list(NUMERIC_FEATURES)),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), list(CATEGORICAL_FEATURES)),
        ],
        remainder="drop",
    )
    classifier = RandomForestClassifier(
        n_estimators=100, min_samples_leaf=10, n_jobs=1, random_state=seed
    )
    return Pipeline([("preprocess", preprocess), ("classifier", classifier)])


def build_reference_model(folder: str | Path = ".") -> dict[str, Any]:
    """Train the reference model; write ``model.joblib`` and ``model_metadata.json`` to ``folder``.

    Returns the metadata it wrote. The same call gives the same model on every machine
    with the course environment (fixed data, fixed split, fixed seed, pinned libraries).
    """
    data = load_training_data()
    train = data[data["month"] < pd.Timestamp(CUTOFF)]
    test = data[data["month"] >= pd.Timestamp(CUTOFF)]
    model = reference_pipeline(SEED).fit(train[list(FEATURES)], train[TARGET])
    churn_column = list(model.classes_).index(1)
    scores = model.predict_proba(test[list(FEATURES)])[:, churn_column]
    test_auc = roc_auc_score(test[TARGET], scores)
    metadata: dict[str, Any] = {
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "training_data_sha256": training_data_sha256(data),
        "trained_on_months": f"{train['month'].min():%Y-%m} to {train['month'].max():%Y-%m}",
        "seed": SEED,
        "features": list(FEATURES),
        "test_roc_auc": round(float(test_auc), 4),
        "sklearn_version": sklearn.__version__,
    }
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, target / MODEL_FILE)
    (target / METADATA_FILE).write_text(json.dumps(metadata, indent=2) + "\n")
    return metadata

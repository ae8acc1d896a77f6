"""Lab 01 artefact checks you can run yourself: ``make check LAB=01``.

They look at what ``01-training.ipynb`` leaves next to it: ``metrics.json`` and
``model.joblib``. Run the notebook from the top first.
"""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest
import sklearn

from coursedata import TARGET, generate_customers, load_training_data

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


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@pytest.mark.points(1)
def test_metrics_json_is_complete(submission):
    """metrics.json has the required keys and plausible values"""
    path = submission / "metrics.json"
    assert path.is_file(), (
        "metrics.json is missing: run 01-training.ipynb from the top to the end, so that "
        "save_artefacts writes it next to the notebook"
    )
    try:
        metrics = json.loads(path.read_text())
    except ValueError as error:
        raise AssertionError(
            f"metrics.json is not valid JSON ({error}); write it with json.dumps"
        ) from None
    assert isinstance(metrics, dict), "metrics.json should hold one JSON object (a dict)"
    missing = [key for key in REQUIRED_METRICS if key not in metrics]
    assert not missing, f"metrics.json is missing the key(s) {missing}"

    for key in ("roc_auc", "accuracy"):
        assert _is_number(metrics[key]), f"{key} in metrics.json should be a number"
    assert 0.65 <= metrics["roc_auc"] <= 0.99, (
        f"roc_auc in metrics.json is {metrics['roc_auc']:.3f}: below 0.65 the model learned "
        "little (a working one reaches about 0.8); above 0.99 something leaks the answer "
        "into the features"
    )
    assert 0.0 <= metrics["accuracy"] <= 1.0, "accuracy in metrics.json should be a share, 0 to 1"
    assert isinstance(metrics["seed"], int) and not isinstance(metrics["seed"], bool), (
        "seed in metrics.json should be the integer seed you trained with"
    )
    cutoff = metrics["cutoff"]
    assert isinstance(cutoff, str) and re.fullmatch(r"\d{4}-\d{2}", cutoff), (
        f"cutoff in metrics.json should be a month like '2024-10', not {cutoff!r}"
    )
    assert "2024-02" <= cutoff <= "2024-12", (
        f"cutoff {cutoff} leaves no training or no test months in the 2024 training data"
    )
    rows = len(load_training_data())
    train_rows, test_rows = metrics["train_rows"], metrics["test_rows"]
    assert all(isinstance(n, int) and n > 0 for n in (train_rows, test_rows)), (
        "train_rows and test_rows should be positive whole numbers"
    )
    assert train_rows + test_rows == rows, (
        f"train_rows + test_rows is {train_rows + test_rows}, but the training data has "
        f"{rows} rows: every row should be on exactly one side of the split"
    )
    assert isinstance(metrics["data_sha256"], str) and re.fullmatch(
        r"[0-9a-f]{64}", metrics["data_sha256"]
    ), "data_sha256 should be 64 lowercase hex digits (hashlib.sha256(...).hexdigest())"
    assert metrics["sklearn_version"] == sklearn.__version__, (
        f"metrics.json says scikit-learn {metrics['sklearn_version']}, but the course "
        f"environment has {sklearn.__version__}: run `make setup` and train again in it"
    )


@pytest.mark.points(1)
def test_model_predicts_probabilities(student):
    """model.joblib loads and predicts churn probabilities for a raw batch"""
    batch = generate_customers(200, seed=5, start="2025-01", months=1).drop(columns=[TARGET])
    probabilities = student.predict("model.joblib", batch, method="predict_proba")
    assert len(probabilities) == len(batch), (
        f"the model returned {len(probabilities)} rows of probabilities for {len(batch)} customers"
    )
    frame = pd.DataFrame(probabilities)
    assert frame.shape[1] == 2, (
        "predict_proba should give two columns (stay, churn); save the fitted classifier "
        "pipeline, not a regressor or a bare transformer"
    )
    assert frame.notna().all().all() and ((frame >= 0) & (frame <= 1)).all().all(), (
        "the model's probabilities should all be between 0 and 1"
    )
    assert ((frame.sum(axis=1) - 1).abs() < 1e-6).all(), "each row of probabilities should sum to 1"

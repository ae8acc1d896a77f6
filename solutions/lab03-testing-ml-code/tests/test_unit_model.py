"""Unit tests of churnlib.model: the split, training and evaluation code.

Most bugs in ML code do not crash: they leak information from the future into training,
or quietly change the model while "only" scoring it. These tests pin down what the code
promises in its docstrings, so any such change turns a test red.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from churnlib.features import build_features
from churnlib.model import evaluate, time_split, train_and_evaluate, train_model
from coursedata import TARGET

CUTOFF = "2024-10"


def test_time_split_puts_every_row_on_the_right_side(customers):
    """All training rows are before the cutoff month, all test rows on or after it, none lost."""
    ### BEGIN SOLUTION
    train, test = time_split(customers, CUTOFF)
    assert len(train) + len(test) == len(customers)
    assert train["month"].max() < pd.Timestamp(CUTOFF)
    assert test["month"].min() >= pd.Timestamp(CUTOFF)
    ### END SOLUTION


def test_evaluate_does_not_change_the_model(customers):
    """Scoring the model on the holdout must leave it exactly as it was."""
    ### BEGIN SOLUTION
    features, labels = build_features(customers), customers[TARGET]
    train, test = time_split(customers, CUTOFF)
    model = train_model(features.loc[train.index], labels.loc[train.index])
    before = model.predict_proba(features.loc[test.index])
    evaluate(model, features.loc[test.index], labels.loc[test.index])
    after = model.predict_proba(features.loc[test.index])
    np.testing.assert_array_equal(before, after)
    ### END SOLUTION


def test_holdout_rows_cannot_change_the_model(customers, trained):
    """Change only the holdout months: train_and_evaluate must return the very same model."""
    ### BEGIN SOLUTION
    model, _ = trained
    changed = customers.copy()
    holdout = changed["month"] >= pd.Timestamp(CUTOFF)
    changed.loc[holdout, "monthly_charges"] *= 3
    changed.loc[holdout, "data_usage_gb"] += 50
    other, _ = train_and_evaluate(changed, cutoff=CUTOFF)
    past = build_features(customers[~holdout])
    np.testing.assert_array_equal(other.predict_proba(past), model.predict_proba(past))
    ### END SOLUTION


def test_reported_auc_is_the_auc_of_the_returned_model(customers, trained):
    """The metrics describe the model you get back, scored on the holdout only."""
    ### BEGIN SOLUTION
    from sklearn.metrics import roc_auc_score

    model, metrics = trained
    _, test = time_split(customers, CUTOFF)
    probabilities = model.predict_proba(build_features(customers).loc[test.index])[:, 1]
    assert metrics["roc_auc"] == pytest.approx(roc_auc_score(test[TARGET], probabilities))
    assert metrics["test_rows"] == len(test)
    ### END SOLUTION

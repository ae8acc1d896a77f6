"""Unit tests of churnlib.model (Ada)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from churnlib.features import build_features
from churnlib.model import evaluate, time_split, train_model
from coursedata import TARGET

CUTOFF = pd.Timestamp("2024-10-01")


def test_time_split_puts_every_row_on_the_right_side(customers):
    train, test = time_split(customers, "2024-10")
    assert (train["month"] < CUTOFF).all() and (test["month"] >= CUTOFF).all()
    assert sorted([*train.index, *test.index]) == list(customers.index)


def test_evaluate_does_not_change_the_model(customers):
    features = build_features(customers)
    past, future = time_split(customers, "2024-10")
    model = train_model(features.loc[past.index], past[TARGET])
    coefficients = model[-1].coef_.copy()
    evaluate(model, features.loc[future.index], future[TARGET])
    np.testing.assert_array_equal(model[-1].coef_, coefficients)


def test_returned_model_is_the_model_of_the_training_months(customers, trained):
    """train_and_evaluate's model must be exactly train_model on the months before the cutoff."""
    model, metrics = trained
    features = build_features(customers)
    past, future = time_split(customers, "2024-10")
    own = train_model(features.loc[past.index], past[TARGET])
    np.testing.assert_array_equal(model.predict_proba(features), own.predict_proba(features))
    assert (metrics["train_rows"], metrics["test_rows"]) == (len(past), len(future))

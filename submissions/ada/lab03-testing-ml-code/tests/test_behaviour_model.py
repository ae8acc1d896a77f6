"""Behavioural tests (Ada)."""

from __future__ import annotations

import numpy as np

from churnlib.model import predict_churn
from coursedata import corrupt_batch


def test_personal_data_is_ignored(model, batch):
    other = batch.assign(full_name="Jo Bloggs", email="jo@example.net", phone="01632 960000", postcode="ZZ9 9ZZ")
    np.testing.assert_array_equal(predict_churn(model, other), predict_churn(model, batch))


def test_more_support_calls_never_lower_churn(batch, violations):
    assert violations(batch, "support_calls") == []


def test_more_late_payments_never_lower_churn(batch, violations):
    capped = batch[batch["late_payments"] < 12]
    assert violations(capped, "late_payments") == []


def test_one_customer_scores_like_in_a_batch(model, make_customer):
    alone = predict_churn(model, make_customer(contract="two_year", tenure_months=60))
    risky = predict_churn(model, make_customer(support_calls=6, late_payments=4))
    assert 0 <= alone[0] < risky[0] <= 1


def test_unknown_categories_are_scored(model, batch):
    odd = corrupt_batch(batch, "unseen_category", seed=2, fraction=0.3)
    assert np.isfinite(predict_churn(model, odd)).all()

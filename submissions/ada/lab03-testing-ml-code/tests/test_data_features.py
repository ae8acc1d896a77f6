"""Data tests (Ada)."""

from __future__ import annotations

import pandas as pd

from churnlib.features import build_features
from coursedata import PII_COLUMNS, TARGET

NUMERIC = ["age", "monthly_charges", "data_usage_gb", "support_calls", "late_payments",
           "log_tenure", "charges_per_gb", "region_recent_usage"]
CATEGORICAL = ["region", "plan", "contract", "payment_method", "tenure_bucket"]


def test_raw_data_is_clean(customers):
    assert customers["customer_id"].is_unique
    assert customers.notna().all().all()
    assert customers["age"].between(18, 90).all() and customers["late_payments"].between(0, 12).all()


def test_features_are_the_expected_columns(customers):
    features = build_features(customers)
    assert list(features.columns) == NUMERIC + CATEGORICAL
    assert len(features) == len(customers)


def test_features_do_not_need_label_ids_or_personal_data(customers):
    private = [TARGET, "customer_id", *PII_COLUMNS]
    pd.testing.assert_frame_equal(build_features(customers.drop(columns=private)), build_features(customers))


def test_feature_values_are_possible(customers):
    features = build_features(customers)
    later = customers["month"] > customers["month"].min()
    assert features.drop(columns="region_recent_usage").notna().all().all()
    assert features.loc[later, "region_recent_usage"].notna().all()
    assert (features["charges_per_gb"] > 0).all() and (features["log_tenure"] >= 0).all()

"""Data tests: what goes into the model has the shape, types and ranges it should.

Unit tests check a function on a few hand-made values; data tests check whole frames
(the generated data and the feature table built from it) against rules that hold for
*every* row: which columns exist, no missing values where none may be, values inside
their possible range. They catch broken inputs and features that should not be there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from churnlib.features import FEATURE_COLUMNS, TENURE_BUCKETS, build_features
from coursedata import CATEGORIES, PII_COLUMNS, TARGET

# What the model may see, written out here on purpose: a test that imported this list
# from churnlib would agree with any change made there, right or wrong.
EXPECTED_FEATURES = [
    "age", "monthly_charges", "data_usage_gb", "support_calls", "late_payments",
    "log_tenure", "charges_per_gb", "region_recent_usage",
    "region", "plan", "contract", "payment_method", "tenure_bucket",
]  # fmt: skip


def test_generated_data_has_the_expected_columns_and_ranges(customers):
    """The raw data: an id per row, one month per row, ages 18-90, no missing values."""
    ### BEGIN SOLUTION
    assert customers["customer_id"].is_unique
    assert not customers.isna().any().any()
    assert customers["age"].between(18, 90).all()
    assert (customers["tenure_months"] >= 0).all() and (customers["monthly_charges"] > 0).all()
    assert set(customers[TARGET].unique()) <= {0, 1}
    for column, allowed in CATEGORIES.items():
        assert customers[column].isin(allowed).all(), column
    ### END SOLUTION


def test_features_are_exactly_the_expected_columns(customers):
    """build_features returns the expected columns, in order, one row per customer."""
    ### BEGIN SOLUTION
    features = build_features(customers)
    assert list(features.columns) == EXPECTED_FEATURES == list(FEATURE_COLUMNS)
    assert features.index.equals(customers.index)
    ### END SOLUTION


def test_features_hold_no_label_ids_or_personal_data(customers):
    """Neither the label, nor ids, nor personal data (or anything made from them) are features."""
    ### BEGIN SOLUTION
    features = build_features(customers)
    forbidden = {TARGET, "customer_id", *PII_COLUMNS}
    assert not forbidden & set(features.columns)
    without = build_features(customers.drop(columns=[TARGET, "customer_id", *PII_COLUMNS]))
    pd.testing.assert_frame_equal(without, features)
    ### END SOLUTION


def test_feature_values_are_in_range(customers):
    """No missing values except region_recent_usage in the first month; values in their ranges."""
    ### BEGIN SOLUTION
    features = build_features(customers)
    first_month = customers["month"] == customers["month"].min()
    assert not features.drop(columns="region_recent_usage").isna().any().any()
    assert features.loc[~first_month, "region_recent_usage"].notna().all()
    assert (features["log_tenure"] >= 0).all()
    assert np.isfinite(features["charges_per_gb"]).all() and (features["charges_per_gb"] > 0).all()
    assert (features["charges_per_gb"] <= features["monthly_charges"]).all()
    assert features["tenure_bucket"].isin(TENURE_BUCKETS).all()
    ### END SOLUTION

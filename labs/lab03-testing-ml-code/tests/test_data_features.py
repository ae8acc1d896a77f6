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
    # YOUR CODE HERE
    raise NotImplementedError()


def test_features_are_exactly_the_expected_columns(customers):
    """build_features returns the expected columns, in order, one row per customer."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_features_hold_no_label_ids_or_personal_data(customers):
    """Neither the label, nor ids, nor personal data (or anything made from them) are features."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_feature_values_are_in_range(customers):
    """No missing values except region_recent_usage in the first month; values in their ranges."""
    # YOUR CODE HERE
    raise NotImplementedError()

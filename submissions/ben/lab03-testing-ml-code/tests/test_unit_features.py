"""Unit tests of churnlib.features (Ben)."""

import pandas as pd

from churnlib.features import charges_per_gb, log_tenure, region_recent_usage, tenure_bucket


def test_log_tenure_returns_a_series():
    result = log_tenure(pd.Series([1, 2, 3]))
    assert isinstance(result, pd.Series)
    assert len(result) == 3


def test_charges_per_gb_is_positive():
    result = charges_per_gb(pd.Series([50.0, 20.0]), pd.Series([4.0, 10.0]))
    assert (result > 0).all()


def test_tenure_bucket_gives_strings(customers):
    buckets = tenure_bucket(customers["tenure_months"])
    assert buckets.map(type).eq(str).all()


def test_region_recent_usage_has_one_value_per_row(customers):
    assert len(region_recent_usage(customers)) == len(customers)

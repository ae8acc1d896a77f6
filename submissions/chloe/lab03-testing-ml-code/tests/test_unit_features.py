"""Unit tests of churnlib.features: one function, small inputs, answers worked out by hand.

A unit test feeds a function a few values whose right answer you know *without running
the code*, and compares. Pick the values where a bug would show: zero, one, the edges of
a band, a gap in the months. Add as many tests as you like; name them test_*.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from churnlib.features import (
    TENURE_BUCKETS,
    charges_per_gb,
    log_tenure,
    region_recent_usage,
    tenure_bucket,
)


def test_log_tenure_matches_values_worked_out_by_hand():
    """log_tenure is log(1 + months): 0 months give 0, 1 month log(2), e - 1 months exactly 1."""
    got = log_tenure(pd.Series([0, 1, 9])).to_numpy()
    np.testing.assert_allclose(got, [0.0, math.log(2), math.log(10)])


def test_log_tenure_grows_with_every_month():
    """One more month always gives a larger value (check 0 to 120 months)."""
    values = log_tenure(pd.Series(range(121))).to_numpy()
    assert np.all(np.diff(values) > 0)


def test_charges_per_gb_matches_a_value_worked_out_by_hand():
    """50 a month for 4 GB is 50 / (4 + 1) = 10 per GB; 30 for 0 GB is 30 (finite)."""
    got = charges_per_gb(pd.Series([50.0, 30.0]), pd.Series([4.0, 0.0]))
    assert got.tolist() == pytest.approx([10.0, 30.0])


def test_tenure_bucket_edges():
    """Each band includes its lower edge: check both sides of 6, 12, 24 and 48 months."""
    months = [0, 5, 6, 11, 12, 23, 24, 47, 48, 100]
    bands = ["0-5", "0-5", "6-11", "6-11", "12-23", "12-23", "24-47", "24-47", "48+", "48+"]
    assert tenure_bucket(pd.Series(months)).tolist() == bands


def test_region_recent_usage_averages_only_earlier_months():
    """On a tiny frame made by hand: the mean usage of the 3 months *before* each row's month."""
    frame = pd.DataFrame({
        "month": pd.to_datetime(["2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01", "2024-07-01"]),
        "region": ["south"] * 5,
        "data_usage_gb": [3.0, 6.0, 9.0, 12.0, 15.0],
    })
    got = region_recent_usage(frame, window=3).tolist()
    assert math.isnan(got[0])
    assert got[1:] == pytest.approx([3.0, 4.5, 6.0, 9.0])


def test_region_recent_usage_keeps_regions_apart_and_counts_empty_months():
    """Another region's usage never counts, and a month without rows still uses up the window."""
    frame = pd.DataFrame({
        "month": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-02-01"]),
        "region": ["south", "north", "south"],
        "data_usage_gb": [4.0, 40.0, 1.0],
    })
    assert region_recent_usage(frame).tolist()[2] == pytest.approx(4.0)

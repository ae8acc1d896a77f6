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
    ### BEGIN SOLUTION
    result = log_tenure(pd.Series([0, 1, math.e - 1, 11]))
    assert result.tolist() == pytest.approx([0.0, math.log(2), 1.0, math.log(12)])
    ### END SOLUTION


def test_log_tenure_grows_with_every_month():
    """One more month always gives a larger value (check 0 to 120 months)."""
    ### BEGIN SOLUTION
    values = log_tenure(pd.Series(range(121)))
    assert (values.diff().dropna() > 0).all()
    ### END SOLUTION


def test_charges_per_gb_matches_a_value_worked_out_by_hand():
    """50 a month for 4 GB is 50 / (4 + 1) = 10 per GB; 30 for 0 GB is 30 (finite)."""
    ### BEGIN SOLUTION
    result = charges_per_gb(pd.Series([50.0, 30.0, 12.0]), pd.Series([4.0, 0.0, 0.5]))
    assert result.tolist() == pytest.approx([10.0, 30.0, 8.0])
    ### END SOLUTION


def test_tenure_bucket_edges():
    """Each band includes its lower edge: check both sides of 6, 12, 24 and 48 months."""
    ### BEGIN SOLUTION
    cases = {0: "0-5", 5: "0-5", 6: "6-11", 11: "6-11", 12: "12-23", 23: "12-23",
             24: "24-47", 47: "24-47", 48: "48+", 120: "48+"}  # fmt: skip
    result = tenure_bucket(pd.Series(list(cases)))
    assert result.tolist() == list(cases.values())
    assert set(result) <= set(TENURE_BUCKETS)
    ### END SOLUTION


def test_region_recent_usage_averages_only_earlier_months():
    """On a tiny frame made by hand: the mean usage of the 3 months *before* each row's month."""
    ### BEGIN SOLUTION
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(
                ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-05-01"]
            ),
            "region": ["north"] * 6,
            "data_usage_gb": [1.0, 2.0, 3.0, 4.0, 5.0, 7.0],
        }
    )
    result = region_recent_usage(frame, window=3)
    # Jan: nothing earlier; Feb: Jan; Mar: Jan-Feb; Apr: Jan-Mar; May: Feb-Apr (not May itself)
    assert result.tolist() == pytest.approx([np.nan, 1.0, 1.5, 2.0, 3.0, 3.0], nan_ok=True)
    ### END SOLUTION


def test_region_recent_usage_keeps_regions_apart_and_counts_empty_months():
    """Another region's usage never counts, and a month without rows still uses up the window."""
    ### BEGIN SOLUTION
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-02-01", "2024-06-01"]),
            "region": ["north", "north", "south", "north"],
            "data_usage_gb": [2.0, 4.0, 100.0, 1.0],
        }
    )
    result = region_recent_usage(frame, window=3)
    # June looks back at March to May: no rows of north there, so NaN
    assert result.tolist() == pytest.approx([np.nan, 2.0, np.nan, np.nan], nan_ok=True)
    ### END SOLUTION

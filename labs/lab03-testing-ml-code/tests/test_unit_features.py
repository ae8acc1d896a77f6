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
    # YOUR CODE HERE
    raise NotImplementedError()


def test_log_tenure_grows_with_every_month():
    """One more month always gives a larger value (check 0 to 120 months)."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_charges_per_gb_matches_a_value_worked_out_by_hand():
    """50 a month for 4 GB is 50 / (4 + 1) = 10 per GB; 30 for 0 GB is 30 (finite)."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_tenure_bucket_edges():
    """Each band includes its lower edge: check both sides of 6, 12, 24 and 48 months."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_region_recent_usage_averages_only_earlier_months():
    """On a tiny frame made by hand: the mean usage of the 3 months *before* each row's month."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_region_recent_usage_keeps_regions_apart_and_counts_empty_months():
    """Another region's usage never counts, and a month without rows still uses up the window."""
    # YOUR CODE HERE
    raise NotImplementedError()

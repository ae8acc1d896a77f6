"""Unit tests of churnlib.features (Ada)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from churnlib.features import charges_per_gb, log_tenure, region_recent_usage, tenure_bucket

EDGES = [(0, "0-5"), (5, "0-5"), (6, "6-11"), (11, "6-11"), (12, "12-23"),
         (23, "12-23"), (24, "24-47"), (47, "24-47"), (48, "48+"), (119, "48+")]


@pytest.mark.parametrize(("months", "expected"), [(0, 0.0), (1, math.log(2)), (3, math.log(4)), (119, math.log(120))])
def test_log_tenure_matches_values_worked_out_by_hand(months, expected):
    assert log_tenure(pd.Series([months])).iloc[0] == pytest.approx(expected)


def test_log_tenure_grows_with_every_month():
    assert log_tenure(pd.Series(range(60))).diff().dropna().gt(0).all()


@pytest.mark.parametrize(("charges", "usage", "expected"), [(60.0, 5.0, 10.0), (30.0, 0.0, 30.0), (20.0, 1.0, 10.0)])
def test_charges_per_gb_matches_a_value_worked_out_by_hand(charges, usage, expected):
    assert charges_per_gb(pd.Series([charges]), pd.Series([usage])).iloc[0] == pytest.approx(expected)


@pytest.mark.parametrize(("months", "band"), EDGES)
def test_tenure_bucket_edges(months, band):
    assert tenure_bucket(pd.Series([months])).iloc[0] == band


def test_region_recent_usage_averages_only_earlier_months():
    months = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"])
    frame = pd.DataFrame({"month": months, "region": "east", "data_usage_gb": [2.0, 4.0, 8.0, 16.0]})
    result = region_recent_usage(frame, window=2).tolist()
    assert np.isnan(result[0])
    assert result[1:] == pytest.approx([2.0, 3.0, 6.0])  # Feb: Jan; Mar: Jan+Feb; Apr: Feb+Mar


def test_region_recent_usage_keeps_regions_apart():
    frame = pd.DataFrame({
        "month": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-02-01", "2024-02-01"]),
        "region": ["east", "west", "east", "west"],
        "data_usage_gb": [1.0, 50.0, 3.0, 70.0],
    })
    assert region_recent_usage(frame).tolist()[2:] == pytest.approx([1.0, 50.0])

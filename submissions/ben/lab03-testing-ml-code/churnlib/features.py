"""Feature engineering: raw customer snapshots in, model features out.

Everything here is *stateless*: a feature of a row depends only on that row and, for the
window feature, on earlier months of the same frame. Nothing is learned from data and
labels are never read. What is learned (imputation, scaling, the model itself) lives in
:mod:`churnlib.model` and is fitted on training rows only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coursedata import CATEGORIES

__all__ = [
    "CATEGORICAL_FEATURES",
    "FEATURE_CATEGORIES",
    "FEATURE_COLUMNS",
    "NUMERIC_FEATURES",
    "TENURE_BUCKETS",
    "TENURE_EDGES",
    "WINDOW_MONTHS",
    "build_features",
    "charges_per_gb",
    "log_tenure",
    "region_recent_usage",
    "tenure_bucket",
]

TENURE_EDGES: tuple[int, ...] = (6, 12, 24, 48)  # months; a bucket includes its lower edge
TENURE_BUCKETS: tuple[str, ...] = ("0-5", "6-11", "12-23", "24-47", "48+")
WINDOW_MONTHS = 3  # how many earlier months region_recent_usage looks back
USAGE_SMOOTHING_GB = 1.0  # added to usage before dividing, so zero usage stays finite

# Raw numeric columns the model uses as they are.
RAW_NUMERIC: tuple[str, ...] = (
    "age",
    "monthly_charges",
    "data_usage_gb",
    "support_calls",
    "late_payments",
)
NUMERIC_FEATURES: tuple[str, ...] = (
    *RAW_NUMERIC,
    "log_tenure",
    "charges_per_gb",
    "region_recent_usage",
)
CATEGORICAL_FEATURES: tuple[str, ...] = (
    "region",
    "plan",
    "contract",
    "payment_method",
    "tenure_bucket",
)
FEATURE_COLUMNS: tuple[str, ...] = (*NUMERIC_FEATURES, *CATEGORICAL_FEATURES)
# The categories the one-hot encoder knows; anything else is encoded as all zeros.
FEATURE_CATEGORIES: dict[str, tuple[str, ...]] = {**CATEGORIES, "tenure_bucket": TENURE_BUCKETS}


def log_tenure(tenure_months: pd.Series) -> pd.Series:
    """``log(1 + tenure)``: 0 months give 0, and every extra month still counts, less and less.

    Churn falls fastest in a customer's first months, so the model sees tenure on a log
    scale. ``log1p`` (not ``log``) keeps brand-new customers (0 months) finite.
    """
    return pd.Series(
        np.log1p(tenure_months.to_numpy(dtype=float)), index=tenure_months.index, name="log_tenure"
    )


def charges_per_gb(monthly_charges: pd.Series, data_usage_gb: pd.Series) -> pd.Series:
    """What one GB of data costs the customer: ``monthly_charges / (data_usage_gb + 1)``.

    Both are per month: charges in currency units, usage in GB. One GB is added to the
    usage so that customers who use almost nothing get a large but finite value.
    A missing usage reading gives a missing value (the model imputes it).
    """
    value = monthly_charges.to_numpy(dtype=float) / (
        data_usage_gb.to_numpy(dtype=float) + USAGE_SMOOTHING_GB
    )
    return pd.Series(value, index=monthly_charges.index, name="charges_per_gb")


def tenure_bucket(tenure_months: pd.Series) -> pd.Series:
    """The tenure band of each customer: ``"0-5"``, ``"6-11"``, ``"12-23"``, ``"24-47"``, ``"48+"``.

    Bands are in whole months and include their lower edge: 6 months is ``"6-11"``,
    47 months is ``"24-47"`` and 48 months is ``"48+"``.
    """
    positions = np.searchsorted(TENURE_EDGES, tenure_months.to_numpy(), side="right")
    labels = np.asarray(TENURE_BUCKETS, dtype=object)[positions]
    return pd.Series(labels, index=tenure_months.index, name="tenure_bucket")


def region_recent_usage(frame: pd.DataFrame, *, window: int = WINDOW_MONTHS) -> pd.Series:
    """Mean data usage (GB) in the row's region over the ``window`` months *before* its month.

    For a snapshot of March with ``window=3`` it is the mean of ``data_usage_gb`` over the
    rows of the same region from December to February: how much the neighbourhood has
    been using the network lately. The row's own month is left out: when a snapshot is
    scored, that month's usage is not all known yet. Calendar months without rows count
    as months (they add no usage and no customers); missing readings are skipped. Rows
    with no earlier reading of their region inside the window get NaN.

    Needs the columns ``month`` (datetime), ``region`` and ``data_usage_gb``.
    """
    month_number = frame["month"].dt.year * 12 + frame["month"].dt.month - 1
    per_month = (
        frame.assign(_month=month_number)
        .groupby(["region", "_month"])["data_usage_gb"]
        .agg(["sum", "count"])
    )
    result = pd.Series(np.nan, index=frame.index, name="region_recent_usage")
    for region, block in per_month.groupby(level="region"):
        history = block.droplevel("region")
        calendar = range(int(history.index.min()), int(history.index.max()) + 1)
        history = history.reindex(calendar, fill_value=0)
        earlier = history.rolling(window, min_periods=1).sum().shift(1)
        mean_usage = earlier["sum"] / earlier["count"].where(earlier["count"] > 0)
        rows = (frame["region"] == region).to_numpy()
        result.iloc[rows] = month_number[rows].map(mean_usage).to_numpy(dtype=float)
    return result


def build_features(customers: pd.DataFrame) -> pd.DataFrame:
    """The model's input: one row per customer, the columns of :data:`FEATURE_COLUMNS` in order.

    ``customers`` is a raw snapshot frame as :func:`coursedata.generate_customers` makes
    it (the label is not needed). Personal data, ids and the label are never features.
    """
    needed = {"month", "tenure_months", *RAW_NUMERIC, *CATEGORIES}
    missing = sorted(needed - set(customers.columns))
    if missing:
        raise KeyError(f"build_features needs the column(s) {missing}")
    features = pd.DataFrame(index=customers.index)
    for column in RAW_NUMERIC:
        features[column] = customers[column].astype(float)
    features["log_tenure"] = log_tenure(customers["tenure_months"])
    features["charges_per_gb"] = charges_per_gb(
        customers["monthly_charges"], customers["data_usage_gb"]
    )
    features["region_recent_usage"] = region_recent_usage(customers)
    for column in CATEGORIES:
        features[column] = customers[column].astype(object)
    features["tenure_bucket"] = tenure_bucket(customers["tenure_months"])
    return features[list(FEATURE_COLUMNS)]

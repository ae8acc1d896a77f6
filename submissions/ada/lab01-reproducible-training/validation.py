"""Lab 01, part 2: check a batch of customer snapshots against the data contract.

A *data contract* is what the model's code assumes about its input, written down so
that a machine can check it: which columns exist, what type each has, which values are
allowed.  The contract below is given; you write the checks in ``02-validation.ipynb``,
one function at a time, and then :func:`validate_batch`, which runs them all.

Every check returns a list of problems, one readable string per finding, that names the
column it is about (for example ``"age: 3 values outside [18, 100], e.g. 150"``).  An empty
list means the batch passed that check.  A check never raises on bad data: reporting bad
data is its whole job.
"""

from __future__ import annotations

import pandas as pd

from coursedata import CATEGORICAL_FEATURES, CATEGORIES, FEATURES, NUMERIC_FEATURES

# ---- the data contract (given) -----------------------------------------------------------

ID_COLUMN = "customer_id"
TIME_COLUMN = "month"

# Every batch, for training or for scoring, must have these columns.  The label is not
# required: a batch to score has no label yet.
REQUIRED_COLUMNS: tuple[str, ...] = (ID_COLUMN, TIME_COLUMN, *FEATURES)

# Allowed values of each categorical feature (what the model was trained on).
ALLOWED_CATEGORIES: dict[str, tuple[str, ...]] = dict(CATEGORIES)

# Plausible ranges (inclusive) of each numeric feature, from what the values *mean*, not
# from the training data's minimum and maximum: a fresh batch may legitimately hold a
# value the training data happened not to contain, but never an impossible one.
NUMERIC_RANGES: dict[str, tuple[float, float]] = {
    "age": (18, 100),  # customers are adults; over 100 is an entry error
    "tenure_months": (0, 600),  # months as a customer: never negative
    "monthly_charges": (0.0, 1000.0),  # a bill is never negative
    "data_usage_gb": (0.0, 5000.0),  # a meter cannot read below zero
    "support_calls": (0, 100),  # calls in the last three months
    "late_payments": (0, 12),  # late payments in the last twelve months: at most 12
}


def _is_text(series: pd.Series) -> bool:
    """True for columns of text (pandas ``str`` or ``object`` holding strings)."""
    return pd.api.types.is_string_dtype(series) or pd.api.types.is_object_dtype(series)


# ---- the checks (you write these) ------------------------------------------------------


def check_schema(frame: pd.DataFrame) -> list[str]:
    """Missing columns and wrong types.

    * one problem per column of ``REQUIRED_COLUMNS`` that is missing;
    * one problem per present column with the wrong kind of type: numeric features must be
      numeric (``pd.api.types.is_numeric_dtype``), categorical features and the id must be
      text (use ``_is_text``), ``month`` must be a datetime
      (``pd.api.types.is_datetime64_any_dtype``).

    Extra columns (personal data, the label) are fine.
    """
    problems = []
    for column in REQUIRED_COLUMNS:
        if column not in frame.columns:
            problems.append(f"missing required column: {column}")
    for column in NUMERIC_FEATURES:
        if column in frame.columns and not pd.api.types.is_numeric_dtype(frame[column]):
            problems.append(f"{column} should be numeric, got {frame[column].dtype}")
    for column in [ID_COLUMN, *CATEGORICAL_FEATURES]:
        if column in frame.columns and not _is_text(frame[column]):
            problems.append(f"{column} should be text, got {frame[column].dtype}")
    if TIME_COLUMN in frame.columns:
        if not pd.api.types.is_datetime64_any_dtype(frame[TIME_COLUMN]):
            problems.append(f"{TIME_COLUMN} should be a datetime, got {frame[TIME_COLUMN].dtype}")
    return problems


def check_nulls(frame: pd.DataFrame) -> list[str]:
    """One problem per required column (that is present) with missing values, with a count."""
    problems = []
    for column in REQUIRED_COLUMNS:
        if column in frame.columns:
            n_missing = frame[column].isna().sum()
            if n_missing > 0:
                problems.append(f"{column} has {n_missing} missing values")
    return problems


def check_categories(frame: pd.DataFrame) -> list[str]:
    """One problem per categorical feature holding values outside ``ALLOWED_CATEGORIES``.

    Say how many rows and which values.  Missing values are not "unseen categories"
    (``check_nulls`` reports them), and absent columns are ``check_schema``'s business.
    """
    problems = []
    for column, allowed in ALLOWED_CATEGORIES.items():
        if column not in frame.columns:
            continue
        present = frame[column].dropna()
        unknown = present[~present.isin(allowed)]
        if len(unknown) > 0:
            examples = sorted(unknown.astype(str).unique())
            problems.append(f"{column} has {len(unknown)} unknown values: {examples}")
    return problems


def check_ranges(frame: pd.DataFrame) -> list[str]:
    """One problem per numeric feature with values outside its ``NUMERIC_RANGES`` range.

    Skip columns that are absent or not numeric (``check_schema`` reports those); ignore
    missing values (``check_nulls`` reports them).
    """
    problems = []
    for column, (low, high) in NUMERIC_RANGES.items():
        if column not in frame.columns:
            continue
        if not pd.api.types.is_numeric_dtype(frame[column]):
            continue  # check_schema reports it
        values = frame[column]
        bad = values[(values < low) | (values > high)]
        if len(bad) > 0:
            problems.append(f"{column} has {len(bad)} values outside {low}..{high}")
    return problems


def check_duplicates(frame: pd.DataFrame) -> list[str]:
    """A problem if a ``customer_id`` occurs more than once in the batch.

    In these snapshots every row is a different customer, so a repeated id means the
    same record was ingested twice (or an id was overwritten).
    """
    if ID_COLUMN not in frame.columns:
        return []
    n_repeated = int(frame[ID_COLUMN].duplicated().sum())
    if n_repeated:
        return [f"{ID_COLUMN} has {n_repeated} repeated ids"]
    return []


def validate_batch(frame: pd.DataFrame) -> list[str]:
    """Every problem of ``frame`` against the contract; ``[]`` means the batch is good.

    Run all five checks and return their problems together, in one flat list.
    """
    problems = []
    for check in (check_schema, check_nulls, check_categories, check_ranges, check_duplicates):
        problems.extend(check(frame))
    return problems

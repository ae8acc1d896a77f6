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
    ### BEGIN SOLUTION
    problems = [
        f"{column}: required column is missing"
        for column in REQUIRED_COLUMNS
        if column not in frame.columns
    ]
    expected = {
        **{column: ("numeric", pd.api.types.is_numeric_dtype) for column in NUMERIC_FEATURES},
        **{column: ("text", _is_text) for column in (ID_COLUMN, *CATEGORICAL_FEATURES)},
        TIME_COLUMN: ("a datetime", pd.api.types.is_datetime64_any_dtype),
    }
    for column, (kind, has_kind) in expected.items():
        if column in frame.columns and not has_kind(frame[column]):
            problems.append(f"{column}: should be {kind} but has dtype {frame[column].dtype}")
    return problems
    ### END SOLUTION


def check_nulls(frame: pd.DataFrame) -> list[str]:
    """One problem per required column (that is present) with missing values, with a count."""
    ### BEGIN SOLUTION
    problems = []
    for column in REQUIRED_COLUMNS:
        if column in frame.columns:
            missing = int(frame[column].isna().sum())
            if missing:
                problems.append(f"{column}: {missing} missing values")
    return problems
    ### END SOLUTION


def check_categories(frame: pd.DataFrame) -> list[str]:
    """One problem per categorical feature holding values outside ``ALLOWED_CATEGORIES``.

    Say how many rows and which values.  Missing values are not "unseen categories"
    (``check_nulls`` reports them), and absent columns are ``check_schema``'s business.
    """
    ### BEGIN SOLUTION
    problems = []
    for column, allowed in ALLOWED_CATEGORIES.items():
        if column not in frame.columns:
            continue
        values = frame[column].dropna()
        unseen = values[~values.isin(allowed)]
        if len(unseen):
            examples = ", ".join(repr(v) for v in sorted(unseen.astype(str).unique())[:5])
            problems.append(f"{column}: {len(unseen)} values not in the contract ({examples})")
    return problems
    ### END SOLUTION


def check_ranges(frame: pd.DataFrame) -> list[str]:
    """One problem per numeric feature with values outside its ``NUMERIC_RANGES`` range.

    Skip columns that are absent or not numeric (``check_schema`` reports those); ignore
    missing values (``check_nulls`` reports them).
    """
    ### BEGIN SOLUTION
    problems = []
    for column, (low, high) in NUMERIC_RANGES.items():
        if column not in frame.columns or not pd.api.types.is_numeric_dtype(frame[column]):
            continue
        values = frame[column].dropna()
        outside = values[(values < low) | (values > high)]
        if len(outside):
            problems.append(
                f"{column}: {len(outside)} values outside [{low}, {high}], e.g. {outside.iloc[0]}"
            )
    return problems
    ### END SOLUTION


def check_duplicates(frame: pd.DataFrame) -> list[str]:
    """A problem if a ``customer_id`` occurs more than once in the batch.

    In these snapshots every row is a different customer, so a repeated id means the
    same record was ingested twice (or an id was overwritten).
    """
    ### BEGIN SOLUTION
    if ID_COLUMN not in frame.columns:
        return []
    ids = frame[ID_COLUMN].dropna()
    repeated = ids[ids.duplicated(keep=False)]
    if repeated.empty:
        return []
    examples = ", ".join(sorted(repeated.astype(str).unique())[:3])
    return [
        f"{ID_COLUMN}: {repeated.nunique()} ids occur more than once "
        f"({len(repeated)} rows), e.g. {examples}"
    ]
    ### END SOLUTION


def validate_batch(frame: pd.DataFrame) -> list[str]:
    """Every problem of ``frame`` against the contract; ``[]`` means the batch is good.

    Run all five checks and return their problems together, in one flat list.
    """
    ### BEGIN SOLUTION
    return [
        *check_schema(frame),
        *check_nulls(frame),
        *check_categories(frame),
        *check_ranges(frame),
        *check_duplicates(frame),
    ]
    ### END SOLUTION

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
    # YOUR CODE HERE
    raise NotImplementedError()


def check_nulls(frame: pd.DataFrame) -> list[str]:
    """One problem per required column (that is present) with missing values, with a count."""
    # YOUR CODE HERE
    raise NotImplementedError()


def check_categories(frame: pd.DataFrame) -> list[str]:
    """One problem per categorical feature holding values outside ``ALLOWED_CATEGORIES``.

    Say how many rows and which values.  Missing values are not "unseen categories"
    (``check_nulls`` reports them), and absent columns are ``check_schema``'s business.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def check_ranges(frame: pd.DataFrame) -> list[str]:
    """One problem per numeric feature with values outside its ``NUMERIC_RANGES`` range.

    Skip columns that are absent or not numeric (``check_schema`` reports those); ignore
    missing values (``check_nulls`` reports them).
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def check_duplicates(frame: pd.DataFrame) -> list[str]:
    """A problem if a ``customer_id`` occurs more than once in the batch.

    In these snapshots every row is a different customer, so a repeated id means the
    same record was ingested twice (or an id was overwritten).
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def validate_batch(frame: pd.DataFrame) -> list[str]:
    """Every problem of ``frame`` against the contract; ``[]`` means the batch is good.

    Run all five checks and return their problems together, in one flat list.
    """
    # YOUR CODE HERE
    raise NotImplementedError()

"""Lab 01 hidden checks of the validator: run only by official grading.

Fresh batches (seeds that appear nowhere in the student's lab) go through the student's
``validation.validate_batch``: good ones must pass, each planted problem must be caught
with a message naming the damaged column.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

from autograder.errors import StudentCodeError
from autograder.sandbox import FunctionCall
from coursedata import (
    CATEGORIES,
    CORRUPTIONS,
    NUMERIC_FEATURES,
    TARGET,
    corrupt_batch,
    generate_customers,
)

VALIDATE = "validation:validate_batch"


@cache
def _clean_batch() -> pd.DataFrame:
    return generate_customers(800, seed=70979, start="2025-07", months=1)


@cache
def _broken_batches() -> dict[str, pd.DataFrame]:
    return {
        kind: corrupt_batch(_clean_batch(), kind, seed=32107 + number, fraction=0.03)
        for number, kind in enumerate(CORRUPTIONS)
    }


def _damaged_columns(kind: str) -> list[str]:
    """The columns a validator's problems should name for this kind of damage."""
    clean, broken = _clean_batch(), _broken_batches()[kind]
    if kind == "missing_column":
        return [c for c in clean.columns if c not in broken.columns]
    if kind == "duplicate_ids":
        return ["customer_id"]
    if kind == "nulls":
        return [c for c in broken.columns if broken[c].isna().any()]
    if kind == "unseen_category":
        return [c for c, allowed in CATEGORIES.items() if not broken[c].isin(allowed).all()]
    if kind == "wrong_dtype":
        return [c for c in NUMERIC_FEATURES if broken[c].dtype != clean[c].dtype]
    return [c for c in NUMERIC_FEATURES if not broken[c].equals(clean[c])]  # out_of_range


@cache
def _clean_batches() -> tuple[pd.DataFrame, pd.DataFrame]:
    one_month = generate_customers(1500, seed=93622, start="2025-05", months=1)
    two_years = generate_customers(4000, seed=33511, start="2022-01", months=24)
    return one_month, two_years.drop(columns=[TARGET])  # a batch to score has no label


@cache
def _meter_stream() -> tuple[pd.DataFrame, pd.DataFrame]:
    stream = generate_customers(
        2000,
        seed=57731,
        start="2025-06",
        months=4,
        scenario="meter_fault",
        scenario_start="2025-08",
    )
    fault = pd.Timestamp("2025-08")
    return stream[stream["month"] < fault], stream[stream["month"] >= fault]


@cache
def _batches() -> dict[str, pd.DataFrame]:
    """Every batch this module validates, by name."""
    one_month, two_years = _clean_batches()
    before, after = _meter_stream()
    return {
        "one_month": one_month,
        "two_years": two_years,
        **_broken_batches(),
        "before_fault": before,
        "after_fault": after,
    }


_SHARED: dict[str, dict[str, object] | None] = {}


def _validate(student, *names: str) -> list[object]:
    """validate_batch's answers for the batches ``names``, in order.

    All batches of the module go through one sandboxed process (one interpreter start)
    when the validator copes with all of them; if it raises on any, each check runs the
    validator on its own batches, so that each check gets its own verdict and message.
    """
    key = str(student.folder)
    if key not in _SHARED:
        batches = _batches()
        calls = [FunctionCall(VALIDATE, (batch,)) for batch in batches.values()]
        try:
            _SHARED[key] = dict(zip(batches, student.call_many(calls), strict=True))
        except StudentCodeError:
            _SHARED[key] = None
    answers = _SHARED[key]
    if answers is not None:
        return [answers[name] for name in names]
    return student.call_many([FunctionCall(VALIDATE, (_batches()[name],)) for name in names])


def _assert_rejected(student, kind: str, what: str) -> None:
    (problems,) = _validate(student, kind)
    assert isinstance(problems, list) and all(isinstance(p, str) for p in problems), (
        "validate_batch should return a list of strings (one per problem)"
    )
    assert problems, f"validate_batch accepted a fresh batch with {what}"
    unnamed = [c for c in _damaged_columns(kind) if not any(c in p for p in problems)]
    assert not unnamed, (
        f"validate_batch caught the batch with {what}, but no problem names the damaged "
        f"column(s) {unnamed}; say which column each problem is about. It said: {problems[:4]}"
    )


@pytest.mark.points(1)
def test_validator_accepts_clean_batches(student):
    """The validator accepts two fresh, clean batches"""
    names = {
        "one_month": "a one-month batch",
        "two_years": "a two-year batch without labels (to be scored)",
    }
    for description, problems in zip(names.values(), _validate(student, *names), strict=True):
        assert problems == [], (
            f"validate_batch rejected {description} of good data, saying: "
            f"{str(problems)[:300]}. A contract that rejects good data is too strict: "
            "ranges come from what values mean, not from the training data's minimum and maximum"
        )


@pytest.mark.points(0.5)
def test_validator_rejects_nulls(student):
    """The validator rejects a batch with missing values"""
    _assert_rejected(student, "nulls", "missing values")


@pytest.mark.points(0.5)
def test_validator_rejects_unseen_categories(student):
    """The validator rejects a batch with unseen categories"""
    _assert_rejected(student, "unseen_category", "categories outside the contract")


@pytest.mark.points(0.5)
def test_validator_rejects_out_of_range_values(student):
    """The validator rejects a batch with impossible values"""
    _assert_rejected(student, "out_of_range", "impossible values (negative, too large)")


@pytest.mark.points(0.5)
def test_validator_rejects_a_missing_column(student):
    """The validator rejects a batch that lacks a required column"""
    _assert_rejected(student, "missing_column", "a required column missing")


@pytest.mark.points(0.5)
def test_validator_rejects_a_wrong_dtype(student):
    """The validator rejects a numeric column that arrives as text"""
    _assert_rejected(student, "wrong_dtype", "a numeric column delivered as text")


@pytest.mark.points(0.5)
def test_validator_rejects_duplicate_ids(student):
    """The validator rejects a batch with repeated customer ids"""
    _assert_rejected(student, "duplicate_ids", "repeated customer ids")


@pytest.mark.points(1)
def test_validator_catches_the_meter_fault(student):
    """The validator rejects the months after a meter fault and accepts the months before"""
    accepted, rejected = _validate(student, "before_fault", "after_fault")
    assert rejected, (
        "validate_batch accepted the months after the usage meters broke, although "
        "data_usage_gb has missing readings in them"
    )
    assert any("data_usage_gb" in str(p) for p in rejected), (
        f"the months after the meter fault were rejected, but no problem names "
        f"data_usage_gb: {str(rejected)[:300]}"
    )
    assert accepted == [], (
        f"validate_batch rejected the months before the meter fault, which are good data: "
        f"{str(accepted)[:300]}"
    )

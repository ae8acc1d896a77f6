"""Tests of the planted data-quality problems (coursedata.corruption)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coursedata import (
    CATEGORICAL_FEATURES,
    CATEGORIES,
    CORRUPTIONS,
    FEATURES,
    NUMERIC_FEATURES,
    corrupt_batch,
    generate_customers,
)

N_ROWS = 1000


@pytest.fixture()
def clean() -> pd.DataFrame:
    return generate_customers(N_ROWS, seed=31)


def _unseen(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].notna() & ~frame[column].isin(CATEGORIES[column])


def test_corruption_kinds() -> None:
    assert CORRUPTIONS == (
        "nulls", "unseen_category", "out_of_range", "missing_column", "wrong_dtype",
        "duplicate_ids",
    )  # fmt: skip


@pytest.mark.parametrize("kind", CORRUPTIONS)
def test_returns_a_changed_copy_and_leaves_the_input_alone(clean: pd.DataFrame, kind: str) -> None:
    snapshot = clean.copy(deep=True)
    damaged = corrupt_batch(clean, kind, seed=1)
    pd.testing.assert_frame_equal(clean, snapshot)  # input untouched
    assert damaged is not clean
    assert not damaged.equals(clean)
    assert damaged.index.equals(clean.index)


@pytest.mark.parametrize("kind", CORRUPTIONS)
def test_same_seed_same_damage(clean: pd.DataFrame, kind: str) -> None:
    pd.testing.assert_frame_equal(
        corrupt_batch(clean, kind, seed=7), corrupt_batch(clean, kind, seed=7)
    )


@pytest.mark.parametrize("kind", ["nulls", "unseen_category", "out_of_range", "duplicate_ids"])
def test_different_seeds_damage_different_rows(clean: pd.DataFrame, kind: str) -> None:
    a, b = corrupt_batch(clean, kind, seed=1), corrupt_batch(clean, kind, seed=2)
    assert not a.equals(b)


def test_nulls(clean: pd.DataFrame) -> None:
    damaged = corrupt_batch(clean, "nulls", seed=3, fraction=0.05)
    null_rows = damaged[list(FEATURES)].isna().any(axis=1)
    assert null_rows.sum() == round(0.05 * N_ROWS)
    columns_hit = [c for c in FEATURES if damaged[c].isna().any()]
    assert len(columns_hit) == 3
    for column in columns_hit:
        assert damaged[column].isna().sum() == round(0.05 * N_ROWS), column
    others = [c for c in damaged.columns if c not in FEATURES]
    assert not damaged[others].isna().any().any()  # only feature columns get holes
    # Untouched cells keep their values.
    untouched = damaged.loc[~null_rows]
    pd.testing.assert_frame_equal(untouched, clean.loc[~null_rows], check_dtype=False)


def test_nulls_fraction_and_columns_follow_the_arguments(clean: pd.DataFrame) -> None:
    damaged = corrupt_batch(clean, "nulls", seed=3, fraction=0.2)
    assert damaged[list(FEATURES)].isna().any(axis=1).sum() == 200
    hit_by_seed = {
        tuple(c for c in FEATURES if corrupt_batch(clean, "nulls", seed=s)[c].isna().any())
        for s in range(10)
    }
    assert len(hit_by_seed) > 3  # the seed decides which columns lose values


def test_unseen_category(clean: pd.DataFrame) -> None:
    damaged = corrupt_batch(clean, "unseen_category", seed=4)
    new_region = _unseen(damaged, "region")
    assert new_region.sum() == round(0.05 * N_ROWS)
    assert set(damaged.loc[new_region, "region"]) <= {"offshore", "islands"}
    unseen_elsewhere = [
        c for c in CATEGORICAL_FEATURES if c != "region" and _unseen(damaged, c).any()
    ]
    assert len(unseen_elsewhere) == 1
    assert not (_unseen(damaged, unseen_elsewhere[0]) & ~new_region).any()
    for column in CATEGORICAL_FEATURES:
        assert not _unseen(clean, column).any()
        assert pd.api.types.is_string_dtype(damaged[column])
    assert not damaged.isna().any().any()


def test_out_of_range(clean: pd.DataFrame) -> None:
    damaged = corrupt_batch(clean, "out_of_range", seed=5)
    assert (damaged["tenure_months"] < 0).any()
    assert (damaged["age"] == 150).any()
    assert (damaged["monthly_charges"] < 0).any()
    assert damaged["age"].dtype == np.int64
    assert damaged["tenure_months"].dtype == np.int64
    bad = (damaged["tenure_months"] < 0) | (damaged["age"] > 90) | (damaged["monthly_charges"] < 0)
    assert bad.sum() == round(0.05 * N_ROWS)


def test_out_of_range_always_plants_all_three_even_for_tiny_fractions(
    clean: pd.DataFrame,
) -> None:
    damaged = corrupt_batch(clean, "out_of_range", seed=5, fraction=0.0001)
    assert (damaged["tenure_months"] < 0).sum() == 1
    assert (damaged["age"] == 150).sum() == 1
    assert (damaged["monthly_charges"] < 0).sum() == 1


def test_missing_column(clean: pd.DataFrame) -> None:
    damaged = corrupt_batch(clean, "missing_column", seed=6)
    dropped = set(clean.columns) - set(damaged.columns)
    assert len(dropped) == 1
    assert dropped <= set(FEATURES)
    assert list(damaged.columns) == [c for c in clean.columns if c not in dropped]
    dropped_by_seed = {
        (set(FEATURES) - set(corrupt_batch(clean, "missing_column", seed=s).columns)).pop()
        for s in range(20)
    }
    assert len(dropped_by_seed) > 3  # the seed decides which column is missing


@pytest.mark.parametrize("seed", range(6))
def test_wrong_dtype(clean: pd.DataFrame, seed: int) -> None:
    damaged = corrupt_batch(clean, "wrong_dtype", seed=seed)
    changed = [c for c in NUMERIC_FEATURES if not pd.api.types.is_numeric_dtype(damaged[c])]
    assert len(changed) == 1
    column = changed[0]
    assert pd.api.types.is_string_dtype(damaged[column])
    with pytest.raises(ValueError):
        pd.to_numeric(damaged[column])  # "55,20" or "n/a"
    parsed = pd.to_numeric(damaged[column], errors="coerce")
    assert parsed.isna().sum() == round(0.05 * N_ROWS)
    ok = parsed.notna()
    np.testing.assert_allclose(parsed[ok], clean.loc[ok, column], atol=0.005)


def test_wrong_dtype_hits_integer_and_float_columns(clean: pd.DataFrame) -> None:
    kinds = set()
    for seed in range(12):
        damaged = corrupt_batch(clean, "wrong_dtype", seed=seed)
        column = next(c for c in NUMERIC_FEATURES if damaged[c].dtype != clean[c].dtype)
        kinds.add(clean[column].dtype.kind)
    assert kinds == {"i", "f"}


def test_duplicate_ids(clean: pd.DataFrame) -> None:
    assert clean["customer_id"].is_unique
    damaged = corrupt_batch(clean, "duplicate_ids", seed=9)
    assert len(damaged) == len(clean)
    assert damaged["customer_id"].duplicated().sum() == round(0.05 * N_ROWS)
    assert set(damaged["customer_id"]) <= set(clean["customer_id"])
    pd.testing.assert_frame_equal(
        damaged.drop(columns="customer_id"), clean.drop(columns="customer_id")
    )


def test_works_on_a_filtered_frame_with_its_own_index(clean: pd.DataFrame) -> None:
    subset = clean[clean["contract"] == "monthly"]
    for kind in CORRUPTIONS:
        damaged = corrupt_batch(subset, kind, seed=10)
        assert damaged.index.equals(subset.index), kind


def test_unknown_kind_names_the_valid_ones(clean: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"nulls.*unseen_category.*duplicate_ids"):
        corrupt_batch(clean, "typos")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fraction": 0.0}, "fraction must be in"),
        ({"fraction": 1.5}, "fraction must be in"),
        ({"fraction": "half"}, "fraction must be a number"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"seed": 1.5}, "seed must be a non-negative integer"),
    ],
)
def test_bad_arguments_raise(clean: pd.DataFrame, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        corrupt_batch(clean, "nulls", **kwargs)  # type: ignore[arg-type]


def test_frames_that_cannot_be_corrupted_raise(clean: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="empty"):
        corrupt_batch(clean.iloc[:0], "nulls")
    with pytest.raises(ValueError, match="DataFrame"):
        corrupt_batch(clean.to_dict(), "nulls")
    with pytest.raises(ValueError, match="customer_id"):
        corrupt_batch(clean.drop(columns="customer_id"), "duplicate_ids")
    with pytest.raises(ValueError, match="age"):
        corrupt_batch(clean.drop(columns="age"), "out_of_range")
    with pytest.raises(ValueError, match="two rows"):
        corrupt_batch(clean.iloc[:1], "duplicate_ids")

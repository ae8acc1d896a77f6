"""Tests of the seeded telecom churn generator (coursedata.generator)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import ks_2samp
from sklearn.compose import make_column_transformer
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import coursedata
from coursedata import (
    CATEGORICAL_FEATURES,
    CATEGORIES,
    FEATURES,
    NUMERIC_FEATURES,
    PII_COLUMNS,
    SCENARIOS,
    TARGET,
    generate_customers,
    load_training_data,
)

EXPECTED_COLUMNS = [
    "customer_id", "month", "full_name", "email", "phone", "date_of_birth", "postcode",
    "age", "region", "plan", "contract", "payment_method", "tenure_months",
    "monthly_charges", "data_usage_gb", "support_calls", "late_payments", "churned",
]  # fmt: skip
INT_COLUMNS = ["age", "tenure_months", "support_calls", "late_payments", "churned"]
FLOAT_COLUMNS = ["monthly_charges", "data_usage_gb"]
STR_COLUMNS = ["customer_id", "full_name", "email", "phone", "postcode", *CATEGORICAL_FEATURES]


@pytest.fixture(scope="module")
def batch() -> pd.DataFrame:
    return generate_customers(3000, seed=11)


@pytest.fixture(scope="module")
def big_batch() -> pd.DataFrame:
    return generate_customers(40_000, seed=12)


# --- public API ------------------------------------------------------------------------


def test_public_api_is_explicit() -> None:
    assert sorted(coursedata.__all__) == sorted(
        [
            "FEATURES", "NUMERIC_FEATURES", "CATEGORICAL_FEATURES", "CATEGORIES",
            "PII_COLUMNS", "TARGET", "SCENARIOS", "CORRUPTIONS", "generate_customers",
            "load_training_data", "corrupt_batch",
        ]
    )  # fmt: skip
    for name in coursedata.__all__:
        assert hasattr(coursedata, name), name


def test_feature_constants_are_consistent() -> None:
    assert TARGET == "churned"
    assert PII_COLUMNS == ("full_name", "email", "phone", "date_of_birth", "postcode")
    assert SCENARIOS == ("price_rise", "meter_fault", "seasonal")
    assert set(NUMERIC_FEATURES).isdisjoint(CATEGORICAL_FEATURES)
    assert set(FEATURES) == set(NUMERIC_FEATURES) | set(CATEGORICAL_FEATURES)
    assert len(FEATURES) == len(set(FEATURES)) == 10
    assert not set(FEATURES) & {*PII_COLUMNS, "customer_id", "month", TARGET}
    assert set(CATEGORIES) == set(CATEGORICAL_FEATURES)
    assert CATEGORIES["region"] == ("north", "south", "east", "west", "central")
    assert CATEGORIES["plan"] == ("basic", "standard", "premium")
    assert CATEGORIES["contract"] == ("monthly", "annual", "two_year")
    assert CATEGORIES["payment_method"] == ("card", "direct_debit", "invoice")


# --- schema, dtypes and ranges --------------------------------------------------------


def test_columns_in_order(batch: pd.DataFrame) -> None:
    assert list(batch.columns) == EXPECTED_COLUMNS
    assert len(batch) == 3000
    assert batch.index.equals(pd.RangeIndex(3000))


def test_dtypes_are_plain(batch: pd.DataFrame) -> None:
    for column in INT_COLUMNS:
        assert batch[column].dtype == np.int64, column
    for column in FLOAT_COLUMNS:
        assert batch[column].dtype == np.float64, column
    for column in STR_COLUMNS:
        assert pd.api.types.is_string_dtype(batch[column]), column
        assert not isinstance(batch[column].dtype, pd.CategoricalDtype), column
        assert batch[column].map(type).eq(str).all(), column
    for column in ["month", "date_of_birth"]:
        assert pd.api.types.is_datetime64_dtype(batch[column]), column


@pytest.mark.parametrize("seed", [0, 1, 99])
def test_clean_data_has_no_nulls(seed: int) -> None:
    frame = generate_customers(2000, seed=seed)
    assert not frame.isna().any().any()


def test_value_ranges(batch: pd.DataFrame) -> None:
    assert batch["age"].between(18, 90).all()
    assert batch["tenure_months"].between(0, 120).all()
    assert batch["monthly_charges"].between(15, 120).all()
    assert (batch["data_usage_gb"] >= 0).all()
    assert (batch["support_calls"] >= 0).all()
    assert batch["late_payments"].between(0, 12).all()
    assert set(batch[TARGET].unique()) == {0, 1}
    for column, allowed in CATEGORIES.items():
        assert set(batch[column]) == set(allowed), column  # every level occurs


def test_customer_ids_are_unique_and_well_formed(big_batch: pd.DataFrame) -> None:
    assert big_batch["customer_id"].is_unique
    assert big_batch["customer_id"].str.fullmatch(r"C\d{7}").all()


def test_months_are_consecutive_evenly_spread_and_sorted() -> None:
    frame = generate_customers(1003, seed=3, start="2023-11", months=5)
    assert frame["month"].is_monotonic_increasing
    assert (frame["month"].dt.day == 1).all()
    expected = pd.date_range("2023-11-01", periods=5, freq="MS")
    counts = frame["month"].value_counts().sort_index()
    assert list(counts.index) == list(expected)
    assert counts.max() - counts.min() <= 1


def test_age_matches_date_of_birth(batch: pd.DataFrame) -> None:
    month, dob = batch["month"], batch["date_of_birth"]
    had_birthday = (month.dt.month > dob.dt.month) | (
        (month.dt.month == dob.dt.month) & (month.dt.day >= dob.dt.day)
    )
    age = month.dt.year - dob.dt.year - (~had_birthday).astype(int)
    assert (age == batch["age"]).all()


def test_personal_data_looks_plausible(batch: pd.DataFrame) -> None:
    assert batch["full_name"].str.fullmatch(r"[A-Z][a-z]+ [A-Z][A-Za-z']+").all()
    assert batch["email"].str.fullmatch(r"[a-z]+[._]?[a-z]+\d{0,2}@example\.(com|net|org)").all()
    assert batch["phone"].str.fullmatch(r"07700 900\d{3}").all()
    postcode = r"[A-Z]{1,2}\d{1,2} \d[ABD-HJLNP-UW-Z]{2}"
    assert batch["postcode"].str.fullmatch(postcode).all()
    assert batch["full_name"].nunique() > 500  # not one name repeated
    first = batch["full_name"].str.split(" ").str[0].str.lower()
    assert (batch["email"].str.lower().str[0] == first.str[0]).all()


def test_numbers_look_like_a_telecom(big_batch: pd.DataFrame) -> None:
    by_plan = big_batch.groupby("plan")["monthly_charges"].mean()
    assert by_plan["basic"] < by_plan["standard"] < by_plan["premium"]
    usage = big_batch.groupby("plan")["data_usage_gb"].median()
    assert usage["basic"] < usage["standard"] < usage["premium"]
    tenure = big_batch.groupby("contract")["tenure_months"].mean()
    assert tenure["monthly"] < tenure["annual"] < tenure["two_year"]
    late = big_batch.groupby("payment_method")["late_payments"].mean()
    assert late["invoice"] > late["card"] > late["direct_debit"]


# --- determinism and speed ------------------------------------------------------------


def test_same_arguments_give_identical_frames() -> None:
    first = generate_customers(500, seed=5, start="2024-03", months=6, scenario="meter_fault")
    again = generate_customers(500, seed=5, start="2024-03", months=6, scenario="meter_fault")
    pd.testing.assert_frame_equal(first, again)


def test_different_seeds_give_different_rows() -> None:
    a, b = generate_customers(500, seed=1), generate_customers(500, seed=2)
    assert not set(a["customer_id"]) & set(b["customer_id"])  # ~0.003 % chance of a clash
    for column in ["age", "monthly_charges", "full_name", "region", "churned"]:
        assert not a[column].equals(b[column]), column


def test_load_training_data_is_the_fixed_training_set() -> None:
    train = load_training_data()
    assert len(train) == 6000
    expected = generate_customers(n=6000, seed=2024, start="2024-01", months=12)
    pd.testing.assert_frame_equal(train, expected)
    assert train["month"].min() == pd.Timestamp("2024-01-01")
    assert train["month"].max() == pd.Timestamp("2024-12-01")


def test_csv_round_trip_is_lossless(batch: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "batch.csv"
    batch.to_csv(path, index=False)
    back = pd.read_csv(path, parse_dates=["month", "date_of_birth"])
    pd.testing.assert_frame_equal(back, batch)


def test_100k_rows_generate_well_under_a_second() -> None:
    generate_customers(100, seed=0)  # warm-up: imports, caches
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        frame = generate_customers(100_000, seed=1)
        best = min(best, time.perf_counter() - started)
    assert len(frame) == 100_000
    assert best < 1.0, f"100k rows took {best:.2f} s"  # measured ~0.2 s


# --- the label ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [3, 17, 2025, 31337])
def test_churn_rate_is_in_the_base_band(seed: int) -> None:
    rate = generate_customers(5000, seed=seed)[TARGET].mean()
    assert 0.15 <= rate <= 0.25  # measured 0.19-0.21 over 20 seeds


def test_churn_drivers_have_the_documented_direction(big_batch: pd.DataFrame) -> None:
    churn = big_batch.groupby("contract")[TARGET].mean()
    assert churn["monthly"] > churn["annual"] > churn["two_year"]
    short = big_batch["tenure_months"] < 6
    assert big_batch.loc[short, TARGET].mean() > big_batch.loc[~short, TARGET].mean() + 0.1
    for column in ["support_calls", "late_payments", "monthly_charges"]:
        assert big_batch[column].corr(big_batch[TARGET]) > 0.05, column


def _pipeline(model: object) -> Pipeline:
    encode = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), list(CATEGORICAL_FEATURES)),
        (StandardScaler(), list(NUMERIC_FEATURES)),
    )
    return make_pipeline(encode, model)


def test_task_is_learnable_but_not_trivial() -> None:
    """Measured on a fresh seed (4242, 5000 rows): logistic regression AUC 0.841,
    random forest AUC 0.827, majority class 0.500 (churn rate 0.204).  Over 20 fresh seeds
    of 2000 rows the logistic regression ranged 0.815-0.854, the forest 0.803-0.850."""
    train = load_training_data()
    fresh = generate_customers(5000, seed=4242, start="2025-01")
    x_train, y_train = train[list(FEATURES)], train[TARGET]
    models = {
        "logistic": _pipeline(LogisticRegression(max_iter=1000)),
        "forest": _pipeline(
            RandomForestClassifier(n_estimators=100, min_samples_leaf=5, random_state=0)
        ),
        "majority": DummyClassifier(strategy="most_frequent"),
    }
    auc = {}
    for name, model in models.items():
        model.fit(x_train, y_train)
        auc[name] = roc_auc_score(fresh[TARGET], model.predict_proba(fresh[list(FEATURES)])[:, 1])
    assert 0.78 <= auc["logistic"] <= 0.88, auc
    assert 0.78 <= auc["forest"] <= 0.88, auc
    assert auc["majority"] == pytest.approx(0.5)


# --- drift scenarios ------------------------------------------------------------------

SUMMER = {"start": "2024-06", "months": 3}


@pytest.mark.parametrize(
    ("scenario", "column", "window"),
    [
        ("price_rise", "monthly_charges", {}),
        ("meter_fault", "data_usage_gb", {}),
        ("seasonal", "data_usage_gb", SUMMER),
        ("seasonal", "support_calls", SUMMER),
    ],
)
def test_drift_is_detectable_and_clean_batches_agree(
    scenario: str, column: str, window: dict[str, object]
) -> None:
    clean = generate_customers(2000, seed=101, **window)  # type: ignore[arg-type]
    other_clean = generate_customers(2000, seed=303, **window)  # type: ignore[arg-type]
    drifted = generate_customers(2000, seed=202, scenario=scenario, **window)  # type: ignore[arg-type]
    p_drift = ks_2samp(clean[column], drifted[column].dropna()).pvalue
    p_clean = ks_2samp(clean[column], other_clean[column]).pvalue
    assert p_drift < 0.01, p_drift
    assert p_clean > 0.01, p_clean


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario_only_changes_rows_from_its_start(scenario: str) -> None:
    clean = generate_customers(1200, seed=8, start="2024-01", months=12)
    drifted = generate_customers(1200, seed=8, scenario=scenario, scenario_start="2024-06")
    before = clean["month"] < pd.Timestamp("2024-06-01")
    pd.testing.assert_frame_equal(drifted[before], clean[before])
    assert not drifted[~before].equals(clean[~before])


def test_default_scenario_start_is_the_middle_month() -> None:
    clean = generate_customers(1200, seed=8)
    drifted = generate_customers(1200, seed=8, scenario="price_rise")
    changed = drifted["monthly_charges"] != clean["monthly_charges"]
    assert drifted.loc[changed, "month"].min() == pd.Timestamp("2024-07-01")
    assert changed[clean["month"] >= pd.Timestamp("2024-07-01")].all()


def test_price_rise_raises_charges_and_monthly_churn() -> None:
    clean = generate_customers(30_000, seed=21)
    risen = generate_customers(30_000, seed=21, scenario="price_rise")
    after = clean["month"] >= pd.Timestamp("2024-07-01")
    ratio = risen.loc[after, "monthly_charges"] / clean.loc[after, "monthly_charges"]
    assert ratio.between(1.199, 1.201).all()
    monthly = after & (clean["contract"] == "monthly")
    assert risen.loc[monthly, TARGET].mean() > clean.loc[monthly, TARGET].mean() + 0.08
    assert (risen.loc[after, TARGET] >= clean.loc[after, TARGET]).all()  # churn only rises


def test_meter_fault_blanks_and_zeroes_usage_only() -> None:
    faulty = generate_customers(20_000, seed=22, scenario="meter_fault", scenario_start="2024-01")
    clean = generate_customers(20_000, seed=22)
    null_share = faulty["data_usage_gb"].isna().mean()
    assert 0.13 <= null_share <= 0.17
    zeros = faulty["data_usage_gb"].eq(0) & clean["data_usage_gb"].ne(0)
    assert zeros.mean() > 0.05
    assert faulty.drop(columns="data_usage_gb").notna().all().all()
    pd.testing.assert_series_equal(faulty[TARGET], clean[TARGET])  # customers did not change


def test_seasonal_shift_hits_june_to_august_only() -> None:
    clean = generate_customers(24_000, seed=23, scenario=None)
    season = generate_customers(24_000, seed=23, scenario="seasonal", scenario_start="2024-01")
    summer = clean["month"].dt.month.isin([6, 7, 8])
    ratio = season.loc[summer, "data_usage_gb"].sum() / clean.loc[summer, "data_usage_gb"].sum()
    assert ratio == pytest.approx(1.4, abs=0.01)
    assert (
        season.loc[summer, "support_calls"].mean() > clean.loc[summer, "support_calls"].mean() + 0.5
    )
    pd.testing.assert_frame_equal(season[~summer], clean[~summer])
    assert not season.isna().any().any()


# --- bad arguments --------------------------------------------------------------------


def test_unknown_scenario_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"price_rise.*meter_fault.*seasonal"):
        generate_customers(10, seed=0, scenario="recession")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0, "seed": 0}, "n must be at least 1"),
        ({"n": -5, "seed": 0}, "n must be at least 1"),
        ({"n": 10.5, "seed": 0}, "n must be an integer"),
        ({"n": True, "seed": 0}, "n must be an integer"),
        ({"n": 10, "seed": -1}, "seed must be at least 0"),
        ({"n": 10, "seed": "42"}, "seed must be an integer"),
        ({"n": 10, "seed": 0, "months": 0}, "months must be at least 1"),
        ({"n": 10, "seed": 0, "start": "2024-13"}, "start must be a month"),
        ({"n": 10, "seed": 0, "start": "last spring"}, "start must be a month"),
        ({"n": 10, "seed": 0, "start": 202401}, "start must be a string"),
        ({"n": 10, "seed": 0, "scenario_start": "2024-06"}, "without a scenario"),
        (
            {"n": 10, "seed": 0, "scenario": "seasonal", "scenario_start": "June"},
            "scenario_start must be a month",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        generate_customers(**kwargs)  # type: ignore[arg-type]


def test_seed_is_required() -> None:
    with pytest.raises(TypeError):
        generate_customers(10)  # type: ignore[call-arg]

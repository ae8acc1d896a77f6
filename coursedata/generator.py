"""Seeded generator of monthly customer snapshots at a (fictional) telecom.

The story
---------
*Northwind Mobile* takes a snapshot of a sample of its customers at the start of every
month: who they are (personal data the governance lab has to protect), what they bought
(region, plan, contract, payment method, monthly charges), how they use it (data usage,
calls to support in the last three months, late payments in the last twelve) and how long
they have been a customer.  The label ``churned`` says whether the customer left during the
month after the snapshot.  Churn follows a logistic model of the features plus unobserved
dissatisfaction, so the task is learnable but far from perfect: monthly contracts, short
tenure, many support calls, late payments and high charges raise churn; annual and
two-year contracts lower it.  About one customer in five churns.

Every row is a different customer; rows are spread evenly over ``months`` consecutive
months and sorted by month, so later labs can cut the data by time.

Drift scenarios
---------------
Each scenario switches on at ``scenario_start`` (default: the middle month of the batch)
and stays on; rows before it are identical to the clean batch of the same seed.

``price_rise``
    The company raises all prices by 20 % (``monthly_charges`` × 1.2).  Customers on
    monthly contracts, who can leave without a penalty, churn noticeably more: both the
    input distribution and the feature-to-label relation change.
``meter_fault``
    A software update breaks the usage meters: about 15 % of ``data_usage_gb`` readings
    are missing (NaN) and about as many read 0.  The customers did not change, only the
    measurement did, so the label is unaffected.  This is the only case in which the
    generator itself produces nulls.
``seasonal``
    Summer holidays: in June, July and August, data usage is 40 % higher (streaming,
    roaming) and customers call support more often (roaming questions).  The extra calls
    are not a sign of dissatisfaction, so a model trained on winter data over-predicts
    churn in summer.

Everything is drawn from one ``numpy.random.default_rng(seed)`` stream in a fixed order,
so the same arguments always give the same frame.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
import pandas as pd

from coursedata.personal import fake_personal_data

__all__ = [
    "CATEGORICAL_FEATURES",
    "CATEGORIES",
    "COLUMNS",
    "FEATURES",
    "NUMERIC_FEATURES",
    "PII_COLUMNS",
    "SCENARIOS",
    "TARGET",
    "generate_customers",
    "load_training_data",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

REGIONS: tuple[str, ...] = ("north", "south", "east", "west", "central")
PLANS: tuple[str, ...] = ("basic", "standard", "premium")
CONTRACTS: tuple[str, ...] = ("monthly", "annual", "two_year")
PAYMENT_METHODS: tuple[str, ...] = ("card", "direct_debit", "invoice")

CATEGORICAL_FEATURES: tuple[str, ...] = ("region", "plan", "contract", "payment_method")
NUMERIC_FEATURES: tuple[str, ...] = (
    "age",
    "tenure_months",
    "monthly_charges",
    "data_usage_gb",
    "support_calls",
    "late_payments",
)
FEATURES: tuple[str, ...] = (
    "age",
    "region",
    "plan",
    "contract",
    "payment_method",
    "tenure_months",
    "monthly_charges",
    "data_usage_gb",
    "support_calls",
    "late_payments",
)
CATEGORIES: dict[str, tuple[str, ...]] = {
    "region": REGIONS,
    "plan": PLANS,
    "contract": CONTRACTS,
    "payment_method": PAYMENT_METHODS,
}
PII_COLUMNS: tuple[str, ...] = ("full_name", "email", "phone", "date_of_birth", "postcode")
TARGET: str = "churned"
SCENARIOS: tuple[str, ...] = ("price_rise", "meter_fault", "seasonal")
COLUMNS: tuple[str, ...] = ("customer_id", "month", *PII_COLUMNS, *FEATURES, TARGET)

MIN_AGE, MAX_AGE = 18, 90
MAX_TENURE = 120
MIN_CHARGE, MAX_CHARGE = 15.0, 120.0
MAX_LATE_PAYMENTS = 12
_MAX_ROWS = 9_000_000  # customer ids have seven digits

# --- the "true" world -----------------------------------------------------------------
_REGION_P = (0.22, 0.24, 0.18, 0.16, 0.20)
_PAYMENT_P = (0.45, 0.38, 0.17)
_TENURE_SCALE = (11.0, 26.0, 46.0)  # mean months by contract
_CHARGE_BASE = (24.0, 49.0, 86.0)  # by plan
_CHARGE_SD = (4.0, 7.0, 11.0)
_USAGE_MEDIAN_GB = (3.0, 10.0, 26.0)  # by plan
_LATE_RATE = (0.30, 0.12, 0.85)  # by payment method, per 12 months

# Churn model on the logit scale (coefficients of the features listed in the docstring).
_CHURN_INTERCEPT = -1.15
_CHURN_CONTRACT = (1.10, -0.60, -1.75)
_CHURN_TENURE = -0.55  # per log(1 + months)
_CHURN_SUPPORT = 0.47  # per call
_CHURN_LATE = 0.49  # per late payment
_CHURN_CHARGE = 0.029  # per currency unit above 55
_CHURN_LOW_USAGE = 0.40  # disengaged customers (below 1 GB)
_CHURN_DISSATISFACTION = 0.55  # unobserved; also drives support calls
_CHURN_NOISE_SD = 0.5

# --- scenarios ----------------------------------------------------------------------
_PRICE_RISE = 1.20
_PRICE_RISE_MONTHLY_CHURN = 0.6  # extra logit for monthly contracts
_METER_NULL_RATE = 0.15
_METER_ZERO_RATE = 0.15
_SUMMER_MONTHS = (6, 7, 8)
_SUMMER_USAGE = 1.40
_SUMMER_EXTRA_CALLS = 1.0  # Poisson mean of extra (roaming) support calls


def _parse_month(value: str, name: str) -> np.datetime64:
    """Parse ``"YYYY-MM"`` (or ``"YYYY-MM-DD"``, day ignored) to a ``datetime64[M]``."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string like '2024-01', got {value!r}")
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value.strip()) is None:
        raise ValueError(f"{name} must be a month like '2024-01', got {value!r}")
    try:
        period = pd.Period(value.strip(), freq="M")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} must be a month like '2024-01', got {value!r}") from exc
    return np.datetime64(f"{period.year:04d}-{period.month:02d}", "M")


def _check_int(value: object, name: str, minimum: int) -> int:
    """Return ``value`` if it is an int (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _sigmoid(x: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + np.exp(-x))


def generate_customers(
    n: int = 5000,
    *,
    seed: int,
    start: str = "2024-01",
    months: int = 12,
    scenario: str | None = None,
    scenario_start: str | None = None,
) -> pd.DataFrame:
    """Generate ``n`` monthly customer snapshots with a churn label.

    Args:
        n: Number of rows (one distinct customer each), at least 1.
        seed: Seed of ``numpy.random.default_rng``; the same arguments give the same frame.
        start: First snapshot month, ``"YYYY-MM"``.
        months: Number of consecutive months the rows are spread over, at least 1.
        scenario: ``None`` for clean data, or one of :data:`SCENARIOS` (see the module
            docstring for what each models).
        scenario_start: Month from which the scenario applies (``"YYYY-MM"``); defaults to
            the middle month of the batch.  Only allowed together with ``scenario``.

    Returns:
        A frame with the columns of :data:`COLUMNS` in that order, sorted by ``month``:
        str columns for ids, PII and categories, ``datetime64`` for ``month`` and
        ``date_of_birth``, int64 for counts, ages and the 0/1 label, float64 for charges
        and usage.  Clean data has no nulls.

    Raises:
        ValueError: On an unknown scenario, a malformed month or a bad ``n``/``months``/
            ``seed``.
    """
    n = _check_int(n, "n", 1)
    if n > _MAX_ROWS:
        raise ValueError(f"n must be at most {_MAX_ROWS}, got {n}")
    seed = _check_int(seed, "seed", 0)
    months = _check_int(months, "months", 1)
    first_month = _parse_month(start, "start")
    if scenario is not None and scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; valid scenarios are {SCENARIOS}")
    if scenario is None and scenario_start is not None:
        raise ValueError("scenario_start was given without a scenario")
    if scenario_start is None:
        drift_month = first_month + months // 2
    else:
        drift_month = _parse_month(scenario_start, "scenario_start")

    rng = np.random.default_rng(seed)
    ids = rng.choice(_MAX_ROWS, size=n, replace=False) + 1_000_000
    month = first_month + (np.arange(n, dtype=np.int64) * months) // n

    # Who the customers are and what they bought.
    age = MIN_AGE + np.floor(rng.beta(2.0, 3.2, n) * (MAX_AGE - MIN_AGE + 1)).astype(np.int64)
    age = np.minimum(age, MAX_AGE)
    region = rng.choice(len(REGIONS), size=n, p=_REGION_P)
    plan = np.digitize(rng.normal(0.0, 1.0, n) - 0.02 * (age - 45), (-0.25, 0.95))
    contract = np.digitize(rng.normal(0.0, 1.0, n) + 0.02 * (age - 45), (0.05, 0.85))
    payment = rng.choice(len(PAYMENT_METHODS), size=n, p=_PAYMENT_P)
    tenure_scale = np.asarray(_TENURE_SCALE)[contract]
    tenure = np.floor(rng.exponential(1.0, n) * tenure_scale).astype(np.int64)
    tenure = np.minimum(tenure, np.minimum(MAX_TENURE, (age - 17) * 12))
    charges = (
        np.asarray(_CHARGE_BASE)[plan] + rng.normal(0.0, 1.0, n) * np.asarray(_CHARGE_SD)[plan]
    )
    charges = np.clip(charges - 4.0 * (contract == 2), MIN_CHARGE, MAX_CHARGE)

    # How they use it.
    log_usage = np.log(np.asarray(_USAGE_MEDIAN_GB)[plan]) - 0.012 * (age - 40)
    usage = np.exp(log_usage + rng.normal(0.0, 0.6, n))
    dissatisfaction = rng.normal(0.0, 1.0, n)
    support_calls = rng.poisson(np.exp(-0.55 + 0.5 * dissatisfaction + 0.2 * (plan == 0)))
    stress = rng.normal(0.0, 1.0, n)
    late_rate = np.asarray(_LATE_RATE)[payment] * np.exp(0.6 * stress - 0.18)
    late_payments = np.minimum(rng.poisson(late_rate), MAX_LATE_PAYMENTS)
    churn_noise = rng.normal(0.0, _CHURN_NOISE_SD, n)

    # Drawn for every batch so that scenarios never shift the random stream.
    u_churn = rng.random(n)
    u_meter = rng.random(n)
    extra_calls = rng.poisson(_SUMMER_EXTRA_CALLS, n)
    personal = fake_personal_data(rng, region, age, month)

    affected = month >= drift_month
    if scenario == "price_rise":
        charges = np.where(affected, charges * _PRICE_RISE, charges)
    charges = np.round(charges, 2)
    usage = np.round(usage, 2)

    logit = (
        _CHURN_INTERCEPT
        + np.asarray(_CHURN_CONTRACT)[contract]
        + _CHURN_TENURE * np.log1p(tenure)
        + _CHURN_SUPPORT * support_calls
        + _CHURN_LATE * late_payments
        + _CHURN_CHARGE * (charges - 55.0)
        + _CHURN_LOW_USAGE * (usage < 1.0)
        + _CHURN_DISSATISFACTION * dissatisfaction
        + churn_noise
    )
    if scenario == "price_rise":
        logit = logit + _PRICE_RISE_MONTHLY_CHURN * (affected & (contract == 0))
    churned = (u_churn < _sigmoid(logit)).astype(np.int64)

    # Observation-side effects: change what is recorded, not what happened.
    if scenario == "seasonal":
        month_of_year = month.astype(np.int64) % 12 + 1
        summer = affected & np.isin(month_of_year, _SUMMER_MONTHS)
        usage = np.where(summer, np.round(usage * _SUMMER_USAGE, 2), usage)
        support_calls = support_calls + np.where(summer, extra_calls, 0)
    elif scenario == "meter_fault":
        usage = np.where(affected & (u_meter < _METER_NULL_RATE), np.nan, usage)
        is_zero = (u_meter >= _METER_NULL_RATE) & (u_meter < _METER_NULL_RATE + _METER_ZERO_RATE)
        usage = np.where(affected & is_zero, 0.0, usage)

    ids_text = np.strings.add("C", np.strings.zfill(ids.astype(np.dtypes.StringDType()), 7))
    columns: dict[str, object] = {
        "customer_id": ids_text.astype(object),
        "month": month.astype("datetime64[us]"),
        "full_name": personal["full_name"],
        "email": personal["email"],
        "phone": personal["phone"],
        "date_of_birth": personal["date_of_birth"].astype("datetime64[us]"),
        "postcode": personal["postcode"],
        "age": age,
        "region": np.asarray(REGIONS, dtype=object)[region],
        "plan": np.asarray(PLANS, dtype=object)[plan],
        "contract": np.asarray(CONTRACTS, dtype=object)[contract],
        "payment_method": np.asarray(PAYMENT_METHODS, dtype=object)[payment],
        "tenure_months": tenure.astype(np.int64),
        "monthly_charges": charges.astype(np.float64),
        "data_usage_gb": usage.astype(np.float64),
        "support_calls": support_calls.astype(np.int64),
        "late_payments": late_payments.astype(np.int64),
        TARGET: churned,
    }
    return pd.DataFrame(columns)


def load_training_data() -> pd.DataFrame:
    """Return the course's fixed training set.

    It is ``generate_customers(n=6000, seed=2024, start="2024-01", months=12)``: a year of
    clean snapshots that every lab trains on.  Evaluation batches use other seeds and,
    for the monitoring labs, later months and drift scenarios.
    """
    return generate_customers(n=6000, seed=2024, start="2024-01", months=12)

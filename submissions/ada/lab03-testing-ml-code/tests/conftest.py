"""Fixtures shared by every test in this folder (pytest finds this file by its name).

A fixture is set-up that tests ask for by naming it as an argument:

    def test_something(customers):      # pytest calls customers() and passes the result
        ...

``scope="session"`` fixtures are made once per test run and shared, so treat what they
return as read-only: ``.copy()`` a frame before you change it. Training happens once
(``trained``); the whole suite should run in well under a minute.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from churnlib.model import predict_churn, train_and_evaluate
from coursedata import generate_customers

CUTOFF = "2024-10"  # train on January to September 2024, hold out October to December


@pytest.fixture(scope="session")
def customers() -> pd.DataFrame:
    """A year of monthly snapshots (2024): 3000 customers, 250 a month. Read-only."""
    return generate_customers(3000, seed=303, start="2024-01", months=12)


@pytest.fixture(scope="session")
def trained(customers: pd.DataFrame):
    """``(model, metrics)`` from ``train_and_evaluate(customers, cutoff=CUTOFF)``, made once."""
    return train_and_evaluate(customers, cutoff=CUTOFF)


@pytest.fixture
def model(trained):
    """The fitted model of ``trained``."""
    return trained[0]


@pytest.fixture
def batch(customers: pd.DataFrame) -> pd.DataFrame:
    """200 customers of December 2024, a month the model never saw: a fresh copy per test."""
    return customers[customers["month"] == "2024-12-01"].head(200).copy()


# --- Ada's helpers -------------------------------------------------------------------

TYPICAL_CUSTOMER = {
    "customer_id": "C1000001", "month": pd.Timestamp("2024-06-01"),
    "full_name": "Alex Morgan", "email": "alex.morgan@example.com",
    "phone": "07700 900001", "date_of_birth": pd.Timestamp("1985-03-14"),
    "postcode": "LS1 4AB", "age": 39, "region": "north", "plan": "standard",
    "contract": "monthly", "payment_method": "card", "tenure_months": 12,
    "monthly_charges": 49.0, "data_usage_gb": 10.0, "support_calls": 1,
    "late_payments": 0, "churned": 0,
}


@pytest.fixture
def make_customer():
    """A builder: make_customer(tenure_months=0) is the typical customer, brand new."""
    def build(**changes):
        for key in changes:
            if key not in TYPICAL_CUSTOMER:
                raise KeyError(f"unknown column {key!r}")
        return pd.DataFrame([dict(TYPICAL_CUSTOMER, **changes)], columns=list(TYPICAL_CUSTOMER))
    return build


@pytest.fixture
def violations(model):
    """Index labels of rows whose churn probability goes down when column grows by step."""
    def find(frame, column, *, step=1):
        before = pd.Series(predict_churn(model, frame), index=frame.index)
        after = pd.Series(
            predict_churn(model, frame.assign(**{column: frame[column] + step})), index=frame.index
        )
        return (after - before)[lambda moved: moved < -1e-9].index.tolist()
    return find

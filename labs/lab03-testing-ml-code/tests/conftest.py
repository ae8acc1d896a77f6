"""Fixtures shared by every test in this folder (pytest finds this file by its name).

A fixture is set-up that tests ask for by naming it as an argument:

    def test_something(customers):      # pytest calls customers() and passes the result
        ...

``scope="session"`` fixtures are made once per test run and shared, so treat what they
return as read-only: ``.copy()`` a frame before you change it. Training happens once
(``trained``); the whole suite should run in well under a minute.
"""

from __future__ import annotations

import pandas as pd
import pytest

from churnlib.model import train_and_evaluate
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

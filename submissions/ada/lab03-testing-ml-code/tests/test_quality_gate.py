"""The quality gate (Ada)."""

from __future__ import annotations

from sklearn.metrics import roc_auc_score

from churnlib.model import predict_churn, time_split
from coursedata import TARGET

FLOOR, CEILING, LIFT = 0.75, 0.95, 0.05


def baseline_auc(customers):
    past, future = time_split(customers, "2024-10")
    rates = past.groupby("contract")[TARGET].mean()
    return roc_auc_score(future[TARGET], future["contract"].map(rates))


def test_gate_on_holdout_auc(customers, trained):
    _, metrics = trained
    assert FLOOR <= metrics["roc_auc"] <= CEILING
    assert metrics["roc_auc"] >= baseline_auc(customers) + LIFT


def test_gate_on_what_production_calls(customers, model):
    _, future = time_split(customers, "2024-10")
    auc = roc_auc_score(future[TARGET], predict_churn(model, future))
    assert FLOOR <= auc <= CEILING

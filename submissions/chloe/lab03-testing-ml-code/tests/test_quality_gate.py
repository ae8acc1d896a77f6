"""The quality gate: the model is good enough to ship, judged on months it never saw.

A gate compares the holdout score with two numbers fixed *before* looking at the result:
an absolute floor (the business needs at least this) and a simple baseline the model
must clearly beat (otherwise a rule of thumb would do). A score that is much too good is
a failure too: it nearly always means the answer leaked into the features.
"""

from __future__ import annotations

from sklearn.metrics import roc_auc_score

from churnlib.model import predict_churn, time_split
from coursedata import TARGET

CUTOFF = "2024-10"
MIN_AUC = 0.75  # the floor
MAX_AUC = 0.95  # above this, suspect leakage
MIN_LIFT = 0.05  # how much better than the baseline


def contract_baseline_auc(customers, cutoff=CUTOFF):
    """AUC of the rule of thumb "churn rate of the customer's contract", learned on the past."""
    train, test = time_split(customers, cutoff)
    rates = train.groupby("contract")[TARGET].mean()
    return roc_auc_score(test[TARGET], test["contract"].map(rates).fillna(train[TARGET].mean()))


def test_holdout_auc_is_above_the_floor_and_plausible(trained):
    """The holdout ROC AUC is at least MIN_AUC and at most MAX_AUC."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_model_beats_the_contract_baseline(customers, trained):
    """The model's holdout AUC beats the contract-type baseline by at least MIN_LIFT."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_predict_churn_ranks_leavers_first(customers, model):
    """Scored with predict_churn, the holdout customers who left rank above those who stayed."""
    # YOUR CODE HERE
    raise NotImplementedError()

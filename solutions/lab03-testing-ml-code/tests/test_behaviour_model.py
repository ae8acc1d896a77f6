"""Behavioural tests: what the trained model does when its input changes in a known way.

We cannot say what the right churn probability of one customer is, but we can say how it
must *not* react:

* invariance: changes that must not move a prediction at all (a customer's name);
* direction: changes that must not move it the wrong way (more late payments must not
  make a customer less likely to leave).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from churnlib.model import predict_churn
from coursedata import corrupt_batch


def test_personal_data_does_not_change_predictions(model, batch):
    """Other names, e-mail addresses and phone numbers: exactly the same predictions."""
    ### BEGIN SOLUTION
    changed = batch.copy()
    changed["full_name"] = "Sam Taylor"
    changed["email"] = "sam.taylor@example.org"
    changed["phone"] = "07700 900123"
    changed["customer_id"] = [f"C{9_000_000 + i}" for i in range(len(batch))]
    np.testing.assert_array_equal(predict_churn(model, changed), predict_churn(model, batch))
    ### END SOLUTION


def test_more_support_calls_do_not_lower_churn(model, batch):
    """One more support call each: no customer's churn probability may go down."""
    ### BEGIN SOLUTION
    more = batch.assign(support_calls=batch["support_calls"] + 1)
    assert (predict_churn(model, more) >= predict_churn(model, batch)).all()
    ### END SOLUTION


def test_more_late_payments_do_not_lower_churn(model, batch):
    """One more late payment each (at most 12): no churn probability may go down."""
    ### BEGIN SOLUTION
    more = batch.assign(late_payments=(batch["late_payments"] + 1).clip(upper=12))
    assert (predict_churn(model, more) >= predict_churn(model, batch)).all()
    ### END SOLUTION


def test_row_order_does_not_change_predictions(model, batch):
    """Scoring the same customers in another order gives each one the same probability."""
    ### BEGIN SOLUTION
    shuffled = batch.sample(frac=1.0, random_state=1)
    expected = pd.Series(predict_churn(model, batch), index=batch.index)
    got = pd.Series(predict_churn(model, shuffled), index=shuffled.index)
    np.testing.assert_allclose(got.loc[batch.index], expected, rtol=0, atol=1e-12)
    ### END SOLUTION


def test_new_region_still_gets_a_probability(model, batch):
    """A region the model never saw is scored (between 0 and 1), not an error."""
    ### BEGIN SOLUTION
    strange = corrupt_batch(batch, "unseen_category", seed=5, fraction=0.5)
    probabilities = predict_churn(model, strange)
    assert len(probabilities) == len(batch) and ((probabilities >= 0) & (probabilities <= 1)).all()
    ### END SOLUTION

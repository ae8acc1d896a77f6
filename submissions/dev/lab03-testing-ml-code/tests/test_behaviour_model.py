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
    # YOUR CODE HERE
    raise NotImplementedError()


def test_more_support_calls_do_not_lower_churn(model, batch):
    """One more support call each: no customer's churn probability may go down."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_more_late_payments_do_not_lower_churn(model, batch):
    """One more late payment each (at most 12): no churn probability may go down."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_row_order_does_not_change_predictions(model, batch):
    """Scoring the same customers in another order gives each one the same probability."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_new_region_still_gets_a_probability(model, batch):
    """A region the model never saw is scored (between 0 and 1), not an error."""
    # YOUR CODE HERE
    raise NotImplementedError()

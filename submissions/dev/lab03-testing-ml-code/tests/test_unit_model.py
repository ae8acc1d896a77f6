"""Unit tests of churnlib.model: the split, training and evaluation code.

Most bugs in ML code do not crash: they leak information from the future into training,
or quietly change the model while "only" scoring it. These tests pin down what the code
promises in its docstrings, so any such change turns a test red.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from churnlib.features import build_features
from churnlib.model import evaluate, time_split, train_and_evaluate, train_model
from coursedata import TARGET

CUTOFF = "2024-10"


def test_time_split_puts_every_row_on_the_right_side(customers):
    """All training rows are before the cutoff month, all test rows on or after it, none lost."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_evaluate_does_not_change_the_model(customers):
    """Scoring the model on the holdout must leave it exactly as it was."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_holdout_rows_cannot_change_the_model(customers, trained):
    """Change only the holdout months: train_and_evaluate must return the very same model."""
    # YOUR CODE HERE
    raise NotImplementedError()


def test_reported_auc_is_the_auc_of_the_returned_model(customers, trained):
    """The metrics describe the model you get back, scored on the holdout only."""
    # YOUR CODE HERE
    raise NotImplementedError()

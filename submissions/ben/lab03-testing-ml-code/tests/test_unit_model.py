"""Unit tests of churnlib.model (Ben)."""

from churnlib.model import time_split


def test_time_split_keeps_every_row(customers):
    train, test = time_split(customers, "2024-10")
    assert len(train) + len(test) == len(customers)


def test_metrics_are_numbers(trained):
    _, metrics = trained
    assert isinstance(metrics["roc_auc"], float)
    assert isinstance(metrics["accuracy"], float)

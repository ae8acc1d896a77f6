"""Lab 03 hidden checks: do the student's tests notice broken churnlibs?

One point per kind of bug noticed. A bug counts as noticed when a test that passes on the
correct churnlib fails on the broken one. The message names the kind of bug and what kind
of test would notice it; it never shows the broken code or the test run's output.
"""

from __future__ import annotations

import pytest


def _assert_caught(submission, mutation, kind):
    verdict = mutation.verdict(submission, kind)
    assert verdict.caught, verdict.message


@pytest.mark.points(1)
def test_catches_fit_on_all_rows(submission, mutation):
    """Your tests notice leakage: preprocessing fitted on the holdout months too"""
    _assert_caught(submission, mutation, "fit-on-all-rows")


@pytest.mark.points(1)
def test_catches_label_in_features(submission, mutation):
    """Your tests notice target leakage: the label among the features"""
    _assert_caught(submission, mutation, "label-in-features")


@pytest.mark.points(1)
def test_catches_refit_on_test(submission, mutation):
    """Your tests notice a model refit on the test data"""
    _assert_caught(submission, mutation, "refit-on-test")


@pytest.mark.points(1)
def test_catches_labels_swapped(submission, mutation):
    """Your tests notice swapped labels in predict_churn"""
    _assert_caught(submission, mutation, "labels-swapped")


@pytest.mark.points(1)
def test_catches_wrong_transform(submission, mutation):
    """Your tests notice a wrong transform in log_tenure"""
    _assert_caught(submission, mutation, "wrong-transform")


@pytest.mark.points(1)
def test_catches_wrong_unit(submission, mutation):
    """Your tests notice charges_per_gb in the wrong unit"""
    _assert_caught(submission, mutation, "wrong-unit")


@pytest.mark.points(1)
def test_catches_window_off_by_one(submission, mutation):
    """Your tests notice a usage window off by one month"""
    _assert_caught(submission, mutation, "window-off-by-one")


@pytest.mark.points(1)
def test_catches_personal_data_feature(submission, mutation):
    """Your tests notice a model that uses personal data (e-mail)"""
    _assert_caught(submission, mutation, "personal-data-feature")


@pytest.mark.points(1)
def test_catches_random_split(submission, mutation):
    """Your tests notice a split that is random, not by time"""
    _assert_caught(submission, mutation, "random-split")

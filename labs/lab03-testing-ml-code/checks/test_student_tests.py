"""Lab 03 checks you can run yourself: ``make check LAB=03``.

They run the tests in your ``tests/`` folder, in a scratch folder of their own, against
the correct ``churnlib`` (the one shipped with the lab, never your copy) and against one
deliberately broken copy of it: the practice mutant in ``conftest.py``. Official grading
adds more broken copies that you do not see; the README says what counts.
"""

from __future__ import annotations

import pytest

EXAMPLE_FILES = {
    "unit": "tests/test_unit_features.py",
    "data": "tests/test_data_features.py",
    "behaviour": "tests/test_behaviour_model.py",
    "quality gate": "tests/test_quality_gate.py",
}


def _reference_run_usable(submission, mutation):
    tests = mutation.student_tests(submission)
    assert not tests.problem, tests.problem
    run = mutation.reference_run(submission)
    problem = mutation.reference_problem(run)
    assert not problem, problem
    return run


@pytest.mark.points(2)
def test_tests_pass_on_reference(submission, mutation):
    """Your tests run and pass on the correct churnlib"""
    _reference_run_usable(submission, mutation)
    failing = mutation.failures_on_reference(submission)
    assert not failing, (
        "These tests fail on the correct churnlib, so they would fail on any implementation: "
        + " | ".join(failing)
        + ". A test must pass on correct code: fix what it expects, or remove it."
    )


def _check_kind(submission, mutation, kind):
    run = _reference_run_usable(submission, mutation)
    passing = [node for node in run.with_outcome("passed") if mutation.kind_of_test(node) == kind]
    assert passing, (
        f"No {kind} test of yours passes on the correct churnlib: put at least one in a file "
        f"named like {EXAMPLE_FILES[kind]}."
    )


@pytest.mark.points(0.5)
def test_has_unit_tests(submission, mutation):
    """You have passing unit tests (tests/test_unit_*.py)"""
    _check_kind(submission, mutation, "unit")


@pytest.mark.points(0.5)
def test_has_data_tests(submission, mutation):
    """You have passing data tests (tests/test_data_*.py)"""
    _check_kind(submission, mutation, "data")


@pytest.mark.points(0.5)
def test_has_behaviour_tests(submission, mutation):
    """You have passing behavioural tests (tests/test_behaviour_*.py)"""
    _check_kind(submission, mutation, "behaviour")


@pytest.mark.points(0.5)
def test_has_quality_gate(submission, mutation):
    """You have a passing quality gate (tests/test_quality_gate*.py)"""
    _check_kind(submission, mutation, "quality gate")


@pytest.mark.points(1)
def test_practice_mutant_is_caught(submission, mutation):
    """Your tests notice a broken churnlib: tenure bands off by one at the edges (practice)"""
    verdict = mutation.verdict(submission, "practice-tenure-edges")
    assert verdict.caught, verdict.message

"""Lab 03 checks: the mutation-testing harness and the practice mutant.

The harness lives next to this file (``mutation_testing.py``, ``sandboxed_pytest.py``,
``outcomes_plugin.py``). Official grading also loads ``../hidden/conftest.py``, which
registers the hidden mutants with the same harness, so one pool of runs serves both.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent

# The practice mutant, visible on purpose: run `make check` to see how grading works.
PRACTICE = {
    "kind": "practice-tenure-edges",
    "bug": "tenure bands that put a customer with exactly 6, 12, 24 or 48 months in the band below",
    "advice": (
        "calls tenure_bucket right at the edges of the bands (5 and 6 months, 11 and 12, ...) "
        "and compares with the bands its docstring promises"
    ),
    "edits": [("churnlib/features.py", 'side="right"', 'side="left"')],
}


def load_harness() -> ModuleType:
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import mutation_testing

    return mutation_testing


def pytest_collection_finish(session: pytest.Session) -> None:
    harness = load_harness()
    harness.register([harness.Mutant.of(**PRACTICE)])


@pytest.fixture
def mutation() -> ModuleType:
    """The harness (see mutation_testing.py)."""
    return load_harness()

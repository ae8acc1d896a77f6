"""Lab 03 hidden checks: register the hidden mutants with the visible checks' harness."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
VISIBLE = HERE.parent / "visible"


def load_harness() -> ModuleType:
    if str(VISIBLE) not in sys.path:
        sys.path.insert(0, str(VISIBLE))
    import mutation_testing

    return mutation_testing


def _hidden_mutants() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lab03_hidden_mutants", HERE / "mutants.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_collection_finish(session: pytest.Session) -> None:
    harness = load_harness()
    harness.register(harness.Mutant.of(**item) for item in _hidden_mutants().MUTANTS)


@pytest.fixture
def mutation() -> ModuleType:
    return load_harness()

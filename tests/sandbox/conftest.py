from __future__ import annotations

import shutil

import pytest


@pytest.fixture
def bubblewrap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run this test's untrusted processes under bubblewrap (installed by `make sandbox-tools`)."""
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed: run `make sandbox-tools` (as root)")
    monkeypatch.setenv("AUTOGRADER_SANDBOX", "bubblewrap")

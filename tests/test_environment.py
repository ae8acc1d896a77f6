"""The doctor compares the running environment with the lock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder import environment
from autograder.cli import main


def test_this_environment_matches_the_lock() -> None:
    report = environment.diagnose()
    assert report.ok, report.to_json()["differences"]


def test_a_changed_pin_is_reported_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = tmp_path / "requirements.lock"
    text = environment.lock_path().read_text()
    assert "pandas==" in text
    lock.write_text(
        text.replace("pandas==", "pandas==0.0.1  # was ")
        + "not-a-real-package==1.0\n"
    )
    monkeypatch.setattr(environment, "lock_path", lambda: lock)
    report = environment.diagnose()
    assert not report.ok
    differences = {d.package: (d.locked, d.installed) for d in report.differences}
    assert differences["pandas"][0] == "0.0.1" and differences["pandas"][1]
    assert differences["not-a-real-package"] == ("1.0", "")
    assert report.to_json()["fix"] == "make setup"


def test_doctor_cli_prints_json_and_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is True and payload["lock_sha256"] == environment.lock_sha256()


def test_read_lock_normalises_names(tmp_path: Path) -> None:
    lock = tmp_path / "lock.txt"
    lock.write_text("Jupyter_Client==8.10.0   # via x\n# comment\nPyYAML==6.0.3\n")
    assert environment.read_lock(lock) == {"jupyter-client": "8.10.0", "pyyaml": "6.0.3"}

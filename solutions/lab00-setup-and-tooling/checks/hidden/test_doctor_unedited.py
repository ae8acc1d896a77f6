"""Lab 00 hidden check: doctor.json is the doctor's own report, not edited by hand."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from autograder.environment import REFERENCE_PLATFORM, REFERENCE_PYTHON

RERUN = "rerun the last cell of 00-setup.ipynb instead of editing doctor.json by hand"


def _is_small_regular_file(path: Path, limit: int = 1_000_000) -> bool:
    """A plain file of at most ``limit`` bytes (a link could point anywhere, even /dev/zero)."""
    return path.is_file() and not path.is_symlink() and path.stat().st_size <= limit


@pytest.mark.points(1)
def test_doctor_report_is_consistent(submission: Path) -> None:
    """doctor.json is the doctor's own, unedited report"""
    path = submission / "doctor.json"
    assert path.is_file(), (
        "doctor.json is missing from the lab folder: rerun the notebook's last cell"
    )
    assert _is_small_regular_file(path), f"doctor.json should be a small, plain file: {RERUN}"
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise AssertionError(f"doctor.json is not valid JSON: {RERUN}") from None
    assert isinstance(report, dict), f"doctor.json should hold one JSON object: {RERUN}"
    assert re.fullmatch(r"[0-9a-f]{64}", str(report.get("lock_sha256", ""))), (
        f"doctor.json's lock_sha256 is not a SHA-256 hash: {RERUN}"
    )
    assert report.get("reference_python") == REFERENCE_PYTHON, (
        f"doctor.json names the wrong reference Python: {RERUN}"
    )
    assert report.get("reference_platform") == REFERENCE_PLATFORM, (
        f"doctor.json names the wrong reference platform: {RERUN}"
    )
    differences = report.get("differences")
    assert isinstance(differences, list) and all(
        isinstance(item, dict) and {"package", "locked", "installed"} <= item.keys()
        for item in differences
    ), f"doctor.json's differences are not the doctor's list of packages: {RERUN}"
    python_ok = str(report.get("python", "")).startswith(REFERENCE_PYTHON + ".")
    platform_ok = report.get("platform") == REFERENCE_PLATFORM
    expected_ok = python_ok and platform_ok and not differences
    assert report.get("ok") is expected_ok, (
        f"doctor.json says ok: {json.dumps(report.get('ok'))}, but its own details say "
        f"{json.dumps(expected_ok)}: {RERUN}"
    )
    assert bool(report.get("fix")) is not expected_ok, (
        f"doctor.json's fix does not match its verdict: {RERUN}"
    )

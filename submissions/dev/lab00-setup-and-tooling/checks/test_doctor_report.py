"""Lab 00 artefact checks: the doctor's report of the student's environment (doctor.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from autograder.environment import REFERENCE_PLATFORM, REFERENCE_PYTHON, lock_sha256

RERUN = "rerun the last cell of 00-setup.ipynb (it runs the doctor and writes doctor.json)"
REQUIRED_KEYS = ("ok", "lock_sha256", "python", "platform", "differences")


def _is_small_regular_file(path: Path, limit: int = 1_000_000) -> bool:
    """A plain file of at most ``limit`` bytes (a link could point anywhere, even /dev/zero)."""
    return path.is_file() and not path.is_symlink() and path.stat().st_size <= limit


def read_doctor_report(submission: Path) -> dict[str, Any]:
    path = submission / "doctor.json"
    assert path.is_file(), f"doctor.json is missing from the lab folder: {RERUN}, then check again"
    assert _is_small_regular_file(path), f"doctor.json should be a small, plain file: {RERUN}"
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AssertionError(
            f"doctor.json is not valid JSON ({error}): {RERUN} instead of editing the file"
        ) from None
    assert isinstance(report, dict), f"doctor.json should hold one JSON object: {RERUN}"
    missing = [key for key in REQUIRED_KEYS if key not in report]
    assert not missing, (
        f"doctor.json lacks {', '.join(missing)}: save the doctor's whole report "
        f"(diagnose().to_json()), then {RERUN.split(' (')[0]}"
    )
    return report


@pytest.mark.points(1)
def test_doctor_report_recorded(submission: Path) -> None:
    """doctor.json records your environment"""
    read_doctor_report(submission)


@pytest.mark.points(1)
def test_environment_matches_reference(submission: Path) -> None:
    """Your environment matches the reference lock"""
    report = read_doctor_report(submission)
    reference = lock_sha256()
    recorded = str(report["lock_sha256"])
    assert recorded == reference, (
        f"doctor.json was recorded against a different lock (sha256 {recorded[:12]}…, "
        f"the course's lock is {reference[:12]}…): your environment/requirements.lock is not "
        "the course's. Restore it (git checkout environment/requirements.lock, or git pull), "
        f"run `make setup`, restart the kernel and {RERUN}"
    )
    problems = []
    if not str(report["python"]).startswith(REFERENCE_PYTHON + "."):
        problems.append(f"Python {report['python']} instead of {REFERENCE_PYTHON}")
    if report["platform"] != REFERENCE_PLATFORM:
        problems.append(f"platform {report['platform']} instead of {REFERENCE_PLATFORM}")
    differences = report["differences"] if isinstance(report["differences"], list) else []
    for difference in differences[:5]:
        if isinstance(difference, dict):
            installed = difference.get("installed") or "not installed"
            locked = difference.get("locked")
            problems.append(f"{difference.get('package')} {installed} (the lock pins {locked})")
    if len(differences) > 5:
        problems.append(f"and {len(differences) - 5} more packages")
    assert report["ok"] is True and not problems, (
        "the doctor found that your environment differs from the reference: "
        + ("; ".join(problems) or "it reports ok: false")
        + f". Run `make setup` (it installs exactly the lock), restart the kernel and {RERUN}"
    )

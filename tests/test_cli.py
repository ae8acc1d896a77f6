"""The command line: known errors are one line and exit 1; the Makefile documents itself."""

from __future__ import annotations

import importlib
import subprocess
from pathlib import Path

import pytest

from autograder.cli import main
from tests.conftest import KIT_ROOT


def test_unknown_lab_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "labs/lab42-nothing"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: no lab matches") and "lab01-" in error
    assert "Traceback" not in error


def test_grading_an_empty_course_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "solutions" / "lab01-x").mkdir(parents=True)
    assert main(["--root", str(tmp_path), "grade"]) == 1
    assert "nothing to grade" in capsys.readouterr().err


def test_make_help_lists_every_target_of_the_contract() -> None:
    listing = subprocess.run(
        ["make", "-s", "help"], cwd=KIT_ROOT, capture_output=True, text=True, check=True
    ).stdout
    for target in ("setup", "lab", "check", "submit", "grade", "release", "check-solutions",
                   "test", "bench"):
        assert f" {target} " in listing.replace("\x1b[1m", " ").replace("\x1b[0m", " ")


@pytest.mark.parametrize(
    "module",
    ["autograder.api", "autograder.results", "autograder.sandbox", "autograder.grading",
     "autograder.errors", "coursedata"],
)
def test_public_modules_export_exactly_what_they_define(module: str) -> None:
    imported = importlib.import_module(module)
    exported = imported.__all__
    assert len(exported) == len(set(exported))
    for name in exported:
        assert hasattr(imported, name), f"{module}.__all__ names {name}, which does not exist"


def test_submit_zips_the_lab_without_caches(tmp_path: Path) -> None:
    lab = tmp_path / "labs" / "lab01-x"
    (lab / ".ipynb_checkpoints").mkdir(parents=True)
    (lab / "work.ipynb").write_text("{}")
    (lab / ".ipynb_checkpoints" / "work-checkpoint.ipynb").write_text("{}")
    assert main(["submit", str(lab), "--out", str(tmp_path / "out")]) == 0
    (archive,) = (tmp_path / "out").glob("lab01-x-*.zip")
    import zipfile

    assert zipfile.ZipFile(archive).namelist() == ["lab01-x/work.ipynb"]

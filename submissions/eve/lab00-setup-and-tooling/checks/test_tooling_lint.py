"""Lab 00 artefact checks: tooling.py is a clean copy of legacy_tooling.py."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest



def _lab_folder() -> Path:
    """The lab folder this check belongs to (the one holding lab.toml)."""
    here = Path(__file__).resolve()
    return next((folder for folder in here.parents if (folder / "lab.toml").is_file()), here)


# The lab's own ruff settings, from the lab folder this check belongs to, never from the
# submission (a student could edit their copy).
RUFF_CONFIG = _lab_folder() / "ruff.toml"
FUNCTIONS = (
    "format_rate",
    "is_high_risk",
    "top_segments",
    "parse_version",
    "summary_line",
    "report",
)
SHOWN_PROBLEMS = 6


def _is_small_regular_file(path: Path, limit: int = 1_000_000) -> bool:
    """A plain file of at most ``limit`` bytes (a link could point anywhere, even /dev/zero)."""
    return path.is_file() and not path.is_symlink() and path.stat().st_size <= limit


def defined_functions(source: str) -> set[str]:
    """Top-level function names, found without running the student's code."""
    tree = ast.parse(source, filename="tooling.py")
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


@pytest.mark.points(2)
def test_tooling_passes_ruff(submission: Path) -> None:
    """tooling.py passes ruff check"""
    assert RUFF_CONFIG.is_file(), (
        f"(for the instructor) the lab's ruff.toml is missing: {RUFF_CONFIG}"
    )
    path = submission / "tooling.py"
    assert path.is_file(), (
        "tooling.py is missing from the lab folder: copy legacy_tooling.py to tooling.py, "
        "then clean it up"
    )
    assert _is_small_regular_file(path), "tooling.py should be a small, plain Python file"
    try:
        functions = defined_functions(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, RecursionError, ValueError) as error:
        raise AssertionError(
            f"tooling.py cannot be read as Python ({error}); fix it, then run `ruff check "
            "tooling.py`"
        ) from None
    missing = [name for name in FUNCTIONS if name not in functions]
    assert not missing, (
        f"tooling.py does not define {', '.join(missing)}: copy the code of legacy_tooling.py "
        "into tooling.py first, then clean it up until `ruff check tooling.py` passes"
    )
    # ruff only reads the file (it never runs it), so the trusted check runs it on a copy,
    # with the lab's own config, outside the sandbox that cannot see that config.
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copyfile(path, Path(scratch) / "tooling.py")
        try:
            outcome = subprocess.run(
                [
                    sys.executable, "-m", "ruff", "check", "tooling.py",
                    "--config", str(RUFF_CONFIG),
                    "--ignore-noqa", "--no-cache", "--output-format", "concise",
                ],
                cwd=scratch, capture_output=True, text=True, timeout=60, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise AssertionError("ruff did not finish on tooling.py in time; try again") from None
    lines = [line for line in outcome.stdout.splitlines() if line.startswith("tooling.py:")]
    shown = "\n".join(lines[:SHOWN_PROBLEMS])
    more = f"\n… and {len(lines) - SHOWN_PROBLEMS} more" if len(lines) > SHOWN_PROBLEMS else ""
    assert outcome.returncode == 0, (
        f"ruff still finds {len(lines) or 'some'} problem(s) in tooling.py "
        f"(# noqa comments do not count here):\n{shown or outcome.stderr.strip()[-800:]}{more}\n"
        "Run `ruff check tooling.py` in the lab folder; `ruff check --fix tooling.py` "
        "repairs the safe ones, the rest you fix by hand"
    )

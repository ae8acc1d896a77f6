"""Lab 00 artefact checks: the student's .gitignore keeps environments and caches out of git."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest

MUST_IGNORE = {
    ".venv/bin/python": ".venv/ (the virtual environment)",
    ".venv/lib/python3.11/site-packages/pandas/__init__.py": ".venv/ (the virtual environment)",
    "__pycache__/tooling.cpython-311.pyc": "__pycache__/ (Python's bytecode cache)",
    "checks/__pycache__/helpers.cpython-311.pyc": "__pycache__/ in every folder",
    ".ipynb_checkpoints/00-setup-checkpoint.ipynb": ".ipynb_checkpoints/ (Jupyter's autosaves)",
}
MUST_KEEP = ("00-setup.ipynb", "tooling.py")


def _is_small_regular_file(path: Path, limit: int = 1_000_000) -> bool:
    """A plain file of at most ``limit`` bytes (a link could point anywhere, even /dev/zero)."""
    return path.is_file() and not path.is_symlink() and path.stat().st_size <= limit


def ignored_paths(gitignore: Path, paths: Iterable[str]) -> set[str]:
    """Which of ``paths`` git itself ignores with this .gitignore (in a scratch repository)."""
    git = shutil.which("git")
    assert git, "(for the instructor) git is not installed on the grading machine"
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "LC_ALL": "C",
    }
    with tempfile.TemporaryDirectory(prefix="lab00-gitignore-") as scratch:
        root = Path(scratch)
        environment["HOME"] = scratch
        subprocess.run([git, "init", "-q", str(root)], check=True, env=environment)
        (root / ".gitignore").write_bytes(gitignore.read_bytes())
        for path in paths:
            if path != ".gitignore":
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).touch()
        answer = subprocess.run(
            [git, "check-ignore", "--no-index", "--stdin"],
            input="\n".join(paths) + "\n",
            capture_output=True,
            text=True,
            cwd=root,
            env=environment,
            timeout=30,
        )
    assert answer.returncode in (0, 1), f"git could not read your .gitignore: {answer.stderr}"
    return set(answer.stdout.splitlines())


def read_gitignore(submission: Path) -> Path:
    path = submission / ".gitignore"
    assert path.is_file(), (
        "there is no .gitignore in the lab folder: create one next to the notebook "
        "(Part 2 of 00-setup.ipynb says what belongs in it)"
    )
    assert _is_small_regular_file(path), ".gitignore should be a small, plain text file"
    return path


@pytest.mark.points(1)
def test_gitignore_ignores_environment_and_caches(submission: Path) -> None:
    """.gitignore keeps the virtual environment and caches out of git"""
    gitignore = read_gitignore(submission)
    ignored = ignored_paths(gitignore, [*MUST_IGNORE, *MUST_KEEP])
    not_ignored = sorted({why for path, why in MUST_IGNORE.items() if path not in ignored})
    assert not not_ignored, (
        f"git would still commit files from {', '.join(not_ignored)}: add a pattern for each "
        "to .gitignore, then test it with `git check-ignore -v <path>`"
    )
    lost = [path for path in MUST_KEEP if path in ignored]
    assert not lost, (
        f"your .gitignore also ignores {', '.join(lost)}, which must be committed: "
        "make the patterns narrower (`git check-ignore -v <path>` shows which line matches)"
    )

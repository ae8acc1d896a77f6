"""Lab 00 hidden check: .gitignore also keeps models and tracking stores out, and code in."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest

MUST_IGNORE = {
    "model.joblib": "*.joblib (saved models)",
    "models/churn-2025-03.joblib": "*.joblib in every folder",
    "mlruns/0/8f2c41d7/meta.yaml": "mlruns/ (MLflow's run folder)",
    "mlflow.db": "mlflow.db (MLflow's tracking database)",
    ".venv/bin/python": ".venv/",
    "__pycache__/legacy_tooling.cpython-311.pyc": "__pycache__/",
    ".ipynb_checkpoints/README-checkpoint.md": ".ipynb_checkpoints/",
}
MUST_KEEP = (
    "00-setup.ipynb",
    "notebooks/explore-2025.ipynb",
    "tooling.py",
    "src/churn/train.py",
    "doctor.json",
    "README.md",
    "ruff.toml",
    ".gitignore",
)


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


@pytest.mark.points(1)
def test_gitignore_ignores_models_and_tracking_stores(submission: Path) -> None:
    """.gitignore keeps models and tracking stores out of git, and code in"""
    gitignore = submission / ".gitignore"
    assert gitignore.is_file(), "there is no .gitignore in the lab folder"
    assert _is_small_regular_file(gitignore), ".gitignore should be a small, plain text file"
    ignored = ignored_paths(gitignore, [*MUST_IGNORE, *MUST_KEEP])
    not_ignored = sorted({why for path, why in MUST_IGNORE.items() if path not in ignored})
    assert not not_ignored, (
        f"git would still commit {', '.join(not_ignored)}: add a pattern for each to "
        ".gitignore and test it with `git check-ignore -v <path>`"
    )
    lost = [path for path in MUST_KEEP if path in ignored]
    assert not lost, (
        f"your .gitignore also ignores {', '.join(lost)}, which belong in the repository: "
        "make the patterns narrower (`git check-ignore -v <path>` shows which line matches)"
    )

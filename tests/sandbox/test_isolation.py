"""Under bubblewrap, student code sees only its folder, writes only there, has no network."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from autograder.sandbox import ResourceLimits, run_untrusted
from autograder.sandbox.isolation import choose_isolation
from tests.conftest import KIT_ROOT

pytestmark = pytest.mark.usefixtures("bubblewrap")


def attempt(tmp_path: Path, code: str) -> str:
    folder = tmp_path / "student"
    folder.mkdir(exist_ok=True)
    outcome = run_untrusted(
        [sys.executable, "-c", code], workdir=folder, limits=ResourceLimits(timeout_s=30)
    )
    assert outcome.returncode == 0, outcome.stderr
    return outcome.stdout.strip()


def test_the_solutions_and_hidden_checks_are_not_there(tmp_path: Path) -> None:
    target = KIT_ROOT / "solutions" / "lab01-reproducible-training" / "checks" / "hidden"
    assert target.is_dir()
    assert attempt(tmp_path, f"import os; print(os.path.exists({str(target)!r}))") == "False"
    relative = os.path.relpath(target, tmp_path / "student")
    assert attempt(tmp_path, f"import os; print(os.path.exists({relative!r}))") == "False"


def test_writes_outside_the_folder_fail_and_inside_succeed(tmp_path: Path) -> None:
    outside = tmp_path / "graded.txt"
    code = (
        "import pathlib\n"
        "pathlib.Path('mine.txt').write_text('ok')\n"
        "try:\n"
        f"    open({str(outside)!r}, 'w').write('forged')\n"
        "    print('wrote')\n"
        "except OSError:\n"
        "    print('refused')\n"
    )
    assert attempt(tmp_path, code) == "refused"
    assert not outside.exists() and (tmp_path / "student" / "mine.txt").read_text() == "ok"


def test_no_network_but_loopback(tmp_path: Path) -> None:
    code = (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('192.0.2.1', 80), timeout=2)\n"  # TEST-NET: never real
        "    print('connected')\n"
        "except OSError:\n"
        "    print('no network')\n"
        "server = socket.socket(); server.bind(('127.0.0.1', 0)); print('loopback ok')\n"
    )
    assert attempt(tmp_path, code).splitlines() == ["no network", "loopback ok"]


def test_runs_as_an_unprivileged_user_when_the_grader_is_root(tmp_path: Path) -> None:
    uid = int(attempt(tmp_path, "import os; print(os.getuid())"))
    if os.geteuid() == 0:
        assert uid == choose_isolation().uid and uid != 0
    else:
        assert uid == os.geteuid() or uid == 0  # mapped in the user namespace

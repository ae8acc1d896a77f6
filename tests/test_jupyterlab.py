"""`make lab`: JupyterLab starts on labs/ with nbgrader's extension, on loopback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from autograder.checks.student import free_loopback_port
from tests.conftest import KIT_ROOT

pytestmark = pytest.mark.slow


def test_jupyterlab_serves_the_labs_with_the_nbgrader_extension(tmp_path: Path) -> None:
    port = free_loopback_port()
    jupyter = Path(sys.executable).parent / "jupyter"
    server = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         f"--ServerApp.root_dir={KIT_ROOT / 'labs'}", "--IdentityProvider.token=tok",
         f"--ServerApp.runtime_dir={tmp_path}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base, headers = f"http://127.0.0.1:{port}", {"Authorization": "token tok"}
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/status", headers=headers, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, "JupyterLab exited while starting"
            assert time.monotonic() < deadline, "JupyterLab did not answer within 60 s"
            time.sleep(0.2)
        contents = httpx.get(f"{base}/api/contents", headers=headers, timeout=10).json()
        names = {item["name"] for item in contents["content"]}
        assert {"lab00-setup-and-tooling", "lab01-reproducible-training"} <= names
        page = httpx.get(f"{base}/lab", headers=headers, timeout=10).text
        assert "@jupyter/nbgrader" in page
    finally:
        server.terminate()
        server.wait(timeout=20)

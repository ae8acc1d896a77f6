"""Notebook kernels in the sandbox.

nbgrader executes notebooks through nbclient, which starts a kernel with a
``KernelManager``. :class:`SandboxedKernelManager` starts that kernel the way every
other piece of student code runs (:mod:`autograder.sandbox.isolation`): under
bubblewrap as an unprivileged uid with only the notebook's folder writable, no
network, and resource limits. The grader talks to it over ``ipc`` sockets in a
private folder bound into the sandbox, since a kernel in its own network namespace
cannot be reached over TCP.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager

from autograder.sandbox.isolation import choose_isolation
from autograder.sandbox.process import ResourceLimits, minimal_environment

__all__ = ["SandboxedKernelManager", "limits_prefix"]

KERNEL_LIMITS = ResourceLimits(memory_mb=3072, cpu_s=1800, file_size_mb=512, open_files=1024)


def limits_prefix(limits: ResourceLimits, *, own_uid: bool) -> list[str]:
    """``prlimit`` arguments that apply ``limits`` to the command that follows."""
    if shutil.which("prlimit") is None:
        return []
    mib = 1024 * 1024
    prefix = [
        "prlimit", f"--as={limits.memory_mb * mib}", f"--cpu={limits.cpu_s}",
        f"--fsize={limits.file_size_mb * mib}", f"--nofile={limits.open_files}", "--core=0",
    ]
    if own_uid:
        prefix.append(f"--nproc={limits.processes}")
    return [*prefix, "--"]


class SandboxedKernelManager(AsyncKernelManager):  # type: ignore[misc]
    """Starts the kernel inside the sandbox; otherwise a normal kernel manager."""

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command: list[str] = super().format_kernel_cmd(extra_arguments)
        isolation = choose_isolation()
        if isolation.kind != "process" and self.kernel_spec is not None:
            # Signals reach the sandbox's wrapper, not the kernel: interrupt by message.
            self.kernel_spec.interrupt_mode = "message"
        launch: dict[str, Any] = self._launch_args or {}
        workdir = Path(launch.get("cwd") or os.getcwd()).resolve()
        sockets = Path(self.connection_file).resolve().parent
        if isolation.kind == "process":
            return limits_prefix(KERNEL_LIMITS, own_uid=False) + command
        isolation.prepare([workdir, sockets])
        environment = {**minimal_environment(), "HOME": "/tmp", "TMPDIR": "/tmp"}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        wrapped = isolation.wrap(
            command, workdir=workdir, env=environment, writable=[sockets], network=False
        )
        return limits_prefix(KERNEL_LIMITS, own_uid=isolation.uid is not None) + wrapped

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        # The kernel's own banner and warnings are not the grader's output; what a
        # notebook prints reaches the notebook through the kernel's channels.
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
        await super()._async_launch_kernel(kernel_cmd, **kw)

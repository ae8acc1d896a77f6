"""Fork server for runs of the student's tests: import once, fork one child per run.

:mod:`sandboxed_pytest` copies this file into a scratch folder and starts it as one
untrusted process, in the kit's sandbox::

    python -s pytest_zygote.py plan.json

``plan.json``: ``{"jobs": [folder, ...], "parallel": 2, "timeout_s": 60, "budget_s": 220,
"pytest_args": [...], "isolate": true, "hide": [scratch], "preload": true, "probe": false,
"results": folder}``. The zygote imports what every run needs (numpy, pandas,
scikit-learn, pytest, coursedata: seconds that would otherwise be paid per run), then
forks a child per job folder, ``parallel`` at a time, and kills a child's process group
after ``timeout_s``; runs still going or waiting when ``budget_s`` is spent count as timed
out. The installed pytest plugins are found and imported once, too. A child runs
``pytest.main(pytest_args)`` in its folder, as ``python -m pytest`` would there, its
output going to ``.lab03-output.txt``.

With ``isolate``, each child first enters user, mount and PID namespaces of its own
(unprivileged): a private ``/tmp`` holding only its own job folder, as ``/tmp/lab``; the
``hide`` folders (the scratch with the other jobs, the plan and the results) covered;
``/proc`` and ``/dev/shm`` emptied; then every capability dropped. So a run sees
neither the other runs' files nor their processes, and every run has the same paths.

The zygote keeps nothing in memory that tells the jobs apart (their folders have random
names, in random order) and writes each result to ``results/<job>.json`` as soon as the
job ends: ``{"returncode", "timed_out", "duration_s"}``.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

OUTPUT = ".lab03-output.txt"
LAB = "/tmp/lab"
_CLONE_NEWUSER, _CLONE_NEWNS, _CLONE_NEWPID = 0x10000000, 0x00020000, 0x20000000
_MS_BIND, _MS_REC, _MS_PRIVATE = 4096, 16384, 1 << 18
_PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS = 24, 38
_CAPABILITY_VERSION_3 = 0x20080522
_PRELOAD = (
    "numpy", "pandas", "scipy.stats", "sklearn.compose", "sklearn.impute",
    "sklearn.linear_model", "sklearn.metrics", "sklearn.pipeline", "sklearn.preprocessing",
    "pytest", "coursedata",
)  # fmt: skip


def main(plan_path: str) -> int:
    plan = json.loads(Path(plan_path).read_text())
    if plan["preload"]:
        for module in _PRELOAD:
            __import__(module)
        plan["pytest_args"] = [*_installed_plugins(), *plan["pytest_args"]]
    waiting = list(plan["jobs"])
    running: dict[int, tuple[str, float]] = {}
    deadline = time.monotonic() + plan["budget_s"]
    while waiting or running:
        if time.monotonic() > deadline:  # the set's budget is spent: stop what is left
            for pid, (job, started) in running.items():
                _kill_group(pid)
                os.waitpid(pid, 0)
                _record(plan, job, -signal.SIGKILL, started, timed_out=True)
            for job in waiting:
                _record(plan, job, -signal.SIGKILL, time.monotonic(), timed_out=True)
            break
        while waiting and len(running) < plan["parallel"]:
            job = waiting.pop(0)
            running[_spawn(job, plan)] = (job, time.monotonic())
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid in running:
            job, started = running.pop(pid)
            _record(plan, job, os.waitstatus_to_exitcode(status), started, timed_out=False)
        for pid, (job, started) in list(running.items()):
            if time.monotonic() - started > plan["timeout_s"]:
                _kill_group(pid)
                os.waitpid(pid, 0)
                del running[pid]
                _record(plan, job, -signal.SIGKILL, started, timed_out=True)
        time.sleep(0.02)
    return 0


def _installed_plugins() -> list[str]:
    """``-p module`` for each installed pytest plugin, loaded now; children skip the search.

    pytest would look the plugins up in every run (a scan of all installed packages, most
    of a second); the runs load exactly the same plugins, named on the command line.
    """
    from importlib.metadata import entry_points

    modules = sorted({entry.module for entry in entry_points(group="pytest11")})
    for module in modules:
        __import__(module)
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return [option for module in modules for option in ("-p", module)]


def _record(plan: dict[str, Any], job: str, code: int, started: float, *, timed_out: bool) -> None:
    result = {"returncode": code, "timed_out": timed_out,
              "duration_s": round(time.monotonic() - started, 2)}
    Path(plan["results"], Path(job).name + ".json").write_text(json.dumps(result))


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _spawn(job: str, plan: dict[str, Any]) -> int:
    pid = os.fork()
    if pid:
        return pid
    try:  # the child: never returns into the loop
        os.setsid()  # its own process group, killed as a whole on timeout
        output = os.open(os.path.join(job, OUTPUT), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.close(output)
        if plan["isolate"]:
            _isolate(job, plan["hide"])
            folder = LAB
        else:
            os.chdir(job)
            folder = job
        if plan["probe"]:
            Path("probe-ok").write_text("ok")
            os._exit(0)
        os._exit(_run_pytest(folder, plan["pytest_args"]))
    except BaseException as error:  # say why and die: never return into the loop
        print(f"lab03 fork server: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        os._exit(97)


def _isolate(job: str, hide: list[str]) -> None:
    """Own user, mount and PID namespaces; only ``job`` visible (as /tmp/lab); no capabilities."""
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.getuid(), os.getgid()
    _check(libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNS | _CLONE_NEWPID), "unshare")
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"0 {uid} 1")
    Path("/proc/self/gid_map").write_text(f"0 {gid} 1")
    pid = os.fork()  # the grandchild is PID 1 of the new PID namespace
    if pid:
        _, status = os.waitpid(pid, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)

    def mount(
        source: str | None, target: str, kind: str | None, flags: int, data: str = ""
    ) -> None:
        encoded = [value.encode() if value else None for value in (source, target, kind)]
        _check(libc.mount(*encoded, flags, data.encode()), f"mount {target}")

    mount(None, "/", None, _MS_REC | _MS_PRIVATE)
    folder = os.open(job, os.O_PATH | os.O_DIRECTORY)  # opened in this namespace: bindable
    for path in [*hide, "/tmp"]:
        mount("lab03", path, "tmpfs", 0, "mode=1777")
    os.mkdir(LAB)
    mount(f"/proc/self/fd/{folder}", LAB, None, _MS_BIND)
    os.close(folder)
    os.chdir(LAB)
    if os.path.isdir("/dev/shm"):
        mount("lab03", "/dev/shm", "tmpfs", 0, "mode=1777")
    mount("lab03", "/proc", "tmpfs", 0, "mode=0555")  # no view of other processes
    _drop_capabilities(libc)


def _drop_capabilities(libc: ctypes.CDLL) -> None:
    for capability in range(64):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            break  # past the last capability this kernel knows

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    _check(libc.capset(ctypes.byref(Header(_CAPABILITY_VERSION_3, 0)), (Data * 2)()), "capset")
    _check(libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl")


def _check(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def _run_pytest(folder: str, args: list[str]) -> int:
    """What ``python -m pytest ARGS`` would do in ``folder``."""
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [folder, *(path for path in sys.path if path not in ("", here))]
    sys.argv = [os.path.join(folder, "pytest"), *args]
    import pytest

    code = pytest.main(args)
    sys.stdout.flush()
    sys.stderr.flush()
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

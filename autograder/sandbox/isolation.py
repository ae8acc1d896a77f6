"""How an untrusted command is isolated: bubblewrap where it exists, a plain process otherwise.

With bubblewrap (``bwrap``) the command sees a minimal file system: ``/usr`` and a
few files of ``/etc`` read-only, the reference environment (``.venv``) and the kit's
own packages read-only, a private ``/tmp``, and read-write only the folders the caller
names (the student's scratch copy). It has no network (its own namespace; loopback
only), its own PID namespace, and dies with the grader. Run as root, it first drops
to an unprivileged uid (``setpriv``) so that process-count limits hold and nothing it
does is done as root. ``solutions/``, hidden checks, the gradebook and other students'
folders are simply not there.

``AUTOGRADER_SANDBOX`` chooses: ``auto`` (the default: bubblewrap when available),
``bubblewrap`` (required: fail loudly without it) or ``process`` (no isolation beyond
resource limits; for machines without bubblewrap).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from autograder.errors import AutograderError

__all__ = ["Isolation", "choose_isolation"]

_ETC_FILES = (
    "/etc/ssl", "/etc/ca-certificates", "/etc/localtime", "/etc/hosts", "/etc/passwd",
    "/etc/group", "/etc/nsswitch.conf", "/etc/alternatives", "/etc/mime.types",
)
SANDBOX_UID_BASE = 61000
DEFAULT = "auto"


@dataclass(frozen=True)
class Isolation:
    """A way to wrap a command; ``wrap`` returns the argv that runs it isolated."""

    kind: str  # "bubblewrap" | "process"
    uid: int | None = None

    def wrap(
        self, argv: Sequence[str], *, workdir: Path, env: Mapping[str, str],
        writable: Sequence[Path] = (), network: bool = False,
    ) -> list[str]:
        if self.kind == "process":
            return list(argv)
        as_root = self.uid is not None
        # As root: no user namespace (bwrap keeps CAP_SETUID/SETGID only to hand them to
        # setpriv, which drops to the sandbox uid and clears every capability).
        # Otherwise: an unprivileged user namespace does the same job.
        namespaces = (
            ["--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"]
            if as_root else ["--unshare-all", "--share-net"]
        )
        if not network:
            namespaces.append("--unshare-net")
        wrapped = [
            "bwrap", *namespaces, "--die-with-parent", "--new-session", "--clearenv",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
        ]
        made = {Path("/"), Path("/usr"), Path("/tmp"), Path("/proc"), Path("/dev")}

        def bind(option: str, path: Path) -> None:
            for parent in reversed(path.parents):  # traversable parents, outermost first
                if parent not in made:
                    wrapped.extend(["--perms", "0755", "--dir", str(parent)])
                    made.add(parent)
            wrapped.extend([option, str(path), str(path)])
            made.add(path)

        for etc in _ETC_FILES:
            if os.path.exists(etc):
                bind("--ro-bind", Path(etc))
        for path in _readable_environment():
            bind("--ro-bind", path)
        for path in [workdir, *writable]:
            bind("--bind", path)
        for name, value in env.items():
            wrapped += ["--setenv", name, value]
        wrapped += ["--chdir", str(workdir)]
        if as_root:
            wrapped += [
                "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--",
                "setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all",
            ]
        return [*wrapped, "--", *argv]

    def prepare(self, paths: Sequence[Path]) -> None:
        """Give the sandbox uid the folders it may write (the grader stays their owner's peer)."""
        if self.uid is None:
            return
        for top in paths:
            for path in [top, *top.rglob("*")]:
                if not path.is_symlink():
                    os.chown(path, self.uid, self.uid)


def _readable_environment() -> list[Path]:
    """The reference environment, its lock and the kit's packages (never the course folders)."""
    import autograder
    from autograder.layout import kit_root

    paths = {Path(sys.prefix).resolve(), Path(autograder.__file__).resolve().parent}
    lock_folder = kit_root() / "environment"
    if lock_folder.is_dir():
        paths.add(lock_folder.resolve())
    try:
        import coursedata

        paths.add(Path(coursedata.__file__).resolve().parent)
    except ImportError:  # pragma: no cover - the kit ships it
        pass
    base = Path(sys.base_prefix).resolve()
    if not str(base).startswith("/usr"):
        paths.add(base)
    return sorted(paths)


def choose_isolation() -> Isolation:
    """The isolation this machine offers, as ``AUTOGRADER_SANDBOX`` asks."""
    wanted = os.environ.get("AUTOGRADER_SANDBOX") or DEFAULT
    if wanted not in {"auto", "bubblewrap", "process"}:
        raise AutograderError(
            f"AUTOGRADER_SANDBOX={wanted!r}: use auto, bubblewrap or process"
        )
    available = shutil.which("bwrap") is not None
    if wanted == "process" or (wanted == "auto" and not available):
        return Isolation("process")
    if not available:
        raise AutograderError(
            "AUTOGRADER_SANDBOX=bubblewrap but bwrap is not installed "
            "(Debian: apt-get install bubblewrap)"
        )
    uid = SANDBOX_UID_BASE + os.getpid() % 4000 if os.geteuid() == 0 else None
    return Isolation("bubblewrap", uid=uid)

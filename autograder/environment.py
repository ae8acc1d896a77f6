"""The reference environment: what the lock pins, what is running, and how they differ.

``autograder doctor`` compares the running interpreter and its installed packages
with ``environment/requirements.lock``; every grading result records an
:class:`EnvironmentStamp` so a grade can be traced to the environment it came from.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from autograder.errors import CourseLayoutError
from autograder.layout import kit_root

__all__ = [
    "DoctorReport",
    "EnvironmentStamp",
    "PackageDifference",
    "current_stamp",
    "diagnose",
    "lock_path",
    "lock_sha256",
    "read_lock",
]

REFERENCE_PYTHON = "3.11"
REFERENCE_PLATFORM = "linux-x86_64"
FIX_COMMAND = "make setup"

_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


@dataclass(frozen=True)
class EnvironmentStamp:
    """Recorded in every result: which environment produced the grade."""

    lock_sha256: str
    python: str
    platform: str
    autograder: str


@dataclass(frozen=True)
class PackageDifference:
    package: str
    locked: str
    installed: str  # "" when missing


@dataclass(frozen=True)
class DoctorReport:
    """The outcome of comparing this environment with the lock."""

    stamp: EnvironmentStamp
    python_ok: bool
    platform_ok: bool
    differences: tuple[PackageDifference, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.python_ok and self.platform_ok and not self.differences

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            **asdict(self.stamp),
            "reference_python": REFERENCE_PYTHON,
            "reference_platform": REFERENCE_PLATFORM,
            "differences": [asdict(difference) for difference in self.differences],
            "fix": "" if self.ok else FIX_COMMAND,
        }


def lock_path() -> Path:
    return kit_root() / "environment" / "requirements.lock"


def lock_sha256() -> str:
    path = lock_path()
    if not path.is_file():
        raise CourseLayoutError(f"the reference lock {path} is missing; run `make lock`")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_lock(path: Path | None = None) -> dict[str, str]:
    """Package name (normalised) to pinned version."""
    pins: dict[str, str] = {}
    for line in (path or lock_path()).read_text().splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[_normalise(match.group(1))] = match.group(2)
    return pins


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _installed_version(name: str) -> str:
    """The version the interpreter would import (first on sys.path), or '' when missing.

    Looking each name up, rather than listing every distribution, ignores copies that
    tools vendor further down sys.path (setuptools puts its own ``_vendor`` there).
    """
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _platform_tag() -> str:
    return f"{sys.platform}-{platform.machine()}"


def current_stamp() -> EnvironmentStamp:
    from autograder import __version__

    return EnvironmentStamp(
        lock_sha256=lock_sha256(),
        python=platform.python_version(),
        platform=_platform_tag(),
        autograder=__version__,
    )


def diagnose() -> DoctorReport:
    """Compare the running environment with the lock, package by package."""
    differences = [
        PackageDifference(package=name, locked=version, installed=_installed_version(name))
        for name, version in sorted(read_lock().items())
        if _installed_version(name) != version
    ]
    python_version = ".".join(platform.python_version_tuple()[:2])
    return DoctorReport(
        stamp=current_stamp(),
        python_ok=python_version == REFERENCE_PYTHON,
        platform_ok=_platform_tag() == REFERENCE_PLATFORM,
        differences=tuple(differences),
    )

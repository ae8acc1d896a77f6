"""``solutions/`` to ``labs/``: the student release.

Notebooks go through nbgrader's ``generate_assignment`` (solutions stubbed,
hidden tests removed, locked cells read-only). Starter modules get their
``### BEGIN SOLUTION`` regions stubbed the same way; visible checks are shipped
as ``checks/``; hidden checks and files listed in ``solution_only`` never are.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from pathlib import Path

from autograder import nbgrader_bridge
from autograder.errors import ReleaseError
from autograder.layout import CourseLayout, LabInfo, load_lab

__all__ = ["lab_fingerprint", "prepare_template", "release_course", "release_lab", "stub_solutions"]

_BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
_END = re.compile(r"^\s*### END SOLUTION\s*$")
_NEVER_RELEASED = {
    "__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".venv",
}


def stub_solutions(text: str, *, filename: str = "<module>") -> str:
    """Replace every solution region of a Python source with a stub at its indentation."""
    output: list[str] = []
    inside: str | None = None
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        begin = _BEGIN.match(line)
        if begin:
            if inside is not None:
                raise ReleaseError(f"{filename}:{number}: BEGIN SOLUTION inside another region")
            inside = begin.group(1)
            output.append(f"{inside}# YOUR CODE HERE\n{inside}raise NotImplementedError()\n")
        elif _END.match(line):
            if inside is None:
                raise ReleaseError(f"{filename}:{number}: END SOLUTION without BEGIN")
            inside = None
        elif inside is None:
            output.append(line)
    if inside is not None:
        raise ReleaseError(f"{filename}: a BEGIN SOLUTION region is never closed")
    return "".join(output)


def lab_fingerprint(lab: LabInfo) -> str:
    """Changes whenever anything in the lab's source folder changes."""
    from autograder import __version__

    digest = hashlib.sha256(__version__.encode())
    for path in sorted(lab.folder.rglob("*")):
        if path.is_file() and not _NEVER_RELEASED.intersection(path.parts):
            digest.update(str(path.relative_to(lab.folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_template(layout: CourseLayout, lab: LabInfo) -> Path:
    """An nbgrader course directory with the lab's source notebooks and gradebook.

    Built once per version of the lab (cached by fingerprint) and copied per job.
    """
    target = layout.workspace / "templates" / f"{lab.name}-{lab_fingerprint(lab)}"
    if (target / "gradebook.db").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{lab.name}-", dir=target.parent))
    try:
        source = staging / "source" / lab.name
        source.mkdir(parents=True)
        notebooks = lab.notebooks
        if not notebooks:
            raise ReleaseError(f"{lab.folder} has no notebooks")
        for notebook in notebooks:
            shutil.copy2(notebook, source / notebook.name)
        run = nbgrader_bridge.generate_assignment(staging, lab.name)
        if not run.success:
            raise ReleaseError(
                f"nbgrader could not generate {lab.name}: {_last_line(run.error or run.log)}"
            )
        try:
            staging.rename(target)
        except OSError:  # another process built it first
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no details"


def release_lab(layout: CourseLayout, lab: LabInfo, destination: Path) -> Path:
    """Write the student version of ``lab`` to ``destination`` (replaced as a whole)."""
    template = prepare_template(layout, lab)
    staging = Path(tempfile.mkdtemp(prefix=f".{lab.name}-", dir=destination.parent))
    try:
        for notebook in sorted((template / "release" / lab.name).glob("*.ipynb")):
            shutil.copy2(notebook, staging / notebook.name)
        for path in sorted(lab.folder.rglob("*")):
            relative = path.relative_to(lab.folder)
            if not path.is_file() or _skipped(relative, lab):
                continue
            if relative.parts[0] == "checks":
                if relative.parts[1:2] != ("visible",):
                    continue
                relative = Path("checks", *relative.parts[2:])
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".py" and relative.parts[0] != "checks":
                target.write_text(stub_solutions(path.read_text(), filename=str(path)))
            else:
                shutil.copy2(path, target)
        staging.chmod(0o755)  # mkdtemp makes it private; a release is for everyone to read
        if destination.exists():
            shutil.rmtree(destination)
        staging.rename(destination)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return destination


def _skipped(relative: Path, lab: LabInfo) -> bool:
    if _NEVER_RELEASED.intersection(relative.parts) or relative.suffix == ".ipynb":
        return True
    return str(relative) in lab.solution_only


def release_course(layout: CourseLayout, *, labs: list[str] | None = None) -> list[Path]:
    """Regenerate ``labs/`` (or the chosen labs) from ``solutions/``."""
    layout.labs.mkdir(exist_ok=True)
    released = []
    for name in labs or layout.lab_names():
        lab = load_lab(layout.solutions / name)
        released.append(release_lab(layout, lab, layout.labs / name))
    return released

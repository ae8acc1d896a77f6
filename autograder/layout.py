"""Every path of the course layout, defined once.

The top level is fixed (see README): ``solutions/`` (nbgrader source),
``labs/`` (the student release), ``submissions/<student>/<lab>/``, ``graded/``
(results and the executed notebooks), ``feedback/``, ``environment/``.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from autograder.errors import CourseLayoutError

__all__ = ["CourseLayout", "LabInfo", "kit_root", "lab_folder_name", "load_lab"]

LAB_NAME = re.compile(r"^lab(\d\d)-[a-z0-9-]+$")


@cache
def kit_root() -> Path:
    """The repository root: ``$AUTOGRADER_ROOT`` or the folder holding ``environment/``."""
    override = os.environ.get("AUTOGRADER_ROOT")
    if override:
        return Path(override).resolve()
    here = Path(__file__).resolve().parent
    for candidate in (here.parent, Path.cwd(), *Path.cwd().parents):
        if (candidate / "environment" / "requirements.lock").is_file():
            return candidate
    raise CourseLayoutError(
        "cannot find the course root (a folder with environment/requirements.lock); "
        "run from inside the repository or set AUTOGRADER_ROOT"
    )


@dataclass(frozen=True)
class CourseLayout:
    """The folders of one course."""

    root: Path

    @classmethod
    def default(cls) -> CourseLayout:
        return cls(kit_root())

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def labs(self) -> Path:
        return self.root / "labs"

    @property
    def submissions(self) -> Path:
        return self.root / "submissions"

    @property
    def graded(self) -> Path:
        return self.root / "graded"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def workspace(self) -> Path:
        """Scratch space for nbgrader's own course directories (never shown to students)."""
        return self.graded / ".work"

    def lab_names(self) -> list[str]:
        if not self.solutions.is_dir():
            raise CourseLayoutError(f"{self.solutions} is missing: the course has no labs")
        return sorted(p.name for p in self.solutions.iterdir() if LAB_NAME.match(p.name))

    def result_file(self, student: str, lab: str) -> Path:
        return self.graded / student / lab / "result.json"

    def feedback_file(self, student: str, lab: str) -> Path:
        return self.feedback / student / lab / "feedback.html"


@dataclass(frozen=True)
class LabInfo:
    """A lab's folder in solutions/ and its lab.toml."""

    name: str
    folder: Path
    title: str
    summary: str
    hours: float
    cell_timeout_s: int
    check_timeout_s: int
    solution_only: tuple[str, ...] = ()
    keep_submitted: tuple[str, ...] = ()
    generated: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        return self.name[3:5]

    @property
    def notebooks(self) -> list[Path]:
        return sorted(self.folder.glob("*.ipynb"))

    @property
    def checks(self) -> Path:
        return self.folder / "checks"


def load_lab(folder: Path) -> LabInfo:
    """Read one lab folder of solutions/."""
    if not LAB_NAME.match(folder.name):
        raise CourseLayoutError(f"{folder.name}: lab folders are named labNN-short-name")
    config_file = folder / "lab.toml"
    try:
        config = tomllib.loads(config_file.read_text()) if config_file.exists() else {}
    except tomllib.TOMLDecodeError as error:
        raise CourseLayoutError(f"{config_file}: {error}") from error
    return LabInfo(
        name=folder.name,
        folder=folder,
        title=str(config.get("title", folder.name)),
        summary=str(config.get("summary", "")),
        hours=float(config.get("hours", 1)),
        cell_timeout_s=int(config.get("cell_timeout_s", 60)),
        check_timeout_s=int(config.get("check_timeout_s", 300)),
        solution_only=tuple(str(item) for item in config.get("solution_only", [])),
        keep_submitted=tuple(str(item) for item in config.get("keep_submitted", [])),
        generated=tuple(str(item) for item in config.get("generated", [])),
    )


def lab_folder_name(layout: CourseLayout, selector: str) -> str:
    """``"01"``, ``"lab01"`` or the full folder name to the lab's folder name."""
    names = layout.lab_names()
    if selector in names:
        return selector
    number = selector.removeprefix("lab").zfill(2)
    matches = [name for name in names if name[3:5] == number]
    if len(matches) != 1:
        raise CourseLayoutError(
            f"no lab matches {selector!r}; the labs are: {', '.join(names) or 'none'}"
        )
    return matches[0]

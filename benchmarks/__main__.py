"""Time grading one submission three ways, in one run, and report ratios.

1. the floor: executing the submission's notebooks with nbclient alone;
2. plain ``nbgrader autograde`` (the CLI, as instructors run it) on the same notebooks;
3. this kit's pipeline: notebooks through nbgrader's in-process API, one by one, plus the
   lab's artefact checks (work plain nbgrader does not do at all).

Usage: ``python -m benchmarks [--lab 01] [--student ada] [--repeat 3] [--out FILE]``.
Writes a JSON record (default ``graded/benchmarks.json``) and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from rich.console import Console
from rich.table import Table

from autograder.grading.pipeline import grade_submission
from autograder.layout import CourseLayout, lab_folder_name, load_lab
from autograder.release import prepare_template


def _timed(step: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return times


def floor(submission: Path, timeout: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "work"
        shutil.copytree(submission, work)
        for path in sorted(work.glob("*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            NotebookClient(
                notebook, timeout=timeout, allow_errors=True, resources={"metadata": {"path": work}}
            ).execute()


def plain_nbgrader(layout: CourseLayout, lab: str, student: str, submission: Path) -> None:
    template = prepare_template(layout, load_lab(layout.solutions / lab))
    with tempfile.TemporaryDirectory() as scratch:
        course = Path(scratch)
        shutil.copytree(template / "source", course / "source")
        shutil.copy2(template / "gradebook.db", course / "gradebook.db")
        shutil.copytree(submission, course / "submitted" / student / lab)
        (course / "nbgrader_config.py").write_text(
            "c.CourseDirectory.source_directory = 'source'\n"
            "c.CourseDirectory.db_url = 'sqlite:///gradebook.db'\n"
            "c.CourseDirectory.course_id = 'course'\n"
        )
        scripts = Path(sys.executable).parent
        subprocess.run(
            [str(scripts / "nbgrader"), "autograde", lab, "--student", student, "--force",
             "--create"],
            cwd=course, check=False, capture_output=True,
            env={**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ['PATH']}"},
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--lab", default="01")
    parser.add_argument("--student", default="ada")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    arguments = parser.parse_args()
    os.environ.setdefault("MPLBACKEND", "Agg")
    layout = CourseLayout.default()
    lab_name = lab_folder_name(layout, arguments.lab)
    lab = load_lab(layout.solutions / lab_name)
    submission = layout.submissions / arguments.student / lab_name
    prepare_template(layout, lab)
    floor(submission, lab.cell_timeout_s)  # warm the caches once

    parts: list[dict[str, float]] = []

    def kit() -> None:
        result = grade_submission(layout, lab, arguments.student, submission)
        checks = sum(p.duration_s for p in result.parts if p.name == "artefact checks")
        parts.append({"notebooks": result.execution_time - checks, "checks": checks})

    measured = {
        "floor: nbclient executes the notebooks": _timed(
            lambda: floor(submission, lab.cell_timeout_s), arguments.repeat),
        "plain nbgrader autograde (CLI)": _timed(
            lambda: plain_nbgrader(layout, lab_name, arguments.student, submission),
            arguments.repeat),
        "kit: notebooks + artefact checks": _timed(kit, arguments.repeat),
    }
    measured["kit: of which notebooks (nbgrader in-process)"] = [p["notebooks"] for p in parts]
    measured["kit: of which artefact checks"] = [p["checks"] for p in parts]
    medians = {name: statistics.median(times) for name, times in measured.items()}
    base = medians["floor: nbclient executes the notebooks"]
    table = Table(title=f"Grading {arguments.student}/{lab_name}, median of {arguments.repeat}")
    for column in ("what", "seconds", "× floor"):
        table.add_column(column)
    for name, seconds in medians.items():
        table.add_row(name, f"{seconds:.2f}", f"{seconds / base:.2f}")
    Console().print(table)
    record = {
        "lab": lab_name, "student": arguments.student, "repeat": arguments.repeat,
        "cores": os.cpu_count(), "python": platform.python_version(),
        "seconds": measured, "median_seconds": medians,
        "ratio_to_floor": {name: seconds / base for name, seconds in medians.items()},
    }
    out = arguments.out or layout.graded / "benchmarks.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

"""What the terminal shows: the class summary, a self-check verdict, the doctor."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.table import Table

from autograder.environment import FIX_COMMAND, DoctorReport
from autograder.results import LabResult

__all__ = ["print_class_summary", "print_doctor", "print_self_check"]

_STATUS_STYLE = {"passed": "green", "failed": "red", "error": "yellow"}


def _score(result: LabResult) -> str:
    text = f"{result.score:g}/{result.max_score:g}"
    if result.status == "error":
        return f"[yellow]{text} could not grade[/]"
    if result.status == "partial":
        return f"[yellow]{text} partly graded[/]"
    return text


def print_class_summary(results: list[LabResult], labs: list[str], console: Console) -> None:
    """A student × lab table, then the tasks the class struggles with most."""
    table = Table(title="Grades", show_lines=False)
    table.add_column("student")
    for lab in labs:
        table.add_column(lab[:5], justify="right")
    table.add_column("total", justify="right")
    by_student: dict[str, dict[str, LabResult]] = defaultdict(dict)
    for result in results:
        by_student[result.student][result.lab] = result
    for student in sorted(by_student):
        graded = by_student[student]
        row = [_score(graded[lab]) if lab in graded else "-" for lab in labs]
        total = sum(r.score for r in by_student[student].values())
        possible = sum(r.max_score for r in by_student[student].values())
        table.add_row(student, *row, f"{total:g}/{possible:g}")
    console.print(table)

    attempts: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for result in results:
        for test in result.tests:
            attempts[(result.lab, test.name)].append(test.status == "passed")
    hardest = sorted(attempts.items(), key=lambda item: sum(item[1]) / len(item[1]))[:5]
    struggles = Table(title="Where the class struggles (lowest pass rate)")
    struggles.add_column("lab")
    struggles.add_column("task")
    struggles.add_column("passed", justify="right")
    for (lab, name), passes in hardest:
        struggles.add_row(lab[:5], name, f"{sum(passes)}/{len(passes)}")
    console.print(struggles)
    for result in results:
        for finding in result.integrity:
            console.print(f"[yellow]integrity[/] {result.student}/{result.lab}: {finding}")


def print_self_check(result: LabResult, console: Console) -> None:
    """A verdict per task with what to fix, for the student's own run."""
    for part in result.parts:
        if not part.graded:
            console.print(f"[yellow]could not grade {part.name}:[/] {part.message}")
    table = Table(title=f"{result.lab}: visible checks", show_lines=True)
    table.add_column("task")
    table.add_column("points", justify="right")
    table.add_column("result")
    table.add_column("what to do")
    for test in result.tests:
        style = _STATUS_STYLE.get(test.status, "white")
        table.add_row(
            test.name, f"{test.score:g}/{test.max_score:g}", f"[{style}]{test.status}[/]",
            test.output,
        )
    console.print(table)
    console.print(
        f"[bold]{result.score:g} of {result.max_score:g}[/] visible points. "
        "Hidden tests run only in official grading; they test the same tasks on data you "
        "have not seen."
    )


def print_doctor(report: DoctorReport, console: Console) -> None:
    stamp = report.stamp
    if report.ok:
        console.print(
            f"[green]OK[/]: Python {stamp.python} on {stamp.platform} matches the reference "
            f"lock {stamp.lock_sha256[:12]}."
        )
        return
    console.print("[red]This environment differs from the reference:[/]")
    if not report.python_ok:
        console.print(f"  Python {stamp.python}, the reference is 3.11")
    if not report.platform_ok:
        console.print(f"  platform {stamp.platform}, the reference is linux-x86_64")
    for difference in report.differences:
        installed = difference.installed or "not installed"
        console.print(f"  {difference.package}: {installed}, the lock pins {difference.locked}")
    console.print(f"Fix: run [bold]{FIX_COMMAND}[/] (it rebuilds .venv from the lock).")

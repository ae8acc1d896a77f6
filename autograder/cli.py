"""``autograder``: the command line, a thin shell over :mod:`autograder.api`.

A known error (:class:`AutograderError`) prints one line and exits 1; anything
else keeps its traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from autograder import __version__, api
from autograder.errors import AutograderError
from autograder.report import print_doctor, print_self_check

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"autograder {__version__}")
    parser.add_argument("--root", type=Path, help="the course folder (default: this repository)")
    verbs = parser.add_subparsers(dest="verb", required=True)

    release = verbs.add_parser("release", help="regenerate labs/ from solutions/")
    release.add_argument("--lab", action="append", help="only this lab (repeatable)")

    grade = verbs.add_parser("grade", help="grade every submission under submissions/")
    grade.add_argument("--student", action="append", help="only this student (repeatable)")
    grade.add_argument("--lab", action="append", help="only this lab, e.g. 01 (repeatable)")
    grade.add_argument("--force", action="store_true", help="regrade unchanged submissions too")
    grade.add_argument("--jobs", type=int, help="parallel workers (default: one per core)")

    check = verbs.add_parser("check", help="self-check a lab folder with the visible tests")
    check.add_argument("folder", type=Path, help="your lab folder, e.g. labs/lab01-...")
    check.add_argument("--json", action="store_true", help="print the result as JSON")

    submit = verbs.add_parser("submit", help="zip a lab folder for upload")
    submit.add_argument("folder", type=Path)
    submit.add_argument("--out", type=Path, help="where to put the zip (default: submit/)")

    doctor = verbs.add_parser("doctor", help="compare this environment with the reference lock")
    doctor.add_argument("--json", action="store_true", help="print the report as JSON")

    solutions = verbs.add_parser(
        "check-solutions", help="reference scores full marks, blank scores zero"
    )
    solutions.add_argument("--lab", action="append", help="only this lab (repeatable)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    console = Console(stderr=True)
    try:
        return _dispatch(arguments, console)
    except AutograderError as error:
        console.print(f"[red]error:[/] {error}")
        return 1


def _dispatch(arguments: argparse.Namespace, console: Console) -> int:
    root = arguments.root
    if arguments.verb == "release":
        for path in api.release(root=root, labs=arguments.lab):
            console.print(f"released {path.name}")
        return 0
    if arguments.verb == "grade":
        grades = api.grade_class(
            root=root, students=arguments.student, labs=arguments.lab, force=arguments.force,
            jobs=arguments.jobs, console=console,
        )
        console.print(
            f"{len(grades.results)} results ({grades.regraded} graded now, the rest unchanged) "
            f"in {grades.seconds:.1f} s; gradebook: {grades.gradebook}"
        )
        return 0
    if arguments.verb == "check":
        result = api.check_lab(arguments.folder, root=root)
        if arguments.json:
            print(json.dumps(result.to_json(), indent=2))
        else:
            print_self_check(result, Console())
        return 0
    if arguments.verb == "submit":
        target = api.submit_lab(arguments.folder, out_dir=arguments.out)
        console.print(f"wrote {target}; upload this file")
        return 0
    if arguments.verb == "doctor":
        report = api.doctor()
        if arguments.json:
            print(json.dumps(report.to_json(), indent=2))
        else:
            print_doctor(report, Console())
        return 0 if report.ok else 1
    if arguments.verb == "check-solutions":
        return _check_solutions(root, arguments.lab, console)
    raise AssertionError(f"unhandled verb {arguments.verb}")


def _check_solutions(root: Path | None, labs: list[str] | None, console: Console) -> int:
    outcomes = api.check_solutions(root=root, labs=labs)
    table = Table(title="Reference solutions and blank releases")
    for column in ("lab", "reference", "blank", "verdict"):
        table.add_column(column)
    for outcome in outcomes:
        reference, blank = outcome.reference, outcome.blank
        table.add_row(
            outcome.lab,
            f"{reference.score:g}/{reference.max_score:g}",
            f"{blank.score:g}/{blank.max_score:g}",
            "[green]ok[/]" if outcome.ok else "[red]FAILED[/]",
        )
    console.print(table)
    for outcome in outcomes:
        if outcome.ok:
            continue
        for test in outcome.reference.tests:
            if test.status != "passed":
                console.print(f"{outcome.lab} reference fails {test.name!r}: {test.output}")
        for test in outcome.blank.tests:
            if test.score:
                console.print(f"{outcome.lab} blank scores on {test.name!r}")
        for part in outcome.reference.parts:
            if not part.graded:
                console.print(f"{outcome.lab} reference: {part.name}: {part.message}")
    return 0 if all(outcome.ok for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())

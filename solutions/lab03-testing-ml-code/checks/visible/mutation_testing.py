"""Mutation testing of the student's tests: do they pass on churnlib and fail on broken copies?

A *mutant* is the reference ``churnlib`` with one deliberate bug, written as text edits.
The checks register the mutants they judge (:func:`register`, at collection time); the
first check that needs a result runs the student's tests against the reference and
against every registered mutant, all in one pool, in random order, each run in a scratch
folder of its own (:mod:`sandboxed_pytest`). Results are cached per submission for the
rest of the grading session, so the visible and the hidden checks share them.

A mutant counts as *caught* when a test that passed on the reference fails, errors or
disappears (its module no longer imports) on the mutant. Tests that fail on the reference
prove nothing and are left out. Students read which kind of bug went unnoticed and what
kind of test would notice it, never a mutant's code nor the output of a run against it.

Loaded by the checks' ``conftest.py`` files (``import mutation_testing``).
"""

from __future__ import annotations

import ast
import functools
import io
import random
import re
import tokenize
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sandboxed_pytest import RUN_TIMEOUT_S, StudentTests, SuiteRun, read_tests, run_many

__all__ = [
    "TEST_KINDS",
    "Edit",
    "Mutant",
    "MutantError",
    "Verdict",
    "failures_on_reference",
    "kind_of_test",
    "reference_problem",
    "reference_run",
    "register",
    "student_tests",
    "verdict",
]

PACKAGE = "churnlib"
REFERENCE = "reference"
TEST_KINDS = {
    "unit": "test_unit_",
    "data": "test_data_",
    "behaviour": "test_behaviour_",
    "quality gate": "test_quality_gate",
}


class MutantError(Exception):
    """A mutant no longer applies to the reference: an authoring error, never the student's."""


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` (it must occur exactly once) by ``new`` in ``file`` of the lab folder."""

    file: str
    old: str
    new: str


@dataclass(frozen=True)
class Mutant:
    """One deliberate bug. ``bug`` and ``advice`` complete the sentences students read."""

    kind: str
    bug: str  # "Your tests did not notice {bug}."
    advice: str  # "Add a test that {advice}."
    edits: tuple[Edit, ...]

    @classmethod
    def of(cls, *, kind: str, bug: str, advice: str, edits: Sequence[Sequence[str]]) -> Mutant:
        return cls(kind, bug, advice, tuple(Edit(*edit) for edit in edits))


@dataclass(frozen=True)
class Verdict:
    caught: bool
    message: str = ""  # why not, for the student


# --- implementations -----------------------------------------------------------------------


def lab_root(start: Path) -> Path:
    """The lab folder above ``start`` (it holds lab.toml and churnlib/), in solutions/ or labs/."""
    for folder in (start, *start.parents):
        if (folder / "lab.toml").is_file() and (folder / PACKAGE).is_dir():
            return folder
    raise MutantError(f"no lab folder with lab.toml and {PACKAGE}/ above {start}")


@functools.cache
def reference_sources() -> dict[str, str]:
    """The trusted churnlib: the lab's own copy next to these checks, never the student's."""
    lab = lab_root(Path(__file__).resolve().parent)
    return {
        str(path.relative_to(lab)): path.read_text()
        for path in sorted((lab / PACKAGE).rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def mutate(sources: Mapping[str, str], mutant: Mutant) -> dict[str, str]:
    result = dict(sources)
    for edit in mutant.edits:
        text = result.get(edit.file)
        if text is None:
            raise MutantError(f"mutant {mutant.kind}: {edit.file} is not part of {PACKAGE}")
        if text.count(edit.old) != 1:
            raise MutantError(
                f"mutant {mutant.kind}: the text to replace occurs {text.count(edit.old)} times "
                f"in {edit.file}, not once; update the mutant to the current reference"
            )
        result[edit.file] = text.replace(edit.old, edit.new)
    return result


# --- the student's tests -------------------------------------------------------------------

_SOURCE_READING = re.compile(
    r"\b(?:getsource\w*|getsourcefile|getfile|get_source|co_code|__code__|__loader__|__spec__)\b"
    r"|\.__file__\b"
    r"|^\s*(?:import|from)\s+(?:inspect|dis|ast|marshal|tokenize|linecache)\b"
    r"|churnlib[/\\]"
    r"|\.py['\"]",
    re.MULTILINE,
)


def source_reading(tests: StudentTests) -> list[str]:
    """Places where the tests look at code instead of running it: ``tests/x.py line 3 (...)``.

    Comments and docstrings are not searched: naming a file in prose is fine.
    """
    found = []
    for name, content in sorted(tests.files.items()):
        if not name.endswith(".py"):
            continue
        text = _code_only(content.decode("utf-8", errors="replace"))
        for match in _SOURCE_READING.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"tests/{name} line {line} ({match.group(0).strip()})")
    return found


def _code_only(text: str) -> str:
    """``text`` with comments and docstrings blanked out (same lines); '' if it does not parse."""
    try:
        tree = ast.parse(text)
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (SyntaxError, tokenize.TokenError, ValueError):
        return ""  # a file that does not parse cannot run either
    docstrings = {
        (node.lineno, node.col_offset)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }
    lines = text.splitlines(keepends=True)
    for token in tokens:
        prose = token.type == tokenize.COMMENT or (
            token.type == tokenize.STRING and token.start in docstrings
        )
        if not prose:
            continue
        (first, start), (last, end) = token.start, token.end
        for number in range(first, last + 1):
            line = lines[number - 1]
            left = start if number == first else 0
            right = end if number == last else len(line.rstrip("\n"))
            lines[number - 1] = line[:left] + " " * (right - left) + line[right:]
    return "".join(lines)


def kind_of_test(nodeid: str) -> str | None:
    """``"unit"``, ``"data"``, ``"behaviour"`` or ``"quality gate"`` by file name, else None."""
    filename = Path(nodeid.split("::")[0]).name
    for kind, prefix in TEST_KINDS.items():
        if filename.startswith(prefix):
            return kind
    return None


@functools.cache
def student_tests(submission: Path) -> StudentTests:
    return read_tests(submission)


# --- runs ----------------------------------------------------------------------------------

_MUTANTS: dict[str, Mutant] = {}
_RUNS: dict[tuple[Path, str], SuiteRun] = {}


def register(mutants: Iterable[Mutant]) -> None:
    """Mutants the checks of this session will ask about: they run in one pool."""
    for mutant in mutants:
        mutate(reference_sources(), mutant)  # fail now, at collection, if it no longer applies
        _MUTANTS[mutant.kind] = mutant


def _ensure_runs(submission: Path) -> None:
    """Run the reference and every registered mutant not yet run, in random order."""
    tests = student_tests(submission)
    if tests.problem:
        return
    todo = [name for name in (REFERENCE, *_MUTANTS) if (submission, name) not in _RUNS]
    if not todo:
        return
    random.SystemRandom().shuffle(todo)
    reference = reference_sources()
    implementations = {
        name: reference if name == REFERENCE else mutate(reference, _MUTANTS[name])
        for name in todo
    }
    for name, run in run_many(tests, implementations).items():
        _RUNS[(submission, name)] = run


def reference_run(submission: Path) -> SuiteRun:
    """The student's tests against the reference churnlib (an empty run if there are none)."""
    _ensure_runs(submission)
    return _RUNS.get((submission, REFERENCE), SuiteRun())


# --- verdicts ------------------------------------------------------------------------------


def verdict(submission: Path, kind: str) -> Verdict:
    """Did the student's tests catch the registered mutant ``kind``?"""
    mutant = _MUTANTS[kind]
    blocked = _blocked(submission)
    if blocked:
        return Verdict(False, blocked)
    reference, run = reference_run(submission), _RUNS[(submission, kind)]
    trusted = reference.with_outcome("passed")
    left_out = len(reference.tests) - len(trusted)
    note = (
        f" ({left_out} of your tests fail or skip on the correct churnlib and were left out.)"
        if left_out else ""
    )
    if run.timed_out:
        return Verdict(False, (
            f"Your tests did not finish within {RUN_TIMEOUT_S} s against {mutant.bug}, so it "
            "does not count as caught; make slow tests faster (less data, train once in a "
            "session fixture)." + note
        ))
    if not run.finished:
        return Verdict(True)  # the suite died on the broken code only: a red build too
    for nodeid in trusted:
        item = run.tests.get(nodeid)
        if item is None or item.outcome in ("failed", "error"):
            return Verdict(True)
    return Verdict(
        False, f"Your tests did not notice {mutant.bug}. Add a test that {mutant.advice}." + note
    )


def _blocked(submission: Path) -> str:
    """Why no mutant can count as caught for this submission, or ''."""
    tests = student_tests(submission)
    if tests.problem:
        return tests.problem
    reading = source_reading(tests)
    if reading:
        return (
            "Your tests read churnlib's source code instead of running it ("
            + "; ".join(reading[:3])
            + "). Tests must check what the code does, not what it looks like; until that "
            "is gone, no broken implementation counts as caught."
        )
    return reference_problem(reference_run(submission))


def reference_problem(run: SuiteRun) -> str:
    """Why the run on the reference cannot back any verdict, or ''."""
    if run.timed_out:
        return (
            f"Your tests did not finish within {RUN_TIMEOUT_S} s on the correct churnlib. Keep "
            "the whole suite well under that: small data (a few thousand rows), and train the "
            "model once, in a session-scoped fixture."
        )
    if not run.finished:
        return f"Running your tests failed before they reported anything ({run.stopped})."
    if not run.collected:
        errors = "; ".join(f"{node}: {message}" for node, message in run.collection_errors[:2])
        return "pytest found no tests in tests/" + (
            f" ({errors})" if errors else ": name the files test_*.py and the functions test_*"
        ) + "."
    if not run.with_outcome("passed"):
        if not run.with_outcome("failed", "error"):
            return "All your tests were skipped, so they cannot notice anything."
        return (
            "None of your tests passes on the correct churnlib, and a test that fails on "
            "correct code cannot tell a broken one apart. Fix them first "
            "(make check lists what fails)."
        )
    return ""


def failures_on_reference(submission: Path, *, limit: int = 3) -> list[str]:
    """``"tests/x.py::test_y: AssertionError: ..."`` for what does not pass on the reference."""
    run = reference_run(submission)
    lines = [f"{node} could not be imported: {message}" for node, message in run.collection_errors]
    for nodeid in run.with_outcome("failed", "error"):
        message = run.tests[nodeid].message
        lines.append(f"{nodeid}: {message}" if message else nodeid)
    return lines[:limit] + ([f"... and {len(lines) - limit} more"] if len(lines) > limit else [])

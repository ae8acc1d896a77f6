"""Lab 00 hidden check: tooling.py still does what legacy_tooling.py does, on unseen inputs."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import pytest

from autograder.checks import StudentCode
from autograder.errors import StudentCodeError
from autograder.sandbox import FunctionCall, ResourceLimits

# The original behaviour, kept here (trusted) rather than read from the student's folder.


def _format_rate(rate: float | None, digits: int = 1) -> str:
    return "n/a" if rate is None else f"{rate * 100:.{digits}f} %"


def _top_segments(rates: dict[str, float], n: int = 3, exclude: Any = ()) -> list[str]:
    ranked = sorted(rates, key=lambda segment: rates[segment], reverse=True)
    return [segment for segment in ranked if segment not in exclude][:n]


def _parse_version(text: Any) -> tuple[int, int] | None:
    try:
        parts = text.split(".")
        return (int(parts[0]), int(parts[1]))
    except Exception:
        return None


def _summary_line(segment: str, rate: float | None, customers: int) -> str:
    return f"{segment}: {_format_rate(rate)} of {customers:,} customers churned"


def _report(
    rates: dict[str, float], customers: dict[str, int], title: str = "Churn by segment"
) -> str:
    lines = [title, "=" * len(title)]
    for segment in _top_segments(rates, n=len(rates)):
        line = _summary_line(segment, rates[segment], customers[segment])
        lines.append(line + " !" if rates[segment] > 0.3 else line)
    return "\n".join(lines)


RATES = {"north": 0.187, "west": 0.301, "south": 0.212, "east": 0.3, "central": 0.212}
CUSTOMERS = {"north": 1320, "west": 987, "south": 1444, "east": 1080, "central": 1169}

CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], Any]] = [
    ("format_rate", (0.4567,), {}, _format_rate(0.4567)),
    ("format_rate", (None,), {}, "n/a"),
    ("format_rate", (0.0,), {}, "0.0 %"),
    ("format_rate", (0.07125, 3), {}, _format_rate(0.07125, 3)),
    ("format_rate", (1.0,), {"digits": 0}, _format_rate(1.0, 0)),
    ("is_high_risk", (0.3,), {}, False),
    ("is_high_risk", (0.3000001,), {}, True),
    ("is_high_risk", (0.5,), {"threshold": 0.6}, False),
    ("is_high_risk", (0.2, 0.1), {}, True),
    ("top_segments", (RATES,), {}, _top_segments(RATES)),
    ("top_segments", (RATES, 10), {}, _top_segments(RATES, 10)),
    ("top_segments", (RATES,), {"exclude": ["west"]}, _top_segments(RATES, 3, ["west"])),
    ("top_segments", (RATES, 2), {}, _top_segments(RATES, 2)),
    ("top_segments", ({},), {}, []),
    ("parse_version", ("3.12.7",), {}, (3, 12)),
    ("parse_version", ("10.0",), {}, (10, 0)),
    ("parse_version", ("3",), {}, None),
    ("parse_version", ("three.eleven",), {}, None),
    ("parse_version", (None,), {}, None),
    ("parse_version", (3.11,), {}, None),
    ("summary_line", ("annual", 0.1023, 1500), {}, _summary_line("annual", 0.1023, 1500)),
    ("summary_line", ("unknown", None, 12), {}, _summary_line("unknown", None, 12)),
    ("report", (RATES, CUSTOMERS), {}, _report(RATES, CUSTOMERS)),
    (
        "report",
        ({"basic": 0.41},),
        {"customers": {"basic": 12345}, "title": "Plans"},
        _report({"basic": 0.41}, {"basic": 12345}, "Plans"),
    ),
]


IMPORT_FAILURES = (
    "in <module>",
    "raised SyntaxError",
    "raised IndentationError",
    "raised ModuleNotFoundError",
)


def _describe(function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    shown = [repr(arg) for arg in args] + [f"{key}={value!r}" for key, value in kwargs.items()]
    return f"{function}({', '.join(shown)})"


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _call_alone(
    student: StudentCode, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """One call in its own process, with a message that names the call when it fails."""
    try:
        return student.call(f"tooling:{name}", *args, **kwargs)
    except StudentCodeError as error:
        if any(sign in str(error) for sign in IMPORT_FAILURES):
            raise AssertionError(
                f"importing tooling.py fails ({error}): copy legacy_tooling.py into it, "
                "then clean it up"
            ) from None
        raise AssertionError(
            f"{_describe(name, args, kwargs)} fails in your tooling.py ({error}), but works "
            "in legacy_tooling.py: a clean-up must not change behaviour"
        ) from None


@pytest.mark.points(1)
def test_tooling_behaves_like_the_original(student: StudentCode) -> None:
    """tooling.py behaves exactly like legacy_tooling.py"""
    student = replace(student, limits=ResourceLimits(timeout_s=30))  # plain Python: fast
    calls = [FunctionCall(f"tooling:{name}", args, kwargs) for name, args, kwargs, _ in CASES]
    try:
        answers = student.call_many(calls)
    except StudentCodeError as error:
        failing = re.search(r"calling (\w+)\(\) from tooling\.py raised", str(error))
        if failing is None:  # it hung or died: retrying one call at a time would too
            raise AssertionError(f"tooling.py could not be run: {error}") from None
        # Name the failing input: rerun that function's cases one by one.
        for name, args, kwargs, _ in CASES:
            if name == failing.group(1):
                _call_alone(student, name, args, kwargs)
        raise AssertionError(f"tooling.py fails: {error}") from None
    for (name, args, kwargs, expected), answer in zip(CASES, answers, strict=True):
        assert answer == _jsonable(expected), (
            f"{_describe(name, args, kwargs)} returns {answer!r} from your tooling.py, but "
            f"{_jsonable(expected)!r} from legacy_tooling.py: a clean-up must not change what "
            "a function returns"
        )

"""Calling student functions from a check without importing student code.

A check (trusted) never imports a student's module. It writes a request of
:class:`FunctionCall` values, runs ``python -m autograder.sandbox.calls`` as an
untrusted process inside the student's folder, and reads back a JSON response.
Data flows into the student process by pickle (trusted to untrusted) and back
out only as JSON, so nothing a student returns is ever unpickled by the grader.
"""

from __future__ import annotations

import importlib
import json
import math
import pickle
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CallOutcome", "FunctionCall", "to_jsonable"]


@dataclass(frozen=True)
class FunctionCall:
    """``target`` is ``"module:function"`` or ``"model:<path>"`` for a saved model."""

    target: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    method: str = ""  # for models: predict, predict_proba


@dataclass(frozen=True)
class CallOutcome:
    ok: bool
    value: Any = None
    error_type: str = ""
    error_message: str = ""
    location: str = ""  # "validation.py, line 12, in validate_batch"


def to_jsonable(value: Any) -> Any:
    """numpy, pandas and plain values to JSON-native ones (NaN becomes None)."""
    module = type(value).__module__
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(item) for item in value]
    if module.startswith("numpy"):
        return to_jsonable(value.tolist())
    if module.startswith("pandas"):
        if hasattr(value, "to_dict") and hasattr(value, "columns"):
            return {str(col): to_jsonable(value[col].tolist()) for col in value.columns}
        if hasattr(value, "tolist"):
            return to_jsonable(value.tolist())
        return str(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(
        f"returned an object of type {type(value).__name__}, which cannot be checked; "
        "return plain Python values, lists, dicts, numpy arrays or pandas objects"
    )


def _student_location(error: BaseException, workdir: Path) -> str:
    """The innermost traceback frame inside the student's folder, if any."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        try:
            relative = Path(frame.filename).resolve().relative_to(workdir)
        except ValueError:
            continue
        return f"{relative}, line {frame.lineno}, in {frame.name}"
    return ""


def _perform(call: FunctionCall) -> Any:
    if call.target.startswith("model:"):
        import joblib  # the kit's reference environment has it

        model = joblib.load(call.target.removeprefix("model:"))
        return getattr(model, call.method or "predict")(*call.args, **call.kwargs)
    module_name, _, function_name = call.target.partition(":")
    module = importlib.import_module(module_name)
    function = getattr(module, function_name, None)
    if function is None:
        raise AttributeError(f"{module_name}.py has no function named {function_name!r}")
    return function(*call.args, **call.kwargs)


def _serve(request_path: Path, response_path: Path) -> None:
    workdir = Path.cwd().resolve()
    # Student modules are found last: they can add modules, never replace existing ones.
    sys.path.append(str(workdir))
    with request_path.open("rb") as handle:
        calls: list[FunctionCall] = pickle.load(handle)
    outcomes: list[dict[str, Any]] = []
    for call in calls:
        try:
            value = to_jsonable(_perform(call))
            outcomes.append({"ok": True, "value": value})
        except BaseException as error:
            outcomes.append(
                {
                    "ok": False,
                    "error_type": type(error).__name__,
                    "error_message": str(error)[:2000],
                    "location": _student_location(error, workdir),
                }
            )
    response_path.write_text(json.dumps(outcomes, allow_nan=False))


if __name__ == "__main__":
    _serve(Path(sys.argv[1]), Path(sys.argv[2]))

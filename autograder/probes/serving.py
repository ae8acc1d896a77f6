"""Probes of lab 04 (serving a model): what the student's saved model costs on its own.

A latency budget is only fair relative to the machine that measures it: a grading machine
busy with other submissions is slower than the student's laptop. Lab 04's latency check
therefore times the student's service over HTTP and then, through this probe, the same
``model.joblib`` scoring one customer at a time inside the sandbox, with no web service
around it: the floor no service can beat on this machine at this moment. The check
compares the two (see ``solutions/lab04-serving/checks/hidden/``).

Called as ``student.call("autograder.probes.serving:model_latencies_ms", path, records)``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

__all__ = ["model_latencies_ms"]


def model_latencies_ms(model_file: str, records: list[dict[str, Any]]) -> list[float]:
    """Milliseconds ``predict_proba`` of the saved model takes for each record, one at a time.

    Each record becomes a one-row DataFrame, as a service builds it per request. The model
    is loaded (joblib) and warmed up with one prediction before timing starts.
    """
    import joblib
    import pandas as pd

    model = joblib.load(Path(model_file))
    model.predict_proba(pd.DataFrame(records[:1]))
    latencies = []
    for record in records:
        started = time.perf_counter()
        model.predict_proba(pd.DataFrame([record]))
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies

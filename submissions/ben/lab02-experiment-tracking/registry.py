"""Lab 02, part 2: choose the best run and manage its model in the MLflow model registry.

You complete the functions marked ``YOUR CODE HERE``; part 2 of
``02-tracking-and-registry.ipynb`` walks you through them. They work on whatever store
MLflow is pointed at: the notebook calls ``configure_tracking()`` from ``tracking.py`` first.

Words used here:

* a **registered model** (``MODEL_NAME``) is a name for "the churn model", whichever
  version of it is current;
* a **model version** (1, 2, 3, ...) is one logged model registered under that name; it
  remembers the run that produced it;
* an **alias** (``champion``, ``challenger``) is a movable label on one version. Code that
  uses the model asks for ``models:/churn-classifier@champion`` and gets whichever version
  carries the label today.
"""

from __future__ import annotations

from typing import Any

import mlflow
import pandas as pd
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

from tracking import EXPERIMENT, METRIC

MODEL_NAME = "churn-classifier"
CHAMPION = "champion"  # the version in production
CHALLENGER = "challenger"  # a version being compared with the champion


# ---- given -------------------------------------------------------------------------------


def logged_model_uri(run_id: str) -> str:
    """The URI of the model logged in run ``run_id``: ``models:/m-...``.

    MLflow 3 keeps a logged model as a thing of its own (a *LoggedModel*, id ``m-...``)
    linked to the run that logged it; ``mlflow.register_model`` takes its URI.
    """
    outputs = mlflow.get_run(run_id).outputs
    model_ids = [output.model_id for output in (outputs.model_outputs if outputs else [])]
    if not model_ids:
        raise ValueError(
            f"run {run_id} logged no model: log one in it with mlflow.sklearn.log_model"
        )
    return f"models:/{model_ids[0]}"


def alias_version(name: str, alias: str) -> Any:
    """The ``ModelVersion`` that carries ``alias`` in registered model ``name``, or ``None``."""
    try:
        return MlflowClient().get_model_version_by_alias(name, alias)
    except MlflowException:
        return None


# ---- yours -------------------------------------------------------------------------------


def compare_runs(experiment: str = EXPERIMENT, metric: str = METRIC) -> pd.DataFrame:
    """The finished runs of ``experiment`` as one table, best first.

    ``mlflow.search_runs`` returns a DataFrame with one row per run and the columns
    ``run_id``, ``status``, ``params.<name>``, ``metrics.<name>``, ``tags.<name>``, ...

    * keep only runs that finished (status ``FINISHED``): a run that crashed half-way may
      have logged a metric but no model;
    * sort by ``metrics.<metric>``, highest first; runs without that metric go last;
    * number the rows 0, 1, 2, ... in that order (``reset_index(drop=True)``).

    An experiment without runs (or that does not exist) gives an empty DataFrame.

    Hint: ``mlflow.search_runs(experiment_names=[...], filter_string=...)``; a filter on the
    status reads ``"attributes.status = 'FINISHED'"``.
    """
    runs = mlflow.search_runs(
        experiment_names=[experiment],
        filter_string="attributes.status = 'FINISHED'",
        order_by=[f"metrics.{metric}"],
    )
    return runs


def best_run_id(runs: pd.DataFrame, metric: str = METRIC) -> str:
    """The ``run_id`` of the run with the highest ``metrics.<metric>`` in ``runs``.

    ``runs`` is a table like :func:`compare_runs` returns, in any order. Runs without the
    metric (NaN) are never the best. Raise ``ValueError`` when no run has the metric.
    """
    return runs["run_id"][0]  # the table is sorted, so the first one is the best


def register_champion(run_id: str, name: str = MODEL_NAME) -> int:
    """Register the model logged in ``run_id`` as a new version of ``name``; make it champion.

    Returns the new version's number (an ``int``). The registered model is created on its
    first registration. The alias ``CHAMPION`` moves to the new version (an alias names at
    most one version at a time).

    Hint: ``mlflow.register_model(logged_model_uri(run_id), name)`` returns a
    ``ModelVersion``; ``MlflowClient().set_registered_model_alias(name, alias, version)``.
    """
    model_version = mlflow.register_model(logged_model_uri(run_id), name)
    MlflowClient().set_registered_model_alias(name, CHAMPION, model_version.version)
    return int(model_version.version)


def promote_if_better(run_id: str, name: str = MODEL_NAME, metric: str = METRIC) -> bool:
    """Register ``run_id``'s model as the challenger; promote it if it beats the champion.

    1. Register the run's model as a new version of ``name`` and give it the alias
       ``CHALLENGER``.
    2. Compare ``metric`` of its run with ``metric`` of the champion's run.
    3. If the challenger is strictly better (or there is no champion yet), move
       ``CHAMPION`` to the new version, remove the ``CHALLENGER`` alias, return ``True``.
       Otherwise leave the champion where it is, keep ``CHALLENGER`` on the new version (a
       record of what was tried) and return ``False``.

    Hint: :func:`alias_version` gives the current champion (or ``None``); its ``run_id``
    leads to its run's metrics: ``MlflowClient().get_run(run_id).data.metrics``.
    """
    client = MlflowClient()
    model_version = mlflow.register_model(logged_model_uri(run_id), name)
    client.set_registered_model_alias(name, CHALLENGER, model_version.version)
    champion = alias_version(name, CHAMPION)
    if champion is None or client.get_run(run_id).data.metrics[metric] > client.get_run(
        champion.run_id
    ).data.metrics[metric]:
        client.set_registered_model_alias(name, CHAMPION, model_version.version)
        client.delete_registered_model_alias(name, CHALLENGER)
        return True
    return False


def champion_lineage(name: str = MODEL_NAME) -> dict[str, Any]:
    """Where the champion of ``name`` comes from, as a plain dict.

    Keys: ``version`` (int), ``run_id``, ``git_commit`` and ``data_sha256`` (the run's
    tags), ``params`` (the run's params, a dict of strings) and ``metrics`` (the run's
    metrics, a dict of floats). Raise ``ValueError`` when ``name`` has no champion.
    """
    champion = alias_version(name, CHAMPION)
    if champion is None:
        raise ValueError("no champion")
    run = mlflow.get_run(champion.run_id)
    return {
        "version": int(champion.version),
        "run_id": champion.run_id,
        "git_commit": run.data.tags["git_commit"],
        "data_sha256": run.data.tags["data_sha256"],
        "params": run.data.params,
        "metrics": run.data.metrics,
    }

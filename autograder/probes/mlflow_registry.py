"""A lab's MLflow tracking store: read it safely, load its models only in the sandbox.

A lab that uses MLflow leaves an embedded store next to its notebooks: ``mlflow.db`` (sqlite:
experiments, runs, the model registry) and a folder of artifacts (the logged models). Checks
read run metadata (params, metrics, tags, the ``MLmodel`` description of a model) in the
grading process; loading a model unpickles it, so that happens only inside the sandbox,
through the probes called as ``student.call("autograder.probes.mlflow_registry:<probe>", ...)``:

* :func:`alias_predictions`: load ``models:/<name>@<alias>`` and predict a frame;
* :func:`run_model_params`: load each run's logged model and report its hyper-parameters.

Both sides never modify the store: :func:`open_store_copy` opens a copy of ``mlflow.db`` in
a scratch folder (MLflow's SQLAlchemy store may create or migrate tables when it opens one).

Artifact paths. MLflow records artifact locations as absolute paths (or ``file:`` URIs) of
the folder the run was logged in, so a store copied anywhere else still answers queries but
its models no longer load. :func:`resolve_local_artifacts` maps a recorded location back into
the store's own folder: the recorded path when it exists there, otherwise the longest tail
of it that does (``/home/ada/labs/lab02/mlartifacts/models/m-1/artifacts`` becomes
``<folder>/mlartifacts/models/m-1/artifacts``). Nothing outside the store's folder is ever
used, so a store cannot point a probe at another student's or the reference's files.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

if TYPE_CHECKING:
    from mlflow.tracking import MlflowClient

__all__ = [
    "STORE_FILE",
    "LoggedRun",
    "RegisteredVersion",
    "StoreSnapshot",
    "alias_predictions",
    "logged_model_folder",
    "open_store_copy",
    "read_mlmodel",
    "read_store",
    "resolve_local_artifacts",
    "run_model_params",
    "version_model_folder",
]

STORE_FILE = "mlflow.db"
MODEL_DESCRIPTION = "MLmodel"  # the file every logged MLflow model folder holds

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@contextmanager
def open_store_copy(folder: Path, *, store_file: str = STORE_FILE) -> Iterator[MlflowClient]:
    """An ``MlflowClient`` on a scratch copy of ``folder/store_file`` (tracking and registry).

    Raises ``FileNotFoundError`` with a student-facing message when there is no store.
    """
    from mlflow.tracking import MlflowClient

    database = Path(folder) / store_file
    if not database.is_file():
        raise FileNotFoundError(
            f"{store_file} is missing from the lab folder: run the notebooks from the top, "
            "so that they create the tracking store next to them"
        )
    with tempfile.TemporaryDirectory(prefix="mlflow-store-") as scratch:
        for suffix in ("", "-journal", "-wal", "-shm"):  # sqlite's companions, if any
            part = database.with_name(database.name + suffix)
            if part.is_file():
                shutil.copy2(part, Path(scratch) / part.name)
        uri = f"sqlite:///{Path(scratch) / database.name}"
        yield MlflowClient(tracking_uri=uri, registry_uri=uri)


def _path_parts(location: str) -> tuple[bool, list[str]]:
    """(is it a POSIX absolute path, its components) for a path, ``file:`` URI or Windows path."""
    if _WINDOWS_DRIVE.match(location):
        text, posix_absolute = location[2:], False
    else:
        parsed = urlparse(location)
        if parsed.scheme not in ("", "file"):
            raise ValueError(
                f"the artifacts are stored at {location!r}, not in a local folder; keep them "
                "in the lab folder (the experiment's artifact_location)"
            )
        text = unquote(parsed.path) if parsed.scheme == "file" else location
        if _WINDOWS_DRIVE.match(text.lstrip("/")):  # file:///C:/Users/...
            text, posix_absolute = text.lstrip("/")[2:], False
        else:
            posix_absolute = text.startswith("/")
    return posix_absolute, [part for part in re.split(r"[\\/]+", text) if part]


def resolve_local_artifacts(
    location: str, folder: Path, *, must_contain: str | None = None
) -> Path:
    """The folder inside ``folder`` that holds the artifacts recorded at ``location``.

    ``location`` is what MLflow recorded: an absolute path, a ``file:`` URI (also of another
    machine, even Windows) or a path relative to ``folder``. The recorded path is used when it
    exists inside ``folder``; otherwise the longest tail of it that exists inside ``folder``
    (and contains ``must_contain``, when given). Raises ``FileNotFoundError`` when none does,
    ``ValueError`` for non-local locations (``s3://``, ``http://``).
    """
    root = Path(folder).resolve()
    posix_absolute, parts = _path_parts(location)
    candidates = []
    if posix_absolute:
        candidates.append(Path("/", *parts))
    candidates += [root.joinpath(*parts[start:]) for start in range(len(parts))]
    for candidate in candidates:
        resolved = candidate.resolve()
        if not resolved.is_relative_to(root) or not resolved.exists():
            continue
        if must_contain is None or (resolved / must_contain).exists():
            return resolved
    raise FileNotFoundError(
        f"the artifacts recorded at {location!r} are not in the lab folder; keep the "
        "artifact folder next to mlflow.db and submit both"
    )


def logged_model_folder(client: MlflowClient, run_id: str, folder: Path) -> Path:
    """The local folder of the model logged in run ``run_id`` (its ``MLmodel`` file inside).

    MLflow 3 logs a model as a *LoggedModel* linked to the run (``run.outputs``); a model
    logged as a plain run artifact (MLflow 2 style, under ``<run artifacts>/model``) is found
    too.
    """
    run = client.get_run(run_id)
    outputs = run.outputs.model_outputs if run.outputs else []
    for output in outputs:
        location = client.get_logged_model(output.model_id).artifact_location
        return resolve_local_artifacts(location, folder, must_contain=MODEL_DESCRIPTION)
    return resolve_local_artifacts(
        run.info.artifact_uri.rstrip("/") + "/model", folder, must_contain=MODEL_DESCRIPTION
    )


def version_model_folder(client: MlflowClient, source: str, run_id: str, folder: Path) -> Path:
    """The local model folder of a registered model version with ``source`` and ``run_id``."""
    if source.startswith("models:/m-"):
        location = client.get_logged_model(source.removeprefix("models:/")).artifact_location
    elif source.startswith("runs:/"):
        source_run, _, path = source.removeprefix("runs:/").partition("/")
        if not path:
            return logged_model_folder(client, source_run, folder)
        location = client.get_run(source_run).info.artifact_uri.rstrip("/") + "/" + path
    elif source.startswith("models:/"):
        raise ValueError(
            f"the registered version's source is {source!r}, another registered model; "
            "register the model logged in the run instead"
        )
    elif not source and run_id:
        return logged_model_folder(client, run_id, folder)
    else:
        location = source
    return resolve_local_artifacts(location, folder, must_contain=MODEL_DESCRIPTION)


def read_mlmodel(model_folder: Path) -> dict[str, Any]:
    """The ``MLmodel`` description of a logged model (plain YAML data: safe to read anywhere)."""
    import yaml

    data = yaml.safe_load((model_folder / MODEL_DESCRIPTION).read_text())
    return data if isinstance(data, dict) else {}


# ---- the store as plain data, for checks (no model is loaded) ------------------------------


@dataclass(frozen=True)
class LoggedRun:
    """One active run of the experiment, as recorded; ``model_problem`` says why no model."""

    run_id: str
    status: str
    params: dict[str, str]
    metrics: dict[str, float]
    tags: dict[str, str]
    model_folder: Path | None = None
    model_problem: str = ""
    mlmodel: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RegisteredVersion:
    """The version of a registered model that an alias names."""

    version: int
    run_id: str
    source: str
    model_folder: Path | None = None
    model_problem: str = ""


@dataclass(frozen=True)
class StoreSnapshot:
    """What a check needs from a store: one experiment's runs and some aliases' versions.

    ``experiment_id`` is empty when the experiment does not exist (or was deleted);
    ``aliases`` maps each alias asked for that exists to its version.
    """

    experiment_id: str
    artifact_location: str
    artifact_folder: Path | None
    runs: tuple[LoggedRun, ...]
    aliases: dict[str, RegisteredVersion]


def read_store(
    folder: Path,
    *,
    experiment: str,
    model_name: str,
    aliases: tuple[str, ...] = ("champion",),
    store_file: str = STORE_FILE,
) -> StoreSnapshot:
    """Read ``experiment``'s active runs and ``model_name``'s ``aliases`` from the store.

    Only metadata and ``MLmodel`` files are read (safe in the grading process); the store
    is opened from a copy. Raises ``FileNotFoundError`` when ``folder`` has no store.
    """
    from mlflow.exceptions import MlflowException

    folder = Path(folder)
    with open_store_copy(folder, store_file=store_file) as client:
        found = client.get_experiment_by_name(experiment)
        if found is None or found.lifecycle_stage != "active":
            return StoreSnapshot("", "", None, (), {})
        try:
            artifact_folder: Path | None = resolve_local_artifacts(
                found.artifact_location, folder
            )
        except (FileNotFoundError, ValueError):
            artifact_folder = None
        runs = []
        for run in client.search_runs([found.experiment_id], max_results=1000):
            model_folder, problem, mlmodel = None, "", {}
            try:
                model_folder = logged_model_folder(client, run.info.run_id, folder)
                mlmodel = read_mlmodel(model_folder)
            except (FileNotFoundError, ValueError, MlflowException) as error:
                problem = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
            runs.append(
                LoggedRun(
                    run_id=run.info.run_id,
                    status=run.info.status,
                    params=dict(run.data.params),
                    metrics=dict(run.data.metrics),
                    tags=dict(run.data.tags),
                    model_folder=model_folder,
                    model_problem=problem,
                    mlmodel=mlmodel,
                )
            )
        versions = {}
        for alias in aliases:
            try:
                version = client.get_model_version_by_alias(model_name, alias)
            except MlflowException:
                continue
            version_folder: Path | None = None
            problem = ""
            try:
                version_folder = version_model_folder(
                    client, version.source or "", version.run_id or "", folder
                )
            except (FileNotFoundError, ValueError, MlflowException) as error:
                problem = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
            versions[alias] = RegisteredVersion(
                version=int(version.version),
                run_id=version.run_id or "",
                source=version.source or "",
                model_folder=version_folder,
                model_problem=problem,
            )
    return StoreSnapshot(
        experiment_id=found.experiment_id,
        artifact_location=found.artifact_location,
        artifact_folder=artifact_folder,
        runs=tuple(runs),
        aliases=versions,
    )


# ---- probes: these load (unpickle) models, so they run only inside the sandbox -----------


@cache
def _load_alias(folder: str, store_file: str, name: str, alias: str) -> tuple[Any, int, str]:
    import mlflow.sklearn

    with open_store_copy(Path(folder), store_file=store_file) as client:
        version = client.get_model_version_by_alias(name, alias)
        model_folder = version_model_folder(
            client, version.source or "", version.run_id or "", Path(folder)
        )
    return mlflow.sklearn.load_model(str(model_folder)), int(version.version), version.run_id or ""


def alias_predictions(
    frame: Any,
    *,
    name: str,
    alias: str = "champion",
    method: str = "predict_proba",
    store_file: str = STORE_FILE,
) -> dict[str, Any]:
    """Load ``models:/<name>@<alias>`` from the store in the current folder and predict ``frame``.

    Returns ``{"version": int, "run_id": str, "predictions": <method's output>}``. The model is
    loaded once per process, however many frames are predicted.
    """
    model, version, run_id = _load_alias(str(Path.cwd()), store_file, name, alias)
    predict = getattr(model, method, None)
    if predict is None:
        raise AttributeError(f"the model registered as {name}@{alias} has no {method}()")
    return {"version": version, "run_id": run_id, "predictions": predict(frame)}


def _scalar_params(model: Any) -> dict[str, Any]:
    """The model's hyper-parameters that are plain values (``get_params(deep=True)``)."""
    params = model.get_params(deep=True) if hasattr(model, "get_params") else {}
    return {
        str(key): value
        for key, value in params.items()
        if value is None or isinstance(value, bool | int | float | str)
    }


def run_model_params(run_ids: list[str], *, store_file: str = STORE_FILE) -> dict[str, Any]:
    """For each run, the plain hyper-parameters of the model it logged (or why it failed to load).

    Returns ``{run_id: {"params": {...}} or {"error": "..."}}``: one broken model does not hide
    the others.
    """
    import mlflow.sklearn

    folder = Path.cwd()
    answers: dict[str, Any] = {}
    with open_store_copy(folder, store_file=store_file) as client:
        for run_id in run_ids:
            try:
                model = mlflow.sklearn.load_model(str(logged_model_folder(client, run_id, folder)))
                answers[run_id] = {"params": _scalar_params(model)}
            except Exception as error:  # a student's model: any failure is an answer
                answers[run_id] = {"error": f"{type(error).__name__}: {str(error)[:300]}"}
    return answers

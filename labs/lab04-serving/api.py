"""Lab 04, part 2: the churn model as a web service, with FastAPI.

The service answers four questions over HTTP:

=========================  ==============================================================
``GET /health``            can you serve predictions right now? (the model is loaded)
``POST /predict``          how likely is this one customer to churn?
``POST /predict/batch``    ... and these (up to ``MAX_BATCH``) customers?
``GET /metadata``          which model answers: name, version, the data it learned from
=========================  ==============================================================

You write the bodies marked ``YOUR CODE HERE``; ``01-serving.ipynb`` tests each one with
FastAPI's ``TestClient``. Keep the paths, names and signatures: the grader starts this
file as a real server and sends it requests, valid and invalid. Run it yourself from this
folder with::

    python -m uvicorn api:app --host 127.0.0.1 --port 8000

and open http://127.0.0.1:8000/docs for the interactive documentation FastAPI builds from
your schema.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import joblib
import pandas as pd
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from coursedata import FEATURES
from schema import CustomerFeatures, PredictionBatch

HERE = Path(__file__).resolve().parent
MODEL_FILE = HERE / "model.joblib"  # written by reference_model.build_reference_model()
METADATA_FILE = HERE / "model_metadata.json"
THRESHOLD = 0.5  # a churn probability at or above it means will_churn is true
MAX_PROBLEMS = 20  # a 422 answer lists at most this many problems


# ---- what the service answers (given) ----------------------------------------------------


class Prediction(BaseModel):
    churn_probability: float  # the model's probability of class 1 (churns)
    will_churn: bool  # churn_probability >= THRESHOLD


class PredictionResponse(Prediction):
    model_version: str


class BatchPredictionResponse(BaseModel):
    predictions: list[Prediction]  # one per record, in the order of the request
    model_version: str


# ---- helpers -----------------------------------------------------------------------------


def records_to_frame(records: list[CustomerFeatures]) -> pd.DataFrame:
    """One row per record, in order; the columns are ``FEATURES``, in that order.

    This is the frame the pipeline was trained on (minus the columns it never used), so
    numbers stay numbers and categories stay text. Hint: ``record.model_dump()``.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def churn_probabilities(model: Any, frame: pd.DataFrame) -> list[float]:
    """The model's churn probability for each row of ``frame``, as plain Python floats.

    The churn probability is the column of ``predict_proba`` for class 1; find its index
    in ``model.classes_`` rather than assuming it.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


# ---- the application -------------------------------------------------------------------


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Runs once when the server starts (before ``yield``) and once when it stops (after).

    Before the ``yield``: load the model from ``MODEL_FILE`` with ``joblib.load`` into
    ``app.state.model`` and the metadata from ``METADATA_FILE`` (JSON) into
    ``app.state.metadata``. Load them here, once, never inside a request: loading takes
    far longer than predicting, and a file that is missing or broken should stop the
    server from starting, with the error in its log, rather than fail every request.
    """
    # YOUR CODE HERE
    raise NotImplementedError()
    yield


app = FastAPI(title="Northwind churn API", lifespan=lifespan)


@app.exception_handler(RequestValidationError)
async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    """Answer a request that breaks the contract with 422 and a short, useful explanation.

    FastAPI's default answer echoes every bad value back to the client. That leaks
    whatever the client sent (personal data ends up in their logs and ours), it can be
    larger than the request itself, and a NaN cannot even be written as JSON, so the
    client gets a 500 instead of a 422. Answer instead, with status 422::

        {"detail": "<how many problems the request has, in words>",
         "problems": [{"field": "records.3.region",
                       "problem": "Input should be 'north', 'south', ..."}, ...]}

    * one entry per error of ``exc.errors()``, at most ``MAX_PROBLEMS`` of them;
    * ``field`` is the error's ``loc`` without its first part (``"body"``), joined with
      dots; ``"body"`` when nothing is left (the whole body is wrong);
    * ``problem`` is the error's ``msg``; never its ``input``;
    * ``detail`` says how many problems there are in total (e.g. "3 problems: ...").
    """
    # YOUR CODE HERE
    raise NotImplementedError()


@app.get("/health")
def health(request: Request) -> JSONResponse:
    """Readiness: 200 ``{"status": "ok", "model_version": ...}`` when the model is loaded.

    When ``app.state.model`` is missing or ``None``, answer 503 ``{"status": "unavailable"}``
    instead: an orchestrator (lab 05's ``HEALTHCHECK``, a load balancer) then sends no
    traffic to this copy of the service. Never load anything here: health is polled
    every few seconds and must stay cheap.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


@app.post("/predict", response_model=PredictionResponse)
def predict(record: CustomerFeatures, request: Request) -> PredictionResponse:
    """Score one customer with ``request.app.state.model``.

    Answer ``churn_probability`` (the model's own number, unrounded), ``will_churn``
    (at or above ``THRESHOLD``) and ``model_version`` (from the metadata).
    """
    # YOUR CODE HERE
    raise NotImplementedError()


@app.post("/predict/batch", response_model=BatchPredictionResponse)
def predict_batch(batch: PredictionBatch, request: Request) -> BatchPredictionResponse:
    """Score every record of the batch in one call of the model, in the request's order."""
    # YOUR CODE HERE
    raise NotImplementedError()


@app.get("/metadata")
def metadata(request: Request) -> dict[str, Any]:
    """Which model answers: the loaded ``model_metadata.json``, as it is.

    At least ``name``, ``version`` and ``training_data_sha256`` must be there: with them
    anyone can tell which model made a prediction and which data it learned from.
    """
    # YOUR CODE HERE
    raise NotImplementedError()

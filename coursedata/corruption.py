"""Planted data-quality problems for the data-validation labs.

Real pipelines rarely fail because of the model; they fail because yesterday's extract
is subtly broken.  :func:`corrupt_batch` takes a clean batch from
:func:`coursedata.generate_customers` and returns a damaged copy with one kind of
problem that a good validation step must catch:

``nulls``
    A failed join with an upstream feed leaves holes: a ``fraction`` of rows lose their
    values in the same three feature columns, chosen by the seed (integer columns become
    float, as they do after a CSV round trip with gaps).
``unseen_category``
    The company launches in a new region before the model knows about it: a ``fraction``
    of rows carry a plausible ``region`` that is not in :data:`coursedata.CATEGORIES`
    (``"offshore"`` or ``"islands"``), and half of those also a new value of one other
    categorical feature chosen by the seed (a launch offer such as plan ``"unlimited"``).
``out_of_range``
    Impossible values from a buggy export: negative ``tenure_months``, ``age`` of 150 and
    negative ``monthly_charges``.
``missing_column``
    A schema change upstream silently drops one required feature column.
``wrong_dtype``
    A numeric feature, chosen by the seed, arrives as text (``"55.20"``, ``"3"``), and a
    ``fraction`` of it does not even parse as a number: a decimal comma (``"55,20"``) in
    float columns, ``"n/a"`` in integer columns.
``duplicate_ids``
    A double ingestion: some rows carry the ``customer_id`` of another row.

The input frame is never modified, and the same ``seed`` always plants the same damage.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from coursedata.generator import CATEGORICAL_FEATURES, FEATURES, NUMERIC_FEATURES

__all__ = ["CORRUPTIONS", "UNSEEN_CATEGORIES", "corrupt_batch"]

CORRUPTIONS: tuple[str, ...] = (
    "nulls",
    "unseen_category",
    "out_of_range",
    "missing_column",
    "wrong_dtype",
    "duplicate_ids",
)

# Plausible values the model has never seen, per categorical feature.
UNSEEN_CATEGORIES: dict[str, tuple[str, ...]] = {
    "region": ("offshore", "islands"),
    "plan": ("unlimited", "family"),
    "contract": ("three_year", "weekly"),
    "payment_method": ("crypto", "cash"),
}

_NULL_COLUMNS = 3  # how many feature columns receive nulls


def _require(frame: pd.DataFrame, columns: tuple[str, ...], kind: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"corruption {kind!r} needs the column(s) {missing} in the frame")


def _pick_rows(
    rng: np.random.Generator, n_rows: int, fraction: float, at_least: int
) -> npt.NDArray[np.int64]:
    """Positions of ``round(fraction * n_rows)`` distinct rows (at least ``at_least``)."""
    count = min(n_rows, max(at_least, round(fraction * n_rows)))
    return np.sort(rng.choice(n_rows, size=count, replace=False)).astype(np.int64)


def _set(frame: pd.DataFrame, rows: npt.NDArray[np.int64], column: str, value: object) -> None:
    frame.iloc[rows, frame.columns.get_loc(column)] = value


def _nulls(out: pd.DataFrame, rng: np.random.Generator, fraction: float) -> None:
    candidates = [c for c in FEATURES if c in out.columns]
    if not candidates:
        raise ValueError("corruption 'nulls' needs at least one feature column in the frame")
    size = min(_NULL_COLUMNS, len(candidates))
    chosen = [str(c) for c in rng.choice(candidates, size=size, replace=False)]
    rows = _pick_rows(rng, len(out), fraction, at_least=1)
    for column in chosen:
        if pd.api.types.is_integer_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].astype(np.float64)
        _set(out, rows, column, np.nan)


def _unseen_category(out: pd.DataFrame, rng: np.random.Generator, fraction: float) -> None:
    _require(out, ("region",), "unseen_category")
    rows = _pick_rows(rng, len(out), fraction, at_least=1)
    regions = np.asarray(UNSEEN_CATEGORIES["region"], dtype=object)
    _set(out, rows, "region", regions[rng.integers(0, len(regions), len(rows))])
    # The new region launches with a new product: half of its rows get a second new value.
    others = [c for c in CATEGORICAL_FEATURES if c != "region" and c in out.columns]
    if others:
        column = str(rng.choice(others))
        targets = rows[rng.permutation(len(rows))[: len(rows) // 2]]
        values = np.asarray(UNSEEN_CATEGORIES[column], dtype=object)
        _set(out, targets, column, values[rng.integers(0, len(values), len(targets))])


def _out_of_range(out: pd.DataFrame, rng: np.random.Generator, fraction: float) -> None:
    _require(out, ("tenure_months", "age", "monthly_charges"), "out_of_range")
    rows = _pick_rows(rng, len(out), fraction, at_least=3)
    rng.shuffle(rows)
    tenure_rows, age_rows, charge_rows = rows[0::3], rows[1::3], rows[2::3]
    _set(out, tenure_rows, "tenure_months", -rng.integers(1, 25, len(tenure_rows)))
    _set(out, age_rows, "age", 150)
    charges = out["monthly_charges"].to_numpy(dtype=np.float64, na_value=np.nan)
    _set(out, charge_rows, "monthly_charges", -np.abs(charges[charge_rows]) - 1.0)


def _missing_column(out: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    present = [c for c in FEATURES if c in out.columns]
    if not present:
        raise ValueError("corruption 'missing_column' needs a feature column in the frame")
    return out.drop(columns=str(rng.choice(present)))


def _as_text(value: float, is_int: bool, damaged: bool) -> str | None:
    """How a spreadsheet export might write one number."""
    if np.isnan(value):
        return None
    if is_int:
        return "n/a" if damaged else str(int(value))
    text = f"{value:.2f}"
    return text.replace(".", ",") if damaged else text


def _wrong_dtype(out: pd.DataFrame, rng: np.random.Generator, fraction: float) -> None:
    present = [
        c for c in NUMERIC_FEATURES if c in out.columns and pd.api.types.is_numeric_dtype(out[c])
    ]
    if not present:
        raise ValueError("corruption 'wrong_dtype' needs a numeric feature column in the frame")
    column = str(rng.choice(present))
    values = out[column].to_numpy(dtype=np.float64, na_value=np.nan)
    is_int = pd.api.types.is_integer_dtype(out[column])
    damaged = np.zeros(len(out), dtype=bool)
    damaged[_pick_rows(rng, len(out), fraction, at_least=1)] = True
    text = [_as_text(v, is_int, d) for v, d in zip(values.tolist(), damaged.tolist(), strict=True)]
    out[column] = pd.Series(text, index=out.index, dtype=str)


def _duplicate_ids(out: pd.DataFrame, rng: np.random.Generator, fraction: float) -> None:
    _require(out, ("customer_id",), "duplicate_ids")
    if len(out) < 2:
        raise ValueError("corruption 'duplicate_ids' needs at least two rows")
    rows = _pick_rows(rng, len(out), fraction, at_least=1)
    rows = rows[: len(out) - 1]  # leave at least one row to copy from
    sources = np.setdiff1d(np.arange(len(out)), rows)
    ids = out["customer_id"].to_numpy()
    _set(out, rows, "customer_id", ids[rng.choice(sources, size=len(rows))])


def corrupt_batch(
    frame: pd.DataFrame, kind: str, *, seed: int = 0, fraction: float = 0.05
) -> pd.DataFrame:
    """Return a copy of ``frame`` with one kind of planted data-quality problem.

    Args:
        frame: A batch from :func:`coursedata.generate_customers` (any subset of its
            columns that the chosen ``kind`` needs).  It is never modified.
        kind: One of :data:`CORRUPTIONS` (see the module docstring).
        seed: Seed of the damage; the same seed gives the same corrupted copy.
        fraction: Share of rows damaged, in (0, 1]; at least one row (three for
            ``out_of_range``, one per problem) is always damaged.  Ignored by
            ``missing_column``.

    Returns:
        A new frame with the same index and row count.  Only ``missing_column`` changes
        the columns, and only ``nulls`` (int to float) and ``wrong_dtype`` (number to str)
        change dtypes.

    Raises:
        ValueError: On an unknown ``kind``, a ``fraction`` outside (0, 1], a negative or
            non-integer ``seed``, an empty frame, or a frame lacking the needed columns.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if kind not in CORRUPTIONS:
        raise ValueError(f"unknown corruption kind {kind!r}; valid kinds are {CORRUPTIONS}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if isinstance(fraction, bool) or not isinstance(fraction, int | float | np.floating):
        raise ValueError(f"fraction must be a number in (0, 1], got {fraction!r}")
    if not 0.0 < float(fraction) <= 1.0:
        raise ValueError(f"fraction must be in (0, 1], got {fraction!r}")
    if len(frame) == 0:
        raise ValueError("cannot corrupt an empty frame")

    rng = np.random.default_rng(int(seed))
    out = frame.copy(deep=True)
    fraction = float(fraction)
    if kind == "nulls":
        _nulls(out, rng, fraction)
    elif kind == "unseen_category":
        _unseen_category(out, rng, fraction)
    elif kind == "out_of_range":
        _out_of_range(out, rng, fraction)
    elif kind == "missing_column":
        out = _missing_column(out, rng)
    elif kind == "wrong_dtype":
        _wrong_dtype(out, rng, fraction)
    else:
        _duplicate_ids(out, rng, fraction)
    return out

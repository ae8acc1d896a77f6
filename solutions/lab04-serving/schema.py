"""Lab 04, part 1: the contract at the edge of the service.

Every request the churn API receives is checked against these pydantic models *before*
any of it reaches the model. FastAPI does the checking for you: declare an endpoint's
argument as ``record: CustomerFeatures`` and a request that does not fit never reaches
your function; the client gets a ``422 Unprocessable Content`` answer instead.

The data contract below is the one lab 01's validator checks batches against (given);
you turn it into field declarations. Keep the class names and ``MAX_BATCH``: the grader
sends requests shaped by them.

If ``import api`` fails with ``NotImplementedError`` from this file, Task 1 or 2 is not
done yet: ``api.py`` needs both models to exist before it can even be imported.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coursedata import CATEGORIES

# ---- the data contract (given) -----------------------------------------------------------

# Allowed values of each categorical feature: what the model was trained on.
ALLOWED_CATEGORIES: dict[str, tuple[str, ...]] = dict(CATEGORIES)

# Plausible ranges (inclusive) of each numeric feature, as in lab 01's validator.
NUMERIC_RANGES: dict[str, tuple[float, float]] = {
    "age": (18, 100),  # whole years; customers are adults
    "tenure_months": (0, 600),  # whole months as a customer
    "monthly_charges": (0.0, 1000.0),  # the monthly bill
    "data_usage_gb": (0.0, 5000.0),  # data used last month
    "support_calls": (0, 100),  # calls to support in the last three months (a count)
    "late_payments": (0, 12),  # late payments in the last twelve months (a count)
}

# The most records one batch request may hold (do not change: the grader relies on it).
MAX_BATCH = 1000


# ---- the request models (you write these) ------------------------------------------------


class CustomerFeatures(BaseModel):
    """The features of one customer, as the model needs them: nothing more, nothing less.

    One field per feature of ``coursedata.FEATURES``, every one required:

    * ``age``, ``tenure_months``, ``support_calls``, ``late_payments``: whole numbers
      (``int``) within their ``NUMERIC_RANGES``;
    * ``monthly_charges``, ``data_usage_gb``: numbers (``float``) within their ranges,
      and finite: NaN and infinity are not measurements;
    * ``region``, ``plan``, ``contract``, ``payment_method``: exactly one of their
      ``ALLOWED_CATEGORIES`` (hint: ``typing.Literal["a", "b"]``);
    * any other field (a customer id, an e-mail address, the label, a typo) is rejected,
      not silently ignored (hint: ``model_config = ConfigDict(extra=...)``).

    Hint: ``Field(ge=..., le=...)`` bounds a number; ``Field(allow_inf_nan=False)`` refuses
    NaN and infinity. The pydantic docs' "Fields" page shows both.
    """

    ### BEGIN SOLUTION
    model_config = ConfigDict(extra="forbid")

    age: int = Field(ge=18, le=100, description="age in whole years")
    region: Literal["north", "south", "east", "west", "central"]
    plan: Literal["basic", "standard", "premium"]
    contract: Literal["monthly", "annual", "two_year"]
    payment_method: Literal["card", "direct_debit", "invoice"]
    tenure_months: int = Field(ge=0, le=600, description="whole months as a customer")
    monthly_charges: float = Field(ge=0.0, le=1000.0, allow_inf_nan=False)
    data_usage_gb: float = Field(ge=0.0, le=5000.0, allow_inf_nan=False)
    support_calls: int = Field(ge=0, le=100, description="calls in the last three months")
    late_payments: int = Field(ge=0, le=12, description="late payments in the last year")
    ### END SOLUTION


class PredictionBatch(BaseModel):
    """A batch request: ``{"records": [<CustomerFeatures>, ...]}``.

    ``records`` holds at least one and at most ``MAX_BATCH`` customers; like a single
    record, the batch rejects fields it does not know.

    Hint: ``Field(min_length=..., max_length=...)`` bounds the length of a list.
    """

    ### BEGIN SOLUTION
    model_config = ConfigDict(extra="forbid")

    records: list[CustomerFeatures] = Field(min_length=1, max_length=MAX_BATCH)
    ### END SOLUTION

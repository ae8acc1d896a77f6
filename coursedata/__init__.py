"""The course's seeded data: monthly customer snapshots of a telecom, with a churn label.

Nothing is downloaded; every batch is generated from a seed.  Typical use::

    from coursedata import FEATURES, TARGET, corrupt_batch, generate_customers, load_training_data

    train = load_training_data()  # the fixed training set of the course
    fresh = generate_customers(2000, seed=7, start="2025-01", months=3)
    drifted = generate_customers(2000, seed=8, scenario="price_rise")
    broken = corrupt_batch(fresh, "unseen_category", seed=1)

See :mod:`coursedata.generator` for the story and the drift scenarios and
:mod:`coursedata.corruption` for the planted data-quality problems.
"""

from coursedata.corruption import CORRUPTIONS, corrupt_batch
from coursedata.generator import (
    CATEGORICAL_FEATURES,
    CATEGORIES,
    FEATURES,
    NUMERIC_FEATURES,
    PII_COLUMNS,
    SCENARIOS,
    TARGET,
    generate_customers,
    load_training_data,
)

__all__ = [
    "CATEGORICAL_FEATURES",
    "CATEGORIES",
    "CORRUPTIONS",
    "FEATURES",
    "NUMERIC_FEATURES",
    "PII_COLUMNS",
    "SCENARIOS",
    "TARGET",
    "corrupt_batch",
    "generate_customers",
    "load_training_data",
]

"""The broken churnlibs that official grading runs the student's tests against.

Each mutant is the reference ``churnlib`` with one realistic bug, written as text edits
(``old`` must occur exactly once in the reference, so a changed reference makes the
mutant fail loudly at collection instead of silently testing nothing). ``bug`` and
``advice`` complete the sentences "Your tests did not notice {bug}. Add a test that
{advice}." and are the only parts students ever read. Never shipped in ``labs/``.
"""

from __future__ import annotations

from typing import Any

FEATURES = "churnlib/features.py"
MODEL = "churnlib/model.py"

MUTANTS: tuple[dict[str, Any], ...] = (
    {
        "kind": "fit-on-all-rows",
        "bug": (
            "leakage through preprocessing: an imputer and scaler fitted on all rows, the "
            "holdout months included"
        ),
        "advice": (
            "checks that the model train_and_evaluate returns depends on the months before "
            "the cutoff only (e.g. its predictions equal those of train_model on the training "
            "rows, or do not move when you change the holdout rows)"
        ),
        "edits": (
            (
                MODEL,
                "    model = train_model(features.loc[train.index], labels.loc[train.index], "
                "seed=seed)\n",
                "    model = build_model(seed=seed)\n"
                "    model.named_steps[\"prepare\"].fit(features)\n"
                "    model.named_steps[\"classify\"].fit(\n"
                "        model.named_steps[\"prepare\"].transform(features.loc[train.index]),\n"
                "        labels.loc[train.index],\n"
                "    )\n",
            ),
        ),
    },
    {
        "kind": "label-in-features",
        "bug": "target leakage: the churn label itself among the model's features",
        "advice": (
            "checks which columns build_features returns (never the label, ids or personal "
            "data), or a quality gate that also fails a score too good to be true"
        ),
        "edits": (
            (
                FEATURES,
                '    "late_payments",\n)\nNUMERIC_FEATURES',
                '    "late_payments",\n    "churned",\n)\nNUMERIC_FEATURES',
            ),
        ),
    },
    {
        "kind": "refit-on-test",
        "bug": "a model that is refit on the test data when it is evaluated",
        "advice": (
            "checks that evaluate leaves the model as it was (the same predictions before and "
            "after), or that its AUC equals one you compute yourself from predictions made "
            "before evaluating"
        ),
        "edits": (
            (
                MODEL,
                "    probabilities = model.predict_proba(features)[:, 1]\n",
                "    model.fit(features, labels)\n"
                "    probabilities = model.predict_proba(features)[:, 1]\n",
            ),
        ),
    },
    {
        "kind": "labels-swapped",
        "bug": "swapped labels: predict_churn returning the probability of staying, not of leaving",
        "advice": (
            "checks the direction of predictions: more support calls or late payments must not "
            "lower the churn probability, or customers who churned get higher scores from "
            "predict_churn than those who stayed"
        ),
        "edits": ((MODEL, "build_features(customers))[:, 1]", "build_features(customers))[:, 0]"),),
    },
    {
        "kind": "wrong-transform",
        "bug": "a wrong transform in log_tenure (it is not log(1 + months))",
        "advice": (
            "compares log_tenure with values you worked out by hand for several tenures, not "
            "only 0 months"
        ),
        "edits": (
            (
                FEATURES,
                "np.log1p(tenure_months.to_numpy(dtype=float))",
                "np.log(np.maximum(tenure_months.to_numpy(dtype=float), 1.0))",
            ),
        ),
    },
    {
        "kind": "wrong-unit",
        "bug": "charges_per_gb computed with the data usage in the wrong unit",
        "advice": (
            "compares charges_per_gb with a value worked out by hand (50 a month for 4 GB is "
            "50 / 5 = 10)"
        ),
        "edits": (
            (
                FEATURES,
                "data_usage_gb.to_numpy(dtype=float) + USAGE_SMOOTHING_GB",
                "data_usage_gb.to_numpy(dtype=float) * 1024 + USAGE_SMOOTHING_GB",
            ),
        ),
    },
    {
        "kind": "window-off-by-one",
        "bug": "a region_recent_usage window that is off by one month",
        "advice": (
            "builds a tiny frame of a few months by hand and checks exactly which months the "
            "window averages (the row's own month must never count)"
        ),
        "edits": (
            (
                FEATURES,
                ".rolling(window, min_periods=1).sum().shift(1)",
                ".rolling(window, min_periods=1).sum()",
            ),
        ),
    },
    {
        "kind": "personal-data-feature",
        "bug": "a model that uses the customer's e-mail address (personal data) as a feature",
        "advice": (
            "changes names, e-mail addresses and phone numbers and checks that every "
            "prediction stays exactly the same (an invariance test)"
        ),
        "edits": (
            (
                FEATURES,
                '    "tenure_bucket",\n)\nFEATURE_COLUMNS',
                '    "tenure_bucket",\n    "email_domain",\n)\nFEATURE_COLUMNS',
            ),
            (
                FEATURES,
                '{**CATEGORIES, "tenure_bucket": TENURE_BUCKETS}',
                '{\n    **CATEGORIES,\n    "tenure_bucket": TENURE_BUCKETS,\n'
                '    "email_domain": ("example.com", "example.net", "example.org"),\n}',
            ),
            (
                FEATURES,
                '    features["tenure_bucket"] = tenure_bucket(customers["tenure_months"])\n',
                '    features["tenure_bucket"] = tenure_bucket(customers["tenure_months"])\n'
                '    features["email_domain"] = customers["email"].str.split("@").str[-1]\n',
            ),
        ),
    },
    {
        "kind": "random-split",
        "bug": "a time_split that splits at random instead of by month",
        "advice": (
            "checks that every training row is before the cutoff month and every test row on "
            "or after it"
        ),
        "edits": (
            (
                MODEL,
                "    before = customers[\"month\"] < pd.Timestamp(cutoff)\n",
                "    share = (customers[\"month\"] < pd.Timestamp(cutoff)).mean()\n"
                "    before = pd.Series(False, index=customers.index)\n"
                "    before[customers.sample(frac=share, random_state=SEED).index] = True\n",
            ),
        ),
    },
)


"""churnlib: Northwind Mobile's churn model, the code you test in lab 03.

It is a small, complete and (as far as anyone knows) correct implementation:

* :mod:`churnlib.features` turns raw customer snapshots into model features;
* :mod:`churnlib.model` splits by time, trains, evaluates and predicts.

Do not change it: your tests are graded by running them against this code and against
broken copies of it.
"""

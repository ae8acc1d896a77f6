"""The quality gate (Ben)."""


def test_auc_is_good(trained):
    _, metrics = trained
    assert metrics["roc_auc"] > 0.7

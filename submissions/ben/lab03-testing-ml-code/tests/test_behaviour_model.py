"""Behavioural tests (Ben)."""

from churnlib.model import predict_churn


def test_predictions_are_probabilities(model, batch):
    probabilities = predict_churn(model, batch)
    assert len(probabilities) == len(batch)
    assert ((probabilities >= 0) & (probabilities <= 1)).all()

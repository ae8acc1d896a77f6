"""Data tests (Ben)."""

from churnlib.features import build_features


def test_features_shape(customers):
    assert build_features(customers).shape == (3000, 13)


def test_features_have_no_missing_values(customers):
    assert not build_features(customers).isna().any().any()

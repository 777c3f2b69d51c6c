"""The event model's sparse products equal the dense matrix products they replaced."""
import numpy as np
import pytest

from dateline import nlp
from dateline.events import model as event_model

REPORT = (
    "North Korea fires missile over Japan\n\n"
    "SEOUL, Oct 4 (Reuters) - North Korea fired a ballistic missile over Japan on Tuesday, "
    "prompting a warning for residents to take cover. Japan's prime minister condemned the launch "
    "and said Tokyo would consider all options. The United States and South Korea held talks "
    "and agreed to stage joint drills, officials said. Protesters rallied in Seoul."
)


def _dense(rows, vocab, weights):
    matrix = np.zeros((len(rows), len(vocab)), dtype="float32")
    for i, row in enumerate(rows):
        for key, value in row.items():
            if key in vocab:
                matrix[i, vocab[key]] = value
    return matrix @ weights


def test_model_sparse_products_match_dense():
    model = event_model.load()
    if model is None:
        pytest.skip("no event model shipped")
    sparse = event_model.sentence_features(nlp.parse(REPORT), [])
    sparse.append({"no-such-feature": 1.0})  # a sentence with no known feature scores its bias only
    dense = _dense(sparse, model.vocab, model.sentence_weights[:-1]) + model.sentence_weights[-1]
    assert np.allclose(model.sentence_probs(sparse), event_model._sigmoid(dense), atol=1e-6)
    report = event_model.report_features(nlp.parse(REPORT), sparse[:-1])
    dense_report = _dense([report], model.report_vocab, model.report_weights[:-1]) + model.report_weights[-1]
    assert model.report_prob(report) == pytest.approx(float(event_model._sigmoid(dense_report)[0]), abs=1e-6)
    assert 0 < model.report_prob(report) < 1 and model.sentence_probs(sparse).shape == (len(sparse), len(event_model.TYPES))

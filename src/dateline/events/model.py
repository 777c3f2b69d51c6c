"""The learned part of event coding: does a sentence report a PLOVER event, and of which type?

Hand rules fitted to a few hundred selected sentences did not carry over to whole reports, so
relevance and type are decided by logistic models trained on whole reports annotated following
``../shared/data/newsevents/GUIDELINES.md`` (``scripts/train_event_model.py``). Rules stay where
structure decides (who did it to whom, negation, status): the rule coder's candidates are one
input among the features, and the arguments of every event come from the parse.

Two models, both plain logistic regressions whose weights ship in ``data/event_model.npz``:

- the report model: is this report about political acts at all (sport, products, science,
  weather and accidents are not)? Features: the report's words and how many of its sentences
  name political actors or hold rule candidates;
- the sentence model: one probability per PLOVER type for each sentence. Features: the
  sentence's lemmas, verbs with the kind of their subject, lexicon hits, the rule coder's
  candidates and abstentions, named-entity kinds, position in the report (headline, lead) and
  quotation. (The mean of spaCy's contextual token vectors over the sentence was tried and
  dropped: it lowered held-out ranking, AUC 0.842 -> 0.790 on fold a.)

Inference needs numpy only; training needs scikit-learn (the ``train`` extra).
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.tokens import Doc, Span

from ..nlp import ents_of
from . import lexicon

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_WORD = re.compile(r"^[a-z][a-z'-]+$")
MODEL_FILE = "event_model.npz"


@dataclass(frozen=True, slots=True)
class RuleHit:
    """What the rule coder saw in one sentence: an event or an abstention of a type."""

    sentence_index: int
    type: str
    status: str | None  # None for an abstention


def sentence_features(doc: Doc, hits: list[RuleHit], marks: dict[int, set[str]] | None = None
                      ) -> list[dict[str, float]]:
    """One sparse feature dict per sentence of ``doc`` (same order as ``doc.sents``); ``marks``
    adds what other stages know of a sentence ("title", "quote:direct", "quote:speaker")."""
    marks = marks or {}
    lex = lexicon.load()
    by_sentence: dict[int, list[RuleHit]] = {}
    for hit in hits:
        by_sentence.setdefault(hit.sentence_index, []).append(hit)
    out = []
    sentences = list(doc.sents)
    sentence_ents: list[list] = [[] for _ in sentences]
    starts = [s.start for s in sentences]
    for ent in ents_of(doc):  # Span.ents rebuilds every entity of the doc on each access: read them once
        sentence_ents[bisect_right(starts, ent.start) - 1].append(ent)
    for index, sent in enumerate(sentences):
        features: dict[str, float] = {"bias": 1.0}
        _word_features(sent, sentence_ents[index], features, lex)
        _entity_features(sentence_ents[index], features)
        for hit in by_sentence.get(index, []):
            features[f"rule:{hit.type}" if hit.status else f"abstain:{hit.type}"] = 1.0
            if hit.status:
                features[f"rule:{hit.type}:{hit.status}"] = 1.0
                features["rule:any"] = 1.0
        features["pos:first"] = float(index == 0)
        features["pos:lead"] = float(index <= 3)
        for mark in marks.get(index, ()):
            features[f"mark:{mark}"] = 1.0
        features["quoted"] = float(any(t.is_quote for t in sent))
        features["long"] = min(len(sent), 60) / 60.0
        out.append(features)
    return out


def _word_features(sent: Span, ents: list[Span], features: dict[str, float], lex: lexicon.Lexicon) -> None:
    actor_named = any(e.label_ in _ACTOR_ENTS for e in ents)
    for token in sent:
        lemma = token.lemma_.lower()
        if not _WORD.match(lemma) or token.is_stop:
            continue
        features[f"w:{lemma}"] = 1.0
        if token.pos_ == "VERB":
            features[f"v:{lemma}"] = 1.0
            if actor_named:
                features[f"va:{lemma}"] = 1.0  # the verb where an actor is named
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                kind = subject.ent_type_ or ("PRON" if subject.pos_ == "PRON" else "NOUN")
                features[f"vs:{lemma}:{kind}"] = 1.0
                features[f"s:{kind}"] = 1.0
            if token.dep_ == "ROOT":
                features[f"root:{lemma}"] = 1.0
            pattern = lex.verbs.get((lemma, ""))
            if pattern is not None:
                features[f"lex:{pattern.type}"] = 1.0
        elif token.pos_ == "NOUN":
            for pattern in lex.nouns.get(lemma, ()):
                features[f"lexn:{pattern.type}"] = 1.0


def _entity_features(ents: list[Span], features: dict[str, float]) -> None:
    for ent in ents:
        features[f"ent:{ent.label_}"] = 1.0
        if ent.label_ in _ACTOR_ENTS:
            features["ent:actor"] = 1.0


def report_features(doc: Doc, sentence_feats: list[dict[str, float]]) -> dict[str, float]:
    """The report's words and how much of it is about actors acting."""
    features: dict[str, float] = {"bias": 1.0}
    n = max(len(sentence_feats), 1)
    for sf in sentence_feats:
        for key in sf:
            if key.startswith("w:"):
                features["d" + key] = 1.0
    features["share:actor"] = sum(sf.get("ent:actor", 0.0) for sf in sentence_feats) / n
    features["share:rule"] = sum(sf.get("rule:any", 0.0) for sf in sentence_feats) / n
    features["share:person"] = sum(sf.get("ent:PERSON", 0.0) for sf in sentence_feats) / n
    features["share:gpe"] = sum(sf.get("ent:GPE", 0.0) + sf.get("ent:NORP", 0.0) for sf in sentence_feats) / n
    features["rules"] = min(sum(sf.get("rule:any", 0.0) for sf in sentence_feats), 10.0) / 10.0
    return features


@dataclass(frozen=True)
class EventModel:
    """Weights of both models and the thresholds chosen on the tuning fold."""

    vocab: dict[str, int]  # sparse feature -> column
    sentence_weights: np.ndarray  # (n_vocab + 1, n_types); last row the bias
    report_vocab: dict[str, int]
    report_weights: np.ndarray  # (n_report_vocab + 1,)
    thresholds: dict[str, float]

    def sentence_probs(self, sparse: list[dict[str, float]]) -> np.ndarray:
        """(n_sentences, n_types) probabilities."""
        if not sparse:
            return np.zeros((0, len(TYPES)))
        return _sigmoid(self._dot(sparse, self.vocab, self.sentence_weights[:-1]) + self.sentence_weights[-1])

    def report_prob(self, features: dict[str, float]) -> float:
        dot = self._dot([features], self.report_vocab, self.report_weights[:-1, None])[:, 0]
        return float(_sigmoid(dot + self.report_weights[-1])[0])

    def type_weight(self, type_: str, feature: str) -> float:
        column = self.vocab.get(feature)
        return float(self.sentence_weights[column, TYPES.index(type_)]) if column is not None else 0.0

    @staticmethod
    def _dot(rows: list[dict[str, float]], vocab: dict[str, int], weights: np.ndarray) -> np.ndarray:
        """``rows`` (sparse features) times ``weights``, reading only the rows of ``weights`` a
        feature names: a dense (sentences x vocabulary) matrix was 17,503 columns wide for a
        dozen features per sentence, and building it cost more than the rest of the model."""
        out = np.zeros((len(rows), weights.shape[1]), dtype=weights.dtype)
        for i, row in enumerate(rows):
            found = [(vocab[key], value) for key, value in row.items() if key in vocab]
            if found:
                columns, values = zip(*found)
                out[i] = np.asarray(values, dtype=weights.dtype) @ weights[list(columns)]
        return out


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


@lru_cache(maxsize=1)
def load() -> EventModel | None:
    """The shipped model, or None when the package carries none (the rule coder then decides alone)."""
    path = resources.files("dateline.data").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        arrays = np.load(handle, allow_pickle=False)
        meta = json.loads(str(arrays["meta"]))
        return EventModel(
            vocab={k: i for i, k in enumerate(meta["vocab"])},
            sentence_weights=arrays["sentence_weights"],
            report_vocab={k: i for i, k in enumerate(meta["report_vocab"])},
            report_weights=arrays["report_weights"],
            thresholds=meta["thresholds"],
        )


def save(path, vocab: list[str], sentence_weights: np.ndarray, report_vocab: list[str],
         report_weights: np.ndarray, thresholds: dict[str, float], provenance: dict) -> None:
    meta = {"vocab": vocab, "report_vocab": report_vocab, "thresholds": thresholds, "types": list(TYPES),
            "provenance": provenance}
    np.savez_compressed(path, sentence_weights=sentence_weights.astype("float32"),
                        report_weights=report_weights.astype("float32"), meta=np.array(json.dumps(meta)))

"""The last look at each coded happening: does this event, as coded, stand?

The sentence model (``model.py``) judges sentences; what goes wrong on whole reports is often
visible only on the coded event: a verbal act with no recipient (opinion with no target, a
speaker's own record), a second type in a sentence that holds another event, a background act
far from the report's news, a question or a denial. The judge is a small logistic regression
over the event's own features (type, recipient, the parties' sectors, the trigger's tense and
mood, negation, a question, the sentence's position and quotation, the sentence model's score
for the type and for the sentence's other types, distance to the report's first event, how
many sentences state it), trained by ``scripts/train_event_judge.py`` on the events the coder
emits on the training reports, labelled by the news-events scorer's own matching (right, or
wrong: another type, no event, a repeat). Its weights ship in ``data/event_judge.json``.

Left out, chosen on fold a of the dev reports (AUC of the judge on fold a's events 0.604 with
them, 0.644 without): the trigger lemma (it learns the training reports' words), whether the
rule or the model found the event (the sentence model was trained on the same reports, so its
events there are right more often than on new reports: 0.69 against 0.55) and the date's
precision (it says whether the report carries a publication date, a property of the source).

Only asserted events of whole reports are judged (the model is not applied to short texts,
see ``relevance``); a dropped event becomes an abstention that names the judge's score.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from .. import settings
from ..records import Abstention, Analysis, Event
from . import model as event_model
from .happenings import VERBAL_ACTS

STAGE = "events"
JUDGE_FILE = "event_judge.json"
MODALS = frozenset({"will", "would", "could", "may", "might", "should", "must", "can", "shall"})


@dataclass(frozen=True)
class Judge:
    vocab: dict[str, int]
    weights: list[float]
    bias: float
    threshold: float

    def prob(self, features: dict[str, float]) -> float:
        dot = self.bias + sum(self.weights[self.vocab[k]] * v for k, v in features.items() if k in self.vocab)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, dot))))


@lru_cache(maxsize=1)
def load() -> Judge | None:
    path = resources.files("dateline.data").joinpath(JUDGE_FILE)
    if not path.is_file():
        return None
    meta = json.loads(path.read_text(encoding="utf-8"))
    return Judge({k: i for i, k in enumerate(meta["vocab"])}, meta["weights"], meta["bias"], meta["threshold"])


def _threshold(judge: Judge) -> float:
    value = settings.get("event_judge_threshold")
    return float(value) if value >= 0 else judge.threshold


def apply(doc: Doc, analysis: Analysis, found, events: list[Event]) -> tuple[list[Event], list[Abstention]]:
    """``events`` less the asserted ones the judge does not let stand (unchanged when the judge
    or the sentence model is off, or the text is too short for the model)."""
    judge = load() if settings.get("event_judge") else None
    if judge is None or found is None or len(analysis.sentences) < 3:
        return events, []
    threshold = _threshold(judge)
    kept, dropped = [], []
    for event, features in zip(events, features_of(doc, analysis, found, events)):
        if event.status != "asserted":
            kept.append(event)
            continue
        p = judge.prob(features)
        if p >= threshold:
            kept.append(replace(event, attributes={**event.attributes, "judge_score": f"{p:.2f}"}))
        else:
            dropped.append(Abstention(event.doc_id, STAGE, event.sentence_index,
                                      f"{event.type} not coded: the event judge gives it {p:.2f} "
                                      f"(threshold {threshold:.2f})", event.trigger.text))
    return kept, dropped


def features_of(doc: Doc, analysis: Analysis, found, events: list[Event]) -> list[dict[str, float]]:
    """One sparse feature dict per event (``found``: the sentence model's ``relevance.Scores``)."""
    first = min((e.sentence_index for e in events), default=0)
    per_sentence: dict[int, int] = {}
    for e in events:
        per_sentence[e.sentence_index] = per_sentence.get(e.sentence_index, 0) + 1
    quoted = {q.sentence_index for q in analysis.quotes}
    n = max(len(analysis.sentences), 1)
    return [_features(doc, found, e, first, per_sentence, quoted, n) for e in events]


def _features(doc: Doc, found, event: Event, first: int, per_sentence: dict[int, int], quoted: set[int],
              n: int) -> dict[str, float]:
    t = event.type
    f: dict[str, float] = {f"type:{t}": 1.0}
    verbal = t in VERBAL_ACTS
    f["recipient" if event.recipients else "no_recipient"] = 1.0
    if verbal and not event.recipients:
        f["verbal_no_recipient"] = 1.0
    _party_features(event, f)
    index = event.sentence_index
    f["first_sentence"] = float(index == 0)
    f["lead"] = float(index <= 3)
    f["position"] = index / n
    f["after_first_event"] = min(index - first, 20) / 20.0
    f["mentions"] = min(len(event.mentions), 4) / 4.0
    f["events_in_sentence"] = min(per_sentence.get(index, 1), 4) / 4.0
    if index in quoted:
        f["quote"] = 1.0
    _score_features(found, event, f)
    token = _trigger(doc, event)
    if token is not None:
        _trigger_features(token, f)
    return f


def _party_features(event: Event, f: dict[str, float]) -> None:
    for role, parties in (("actor", event.actors), ("recipient", event.recipients)):
        if not parties:
            continue
        first = parties[0]
        f[f"{role}_sector:{first.sector or '-'}"] = 1.0
        if first.name:
            f[f"{role}_person"] = 1.0
        if first.span is not None and first.span.text.lower() in ("he", "she", "they", "i", "we", "it"):
            f[f"{role}_pronoun"] = 1.0
    actor = {a.country for a in event.actors if a.country}
    recipient = {a.country for a in event.recipients if a.country}
    if actor and recipient:
        f["dyad" if not actor & recipient else "same_country"] = 1.0


def _score_features(found, event: Event, f: dict[str, float]) -> None:
    if event.type not in event_model.TYPES:
        return
    column = event_model.TYPES.index(event.type)
    indices = sorted({event.sentence_index, *(m.sentence_index for m in event.mentions)})
    probs = found.sentences
    own = max(float(probs[i, column]) for i in indices)
    other = max(float(probs[i, j]) for i in indices for j in range(probs.shape[1]) if j != column)
    f["score"] = own
    f["score_logit"] = math.log(max(own, 1e-4) / max(1 - own, 1e-4)) / 5.0
    f["score_margin"] = own - other
    f["score_top"] = float(own >= other)
    f["report_score"] = float(found.report)


def _trigger(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.trigger.start_char, event.trigger.end_char, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return max(span, key=lambda t: t.pos_ in ("VERB", "NOUN"))


def _trigger_features(token: Token, f: dict[str, float]) -> None:
    f[f"pos:{token.pos_}"] = 1.0
    for key in ("Tense", "VerbForm", "Aspect"):
        for value in token.morph.get(key):
            f[f"{key}:{value}"] = 1.0
    children = list(token.children)
    if any(c.dep_ == "neg" for c in children):
        f["negated"] = 1.0
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in children):
        f["modal"] = 1.0
    subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None:
        f[f"subject:{subject.ent_type_ or subject.pos_}"] = 1.0
        if subject.lower_ in ("i", "we"):
            f["first_person"] = 1.0
    f[f"dep:{token.dep_}"] = 1.0
    sent = token.sent
    if sent.text.rstrip().rstrip('"\'”’').endswith("?"):
        f["question"] = 1.0

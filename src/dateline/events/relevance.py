"""Relevance and type: which of the rule coder's events stand, and which events it missed.

Three decisions, each from the learned model (``model.py``) and each shown in ``dateline
explain`` through the abstention or the event's ``attributes``:

1. the report: a report (three sentences or more) the report model scores under its threshold
   (sport, products, science, weather) codes no events at all;
2. a rule event stands when the sentence model gives its type at least the keep threshold in its
   sentence ("beat Furman 77-66" has an ASSAULT verb, not an ASSAULT sentence);
3. a sentence where no rule event stands whose type probability reaches the new-event threshold
   gets one, its trigger the sentence's word the model ties most to the type and its arguments
   read from the parse like any other event (no actor that resolves: no event). The type
   probabilities are one-vs-rest and words of one act lift several types ("rejected an offer":
   REJECT and AGREE), so a sentence the rules coded gets no second type from the model.

A text of fewer than ``REPORT_MIN_SENTENCES`` sentences (a sentence given to ``dateline
explain``, a headline, a selected sentence) is not filtered or completed by the model: it was
trained to find the few event sentences of whole reports (nine in ten hold none), and its
probabilities carry that prior, which a sentence someone chose to code does not share. Its
scores are still given on each event and in ``dateline explain``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from spacy.tokens import Doc, Span, Token

from .. import settings
from ..records import Abstention, Analysis, Event
from . import happenings
from . import model as event_model

STAGE = "events"
# The report model was trained on whole reports: a text of fewer sentences (a sentence given to
# `dateline explain`, a headline) is judged by the sentence model alone.
REPORT_MIN_SENTENCES = 3
# Coded by rules when rules see them; the model would add them from too few examples.
_RULE_ONLY = frozenset({"MOBILIZE"})

# A verb the model ties against a type does not state it (log-odds weight; 0.2 and 0.5 were tried
# on fold a: fewer wrong triggers, fewer matches, F1 0.406 -> 0.385 / 0.373).
MIN_TRIGGER_WEIGHT = 0.0
# Acts done by saying: their speaker is the subject of "said".
VERBAL_ACTS = happenings.VERBAL_ACTS

MakeEvent = Callable[[int, str, Token], "Event | Abstention"]


@dataclass(frozen=True)
class Decision:
    events: list[Event]
    abstentions: list[Abstention]


def _threshold(name: str, model: event_model.EventModel) -> float:
    value = settings.get(f"event_{name}_threshold")
    if value >= 0:
        return float(value)
    return float(model.thresholds.get(name, model.thresholds["keep"]))


def rule_hits(events: list[Event], abstentions: list[Abstention]) -> list[event_model.RuleHit]:
    hits = [event_model.RuleHit(e.sentence_index, e.type, e.status) for e in events]
    for a in abstentions:
        kind = a.reason.split(" ", 1)[0]
        if a.sentence_index is not None and kind in event_model.TYPES:
            hits.append(event_model.RuleHit(a.sentence_index, kind, None))
    return hits


def sentence_marks(analysis: Analysis) -> dict[int, set[str]]:
    """What the other stages know of each sentence: the headline, and quotes with their speakers."""
    marks: dict[int, set[str]] = {}
    for index in happenings.lead_sentences(analysis):
        marks.setdefault(index, set()).add("title")
    for quote in analysis.quotes:
        found = marks.setdefault(quote.sentence_index, set())
        found.add(f"quote:{quote.kind}")
        if quote.speaker_actor is not None and quote.speaker_actor.country:
            found.add("quote:speaker")
    return marks


@dataclass(frozen=True)
class Scores:
    """The model's view of one report: its report score and each sentence's type probabilities."""

    model: event_model.EventModel
    doc: Doc
    report: float
    sentences: np.ndarray  # (n_sentences, n_types)
    thresholds: dict[str, float]

    def top(self, index: int, n: int = 3) -> list[tuple[str, float]]:
        order = np.argsort(-self.sentences[index])[:n]
        return [(event_model.TYPES[i], float(self.sentences[index, i])) for i in order]


def scores(doc: Doc, analysis: Analysis, events: list[Event], abstentions: list[Abstention]) -> Scores | None:
    """The model's scores for ``doc`` (None when the model is off or not shipped)."""
    model = event_model.load() if settings.get("event_model") else None
    if model is None:
        return None
    sparse = event_model.sentence_features(doc, rule_hits(events, abstentions), sentence_marks(analysis))
    report = model.report_prob(event_model.report_features(doc, sparse))
    thresholds = {name: _threshold(name, model) for name in ("report", "keep", "dyad", "new")}
    return Scores(model, doc, report, model.sentence_probs(sparse), thresholds)


def decide(analysis: Analysis, found: Scores | None, events: list[Event], make_event: MakeEvent) -> Decision:
    """The rule coder's events filtered and completed by the model's ``found`` scores (unchanged
    when the model is off)."""
    if found is None:
        return Decision(events, [])
    doc = found.doc
    doc_id = analysis.document.id
    if len(analysis.sentences) < REPORT_MIN_SENTENCES:
        return Decision([_scored(e, _happening_score(e, found.sentences)) for e in events], [])
    if found.report < found.thresholds["report"]:
        reason = f"not coded: the report is not about political acts (report score {found.report:.2f})"
        return Decision([], [Abstention(doc_id, STAGE, e.sentence_index, f"{e.type} {reason}", e.trigger.text)
                             for e in events])
    kept, dropped = _keep(events, found.sentences, found.thresholds, doc_id)
    added, refused = _add(doc, found.model, found.sentences, kept, found.thresholds["new"], make_event)
    return Decision(kept + added, dropped + refused)


def _is_dyad(event: Event) -> bool:
    """Actor and recipient both resolve, to different countries: who did it to whom is in the parse."""
    actor = {a.country for a in event.actors if a.country}
    recipient = {a.country for a in event.recipients if a.country}
    return bool(actor) and bool(recipient) and not actor & recipient


def _happening_score(event: Event, probs: np.ndarray) -> float:
    """The type's probability in the best of the sentences that state the happening."""
    if event.type not in event_model.TYPES:
        return 0.0
    indices = {event.sentence_index, *(m.sentence_index for m in event.mentions)}
    return max(float(probs[i, event_model.TYPES.index(event.type)]) for i in indices)


def _scored(event: Event, score: float) -> Event:
    return replace(event, attributes={**event.attributes, "model_score": f"{score:.2f}"})


def _keep(events: list[Event], probs: np.ndarray, thresholds: dict[str, float], doc_id: str):
    kept, dropped = [], []
    for e in events:
        score = _happening_score(e, probs)
        threshold = thresholds["dyad"] if _is_dyad(e) else thresholds["keep"]
        if score >= threshold or e.type in _RULE_ONLY:
            kept.append(_scored(e, score))
        else:
            dropped.append(Abstention(doc_id, STAGE, e.sentence_index,
                                      f"{e.type} not coded: the sentence model gives the type {score:.2f} "
                                      f"(keep threshold {threshold:.2f})", e.trigger.text))
    return kept, dropped


def _add(doc: Doc, model: event_model.EventModel, probs: np.ndarray, kept: list[Event], threshold: float,
         make_event: MakeEvent):
    coded = {i for e in kept for i in {e.sentence_index, *(m.sentence_index for m in e.mentions)}}
    have: set[tuple[int, str]] = set()
    added, refused = [], []
    for index, sent in enumerate(doc.sents):
        if index in coded:
            continue
        for column in np.flatnonzero(probs[index] >= threshold):
            type_ = event_model.TYPES[column]
            if (index, type_) in have or type_ in _RULE_ONLY:
                continue
            result = _first_event(index, type_, _triggers(sent, type_, model), make_event)
            if result is None:
                continue
            score = f"{probs[index, column]:.2f}"
            if isinstance(result, Event):
                added.append(replace(result, attributes={**result.attributes, "model_score": score}))
                have.add((index, result.type))
            else:
                refused.append(replace(result, reason=f"{result.reason} (sentence model {score})"))
    return added, refused


def _first_event(index: int, type_: str, triggers: list[Token], make_event: MakeEvent) -> Event | Abstention | None:
    """The event read from the first trigger that gives one, else the last trigger's abstention."""
    result = None
    for trigger in triggers:
        result = make_event(index, type_, trigger)
        if isinstance(result, Event):
            break
    return result


def _triggers(sent: Span, type_: str, model: event_model.EventModel, tries: int = 3) -> list[Token]:
    """Verbs to read the event from, best first: those the model does not tie against ``type_``,
    then, for a verbal act only, the sentence's main verb (a verbal act's speaker is often the
    subject of "said"; the speaker of "said" is not who made an arrest)."""
    verbs = [t for t in sent if t.pos_ == "VERB"]
    weight = {t.i: model.type_weight(type_, f"v:{t.lemma_.lower()}") + model.type_weight(type_, f"w:{t.lemma_.lower()}")
              for t in verbs}
    ranked = [t for t in sorted(verbs, key=lambda t: -weight[t.i]) if weight[t.i] >= MIN_TRIGGER_WEIGHT][:tries]
    root = next((t for t in verbs if t.dep_ == "ROOT"), verbs[0] if verbs else None)
    if type_ not in VERBAL_ACTS or root is None or root in ranked:
        return ranked
    return ranked + [root]

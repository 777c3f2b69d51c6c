"""A small store for the web tests: the examples plus one report carrying XSS payloads, with
events, quotes and places written by hand whose spans point into the real sentences.

The sentences come from the spaCy parse; the coded records are built here (not by the coder),
so the tests do not change when the coder does.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from dateline import api, nlp, pipeline
from dateline.ingest import RawReport, read_inputs
from dateline.records import (
    Actor, Analysis, Event, EventDate, Evidence, Place, Quote, Sentence, TextSpan, Tracker,
)
from dateline.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_TEXT = (
    "Protesters rally outside Japanese embassy in Seoul\n\n"
    "SEOUL, Aug 15 (Dateline Wire) - Hundreds of protesters gathered outside the Japanese embassy "
    "in Seoul on Monday to demand compensation for wartime forced labour, police said.\n\n"
    f"One banner, later removed by organisers, read {XSS_SCRIPT} and a leaflet carried the string "
    f"{XSS_IMG} in place of a web address.\n\n"
    "Japan's foreign ministry said it had asked Seoul to ensure the safety of its diplomats."
)
XSS_TITLE = f"Protesters rally outside Japanese embassy {XSS_SCRIPT}"


class Coder:
    """Builds records for one analysed document from phrases found in its clean text."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.text = analysis.document.clean_text

    def span(self, phrase: str, after: str = "") -> TextSpan:
        start = self.text.index(phrase, self.text.index(after) if after else 0)
        return TextSpan(self.analysis.document.id, start, start + len(phrase), phrase)

    def sentence_of(self, span: TextSpan) -> Sentence:
        return next(s for s in self.analysis.sentences if s.start_char <= span.start_char < s.end_char)

    def evidence(self, span: TextSpan) -> Evidence:
        return Evidence.of(span, self.sentence_of(span).index)

    def actor(self, country: str, phrase: str, after: str = "", **fields) -> Actor:
        return Actor(country=country, span=self.span(phrase, after), **fields)

    def place(self, phrase: str, lat: float, lon: float, country: str, after: str = "") -> Place:
        span = self.span(phrase, after)
        return Place(span.doc_id, span, name=phrase, country=country, latitude=lat, longitude=lon,
                     precision="point", sentence_index=self.sentence_of(span).index)

    def event(self, type: str, trigger: str, *, actors=(), recipients=(), day: date | None = None,
              date_text: str | None = None, place: Place | None = None, after: str = "",
              status: str = "asserted", mode: str | None = None, missing=None, confidence=0.8) -> Event:
        trigger_span = self.span(trigger, after)
        evidence = {"trigger": self.evidence(trigger_span)}
        if actors:
            evidence["actor"] = self.evidence(actors[0].span)
        if recipients:
            evidence["recipient"] = self.evidence(recipients[0].span)
        if date_text:
            evidence["date"] = self.evidence(self.span(date_text, after))
        if place:
            evidence["place"] = self.evidence(place.span)
        event = Event(
            doc_id=self.analysis.document.id, sentence_index=self.sentence_of(trigger_span).index,
            type=type, trigger=trigger_span, mode=mode, actors=tuple(actors), recipients=tuple(recipients),
            status=status, date=EventDate("day", day, day, date_text) if day else EventDate(),
            place=place, confidence=confidence, evidence=evidence, missing=dict(missing or {}),
        )
        self.analysis.events.append(event)
        if place:
            self.analysis.places.append(place)
        return event

    def quote(self, content: str, speaker: str, cue: str, actor: Actor | None = None) -> Quote:
        content_span = self.span(content)
        quote = Quote(self.analysis.document.id, content_span, "direct", self.sentence_of(content_span).index,
                      speaker=self.span(speaker, content), speaker_actor=actor, cue=self.span(cue, content),
                      date=EventDate(), confidence=0.9)
        self.analysis.quotes.append(quote)
        return quote


def analyses() -> dict[str, Analysis]:
    """Analyses keyed by a short name: dprk, ukraine, japan, iran, xss."""
    raws = list(read_inputs([str(EXAMPLES)]))
    raws.append(RawReport("<xss-report>", text=XSS_TEXT, title=XSS_TITLE, published=date(2022, 8, 15)))
    result = {}
    for raw in raws:
        document = pipeline.prepare(raw)
        if document.published_at is None:  # the DPRK example's dateline has no year
            document = replace(document, published_at=date(2022, 3, 24))
        result[_name(document.title)] = Analysis(
            document, sentences=nlp.sentences(nlp.parse(document.clean_text), document.id))
    _code(result)
    return result


def _name(title: str) -> str:
    names = {"North Korea": "dprk", "Ukraine": "ukraine", "Japan lodges": "japan", "Iran": "iran", "Protesters": "xss"}
    return next(name for key, name in names.items() if title.startswith(key) or f" {key}" in title)


def _code(a: dict[str, Analysis]) -> None:
    dprk = Coder(a["dprk"])
    launch_place = dprk.place("Japan's exclusive economic zone", 41.0, 138.5, "JPN")
    dprk.event("MOBILIZE", "fired", mode="weapons test", day=date(2022, 3, 24), date_text="on Thursday",
               actors=[dprk.actor("PRK", "North Korea", "North Korea fired an intercontinental")], place=launch_place, confidence=0.92,
               missing={"recipient": "not stated"})
    moon = dprk.actor("KOR", "South Korean President Moon Jae-in", name="Moon Jae-in", role="head of state")
    dprk.event("DISAPPROVE", "condemned", actors=[moon], after="Moon Jae-in",
               recipients=[dprk.actor("PRK", "North Korea", "Moon Jae-in condemned")], day=date(2022, 3, 24),
               missing={"date": "not stated; publication date used", "place": "not stated"}, confidence=0.81)
    dprk.event("DISAPPROVE", "condemned", actors=[dprk.actor("USA", "The United States")], after="The United States",
               day=date(2022, 3, 24), missing={"place": "not stated"}, confidence=0.77)
    dprk.event("COERCE", "seek new sanctions", actors=[dprk.actor("USA", "Washington")], status="hypothetical",
               day=date(2022, 3, 24), confidence=0.55)
    # issue 17: an undated, placeless event of the tracked actor (a background recall)
    dprk.event("MOBILIZE", "test", after="full-range ICBM", mode="weapons test",
               actors=[dprk.actor("PRK", "North Korea", "North Korea fired an intercontinental")], confidence=0.6,
               missing={"date": "background recall: no date stated", "place": "not stated"})
    dprk.quote("North Korea's launch is a clear violation of United Nations Security Council resolutions",
               "Moon", "said", actor=moon)

    ukraine = Coder(a["ukraine"])
    ukraine.event("CONSULT", "met", day=date(2023, 6, 15), date_text="on Thursday",
                  actors=[ukraine.actor("UKR", "Ukrainian Foreign Minister Dmytro Kuleba", name="Dmytro Kuleba")],
                  recipients=[ukraine.actor("TUR", "Turkish Foreign Minister Hakan Fidan", name="Hakan Fidan")],
                  place=ukraine.place("Ankara", 39.93, 32.86, "TUR", after="met"), confidence=0.9)
    ukraine.event("ACCUSE", "accused", actors=[ukraine.actor("RUS", "Russia's foreign ministry")],
                  recipients=[ukraine.actor("UKR", "Kyiv", after="accused")], day=date(2023, 6, 15), confidence=0.7)
    # issue 17: an actorless, undated, placeless event
    ukraine.event("AGREE", "agreed to keep working", confidence=0.5,
                  missing={"actor": "not stated", "date": "not stated", "place": "not stated"})
    ukraine.quote("We will not let the world go hungry because of Moscow's blackmail", "Kuleba", "told reporters",
                  actor=Actor(country="UKR", name="Dmytro Kuleba"))

    japan = Coder(a["japan"])
    japan.event("PROTEST", "lodged a formal protest", actors=[japan.actor("JPN", "Japan", "Japan lodged")],
                recipients=[japan.actor("CHN", "China", "formal protest")], day=date(2024, 2, 12),
                date_text="on Monday", place=japan.place("Tokyo", 35.68, 139.69, "JPN"), confidence=0.88)
    japan.event("REJECT", "rejected", actors=[japan.actor("CHN", "China's foreign ministry")],
                day=date(2024, 2, 12), status="asserted", confidence=0.74)

    iran = Coder(a["iran"])
    iran.event("COERCE", "widen sanctions", actors=[iran.actor("IGOEUR", "European Union leaders")],
               recipients=[iran.actor("IRN", "Iran", "sanctions against")], day=date(2024, 4, 18),
               date_text="on Thursday", place=iran.place("Brussels", 50.85, 4.35, "BEL"), confidence=0.86)

    xss = Coder(a["xss"])
    xss.event("PROTEST", "gathered", actors=[xss.actor("KOR", "Hundreds of protesters")],
              recipients=[xss.actor("JPN", "the Japanese embassy")], day=date(2022, 8, 15), date_text="on Monday",
              place=xss.place("Seoul", 37.57, 126.98, "KOR", after="the Japanese embassy"), confidence=0.83)
    xss.event("DEMAND", "removed", actors=[xss.actor("KOR", "organisers")], day=date(2022, 8, 15),
              status="denied", confidence=0.4)


def build_store(path: Path) -> dict[str, Analysis]:
    """Write the corpus to a new store file and close it; returns the analyses written."""
    corpus = analyses()
    with Store(path) as store:
        store.write(list(corpus.values()))
        api.link_analyses(store, corpus.values())
        api.add_tracker(store, Tracker("dprk-launches", actor="PRK"))
        api.add_tracker(store, Tracker("agreements", type="AGREE"))  # one undated, actorless event (issue 17)
    return corpus


def event_id(corpus: dict[str, Analysis], name: str, type: str, index: int = 0) -> str:
    return [e for e in corpus[name].events if e.type == type][index].id



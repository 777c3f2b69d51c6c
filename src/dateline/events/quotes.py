"""Quotes: who said what, to whom it is attributed, and when it was said.

Stage "quotes" (runs before "events", which reads ``analysis.quotes``). In: the parsed ``Doc``
and the Analysis (its Document gives the publication date). Out: one ``Quote`` per attribution
part and one ``Abstention`` per item we saw but could not attribute.

Extracted: direct quotes in straight or curly marks (several sentences, several paragraphs in
news style, continuation paragraphs without a cue of their own, quotes inside quotes), indirect
speech after a reporting cue (data/reporting_cues.tsv) with the content before or after the cue,
"according to", passives ("it was reported that", source only if "by" names one), and mixed
quotes; polls that speak for a clause ("In the latest survey, X leads"), transcript labels
("FALLIN: ..."), title-case headlines ("Clinton Says ..."), and quotations signed with a dash
('"..." ― Ana Ruiz'). Short quoted phrases that are no clause of their own are scare quotes
(``scare=True``).

Not extracted: cues outside data/reporting_cues.tsv and the few statement nouns in NOUN_CUES
("his view is that ...", "they were booed"), and nested attributions (the outermost one is
kept, as in the PolNeAR guidelines). An unpaired quotation mark is one Abstention; the rest of
the article is still read.

Event coder contract: ``statement_at(analysis, start, end)`` gives the statement (never a scare
quote) whose content holds a trigger; its ``speaker_actor`` is the actor of a first-person
statement ("We are open to meeting ..." -> Sung Kim, USA GOV) and its ``date`` the statement's.

Speaker: ``speaker`` is the mention in the text ("he", "the ministry"); ``speaker_name`` is the
named mention it refers to (nearest fitting earlier named speaker or entity), empty when none
fits; ``speaker_actor`` is that name's actor. ``date`` is the cue's time ("told reporters
yesterday" = publication - 1 day); without a time expression it is unknown, ending at publication.
"""
from __future__ import annotations

from bisect import bisect_right

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from . import actors
from ..nlp import ents_within, text_of
from ..records import Abstention, Actor, Analysis, EventDate, Quote, TextSpan

STAGE = "quotes"

OPENING = "\u201c\u201e\u00ab"  # “ „ «
CLOSING = "\u201d\u00bb"  # ” »
STRAIGHT = '"'
# A quoted run of at most this many words that is not a clause is a scare quote or a title.
SCARE_MAX_WORDS = 4

CONTENT_DEPS = {"ccomp", "xcomp", "csubj"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
EXPLETIVES = {"it", "there"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "i", "me", "my", "we", "us", "our"}
THING_PRONOUNS = {"it", "its", "they", "them", "their"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
SPEAKER_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# Verbs of saying whose clause is content even when the parser leaves it unattached.
SPEECH_VERBS = frozenset("say tell add write note argue claim insist explain warn state declare reply".split())


@dataclass(frozen=True, slots=True)
class Cue:
    """One reporting lemma from data/reporting_cues.tsv."""

    lemma: str
    frames: frozenset[str]  # which children may hold the content: ccomp, xcomp, dobj


@dataclass(slots=True)
class _Attribution:
    """A found attribution before it becomes Quote records (character offsets)."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    sentence: int
    source_token: Token | None = None
    cue_token: Token | None = None
    continues: "_Attribution | None" = None  # the quoted attribution this one continues


def extract_quotes(doc: Doc, analysis: Analysis) -> list[Quote | Abstention]:
    """Quotes and indirect statements of one document, each with speaker, cue, content and date."""
    doc_id = analysis.document.id
    marks, problems = quotation_spans(text_of(doc))
    sentence_of = _sentence_index(doc)
    labelled = _headline_attributions(doc, sentence_of) + _signed_quotes(doc, sentence_of) + _title_case_headlines(doc, sentence_of)
    found = [a for a in _indirect(doc, marks, sentence_of) if not any(_labels_own(b, a) for b in labelled)]
    found += labelled
    found = _direct(doc, marks, found, sentence_of)
    scare = _scare_quotes(doc, marks, found, sentence_of)
    quotes = _quotes(doc, doc_id, found, marks, analysis.document.published_at)
    quote_of = {id(a): q for a, q in zip(found, quotes)}
    records: list[Quote | Abstention] = list(quotes)
    records += [_scare_record(doc, doc_id, span, quote_of.get(id(owner)), sentence_of) for span, owner in scare]
    records += [
        Abstention(doc_id, STAGE, sentence_of(start), reason, text_of(doc)[start:start + 60])
        for start, reason in problems
    ]
    records += [
        Abstention(doc_id, STAGE, sentence_of(a), "quotation without a cue or speaker", text_of(doc)[a:b][:200])
        for a, b in _unattributed(marks, found, scare)
    ]
    return _one_per_span(records)


def _labels_own(labelled: _Attribution, a: _Attribution) -> bool:
    """A cue inside a labelled statement, or on its cue, belongs to the labelled one."""
    cue = _cue_word(a)
    return _inside(cue, labelled.content) or (cue is not None and _overlap(cue, labelled.cue) > 0)


def _one_per_span(records: list[Quote | Abstention]) -> list[Quote | Abstention]:
    """A statement found by two patterns (direct and indirect) is one quote: the first found."""
    seen: set[str] = set()
    kept: list[Quote | Abstention] = []
    for record in records:
        if isinstance(record, Quote):
            if record.id in seen:
                continue
            seen.add(record.id)
        kept.append(record)
    return kept


def statement_at(analysis: Analysis, start_char: int, end_char: int) -> Quote | None:
    """The attributed statement (not a scare quote) whose content holds these characters.

    The event coder calls this for a trigger: when it lies in a quote, the event is the
    speaker's statement, and the speaker's actor stands in for a first-person subject.
    """
    for quote in analysis.quotes:
        c = quote.content
        if not quote.scare and c.start_char <= start_char and end_char <= c.end_char:
            return quote
    return None


# -- quotation marks --------------------------------------------------------------------------
def quotation_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """Top-level quotations (marks included) and the unpaired marks, per paragraph.

    News style opens a quotation at each paragraph of a multi-paragraph quote and closes it only
    at the last: an open quotation at a paragraph's end whose next paragraph opens one is
    closed at the paragraph's end. Any other unpaired mark is reported, not fatal.
    """
    spans: list[tuple[int, int]] = []
    problems: list[tuple[int, str]] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    markup = [(m.start(), m.end()) for m in MARKUP.finditer(text)]
    for n, (start, end) in enumerate(paragraphs):
        open_at: int | None = None
        for i, width, kind in _marks(text, start, end):
            if markup and any(a < i < b for a, b in markup):
                continue  # an attribute's quotes in left-over markup: <tweet id="...">
            if kind == "straight":
                kind = "close" if open_at is not None else "open"
            if kind == "open":
                if open_at is not None:
                    problems.append((open_at, "unpaired opening quotation mark"))
                open_at = i
            elif open_at is None:
                problems.append((i, "closing quotation mark without an opening one"))
            else:
                spans.append((open_at, i + width))
                open_at = None
        if open_at is not None:
            if n + 1 < len(paragraphs) and _opens_with_quote(text, paragraphs[n + 1][0]):
                spans.append((open_at, _rstrip(text, open_at, end)))
            else:
                problems.append((open_at, "unpaired opening quotation mark"))
    return spans, problems


MARKUP = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>\n]{0,300})?/?>")


def _marks(text: str, start: int, end: int):
    """(offset, width, open|close|straight) of each double quotation mark in text[start:end].

    Two apostrophes ('') are a straight double mark, as in the New York Times archive text;
    of three, the last two close the quotation and the first closes a quote inside it.
    """
    i = start
    while i < end:
        c = text[i]
        if c in OPENING:
            yield i, 1, "open"
        elif c in CLOSING:
            yield i, 1, "close"
        elif c == STRAIGHT:
            yield i, 1, "straight"
        elif text.startswith("``", i):
            yield i, 2, "open"
            i += 1
        elif text.startswith("''", i):
            if text.startswith("'''", i):
                i += 1
            yield i, 2, "straight"
            i += 1
        i += 1


def _opens_with_quote(text: str, start: int) -> bool:
    return text[start] in OPENING + STRAIGHT or text.startswith(("''", "``"), start)


# -- indirect speech and cue-governed quotes --------------------------------------------------
@lru_cache(maxsize=1)
def reporting_cues() -> dict[str, Cue]:
    """The reporting lemmas and their content frames (data/reporting_cues.tsv)."""
    table = resources.files("dateline.data").joinpath("reporting_cues.tsv").read_text(encoding="utf-8")
    frames: dict[str, set[str]] = {}
    for line in table.splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, frame, *_ = line.split("\t")
            frames.setdefault(lemma, set()).add(frame)
    return {lemma: Cue(lemma, frozenset(f)) for lemma, f in frames.items()}


# -- learned cue model (scripts/train_cue_model.py) ------------------------------------------
# A verb outside the lexicon is a cue when the model's smoothed probability reaches this
# (chosen on PolNeAR train, see BENCHMARKS.md); each level is smoothed towards the one below.
CUE_MODEL_THRESHOLD = 0.5
CUE_MODEL_SMOOTHING = 2.0
CUE_BASE_RATE = 0.02
CONTENT_FRAMES = ("ccomp", "xcomp", "dobj")


@lru_cache(maxsize=1)
def cue_model() -> dict[tuple[str, str, str], tuple[int, int]]:
    """(lemma, frame, subject kind) -> (hits, occurrences); '*' marks a backed-off level."""
    table = resources.files("dateline.data").joinpath("cue_model.tsv").read_text(encoding="utf-8")
    model = {}
    for line in table.splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, frame, subject, hits, seen = line.split("\t")
            model[(lemma, frame, subject)] = (int(hits), int(seen))
    return model


def cue_features(token: Token) -> tuple[str, str, str]:
    """The verb's lemma, the frame of the child that would hold its content, its subject's kind."""
    return token.lemma_.lower(), _best_frame(token), _subject_kind(_source_of(token))


def cue_probability(features: tuple[str, str, str]) -> float:
    lemma, frame, subject = features
    model = cue_model()
    p = CUE_BASE_RATE
    for key in (("*", frame, subject), (lemma, frame, "*"), (lemma, frame, subject)):
        hits, seen = model.get(key, (0, 0))
        p = (hits + CUE_MODEL_SMOOTHING * p) / (seen + CUE_MODEL_SMOOTHING)
    return p


def _best_frame(token: Token) -> str:
    frames = {_frame(c) for c in token.children if not (c.dep_ == "xcomp" and c.i < token.i)}
    for frame in CONTENT_FRAMES:
        if frame in frames:
            return frame
    preps = sorted(f for f in frames if f.startswith("prep:"))
    return preps[0] if preps else "none"


def _subject_kind(subject: Token | None) -> str:
    if subject is None:
        return "none"
    word = subject.lower_
    if word in ("it", "its", "this", "that"):
        return "thing"
    if word in PERSON_PRONOUNS or word in ("they", "them", "who"):
        return "pron"
    if subject.ent_type_ == "PERSON" or word in PERSON_NOUNS:
        return "person"
    if subject.ent_type_ in ("ORG", "GPE", "NORP"):
        return "group"
    return "thing"


def _learned_cue(token: Token) -> Cue | None:
    """A cue the lexicon lacks that the model learned from train ('thanked the volunteers').
    Lemmas the lexicon lists keep its frames: adding learned ones to them lost F1 on train."""
    features = cue_features(token)
    if features[1] == "none" or cue_probability(features) < CUE_MODEL_THRESHOLD:
        return None
    return Cue(features[0], frozenset({features[1]}))


def _indirect(doc: Doc, marks, sentence_of) -> list[_Attribution]:
    cues = reporting_cues()
    text = text_of(doc)
    found: list[_Attribution] = []
    taken, quoted = _Spans(len(text)), _Spans(len(text), marks)
    for token in sorted(doc, key=lambda t: not _is_according(t)):
        if _is_according(token):
            attribution = _according_to(doc, token, sentence_of)
        elif token.lemma_.lower() in RAISING_CUES and token.pos_ in ("VERB", "AUX"):
            attribution = _raising_cue(doc, token, sentence_of)
        elif token.lower_ == "in" and token.dep_ == "prep":
            attribution = _in_document(doc, token, sentence_of)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in NOUN_CUES:
            attribution = _noun_cue(doc, token, sentence_of)
        else:
            cue = cues.get(token.lemma_.lower()) if token.pos_ in ("VERB", "AUX") else None
            if cue is None and token.pos_ in ("VERB", "AUX"):
                cue = _learned_cue(token)
            attribution = _verb_cue(doc, token, cue, marks, sentence_of) if cue else None
        if attribution is None or quoted.hold(attribution.cue):
            continue  # a cue inside a quotation is the quoted speaker's own, nested attribution
        attribution.content = _cover_quotes(_in_paragraph(text, attribution), marks)
        if taken.hold(attribution.cue):
            continue  # nested attribution: the outer one is kept
        found.append(attribution)
        taken.add(attribution.content)
    return _drop_nested(found)


def _is_according(token: Token) -> bool:
    """'according to' first: its clause is one attribution, not the verbs inside it."""
    return token.lower_ == "according" and token.lemma_.lower() == "accord"


# Documents that speak for themselves: "Clinton leads by 6 points in a new poll" (cue "in").
SOURCE_DOCUMENTS = frozenset("poll polls survey surveys study report census tally ranking".split())


def _in_document(doc: Doc, token: Token, sentence_of) -> _Attribution | None:
    """'X leads Y in the latest poll': the poll is the source of the clause it modifies, unless
    a reporting verb already carries it ('said in a statement')."""
    document = next((c for c in token.children if c.dep_ == "pobj"), None)
    clause = token.head
    if document is None or document.lemma_.lower() not in SOURCE_DOCUMENTS or clause.pos_ not in ("VERB", "AUX"):
        return None
    if clause.lemma_.lower() in reporting_cues() or clause.dep_ not in ("ROOT", "ccomp", "conj"):
        return None
    text = text_of(doc)
    phrase_start, phrase_end = token.idx, document.right_edge.idx + len(document.right_edge)
    start, end = _subtree_chars(clause)
    if phrase_start <= start + 1:
        start = phrase_end
    elif phrase_end >= end - 1:
        end = phrase_start
    start, end = _trim(text, start, end)
    if len(text[start:end].split()) < 3:
        return None
    return _Attribution(
        content=(start, end), cue=(token.idx, token.idx + len(token)),
        source=_trim(text, document.left_edge.idx, phrase_end), sentence=sentence_of(token.idx),
        source_token=document, cue_token=token,
    )


# Nouns of saying or believing whose clause is content: "his claim that ...", "a statement saying ...".
NOUN_CUES = frozenset(
    "statement claim view belief warning promise pledge vow threat argument assertion allegation "
    "announcement suggestion insistence admission conclusion message".split()
)


# "Both objections seemed to carry little weight", "he was said to have ...": the subject and the
# infinitive together are the content; the source is unnamed (or the passive's "by" agent).
RAISING_CUES = frozenset("seem appear".split())
PASSIVE_RAISING_CUES = frozenset("say expect believe report think know consider rumor suppose".split())


def _raising_cue(doc: Doc, token: Token, sentence_of) -> _Attribution | None:
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in EXPLETIVES), None)
    infinitive = next((c for c in token.children if c.dep_ == "xcomp" and c.i > token.i), None)
    if subject is None or infinitive is None:
        return None
    text = text_of(doc)
    start, end = _trim(text, subject.left_edge.idx, infinitive.right_edge.idx + len(infinitive.right_edge))
    cue = _verb_group(token, None, (infinitive.left_edge.idx, end))
    return _Attribution(content=(start, end), cue=cue, source=None, sentence=sentence_of(token.idx), cue_token=token)


def _noun_cue(doc: Doc, token: Token, sentence_of) -> _Attribution | None:
    clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp") and
                   any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
    if clause is None:
        return None
    text = text_of(doc)
    start, end = _trim(text, *_subtree_chars(clause))
    if end - start < 3:
        return None
    source = _noun_owner(token)
    return _Attribution(
        content=(start, end), cue=(token.idx, token.idx + len(token)), source=_source_chars(doc, source, (start, end)),
        sentence=sentence_of(token.idx), source_token=source, cue_token=token,
    )


# Verbs that only deliver a statement noun: its owner is their subject.
LIGHT_VERBS = frozenset("issue make release publish deliver give send post put".split())


def _noun_owner(noun: Token) -> Token | None:
    """Whose statement: 'his claim', or the subject of 'She issued a statement ...'."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
        owner = _own_subject(noun.head)
    return owner


def _verb_cue(doc: Doc, token: Token, cue: Cue, marks, sentence_of) -> _Attribution | None:
    text = text_of(doc)
    if token.lemma_.lower() in PASSIVE_RAISING_CUES and any(c.dep_ == "auxpass" for c in token.children):
        raised = _raising_cue(doc, token, sentence_of)
        if raised is not None:
            return raised
    if text[max(0, token.idx - 3):token.idx].lower() == "so-":
        return None  # "so-called": the author's distance, not a statement
    source = _source_of(token)
    content_token = _content_child(token, cue)
    if content_token is not None:
        start, end = _subtree_chars(content_token)
        if content_token.dep_ == "advcl" and content_token.left_edge.dep_ == "mark":
            start = content_token.left_edge.idx + len(content_token.left_edge)  # 'called for [them to ...]'
        if content_token.i > token.i:
            end = max(end, _conjoined_clauses_end(token, content_token), _object_complement_end(token, content_token))
            end = max(end, _object_adjuncts_end(token, content_token))
        end = _before_trailing_aside(content_token, end, marks)
        end = _before_next_report(content_token, end, marks)
        if content_token.i > token.i:
            end = _through_colon(doc, end)
        start, end = _trim(text, start, end)
    elif "ccomp" in cue.frames:
        start, end = _adjacent_quote(text, token, source, marks) or (
            _unattached_clause(token, source) if cue.lemma in SPEECH_VERBS else None) or (0, 0)
    else:
        return None
    if end - start < 2:
        return None
    if source is None and end <= token.idx:
        source = _inverted_subject(token)
    if source is None and _is_finite(token):
        source = _unattached_subject(token)
    return _Attribution(
        content=(start, end), cue=_verb_group(token, source, (start, end)),
        source=_source_chars(doc, source, (start, end)),
        sentence=sentence_of(token.idx), source_token=source, cue_token=token,
    )


def _inverted_subject(token: Token) -> Token | None:
    """'"...," added Murphy' and '"...," exhorted the actress': after a content that precedes
    its cue, the noun right after the cue is the speaker (the parser often calls it an object)."""
    following = next((c for c in token.rights if not c.is_punct), None)
    if following is None or following.dep_ not in ("dobj", "nsubj", "attr", "npadvmod", "dative"):
        following = None
    elif following.left_edge.i - token.i > 1 or following.pos_ not in ("PROPN", "NOUN"):
        following = None
    if following is None and token.i + 1 < len(token.doc):
        chunk = next((c for c in token.doc[token.i + 1:token.i + 8].noun_chunks if c.start == token.i + 1), None)
        if chunk is not None and (chunk.root.pos_ == "PROPN" or _subject_kind(chunk.root) in ("person", "group")):
            following = chunk.root  # '"...," said the woman, who ...'
    return following


def _is_finite(token: Token) -> bool:
    return token.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" for c in token.children)


def _unattached_subject(token: Token) -> Token | None:
    """'In a statement, her adviser, Jake Sullivan, said: ...': a subject the parser hung on
    something else, right before the cue (past commas and auxiliaries) and in no other clause."""
    i = token.i - 1
    while i >= token.sent.start and (token.doc[i].is_punct or token.doc[i].dep_ in ("aux", "neg", "advmod")):
        i -= 1
    if i < token.sent.start:
        return None
    candidate = token.doc[i]
    if candidate.pos_ not in ("PROPN", "NOUN") or candidate.dep_ == "pobj":
        return None
    while candidate.dep_ in ("compound", "appos", "conj", "flat") and candidate.head.i < token.i:
        if candidate.head.dep_ == "pobj" or candidate.head.pos_ not in ("PROPN", "NOUN"):
            break
        candidate = candidate.head
    ancestors = [a for a in candidate.ancestors if a.i != token.i]
    if any(a.pos_ in ("VERB", "AUX") for a in ancestors):
        return None
    return candidate


def _adjacent_quote(text: str, token: Token, source: Token | None, marks) -> tuple[int, int] | None:
    """'Adelson said, "..."' and '"...," he said': a quotation next to the cue (or to its
    subject) that the parser did not attach to it."""
    sentence = token.sent
    edges = [token.idx, token.idx + len(token)]
    if source is not None:
        edges += [source.left_edge.idx, source.right_edge.idx + len(source.right_edge)]
    left, right = min(edges), max(edges)
    for a, b in marks:
        if a >= right and a - right <= 40 and _is_gap(text[right:a], token, sentence):
            return a, b
        if b <= left and left - b <= 6 and not text[b:left].strip(" ,\u00a0"):
            return a, b
    return None


def _unattached_clause(token: Token, source: Token | None) -> tuple[int, int] | None:
    """A clause the parser did not hang on the cue: 'X said [clause].' or '[clause], X said.'"""
    sentence = token.sent
    after = [t for t in sentence if t.i > token.i and not t.is_punct and not t.is_space]
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    if source is not None and source.i < token.i and after and _is_parenthetical(source):
        return _trim(text_of(token.doc), sentence.start_char, sentence.end_char)  # "The plan, he said, is dead."
    if source is not None and source.i < token.i and len(after) >= 3 and any(
            t.pos_ in ("VERB", "AUX") for t in after):
        return _trim(text_of(token.doc), after[0].idx, sentence.end_char)
    if not after and words and words[0].i < token.i:
        end = min(token.idx, source.left_edge.idx if source is not None else token.idx)
        before = [t for t in words if t.idx < end]
        if len(before) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in before):
            return _trim(text_of(token.doc), sentence.start_char, end)
    return None


def _is_gap(gap: str, token: Token, sentence: Span) -> bool:
    """What may stand between a cue and its quotation: a comma or colon, a short addressee."""
    if re.fullmatch(r"[^.!?\n]*:[ \t]*\n+[ \t]*", gap):
        return len(gap.split()) <= 5  # 'He told the crowd:' and the quotation as the next paragraph
    return not any(ch in gap for ch in ".!?\n") and len(gap.split()) <= 4


def _content_child(token: Token, cue: Cue) -> Token | None:
    """The child holding the content, by the cue's frames; clauses before objects."""
    best = None
    for child in token.children:
        frame = _frame(child)
        if frame not in cue.frames:
            continue
        if frame in ("ccomp", "xcomp") and not (frame == "xcomp" and child.i < token.i):
            return child
        if frame == "dobj" and token.lemma_.lower() in LIGHT_VERBS and child.lemma_.lower() in NOUN_CUES:
            continue  # "issued a statement saying ...": the statement's own clause is the content
        best = best or (_prep_object(child) if frame.startswith("prep:") and child.dep_ == "prep" else child)
    return best


def _frame(child: Token) -> str:
    if child.dep_ == "advcl":
        mark = next((c for c in child.children if c.dep_ == "mark" and c.lower_ == "for"), None)
        if mark is not None:
            return "prep:for"  # 'called for all candidates to lay out ...', parsed as a clause
    return f"prep:{child.lower_}" if child.dep_ == "prep" else child.dep_


def _prep_object(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


ASIDE_DEPS = {"relcl", "appos"}


def _before_trailing_aside(content: Token, end: int, marks) -> int:
    """Content stops before a trailing aside set off by a comma or dash (', where he trailed
    Clinton', '— a high sum'): the author's addition, not the source's words."""
    cut = end
    for t in content.subtree:
        if t.dep_ not in ASIDE_DEPS or t.right_edge.idx + len(t.right_edge) < end or t.left_edge.i == 0:
            continue
        before = t.doc[t.left_edge.i - 1]
        if before.text in (",", "\u2014", "\u2013", "--") and not any(a < before.idx < b for a, b in marks):
            cut = min(cut, before.idx)
    return cut


def _through_colon(doc: Doc, end: int) -> int:
    """'argued his client was not serious: his words were ...': what the colon introduces
    belongs to the same content, up to the end of its sentence."""
    text = text_of(doc)
    rest = text[end:end + 3].lstrip(" ,")
    if not rest.startswith(":"):
        return end
    colon = text.index(":", end)
    after = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if after is None:
        return end
    if after.end >= len(doc):
        return end
    sentence = doc[after.end].sent  # the parser may start a sentence at the colon
    paragraph_end = text.find("\n", colon)
    stop = sentence.end_char if paragraph_end < 0 else min(sentence.end_char, paragraph_end)
    return max(end, _trim(text, colon + 1, stop)[1])


def _before_next_report(content: Token, end: int, marks) -> int:
    """'said she regretted it and promised to ...': a reporting verb joined to the content without
    a subject of its own is the writer's next statement about the speaker, not the speaker's words."""
    cues = reporting_cues()
    for t in content.subtree:
        if t.i <= content.i or t.idx >= end or t.pos_ != "VERB" or any(c.dep_ in SUBJECT_DEPS for c in t.children):
            continue
        reports = t.dep_ == "conj" and t.lemma_.lower() in cues
        if not reports or any(a < t.idx < b for a, b in marks):
            continue
        first = t.left_edge
        before = t.doc[first.i - 1] if first.i > 0 else None
        while before is not None and (before.dep_ == "cc" or before.text == ","):
            first = before
            before = t.doc[first.i - 1] if first.i > 0 else None
        return min(end, first.idx)
    return end


OBJECT_ADJUNCT_DEPS = frozenset("prep xcomp oprd ccomp dobj dative acomp".split())


def _object_adjuncts_end(token: Token, content: Token) -> int:
    """'reported 20 victims at a nonprofit center', 'called on the US to attack ...': what
    follows the content on the cue, up to a conjoined or adverbial clause, is still content."""
    end = 0
    for child in token.rights:
        if child.i <= content.i:
            continue
        if child.dep_ in ("cc", "conj", "advcl"):
            break
        if child.dep_ in OBJECT_ADJUNCT_DEPS:
            end = child.right_edge.idx + len(child.right_edge)
    return end


def _object_complement_end(token: Token, content: Token) -> int:
    """'accused Seoul of hypocrisy', 'called him a liar': the object's complement is content."""
    if content.dep_ != "dobj":
        return 0
    end = 0
    for child in token.rights:
        if child.i > content.i and (child.dep_ in ("oprd", "xcomp") or (child.dep_ == "prep" and child.lower_ in ("of", "for", "as"))):
            end = child.right_edge.idx + len(child.right_edge)
    return end


def _conjoined_clauses_end(token: Token, content: Token) -> int:
    """'said that A, but that B': the parser may hang B on the cue; it is still content."""
    end = 0
    for child in token.rights:
        if child.i > content.i and child.dep_ in ("conj", "ccomp") and any(
            g.dep_ == "mark" for g in child.children
        ):
            end = child.right_edge.idx + len(child.right_edge)
    return end


def _source_of(token: Token) -> Token | None:
    """The speaker token: the cue's subject, the agent of a passive, or the subject of the verb
    a conjoined or participial cue hangs from ('announced X and said ...', 'he left, saying ...'),
    or the owner of the statement a participle describes ('She issued a statement saying ...')."""
    if token.dep_ == "acl" and token.head.lemma_.lower() in NOUN_CUES:
        return _noun_owner(token.head)
    if token.lemma_.lower() == "ask" and token.tag_ == "VBN" and not any(c.dep_ == "aux" for c in token.children):
        return _agent(token)  # "Asked about X, she said ...": the asker is unnamed unless 'by' names one
    if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.pos_ in ("NOUN", "PROPN"):
        return _participle_owner(token.head)
    for _ in range(3):
        subject = _own_subject(token) or _quantity_subject(token)
        if subject is not None and subject.lower_ in ("that", "which") and token.dep_ == "relcl":
            owner = _participle_owner(token.head)
            if owner.i != token.head.i:
                return owner  # 'an ad campaign that attacked X': who ran it
        if subject is not None:
            return subject
        controller = _object_controller(token)
        if controller is not None:
            return controller
        token = _governing_verb(token)
        if token is None:
            return None
    return None


def _participle_owner(noun: Token) -> Token:
    """'a group backing the plan': the group; 'She opened a rally blasting X', 'delivered the
    speech outlining ...': an event or thing does not speak, the subject of its verb does."""
    if noun.pos_ == "PROPN" or _subject_kind(noun) in ("person", "group", "pron"):
        return noun
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ in ("dobj", "pobj", "attr") and verb.pos_ in ("VERB", "AUX"):
        subject = _own_subject(verb)
        if subject is not None and _subject_kind(subject) != "thing":
            return subject
    return noun


def _object_controller(token: Token) -> Token | None:
    """'That led her to declare ...', 'prompted Rubio to call ...': the object of the verb an
    infinitive cue hangs from is the one who speaks."""
    if token.dep_ != "xcomp" or token.head.pos_ not in ("VERB", "AUX"):
        return None
    return next((c for c in token.head.children if c.dep_ == "dobj" and c.i < token.i), None)


def _governing_verb(token: Token) -> Token | None:
    """The verb whose subject a subjectless cue shares: 'announced X and said', 'left, saying',
    'wants to argue', and a gerund after a preposition ('by suggesting', 'after telling')."""
    head = token.head
    if token.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head
    elif token.dep_ in ("xcomp", "advcl") and head.pos_ == "ADJ" and head.dep_ in ("acomp", "advmod", "amod"):
        head = head.head  # 'voters were more likely to say ...', 'was not willing to say ...'
    elif token.dep_ == "conj" and head.dep_ == "ccomp" and head.head.lemma_.lower() in reporting_cues():
        head = head.head  # 'said she regretted it and promised ...': promised is the speaker's act
    elif token.dep_ not in ("conj", "xcomp", "advcl", "ccomp") or head.i == token.i:
        return None
    return head if head.pos_ in ("VERB", "AUX") and head.i != token.i else None


QUANTITY_WORDS = frozenset("third half quarter majority percent plurality fifth".split())


def _quantity_subject(token: Token) -> Token | None:
    """Poll shares the parser leaves without a subject role: 'About 4 in 10 say ...',
    'Less than a third agreed ...'."""
    for child in token.lefts:
        if child.dep_ in ("npadvmod", "nummod") and (child.like_num or child.lower_ in QUANTITY_WORDS):
            return child
    return None


def _agent(token: Token) -> Token | None:
    return next((g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)


def _own_subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "nsubj" and (child.lower_ not in EXPLETIVES or _is_active_it(token, child)):
            return child
    agent = _agent(token)
    for child in token.children:
        if child.dep_ == "nsubjpass" and child.lower_ not in EXPLETIVES and child.lower_ != "that":
            if agent is not None:
                return agent  # 'Clinton was declared the winner by the networks': the networks speak
            return None if _is_passive_content(token) else child
    return agent


def _is_active_it(token: Token, subject: Token) -> bool:
    """'It said on Monday that ...' names a speaker; 'it seems that' and 'it is said' do not."""
    return subject.lower_ == "it" and token.lemma_.lower() not in RAISING_CUES and token.pos_ == "VERB" and not any(
        c.dep_ in ("auxpass", "acomp", "attr") for c in token.children)


def _is_passive_content(token: Token) -> bool:
    return any(c.dep_ == "ccomp" for c in token.children)


def _source_chars(doc: Doc, source: Token | None, content: tuple[int, int]) -> tuple[int, int] | None:
    """The speaker's words: the subject with its modifiers and appositions, without a
    parenthetical relative clause ('Harvey, who backed Rubio, said'), within one paragraph."""
    if source is None:
        return None
    if source.lower_ in RELATIVE_PRONOUNS:
        return source.idx, source.idx + len(source)
    dropped = {t.i for c in source.children if _is_parenthetical(c) for t in c.subtree}
    sentence = source.sent
    dropped |= {t.i for t in source.subtree if not sentence.start <= t.i < sentence.end}
    text = text_of(doc)
    tokens = [
        t for t in source.subtree
        if t.i not in dropped and not content[0] <= t.idx < content[1] and abs(t.i - source.i) < 40
        and "\n" not in _chars_between(text, t, source)
    ] or [source]
    return _trim(text, min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens))


def _chars_between(text: str, a: Token, b: Token) -> str:
    """The text from the first of two tokens through the last (``doc[i:j + 1].text`` without a Span)."""
    first, last = (a, b) if a.i <= b.i else (b, a)
    return text[first.idx:last.idx + len(last)]


def _is_parenthetical(child: Token) -> bool:
    """Set off by a comma or dash: ', who backed Rubio,' or 'The plan, he said, is dead'."""
    before = child.doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
    is_aside = before is not None and before.text in (",", "\u2014", "-", "(")
    return is_aside and child.dep_ in ("relcl", "acl", "advcl", "nsubj", "nsubjpass")


def _verb_group(token: Token, source: Token | None, content: tuple[int, int]) -> tuple[int, int]:
    """The cue with its auxiliaries, negation and adverbs, kept contiguous (PolNeAR's verb group)."""
    group = [token] + [
        c for c in token.children
        if c.dep_ in ("aux", "auxpass", "neg", "prt") or (c.dep_ == "advmod" and abs(c.i - token.i) <= 2)
    ]
    if token.dep_ == "xcomp" and token.head.pos_ in ("VERB", "AUX") and token.i - token.head.i <= 3:
        group.append(token.head)
    lo, hi = token.i, token.i
    for t in sorted(group, key=lambda t: abs(t.i - token.i)):
        if t.i < lo and all(_between_ok(u, source, content) for u in t.doc[t.i:lo]):
            lo = t.i
        elif t.i > hi and all(_between_ok(u, source, content) for u in t.doc[hi + 1:t.i + 1]):
            hi = t.i
    doc = token.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _between_ok(t: Token, source: Token | None, content: tuple[int, int]) -> bool:
    in_source = source is not None and source.left_edge.i <= t.i <= source.right_edge.i
    in_content = content[0] <= t.idx < content[1]
    return not (in_source or in_content or t.is_punct)


def _according_to(doc: Doc, token: Token, sentence_of) -> _Attribution | None:
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
        to = doc[token.i + 1]
    if to is None:
        return None
    objects = [c for c in to.children if c.dep_ == "pobj"]
    phrase_end = max([to.right_edge.i] + [o.right_edge.i for o in objects])
    sentence = token.sent
    before = (sentence.start_char, token.idx)
    after = (doc[phrase_end].idx + len(doc[phrase_end]), sentence.end_char)
    start, end = max((_trim(text_of(doc), *before), _trim(text_of(doc), *after)), key=lambda r: r[1] - r[0])
    if end - start < 3:
        return None
    source = None
    if objects:
        s = objects[0]
        source = _trim(text_of(doc), s.left_edge.idx, s.right_edge.idx + len(s.right_edge))
    return _Attribution(
        content=(start, end), cue=(token.idx, to.idx + len(to)), source=source,
        sentence=sentence_of(token.idx), source_token=objects[0] if objects else None, cue_token=token,
    )


HEADLINE_ATTRIBUTION = re.compile(r"^(?P<source>[A-Z][^:\n\d]{1,60}?):\s+(?P<content>\S[^\n]*)$", re.MULTILINE)


# Labels that open a note or a section, not a speaker's words ("Editor's note: ...").
SECTION_LABEL_WORDS = frozenset(
    "note correction update updated transcript notice byline previously twitter online video photo "
    "related editorial disclosure clarification".split()
)


def _is_section_label(label: str) -> bool:
    words = re.findall(r"[a-z]+", label.lower())
    return bool(words) and words[-1] in SECTION_LABEL_WORDS


def _is_transcript_speaker(text: str, label: str) -> bool:
    """'TAPPER: Well, ...' in an interview transcript: a capitalised name the article also
    writes in title case ('Jake Tapper'); section labels ('UPDATE:', 'CORRECTION:') are not."""
    words = label.split()
    if not (label.isupper() and 1 <= len(words) <= 3 and len(label) > 2):
        return False
    return re.search(r"\b" + re.escape(label.title()) + r"\b", text) is not None


def _headline_attributions(doc: Doc, sentence_of) -> list[_Attribution]:
    """Headline style 'Obama: It's Going To Be OK': a short name, a colon, the words."""
    text = text_of(doc)
    found = []
    for match in HEADLINE_ATTRIBUTION.finditer(text):
        source = doc.char_span(*match.span("source"), alignment_mode="expand")
        if source is None or len(source) > 6 or _is_section_label(match.group("source")):
            continue
        if not _is_transcript_speaker(text, match.group("source")) and (
            not any(t.pos_ == "PROPN" for t in source) or len(match.group("content").split()) > 40
        ):
            continue
        colon = match.end("source")
        found.append(_Attribution(
            content=_trim(text, *match.span("content")), cue=(colon, colon + 1), source=match.span("source"),
            sentence=sentence_of(colon), source_token=source.root, cue_token=None,
        ))
    return found


# Reporting verbs as headlines write them; the parser reads title case as names, so these are
# matched as words ('Clinton Says Russians Hacked DNC').
HEADLINE_VERBS = frozenset(
    "Says Say Said Tells Warns Slams Calls Claims Accuses Blasts Admits Vows Urges Defends Rips Endorses "
    "Praises Denies Insists Predicts Suggests Promises Threatens Pledges Announces Argues Touts Rejects".split()
)


def _title_case_headlines(doc: Doc, sentence_of) -> list[_Attribution]:
    """'Clinton Says Russians Hacked DNC': in a title-case line, the words before a headline
    verb are the source and the words after it the content."""
    text = text_of(doc)
    found = []
    for line in re.finditer(r"[^\n]+", text):
        words = re.findall(r"[A-Za-z][\w'\u2019-]*", line.group())
        if len(words) < 4 or sum(w[0].isupper() for w in words) < 0.8 * len(words):
            continue
        verb = next((m for m in re.finditer(r"\b(\w+)\b", line.group()) if m.group(1) in HEADLINE_VERBS), None)
        if verb is None:
            continue
        cue = (line.start() + verb.start(), line.start() + verb.end())
        source = _trim(text, line.start(), cue[0])
        content = _trim(text, cue[1], line.end())
        if not 0 < len(text[source[0]:source[1]].split()) <= 6 or len(text[content[0]:content[1]].split()) < 2:
            continue
        span = doc.char_span(*source, alignment_mode="expand")
        found.append(_Attribution(
            content=content, cue=cue, source=source, sentence=sentence_of(cue[0]),
            source_token=span.root if span is not None else None, cue_token=None,
        ))
    return found


SIGNED_QUOTE = re.compile(
    r"^[ \t]*(?P<content>[\"\u201c][^\n]*[\"\u201d])[ \t]*(?P<dash>\u2015|\u2014|\u2013|--)[ \t]*"
    r"(?P<source>[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,4})[^\n]{0,80}$",
    re.MULTILINE,
)


def _signed_quotes(doc: Doc, sentence_of) -> list[_Attribution]:
    """A paragraph that is a quotation signed with a dash and a name: '"...." \u2015 Ana Ruiz'
    (readers' comments, epigraphs, embedded posts)."""
    text = text_of(doc)
    found = []
    for match in SIGNED_QUOTE.finditer(text):
        source = doc.char_span(*match.span("source"), alignment_mode="expand")
        if source is None:
            continue
        found.append(_Attribution(
            content=match.span("content"), cue=match.span("dash"), source=match.span("source"),
            sentence=sentence_of(match.start("dash")), source_token=source.root, cue_token=None,
        ))
    return found


def _drop_nested(found: list[_Attribution]) -> list[_Attribution]:
    """An attribution whose cue lies in another's content is nested: keep the outer one.

    Contents sorted by start, with the two farthest ends so far, answer "does another content
    hold this cue" by bisection (comparing every pair made long reports quadratic)."""
    contents = sorted((b.content, k) for k, b in enumerate(found) if b.cue)
    starts = [c[0] for c, _ in contents]
    farthest: list[tuple[tuple[int, int], tuple[int, int]]] = []  # ((end, k), runner-up) over contents[:i+1]
    for (_, end), k in contents:
        top, second = farthest[-1] if farthest else ((-1, -1), (-1, -1))
        farthest.append(((end, k), top) if end >= top[0] else (top, max(second, (end, k))))
    kept = []
    for k, a in enumerate(found):
        word, i = _cue_word(a), 0
        if word is not None:
            i = bisect_right(starts, word[0])
        if i:
            top, second = farthest[i - 1]
            if (top if top[1] != k else second)[0] >= word[1]:
                continue
        kept.append(a)
    return kept


def _cue_word(a: _Attribution) -> tuple[int, int] | None:
    token = a.cue_token
    return (token.idx, token.idx + len(token)) if token is not None else a.cue


# -- direct quotes without a cue of their own ------------------------------------------------
def _direct(doc: Doc, marks, found: list[_Attribution], sentence_of) -> list[_Attribution]:
    """Quotations no cue governs: a continuation of the nearest earlier quoted attribution in
    the same or the previous paragraph (news style: '"...," she said. "..."')."""
    result = sorted(found, key=lambda a: a.content[0])
    text = text_of(doc)
    for span in marks:
        if _covered(span, result) or _is_phrase(doc, span):
            continue
        previous = _previous_quoted(text, span, result, marks)
        if previous is None:
            continue
        result.append(_Attribution(
            content=span, cue=None, source=previous.source, sentence=sentence_of(span[0]),
            source_token=previous.source_token, cue_token=previous.cue_token, continues=previous,
        ))
        result.sort(key=lambda a: a.content[0])
    return result


def _previous_quoted(text: str, span, found: list[_Attribution], marks) -> _Attribution | None:
    earlier = [
        a for a in found
        if a.content[1] <= span[0] and a.source is not None and any(_inside(m, a.content) for m in marks)
    ]
    if not earlier:
        return None
    last = max(earlier, key=lambda a: a.content[1])
    gap = text[last.content[1]:span[0]]
    paragraph_breaks = len(re.findall(r"\n\s*", gap))
    if paragraph_breaks == 1 and gap[gap.rfind("\n") + 1:].strip():
        return None  # in the next paragraph only a quotation that opens it continues the speaker
    return last if paragraph_breaks <= 1 and len(gap) <= 400 else None


def _scare_quotes(doc: Doc, marks, found, sentence_of) -> list[tuple[tuple[int, int], _Attribution | None]]:
    """Short quoted phrases that are not a clause: (span, the attribution they sit in, if any)."""
    result = []
    for span in marks:
        if not _is_phrase(doc, span):
            continue
        owner = next((a for a in found if _inside(span, a.content) and a.content != span), None)
        result.append((span, owner))
    return result


def _is_phrase(doc: Doc, span: tuple[int, int]) -> bool:
    if span[1] - span[0] < 3:
        return True
    inner = doc.char_span(span[0] + 1, span[1] - 1, alignment_mode="expand")
    if inner is None:
        return False
    words = [t for t in inner if not t.is_punct]
    has_clause = any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in words)
    return len(words) <= SCARE_MAX_WORDS and not (has_clause and len(words) >= 3)


def _unattributed(marks, found, scare) -> list[tuple[int, int]]:
    scare_spans = {s for s, _ in scare}
    return [m for m in marks if m not in scare_spans and not _covered(m, found)]


def _covered(span, found) -> bool:
    return any(_overlap(span, a.content) * 2 >= span[1] - span[0] for a in found)


# -- records ----------------------------------------------------------------------------------
def _quotes(doc: Doc, doc_id: str, found: list[_Attribution], marks, published: date | None) -> list[Quote]:
    records: list[Quote] = []
    made: dict[int, Quote] = {}
    named_before: list[Span] = []
    people = actors.document_actors(doc, doc_id, published) if found else None
    for a in found:
        previous = _continued(a, made)
        if previous is not None:
            quote = replace(previous, content=_span(doc, doc_id, *a.content), kind=_kind(a.content, marks),
                            sentence_index=a.sentence, cue=None, confidence=_confidence(a), continues=previous.id)
        else:
            name = _resolve_speaker(doc, a, named_before)
            if name is not None:
                named_before.append(name)
            quote = _quote(doc, doc_id, a, name, marks, published)
            quote = replace(quote, speaker_actor=_speaker_actor(doc, people, a, name, quote.date.start or published))
        made[id(a)] = quote
        records.append(quote)
    return records


def _quote(doc: Doc, doc_id: str, a: _Attribution, name: Span | None, marks, published: date | None) -> Quote:
    name_end = _strip_possessive(text_of(doc), name.end_char) if name is not None else 0
    return Quote(
        doc_id=doc_id,
        content=_span(doc, doc_id, *a.content),
        kind=_kind(a.content, marks),
        sentence_index=a.sentence,
        speaker=_span(doc, doc_id, *a.source) if a.source else None,
        cue=_span(doc, doc_id, *a.cue) if a.cue else None,
        date=_cue_date(a.cue_token, published) if a.cue_token is not None else EventDate(end=published),
        confidence=_confidence(a),
        speaker_name=_span(doc, doc_id, name.start_char, name_end) if name is not None else None,
    )


def _speaker_actor(doc: Doc, people, a: _Attribution, name: Span | None, on: date | None) -> Actor | None:
    """The speaker's actor with the role held on the quote's date: from the mention itself
    ("the South Korean militaries", "His government"), else from the named mention it refers to."""
    if people is None:
        return None
    spans = [doc.char_span(*a.source, alignment_mode="expand") if a.source else None, name]
    for span in spans:
        found = people.resolve(span, on=on, follow_pronouns=True) if span is not None else []
        if found and not found[0].country:  # "the judge said": the report's country, as for event actors
            found = [people.in_story_country(found[0]) or found[0]]
        if found and found[0].country:
            return found[0]
    return None


def _continued(a: _Attribution, made: dict[int, Quote]) -> Quote | None:
    return made.get(id(a.continues)) if a.continues is not None else None


def _scare_record(doc: Doc, doc_id: str, span: tuple[int, int], owner: Quote | None, sentence_of) -> Quote:
    """A scare quote: the phrase without its marks; speaker and cue of the statement it sits in."""
    content = _span(doc, doc_id, span[0] + 1, span[1] - 1)
    if owner is not None:
        return replace(owner, content=content, kind="direct", scare=True, confidence=0.5, continues=None,
                       sentence_index=sentence_of(span[0]))
    return Quote(doc_id=doc_id, content=content, kind="direct", sentence_index=sentence_of(span[0]),
                 scare=True, confidence=0.5)


def _kind(content: tuple[int, int], marks) -> str:
    quoted = sum(_overlap(content, m) for m in marks)
    if quoted >= (content[1] - content[0]) * 0.9:
        return "direct"
    return "mixed" if quoted else "indirect"


def _confidence(a: _Attribution) -> float:
    if a.cue is None:
        return 0.6
    return 0.8 if a.source is not None else 0.6


def _span(doc: Doc, doc_id: str, start: int, end: int) -> TextSpan:
    return TextSpan(doc_id, start, end, text_of(doc)[start:end])


# -- speaker resolution -------------------------------------------------------------------------
PERSON_NOUNS = frozenset(
    "envoy spokesman spokeswoman spokesperson minister president leader official officials "
    "secretary senator governor candidate chairman chief ambassador diplomat general commander "
    "premier chancellor king queen prince mayor lawmaker congressman congresswoman representative "
    "aide adviser advisor director nominee prosecutor judge".split()
)


def _resolve_speaker(doc: Doc, a: _Attribution, named_before: list[Span]) -> Span | None:
    """The named mention the speaker refers to: itself when named; for a pronoun or a
    description, the nearest earlier named speaker that fits, else the nearest fitting entity
    in the two sentences before."""
    token = a.source_token
    if token is None:
        return None
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        token = token.head.head  # "North Korea, which has been accusing ...": the antecedent
    mention = doc[token.left_edge.i:token.right_edge.i + 1] if token.lower_ not in RELATIVE_PRONOUNS else doc[token.i:token.i + 1]
    named = [e for e in ents_within(doc, mention.start, mention.end) if e.label_ in SPEAKER_LABELS]
    if named:  # the name the head word belongs to ("North Korean leader Kim Jong Un"), else a person
        return next((e for e in named if e.start <= token.i < e.end), None) or max(
            named, key=lambda e: (e.label_ == "PERSON", -e.start))
    possessor = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in PERSON_PRONOUNS | THING_PRONOUNS), None)
    if possessor is not None:
        token = possessor  # "his government": whose?
    wanted = _fitting_labels(token)
    if wanted is None:
        return None
    for ent in reversed(named_before):
        if ent.label_ in wanted and _fits(token, ent) and token.idx - ent.end_char < 1500:
            return ent
    window_start = _sentence_before(token.sent, 2).start_char
    for ent in reversed([e for e in doc.ents if window_start <= e.start_char and e.end_char <= mention.start_char]):
        if ent.label_ in wanted and _fits(token, ent):
            return ent
    return None


def _sentence_before(sentence: Span, n: int) -> Span:
    doc = sentence.doc
    for _ in range(n):
        if sentence.start == 0:
            break
        sentence = doc[sentence.start - 1].sent
    return sentence


def _strip_possessive(text: str, end: int) -> int:
    return end - 2 if text[end - 2:end] in ("'s", "\u2019s") else end


def _fitting_labels(token: Token) -> set[str] | None:
    word = token.lower_
    if word in ("he", "she", "his", "her"):
        return {"PERSON"}
    if word in ("it", "its"):
        return {"ORG", "GPE"}
    if word in ("they", "their"):
        return {"ORG", "GPE", "NORP"}
    is_definite = any(c.lower_ in ("the", "this") for c in token.children if c.dep_ == "det")
    if token.pos_ == "NOUN" and is_definite:
        return {"PERSON"} if word in PERSON_NOUNS else {"ORG", "GPE"}
    return None


def _fits(token: Token, ent: Span) -> bool:
    if token.pos_ != "NOUN" or token.lower_ in PERSON_NOUNS:
        return True
    return token.lower_ in ent.text.lower()


# -- dates ----------------------------------------------------------------------------------
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1}


def _cue_date(cue: Token, published: date | None) -> EventDate:
    """The time of the cue itself ('told reporters yesterday'), relative to publication."""
    for t in _time_words(cue):
        word = t.lower_
        if published is None:
            return EventDate(text=t.text)
        if word in RELATIVE_DAYS:
            day = published + timedelta(days=RELATIVE_DAYS[word])
            return EventDate("day", day, day, t.text)
        if word == "night" and any(c.lower_ == "last" for c in t.children):
            day = published - timedelta(days=1)
            return EventDate("day", day, day, "last night")
        if word in WEEKDAYS:
            back = (published.weekday() - WEEKDAYS.index(word)) % 7
            day = published - timedelta(days=back)
            return EventDate("day", day, day, t.text)
    return EventDate(end=published)


def _time_words(cue: Token):
    for child in cue.children:
        if child.dep_ in ("npadvmod", "advmod", "tmod") and (
            child.lower_ in RELATIVE_DAYS or child.lower_ in WEEKDAYS or child.lower_ == "night"
        ):
            yield child
        elif child.dep_ == "prep" and child.lower_ in ("on", "at"):
            yield from (g for g in child.children if g.dep_ == "pobj")


# -- character helpers ------------------------------------------------------------------------

def _sentence_index(doc: Doc):
    starts = [s.start_char for s in doc.sents]
    return lambda char: max(0, bisect.bisect_right(starts, char) - 1)


def _subtree_chars(token: Token) -> tuple[int, int]:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge)


_EDGE_PUNCT = " \t\n,.;:-\u2014\u2013"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _in_paragraph(text: str, a: _Attribution) -> tuple[int, int]:
    """The content clipped to the cue's paragraph (the parser's sentences may run across one)."""
    start, end = a.content
    cue = a.cue[0] if a.cue else start
    paragraph_start = text.rfind("\n", 0, cue) + 1
    paragraph_end = text.find("\n", cue)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    if start >= paragraph_end and _opens_with_quote(text, start):
        return start, end  # 'He told the crowd:' and the quotation as the next paragraph
    return _trim(text, max(start, paragraph_start), min(end, paragraph_end))


def _cover_quotes(content: tuple[int, int], marks) -> tuple[int, int]:
    """A content that reaches into a quotation takes the whole quotation, marks included."""
    start, end = content
    for a, b in marks:
        if a < end and start < b and not (start <= a and b <= end):
            if a <= start or b >= end:
                start, end = min(start, a), max(end, b)
    return start, end


def _overlap(x: tuple[int, int], y: tuple[int, int]) -> int:
    return max(0, min(x[1], y[1]) - max(x[0], y[0]))


class _Spans:
    """Character spans of a text, answering "does one of them hold (start, end)" in log time: a
    Fenwick tree of the farthest end per start (scanning every span per cue made long reports
    quadratic)."""

    def __init__(self, length: int, spans=()):
        self._ends = [-1] * (length + 2)
        for span in spans:
            self.add(span)

    def add(self, span: tuple[int, int]) -> None:
        i = span[0] + 1
        while i < len(self._ends):
            self._ends[i] = max(self._ends[i], span[1])
            i += i & -i

    def hold(self, x: tuple[int, int] | None) -> bool:
        if x is None:
            return False
        i, farthest = min(x[0] + 1, len(self._ends) - 1), -1
        while i > 0:
            farthest = max(farthest, self._ends[i])
            i -= i & -i
        return farthest >= x[1]


def _inside(x: tuple[int, int] | None, y: tuple[int, int]) -> bool:
    return x is not None and y[0] <= x[0] and x[1] <= y[1]

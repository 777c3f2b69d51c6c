"""Boilerplate removal for flattened text: lines in, headline + standfirst + body out.

Flattened pages (a scraper's text with no markup) hold the article as one contiguous run of
prose lines amid menus, captions, share buttons and comment blocks. Each line gets a score from
its features: word count, stop-word density (spaCy's list for the page's language), terminal
punctuation, known boilerplate phrases (``data/boilerplate.txt``), photo-credit endings
(``data/photo_credits.txt``) and, when the caller passes them, lines repeated across a site's
pages. The body is the contiguous run of lines with the highest total score; inside it, lists
of short link-like lines, captions and boilerplate go. The headline is the nearest headline-
like line above the body; a leading "By ..." line becomes the author, not body; a wire
dateline ("SEOUL, March 24 (Reuters) -") is reported as metadata and kept in the text, where
later stages cite its place and date.

It does not recover a second body part separated from the first by a long run of page
furniture, and does not turn a dateline without a year into a date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .furniture import furniture_lines

_TERMINAL = tuple(".!?:;\"'”’)…»")
# A sentence ends in . ! ? … (or : ; introducing what follows), possibly inside quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"'”’»)\]」』]*$")
# A line that is only a date or time (with a "Published"/"Updated" cue) or a comment header.
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE_ONLY = re.compile(
    r"^(?:(?:published|updated|posted|last updated|first published)\b[\s:]*)?(?:on\s+)?"
    r"[\w ,.:/|-]{0,12}\b(?:\d{1,2}[:.]\d{2}|\d{4}|" + _MONTH + r"\b)"
    r"[\w ,.:/|+()-]*$", re.I)
# A date or time inside a line: "Nov. 19, 2019", "19 November", "21/06/2014", "13.11.2019",
# "8:03 am", "2 days ago". A short unpunctuated line holding one at the top of the body is the
# page's byline/timestamp block ("Chris Davies - Nov 19, 2019, 10:31 pm CST"), not report text,
# nor a headline.
_STAMP = re.compile(
    r"\b(?:" + _MONTH + r"\s*\d{1,2}\b|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"|" + _MONTH + r"\s+\d{4}"
    r"|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?|\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago)",
    re.I)
_STAMP_MAX_WORDS = 15
# How many lines at the top of the body are looked at for such stamps.
_STAMP_EDGE = 3
_COMMENT_HEADER = re.compile(r"^\S+(?: \S+){0,3} (?:says|said|wrote|replied)\s*:$", re.I)
_WORD = re.compile(r"\w+", re.UNICODE)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0e7f]")
_UNSPACED_LANGUAGES = {"ja", "zh", "th", "lo", "km", "my"}
# Characters per word for scripts written without spaces (a common rule of thumb for Japanese/Chinese).
_CHARS_PER_WORD = 2
_LABEL_MAX_WORDS = 4
_HEADLINE_MIN_WORDS, _HEADLINE_MAX_WORDS = 3, 25
_STANDFIRST_MAX_WORDS = 45
# How far above the body the headline is looked for (bylines, dates, captions sit between).
_HEADLINE_LOOKBACK = 8
# Line scores, calibrated together against bench/extraction.py (text mode); do not tune one
# alone. A prose line adds its word count; furniture subtracts; phrases and tail markers are
# barriers the body does not run across.
_SHORT_WORDS = 8
_LONG_WORDS = 20
_MIN_STOPWORD_SHARE = 0.2
_SHORT_LINE_SCORE = -2.0
_HEADLINE_LIKE_SCORE = -4.0
_CAPTION_SCORE = -6.0
_REPEATED_SCORE = -10.0
# A date standing alone inside the page heads a teaser, a comment or a byline block; article
# paragraphs are not separated by one, so it is close to a barrier.
_DATE_SCORE = -40.0
# A prose line between two non-prose lines (a teaser under a related headline) counts a quarter.
_ISOLATED_WEIGHT = 0.25
# A "name says:" line followed by a date opens a reader-comment list: a barrier like a tail.
_COMMENT_HEADER_SCORE = -80.0
# Prose in a language without a stop-word list, or tables of names and numbers, counts less.
_NON_PROSE_WEIGHT = 0.25
_PHRASE_SCORE = -25.0
_TAIL_SCORE = -80.0
# Bylines and datelines are looked for in this many lines at the top of the body.
_LEAD_LINES = 3
# A later paragraph with at least this many word 4-grams, this share of them already kept, is a copy.
_REPEAT_GRAM, _REPEAT_MIN_GRAMS, _REPEAT_SHARE = 4, 8, 0.8
# Runs of this many short non-sentence lines inside the body are link lists, not subheads.
_LINK_RUN = 3
_BULLET = re.compile(r"^[-–•*·▪]\s+\S")
_BYLINE = re.compile(r"^(?:By|BY|Von|Par|Por)\s+([A-Z][\w'’.-]+(?:[ ,]+(?:and\s+)?[A-Z][\w'’.-]+){0,6})")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'’-]{1,40}?(?:,\s*[A-Z][A-Za-z .'’-]{1,30})?)"
    r"(?:,\s*(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w .&-]{1,30})\))?\s*(?:-|–|—|:)\s+(?=\S)"
)


@dataclass(frozen=True, slots=True)
class CleanedText:
    text: str
    title: str | None = None
    summary: str | None = None
    author: str | None = None
    dropped: tuple[tuple[str, str], ...] = field(default=())
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    words: int
    stop_share: float
    terminal: bool
    phrase: bool
    tail: bool
    caption: bool
    repeated: bool
    dated: bool
    comment_header: bool

    @property
    def sentence_like(self) -> bool:
        return self.terminal or self.words >= _LONG_WORDS


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """(block headings, phrases found anywhere in a short line, whole lines) from boilerplate.txt."""
    tail, anywhere, whole = [], [], set()
    for line in _data_lines("boilerplate.txt"):
        if line.startswith("tail:"):
            tail.append(line[5:].lower())
        elif line.startswith("line:"):
            whole.add(normalise_line(line[5:]))
        else:
            anywhere.append(line.lower())
    return tuple(tail), tuple(anywhere), frozenset(whole)


@lru_cache(maxsize=1)
def _tail_pattern() -> re.Pattern:
    """Block headings as whole words ("more in" must not match "more informal")."""
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _phrases()[0])) + r")(?!\w)")


@lru_cache(maxsize=1)
def _credits() -> tuple[str, ...]:
    return tuple(sorted(_data_lines("photo_credits.txt"), key=len, reverse=True))


def _data_lines(name: str) -> list[str]:
    text = resources.files("dateline.data").joinpath(name).read_text(encoding="utf-8")
    return [l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")]


@lru_cache(maxsize=32)
def _stop_words(language: str) -> frozenset[str]:
    import spacy.util

    try:
        return frozenset(w.lower() for w in spacy.util.get_lang_class(language).Defaults.stop_words)
    except Exception:  # no spaCy list for this language: stop-word density is not used
        return frozenset()


def normalise_line(line: str) -> str:
    """The form under which lines are compared across a site's pages."""
    return " ".join(_WORD.findall(line.lower()))


def clean_text(raw: str, *, repeated: frozenset[str] = frozenset(), extracted: bool = False) -> CleanedText:
    """Clean flattened page text; ``repeated`` holds normalised lines seen across the site.

    ``extracted``: the text is a crawler's main text (news-please ``maintext``), already cut to the
    article: no body region is searched (furniture between paragraphs does not split the report)
    and no headline is looked for (the crawler gives the title)."""
    texts = _paragraphs(raw)
    stop_words = _page_stop_words(texts)
    lines = _mark_comment_headers([_features(t, stop_words, repeated) for t in texts])
    dropped: list[tuple[str, str]] = []
    start, end = (0, len(lines)) if extracted else _body_region(lines)
    title = None if extracted else _headline(lines, start)
    dropped.extend((l.text, "outside the article body") for l in lines[:start] + lines[end:] if l.text != title)
    body = _drop_repeats(_prune(_drop_furniture(lines[start:end], dropped), dropped), dropped)
    author, body = _take_byline(body, lines[:start])
    body = _drop_stamps(body, dropped)
    dateline = _find_dateline(body)
    summary = _standfirst(body)
    parts = ([title] if title else []) + body
    return CleanedText("\n\n".join(parts), title, summary, author, tuple(dropped), dateline)


def _drop_furniture(lines: list[_Line], dropped: list[tuple[str, str]]) -> list[_Line]:
    """Credits, captions, galleries, link blocks and reader prompts between paragraphs (furniture.py)."""
    found = furniture_lines([l.text for l in lines])
    if len(found) == len(lines):
        # A caption sits beside a report: a text that is all captions is itself the report (a wire
        # story flattened to one line that closes with "(Beacon-News Photo/...)").
        found = {i: reason for i, reason in found.items() if reason != "photo caption"}
    dropped.extend((lines[i].text, reason) for i, reason in sorted(found.items()))
    return [l for i, l in enumerate(lines) if i not in found]


def _paragraphs(raw: str) -> list[str]:
    """One entry per paragraph; hard-wrapped lines (long, unpunctuated, next starts lower) rejoin."""
    out: list[str] = []
    join_next = False
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(line.split())
        if not line:
            join_next = False
            continue
        if join_next and out and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        join_next = len(out[-1]) >= 60 and not out[-1].endswith(_TERMINAL)
    return out


def _page_stop_words(texts: list[str]) -> frozenset[str]:
    from .ingest.language import most_likely

    sample = "\n".join(sorted(texts, key=len, reverse=True)[:20])[:4000]
    language = most_likely(sample) if sample.strip() else ""
    # Written without spaces, these languages' \w+ runs are phrases, not words: no stop words.
    return frozenset() if language in _UNSPACED_LANGUAGES or not language else _stop_words(language)


def _features(text: str, stop_words: frozenset[str], repeated: frozenset[str]) -> _Line:
    tokens = _WORD.findall(text)
    lower = text.lower()
    _, anywhere, whole = _phrases()
    short = len(tokens) <= 15
    stops = sum(1 for t in tokens if t.lower() in stop_words)
    return _Line(
        text=text,
        words=_word_count(tokens),
        stop_share=(stops / len(tokens) if tokens and stop_words else 1.0 if tokens else 0.0),
        terminal=bool(_SENTENCE_END.search(text)),
        phrase=short and (any(p in lower for p in anywhere) or normalise_line(text) in whole),
        # a block heading is a short line, not a sentence that mentions comments or newsletters
        tail=(len(tokens) <= _LABEL_MAX_WORDS * 2 or not _SENTENCE_END.search(text)) and len(tokens) <= 30
        and _tail_pattern().search(lower) is not None,
        caption=_is_caption(text),
        repeated=bool(repeated) and normalise_line(text) in repeated,
        dated=len(tokens) <= 12 and any(c.isdigit() for c in text) and bool(_DATE_ONLY.match(text))
        and not _is_clause(tokens),
        comment_header=bool(_COMMENT_HEADER.match(text)),
    )


# Lower-case words a date or time line holds ("Last updated on March 3, 2020 at 10:00 a.m. ET").
_DATE_LINE_WORDS = frozenset({"published", "updated", "posted", "last", "first", "on", "at", "am", "pm", "a", "m",
                              "p", "gmt", "utc", "et", "est", "edt", "bst", "cet", "by", "and", "of", "the"})


def _is_clause(tokens: list[str]) -> bool:
    """Three or more lower-case words a date line does not hold: "In May 2019, police arrested
    him in Kampala." is a sentence that opens with a date, not a date line."""
    return sum(1 for t in tokens if t.isalpha() and t.islower() and t not in _DATE_LINE_WORDS
               and not re.fullmatch(_MONTH.rstrip(r"\.?"), t)) >= 3


def _mark_comment_headers(lines: list[_Line]) -> list[_Line]:
    """Keep the comment-header flag only where a date line follows (a reader comment's header)."""
    from dataclasses import replace

    return [
        replace(line, comment_header=line.comment_header and any(n.dated for n in lines[i + 1 : i + 3]))
        for i, line in enumerate(lines)
    ]


def _word_count(tokens: list[str]) -> int:
    return sum(max(1, len(_UNSPACED.findall(t)) // _CHARS_PER_WORD) if _UNSPACED.search(t) else 1 for t in tokens)


def _score(line: _Line) -> float:
    if line.tail:
        return _TAIL_SCORE
    if line.phrase:
        return _PHRASE_SCORE
    if line.repeated:
        return _REPEATED_SCORE
    if line.caption:
        return _CAPTION_SCORE
    if line.comment_header:
        return _COMMENT_HEADER_SCORE
    if line.dated:
        return _DATE_SCORE
    if line.words == 0:
        return _SHORT_LINE_SCORE
    prose = line.stop_share >= _MIN_STOPWORD_SHARE
    if line.words < _SHORT_WORDS:
        return 1.0 if line.terminal and prose else _SHORT_LINE_SCORE
    if not line.sentence_like:
        return _HEADLINE_LIKE_SCORE
    return float(line.words) * (1.0 if prose else _NON_PROSE_WEIGHT)


def _scores_in_context(lines: list[_Line]) -> list[float]:
    """Line scores, with a prose line between two non-prose lines (a teaser, a stray comment)
    weighted down: article paragraphs come in runs."""
    raw = [_score(l) for l in lines]
    for i in range(1, len(lines)):
        # a block of share buttons is one piece of furniture, not one barrier per button
        if lines[i].phrase and lines[i - 1].phrase and not lines[i].tail:
            raw[i] = _SHORT_LINE_SCORE
    prose = [s >= _SHORT_WORDS for s in raw]
    out = []
    for i, s in enumerate(raw):
        alone = s > 0 and not (i > 0 and prose[i - 1]) and not (i + 1 < len(raw) and prose[i + 1])
        out.append(s * _ISOLATED_WEIGHT if alone else s)
    return out


def _body_region(lines: list[_Line]) -> tuple[int, int]:
    """The contiguous run of lines with the highest total score (Kadane); [start, end)."""
    scores = _scores_in_context(lines)
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, line in enumerate(lines):
        if total <= 0:
            total, start = 0.0, i
        total += scores[i]
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _prune(lines: list[_Line], dropped: list[tuple[str, str]]) -> list[str]:
    kept: list[str] = []
    run_start = None
    for i, line in enumerate(lines + [None]):
        # a bulleted list ("- Increase in the stamp duty threshold") is the report's own list
        in_run = (line is not None and not line.sentence_like and line.words <= _HEADLINE_MAX_WORDS
                  and not _BULLET.match(line.text))
        if in_run and run_start is None:
            run_start = i
        if not in_run and run_start is not None:
            run = lines[run_start:i]
            if len(run) >= _LINK_RUN:
                dropped.extend((l.text, "list of short lines") for l in run)
            else:
                kept.extend(l.text for l in run if _keep(l, dropped))
            run_start = None
        if line is not None and not in_run and _keep(line, dropped):
            kept.append(line.text)
    return kept


def _drop_repeats(lines: list[str], dropped: list[tuple[str, str]]) -> list[str]:
    """A paragraph printed twice on a page (teaser and body, sticky header, a caption under the
    photo and again in a gallery) is kept once: the later copy goes when it is the same line or
    most of its word 4-grams were already kept (a copy with a sentence added or cut)."""
    seen: set[str] = set()
    seen_grams: set[tuple[str, ...]] = set()
    seen_numbers: set[str] = set()
    kept = []
    for line in lines:
        key = normalise_line(line)
        words = key.split()
        grams = {tuple(words[i : i + _REPEAT_GRAM]) for i in range(len(words) - _REPEAT_GRAM + 1)}
        numbers = {w for w in words if w.isdigit()}
        # a figure not printed before makes it another statement ("3 people" / "5 people")
        copied = (len(grams) >= _REPEAT_MIN_GRAMS and len(grams & seen_grams) >= _REPEAT_SHARE * len(grams)
                  and numbers <= seen_numbers)
        if key and (key in seen or copied):
            dropped.append((line, "repeated on the page"))
        else:
            seen.add(key)
            seen_grams |= grams
            seen_numbers |= numbers
            kept.append(line)
    return kept


def _drop_stamps(lines: list[str], dropped: list[tuple[str, str]]) -> list[str]:
    """Byline/timestamp lines among the first lines of the body (see ``_STAMP``). Not at the end:
    there a dated line is as often an embedded post's signature, which is report text."""
    kept = []
    for i, line in enumerate(lines):
        if i < _STAMP_EDGE and _is_stamp(line):
            dropped.append((line, "date line"))
        else:
            kept.append(line)
    return kept


def _is_stamp(line: str) -> bool:
    """A short line that holds a date or time and does not end like a sentence (a clock time
    with "a.m." may end it); a wire dateline opening a paragraph is report text."""
    if _words(line) > _STAMP_MAX_WORDS or not _STAMP.search(line) or _wire_dateline(line):
        return False
    ends_with_time = re.search(r"\d\s*[ap]\.m\.$", line, re.I)
    return ends_with_time is not None or not re.search(r"[.!?][\"'”’»)\]]*$", line)


def _keep(line: _Line, dropped: list[tuple[str, str]]) -> bool:
    reason = ("boilerplate phrase" if line.phrase or line.tail else "photo caption or credit" if line.caption
              else "repeated across the site" if line.repeated else "date line" if line.dated
              else "comment header" if line.comment_header else "no words" if line.words == 0 else None)
    if reason:
        dropped.append((line.text, reason))
    return reason is None


def _is_caption(line: str) -> bool:
    if line.endswith(_TERMINAL) and not line.endswith(")"):
        return False
    if re.match(r"^(photo|image|picture|pictured|file photo)\s*[:(]", line, re.I):
        return True
    stripped = re.sub(r"[\s()/|©]+$", "", line)
    for credit in _credits():
        if stripped.endswith(credit) and len(stripped) > len(credit):
            before = stripped[: -len(credit)].rstrip()
            if before and (before.endswith(("/", "|", "©", ":")) or _words(before) >= 2):
                return True
    return False


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _headline(lines: list[_Line], start: int) -> str | None:
    """The nearest line above the body that reads as a headline (not a label, date, byline)."""
    for line in reversed(lines[max(0, start - _HEADLINE_LOOKBACK) : start]):
        if (
            _HEADLINE_MIN_WORDS < line.words <= _HEADLINE_MAX_WORDS
            and not line.text.endswith((".", ":", ";"))
            and not (line.phrase or line.tail or line.caption or line.repeated)
            and not _BYLINE.match(line.text)
            and not _is_stamp(line.text)
            and not furniture_lines([line.text])
        ):
            return line.text
    return None


def _take_byline(body: list[str], above: list[_Line]) -> tuple[str | None, list[str]]:
    """A "By ..." line at the top of the body (after a standfirst, perhaps) or just above it."""
    for i, line in enumerate(body[:_LEAD_LINES]):
        if _words(line) <= 12 and (match := _BYLINE.match(line)):
            return match.group(1), body[:i] + body[i + 1 :]
    for line in reversed(above[-_HEADLINE_LOOKBACK:]):
        if line.words <= 12 and (match := _BYLINE.match(line.text)):
            return match.group(1), body
    return None, body


def _find_dateline(body: list[str]) -> str | None:
    """A wire dateline opening the first paragraph (or the one after the standfirst).

    It is reported as metadata but stays in the text: its place and date are evidence that
    later stages cite by character offsets.
    """
    for line in body[:_LEAD_LINES]:
        if match := _wire_dateline(line):
            return match.group(0).rstrip(" -–—:")
    return None


def _wire_dateline(line: str) -> re.Match | None:
    """"SEOUL, March 24 (Reuters) -": a place in capitals with a date or an agency."""
    match = _DATELINE.match(line)
    if match and (match.group("date") or match.group("agency")) and match.group("place").split(",")[0].isupper():
        return match
    return None


def _standfirst(lines: list[str]) -> str | None:
    if len(lines) < 2:
        return None
    first = lines[0]
    sentence_breaks = len(re.findall(r"[.!?][\"”’]?\s+[A-Z“\"]", first))
    if _words(first) <= _STANDFIRST_MAX_WORDS and sentence_breaks == 0:
        return first
    return None

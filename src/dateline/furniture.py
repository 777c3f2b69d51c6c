"""Page furniture that crawlers leave inside report text: photo credits, captions, galleries,
related and most-read blocks, newsletter and social prompts.

A crawler's main text (news-please ``maintext``, a scraper's flattened article) keeps lines that
sat between the paragraphs on the page. They are found by their shape, not by one site's wording:

- **credits**: a short line of capitalised words naming an agency or photographer ("Barcroft
  Media", "Reuters/Toby Melville", "Credit: AP"), or such a credit closing a caption after a
  separator ("(Image: Getty)", "| PA Wire", "Photograph: Stefan Rousseau/PA");
- **galleries**: numbered items ("3 of 12", "3/12"), caption toggles ("Hide Caption") and the
  line before a toggle, section labels ("In pictures: ...");
- **link blocks**: a heading (short, no sentence end, in capitals or a block cue) and the
  headlines and one-sentence teasers that follow it; "Label: headline" lines ("Read more: ...");
- **prompts**: a short sentence addressed to the reader ("you", "our", an imperative) that names a
  channel (newsletter, inbox, Twitter, WhatsApp; ``data/furniture_cues.txt``).

What it does not find: furniture written as ordinary prose (an editor's note, a correction),
captions without a credit or toggle, and link blocks with no heading shorter than three lines.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[\w'’&.-]+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
# Gallery numbering at either end of a line: "3 of 12 Crowds gather", "... Hide Caption 3 of 12", "3/12 ...".
_NUMBERING = re.compile(r"^\d{1,3}\s*(?:of|/)\s*\d{1,3}\b|\b\d{1,3}\s*(?:of|/)\s*\d{1,3}$", re.I)
_TOGGLE = re.compile(r"\b(?:hide|show|expand|close|collapse|toggle)\s+caption\b", re.I)
# A line opened by a photo's label, as broadcasters print them: "Image caption, ...",
# "Image copyright Getty Images", "Media caption ...", "Photo credit: ...".
_MEDIA_LABEL = re.compile(r"^(?:image|photo|picture|media|video)\s+(?:caption|copyright|source|credit)\b", re.I)
# "Label: rest" with a short label, e.g. "Read more: ...", "In pictures: ...", "RELATED: ...".
_LABEL = re.compile(r"^(?P<label>[A-Za-z][\w'’ ]{0,24}?)\s*:\s+(?P<rest>\S.*)$")
# Separators before a closing credit, and cue words that introduce one.
_CREDIT_TAIL = re.compile(
    r"(?:\((?:(?:image|photo|picture|credit|pic)s?\s*:\s*)?(?P<paren>[^()]{2,60})\)"
    r"|(?:[|©]|\s[-–—]\s|\b(?:photograph|photo|picture|image|credit|pic)s?\s*:)\s*(?P<plain>[^|©:]{2,60}))\s*$",
    re.I,
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]{2,}|via|de|van|von|der|la|le|/)$")
# Above this many words a line is a paragraph, whatever its shape.
_SHORT_LINE_WORDS = 8
_CREDIT_MAX_WORDS = 7
_HEADLINE_MAX_WORDS = 20
_PROMPT_MAX_WORDS = 30
_TEASER_MAX_WORDS = 40
# A caption is a sentence or two under a picture; a longer line that ends in a credit is a
# report's body (wire reports flattened to one line close with "(Beacon-News Photo/...)").
_CAPTION_MAX_WORDS = 60


def furniture_lines(lines: list[str]) -> dict[int, str]:
    """Index -> reason for each furniture line of ``lines`` (paragraphs in page order)."""
    found: dict[int, str] = {}
    for i, line in enumerate(lines):
        reason = _line_reason(line)
        if reason:
            found[i] = reason
        elif i + 1 < len(lines) and _is_bare_toggle(lines[i + 1]):
            found[i] = "gallery caption"
    _mark_blocks(lines, found)
    return found


def _line_reason(line: str) -> str | None:
    words = _WORD.findall(line)
    if not words:
        return None
    if _is_toggle(line) or _NUMBERING.search(line):
        return "gallery caption"
    if _MEDIA_LABEL.match(line):
        return "photo caption"
    if is_credit(line):
        return "photo credit"
    if _has_closing_credit(line):
        return "photo caption"
    label = _LABEL.match(line)
    if label and _is_label(label.group("label")) and _headline_like(label.group("rest")):
        return "related link"
    if len(words) <= _PROMPT_MAX_WORDS and _is_prompt(line):
        return "reader prompt"
    return None


def _is_toggle(line: str) -> bool:
    return bool(_TOGGLE.search(line)) and len(_WORD.findall(line)) <= _SHORT_LINE_WORDS or bool(
        _TOGGLE.search(line) and _NUMBERING.search(line)
    )


def _is_bare_toggle(line: str) -> bool:
    """A toggle alone on its line ("Hide Caption", "Expand caption 3 of 12"): it closes the line above."""
    return bool(_TOGGLE.search(line)) and len(_WORD.findall(_NUMBERING.sub("", line))) <= 3


def is_credit(text: str) -> bool:
    """A credit alone: capitalised names with an agency/photographer shape, no sentence."""
    text = re.sub(r"^(?:(?:image|photo|picture|pic)?\s*credits?|photo(?:graph)?|pictures?|images?|pic)\s*:\s*", "",
                  text.strip(), flags=re.I)
    tokens = re.findall(r"/|[^\s/]+", text)
    if not tokens or len(tokens) > _CREDIT_MAX_WORDS + 2 or _SENTENCE_END.search(text):
        return False
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    return "/" in tokens or any(text.endswith(c) or text.startswith(c) for c in _credit_names())


def _has_closing_credit(line: str) -> bool:
    match = _CREDIT_TAIL.search(line)
    if not match:
        return False
    credit = (match.group("paren") or match.group("plain") or "").strip()
    before = line[: match.start()].strip()
    # after an explicit cue ("Credit:", "Photograph:", "(Image: ...)") any names are the credit
    cued = bool(re.search(r"\b(?:photograph|photo|picture|image|credit|pic)s?\s*:\s*[^:]*$", line[match.start():], re.I))
    words = len(_WORD.findall(before))
    return 2 <= words <= _CAPTION_MAX_WORDS and (is_credit(credit) or cued and _names_only(credit))


def _names_only(text: str) -> bool:
    tokens = re.findall(r"/|[^\s/]+", text.replace("©", " "))
    return 0 < len(tokens) <= _CREDIT_MAX_WORDS + 2 and all(_NAME_TOKEN.match(t.strip(".,")) for t in tokens)


def _is_label(label: str) -> bool:
    words = label.split()
    # one letter ("Q: ...", "A: ...") marks an interview's turns, not a link
    return len(label) > 1 and len(words) <= 3 and (label.isupper() or label.lower() in _cues("label"))


def _headline_like(text: str) -> bool:
    return len(_WORD.findall(text)) <= _HEADLINE_MAX_WORDS and not re.search(r"[.;]$", text.strip())


def _is_prompt(line: str) -> bool:
    lower = line.lower()
    addressed = re.search(r"\b(?:you|your|us|our)\b", lower) or lower.split()[0] in _cues("imperative")
    return bool(addressed) and _channel_pattern().search(lower) is not None


@lru_cache(maxsize=1)
def _channel_pattern() -> re.Pattern:
    """Channel cues as whole words ("our app" must not match "your appetite")."""
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(_cues("channel")))) + r")(?!\w)")


def _mark_blocks(lines: list[str], found: dict[int, str]) -> None:
    """A block heading and the headlines (with their one-sentence teasers) listed under it."""
    for i, line in enumerate(lines):
        if i in found or not _is_block_heading(line):
            continue
        j, items, teasers = i + 1, 0, 0
        while j < len(lines):
            if _is_listed_headline(lines[j]):
                items += 1
                j += 1
                # a teaser belongs to the block when another headline follows it, or when every
                # headline so far had one (the last item of a sidebar); else it is the report again
                if j < len(lines) and _is_teaser(lines[j]) and not _is_listed_headline(lines[j]):
                    follows = j + 1 < len(lines) and j + 1 not in found and _is_listed_headline(lines[j + 1])
                    if follows or (items >= 2 and teasers == items - 1):
                        teasers += 1
                        j += 1
            elif j in found:
                j += 1
            else:
                break
        if items >= 2:
            for k in range(i, j):
                found.setdefault(k, "related block")


def _is_listed_headline(line: str) -> bool:
    """A headline in a list: short, not ending like a sentence (a question or exclamation may)."""
    return _headline_like(line) and not re.search(r"[.:;…][\"'”’»)\]]*$", line.strip())


def _is_block_heading(line: str) -> bool:
    words = _WORD.findall(line)
    if not 1 <= len(words) <= 6 or _SENTENCE_END.search(line):
        return False
    lower = line.lower()
    return line.isupper() or any(lower.startswith(c) for c in _cues("heading") | _block_cues())


def _is_teaser(line: str) -> bool:
    """One sentence: ends like one, has no sentence break inside."""
    return (len(_WORD.findall(line)) <= _TEASER_MAX_WORDS and bool(_SENTENCE_END.search(line))
            and not re.search(r"[.!?][\"”’]?\s+[\"“‘']?[A-Z]", line))


@lru_cache(maxsize=1)
def _block_cues() -> frozenset[str]:
    from .clean import _phrases

    return frozenset(_phrases()[0])


@lru_cache(maxsize=1)
def _credit_names() -> tuple[str, ...]:
    text = resources.files("dateline.data").joinpath("photo_credits.txt").read_text(encoding="utf-8")
    return tuple(l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#"))


@lru_cache(maxsize=4)
def _cues(kind: str) -> frozenset[str]:
    text = resources.files("dateline.data").joinpath("furniture_cues.txt").read_text(encoding="utf-8")
    prefix = f"{kind}:"
    return frozenset(l[len(prefix):].strip().lower() for l in text.splitlines() if l.startswith(prefix))

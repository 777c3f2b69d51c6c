"""Cues in the running text that make a capitalised name a place, whatever the parser labelled it.

Each function reads the per-token lists ``places.find_places`` computes once per report (token
texts, lower-case forms, whether a token is capitalised) and returns token spans; the caller looks
the names up and resolves them. Neither cue depends on spaCy's entity labels, which the small
model often gets wrong on such names ("Jackson" PERSON and "Barrow" ORG in "Jackson and Barrow
counties"; "D-Charleston" ORG).
"""
from __future__ import annotations

from ..gazetteer import Gazetteer

# Party letters before a legislator's home town or state: "Rep. Jane Doe, D-Charleston," "(R-Ocilla)".
PARTY_LETTERS = frozenset({"D", "R", "I", "DFL"})
AREA_PLURALS = {"counties": "County", "parishes": "Parish"}
LIST_SEPARATORS = frozenset({",", "and", "or", "&"})
MAX_NAME_TOKENS = 3


def party_hometowns(texts: list[str], capitalised: list[bool], gaz: Gazetteer, abbreviations: dict[str, str]
                    ) -> list[tuple[int, int]]:
    """Token spans of the place after a party letter and a hyphen, right after a comma or a
    parenthesis: "Sen. Tom Bakk, DFL-Cook," "Rep. Nick Rahall, D-W. Va.," "(R-Ocilla)".

    The longest known name or state abbreviation of up to three capitalised tokens is returned;
    "D-Day" and "R-Mass" elsewhere in a sentence are not read (no comma or parenthesis before).
    """
    found = []
    for i in range(1, len(texts) - 2):
        if texts[i] not in PARTY_LETTERS or texts[i + 1] not in ("-", "–") or texts[i - 1] not in (",", "("):
            continue
        start = i + 2
        for end in range(min(len(texts), start + MAX_NAME_TOKENS), start, -1):
            if not all(capitalised[start:end]):
                continue
            text = " ".join(texts[start:end])
            if text in abbreviations or gaz.knows(text):
                found.append((start, end))
                break
    return found


def based_in(texts: list[str], capitalised: list[bool]) -> list[tuple[int, int]]:
    """Token spans of the capitalised words before "-based": "the Houston-based contractor",
    "Northbrook-based Crate & Barrel" (the parser often folds them into the firm's name)."""
    found = []
    for i in range(len(texts) - 2):
        if texts[i + 1] == "-" and texts[i + 2].lower() == "based" and capitalised[i]:
            start = i
            while start > 0 and i - start < MAX_NAME_TOKENS - 1 and capitalised[start - 1]:
                start -= 1
            found.append((start, i + 1))
    return found


def county_lists(lowers: list[str], capitalised: list[bool]) -> list[tuple[int, int, str]]:
    """Token spans of the names listed before "counties" or "parishes", with the area word:
    "Douglas, Sarpy and Lancaster counties" -> Douglas, Sarpy, Lancaster, each "County".

    A single name ("the metro Athens counties") is no list and is not returned.
    """
    found = []
    for k, word in enumerate(lowers):
        if word not in AREA_PLURALS:
            continue
        names = []
        i = k - 1
        while i >= 0 and capitalised[i]:
            j = i
            while j >= 0 and capitalised[j]:
                j -= 1
            names.append((j + 1, i + 1))
            while j >= 0 and lowers[j] in LIST_SEPARATORS:  # ", and"
                j -= 1
            if j == names[-1][0] - 1:
                break
            i = j
        if len(names) > 1:
            found += [(start, end, AREA_PLURALS[word]) for start, end in reversed(names)]
    return found

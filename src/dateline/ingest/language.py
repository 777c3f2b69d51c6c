"""Language identification of a report's clean text.

py3langid scores character n-grams; on a short or name-heavy English text (a headline, a list
of Filipino place names) it can put a weak score on another language (Tagalog, Latin). English
prose is also recognisable by its function words, which the rule coder needs anyway, so a text
whose words are largely English stop words is English unless py3langid is confident otherwise.
A text too short to judge takes the language its input declared (crawler JSON, HTML
``lang``), else py3langid's guess.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Under this many characters n-gram scores are unreliable: the declared language wins.
_MIN_CHARS = 200
# Text read for identification; the lead of a report is representative.
_SAMPLE_CHARS = 3000
# English news prose has 35-50% stop words (lowest of 200 BBC politics reports: 0.35), a
# name-heavy Manila report about 0.3; Dutch, French, German, Italian, Portuguese, Spanish, Swedish
# and Tagalog sentences share a few short ones ("a", "in", "do") and stay under 0.15. A share over
# this is English ...
_ENGLISH_STOPWORD_SHARE = 0.25
# ... unless py3langid gives another language at least this probability.
_CONFIDENT = 0.999
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def identify_language(text: str, *, declared: str | None = None) -> str:
    """ISO 639-1 code of ``text``'s language; ``declared`` is the input's own claim, if any."""
    sample = text[:_SAMPLE_CHARS]
    declared = (declared or "").split("-")[0].split("_")[0].lower() or None
    if len(sample.strip()) < _MIN_CHARS and declared:
        return declared
    language, probability = _identifier().classify(sample)
    if language != "en" and probability < _CONFIDENT and english_share(sample) >= _ENGLISH_STOPWORD_SHARE:
        return "en"
    return language


def most_likely(text: str) -> str:
    """py3langid's language for ``text``, from the one identifier this module loads (a second
    one, such as ``py3langid.classify``'s own, costs every process another model load)."""
    return _identifier().classify(text)[0]


def english_share(text: str) -> float:
    """Share of the words of ``text`` that are English stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = [w.lower() for w in _WORD.findall(text)]
    return sum(w in STOP_WORDS for w in words) / len(words) if words else 0.0


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

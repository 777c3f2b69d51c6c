"""Exact and near duplicates: the same story (a wire report on several sites) is one document.

Exact duplicates share the clean text's hash (``Document.id``). Near duplicates are found with
MinHash over 5-word shingles of the body (the headline, which sites rewrite, is left out)
and LSH banding (datasketch); a candidate counts when its estimated Jaccard similarity reaches
``settings near_duplicate_threshold``.

Signatures and band keys are kept in the store, so an ingest looks a new report up by its band
keys instead of re-hashing every stored text: the cost of a lookup does not grow with the
store. Documents stored without a signature (an older store, a changed threshold or MinHash
scheme) are signed once, the first time an index is opened on the store.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from . import settings

if TYPE_CHECKING:
    from .store import Store

_WORD = re.compile(r"\w+", re.UNICODE)
_SHINGLE_WORDS = 5
_BACKFILL_CHUNK = 1000


class DuplicateIndex:
    """Looks reports up against the store's documents and those added during this run.

    ``add`` remembers a report for the rest of the run; ``persist`` saves the signatures of the
    added reports that reached the store (call it after writing them) and forgets them.
    """

    def __init__(self, store: Store | None = None, *, threshold: float | None = None,
                 permutations: int | None = None):
        self.threshold = threshold if threshold is not None else settings.get("near_duplicate_threshold")
        self.permutations = permutations or settings.get("minhash_permutations")
        self._store = store
        # A threshold of 1 or more turns near-duplicate merging off; exact duplicates still match.
        self.near = self.threshold < 1
        self._run: dict[str, np.ndarray | None] = {}
        self._run_bands: dict[int, set[str]] = {}
        self._pending: list[tuple[str, np.ndarray, list[int]]] = []
        self._batch = _Batch()
        if self.near:
            self._bands, self._rows = _lsh_shape(self.threshold, self.permutations)
            self.scheme = _scheme(self.permutations, self._bands, self._rows)
            if store is not None:
                self._sign_unsigned(store)

    def add_all(self, documents: Iterable[tuple[str, str]]) -> None:
        for doc_id, text in documents:
            self.add(doc_id, text)

    def add(self, doc_id: str, text: str) -> None:
        if doc_id in self._run:
            return
        if not self.near:
            self._run[doc_id] = None
            return
        signature = self._signature_of(doc_id, text)
        keys = self._band_keys(signature)
        self._run[doc_id] = signature
        for key in keys:
            self._run_bands.setdefault(key, set()).add(doc_id)
        self._pending.append((doc_id, signature, keys))

    def look_up(self, documents: Iterable[tuple[str, str]]) -> None:
        """Fetch what the store holds on a batch of (id, text) in a few queries, so that
        ``match`` on them asks the store nothing more."""
        documents = list(documents)
        self._batch = _Batch(checked={doc_id for doc_id, _ in documents})
        if self._store is None:
            return
        self._batch.stored = self._store.existing_ids(list(self._batch.checked))
        if not self.near:
            return
        for doc_id, text in documents:
            if doc_id not in self._batch.stored:
                self._batch.signatures[doc_id] = self._signature(text)
        keys = {key for signature in self._batch.signatures.values() for key in self._band_keys(signature)}
        for key, doc_id, values in self._store.minhash_candidates(self.scheme, sorted(keys)):
            self._batch.bands.setdefault(key, set()).add(doc_id)
            self._batch.stored_signatures[doc_id] = np.asarray(values, dtype=np.uint64)

    def match(self, doc_id: str, text: str) -> tuple[str, float] | None:
        """The stored or added document this text duplicates, with the similarity (1.0 when exact)."""
        if doc_id in self._run or self._stored(doc_id):
            return doc_id, 1.0
        if not self.near:
            return None
        signature = self._signature_of(doc_id, text)
        scored = [(other, float(np.mean(theirs == signature))) for other, theirs in self._candidates(doc_id, signature)]
        scored = [s for s in scored if s[1] >= self.threshold]
        return max(scored, key=lambda s: (s[1], s[0])) if scored else None

    def _stored(self, doc_id: str) -> bool:
        if doc_id in self._batch.checked:
            return doc_id in self._batch.stored
        return self._store is not None and bool(self._store.existing_ids([doc_id]))

    def persist(self) -> None:
        """Save the added reports' signatures (those now stored) and drop them from memory."""
        if self._store is None:
            return
        if self._pending:
            self._store.save_minhashes(self.scheme, [(d, s.tolist(), k) for d, s, k in self._pending])
        self._run.clear()
        self._run_bands.clear()
        self._pending.clear()
        self._batch = _Batch()

    def _candidates(self, doc_id: str, signature: np.ndarray) -> list[tuple[str, np.ndarray]]:
        keys = self._band_keys(signature)
        found = {doc for key in keys for doc in self._run_bands.get(key, ())}
        pairs = [(doc, self._run[doc]) for doc in sorted(found)]
        if self._store is None:
            return pairs
        if doc_id in self._batch.checked:
            stored = sorted({doc for key in keys for doc in self._batch.bands.get(key, ())} - found)
            return pairs + [(doc, self._batch.stored_signatures[doc]) for doc in stored]
        return pairs + [(doc, np.asarray(values, dtype=np.uint64))
                        for _, doc, values in self._store.minhash_candidates(self.scheme, keys) if doc not in found]

    def _signature_of(self, doc_id: str, text: str) -> np.ndarray:
        """The signature ``look_up`` or ``match`` computed for this batch, else a new one (kept:
        ``add`` usually follows ``match``)."""
        signature = self._batch.signatures.get(doc_id)
        if signature is None:
            signature = self._batch.signatures[doc_id] = self._signature(text)
        return signature

    def _signature(self, text: str) -> np.ndarray:
        from datasketch import MinHash

        words = _WORD.findall(_body(text).lower())
        template = _template(self.permutations)
        signature = MinHash(num_perm=self.permutations, seed=1, permutations=template.permutations,
                            scheme=template.scheme)
        signature.update_batch([" ".join(words[i : i + _SHINGLE_WORDS]).encode("utf-8")
                                for i in range(max(1, len(words) - _SHINGLE_WORDS + 1))])
        return signature.hashvalues.astype(np.uint64)

    def _band_keys(self, signature: np.ndarray) -> list[int]:
        rows = self._rows
        return [_band_key(self.scheme, band, signature[band * rows : (band + 1) * rows]) for band in range(self._bands)]

    def _sign_unsigned(self, store: Store) -> None:
        while batch := store.unsigned_documents(self.scheme, _BACKFILL_CHUNK):
            self.add_all(batch)
            self.persist()


@dataclass
class _Batch:
    """What the store said about the batch being matched (``DuplicateIndex.look_up``)."""

    checked: set[str] = field(default_factory=set)
    stored: set[str] = field(default_factory=set)
    signatures: dict[str, np.ndarray] = field(default_factory=dict)
    bands: dict[int, set[str]] = field(default_factory=dict)
    stored_signatures: dict[str, np.ndarray] = field(default_factory=dict)


def _band_key(scheme: str, band: int, values: np.ndarray) -> int:
    digest = hashlib.blake2b(values.tobytes(), digest_size=8, person=f"{band}".encode()[:16],
                             key=scheme.encode()[:64]).digest()
    return int.from_bytes(digest, "little", signed=True)


@lru_cache(maxsize=8)
def _lsh_shape(threshold: float, permutations: int) -> tuple[int, int]:
    """Bands and rows per band datasketch picks for this threshold (balanced error weights)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=permutations)
    return lsh.b, lsh.r


@lru_cache(maxsize=8)
def _template(permutations: int):
    """A MinHash whose permutations the others reuse (drawing them costs more than hashing)."""
    from datasketch import MinHash

    return MinHash(num_perm=permutations, seed=1)


def _scheme(permutations: int, bands: int, rows: int) -> str:
    """Names what makes signatures comparable: a new datasketch release may hash differently."""
    import datasketch

    release = ".".join(datasketch.__version__.split(".")[:2])
    return f"datasketch{release}-{_template(permutations).scheme}-seed1-{permutations}p-{bands}x{rows}"


def _body(text: str) -> str:
    """The text without a first paragraph that is a headline (short, no sentence end)."""
    first, _, rest = text.partition("\n\n")
    return rest if rest and len(first.split()) <= 25 and not first.rstrip().endswith((".", "!", "?")) else text

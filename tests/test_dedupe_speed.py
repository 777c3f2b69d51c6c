"""Start-up shortcuts of the near-duplicate index give what the slow path gives."""
from datasketch import MinHashLSH

from dateline import dedupe


def test_dedupe_known_lsh_shapes_are_datasketchs():
    for (threshold, permutations), shape in dedupe._KNOWN_SHAPES.items():
        lsh = MinHashLSH(threshold=threshold, num_perm=permutations)
        assert shape == (lsh.b, lsh.r)


def test_dedupe_other_lsh_shapes_still_computed():
    lsh = MinHashLSH(threshold=0.5, num_perm=64)
    assert dedupe._lsh_shape(0.5, 64) == (lsh.b, lsh.r)

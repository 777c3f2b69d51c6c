"""The rule coder's knowledge lives in data files: every word set is read, none is dead, none is
left in code, and sets of PLOVER codes hold PLOVER codes."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dateline.events import lexicon

EVENTS = Path(__file__).resolve().parents[2] / "src" / "dateline" / "events"
# The modules of the rule coder's steps (see the table in events/coder.py).
STEP_MODULES = ("coder.py", "triggers.py", "argument_slots.py", "arguments.py", "recipients.py", "status.py",
                "assemble.py", "scope.py", "modality.py")
TYPE_SETS = ("yielding_types", "cooperative_types", "place_recipient_types", "judgement_types")


def _source(name: str) -> str:
    return (EVENTS / name).read_text(encoding="utf-8")


def _read_sets() -> set[str]:
    return {m for name in STEP_MODULES for m in re.findall(r'lexicon\.words\("(\w+)"\)', _source(name))}


def test_event_words_every_set_is_read_by_a_step():
    in_file = set(lexicon._word_sets())
    assert len(in_file) == 58
    assert in_file == _read_sets()


@pytest.mark.parametrize("module", STEP_MODULES)
def test_event_words_no_word_set_left_in_code(module):
    tree = ast.parse(_source(module))
    literals = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "frozenset" and node.args and isinstance(node.args[0], ast.Set)]
    assert literals == []


def test_event_words_unknown_set_names_the_file():
    with pytest.raises(KeyError, match="event_words.tsv has no word set 'no_such_set'"):
        lexicon.words("no_such_set")


@pytest.mark.parametrize("name", TYPE_SETS)
def test_event_words_type_sets_hold_plover_types(name):
    types = {t for t, _ in lexicon.load().scores}
    assert lexicon.words(name) and lexicon.words(name) <= types


def test_event_words_type_shifts_name_plover_types_and_modes():
    lex = lexicon.load()
    types = {t for t, _ in lex.scores}
    for row in lexicon.table("event_type_shifts.tsv"):
        assert row["type"] in types and row["future"] in types | {"-"}
        for mode in (row["threat_mode"], row["unless_mode"]):
            assert mode == "-" or lex.valid_mode("THREATEN", mode) == mode, row

import pytest

from dateline import settings


def test_settings_default_when_environment_is_silent(monkeypatch):
    monkeypatch.delenv("DATELINE_BATCH_SIZE", raising=False)
    assert settings.get("batch_size") == settings.SETTINGS["batch_size"].default


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [("batch_size", "8", 8), ("near_duplicate_threshold", "0.9", 0.9), ("spacy_model", "en_core_web_sm", "en_core_web_sm")],
)
def test_settings_environment_overrides_with_the_default_type(monkeypatch, name, raw, value):
    monkeypatch.setenv(f"DATELINE_{name.upper()}", raw)
    assert settings.get(name) == value


def test_settings_bad_environment_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("DATELINE_BATCH_SIZE", "lots")
    with pytest.raises(ValueError, match=r"\$DATELINE_BATCH_SIZE: 'lots' is not of type int"):
        settings.get("batch_size")


def test_settings_near_duplicate_threshold_one_turns_merging_off(monkeypatch):
    from dateline.dedupe import DuplicateIndex

    body = " ".join(f"word{i}" for i in range(300))
    index = DuplicateIndex(threshold=1.0)
    index.add("a", body)
    assert index.match("a", body) == ("a", 1.0)
    assert index.match("b", body + " (copy 2)") is None
    assert DuplicateIndex(threshold=0.7).match("b", body) is None

"""The extractor's word knowledge is data: data/triggers.yaml and data/lexicon.yaml."""
from __future__ import annotations

import dataclasses

import pytest
import yaml

from geo.errors import DataError
from geo.lexicon import Words, load_lexicon, load_words


def test_every_grammar_word_list_loads_lower_case():
    words = load_words()
    for f in dataclasses.fields(Words):
        values = getattr(words, f.name)
        assert values, f"data/lexicon.yaml: list {f.name} is empty"
        assert all(v == v.lower() and v.strip() == v for v in values), f.name


def test_yaml_booleans_do_not_sneak_into_preposition_lists():
    # a bare `on`/`in` in YAML would be read as true/false; the file quotes them
    assert {"on", "in", "off"} <= load_words().locative_preps
    assert "in" in load_words().temporal_preps


def test_missing_word_list_names_file_and_list(tmp_path):
    from geo.settings import DATA_DIR

    raw = yaml.safe_load((DATA_DIR / "lexicon.yaml").read_text(encoding="utf-8"))
    del raw["place_heads"]
    bad = tmp_path / "lexicon.yaml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(DataError, match=r"lexicon\.yaml: word list 'place_heads'"):
        load_words(str(bad))


def test_trigger_lexicon_indexes_groups_by_lemma():
    lex = load_lexicon()
    assert any(spec.cls == "violence" for spec in lex.triggers["attack"])
    assert any(spec.cls == "protest" for spec in lex.triggers["protest"])

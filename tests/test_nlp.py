"""The pipeline: registry names win over the statistical NER; long articles are
parsed in bounded chunks with exact offsets; excluded spans never reach spaCy."""
from __future__ import annotations

from geo import nlp as geo_nlp
from geo.records import Article


def test_registry_names_win_over_the_ner(nlp):
    doc = nlp("Kataib Hezbollah fired rockets at the base, the Iraqi army said.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert any("Kataib Hezbollah" in t and lab == "ORG" for t, lab in labels.items())


def test_pipeline_is_built_once(nlp):
    assert geo_nlp.get_nlp() is nlp


def test_long_article_is_parsed_in_bounded_chunks_with_exact_offsets(nlp):
    para = "Gunmen attacked a checkpoint near Mosul on Monday. " * 40
    text = "\n\n".join([para] * 30)
    art = Article(doc="x", index=0, start=100, end=100 + len(text), text=text)
    chunks = geo_nlp.article_chunks(art, max_chars=1000)
    assert max(len(t) for _, t in chunks) <= 1000
    full = " " * 100 + text
    for off, t in chunks:
        assert full[off:off + len(t)] == t


def test_excluded_spans_are_blanked_and_offsets_kept(nlp):
    text = "Caption: protesters in Basra.\nGunmen attacked a convoy near Tikrit."
    art = Article(doc="x", index=0, start=0, end=len(text), text=text, excluded=((0, 29),))
    parsed = geo_nlp.parse_article(nlp, art)
    words = [t.text for _, d in parsed for t in d if not t.is_space]
    assert "Basra" not in words and "Tikrit" in words
    for off, d in parsed:
        for t in d:
            if not t.is_space:
                assert text[off + t.idx: off + t.idx + len(t.text)] == t.text

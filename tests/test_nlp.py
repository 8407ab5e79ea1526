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


# ------------------------------------------ place names the small model misreads

def _labels(nlp, text: str) -> dict[str, str]:
    return {e.text: e.label_ for e in nlp(text).ents}


def test_acled_note_places_and_their_province_in_parentheses_are_places(nlp):
    labels = _labels(nlp, "On 13 August 2015, police raided a farm in Abdali (Jahra) and seized weapons.")
    assert labels.get("Abdali") == "GPE" and labels.get("Jahra") == "GPE", labels


def test_a_city_named_before_its_place_noun_is_a_place(nlp):
    labels = _labels(nlp, "Gunmen killed a tribal leader and his aide south of Sanaa city on Monday.")
    assert labels.get("Sanaa") == "GPE", labels


def test_a_town_a_place_verb_acts_on_is_a_place(nlp):
    labels = _labels(nlp, "Militants shelled Sderot on Monday.")
    assert labels.get("Sderot") == "GPE", labels


def test_a_person_whose_name_is_also_a_small_town_stays_a_person(nlp):
    # "Saleh" is an alternate name of several small towns, but nothing here uses it as a place
    labels = _labels(nlp, "Jordan said Saleh had met the envoy on Sunday.")
    assert labels.get("Saleh") == "PERSON", labels


def test_registry_actors_are_never_relabelled_as_places(nlp):
    labels = _labels(nlp, "In Basra, Qais al-Khazali addressed supporters of Asaib Ahl al-Haq.")
    assert labels.get("Qais al-Khazali") == "PERSON" and labels.get("Basra") == "GPE", labels


def test_acled_note_event_sits_at_the_town_not_the_article_focus(nlp):
    from test_events import run

    text = ("On 4 December 2017, Houthi forces killed a former minister and his guard south of Sanaa city "
            "(Sanaa) after clashes between the two former allies.")
    found = [e for e in run(nlp, text, dateline="2017-12-05") if e.type == "militia_activity"]
    assert found and found[0].place is not None and found[0].place.precision == 1, found
    assert abs(found[0].place.lat - 15.35) < 0.3 and abs(found[0].place.lon - 44.21) < 0.3, found[0].place


def test_a_weapons_name_is_neither_a_place_nor_an_actor(nlp):
    for text, name in (("On 11 March 2020, 18 Katyusha rockets hit Camp Taji, killing two soldiers.", "Katyusha"),
                       ("Hezbollah fired Grad rockets at Kiryat Shmona.", "Grad"),
                       ("The Houthis fired a Burkan missile at Riyadh.", "Burkan")):
        labels = _labels(nlp, text)
        assert name not in labels, labels
    assert _labels(nlp, "A Saudi jet struck Sanaa.").get("Saudi") == "NORP"  # a nationality stays


def test_an_unclaimed_rocket_attack_on_a_base_is_militia_activity(nlp):
    from test_events import run

    text = ("On 11 March 2020, around 18 Katyusha rockets hit Camp Taji (Baghdad), north of the capital, "
            "killing two US soldiers and a British soldier.")
    found = run(nlp, text, dateline="2020-03-12")
    assert [e.type for e in found] == ["militia_activity"], found
    assert found[0].place is not None and "Taji" in found[0].place.name, found[0].place


def test_no_break_spaces_inside_names_keep_the_name_whole_and_the_quote_verbatim(nlp):
    from test_events import run

    text = ("The army dismissed Lt.\u00a0Gen. Abdul\u00a0Wahab al-Saadi, the commander of the "
            "counter-terrorism service, in Baghdad on Friday.")
    found = run(nlp, text, dateline="2019-09-30")
    assert found, found
    assert any("Abdul Wahab al-Saadi" in a for a in found[0].actors), found[0].actors
    assert "Abdul Wahab" not in found[0].actors
    assert found[0].quote in text and "\u00a0" in found[0].quote  # the document's own characters

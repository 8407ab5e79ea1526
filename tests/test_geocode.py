"""Where and when an event is placed: the event's own place, not the speaker's;
relative dates against the dateline; the article focus as a last resort."""
from __future__ import annotations

from test_events import run, types


def test_event_place_not_speaker_place(nlp):
    text = ("A rocket hit a military base in Kirkuk on Monday, a security official told AFP by phone from Beirut.")
    found = run(nlp, text)
    assert found and found[0].place is not None
    assert found[0].place.country == "IQ"
    assert "Kirkuk" in found[0].place.name


def test_province_named_through_its_country(nlp):
    found = run(nlp, "Two fighters were killed by a roadside bomb in Iraq's Saladin province in June 2015.")
    assert found and found[0].place is not None
    assert found[0].place.country == "IQ" and found[0].place.precision <= 2
    assert found[0].date == "2015-06"


def test_border_area_between_two_countries(nlp):
    found = run(nlp, "Jordan's army said it killed dozens of armed smugglers who crossed its border from Syria.")
    assert found and found[0].type == "border_incident"
    assert found[0].place is not None and found[0].place.precision == 2


def test_relative_date_against_the_dateline(nlp):
    found = run(nlp, "Protesters rallied in Basra on Monday.", dateline="2019-11-07")
    assert found and found[0].date == "2019-11-04"


def test_last_month_against_the_dateline(nlp):
    found = run(nlp, "Gunmen shot dead an activist in Amara last month.", dateline="2019-11-20")
    assert found and found[0].date == "2019-10"


def test_no_dateline_and_no_date_leaves_the_year_unknown(nlp):
    found = run(nlp, "Gunmen shot dead an activist in Amara.", dateline=None)
    assert found and found[0].date is None and found[0].year is None


def test_event_without_place_falls_back_to_the_article_country(nlp):
    text = ("Iraq's government is under pressure in Basra.\n\n"
            "Militiamen later kidnapped a journalist, his colleagues said.")
    found = run(nlp, text)
    kid = [e for e in found if e.type == "militia_activity"]
    assert kid and kid[0].place is not None and kid[0].place.country == "IQ"


def test_provenance_offsets_quote_and_why(nlp):
    text = "Intro line.\n\nA car bomb exploded near a checkpoint in Tikrit, killing five soldiers."
    found = run(nlp, text)
    ev = found[0]
    assert text[ev.start:ev.end] == ev.quote
    assert ev.mentions and ev.mentions[0].quote == ev.quote
    assert "place:" in ev.why and "date:" in ev.why
    assert 0 < ev.confidence <= 1


def test_sanctions_are_placed_at_the_target_country(nlp):
    text = "WASHINGTON, May 4 (Reuters) - The U.S. Treasury imposed sanctions on Iran's oil minister on Friday."
    found = run(nlp, text, dateline="2021-05-04")
    pol = [e for e in found if e.type == "political"]
    assert pol and pol[0].place is not None and pol[0].place.country == "IR"


def test_a_later_attribution_adds_the_actor_to_the_attack(nlp):
    text = ("Rockets struck a military base near Baghdad airport on Monday, the army said. "
            "Kataib Hezbollah was blamed for the attack.")
    found = run(nlp, text)
    assert len(found) == 1 and "Kataib Hezbollah" in found[0].actors


def test_neighbour_strikes_across_but_distant_power_fights_a_group(nlp):
    assert types(nlp, "Turkish jets struck PKK positions in northern Iraq on Sunday.") == ["border_incident"]
    assert types(nlp, "U.S. jets struck Kataib Hezbollah positions in western Iraq on Sunday.") == ["militia_activity"]


def test_revolutionary_guards_abroad_are_a_border_incident(nlp):
    assert types(nlp, "The Revolutionary Guards fired missiles at a base in Erbil on Monday.") == ["border_incident"]


def test_place_roles_word_lists_load_and_name_a_missing_list(tmp_path):
    import pytest

    from geo.errors import DataError
    from geo.place_names import load_place_roles

    roles = load_place_roles()
    assert "ambassador" in roles.office_nouns and "embassy" in roles.seat_installations
    assert "consulate" not in roles.seat_installations  # consulates sit outside capitals
    bad = tmp_path / "roles.yaml"
    bad.write_text("office_nouns: [envoy]\n", encoding="utf-8")
    with pytest.raises(DataError, match="visit_nouns"):
        load_place_roles(str(bad))

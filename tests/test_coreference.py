"""Detail sentences about an act already told join that act (geo/coreference.py).

Sentences written for these tests in wire, analysis and ACLED-note styles; the
negatives are acts told right after another that must stay their own events.
"""
from __future__ import annotations

from test_events import run

from geo.coreference import DETAIL_MARK


def _one(events):
    assert len(events) == 1, [(e.type, e.place and e.place.name, e.quote[:60]) for e in events]
    return events[0]


def test_casualties_in_the_attack_join_the_attack_not_the_victims_country(nlp):
    text = ("Rockets fired by an Iran-backed militia struck a military base near Kirkuk on Friday, the army said. "
            "Two foreign contractors, including a citizen of the Philippines, were killed in the rocket attack, "
            "a security official said.")
    ev = _one(run(nlp, text))
    assert ev.place.name == "Kirkuk" and ev.date == "2021-03-05"
    assert ev.fatalities == 2  # the detail's deaths are kept: the act told first had none
    assert len(ev.mentions) == 2 and ev.mentions[1].quote.startswith("Two foreign contractors")
    assert DETAIL_MARK in ev.why


def test_development_of_last_years_rallies_keeps_their_date(nlp):
    text = ("At the end of last year, thousands of Lebanese rallied in Beirut against new taxes. "
            "Very quickly, the rallies turned into demonstrations against the whole political class.")
    ev = _one(run(nlp, text))
    assert ev.type == "protest" and ev.date == "2020-12" and len(ev.mentions) == 2


def test_more_sites_of_a_strike_locate_the_country_level_strike(nlp):
    text = ("U.S. jets struck weapons depots of Kataib Hezbollah in Syria on Monday, the Pentagon said. "
            "Two more sites were hit across the border near the town of Mayadin.")
    ev = _one(run(nlp, text))
    assert ev.type == "militia_activity" and ev.place.name == "Mayadin" and ev.date == "2021-03-08"
    assert "Kataib Hezbollah" in ev.actors and len(ev.mentions) == 2
    assert "it locates the act more precisely" in ev.why and ev.quote.startswith(("U.S.", "Jets"))


def test_parts_hit_by_missiles_are_no_new_agent(nlp):
    text = ("U.S. jets struck weapons depots of Kataib Hezbollah in Syria on Monday, the Pentagon said. "
            "Two other militia sites were hit by missiles near the town of Mayadin.")
    ev = _one(run(nlp, text))
    assert ev.place.name == "Mayadin" and ev.date == "2021-03-08"


def test_acled_note_detail_in_the_explosion(nlp):
    text = ("On 3 June 2020, a roadside bomb hit a logistics convoy contracted by the US-led coalition in "
            "Diwaniyah. Two drivers from Kuwait were killed in the explosion.")
    ev = _one(run(nlp, text))
    assert ev.place.name == "Diwaniyah" and ev.fatalities == 2
    assert "joined as a detail of the act told before" in ev.why


def test_another_attack_with_its_own_place_and_day_stays_apart(nlp):
    text = "Rockets hit Ain al-Asad air base on Monday. Another rocket attack hit Erbil airport on Tuesday."
    assert len(run(nlp, text)) == 2


def test_a_retaliation_after_the_attack_is_a_new_act(nlp):
    text = ("Rockets fired by an Iran-backed militia struck a military base near Kirkuk on Friday. "
            "Israeli jets struck Hezbollah positions in Syria after the attack.")
    found = run(nlp, text)
    assert len(found) == 2 and all(DETAIL_MARK not in e.why for e in found)


def test_protests_spreading_to_another_town_on_another_day_stay_apart(nlp):
    text = "Students rallied outside the university in Basra on Sunday. The protests spread to Nasiriyah on Monday."
    places = sorted(e.place.name for e in run(nlp, text))
    assert places == ["Basra", "Nasiriyah"]


def test_a_detail_does_not_join_an_act_of_another_kind(nlp):
    text = ("Thousands of protesters marched through central Baghdad on Friday. "
            "Two contractors from Jordan were killed in the rocket attack on the airport, officials said.")
    for ev in run(nlp, text):
        assert DETAIL_MARK not in ev.why
        assert len(ev.mentions) == 1


def test_a_detail_with_nothing_told_before_stays_as_it_was(nlp):
    text = "Two contractors from Jordan were killed in the rocket attack near Baghdad airport, officials said."
    found = run(nlp, text)
    assert all(DETAIL_MARK not in e.why for e in found)


def test_the_attack_restated_with_a_claimed_target_abroad_keeps_the_acts_place(nlp):
    text = ("A drone attack killed three soldiers at an outpost in northeastern Jordan on Sunday, officials said. "
            "A government spokesman later said the attack had targeted a garrison across the border in Syria.")
    ev = _one(run(nlp, text))
    assert ev.place.country == "JO" and ev.fatalities == 3 and len(ev.mentions) == 2


def test_the_strikes_restated_near_a_town_locate_the_country_level_strikes(nlp):
    text = ("U.S. aircraft struck Kataib Hezbollah positions in Iraq on Sunday. "
            "The strikes hit a weapons depot near the town of al-Qaim, the Pentagon said.")
    ev = _one(run(nlp, text))
    assert ev.place.name == "al-Qaim" and ev.date == "2021-03-07" and "Kataib Hezbollah" in ev.actors


def test_the_second_attack_is_another_act(nlp):
    text = ("Rockets struck a military base near Kirkuk on Friday, the army said. "
            "The second attack hit a convoy near Tikrit, killing two drivers.")
    found = run(nlp, text)
    assert sorted(e.place.name for e in found) == ["Kirkuk", "Tikrit"]
    assert all(DETAIL_MARK not in e.why for e in found)


def test_violence_during_the_protests_is_part_of_the_protests_told_before(nlp):
    text = ("Thousands of protesters rallied in Tahrir Square in Baghdad on Friday. "
            "During the protests, security forces shot dead 12 demonstrators, medics said.")
    ev = _one(run(nlp, text))
    assert ev.type == "protest" and ev.fatalities == 12 and "security forces" in ev.actors


def test_a_setting_on_the_first_clause_covers_the_clauses_joined_to_it(nlp):
    text = ("The killing of a student by police in Zahedan in October sparked protests across Iran that lasted for "
            "weeks. Hundreds were detained during the protests, and at least 30 demonstrators from Baluchistan "
            "were killed.")
    found = run(nlp, text)
    assert all(e.place is None or e.place.country == "IR" for e in found)
    assert any(DETAIL_MARK in e.why and len(e.mentions) == 2 for e in found)


def test_a_claim_of_responsibility_keeps_its_quote_among_the_mentions(nlp):
    text = ("A roadside bomb hit a convoy near Diwaniyah on Friday. "
            "Saraya Awliya al-Dam later claimed responsibility for the bombing in a statement.")
    ev = _one(run(nlp, text))
    assert "Saraya Awliya al-Dam" in ev.actors and len(ev.mentions) == 2
    assert "claimed responsibility" in ev.mentions[1].quote and DETAIL_MARK in ev.why


# ------------------------------------------ a source's count of the victims

def test_a_groups_count_of_its_dead_joins_the_strike_told_before(nlp):
    text = ("U.S. and British warships struck Houthi radar sites and weapons depots in Yemen last Friday in "
            "response to the group's attacks on shipping in the Red Sea. The Houthis said five of their fighters "
            "were killed.")
    ev = _one([e for e in run(nlp, text, dateline="2024-01-17") if e.type != "political"])
    assert ev.place.country == "YE" and ev.fatalities == 5 and len(ev.mentions) == 2


def test_a_count_of_the_dead_after_an_air_strike_adds_no_second_point(nlp):
    text = ("Israeli jets struck a Hezbollah position in southern Lebanon on Sunday, the army said. "
            "Hezbollah said two of its fighters were killed.")
    ev = _one([e for e in run(nlp, text, dateline="2024-01-17") if e.type != "political"])
    assert ev.fatalities == 2


def test_a_count_with_its_own_setting_or_agent_stays_its_own_event(nlp):
    texts = ["Militants attacked an army checkpoint near Tikrit on Monday. In Diyala, officials said three "
             "soldiers were killed in an ambush.",
             "Militants attacked an army checkpoint near Tikrit on Monday. Police said three officers were "
             "wounded by a roadside bomb in Kirkuk."]
    for text in texts:
        assert len([e for e in run(nlp, text, dateline="2024-01-17") if e.type != "political"]) == 2, text

"""Event typing by who acts: a state's forces striking into a neighbour are a
border incident, an armed group acting inside one country is militia activity.

Sentences are written for these tests (wire, analysis and ACLED-note styles),
never taken from the seeds or the devset.
"""
from __future__ import annotations

import pytest
from test_events import run as run_text


def run(pipeline, text: str, dateline: str = "2021-06-14"):
    return run_text(pipeline, text, dateline)


def types(pipeline, text: str) -> list[str]:
    return [e.type for e in run(pipeline, text)]


CROSS_BORDER = [
    # a participle telling the result of a state's strikes shares the main verb's subject
    "Turkey launched air strikes on Sunday on what it called rebel camps in Iraq's Duhok province, "
    "killing at least six people near the town of Amadiya, local officials said.",
    "Iran carried out drone strikes overnight on militant hideouts in Pakistan's Balochistan province, "
    "wounding four people near the town of Turbat.",
    # a passive coordinated with one that names the agent shares that agent
    "On 4 May 2021, a farmer was killed and two shepherds injured by Israeli artillery fire near the "
    "southern Lebanese town of Khiam.",
    # the plain cases stay right
    "Jordanian warplanes bombed smugglers' hideouts in southern Syria on Tuesday, the army said.",
]


@pytest.mark.parametrize("text", CROSS_BORDER)
def test_state_striking_into_a_neighbour_is_a_border_incident(nlp, text):
    found = types(nlp, text)
    assert "border_incident" in found, found
    assert "militia_activity" not in found, found


def test_participle_agent_names_the_striking_state(nlp):
    found = run(nlp, "Turkey launched air strikes on Sunday on what it called rebel camps in Iraq's Duhok "
                     "province, killing at least six people near the town of Amadiya, local officials said.")
    assert any("Turkey" in e.actors for e in found if e.type == "border_incident"), [(e.type, e.actors)
                                                                                      for e in found]


MILITIA = [
    # an armed group firing inside one country: militia activity, whatever the participle
    "Militiamen fired three rockets at an air base north of Baghdad on Friday, wounding two contractors.",
    "Gunmen from Kataib Hezbollah opened fire on a checkpoint in Jurf al-Sakhar, killing a policeman.",
    # a passive pair whose shared agent is an armed group
    "A soldier was killed and three others wounded by a roadside bomb planted by militants near Tikrit.",
]


@pytest.mark.parametrize("text", MILITIA)
def test_armed_group_inside_one_country_stays_militia_activity(nlp, text):
    found = types(nlp, text)
    assert "militia_activity" in found, found
    assert "border_incident" not in found, found


def test_state_forces_at_home_are_not_a_border_incident(nlp):
    # a state's own army acting on its own soil, with no border named: not a cross-border act
    found = types(nlp, "Iraqi troops raided a village near Samarra on Monday, killing two suspected fighters "
                       "of the Islamic State.")
    assert "border_incident" not in found, found


# ------------------------------------------- countries that describe a party, not a place

PARTY_NOT_PLACE = [
    # (sentence, country that must not be the event's place, expected country of the place or None)
    ("Houthi fighters seized a cargo vessel linked to Israel in the Red Sea on Sunday.", "IL", None),
    ("Hundreds of demonstrators chanting slogans against Iran rallied in Nasiriyah on Friday.", "IR", "IQ"),
    ("In Basra, protesters chanted against both America and Iran outside the provincial council.", "US", "IQ"),
    ("Gunmen backed by Iran fired mortars at a base near Kirkuk, police said.", "IR", "IQ"),
    ("A militia loyal to Tehran shelled positions near Mosul overnight.", "IR", "IQ"),
]


@pytest.mark.parametrize("text,not_country,country", PARTY_NOT_PLACE)
def test_country_tied_to_or_spoken_against_is_not_the_place(nlp, text, not_country, country):
    found = [e for e in run(nlp, text) if e.type != "political"]
    assert found, text
    for e in found:
        where = e.place.country if e.place else None
        assert where != not_country, (e.type, e.place)
        if country:
            assert where == country, (e.type, e.place)


def test_strike_against_a_country_keeps_it_as_target_place(nlp):
    # "against" on a violent act names its target: the country stays the place when nothing finer is given
    found = run(nlp, "Jordanian jets carried out strikes against smugglers in Syria on Monday.")
    assert any(e.place is not None and e.place.country == "SY" for e in found), [(e.type, e.place) for e in found]


# ------------------------------------------------------- a journey is not a list of places

def test_journey_origin_is_not_the_place_of_what_happened_after(nlp):
    found = [e for e in run(nlp, "The activist flew from Istanbul to Baghdad in March and was kidnapped by gunmen "
                                 "two days later.") if e.type == "militia_activity"]
    assert found and all(e.place is not None and e.place.country == "IQ" for e in found), \
        [(e.type, e.place) for e in found]


def test_range_of_places_still_lists_each(nlp):
    # "from X in the north to Y in the south" is a spread of one protest wave, not a journey
    found = run(nlp, "Demonstrations erupted on Sunday from Tripoli in the north to Tyre in the south.")
    # (without a journey verb the first end stays a place of the event, never a mere origin)
    assert "Tripoli" in {e.place.resolved for e in found if e.type == "protest" and e.place}, \
        [(e.type, e.place) for e in found]


# ------------------------------------------- agents told in a neighbouring clause

def test_when_clause_names_who_killed(nlp):
    found = types(nlp, "Four shepherds were killed on Monday when Turkish warplanes bombed a village near Zakho.")
    assert found == ["border_incident"], found


def test_when_clause_with_a_weapon_only_stays_militia_activity(nlp):
    # the weapon's relative clause ("where US troops are based") does not make the US the attacker
    found = run(nlp, "A woman was killed on Monday when a rocket aimed at Balad air base, where US troops are "
                     "based, fell on her house, police said.")
    assert [e.type for e in found] == ["militia_activity"], [(e.type, e.actors) for e in found]


def test_its_jets_are_the_reporting_states(nlp):
    found = run(nlp, "The Turkish defence ministry said its jets struck PKK shelters near Amadiya in "
                     "northern Iraq on Saturday.")
    assert any(e.type == "border_incident" for e in found), [(e.type, e.actors) for e in found]


def test_nationality_of_a_town_is_not_a_state_actor(nlp):
    found = run(nlp, "Israeli shelling wounded two farmers near the southern Lebanese town of Bint Jbeil.")
    assert any(e.type == "border_incident" for e in found), [(e.type, e.actors) for e in found]
    assert not any("Lebanese government" in e.actors or "Lebanon" in e.actors for e in found), \
        [e.actors for e in found]


# ----------------------------------------------------- one of a series borrows its agent

def test_second_strike_of_a_state_series_is_a_border_incident(nlp):
    found = run(nlp, "Turkish drones struck a car near Qamishli on Friday, killing two fighters. Another strike "
                     "hit a checkpoint near Amuda, a monitor said.")
    assert [e.type for e in found] == ["border_incident", "border_incident"], [(e.type, e.place) for e in found]


def test_second_attack_of_a_militia_series_stays_militia_activity(nlp):
    found = run(nlp, "Militants fired rockets at a base near Balad on Sunday. A second attack hit a police "
                     "convoy in Tikrit, police said.")
    assert found and all(e.type == "militia_activity" for e in found), [(e.type, e.place) for e in found]


def test_series_word_with_its_own_agent_keeps_it(nlp):
    # "another Israeli strike" names its own state: nothing is borrowed from the sentence before
    found = run(nlp, "Kataib Hezbollah fighters fired rockets at a base near Balad on Sunday. Another Israeli "
                     "strike hit a building near Damascus the same night.")
    assert any(e.type == "border_incident" and "Israel" in e.actors for e in found), \
        [(e.type, e.actors) for e in found]
    assert not any(e.type == "border_incident" and "Kataib Hezbollah" in e.actors for e in found), \
        [(e.type, e.actors) for e in found]


# ------------------------------------ armed groups on a neighbour, states against states
# GUIDELINES: fire across a frontier and clashes between states' forces are border
# incidents.  A group striking a neighbouring state's forces or a frontier town is one;
# a deep strike, a distant power's base, or rebels inside the group's own war are not.

FRONTIER_ACTS = [
    # the forces of the neighbouring state are the target
    "Hezbollah fired an anti-tank missile at an Israeli army post near Metula on Tuesday.",
    "On 3 June 2021, Houthi fighters shelled Saudi army positions in the mountains of Jizan province.",
    # a frontier town of the neighbour is the target
    "Hezbollah launched two drones at Metula on Friday, the Israeli military said.",
    # two states' forces are the two sides of a clash
    "Armenian and Azerbaijani forces clashed near the village of Talish on Sunday.",
    "Clashes broke out between Indian and Pakistani troops in Kashmir on Friday, officials said.",
]


@pytest.mark.parametrize("text", FRONTIER_ACTS)
def test_frontier_acts_are_border_incidents(nlp, text):
    assert "border_incident" in types(nlp, text), text


NOT_FRONTIER = [
    # a deep strike far from the frontier stays with the group
    "Houthi forces fired a ballistic missile at Riyadh on Monday, the coalition said.",
    # a distant power's base in the group's own country
    "Kataib Hezbollah fired rockets at a US base near Baghdad airport on Monday.",
    # the group's own war: rebels are not a neighbouring state
    "Hezbollah fighters clashed with rebels near the Syrian town of Qusayr on Sunday.",
    # allied states against an armed group
    "US and Iraqi forces clashed with Islamic State fighters near Mosul on Sunday.",
]


@pytest.mark.parametrize("text", NOT_FRONTIER)
def test_acts_away_from_a_frontier_stay_militia_activity(nlp, text):
    found = types(nlp, text)
    assert "militia_activity" in found and "border_incident" not in found, (text, found)


# --------------------------------------------- training and mobilisation of armed groups
# GUIDELINES: mobilisation and training are militia activity, and so is the IRGC
# operating with or through armed groups, wherever it happens; training of a state's
# police by another state is neither.

def test_the_guards_training_a_group_abroad_is_militia_activity_not_a_border_incident(nlp):
    found = types(nlp, "The Quds Force trained and armed Houthi fighters in Yemen, the officials said.")
    assert "militia_activity" in found and "border_incident" not in found, found


def test_training_and_sending_of_fighters_are_militia_activity(nlp):
    for text in ("Dozens of Iraqi militiamen received military training from the Revolutionary Guards "
                 "in Iran in 2015.",
                 "Kataib Hezbollah sent hundreds of fighters to Albu Kamal in June 2018."):
        assert "militia_activity" in types(nlp, text), text


def test_training_or_sending_without_an_armed_group_is_not_an_event(nlp):
    for text in ("Iraqi police officers received training in Jordan from US instructors in 2005.",
                 "The ministry sent a letter to the United Nations in March.",
                 "Hundreds of young men travelled abroad for vocational training in 2014."):
        assert types(nlp, text) == [], text


# ----------------------------------------------- fighting on disputed ground

DISPUTED = [
    "Clashes resumed over the disputed region of Nagorno-Karabakh on Tuesday.",
    "Fighting broke out in the disputed Shebaa Farms area on Monday, killing a soldier.",
]


@pytest.mark.parametrize("text", DISPUTED)
def test_fighting_on_disputed_territory_is_a_border_incident(nlp, text):
    assert types(nlp, text) == ["border_incident"]


@pytest.mark.parametrize("text", [
    # an armed group fighting the police in a city two regions of one state claim: militia activity
    "Militants clashed with police in the disputed city of Kirkuk on Friday.",
    # the claimants are two regions of one country: no line between states
    "Clashes broke out in the disputed area between Iraqi Kurdistan and Nineveh, killing two policemen.",
])
def test_disputed_ground_inside_one_state_or_with_an_armed_group_stays_militia_activity(nlp, text):
    assert types(nlp, text) == ["militia_activity"]


def test_armed_group_assault_on_a_whole_country_is_not_a_frontier_strike(nlp):
    found = run(nlp, "Hamas's assault on Israel killed about 1,200 people, Israeli officials said.")
    assert [e.type for e in found] == ["militia_activity"]


# ------------------------------------------------ joined verbs and frontier seizures

def test_a_raid_whose_joined_verb_seizes_an_armed_cells_weapons_is_militia_activity(nlp):
    text = ("On 2 March 2016, Bahraini police raided a house in Sitra and seized rifles and explosives "
            "belonging to a cell linked to the Revolutionary Guards.")
    assert "militia_activity" in types(nlp, text)


@pytest.mark.parametrize("text", [
    "Police raided a house in Basra and seized documents on Sunday.",
    "Iraqi forces raided a village near Kirkuk and detained two farmers.",
])
def test_a_states_raid_with_no_armed_target_is_not_an_event(nlp, text):
    assert types(nlp, text) == []


@pytest.mark.parametrize("text", [
    "Customs officers at the Al-Omari border crossing seized two million amphetamine pills on Sunday, "
    "the customs department said.",
    "Border guards confiscated a shipment of hashish at the frontier with Syria on Monday.",
])
def test_a_seizure_at_the_border_is_a_border_incident(nlp, text):
    assert "border_incident" in types(nlp, text)


def test_a_seizure_away_from_the_border_without_arms_is_not_an_event(nlp):
    assert types(nlp, "Police seized four million Captagon pills in a warehouse in Amman on Monday.") == []


def test_a_border_set_off_after_a_place_name_only_locates_it(nlp):
    text = ("On Tuesday, a drone struck a militia truck near Albu Kamal, on the Iraqi border, killing two "
            "fighters, a war monitor said.")
    assert types(nlp, text) == ["militia_activity"]


def test_a_clash_on_the_border_is_still_a_border_incident(nlp):
    assert "border_incident" in types(nlp, "Jordanian troops clashed with armed smugglers on the Syrian border.")


def test_a_group_reporting_its_own_strike_is_its_agent(nlp):
    text = "Hezbollah said it launched explosive drones on Monday at an Israeli army base in the town of Metula."
    found = run(nlp, text)
    assert found and found[0].type == "border_incident", [(e.type, e.why) for e in found]


def test_a_witness_reporting_what_others_did_is_not_the_agent(nlp):
    found = run(nlp, "Witnesses said they saw gunmen fire at a convoy near Basra on Monday.")
    assert [e.type for e in found] == ["militia_activity"]


@pytest.mark.parametrize("text", [
    "An anti-tank missile fired from Lebanon hit an Israeli army post on Monday.",
    "On 12 May 2021, a drone launched from Iraq struck a Kuwaiti oil facility.",
])
def test_a_weapon_launched_from_one_country_at_a_neighbours_site_is_a_border_incident(nlp, text):
    assert types(nlp, text) == ["border_incident"]


def test_a_weapon_launched_and_landing_in_one_country_stays_militia_activity(nlp):
    assert types(nlp, "A rocket fired from Iraq hit an oil field in Iraq's Basra province.") == ["militia_activity"]


def test_fighting_over_a_disputed_thing_that_is_not_land_is_not_a_border_incident(nlp):
    found = types(nlp, "Clashes erupted over the disputed election results in Basra on Monday, killing two.")
    assert "border_incident" not in found


@pytest.mark.parametrize("text", [
    "Ali Jawad, a journalist, was shot dead outside his home in Basra on Monday.",
    "He was shot dead near his car in Amarah on Monday, police sources said.",
    "On 3 June 2021, an unidentified man gunned down a tribal sheikh in Kut.",
])
def test_a_shooting_with_no_named_shooter_is_an_armed_act(nlp, text):
    assert types(nlp, text) == ["militia_activity"]


def test_a_state_shooting_with_no_armed_target_stays_out(nlp):
    assert types(nlp, "Police shot dead a man who ran a checkpoint in Basra on Monday.") == []


@pytest.mark.parametrize("text", [
    "Asaib Ahl al-Haq's leader Qais al-Khazali demanded the withdrawal of US forces from Iraq in a televised "
    "speech in Baghdad on Sunday.",
    "The Badr Organization called on Prime Minister Mustafa al-Kadhimi to resign at a news conference in "
    "Baghdad on Sunday.",
])
def test_a_demand_or_call_by_an_armed_group_is_political(nlp, text):
    assert types(nlp, text) == ["political"]


def test_a_threat_by_an_armed_group_stays_militia_activity(nlp):
    found = types(nlp, "Asaib Ahl al-Haq threatened on Sunday to attack US bases in Iraq if the troops stayed.")
    assert found == ["militia_activity"]


@pytest.mark.parametrize("text", [
    "Gunmen opened fire on supporters of the party who had gathered outside its office in Basra on Sunday, "
    "killing two.",
    "Masked men fired on students who had gathered to demand jobs outside the governorate building in Kut.",
])
def test_violence_on_people_who_had_gathered_to_rally_is_a_protest_event(nlp, text):
    assert types(nlp, text) == ["protest"]


@pytest.mark.parametrize("text", [
    "Gunmen fired on worshippers who had gathered for Friday prayers in Basra on Sunday.",
    "On 12 May 2021, unidentified gunmen shot dead a protest activist outside his home in Diwaniyah.",
    "Gunmen killed the protest leader at his home in Amarah on Sunday, police said.",
])
def test_a_targeted_killing_or_a_gathering_for_another_purpose_is_not_a_protest(nlp, text):
    assert types(nlp, text) == ["militia_activity"]


def test_an_attack_on_a_protest_camp_stays_a_protest_event(nlp):
    assert types(nlp, "Gunmen opened fire on a protest camp in Nasiriyah on Sunday, killing one.") == ["protest"]


@pytest.mark.parametrize("text", [
    "The drills come as the emir, a staunch US ally, discussed regional security with a visiting British "
    "minister.",
    "Iran's regional rival received the Iraqi delegation, officials said.",
])
def test_a_country_naming_the_other_side_of_a_relation_is_not_the_agents_state(nlp, text):
    from geo.agents import countries_of_agent
    doc = nlp(text)
    verb = next(t for t in doc if t.lemma_ in ("discuss", "receive"))
    assert "US" not in countries_of_agent(verb) and "IR" not in countries_of_agent(verb)


def test_a_nationality_of_the_agent_itself_is_still_its_state(nlp):
    from geo.agents import countries_of_agent
    doc = nlp("The Iraqi prime minister met the Saudi crown prince in Riyadh.")
    assert countries_of_agent(next(t for t in doc if t.lemma_ == "meet")) == ("IQ",)


def test_strikes_across_a_country_are_throughout_it_not_across_its_border(nlp):
    text = "US warplanes struck Houthi radar sites and drone depots across Yemen early on Friday, officials said."
    assert types(nlp, text) == ["militia_activity"]


def test_a_raid_into_a_neighbour_still_crosses_its_border(nlp):
    text = "On 3 March 2022, armed smugglers crossed into Jordan from Syria and attacked an army patrol."
    assert types(nlp, text) == ["border_incident"]


@pytest.mark.parametrize("text", [
    "On 14 June 2021, unidentified gunmen on a motorcycle shot dead prominent tribal sheikh Karim al-Saadi "
    "outside his home in Diwaniyah city.",
    "On 2 June 2021, two men in a car gunned down local journalist Ali Hassan near his office in Kut.",
])
def test_a_shooting_the_tagger_reads_as_a_noun_is_still_an_act(nlp, text):
    assert types(nlp, text) == ["militia_activity"]


def test_a_noun_shot_is_no_act(nlp):
    assert types(nlp, "A shot of the Basra skyline at dusk won the national photography prize on Monday.") == []

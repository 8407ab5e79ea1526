"""Event detection on sentences written for these tests (wire, analysis and
ACLED-note styles) — never seed sentences.

Each case states what a reader would see on the map: which type, or no event at
all (denials, plans, conditionals, opinions, aggregates, questions).
"""
from __future__ import annotations

import hashlib

import pytest

from geo import events, geocode, nlp
from geo.records import Article, DateValue, Document


def run(pipeline, text: str, dateline: str | None = "2021-03-10", title: str | None = None):
    """Text -> merged, located events, as geo extract makes them (the one helper the event tests share)."""
    doc = Document(path="t.txt", name="t.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), text=text, kind="txt")
    dv = DateValue(dateline, "day", "test dateline") if dateline else None
    art = Article(doc="t.txt", index=0, start=0, end=len(text), text=text, title=title, dateline=dv)
    drafts = events.find_events(art, nlp.parse_article(pipeline, art))
    return events.merge(geocode.locate(drafts, art, doc))


def types(pipeline, text: str, **kw) -> list[str]:
    return [e.type for e in run(pipeline, text, **kw)]


# ---------------------------------------------------------------- militia_activity
MILITIA = [
    "Gunmen from an Iran-backed militia fired rockets at a military base near Baghdad airport on Tuesday, "
    "the army said.",
    "A roadside bomb exploded next to a convoy of trucks in Anbar province, killing two drivers, "
    "police sources told Reuters.",
    "On 12 May 2019, unidentified gunmen kidnapped an activist in Basra city.",
    "Kataib Hezbollah claimed responsibility for the drone attack on the Ain al-Asad air base.",
    "A rocket fell on a house in the Green Zone late on Sunday, wounding a child.",
    "Houthi fighters launched a missile at an oil facility in Jizan, the coalition said.",
    "Militiamen stormed the offices of a television channel in Baghdad and set them on fire.",
    "Two members of the Popular Mobilization Forces were killed when their checkpoint was attacked in Diyala.",
    "Unknown assailants assassinated a prominent writer in Karbala on Saturday night.",
    "Hezbollah fighters clashed with rebels near the town of Qusayr.",
]


@pytest.mark.parametrize("text", MILITIA)
def test_militia_activity(nlp, text):
    assert "militia_activity" in types(nlp, text)


# ---------------------------------------------------------------- border_incident
BORDER = [
    "Jordanian border guards killed four smugglers who tried to cross the frontier from Syria on Thursday.",
    "Dozens of armed infiltrators crossed the border from Syria into Jordan overnight, the army said.",
    "Iranian forces shelled Kurdish villages across the border in northern Iraq, local officials said.",
    "Turkish jets struck targets inside Iraq's Kurdistan region near the border on Monday.",
    "On 4 June 2020, smugglers exchanged fire with Jordanian troops at the Syrian-Jordanian border.",
    "Iraqi border police seized a truck carrying weapons at the Zurbatiyah crossing with Iran.",
    "Israeli aircraft struck a convoy crossing from Iraq into Syria near Albu Kamal.",
    "Gunmen abducted two shepherds and took them across the border into Iran.",
    "Saudi air defences intercepted a drone launched from Yemen towards the border city of Najran.",
    "Syrian troops and Turkish forces clashed along the border in Idlib on Wednesday.",
]


@pytest.mark.parametrize("text", BORDER)
def test_border_incident(nlp, text):
    assert "border_incident" in types(nlp, text)


# ---------------------------------------------------------------- protest
PROTEST = [
    "Thousands of protesters took to the streets of Baghdad on Friday to demand jobs and services.",
    "Security forces fired tear gas and live rounds at demonstrators in Nasiriyah, killing three people.",
    "On 3 November 2019, protesters attacked the Iranian consulate in Karbala city, setting fire to its walls.",
    "Hundreds of students rallied outside the parliament in Beirut on Tuesday.",
    "Demonstrators burned the headquarters of a political party in Amara.",
    "Police arrested dozens of protesters during a sit-in in Tehran.",
    "A gunman from an armed faction opened fire on protesters in Basra, witnesses said.",
    "Protests erupted in Sulaimaniyah after the government cut salaries.",
    "Iranian authorities sentenced three protesters to death last month, the judiciary announced.",
    "Angry crowds marched through the centre of Tripoli, chanting against the government.",
]


@pytest.mark.parametrize("text", PROTEST)
def test_protest(nlp, text):
    assert "protest" in types(nlp, text)


def test_militia_firing_on_protesters_is_a_protest_with_the_militia_among_actors(nlp):
    found = run(nlp, "Fighters of Asaib Ahl al-Haq opened fire on protesters in Nasiriyah on Monday, "
                     "killing seven people.")
    assert [e.type for e in found] == ["protest"]
    assert "protesters" in found[0].actors
    assert any("asaib" in a.lower() for a in found[0].actors)
    assert found[0].fatalities == 7


# ---------------------------------------------------------------- political
POLITICAL = [
    "The US Treasury imposed sanctions on two Iraqi militia leaders on Friday.",
    "Iraq's prime minister met Iran's foreign minister in Baghdad on Sunday to discuss border security.",
    "The Coordination Framework won 101 seats in the provincial elections, the electoral commission said.",
    "A court in Tehran sentenced a French researcher to five years in prison.",
    "Iran's foreign minister visited Damascus on Monday for talks with President Assad.",
    "The Lebanese prime minister resigned on Tuesday after weeks of pressure.",
    "Saudi Arabia and Iran agreed to restore diplomatic relations in a deal brokered by China.",
    "Shiite cleric Moqtada al-Sadr called on the government to hold early elections.",
    "The United States designated Kataib Hezbollah's leader a terrorist in July.",
    "The parliament in Tehran approved a cooperation agreement with Russia last week.",
]


@pytest.mark.parametrize("text", POLITICAL)
def test_political(nlp, text):
    assert "political" in types(nlp, text)


# ---------------------------------------------------------------- not events
NOT_EVENTS = [
    "Kataib Hezbollah denied that it had attacked the base.",
    "Activists will protest in Tahrir Square next week.",
    "Analysts say militias could attack US forces if sanctions are tightened.",
    "If the talks fail, the groups may resume rocket fire.",
    "Iran has maintained significant influence over Iraqi politics since 2003.",
    "Between October and July, at least 39 rocket attacks targeted US interests in Iraq.",
    "Will the protesters return to the streets?",
    "There are attacks on a daily basis in the oil-rich province.",
    "The militia did not fire any rockets on Sunday, its spokesman said.",
    "Officials fear the group plans to attack the embassy.",
    "Many opponents of the regime have been assassinated abroad over the years.",
    "The government wants to fight corruption and cut the deficit.",
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_an_event(nlp, text):
    assert types(nlp, text) == []


# ---------------------------------------------------------------- forms
def test_passive_and_nominal_forms(nlp):
    assert "militia_activity" in types(nlp, "A mortar round fell on a school in Tal Afar, wounding four pupils.")
    assert "militia_activity" in types(nlp, "The bombing of a market in Sadr City killed 12 people.")
    assert "protest" in types(nlp, "Clashes erupted between demonstrators and riot police in Karbala on Sunday.")


def test_reported_speech_keeps_the_event_and_drops_the_speaker(nlp):
    found = run(nlp, "The Iraqi army said that gunmen ambushed a patrol near Tikrit, killing two soldiers.")
    assert [e.type for e in found] == ["militia_activity"]
    assert found[0].fatalities == 2
    assert not any("army" in a.lower() for a in found[0].actors)


@pytest.mark.parametrize("text, n", [
    ("The explosion killed 18 people in the market.", 18),
    ("Three dead after a rocket hit a house in Erbil.", 3),
    ("At least 110 were killed when security forces fired on protesters in Baghdad.", 110),
    ("Dozens of protesters were killed by snipers in Nasiriyah.", 12),
    ("Hundreds of demonstrators died in the crackdown in Tehran.", 100),
    ("Gunmen killed twenty-five people in an attack on a village near Mosul.", 25),
])
def test_fatalities(nlp, text, n):
    found = run(nlp, text)
    assert found and max(e.fatalities or 0 for e in found) == n


def test_same_event_twice_is_one_event_with_two_mentions(nlp):
    text = ("Protesters stormed the Iranian consulate in Karbala on 3 November 2019.\n\n"
            "The storming of the consulate by protesters in Karbala on 3 November 2019 left three people dead.")
    found = run(nlp, text)
    assert [e.type for e in found] == ["protest"]
    assert len(found[0].mentions) == 2


def test_two_attacks_at_the_same_place_stay_two_events(nlp):
    text = ("A rocket hit the US embassy in Baghdad on 5 January 2020.\n\n"
            "Another rocket hit the US embassy in Baghdad on 20 January 2020.")
    found = run(nlp, text)
    assert [e.type for e in found] == ["militia_activity", "militia_activity"]
    assert {e.date for e in found} == {"2020-01-05", "2020-01-20"}


# ---------------------------------------------------------------- later rules
def test_headline_lines_are_skipped_but_title_case_sentences_are_not(nlp):
    text = ("Gunmen Kill Three In Basra Attack\n\n"
            "On 7 April 2023, Iran's Foreign Minister met his Saudi counterpart in Beijing.")
    found = run(nlp, text)
    assert [e.type for e in found] == ["political"]
    assert found[0].place is not None and found[0].place.country == "CN"


def test_protests_listed_in_several_towns_are_one_event_per_town(nlp):
    found = run(nlp, "Demonstrations were held in Najaf, Karbala and Diwaniyah on Friday.", dateline="2019-11-09")
    assert sorted(e.place.name for e in found if e.type == "protest") == ["Diwaniyah", "Karbala", "Najaf"]


def test_a_state_firing_across_its_border_is_a_border_incident_but_not_at_home(nlp):
    assert "border_incident" in types(nlp, "Turkish warplanes bombed PKK hideouts in northern Iraq on Sunday.")
    assert types(nlp, "Iraqi police arrested a shop owner in Basra on Sunday.") in ([], ["political"])


def test_figurative_and_durative_uses_are_not_events(nlp):
    assert types(nlp, "The government has been fighting inflation for years.") == []
    assert types(nlp, "The fight against corruption dominated the campaign.") == []
    assert types(nlp, "Protests over power cuts have become a summer ritual in southern Iraq.") == []
    assert types(nlp, "Analysts gather intelligence on the groups.") == []


def test_event_in_a_relative_clause_is_placed_at_its_antecedent(nlp):
    text = ("“We are tired,” said a teacher from the town of Kut, which saw clashes between protesters "
            "and police on Monday.")
    found = run(nlp, text, dateline="2019-11-07")
    prot = [e for e in found if e.type == "protest"]
    assert prot and prot[0].place is not None and prot[0].place.name.endswith("Kut")


def test_the_group_is_the_organisation_named_before(nlp):
    text = "Kataib Hezbollah has grown stronger this year. The group fired rockets at a base near Baghdad on Monday."
    found = run(nlp, text)
    assert found and "Kataib Hezbollah" in found[0].actors


def test_towns_describing_a_place_do_not_make_more_events(nlp):
    found = run(nlp, "Five protesters were shot dead in Kut, a city between Baghdad and Amara, on Sunday.")
    assert [e.place.name for e in found if e.type == "protest"] == ["Kut"]


# ------------------------------------------- acts stated through another word

PARTICIPATION = [
    # analysis style: how a party fared in an election is its result
    ("Kurdish parties fared poorly in Sunday's provincial elections in Kirkuk, official results showed.", "Kirkuk"),
    ("The Kurdistan Democratic Party finished first in the regional elections held on 30 September.", None),
    ("On 20 December 2023, the Fatah Alliance came second in the provincial council elections held in Basra.", "Basra"),
]


@pytest.mark.parametrize("text,place", PARTICIPATION)
def test_nominal_act_in_a_phrase_of_its_participants_verb(nlp, text, place):
    found = [e for e in run(nlp, text) if e.type == "political"]
    assert found, text
    if place:
        assert found[0].place is not None and found[0].place.name == place


def test_a_definite_act_told_by_how_its_participant_fared_is_not_a_mere_reference(nlp):
    text = ("The Patriotic Union of Kurdistan has done well in the recent regional elections, "
            "the electoral commission said.")
    assert "political" in types(nlp, text)


@pytest.mark.parametrize("text", [
    "Sadr's bloc will take part in the upcoming elections.",
    "Sadr's bloc did not take part in the elections.",
    "Women voted in the elections.",
    "Turnout in the provincial elections was the lowest since 2005.",
    "Commentators saw little change in the elections.",
])
def test_act_in_a_phrase_without_a_participant_is_not_an_event(nlp, text):
    assert types(nlp, text) == []


COMPLETED = [
    "After months of deadlock, Sadr's bloc managed to form a government in Baghdad in October.",
    "The cabinet that Prime Minister Mustafa al-Kadhimi managed to form includes two Kurdish ministers.",
]


@pytest.mark.parametrize("text", COMPLETED)
def test_frame_verb_under_a_verb_of_completion_is_an_act(nlp, text):
    assert "political" in types(nlp, text)


@pytest.mark.parametrize("text", [
    "Sadr's bloc tried to form a government in Baghdad in October.",
    "Sadr's bloc failed to form a government in Baghdad in October.",
    "Sadr's bloc did not manage to form a government in Baghdad in October.",
    "Sadr's bloc will form a government in Baghdad in October.",
    "The government that the bloc hopes to form would include Kurdish parties.",
])
def test_frame_verb_tried_hoped_or_failed_is_not_an_act(nlp, text):
    assert types(nlp, text) == []


def test_denied_involvement_in_a_named_act_asserts_the_act_not_the_denier(nlp):
    text = "Tehran has denied any role in the Houthis' September 14 drone strike on Saudi oil facilities at Abqaiq."
    found = run(nlp, text, dateline="2019-09-20")
    assert found and "Houthis" in found[0].actors
    assert not any("Iran" in a for e in found for a in e.actors)


def test_denied_role_with_the_phrase_on_the_verb_still_asserts_the_act(nlp):
    text = "The militia denied any role in the killing of two activists in Basra on Friday."
    found = run(nlp, text)
    assert [e.place.name for e in found if e.place is not None] == ["Basra"]


@pytest.mark.parametrize("text", [
    "The ministry denied that any attack had taken place near the border.",
    "Iran denied any involvement in the attack.",
    "Iran denied any role in future attacks on US forces.",
    "Washington accused him of involvement in the killing of peaceful protesters in late 2019.",
])
def test_denials_and_charges_without_one_named_act_are_not_events(nlp, text):
    assert [t for t in types(nlp, text) if t != "political"] == []


@pytest.mark.parametrize("text,places", [
    ("The crackdown on demonstrators in Baghdad and an assault by party loyalists on the protest square in "
     "Nasiriyah drew condemnation from the UN.", {"Baghdad", "Nasiriyah"}),
    ("A bloody crackdown in Najaf and an attack by Amal supporters on a protest tent in Tyre have raised "
     "fears of wider unrest.", {"Najaf", "Tyre"}),
])
def test_two_nominal_acts_with_places_of_their_own_are_two_events(nlp, text, places):
    found = run(nlp, text, dateline="2019-12-01")
    assert {e.place.name for e in found if e.type == "protest" and e.place is not None} == places


LEGISLATIVE_AND_ANNOUNCED = [
    "The Kuwaiti parliament passed a law banning normalisation with Israel on Thursday.",
    "On 12 June 2023, the UN Security Council adopted a resolution extending the mission in Yemen.",
    "A Beirut judge issued an arrest warrant for the former public works minister on Tuesday.",
    "On 3 May 2022, Lebanon's president announced that he would dismiss the central bank governor.",
]


@pytest.mark.parametrize("text", LEGISLATIVE_AND_ANNOUNCED)
def test_laws_resolutions_warrants_and_announced_acts_are_political(nlp, text):
    assert "political" in types(nlp, text)


@pytest.mark.parametrize("text", [
    "The prime minister said he would resign next week.",
    "The ministry issued a statement condemning the decision.",
    "Parliament failed to pass the budget law.",
    "Parliament will pass the election law next week.",
    "Sadr announced that the Fatah Alliance would form the next government.",
])
def test_plans_told_by_others_and_statements_are_not_political_acts(nlp, text):
    assert types(nlp, text) == []


def test_a_crowd_gathering_is_a_protest_even_with_an_apposition_after_the_place(nlp):
    text = ("Dozens of relatives gathered on Tuesday outside the Najaf offices of the Popular Mobilization Forces, "
            "the state umbrella of mostly Shi'ite militias, demanding answers.")
    assert "protest" in types(nlp, text)


@pytest.mark.parametrize("text,kind", [
    ("Masked gunmen broke into the home of an activist in Karbala on Sunday.", "militia_activity"),
    ("On 30 July 2022, thousands of supporters of the cleric broke into the parliament building in Baghdad.",
     "protest"),
    ("On 9 June 2020, Mustafa al-Kadhimi was sworn in as prime minister before parliament in Baghdad.", "political"),
])
def test_breaking_into_a_building_and_being_sworn_in_are_acts(nlp, text, kind):
    assert kind in types(nlp, text)


@pytest.mark.parametrize("text", [
    "He broke the news to his family.",
    "Thieves broke into a shop in Basra.",
    "The minister swore that he would resign.",
])
def test_other_uses_of_break_and_swear_are_not_events(nlp, text):
    assert types(nlp, text) == []


def test_an_after_clause_with_its_own_agent_does_not_take_the_main_clauses_place(nlp):
    from geo.syntax import near_in_tree
    doc = nlp("The protest in Basra came after police arrested two activists in Nasiriyah.")
    arrested = next(t for t in doc if t.lower_ == "arrested")
    protest = next(t for t in doc if t.lower_ == "protest")
    assert not near_in_tree(protest, arrested)


def test_a_weapon_coming_down_is_an_armed_act(nlp):
    assert types(nlp, "Two drones came down in the southern suburbs of Beirut early on Sunday.") == ["militia_activity"]


@pytest.mark.parametrize("text", [
    "Prices came down in Baghdad last month.",
    "The minister came down hard on corruption.",
])
def test_other_things_coming_down_are_not_events(nlp, text):
    assert types(nlp, text) == []


@pytest.mark.parametrize("text,kind", [
    ("On 20 March 2023, the Houthis released 42 Saudi prisoners in Sanaa, the ICRC said.", "militia_activity"),
    ("More than 300 detainees were exchanged at Aden airport on Friday under a deal brokered by the UN.",
     "political"),
])
def test_prisoner_releases_and_exchanges_are_acts(nlp, text, kind):
    assert kind in types(nlp, text)


@pytest.mark.parametrize("text", [
    "The two sides exchanged fire near the border.",
    "The ministry released a statement on Monday.",
    "The sides agreed to exchange prisoners next month.",
])
def test_other_exchanges_and_releases_are_not_prisoner_deals(nlp, text):
    assert [t for t in types(nlp, text) if t == "political"] == []


@pytest.mark.parametrize("text", [
    "A ceasefire between Israel and Hezbollah came into force at 4 a.m. on Wednesday.",
    "The UN-brokered truce that took effect across Yemen on 2 April 2022 has largely held.",
    "New US sanctions on Iran's oil sector took effect on Monday.",
])
def test_an_agreement_or_measure_coming_into_force_is_political(nlp, text):
    assert "political" in types(nlp, text)


@pytest.mark.parametrize("text", [
    "The drug took effect within minutes.",
    "The law will take effect next year.",
])
def test_other_things_taking_effect_are_not_events(nlp, text):
    assert types(nlp, text) == []


def test_a_call_for_someone_to_act_is_a_call(nlp):
    found = run(nlp, "Iraq's parliament speaker Mohammed al-Halbousi called for Turkish troops to leave "
                "northern Iraq in a statement in Baghdad on Tuesday.")
    assert [e.type for e in found] == ["political"], [(e.type, e.quote) for e in found]


def test_a_meeting_and_earlier_talks_at_another_place_and_day_are_two_acts(nlp):
    found = run(nlp, "Qatar's foreign minister met Hamas leader Ismail Haniyeh in Doha on Sunday, the ministry said, "
                "after talks in Cairo on Saturday with Egyptian President Abdel Fattah al-Sisi.", dateline="2023-11-07")
    assert sorted(e.place.name for e in found if e.type == "political") == ["Cairo", "Doha"]


def test_a_motive_named_without_its_own_day_stays_part_of_the_act(nlp):
    found = run(nlp, "US warplanes struck Houthi radar sites in Yemen on Friday in response to the group's attacks "
                "on shipping in the Red Sea.", dateline="2024-01-13")
    assert len(found) == 1, [(e.type, e.quote) for e in found]

"""Precision of event extraction: what is NOT a new event on the map.

Sentences written for these tests in wire, analysis and ACLED-note styles (never
seed sentences).  Each case says what a map reader would notice: one point for
one act told twice, no point for a statement of positions, a habit or
background, and the place where the act happened rather than where its target
comes from.
"""
from __future__ import annotations

from test_events import run, types


def _places(pipeline, text: str, **kw) -> list[tuple[str, str | None]]:
    return [(e.type, e.place.name if e.place else None) for e in run(pipeline, text, **kw)]


# ------------------------------------------------------ one event, told twice

def test_country_level_follow_up_joins_the_located_attack(nlp):
    text = ("A drone attack hit a checkpoint of the army near the town of Rutba in Anbar province "
            "on Tuesday, killing two soldiers, security sources said. "
            "Officials said the drone struck an army vehicle in Iraq before dawn.")
    found = run(nlp, text)
    militia = [e for e in found if e.type == "militia_activity"]
    assert len(militia) == 1, [(e.place.name, e.quote) for e in found]
    assert militia[0].place.precision < 3
    assert len(militia[0].mentions) == 2


def test_country_level_protest_on_another_day_stays_apart(nlp):
    text = ("Thousands of demonstrators rallied in Basra on Friday against power cuts. "
            "Protesters also marched across Iraq on 3 August 2021, demanding jobs.")
    found = [e for e in run(nlp, text, dateline="2021-08-10") if e.type == "protest"]
    assert len(found) == 2, [(e.place.name, e.date) for e in found]


def test_country_level_events_of_another_country_stay_apart(nlp):
    text = ("Gunmen attacked a police post in the Syrian town of Albu Kamal on Monday. "
            "In Jordan, gunmen attacked a customs office the same night.")
    places = {p for t, p in _places(nlp, text) if t in ("militia_activity", "border_incident")}
    assert len(places) == 2, places


# ----------------------------------------------------- where the act happened

def test_attack_on_a_nations_personnel_abroad_is_not_placed_at_home(nlp):
    text = ("BAGHDAD, March 3 (Reuters) - A rocket attack on a base in western Iraq wounded two U.S. "
            "contractors on Sunday, Iraqi security sources said. Iraqi forces found the launch site "
            "in a field outside Ramadi. The Iraqi government condemned the attack on Iraqi soil.")
    for etype, place in _places(nlp, text):
        if etype == "militia_activity":
            assert place != "United States", place


def test_attack_on_a_nations_targets_is_placed_there_when_the_article_is_about_it(nlp):
    text = ("Yemen's Houthis said on Monday they had fired missiles at Emirati targets, "
            "days after the United Arab Emirates warned the group. The UAE said it intercepted them.")
    found = [e for e in run(nlp, text, dateline="2022-01-24") if e.type == "militia_activity"]
    assert found and found[0].place is not None and found[0].place.country in ("AE", "YE")


# ------------------------------------------- views, habits and background: no event

NOT_EVENTS = [
    # analysis: a view of what is the case
    "Analysts believe Iran armed the militias that attacked the embassy.",
    "Many Iraqis consider the vote a referendum on the influence of Tehran.",
    "Experts say the militias have been recruiting fighters along the border.",
    # a habit, a practice or a description in the simple present
    "The doctrine calls for rule by a senior cleric.",
    "Envoys to the region are appointed from the ranks of the Revolutionary Guards.",
    "The group finances its fighters through smuggling and protection rackets.",
    # background and characterisation
    "Tehran has long backed armed groups in Iraq, Syria and Lebanon.",
    "The movement is seen as the most powerful political force in the south.",
    "Historically, the tribes of Anbar protested against every government in Baghdad.",
]


def test_views_habits_and_background_are_not_events(nlp):
    for text in NOT_EVENTS:
        assert types(nlp, text) == [], text


EVENTS = [
    # reported acts stay events
    ("Police said gunmen attacked a checkpoint in Kirkuk on Monday, killing a soldier.", "militia_activity"),
    ("Residents saw militiamen fire on demonstrators outside the governor's office in Nasiriyah.", "protest"),
    ("On 2 March 2021, the Foreign Minister of Iraq met his Iranian counterpart in Tehran.", "political"),
    # a dated timeline entry in the present tense is an act
    ("Jan. 4, 2024 - A drone strike hits a militia headquarters in eastern Baghdad, killing a commander.",
     "militia_activity"),
]


def test_reported_and_dated_acts_stay_events(nlp):
    for text, etype in EVENTS:
        assert etype in types(nlp, text), text


def test_a_backdrop_phrase_is_not_a_new_event(nlp):
    for text in ("Amid the chaos of the protests, several army commanders were quietly sidelined.",
                 "Despite the resignation of the prime minister, no new cabinet has been agreed."):
        assert types(nlp, text) == [], text


def test_a_predicate_noun_classifies_and_is_not_a_new_event(nlp):
    text = ("Iraqis voted in provincial council elections in Anbar on Monday, the election commission said. "
            "It was the first provincial vote in Iraq in a decade.")
    assert types(nlp, text, dateline="2023-12-20") == ["political"]
    assert types(nlp, "There were protests outside the governor's office in Basra on Friday.",
                 dateline="2023-12-20") == ["protest"]


def test_a_meeting_during_a_visit_stays_an_event(nlp):
    text = "During a meeting in Amman on Sunday, the Iraqi foreign minister discussed border security with his host."
    assert "political" in types(nlp, text, dateline="2023-05-09")


# -------------------------------------------- political acts addressed to others

def test_a_call_on_two_countries_is_one_act_at_the_authors_seat(nlp):
    text = ("Turkey's Foreign Ministry on Tuesday called on Armenia and Azerbaijan to agree a ceasefire "
            "and return to talks.")
    pol = [e for e in run(nlp, text, dateline="2020-09-29") if e.type == "political"]
    assert len(pol) == 1, [(e.place.name if e.place else None) for e in pol]
    assert pol[0].place is not None and pol[0].place.country == "TR", pol[0].place


def test_a_visit_is_placed_in_the_visited_country(nlp):
    text = "On 14 March 2021, Iraq's prime minister visited Saudi Arabia and met the crown prince."
    pol = [e for e in run(nlp, text) if e.type == "political"]
    assert pol and pol[0].place is not None and pol[0].place.country == "SA", [e.place for e in pol]


def test_an_undated_detail_at_the_same_place_joins_the_attack(nlp):
    text = ("Islamic State fighters attacked an army post in Tikrit on Friday, killing two soldiers, security "
            "sources said. More than 20 mortar rounds hit the army post in Tikrit, an officer said.")
    found = [e for e in run(nlp, text, dateline="2020-03-07") if e.type == "militia_activity"]
    assert len(found) == 1, [(e.place.name if e.place else None, e.date, e.quote) for e in found]
    assert found[0].date == "2020-03-06" and len(found[0].mentions) == 2


def test_a_second_dated_attack_at_the_same_place_stays_apart(nlp):
    text = ("Militants fired rockets at the Balad air base on 2 March 2020, wounding two soldiers. "
            "On 9 March 2020, another rocket hit the Balad air base, officials said.")
    found = [e for e in run(nlp, text, dateline="2020-03-10") if e.type == "militia_activity"]
    assert len(found) == 2, [(e.place.name if e.place else None, e.date) for e in found]


# ------------------------------------------------ formulas and future adjuncts

def test_a_call_for_calm_is_a_formula_not_a_political_act(nlp):
    assert types(nlp, "The prime minister appeared on television on Sunday and called for calm.",
                 dateline="2021-11-08") == []
    assert types(nlp, "The Arab League urged restraint and dialogue after the clashes.", dateline="2021-11-08") == []
    assert "political" in types(nlp, "On 3 May 2022, the Sadrist bloc called for early elections in Iraq.")


def test_in_protest_under_a_future_verb_is_not_a_protest(nlp):
    text = "Lawmakers from the Kurdish bloc said they would boycott the parliament session in protest."
    assert "protest" not in types(nlp, text)
    text = "Lawmakers from the Kurdish bloc walked out of the parliament session in Baghdad in protest on Monday."
    assert "protest" in types(nlp, text)


# ------------------------------------------------ the headline names the place

def _run_titled(pipeline, title: str, text: str, dateline: str = "2023-12-20"):
    from test_events import run

    return run(pipeline, text, dateline, title=title)


def test_a_country_in_the_headline_is_the_focus_of_placeless_events(nlp):
    title = "Iraq's ruling alliance wins provincial vote, results show"
    text = ("The ruling alliance secured 101 seats, the election commission said on Monday. "
            "Officials in Iran welcomed the result. Newspapers in Tehran praised the turnout, and clerics "
            "in Qom and Mashhad hailed it. Turnout in Iraq was 41 percent.")
    pol = [e for e in _run_titled(nlp, title, text) if e.type == "political" and "secured" in e.quote]
    assert pol and pol[0].place is not None and pol[0].place.country == "IQ", [e.place for e in pol]


def test_a_patron_in_a_hyphenated_headline_word_is_not_the_focus(nlp):
    from geo.geocode import _title_countries

    assert _title_countries("Iran-backed militias claim drone attack on base in Jordan") == ["JO"]


def test_a_political_act_in_the_progressive_is_a_state_of_affairs(nlp):
    assert "political" not in types(nlp, "Across the country, students were demanding a government of technocrats.")
    assert "political" not in types(nlp, "Envoys of the two rivals are holding talks, a newspaper claimed.")
    assert "political" in types(nlp, "On 12 June 2022, the two rivals held talks in Baghdad.")


def test_a_verb_joined_to_a_purpose_infinitive_is_a_purpose(nlp):
    text = "The envoy flew to Baghdad on Monday to meet party leaders and halt protests in Basra."
    assert "protest" not in types(nlp, text, dateline="2019-10-08")
    text = "Riot police stormed the square on Monday and dispersed the protesters with tear gas in Baghdad."
    assert "protest" in types(nlp, text, dateline="2019-10-08")


def test_an_acled_note_telling_one_protest_at_two_nearby_sites_is_one_event(nlp):
    text = ("On 4 November 2019, hundreds of protesters rallied in Tahrir Square in Baghdad and marched towards "
            "the Green Zone. Security forces fired tear gas at protesters near the Green Zone in Baghdad, "
            "wounding 30 people.")
    found = [e for e in run(nlp, text, dateline=None) if e.type == "protest"]
    assert len(found) == 1, [(e.place.name if e.place else None, e.date) for e in found]


def test_participles_elaborating_a_state_are_not_events(nlp):
    text = ("Residents have been openly hostile to the militia during the unrest, burning its banners "
            "and attacking its offices.")
    assert types(nlp, text) == []
    text = ("On 9 May 2022, Iraq's Federal Supreme Court ruled that the Kurdish region's oil law was "
            "unconstitutional, ordering Erbil to hand over its crude.")
    assert "political" in types(nlp, text)


def test_an_undated_perfect_against_a_whole_country_is_a_record(nlp):
    assert types(nlp, "Over the years its proxies have attacked Israel and Saudi Arabia.") == []
    assert types(nlp, "Its allied militias have attacked Israel, analysts note.") == []
    text = "Its allied militias have attacked a base near Erbil on Tuesday, the Kurdish government said."
    assert "militia_activity" in types(nlp, text)


# ------------------------------------------------- views, labels, trends and counts
# What someone calls an act, a trend seen in the present, what characterises many
# events and a change in their number tell no event.  The hard negatives next to
# them keep the act that is labelled, the perfect "has seen clashes", an ongoing
# protest someone witnesses and the "scene of" a protest.

LABELS_AND_TRENDS = [
    # a trigger inside the name a speaker gives
    "Rights groups called the verdict a first step towards justice for the massacre of prisoners.",
    "The opposition described the new law as an assault on the constitution.",
    # a present-tense view of a trend
    "\"That is why you are seeing an uprising against the parties,\" the cleric said.",
    "Across the south, parties allied to Tehran are seeing their offices torched.",
    # what characterises many events
    "Chants against the government have been a hallmark of the protests since October.",
    # a change in a quantity
    "Officials said the past month has seen a surge in operations shifting from smuggling to armed clashes.",
]


def test_labels_trends_and_counts_are_not_events(nlp):
    for text in LABELS_AND_TRENDS:
        assert types(nlp, text, dateline="2021-03-10") == [], text


LABELLED_ACTS = [
    # the labelled act itself, told with its own place and actor, happened
    ("Officials described the militia raid on a village near Mosul on Monday as a massacre.", "militia_activity"),
    # a perfect or an ongoing protest reports what happened
    ("The southern city of Nasiriyah has seen violent clashes between protesters and police this week.", "protest"),
    ("Lebanon is witnessing mass protests against the ruling class in Beirut.", "protest"),
    ("The main square was the scene of fresh protests in Srinagar on Friday.", "protest"),
    # a change in quantity after the act does not hide the act
    ("The militia attacked a rival checkpoint in Diyala on Monday, causing a spike in tension.", "militia_activity"),
]


def test_labelled_acts_and_perfect_perception_stay_events(nlp):
    for text, etype in LABELLED_ACTS:
        assert etype in types(nlp, text, dateline="2021-03-10"), text


def test_a_trigger_naming_a_kind_of_thing_or_the_start_of_a_period_is_not_an_event(nlp):
    # a noun modifier: "protest leaders", "the attack sites"
    found = types(nlp, "Protest leaders met the prime minister in Baghdad on Monday.", dateline="2021-03-10")
    assert "protest" not in found, found
    assert types(nlp, "Investigators collected missile fragments from the attack sites near Abqaiq.",
                 dateline="2021-03-10") == []
    # "since protests erupted": the start of a period the sentence talks about
    assert types(nlp, "Since protests erupted in Baghdad in October, many students have accused the "
                      "parties of corruption.", dateline="2021-03-10") == []
    # a count whose phrase runs long still counts ("a surge in operations ... to crossing the border")
    assert types(nlp, "Officials said the past month has seen a surge in operations that have shifted from "
                      "smuggling attempts to armed clashes aimed at crossing the border by force.",
                 dateline="2021-03-10") == []


def test_the_protest_itself_and_a_since_of_an_act_stay_events(nlp):
    assert "protest" in types(nlp, "Protests erupted in Baghdad on Friday after the vote.", dateline="2021-03-10")
    assert "militia_activity" in types(nlp, "A rocket attack hit the airport in Erbil on Monday.",
                                       dateline="2021-03-10")


def test_blaming_someone_for_attacking_a_site_told_before_is_an_attribution(nlp):
    # the attribution flag itself (the fold and the detail linking downstream may also join
    # the two mentions; the flag is what says the clause tells no new act)
    from geo import events

    doc = nlp("State media blamed separatist militants for attacking the police station.")
    assert events._attribution(next(t for t in doc if t.lower_ == "attacking"))
    # an indefinite object is a new act
    doc = nlp("Officials blamed separatist militants for attacking a checkpoint in Saravan on Sunday.")
    assert not events._attribution(next(t for t in doc if t.lower_ == "attacking"))


# ------------------------------------------------ plans, tolls and standing charges

NOT_YET_OR_MANY = [
    "Protests are planned for Friday in Baghdad and Basra.",
    "Militias were widely blamed for the killing of hundreds of protesters in 2019.",
    "Kataib Hezbollah has been accused of kidnapping activists and journalists.",
]

ONE_ACT_TOLD = [
    ("Protests planned for Friday went ahead in Baghdad.", "protest"),
    ("Security forces were blamed for the killing of dozens of protesters in Nasiriyah on 28 November.", "protest"),
    # the accused is the doer of the act charged
    ("Police have accused the militia of kidnapping the activist in Basra.", "militia_activity"),
]


def test_planned_acts_vague_tolls_and_standing_charges_are_not_events(nlp):
    for text in NOT_YET_OR_MANY:
        assert types(nlp, text, dateline="2021-03-10") == [], text


def test_a_dated_toll_a_held_plan_and_a_charged_act_stay_events(nlp):
    for text, etype in ONE_ACT_TOLD:
        assert etype in types(nlp, text, dateline="2021-03-10"), text

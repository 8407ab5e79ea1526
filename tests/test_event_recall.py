"""Recall of event extraction: acts told in timeline, list and log styles.

Sentences written for these tests in wire, timeline and ACLED-note styles (never
seed sentences).  A map reader notices a strike on several named sites shown as
one point in the middle of a country: each listed site is a point of its own.
The negatives keep a locating phrase of the act itself, an opinion headline and
a plan from turning into events.
"""
from __future__ import annotations

import hashlib

from test_events import run

from geo import geocode
from geo.events import EventDraft, PlaceSpan
from geo.records import Article, Document


def _sites(pipeline, text: str, etype: str = "militia_activity", **kw) -> list[tuple[str | None, int | None]]:
    return sorted((e.place.name if e.place else None, e.place.precision if e.place else None)
                  for e in run(pipeline, text, **kw) if e.type == etype)


# ------------------------------------------- a list of sites inside a region

def test_timeline_entry_listing_sites_in_a_country_gives_one_point_a_site(nlp):
    text = ("Aug. 9, 2019 - Israeli jets strike several depots used by allied militias, "
            "including targets at Deir ez-Zor, Mayadin and Albu Kamal in Syria.")
    # Israel's jets striking in Syria are a border incident; the sites are what matters here
    found = run(nlp, text, dateline="2019-08-20")
    names = [e.place.name for e in found if e.place and e.type in ("militia_activity", "border_incident")]
    assert {"Deir ez-Zor", "Mayadin", "Albu Kamal"} <= set(names), names
    assert "Syria" not in names, names


def test_wire_report_of_strikes_on_listed_towns_in_a_province(nlp):
    text = ("U.S. aircraft bombed weapons stores of Kataib Hezbollah on Sunday, hitting sites at "
            "Mosul, Tikrit and Samarra in northern Iraq, the Pentagon said.")
    found = _sites(nlp, text)
    names = [n for n, _ in found]
    assert {"Mosul", "Tikrit"} <= set(names), found
    assert "Iraq" not in names, found
    assert all(p == 1 for _, p in found), found


def test_acled_note_with_listed_sites_keeps_its_date_on_every_site(nlp):
    text = ("On 14 March 2021, Houthi forces launched drones at facilities of an oil company, "
            "including depots at Jizan, Najran and Abha in Saudi Arabia.")
    found = [e for e in run(nlp, text) if e.type in ("militia_activity", "border_incident")]
    names = {e.place.name for e in found if e.place}
    assert {"Jizan", "Najran", "Abha"} <= names, names
    assert {e.year for e in found} == {2021}


# ---------------------------------------------------------------- negatives

def test_place_of_the_act_is_not_a_region_of_the_countries_it_names(nlp):
    # "in Tahrir Square" locates the protest itself; America and Iran are what it is against
    text = ("In Tahrir Square, students protested on Sunday against both America and Iran, "
            "witnesses said.")
    found = _sites(nlp, text, etype="protest")
    assert found, found
    assert {n for n, _ in found} <= {"Tahrir Square", "Baghdad"}, found


def test_one_located_strike_is_not_split_over_a_region(nlp):
    text = "A drone struck a militia convoy near Qaim in Iraq on Friday, killing four fighters."
    found = _sites(nlp, text)
    assert len(found) == 1, found


def test_opinion_headline_is_not_an_event(nlp):
    text = ("Why the strikes on Iran's proxies will not bring calm\n\n"
            "The debate in Washington is about deterrence, analysts say.")
    assert [e for e in run(nlp, text) if e.type != "political"] == []


def test_weighing_strikes_is_not_an_act(nlp):
    text = "U.S. weighs strikes on Iran-backed militias in Iraq, officials say."
    assert [e.type for e in run(nlp, text)] == []


def test_strikes_under_discussion_are_not_acts_but_a_later_strike_is(nlp):
    text = ("Washington is mulling fresh strikes on militia leaders in Iraq. "
            "On Tuesday, U.S. jets struck two depots of Kataib Hezbollah near Qaim, the Pentagon said.")
    found = _sites(nlp, text)
    assert [n for n, _ in found] == ["Qaim"], found


# ------------------------------------- a site the parser broke, after on/at/near

def test_timeline_entry_attack_on_a_base_is_placed_at_the_base(nlp):
    text = "Jan. 8, 2020 - A rocket attack on Ain al-Asad lightly wounds two U.S. contractors."
    found = _sites(nlp, text, dateline="2020-01-20")
    assert found == [("Ain al-Asad", 1)], found


def test_acled_note_drone_attack_at_an_airport_is_placed_at_the_airport(nlp):
    text = ("On 11 September 2021, an explosive-laden drone attack at Erbil airport wounds "
            "two U.S. soldiers, according to Kurdish officials.")
    found = _sites(nlp, text)
    assert found and found[0][0] == "Erbil airport", found


def test_a_persons_possessive_after_on_is_not_a_site(nlp):
    text = "A drone strike on Soleimani's convoy killed him on Friday, the Pentagon said."
    names = [n for n, _ in _sites(nlp, text, dateline="2020-01-05")]
    assert "Soleimani" not in names, names


# -------------------------------------------- a landmark giving a bearing

def _locate_context_places(text: str, names: list[str]) -> str | None:
    """Locate one violent act whose clause gave only 'nearest place' candidates
    (as when the parser hangs the places on a participle), the nearest last."""
    doc = Document(path="t.txt", name="t.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), text=text, kind="txt")
    art = Article(doc="t.txt", index=0, start=0, end=len(text), text=text)
    trig = text.index("killing")
    spans = []
    for name in names:
        start = text.index(name)
        spans.append(PlaceSpan(start, start + len(name), name, "context", "GPE", distance=abs(trig - start) // 6))
    draft = EventDraft(type="militia_activity", trigger="kill", trigger_text="killing", trigger_start=trig,
                       sent_start=0, sent_end=len(text), quote=text, article=0, places=tuple(spans), cls="violence")
    found = geocode.locate([draft], art, doc)
    return found[0].place.name if found and found[0].place else None


def test_place_located_by_a_bearing_from_a_city_is_the_event_place():
    text = "A drone hit a car carrying fighters near Tarmiyah, north of Baghdad, killing two of them."
    assert _locate_context_places(text, ["Tarmiyah", "Baghdad"]) == "Tarmiyah"


def test_site_some_kilometres_from_a_city_is_the_event_place():
    text = "Gunmen ambushed a patrol at Rutba, 110 km west of Ramadi, killing a soldier."
    assert _locate_context_places(text, ["Rutba", "Ramadi"]) == "Rutba"


def test_a_bearing_alone_keeps_its_landmark():
    text = "Gunmen attacked a checkpoint in Tikrit and a post 30 km west of Kirkuk, killing a soldier."
    # no place just before the bearing: Kirkuk is not demoted, the nearest place wins
    assert _locate_context_places(text, ["Tikrit", "Kirkuk"]) == "Kirkuk"


# ------------------------------------------- particle verbs, campaigns, mobs, series
# Sentences written for these tests.  Each positive has a hard negative beside it:
# the same verb without its particle or its armed argument, a threat with no armed
# source, supporters who are attacked, a fire with no armed act before it.

def _kinds(pipeline, text: str, **kw) -> list[str]:
    return sorted(e.type for e in run(pipeline, text, **kw))


PARTICLE_ACTS = [
    "Militants blew up a gas pipeline in northern Sinai on Tuesday, security sources said.",
    "Islamic State fighters took over the town of Rawa in Anbar province on Saturday.",
    "Tribal fighters drove the militants out of the village of Hammam al-Alil on Sunday.",
]


def test_particle_verbs_of_violence_are_armed_acts(nlp):
    for text in PARTICLE_ACTS:
        assert "militia_activity" in _kinds(nlp, text, dateline="2017-03-10"), text


def test_the_same_verbs_without_particle_or_armed_argument_are_not_acts(nlp):
    for text in ("The ministry took over the contract from a Turkish firm last year.",
                 "The minister drove out of Baghdad on Monday to meet tribal leaders.",
                 "Investors blew up the deal by pulling out at the last minute."):
        assert _kinds(nlp, text, dateline="2017-03-10") == [], text


def test_threats_from_an_armed_group_are_a_campaign(nlp):
    for text in ("The journalist left Basra in May after receiving threats from Kataib Hezbollah.",
                 "Activists reported threats by the militia against their families in Nasiriyah last week."):
        assert "militia_activity" in _kinds(nlp, text, dateline="2020-06-10"), text
    # no armed source: a worry, not a campaign
    assert _kinds(nlp, "Engineers warned of threats to the power grid in Basra this summer.",
                  dateline="2020-06-10") == []


def test_supporters_who_storm_are_a_riot_but_attacked_supporters_are_not(nlp):
    assert "protest" in _kinds(nlp, "Hundreds of the cleric's supporters stormed the parliament building "
                                    "in Baghdad on Saturday.", dateline="2022-08-01")
    found = _kinds(nlp, "Gunmen attacked supporters of the party in Basra on Friday.", dateline="2022-08-01")
    assert "militia_activity" in found and "protest" not in found, found


def test_weeks_of_sit_ins_are_one_sustained_protest(nlp):
    text = ("Supporters of the bloc staged weeks of sit-ins outside the electoral commission in Baghdad "
            "in November 2021.")
    assert "protest" in _kinds(nlp, text, dateline="2021-12-20")


def test_a_separate_fire_after_an_armed_act_continues_it(nlp):
    text = ("Houthi drones hit a fuel depot in Abu Dhabi on Monday, police said. "
            "A separate fire broke out at a warehouse in Dubai.")
    places = {e.place.name for e in run(nlp, text, dateline="2022-01-18") if e.type == "militia_activity" and e.place}
    assert "Dubai" in places, places
    # no armed act before it: an accident
    for text in ("A fire broke out at a warehouse in Dubai on Monday.",
                 "Officials opened a new hospital in Sharjah on Sunday. "
                 "A separate fire broke out at a warehouse in Dubai."):
        assert _kinds(nlp, text, dateline="2022-01-18") == [], text


def test_coordinate_clauses_with_their_own_agents_are_two_acts(nlp):
    text = ("An Israeli strike on a car near Aynata killed two men on Sunday, and Hezbollah responded "
            "by firing rockets at Kiryat Shmona.")
    places = {e.place.name for e in run(nlp, text, dateline="2023-11-10") if e.place}
    assert {"Aynata", "Kiryat Shmona"} <= places, places
    # the result of the same act, told as a passive, stays one event
    text = "Gunmen attacked a checkpoint near Kirkuk on Monday, and two soldiers were killed."
    assert len(run(nlp, text, dateline="2023-11-10")) == 1


def _triggers(pipeline, text: str) -> list[str]:
    """The trigger lemmas of the drafts a text gives (before placing and merging)."""
    from geo import events
    from geo import nlp as geo_nlp
    from geo.records import DateValue

    art = Article(doc="t.txt", index=0, start=0, end=len(text), text=text,
                  dateline=DateValue("2019-12-30", "day", "test dateline"))
    return [d.trigger for d in events.find_events(art, geo_nlp.parse_article(pipeline, art))]


def test_an_after_clause_with_its_own_agent_is_an_earlier_act(nlp):
    text = "After a rocket barrage killed a contractor near Kirkuk, US jets bombed militia positions in Anbar."
    found = _triggers(nlp, text)
    assert {"kill", "bomb"} <= set(found), found
    # a result told in the main clause is the same act
    for text in ("Two soldiers were killed after gunmen attacked their checkpoint near Kirkuk on Monday.",
                 "Three people died after a bomb exploded in a market in Hilla on Monday."):
        assert len(_triggers(nlp, text)) == 1, text


def test_a_gathering_whose_purpose_is_to_protest_is_a_protest(nlp):
    text = ("Worshippers gathered outside a police station in Chabahar on Friday to protest over the killing "
            "of a teenager.")
    assert "protest" in _kinds(nlp, text, dateline="2022-10-01")
    # a gathering for another purpose, by people who are not a crowd word, is not
    assert _kinds(nlp, "Engineers gathered in Basra on Monday to discuss the new refinery.",
                  dateline="2022-10-01") == []


def test_acts_told_through_their_means_and_blockades_by_protesters_are_protests(nlp):
    for text in ("Security forces used live ammunition and tear gas to disperse protesters in Nasiriyah "
                 "on Thursday.",
                 "Demonstrators occupied the governorate building in Basra on Sunday."):
        assert "protest" in _kinds(nlp, text, dateline="2019-11-30"), text
    # a plan, a non-protest blocking, and a road described by what was done to it before
    for text in ("The government plans to use force to disperse protesters in Baghdad.",
                 "The court blocked the law on Monday.",
                 "Soldiers reopened several highways that demonstrators had blocked with burning tyres."):
        assert "protest" not in _kinds(nlp, text, dateline="2019-11-30"), text

"""Joining located mentions into one event (geo/merge.py), on hand-made records."""
from __future__ import annotations

from geo.coreference import DETAIL_MARK
from geo.merge import merge
from geo.records import Event, Mention, Place

_KIRKUK = Place("Kirkuk", "Kirkuk", 35.47, 44.39, "IQ", 1, feature="city")
_IRAQ = Place("Iraq", "Iraq", 33.0, 44.0, "IQ", 3, feature="country")


def _event(start: int, quote: str, place: Place, why: str = "type: violence trigger", **kw) -> Event:
    fields = dict(id=str(start), doc="d.txt", article=0, article_title=None, type="militia_activity",
                  trigger="attack", quote=quote, start=start, end=start + len(quote), place=place,
                  date="2021-03-05", date_precision="day", why=why,
                  mentions=(Mention("d.txt", 0, start, start + len(quote), quote),))
    fields.update(kw)
    return Event(**fields)


def test_a_joined_detail_is_named_in_why_and_keeps_its_mention_and_deaths():
    host = _event(0, "Rockets struck a base near Kirkuk on Friday.", _KIRKUK)
    detail = _event(60, "Two guards were killed in the attack.", _KIRKUK,
                    why=f"type: {DETAIL_MARK} ('Rockets struck'): set 'in attack'", fatalities=2)
    (ev,) = merge([host, detail])
    assert ev.quote == host.quote and ev.fatalities == 2
    assert [m.start for m in ev.mentions] == [0, 60]
    assert f"joined as {DETAIL_MARK}: 'Two guards were killed" in ev.why


def test_a_detail_that_locates_a_country_level_act_keeps_its_place_and_all_mentions():
    lead = _event(0, "Jets struck militia depots in Iraq on Friday.", _IRAQ)
    detail = _event(80, "Two more sites were hit near Kirkuk.", _KIRKUK,
                    why=f"type: {DETAIL_MARK} ('Jets struck'): more parts")
    (ev,) = merge([lead, detail])
    assert ev.place == _KIRKUK
    assert [m.start for m in ev.mentions] == [0, 80]  # told order, whichever mention kept the place
    assert "it locates the act more precisely" in ev.why and ev.quote.startswith("Jets")


def test_an_ordinary_second_mention_is_still_called_a_merge():
    a = _event(0, "Rockets struck a base near Kirkuk on Friday.", _KIRKUK)
    b = _event(60, "The attack on the base near Kirkuk damaged two hangars.", _KIRKUK, why="type: 'attack'")
    (ev,) = merge([a, b])
    assert "merged with a later mention" in ev.why and DETAIL_MARK not in ev.why


def test_two_attacks_on_different_days_at_one_place_stay_apart():
    a = _event(0, "Rockets struck a base near Kirkuk on Friday.", _KIRKUK)
    b = _event(60, "Another rocket attack hit the base on Sunday.", _KIRKUK, date="2021-03-07")
    assert len(merge([a, b])) == 2


_SYRIA = Place("Syria", "Syria", 35.0, 38.5, "SY", 3, feature="country")
_JORDAN_POST = Place("Rukban", "Rukban", 33.3, 38.7, "JO", 1, feature="site")


def test_a_detail_placed_in_another_country_is_a_claim_and_the_act_keeps_its_place():
    host = _event(0, "A drone attack killed three soldiers at an outpost near Rukban on Sunday.", _JORDAN_POST,
                  fatalities=3)
    detail = _event(90, "The spokesman said the attack had targeted a garrison in Syria.", _SYRIA, trigger="target",
                    why=f"type: {DETAIL_MARK} ('A drone attack killed three soldiers'): 'attack targeted'")
    (ev,) = merge([host, detail])
    assert ev.place == _JORDAN_POST and ev.fatalities == 3 and len(ev.mentions) == 2


def test_a_detail_joins_the_act_it_names_not_an_earlier_one_at_the_same_place():
    first = _event(0, "Rockets struck a base near Kirkuk on Thursday.", _KIRKUK, trigger="strike", date="2021-03-04")
    second = _event(60, "Gunmen ambushed a patrol near Kirkuk on Friday night.", _KIRKUK, trigger="ambush",
                    actors=("gunmen",), why="type: 'ambush'")
    detail = _event(120, "Two soldiers were wounded in the ambush.", _KIRKUK, trigger="ambush",
                    why=f"type: {DETAIL_MARK} ('Gunmen ambushed a patrol'): set 'in ambush'")
    out = merge([first, second, detail])
    ambush = next(e for e in out if e.quote.startswith("Gunmen"))
    assert [m.start for m in ambush.mentions] == [60, 120]


def test_an_act_that_took_in_a_detail_is_not_itself_called_a_detail():
    host = _event(0, "Rockets struck a base near Kirkuk on Friday.", _KIRKUK)
    detail = _event(60, "Two guards were killed in the attack.", _KIRKUK,
                    why=f"type: {DETAIL_MARK} ('Rockets struck'): set 'in attack'")
    later = _event(120, "More than 20 rockets hit the base near Kirkuk.", _KIRKUK, date=None, why="type: 'hit'")
    (ev,) = merge([host, detail, later])
    assert ev.quote == host.quote and ev.why.count(DETAIL_MARK) == 1
    assert "merged with a later mention" in ev.why and "joined with the act it details" not in ev.why


_TIKRIT = Place("Tikrit", "Tikrit", 34.6, 43.68, "IQ", 1, feature="city")


def test_a_detail_at_another_town_of_the_operation_stays_its_own_event():
    host = _event(0, "Rockets struck a base near Kirkuk on Friday.", _KIRKUK)
    detail = _event(60, "Two more sites were hit near Tikrit.", _TIKRIT,
                    why=f"type: {DETAIL_MARK} ('Rockets struck'): more parts")
    out = merge([host, detail])
    assert sorted(e.place.name for e in out) == ["Kirkuk", "Tikrit"]


# ------------------------------------- mentions told in articles (text -> events)

def test_country_level_chanting_joins_the_located_storming(nlp):
    from test_events import run
    text = ("Hundreds of protesters stormed the provincial council building in Nasiriyah on Thursday, setting "
            "part of it on fire. Videos shared online showed flames as young men chanted slogans against the "
            "governor in Iraq's south.")
    protests = [e for e in run(nlp, text, dateline="2023-05-12") if e.type == "protest"]
    assert len(protests) == 1 and protests[0].place.name == "Nasiriyah"
    assert len(protests[0].mentions) == 2


def test_a_shooting_on_a_march_and_the_march_are_one_protest(nlp):
    from test_events import run
    text = ("Snipers fired from rooftops on protesters marching through the centre of Nasiriyah, witnesses said. "
            "The shooting began as the demonstrators reached the main bridge of Nasiriyah.")
    protests = [e for e in run(nlp, text, dateline="2023-05-12") if e.type == "protest"]
    assert len(protests) == 1, [(e.quote, e.trigger) for e in protests]


def test_an_undated_strike_on_a_car_is_the_dated_strike_told_at_country_level(nlp):
    from test_events import run
    text = ("The U.S. military said its strike on Wednesday evening killed a senior commander of an Iran-backed "
            "militia in Iraq. A drone fired two missiles at his car as it drove through the Karrada district of "
            "Baghdad, witnesses said.")
    found = [e for e in run(nlp, text, dateline="2024-02-09") if e.type != "political"]
    assert len(found) == 1 and found[0].place.precision < 3
    assert found[0].date == "2024-02-07"


def test_an_incident_told_as_later_stays_its_own_event(nlp):
    from test_events import run
    text = ("Militants attacked an army checkpoint in Iraq on Wednesday, killing two soldiers. A roadside bomb "
            "later exploded near a police patrol in Kirkuk, wounding three officers.")
    found = [e for e in run(nlp, text, dateline="2024-02-09") if e.type == "militia_activity"]
    assert len(found) == 2


def test_protests_across_a_country_on_a_day_stay_apart_from_an_undated_town_protest(nlp):
    from test_events import run
    text = ("Protesters blocked roads across Iraq on Wednesday. In Basra, demonstrators burned tyres outside the "
            "oil company offices.")
    found = [e for e in run(nlp, text, dateline="2024-02-09") if e.type == "protest"]
    assert len(found) == 2


def test_two_crowds_on_different_days_at_one_place_stay_apart(nlp):
    from test_events import run
    text = ("On Saturday, thousands of demonstrators stormed the parliament building in Baghdad's Green Zone. "
            "On Monday, "
            "supporters of the rival alliance held a counter-rally on the edge of the Green Zone.")
    found = [e for e in run(nlp, text, dateline="2022-08-03") if e.type == "protest"]
    assert len(found) == 2, [(e.quote, e.date) for e in found]


def test_a_province_level_follow_up_joins_the_town_protest_of_that_province(nlp):
    from test_events import run
    text = ("On 20 February 2021, hundreds of protesters demonstrated in Nasiriyah city (Dhi Qar) demanding the "
            "dismissal of the governor. Security forces fired live ammunition, injuring 12 protesters.")
    found = [e for e in run(nlp, text, dateline="2021-02-25") if e.type == "protest"]
    assert len(found) == 1 and found[0].place.precision == 1 and len(found[0].mentions) == 2


def test_a_province_level_protest_on_another_day_stays_apart(nlp):
    from test_events import run
    text = ("On 20 February 2021, hundreds of protesters demonstrated in Nasiriyah city (Dhi Qar). "
            "On 22 February 2021, protesters blocked roads across Dhi Qar province.")
    found = [e for e in run(nlp, text, dateline="2021-02-25") if e.type == "protest"]
    assert len(found) == 2, [(e.quote, e.date) for e in found]


def test_a_call_made_during_a_meeting_and_another_meeting_are_two_political_acts(nlp):
    from test_events import run
    text = ("Kuwait's foreign minister Salem al-Sabah urged Iraq to rein in armed groups during talks with "
            "his visiting Iraqi counterpart Fuad Hussein in Kuwait City on Monday. Fuad Hussein also met "
            "Emir Mishal al-Ahmad in Kuwait City.")
    acts = [e for e in run(nlp, text, dateline="2024-02-20") if e.type == "political"]
    assert len(acts) == 2, [(e.quote, e.trigger) for e in acts]


def test_a_visit_and_the_meeting_held_during_it_stay_one_political_act(nlp):
    from test_events import run
    text = ("Iraqi Foreign Minister Fuad Hussein visited Kuwait City on Monday. During the visit, "
            "Fuad Hussein met Emir Mishal al-Ahmad in Kuwait City.")
    acts = [e for e in run(nlp, text, dateline="2024-02-20") if e.type == "political"]
    assert len(acts) == 1 and len(acts[0].mentions) == 2, [(e.quote, e.trigger) for e in acts]


def test_an_undated_background_line_far_from_a_dated_act_at_one_town_stays_apart(nlp):
    from test_events import run
    filler = " ".join(["Officials declined to comment on the figures given by the rights groups."] * 25)
    text = ("Five demonstrators were killed last month when gunmen fired on them in Kut, a witness said. "
            + filler + " Many of the dead were from the city of Kut, which has seen fierce clashes between "
            "protesters and riot police.")
    protests = [e for e in run(nlp, text, dateline="2019-11-20") if e.type == "protest" and e.place.name == "Kut"]
    assert len(protests) == 2, [(e.quote, e.date) for e in protests]


def test_an_undated_follow_up_told_near_a_dated_protest_still_joins_it(nlp):
    from test_events import run
    text = ("Five demonstrators were killed last month when gunmen fired on them in Kut, a witness said. "
            "Clashes between protesters and riot police in Kut went on into the night.")
    protests = [e for e in run(nlp, text, dateline="2019-11-20") if e.type == "protest" and e.place.name == "Kut"]
    assert len(protests) == 1, [(e.quote, e.date) for e in protests]

"""The event's own place, in general: sentences written for these tests (wire,
analysis and ACLED-note styles), never seed sentences.

A map reader sees a point where the act happened: the most specific place the
clause gives (a town inside the province it names), every town of a range or a
list, and not the place people come from, a speaker's place or a place the act
only might reach.  Hard negatives keep what must not move.
"""
from __future__ import annotations

from test_events import run


def _places(pipeline, text: str, etypes: tuple[str, ...] = ("militia_activity", "border_incident", "protest"),
            **kw) -> list[str | None]:
    return sorted((e.place.name if e.place else None) or "" for e in run(pipeline, text, **kw) if e.type in etypes)


def _place(pipeline, text: str, **kw) -> str | None:
    found = _places(pipeline, text, **kw)
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------ the most specific place wins

def test_town_named_after_the_province_of_the_strike_wins(nlp):
    text = ("Turkish drones struck what Ankara described as PKK shelters in Iraq's Dohuk province on Sunday, "
            "killing four people near the town of Zakho, local officials said.")
    assert _place(nlp, text) == "Zakho"


def test_town_inside_the_province_wins_over_the_province(nlp):
    text = ("Gunmen attacked an army checkpoint near Baqubah in Iraq's Diyala province overnight, "
            "killing two soldiers.")
    assert _place(nlp, text) == "Baqubah"


def test_a_town_of_another_province_does_not_replace_the_province(nlp):
    # Baghdad only says where the reporter is; the attack is in Anbar
    text = "A roadside bomb killed three soldiers in Anbar province on Monday, officials in Baghdad said."
    assert _place(nlp, text).startswith("Anbar")


def test_a_province_phrase_is_the_province_not_its_seat(nlp):
    text = "Unknown gunmen ambushed a police patrol in Iraq's Dohuk province on Sunday, killing two officers."
    found = run(nlp, text)
    assert found and found[0].place is not None and found[0].place.precision == 2, found[0].place

"""What is NOT an event (geo/event_filters.py), on sentences written for these tests.

Wire, analysis and ACLED-note styles, never seed sentences.  Each group pairs
the kind of sentence that told no act (a commentator's judgement, a person's
past, a running tally, a stated campaign, a reaction formula, a group's
accusation, a boycott of a sitting, a ranking over months) with hard negatives
that tell one and must stay on the map.
"""
from __future__ import annotations

import pytest
from test_events import run, types

_CORE = ("militia_activity", "border_incident", "protest")


def _core(pipeline, text: str, **kw) -> list[str]:
    return [t for t in types(pipeline, text, **kw) if t in _CORE]


NOT_EVENTS = [
    # a commentator judging an act told before
    "Analysts said the bombing of the market was a sign of the group's growing reach in the south.",
    "Experts said the clashes were the deadliest in the capital in years.",
    # a person's past, introduced in a relative clause
    "The commander, who had fought in Syria and was close to the group's founder, was buried in Najaf.",
    # a running tally, also in its "while ..." half
    "More than 200 militants and 40 civilians have been killed in the province since January, according "
    "to a Reuters tally, while a dozen soldiers have been killed in the capital.",
    # a campaign the group says it wages
    "The Houthis say they are targeting ships linked to Israel in solidarity with Palestinians in Gaza.",
    # reaction formulas and a group's accusation
    "The militia's leader promised a response, raising fears of a new round of fighting on the border.",
    "Kataib Hezbollah and Asaib Ahl al-Haq accused the Kurdish parties of planting the bombs.",
    # boycotts of sittings and polls
    "Most Sunni lawmakers boycotted the session on Saturday.",
    "Opposition parties boycotted the parliamentary vote in protest at the arrests.",
    # a ranking over a span of months
    "He was the most senior Hezbollah military figure killed in three months of clashes.",
    # a group's record in a perfect relative clause, a recurring activity, a ranking
    "The militia, which has fought alongside government forces against Islamic State, denied involvement.",
    "Hezbollah fighters have been exchanging fire with Israeli forces almost daily since October 8.",
    "Protesters have taken to the streets of Basra every summer over power cuts.",
    "The drone strike was the first in Baghdad since the truce took effect.",
    # a purpose in a bare infinitive under "to help"
    "Washington says the forces are there to help fight Islamic State.",
    # a known act as the landmark of something else
    "The talks resumed in Baghdad on Tuesday after a pause following the Jordan attack.",
    "Talks on the withdrawal resumed in Baghdad on Tuesday after a pause following the militia's drone attack.",
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_sentences_that_tell_no_act_make_no_core_event(nlp, text):
    assert _core(nlp, text, dateline="2024-01-10") == []


HARD_NEGATIVES = [
    # the act itself, told by a source rather than a commentator
    ("Police said the bombing of the market in Hilla on Monday killed six people.", "militia_activity"),
    # a dated relative clause tells the act
    ("Gunmen who had stormed the television station in Baghdad on Sunday fired on the guards.",
     "militia_activity"),
    # one attack going on, with its own object and place
    ("Houthi forces are attacking a tanker off Hodeidah, the navy said on Tuesday.", "militia_activity"),
    # a group's own act, not its comment
    ("Kataib Hezbollah fighters fired rockets at the Ain al-Asad base on Monday.", "militia_activity"),
    # a boycott of goods is a protest campaign
    ("Sadrist supporters boycotted Iranian goods in a campaign launched in Basra on Friday.", "protest"),
    # a shop strike "in protest" is one
    ("Shopkeepers in Nasiriyah closed their shops in protest at the killing of an activist on Monday.",
     "protest"),
    # killed in one clash, not over months of clashes
    ("Two protesters were killed in clashes with police in Basra on Friday.", "protest"),
    # a sequel of an act on the verb, and a purpose after the act told
    ("Gunmen were killed after the attack on the checkpoint in Diyala on Monday.", "militia_activity"),
    ("Militiamen fought Islamic State fighters near Tikrit on Monday to help the army retake the town.",
     "militia_activity"),
    # one dated act of the same kinds
    ("Protesters took to the streets of Basra on Friday over power cuts.", "protest"),
    ("Hezbollah fighters exchanged fire with Israeli forces near Kfar Kila on Monday.", "militia_activity"),
    ("A commander who had led the assault on the town was killed in a drone strike in Qaim on Sunday.",
     "militia_activity"),
    ("The protests began on October 1 in Baghdad and spread south.", "protest"),
    # ACLED-style note
    ("On 4 March 2021, unidentified gunmen shot dead an activist in Amarah city (Maysan).", "militia_activity"),
]


@pytest.mark.parametrize("text, etype", HARD_NEGATIVES)
def test_sentences_that_tell_an_act_keep_it(nlp, text, etype):
    assert etype in _core(nlp, text, dateline="2021-03-10")


def test_a_boycotted_session_leaves_the_vote_to_be_the_event(nlp):
    text = "On Sunday, parliament voted to expel foreign troops, in a session boycotted by most Kurdish members."
    found = run(nlp, text, dateline="2020-01-06")
    assert [e.type for e in found] == ["political"]


def test_an_act_told_before_does_not_take_the_place_of_the_clause_that_dates_it(nlp):
    text = "The attack came days after Israel killed a senior Hamas official in Beirut."
    found = [e for e in run(nlp, text, dateline="2024-02-10") if e.type in _CORE]
    assert [e.trigger for e in found] == ["kill"], [(e.trigger, e.quote) for e in found]

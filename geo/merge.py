"""Located events of one document -> one event per real-world event.

A report tells the same event more than once (the lead, a later paragraph, an
attribution); :func:`merge` joins those mentions so the map shows one point with
every source kept, while two different acts at one place stay apart.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import yaml

from geo import settings
from geo.coreference import DETAIL_MARK, NO_OWN_PLACE, host_quote
from geo.evaluate import great_circle_km
from geo.lexicon import load_lexicon, load_words
from geo.records import Event

# How far apart (characters of the source) a country-level mention and a located
# event may be told and still be one event: about two or three paragraphs, the
# reach of a report's detail, claim and reaction sentences about one act.
_WINDOW = 1500


def merge(events: list[Event]) -> list[Event]:
    """Join mentions of the same event in one document into one event.

    Two events are the same when they have the same type, the same place (same
    resolved name, or within a few kilometres at the same precision), compatible
    dates (equal, or one unknown at that precision) and share a named actor or
    the trigger word.  Different events at one place stay apart: two attacks on
    different days, or one with different actors.  Every mention is kept.
    """
    out: list[Event] = []
    for ev in _join_details(events):
        for i, kept in enumerate(out):
            if _same_event(kept, ev):
                out[i] = _join(kept, ev)
                break
        else:
            out.append(ev)
    return _absorb_country_level(out)


def _join_details(events: list[Event]) -> list[Event]:
    """A detail sentence joins the very act it details (:mod:`geo.coreference`).

    The detail names that act by the start of its quote; it joins the event
    holding that mention (when the act was split over several places, the one in
    the detail's country, else the nearest).  Where the joined event is, is
    decided by :func:`_where`; a detail that names another specific place of the
    act ("two more sites were hit near Tikrit" after a strike near Kirkuk) stays
    its own event there, as a record per place of one operation.  A detail whose
    act is not found is left to :func:`merge`.
    """
    joined = list(events)
    dropped: set[int] = set()
    for j, ev in enumerate(events):
        prefix = host_quote(ev.why)
        if prefix is None:
            continue
        fits = [i for i, h in enumerate(events) if i != j and i not in dropped and h.doc == ev.doc
                and h.article == ev.article and host_quote(h.why) is None
                and any(m.quote.startswith(prefix) for m in h.mentions)]
        if not fits:
            continue
        same_country = [i for i in fits if _country(events[i]) == _country(ev)]
        host = min(same_country or fits, key=lambda i: abs(events[i].start - ev.start))
        where = _where(joined[host], ev)
        if where is None:
            continue
        joined[host] = _join_detail(joined[host], ev, where)
        dropped.add(j)
    return [e for j, e in enumerate(joined) if j not in dropped]


def _country(ev: Event) -> str | None:
    return ev.place.country if ev.place is not None else None


def _where(host: Event, detail: Event) -> str | None:
    """Whose place the act keeps when ``detail`` joins ``host``: "host" when they
    are at one place or the detail names only a country (a claim about the act:
    "the attack targeted a garrison across the border in Syria"), "detail" when
    the detail locates the act more precisely in the act's country ("two more sites
    were hit near Mayadin" after strikes "in Syria"), None when the detail names
    another specific place (it is then its own event)."""
    h, d = host.place, detail.place
    if h is None or d is None or d.precision == 3 or NO_OWN_PLACE in detail.why.split(" | ")[0].split("; place:")[0]:
        return "host"
    if h.resolved.lower() == d.resolved.lower() or great_circle_km(h.lat, h.lon, d.lat, d.lon) <= 10:
        return "host"
    if d.country == h.country and d.precision < h.precision:
        return "detail"
    return None


def _join_detail(host: Event, detail: Event, where: str) -> Event:
    """The act with its detail joined (as :func:`_join`), at the place :func:`_where` chose."""
    out = _join(host, detail)
    if where != "detail" or detail.place is None:
        return out
    m = re.search(r"place: (.*?); date: ", detail.why, flags=re.DOTALL)
    return replace(out, place=detail.place, why=f"{out.why}; it locates the act more precisely: "
                   f"{m.group(1) if m else detail.place.resolved}")


def _absorb_country_level(events: list[Event]) -> list[Event]:
    """A country-level mention joins a located event of the same kind in that country.

    Reports name an event once with its town ("a drone attack on an outpost near
    Rutba") and again only with its country ("the attack in Iraq", a claim, a
    follow-up detail); the second mention, placed at the country's centre, is the
    same event and not a second point on the map.  It joins the located event of
    the same type and trigger class (for a protest any trigger: "young men chanted"
    and "crowds stormed the consulate" tell one protest), in the same article and
    country, on dates where the country mention adds nothing (no date, or one the located
    event already has, or coarser): "protests across Lebanon on Sunday" against
    protests in Tripoli known only by year may be another day's protests, so it
    stays.  An armed act told without a date of its own ("a drone fired two missiles
    at his car in Mashtal") next to a dated country-level mention ("its strike on
    Wednesday killed the commander") is that act: one strike, told twice, unless its
    sentence opens another incident ("a bomb later exploded").  They must be told
    within :data:`_WINDOW` characters of each other; when several fit, the one told
    nearest in the text.
    A province-level mention joins a town event of that province in the same way.
    Political acts are left alone: one article often tells several of them in
    one country (a vote, a visit, a deal), and their class is too broad to say
    which is which.
    """
    located = [i for i, e in enumerate(events) if e.place is not None and e.place.precision < 3]
    joined = list(events)
    dropped: set[int] = set()
    for j, ev in enumerate(events):
        if ev.place is None or ev.type == "political":
            continue
        if ev.place.precision < 3:
            if ev.place.feature != "admin1":
                continue
            # a province-level mention ("in Dhi Qar") and a town of that province ("Nasiriyah"): the
            # same rule one level down
            fits = [i for i in located if i != j and events[i].place.precision == 1
                    and _same_admin1(events[i], ev) and _absorbs(events[i], ev)]
        else:
            fits = [i for i in located if _absorbs(events[i], ev)]
        if fits:
            host = min(fits, key=lambda i: abs(events[i].start - ev.start))
            joined[host] = _join(joined[host], ev)
            dropped.add(j)
    return [e for j, e in enumerate(joined) if j not in dropped]


def _same_admin1(town: Event, region: Event) -> bool:
    """The town's gazetteer row lies in the province ``region`` is placed at."""
    code = region.place.raw.get("admin1") if region.place else None
    return bool(code) and town.place is not None and town.place.raw.get("admin1") == code


def _absorbs(host: Event, ev: Event) -> bool:
    """Whether the located ``host`` is the event the country-level ``ev`` mentions."""
    return (host.doc == ev.doc and host.article == ev.article and host.type == ev.type
            and host.place is not None and ev.place is not None and host.place.country == ev.place.country
            and (ev.type == "protest" or _similar_triggers(host.trigger, ev.trigger))
            and abs(host.start - ev.start) <= _WINDOW
            and (not ev.date or bool(host.date and host.date.startswith(ev.date))
                 or (ev.type != "protest" and _undated(host.date) and _dates_compatible(host.date, ev.date)
                     and not _opens_another_act(host.quote))))


@lru_cache(maxsize=1)
def _other_event_markers() -> frozenset[str]:
    """``other_event_markers`` of data/lexicon.yaml (read here: no other module needs it)."""
    raw = yaml.safe_load((settings.DATA_DIR / "lexicon.yaml").read_text(encoding="utf-8"))
    return frozenset(str(x).lower() for x in raw.get("other_event_markers") or ())


def _opens_another_act(quote: str) -> bool:
    """The sentence announces another incident ("a roadside bomb later exploded", "in a
    separate attack"): its undated act is not the dated one told before."""
    return bool(set(re.findall(r"[a-z]+", quote.lower())) & _other_event_markers())


def _same_event(a: Event, b: Event) -> bool:
    """Whether two located mentions are one event (see :func:`merge`)."""
    if a.doc != b.doc or a.type != b.type:
        return False
    if (a.place is None) != (b.place is None):
        return False
    if a.place and b.place:
        same_name = a.place.name.lower() == b.place.name.lower()  # "Basra" read once as the city, once as the province
        # two sites of one city on the same day (a square and the government district next to it) are
        # one event's stages in one article; without a shared day, only a few kilometres
        same_day = bool(a.date and b.date and a.date == b.date and len(a.date) == 10 and a.article == b.article)
        near = great_circle_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon) <= (10 if same_day else 5)
        if not same_name and (a.place.precision != b.place.precision or (a.place.resolved != b.place.resolved
                                                                          and not near)):
            return False
    if not _dates_compatible(a.date, b.date):
        return False
    named_a = {n.lower() for n in a.actors} - load_words().generic_actors
    named_b = {n.lower() for n in b.actors} - load_words().generic_actors
    if named_a & named_b and (_one_political_act(a, b) if a.type == "political"
                              else _similar_triggers(a.trigger, b.trigger)):
        return True
    if a.type != "political" and a.place and b.place and (
            _similar_triggers(a.trigger, b.trigger) if a.type == "protest" else _same_group(a.trigger, b.trigger)) \
            and not _far_undated(a, b):
        return True  # the same kind of protest, or the same kind of violence, at one place on compatible dates
    if a.type != "political" and a.place and b.place and (
            (a.type == "protest" and max(a.place.precision, b.place.precision) < 3)
            or _similar_triggers(a.trigger, b.trigger)) and (
            _undated(a.date) or _undated(b.date)) and abs(a.start - b.start) <= _WINDOW:
        # a detail told nearby without a date of its own ("more than 30 rockets hit the base"); for a
        # protest any trigger ("the shooting began as the protesters marched" after "snipers fired on
        # the demonstration"): one crowd at one located place is one protest (a country-level mention
        # is left to _absorb_country_level, which joins it to the nearest located protest)
        return True
    if a.trigger == b.trigger and (not named_a or not named_b):
        return True
    # the same type at the same place in the same month (or day): one event told twice; political
    # acts only on one day (an article tells a month of visits, calls and votes in one capital)
    return bool(a.date and b.date and a.date == b.date and len(a.date) >= (10 if a.type == "political" else 7))


def _one_political_act(a: Event, b: Event) -> bool:
    """Two political mentions sharing an actor at one place are one act when told with
    words of one trigger group ("warned"/"threatened"), both as one encounter ("visited
    Tehran" / "during the visit he met"), or on one day: a call made during a meeting
    and another meeting are two acts, the class "political" being too broad to say so."""
    if _same_group(a.trigger, b.trigger):
        return True
    encounter = load_lexicon().cues["encounter"]
    if a.trigger in encounter and b.trigger in encounter:
        return True
    return bool(a.date and b.date and a.date == b.date and len(a.date) == 10)


def _far_undated(a: Event, b: Event) -> bool:
    """One mention is dated (a month or a day), the other has no date of its own and is
    told far from it (beyond :data:`_WINDOW`): a background line ("the town, which has seen
    violent clashes") is not the dated act ("seven protesters were killed last month in the
    town") told paragraphs away."""
    dated = [e for e in (a, b) if not _undated(e.date)]
    return len(dated) == 1 and abs(a.start - b.start) > _WINDOW


def _undated(date: str | None) -> bool:
    """No date finer than a year: the mention says nothing of its own about when."""
    return not date or len(date) <= 4


def _similar_triggers(a: str, b: str) -> bool:
    """Same word, or words of one class (two violent acts, two political acts):
    the same actors raiding and foiling a plot (violence, border) are two events."""
    if a == b:
        return True
    lex = load_lexicon()
    classes_a = {spec.cls for spec in lex.triggers.get(a, ())}
    return any(spec.cls in classes_a for spec in lex.triggers.get(b, ()))


def _same_group(a: str, b: str) -> bool:
    """Words of one trigger group ("protests"/"demonstrations", "attack"/"assault")."""
    return a == b or any(b in spec.lemmas for spec in load_lexicon().triggers.get(a, ()))


def _dates_compatible(a: str | None, b: str | None) -> bool:
    """Equal dates, or one unknown, or one a prefix of the other ("2019", "2019-10")."""
    if not a or not b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _join(a: Event, b: Event) -> Event:
    """One event from two mentions: the more precise date, the union of actors and mentions."""
    date, prec = a.date, a.date_precision
    if b.date and (not date or len(b.date) > len(date)):
        date, prec = b.date, b.date_precision
    actors = list(a.actors) + [x for x in b.actors if x.lower() not in {y.lower() for y in a.actors}]
    fat = max((x for x in (a.fatalities, b.fatalities) if x is not None), default=None)
    mentions = tuple(sorted(a.mentions + tuple(m for m in b.mentions if m not in a.mentions),
                            key=lambda m: m.start))
    conf = round(min(1.0, max(a.confidence, b.confidence) + 0.05), 3)
    return replace(a, date=date, date_precision=prec, actors=tuple(actors), fatalities=fat,
                   mentions=mentions, confidence=conf, why=_joined_why(a, b))


def _joined_why(a: Event, b: Event) -> str:
    """``a``'s why, saying how ``b`` joined it: as a detail sentence of the act
    (see :mod:`geo.coreference`) or as another mention of it."""
    if b.why in a.why:
        return a.why
    if host_quote(b.why) is not None:
        return f"{a.why} | joined as {DETAIL_MARK}: '{b.quote[:80]}' (offset {b.start})"
    if host_quote(a.why) is not None:  # a detail kept apart at its own place meets another mention
        return f"{a.why} | merged with a mention of the act it details ({b.trigger}, offset {b.start})"
    return f"{a.why} | merged with a later mention ({b.trigger}, offset {b.start})"

"""Toponym resolution: which place does a name in a text denote?

Every candidate from the gazetteer gets a score that is a sum of named parts, so
the choice can be explained in words (``Place.why``):

* **feature class** — a country outranks a first-level division, which outranks
  a town, which outranks a site (people name the bigger thing more often);
* **population** — among towns, log10 of the population;
* **how the name matched** — the name itself, an alternate name, a
  transliteration variant or a close spelling (weaker and weaker);
* **focus countries** — the countries the caller names and the countries the
  document is about (counted from its other toponyms);
* **divisions in play** — a division the document's other places lie in;
* **"X, Y" / "X in Y"** — Y contains X (a country or a division);
* **distance** — how close the candidate is to the document's other places.

:func:`resolve_spans` resolves a whole document jointly: a first pass without
document context finds what the text is about, a second pass uses it.  The
same name gets the same reading throughout a document (one sense per
discourse) unless a container says otherwise.
"""
from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from geo.gazetteer import (
    MATCH_ALT,
    MATCH_FUZZY,
    MATCH_SKELETON,
    MATCH_WORDS,
    Entry,
    Gazetteer,
    Hit,
    get_gazetteer,
    haversine_km,
)
from geo.records import Place

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- scoring weights
# Feature priors are on the same scale as log10(population) of a town
# (a town of 100,000 scores 5).
PRIOR = {
    "continent": 11.0,
    "country": 12.0,
    "region": 9.0,
    "water": 9.0,
    "border": 8.0,
    "site": 7.0,
    "admin2": 6.0,
}
POP_WEIGHT = 1.0
"""A town scores POP_WEIGHT * log10(population)."""
FAME_WEIGHT = 0.0
"""Weight of log10(number of alternate names): a proxy for world fame (Venice, Italy has well over a hundred
names, Venice, Florida a handful).  Measured on the benchmarks it hurt (LGL 0.841 -> 0.837), so it is off."""
ADMIN1_BASE = 4.5
"""A division scores ADMIN1_BASE + 0.5 * log10(its population)."""
CURATED_TOWN = 6.0
"""A town from data/places.csv (a place that matters, usually missing from GeoNames)."""
MATCH_PENALTY = {MATCH_ALT: 0.3, MATCH_SKELETON: 3.0, MATCH_FUZZY: 5.0}
CITY_ALT_PENALTY = 1.5
VARIANT_ABROAD = 2.0
"""Extra doubt for a variant spelling that lands outside every country the text is about."""
"""Towns carry many loose alternate names (old names, other languages); trust them less."""
FOCUS_BONUS = 4.0
SMALL_TOWN = 20_000
SMALL_TOWN_ABROAD = 2.5
"""A town under SMALL_TOWN people in a country the text is not about is an unlikely reading
(an Isle of Man village for 'Peel' in a Toronto story)."""
ADMIN1_BONUS = 2.5
CONTAINER_COUNTRY = 5.0
CONTAINER_ADMIN1 = 7.0
CAPITAL_BONUS = 2.5
NEAR_BONUS = ((30.0, 2.0), (100.0, 1.5), (250.0, 0.75))
"""Bonus for a candidate close to some reading of another name in the text (km, bonus)."""
NEAR_CAP = 4.0
"""Most that closeness to other names can add."""
NEIGHBOUR_CANDIDATES = 8
READING_GAP = 2.0
TOWN_ADMIN1_EVIDENCE = 0.5
"""How much a confidently read town says about the division the text is about, against 1.5 for
a division named outright or a town written with its division ("Paris, Texas")."""
OTHER_READING_WEIGHT = 0.5
"""Closeness to a reading that is not the other name's best one counts half (clusters of
small namesakes — Washington, Rochester, Atlanta, all in Illinois — must not outvote population)."""
"""A reading of another name counts only if it scores within this of that name's best reading."""
SHADOW_PENALTY = 2.0
"""A town matched by an alternate name, when a country or division bears the name itself."""
"""How many readings of each other name count as 'some reading' for closeness."""
WORLD_CITY = 200_000
"""A town this big is what its name means to a reader anywhere (Geneva, Tripoli, Alexandria)."""
SMALL_NAMESAKE = 50_000
"""A town abroad under this many people is a small namesake of a world city (Geneva, Illinois)."""
_LOCAL_EVIDENCE = ("in division ", "inside ", "close to ")
"""Score parts that say the text is about the namesake's own surroundings."""
MIN_SCORE = 2.0
"""Below this a candidate is no answer (a hamlet matched by a variant spelling, out of context)."""


@dataclass
class Context:
    """What the rest of the document (or the caller) says about where we are."""

    countries: dict[str, float] = field(default_factory=dict)  # ISO2 -> weight 0..1
    admin1s: dict[str, float] = field(default_factory=dict)  # "CC.CODE" -> weight 0..1
    neighbours: list[tuple[str, tuple[tuple[float, float, float], ...]]] = field(default_factory=list)
    """Other names of the text with the points they may denote: (lat, lon, weight); weight 1 for
    a name's best reading, less for its other plausible readings."""
    container: Entry | None = None

    @classmethod
    def from_countries(cls, countries: Sequence[str]) -> Context:
        """Focus countries, strongest first (weights 1.0, 0.8, 0.6 ...)."""
        out: dict[str, float] = {}
        for i, c in enumerate(countries):
            if c and c.upper() not in out:
                out[c.upper()] = max(0.2, 1.0 - 0.2 * i)
        return cls(countries=out)


@dataclass(frozen=True)
class Scored:
    hit: Hit
    score: float
    parts: tuple[tuple[str, float], ...]

    @property
    def entry(self) -> Entry:
        return self.hit.entry


def score_hit(hit: Hit, ctx: Context) -> Scored:
    """Score one candidate in a context; the parts name each contribution."""
    e = hit.entry
    parts: list[tuple[str, float]] = []
    if e.feature == "city":
        if e.source.startswith("places.csv") and not e.population:
            parts.append(("a curated town", CURATED_TOWN))
        else:
            parts.append((f"population {e.population:,}", POP_WEIGHT * math.log10(e.population + 10)))
            n_alt = get_gazetteer().fame(hit.index)
            if n_alt and FAME_WEIGHT:
                parts.append((f"known in {n_alt} other names", FAME_WEIGHT * math.log10(1 + n_alt)))
            if hit.match == 0 and get_gazetteer().is_capital(hit.index):
                parts.append(("national capital", CAPITAL_BONUS))
    elif e.feature == "admin1":
        parts.append(("first-level division", ADMIN1_BASE + 0.5 * math.log10(e.population + 10)))
    else:
        parts.append((e.feature, PRIOR.get(e.feature, 5.0)))
    if hit.match in MATCH_PENALTY:
        pen = MATCH_PENALTY[hit.match]
        if hit.match == MATCH_ALT and e.feature == "city":
            pen = CITY_ALT_PENALTY
        parts.append((f"matched by {MATCH_WORDS[hit.match]}", -pen))
        if hit.match >= MATCH_SKELETON and ctx.countries and e.country not in ctx.countries:
            parts.append(("a variant spelling of a place outside the text's countries", -VARIANT_ABROAD))
    if e.country and e.country in ctx.countries:
        parts.append((f"in focus country {e.country}", FOCUS_BONUS * ctx.countries[e.country]))
    elif (e.feature == "city" and e.population < SMALL_TOWN and ctx.countries
          and max(ctx.countries.values()) >= 0.5):
        parts.append(("a small town outside the countries the text is about", -SMALL_TOWN_ABROAD))
    if e.admin1 and e.admin1 in ctx.admin1s:
        parts.append((f"in division {e.admin1} named in the text", ADMIN1_BONUS * ctx.admin1s[e.admin1]))
    c = ctx.container
    if c is not None:
        if c.feature == "admin1" and e.admin1 == c.admin1 and e.feature != "admin1":
            parts.append((f"inside {c.name} (X, Y)", CONTAINER_ADMIN1))
        elif c.feature == "country" and e.country == c.country and e.feature != "country":
            parts.append((f"inside {c.name} (X, Y)", CONTAINER_COUNTRY))
    if ctx.neighbours and e.feature not in ("country", "continent"):
        near_total, close = 0.0, []
        for other, pts in ctx.neighbours:
            got = 0.0
            for la, lo, w in pts:
                d = haversine_km(e.lat, e.lon, la, lo)
                for limit, bonus in NEAR_BONUS:
                    if d < limit:
                        got = max(got, bonus * w)
                        break
            if got:
                near_total += got
                close.append(other)
        if near_total:
            parts.append((f"close to {', '.join(close[:3])}{'...' if len(close) > 3 else ''}",
                          min(NEAR_CAP, near_total)))
    return Scored(hit, sum(v for _, v in parts), tuple(parts))


def _shadowed(s: Scored, by: Entry) -> Scored:
    part = (f"the name is primarily {by.name} ({by.feature})", -SHADOW_PENALTY)
    return Scored(s.hit, s.score - SHADOW_PENALTY, (*s.parts, part))


def rank(hits: Sequence[Hit], ctx: Context) -> list[Scored]:
    """Candidates best first; ties broken by population then index (deterministic)."""
    scored = [score_hit(h, ctx) for h in hits]
    shadow = next((h.entry for h in hits if h.match == 0 and h.entry.feature in ("country", "admin1", "continent")),
                  None)
    if shadow is not None:
        scored = [_shadowed(s, shadow) if s.hit.match != 0 and s.entry.feature in ("city", "site") else s
                  for s in scored]
    scored = _doubt_small_namesakes(scored)
    scored.sort(key=lambda s: (-round(s.score, 9), -s.entry.population, s.hit.index))
    return _prefer_seat(scored)


def _doubt_small_namesakes(scored: list[Scored]) -> list[Scored]:
    """Take the focus-country bonus back from a small namesake of a world city.

    A Middle-East story that also mentions Washington makes the United States a
    focus country, and that bonus alone lifted Geneva, Illinois (22,000 people)
    over Geneva, Switzerland.  A country being in the text says nothing about
    which Geneva is meant; its division, an "X, Y" container or closeness to the
    text's other places does, so only a namesake with such local evidence keeps
    the bonus.  Curated towns (data/places.csv) are exempt: they are there
    because they matter where the text is.
    """
    big = max((s.entry for s in scored if s.entry.feature == "city" and s.hit.match == 0
               and s.entry.population >= WORLD_CITY), key=lambda e: e.population, default=None)
    if big is None:
        return scored
    out = []
    for s in scored:
        e = s.entry
        if (e.feature == "city" and e.country != big.country and not e.source.startswith("places.csv")
                and e.population < SMALL_NAMESAKE):
            focus = sum(v for p, v in s.parts if p.startswith("in focus country"))
            local = any(p.startswith(_LOCAL_EVIDENCE) for p, _ in s.parts)
            if focus > 0 and not local:
                why = (f"a small namesake of {big.name} ({big.country}, pop {big.population:,}) "
                       "with no local evidence in the text")
                s = Scored(s.hit, s.score - focus, (*s.parts, (why, -focus)))
        out.append(s)
    return out


SEAT_SHARE = 0.2
"""A division named after its main town means the town when the town holds this share of its people."""


def _prefer_seat(scored: list[Scored]) -> list[Scored]:
    """"Basra", "Karbala", "New York": a division named after its seat usually means the town.

    When the best reading is a division and a town of that division bearing the
    same name (not a variant spelling) holds at least SEAT_SHARE of the
    division's population, the town moves to the top, with the reason in its parts.
    """
    if not scored or scored[0].entry.feature != "admin1":
        return scored
    div = scored[0]
    for i, s in enumerate(scored[1:], 1):
        e = s.entry
        if (e.feature == "city" and e.admin1 == div.entry.admin1 and s.hit.match <= MATCH_ALT
                and e.population >= SEAT_SHARE * max(1, div.entry.population)):
            lift = div.score - s.score + 0.01
            town = Scored(s.hit, div.score + 0.01,
                          (*s.parts, (f"seat of the division {div.entry.name} that bears its name", lift)))
            return [town, div, *scored[1:i], *scored[i + 1:]]
    return scored


def _describe(e: Entry) -> str:
    where = e.country or "-"
    pop = f", pop {e.population:,}" if e.population else ""
    return f"{e.name} ({where}, {e.feature}{pop})"


def _place(name: str, best: Scored, others: Sequence[Scored], note: str = "") -> Place:
    e = best.entry
    why = f"'{name}' -> {_describe(e)}: " + "; ".join(f"{p} {v:+.1f}" for p, v in best.parts)
    if others:
        o = others[0]
        why += f"; beat {_describe(o.entry)} ({best.score:.1f} vs {o.score:.1f})"
    if note:
        why += f"; {note}"
    raw = {
        "source": e.source,
        "population": e.population,
        "admin1": e.admin1,
        "score": round(best.score, 3),
        "match": MATCH_WORDS.get(best.hit.match, "?"),
        "alternatives": [
            {"name": s.entry.name, "country": s.entry.country, "feature": s.entry.feature, "score": round(s.score, 3)}
            for s in others[:3]
        ],
    }
    return Place(name=name, resolved=e.name, lat=e.lat, lon=e.lon, country=e.country, precision=e.precision,
                 geonameid=e.geonameid, feature=e.feature, why=why, raw=raw)


def _choose(name: str, hits: Sequence[Hit], ctx: Context, note: str = "") -> Place | None:
    if not hits:
        return None
    ranked = rank(hits, ctx)
    best = ranked[0]
    if best.score < MIN_SCORE:
        return None
    return _place(name, best, ranked[1:], note)


# ---------------------------------------------------------------- single names


@functools.lru_cache(maxsize=200_000)
def _resolve_cached(name: str, countries: tuple[str, ...]) -> Place | None:
    g = get_gazetteer()
    return _choose(name, g.hits(name), Context.from_countries(countries))


def resolve(name: str, *, countries: Sequence[str] = (), near: Sequence[Place] = ()) -> Place | None:
    """Resolve one place name.

    Parameters
    ----------
    name
        The name as written ("Amara", "Tahrir Square", "the Gulf").
    countries
        Focus countries (ISO2), strongest first: the article's country first.
    near
        Places already resolved in the same text; candidates close to them win.

    Returns
    -------
    Place or None
        None when the gazetteer has no acceptable candidate (never a guess).
    """
    name = (name or "").strip()
    if not name:
        return None
    if not near:
        return _resolve_cached(name, tuple(c.upper() for c in countries if c))
    ctx = Context.from_countries(countries)
    ctx.neighbours = [(p.name, ((p.lat, p.lon, 1.0),)) for p in near if p.feature not in ("country", "continent")]
    for p in near:
        if p.country and p.country not in ctx.countries:
            ctx.countries[p.country] = 0.5
    return _choose(name, get_gazetteer().hits(name), ctx)


def rank_name(name: str, *, countries: Sequence[str] = (), container: str | None = None,
              limit: int = 10) -> list[Place]:
    """Every acceptable reading of one name, best first (for ``exactly_one=False`` answers)."""
    g = get_gazetteer()
    ctx = Context.from_countries(countries)
    if container:
        ctx.container = _container_entry(g, container)
    ranked = [s for s in rank(g.hits(name), ctx) if s.score >= MIN_SCORE]
    return [_place(name, s, ranked[:i] + ranked[i + 1:]) for i, s in enumerate(ranked[:limit])]


# ---------------------------------------------------------------- documents

_CONTAINER_SEP = re.compile(r"^(\s*,\s*|\s+in\s+(?:the\s+)?|\s*\(\s*)$")
_LIST_SEP = re.compile(r"^\s*(?:,\s*)?(?:and|or|&)\s+$")
_TRAILING = re.compile(r"^\s*,\s*((?:[A-Z][\w.]*\.?)(?:\s+[A-Z][\w.]*\.?){0,2})")


def _container_entry(g: Gazetteer, text: str) -> Entry | None:
    """The country or division a text names, if any ("Texas", "Ga.", "Iraq")."""
    best = None
    for h in g.hits(text, fuzzy=False):
        if h.match >= MATCH_SKELETON or h.entry.feature not in ("country", "admin1"):
            continue
        if best is None or (h.entry.feature == "country" and best.feature != "country") or \
                (h.entry.feature == best.feature and h.entry.population > best.population):
            best = h.entry
    return best


def _trailing_container(g: Gazetteer, text: str, end: int) -> Entry | None:
    """A country/division written right after a span (", Ga." / ", Iraq") that is not itself a span."""
    m = _TRAILING.match(text[end:end + 40])
    if not m:
        return None
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        cand = " ".join(words[:n])
        e = _container_entry(g, cand) or _container_entry(g, cand.rstrip(".,"))
        if e is not None:
            return e
    return None


def _evidence(p: Place | None, count: int) -> tuple[Counter, Counter]:
    """What one resolved name says about the document's countries and divisions."""
    cw: Counter = Counter()
    aw: Counter = Counter()
    if p is None or not p.country:
        return cw, aw
    w = min(count, 3) * (1.5 if p.feature == "country" else 1.0)
    cw[p.country] += w
    adm = p.raw.get("admin1")
    alts = p.raw.get("alternatives") or []
    margin = p.raw.get("score", 0.0) - (alts[0]["score"] if alts else 0.0)
    if adm and (p.feature == "admin1" or margin >= 3.0 or p.raw.get("contained")):
        # a division named outright, or a town read with confidence, says where we are;
        # a close call must not decide its neighbours (it would decide itself in turn)
        aw[adm] += w * (1.5 if p.feature == "admin1" or p.raw.get("contained") else TOWN_ADMIN1_EVIDENCE)
    return cw, aw


def _doc_context(first: dict[str, Place | None], counts: Counter, base: Context, exclude: str) -> Context:
    """Countries and divisions the document is about, from the first pass, leaving out ``exclude``.

    A name is not evidence for itself: "Georgia" must not make Georgia the focus
    that then decides "Georgia".
    """
    cw: Counter = Counter()
    aw: Counter = Counter()
    for n, p in first.items():
        if n == exclude:
            continue
        c, a = _evidence(p, counts[n])
        cw.update(c)
        aw.update(a)
    ctx = Context(countries=dict(base.countries), admin1s={})
    if cw:
        top = max(cw.values())
        for c, v in cw.items():
            ctx.countries[c] = max(ctx.countries.get(c, 0.0), 0.8 * v / top)
    for a, v in aw.items():
        # absolute, not relative: one town read with confidence is weak evidence, a division
        # named outright (or a town written with it) is full evidence
        ctx.admin1s[a] = min(1.0, v / 1.5)
    return ctx


EMBEDDED_MIN_SCORE = 6.0
"""A place read inside a longer name ("Bank of Japan") must score at least this on its own."""
_WORD = re.compile(r"[A-Z][\w'’.&-]*")


def embedded_name(name: str, g: Gazetteer | None = None, ctx: Context | None = None) -> str | None:
    """The longest capitalised part of a longer name that is a well-known place.

    "Colorado State University" -> "Colorado", "Bank of Japan" -> "Japan",
    "Harare City Council" -> "Harare".  Generic words ("City", "State") never
    count alone, and the part must score EMBEDDED_MIN_SCORE (a country, a
    division, a big town, or a town supported by the context).
    """
    g = g or get_gazetteer()
    ctx = ctx or Context()
    words = name.split()
    if len(words) < 2:
        return None
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            part = " ".join(words[i:i + size]).strip(",.;:()")
            if not part or not _WORD.match(part) or (size == 1 and g.is_generic(part)):
                continue
            if all(g.is_generic(w) for w in part.split()):
                continue
            hits = [h for h in g.hits(part, fuzzy=False) if h.match <= MATCH_ALT]
            if hits and rank(hits, ctx)[0].score >= EMBEDDED_MIN_SCORE:
                return part
    return None


def _embedded_demonym(name: str, g: Gazetteer) -> tuple[str, Entry] | None:
    """A demonym inside a longer name ("European Central Bank" -> Europe, "British Embassy" -> UK)."""
    words = name.split()
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            part = " ".join(words[i:i + size])
            e = g.demonym(part)
            if e is not None:
                return part, e
    return None


def _main_place(places: Sequence[Place | None]) -> Place | None:
    """The document's main place: its most-mentioned town/site, else division, else country."""
    for feats in (("city", "site", "admin2"), ("admin1", "region"), ("country",)):
        cnt = Counter((p.resolved, p.country) for p in places if p is not None and p.feature in feats)
        if cnt:
            top = cnt.most_common(1)[0][0]
            return next(p for p in places if p is not None and (p.resolved, p.country) == top)
    return None


_FINE = ("city", "site", "admin2")
BACKOFF_MARGIN = 2.0
"""A town lends its point to unknown neighbours only if it beat its rivals by this much (or is big)."""


def _confident(p: Place) -> bool:
    """A reading safe to lend to a neighbour: unrivalled, clearly ahead, or a big town."""
    alts = p.raw.get("alternatives") or []
    margin = p.raw.get("score", 0.0) - (alts[0]["score"] if alts else -99.0)
    return margin >= BACKOFF_MARGIN or p.raw.get("population", 0) >= 100_000


def _nearest_fine(i: int, results: Sequence[Place | None], spans: Sequence[tuple[int, int]],
                  within: Place | None = None) -> Place | None:
    """The resolved town/site closest in the text to span ``i`` (preceding ones first on ties).

    With ``within``, only places inside that country/division count.
    """
    best, key = None, None
    for j, p in enumerate(results):
        if j == i or p is None or p.feature not in _FINE or p.raw.get("backoff") or not _confident(p):
            continue
        if within is not None:
            if p.country != within.country:
                continue
            if within.feature == "admin1" and p.raw.get("admin1") != within.raw.get("admin1"):
                continue
        gap = spans[i][0] - spans[j][1] if spans[j][0] <= spans[i][0] else spans[j][0] - spans[i][1]
        k = (abs(gap), spans[j][0] > spans[i][0])
        if key is None or k < key:
            best, key = p, k
    return best


def _backoff(results: list[Place | None], names: Sequence[str], spans: Sequence[tuple[int, int]],
             embedded: dict[str, str]) -> list[Place | None]:
    """Gold-span backoff: every span is a place, so give each one the best point the text offers.

    * a name unknown to the gazetteer takes the resolved town nearest to it in
      the text (streets, buildings and venues sit in the town the story is
      about), else the document's main place;
    * a facility read through a big area inside its name ("University of
      Alberta" -> Alberta) takes the nearest town of the text inside that area.
    """
    main = _main_place(results)
    out: list[Place | None] = []
    for i, (p, n) in enumerate(zip(results, names, strict=True)):
        if p is None:
            alt = _nearest_fine(i, results, spans) or main
            if alt is not None:
                p = replace(alt, name=n, why=f"'{n}' is not in the gazetteer; placed at {alt.resolved} "
                            f"({alt.country}), the nearest place in the text", raw={**alt.raw, "backoff": True})
        elif n in embedded and p.feature in ("country", "admin1", "region"):
            alt = _nearest_fine(i, results, spans, within=p)
            if alt is not None:
                p = replace(alt, name=n, why=f"'{n}' names {p.resolved}; placed at {alt.resolved}, the "
                            f"nearest place of the text inside it", raw={**alt.raw, "backoff": True})
        out.append(p)
    return out


def resolve_spans(text: str, spans: Sequence[tuple[int, int]], *, countries: Sequence[str] = (),
                  demonyms: bool = False, backoff: bool = False) -> list[Place | None]:
    """Resolve every span of one document jointly.

    Parameters
    ----------
    text
        The document.
    spans
        (start, end) character offsets of the toponyms, in any order.
    countries
        Focus countries known from elsewhere (e.g. the source), strongest first.
    demonyms
        When True, a span with no gazetteer entry that is a demonym ("Iraqi") is
        read as its country.  Only for callers that already know the span is a
        toponym (gold spans); demonyms are not place names otherwise.
    backoff
        When True, a span that still has no reading gets the document's main
        place (its most-mentioned town, else division, else country), marked as
        such in ``why`` and ``raw["backoff"]``.  For callers that know every span
        is a place (gold spans); never a guess about whether it is one.

    Returns
    -------
    list of Place or None, aligned with ``spans``.
    """
    g = get_gazetteer()
    base = Context.from_countries(countries)
    names = [text[s:e].strip() for s, e in spans]
    hits = {n: g.hits(n) for n in dict.fromkeys(names) if n}  # text order: deterministic sums
    embedded: dict[str, str] = {}
    demonym_parts: dict[str, tuple[str, Entry]] = {}

    # containers: "X, Y" / "X in Y" between spans, or ", Ga." after a span
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    container: dict[int, Entry] = {}
    in_list: set[int] = set()
    for k, (a, b) in enumerate(zip(order, order[1:], strict=False)):
        if _LIST_SEP.match(text[spans[a][1]:spans[b][0]]):
            # "Washington, New York and Boston": a list, where a comma is no container
            in_list.update((a, b))
            if k > 0 and _CONTAINER_SEP.match(text[spans[order[k - 1]][1]:spans[a][0]]):
                in_list.add(order[k - 1])
    for a, b in zip(order, order[1:], strict=False):
        sep = text[spans[a][1]:spans[b][0]]
        if _CONTAINER_SEP.match(sep) and not (a in in_list and b in in_list and sep.strip() == ","):
            c = _container_entry(g, names[b])
            if c is not None:
                container[a] = c
    for i, (_s, e) in enumerate(spans):
        if i not in container and i not in in_list:
            c = _trailing_container(g, text, e)
            if c is not None and not (c.feature == "country" and normalize_name(names[i]) == normalize_name(c.name)):
                container[i] = c
    by_name_container: dict[str, Entry] = {}
    for i, c in container.items():
        by_name_container.setdefault(names[i], c)

    # pass 1: each name alone (with caller's countries and its container)
    first: dict[str, Place | None] = {}
    readings: dict[str, tuple[tuple[float, float, float], ...]] = {}
    for n in hits:
        ctx = Context(countries=dict(base.countries), container=by_name_container.get(n))
        ranked = rank(hits[n], ctx)
        if ranked and ranked[0].score >= MIN_SCORE:
            first[n] = _place(n, ranked[0], ranked[1:])
            if ctx.container is not None:
                first[n].raw["contained"] = True
        else:
            first[n] = None
        top = ranked[0].score if ranked else 0.0
        readings[n] = tuple((s.entry.lat, s.entry.lon, 1.0 if k == 0 else OTHER_READING_WEIGHT)
                            for k, s in enumerate(ranked[:NEIGHBOUR_CANDIDATES])
                            if s.entry.feature in ("city", "site", "admin2", "region", "border")
                            and s.score >= max(MIN_SCORE, top - READING_GAP))
    counts = Counter(names)

    # names with no entry of their own: a well-known place inside them (judged without the
    # document's context: in context, surnames in names of schools and parks find small towns)
    for n, h in list(hits.items()):
        if not h and not (demonyms and g.demonym(n)):
            part = embedded_name(n, g, base)
            if part:
                embedded[n] = part
                hits[n] = g.hits(part, fuzzy=False)
            elif demonyms:
                dem = _embedded_demonym(n, g)
                if dem is not None:
                    demonym_parts[n] = dem

    # pass 2: with the document's countries, divisions and points
    out_by_name: dict[tuple[str, int | None], Place | None] = {}
    results: list[Place | None] = []
    for i, n in enumerate(names):
        c = container.get(i) or by_name_container.get(n)
        key = (n, id(c) if c is not None else None)
        if key not in out_by_name:
            ctx_doc = _doc_context(first, counts, base, n)
            nb, seen_keys = [], {normalize_name(n)}
            for m, pts in readings.items():
                k = normalize_name(m)
                if pts and k not in seen_keys:
                    seen_keys.add(k)
                    nb.append((m, pts))
            ctx = Context(countries=ctx_doc.countries, admin1s=ctx_doc.admin1s, neighbours=nb, container=c)
            note = _ctx_note(ctx_doc)
            if n in embedded:
                note = f"read inside the longer name as '{embedded[n]}'; " + note
            place = _choose(n, hits.get(n, ()), ctx, note=note)
            if place is None and demonyms and n:
                word, ce = demonym_parts.get(n) or (n, g.demonym(n))
                if ce is not None:
                    place = Place(name=n, resolved=ce.name, lat=ce.lat, lon=ce.lon, country=ce.country,
                                  precision=ce.precision, geonameid=ce.geonameid, feature=ce.feature,
                                  why=f"'{word}' is a demonym of {ce.name}; the span was given as a toponym",
                                  raw={"source": ce.source, "demonym": True})
            out_by_name[key] = place
        results.append(out_by_name[key])
    if backoff:
        results = _backoff(results, names, spans, embedded)
    return results


def _ctx_note(ctx: Context) -> str:
    if not ctx.countries:
        return ""
    top = sorted(ctx.countries.items(), key=lambda kv: -kv[1])[:3]
    return "document about " + ", ".join(f"{c} ({w:.2f})" for c, w in top)


def normalize_name(s: str) -> str:
    from geo.gazetteer import normalize

    return normalize(s)


# ---------------------------------------------------------------- finding toponyms

_ENT_LABELS = ("GPE", "LOC", "FAC")


def _default_nlp():
    from geo.nlp import get_nlp  # the project's pipeline (registry entities before the NER)

    return get_nlp()


@functools.lru_cache(maxsize=1)
def _curated_matcher() -> re.Pattern[str] | None:
    """A regex over the names and aliases of data/places.csv (multi-word, found even when NER misses them)."""
    from geo import settings
    from geo.gazetteer import _read_csv

    names: set[str] = set()
    for r in _read_csv(settings.DATA_DIR / "places.csv"):
        for n in [r["name"], *r.get("aliases", "").split("|")]:
            n = re.sub(r"\s*\(.*\)$", "", n.strip())
            n = re.sub(r"^the\s+", "", n)
            if len(n) >= 4 and any(c.isupper() for c in n):
                names.add(n)
    if not names:
        return None
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


_CAP_SEQ = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+|al-|el-)?[A-Z][\w'’.-]*){0,3}")
GAZ_HIT_FEATURES = ("continent", "country", "admin1", "region", "water", "border")
"""Feature classes that the gazetteer finds in text by itself (names NER often misses or mislabels)."""


ORG_TOWN_MIN_SCORE = 4.5
"""A town named inside an organisation ("Fargo Police Department") must score this without context."""


def _gazetteer_spans(text: str, g: Gazetteer, blocked: Sequence[tuple[int, int]], *,
                     start: int = 0, end: int | None = None, towns: bool = False) -> list[tuple[int, int]]:
    """Capitalised word sequences that are exactly a country, division, region or sea.

    Sub-sequences are tried longest first; anything inside a ``blocked`` span (PERSON
    entities) is left alone.  With ``towns=True`` (inside an organisation's name) US
    counties and towns that stand out on their own count too.
    """
    out: list[tuple[int, int]] = []
    for m in _CAP_SEQ.finditer(text, start, len(text) if end is None else end):
        words = [(w.start() + m.start(), w.end() + m.start()) for w in re.finditer(r"\S+", m.group(0))]
        i = 0
        while i < len(words):
            found = None
            for j in range(len(words), i, -1):
                s, e = words[i][0], words[j - 1][1]
                while e > s and text[e - 1] in ".,;:'’":
                    if text[e - 1] == "." and "." in text[s:e - 1]:
                        break  # an abbreviation keeps its last period ("U.S.", "Calif.")
                    e -= 1
                name = text[s:e]
                if any(bs < e and s < be for bs, be in blocked):
                    continue
                hits = [h for h in g.hits(name, fuzzy=False) if h.match <= MATCH_ALT]
                if any(h.entry.feature in GAZ_HIT_FEATURES for h in hits) or (
                        towns and hits and not g.is_generic(name)
                        and (any(h.entry.feature == "admin2" for h in hits)
                             or rank(hits, Context())[0].score >= ORG_TOWN_MIN_SCORE)):
                    found = (s, e, j)
                    break
            if found:
                out.append(found[:2])
                i = found[2]
            else:
                i += 1
    return out


def find_toponyms(text: str, nlp=None, *, demonyms: bool = False) -> list[tuple[int, int]]:
    """Toponym spans in ``text``: spaCy GPE/LOC/FAC entities plus gazetteer hits.

    Gazetteer hits are curated places (data/places.csv), capitalised names of
    countries, divisions, regions and seas that NER missed (never inside a PERSON
    entity), and places named inside organisations ("Fargo Police Department").
    Overlaps are merged in favour of the longer span; a leading "the" and a
    trailing "'s" are left out.  With ``demonyms=True``,
    NORP entities that are demonyms ("Iraqi") are kept too, as geoparsing
    benchmarks annotate them; they are not places for the event map.
    """
    if nlp is None:
        nlp = _default_nlp()
    spans: list[tuple[int, int]] = []
    doc = nlp(text)
    g = get_gazetteer()
    blocked = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "PERSON"]
    for ent in doc.ents:
        s, e = ent.start_char, ent.end_char
        if text[s:e].lower().startswith("the "):
            s += 4
        if text[s:e].endswith(("'s", "’s")):
            e -= 2
        if e <= s:
            continue
        if ent.label_ in _ENT_LABELS:
            if g.hits(text[s:e], fuzzy=False) or ent.label_ != "FAC":
                spans.append((s, e))
        elif demonyms and ent.label_ == "NORP" and g.demonym(text[s:e]) is not None:
            spans.append((s, e))
        elif ent.label_ == "ORG":  # "Fargo Police Department", "U.S. Army": the place inside
            spans += _gazetteer_spans(text, g, blocked, start=s, end=e, towns=True)
    spans += _gazetteer_spans(text, g, blocked)
    rx = _curated_matcher()
    if rx is not None:
        for m in rx.finditer(text):
            spans.append((m.start(), m.end()))
    spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            if e - s > merged[-1][1] - merged[-1][0]:
                merged[-1] = (s, e)
            continue
        merged.append((s, e))
    return merged

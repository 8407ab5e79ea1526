"""Where each alignment is active, and one actor's profile: pure functions for the app.

No streamlit and no folium here: the app renders what these functions return.

The influence layer (:func:`alignment_activity`) bins events into H3 hexagons and
scores, per hexagon, how much of the activity involves each alignment.  How the
score is computed (also returned as the collection's ``legend``):

* each event weighs its ``confidence`` (0.5 when missing), so a doubtful
  extraction counts less than a sure one;
* an event *involves* an alignment when at least one of its actors has it
  (actors are canonical names looked up in the registry; unknown and ad-hoc
  actors count as ``unknown``; an event with no actor is ``unknown``);
* ``share_<alignment>`` = summed weight of the hexagon's events involving the
  alignment / summed weight of all its events (0-1; an event with actors of two
  alignments counts for both, so shares may add up to more than 1);
* ``dominant`` = the alignment with the largest share, ``unknown`` only when no
  known alignment is involved;
* ``score`` = the share of the chosen alignment (``alignment=`` argument), or of
  the dominant one;
* ``intensity`` = log(1 + weight of the hexagon) / log(1 + largest hexagon
  weight): 0-1, for opacity, so one event does not look like fifty.
"""
from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

from geo.actors import ALIGNMENTS, Registry
from geo.records import Actor

log = logging.getLogger(__name__)

DEFAULT_CONFIDENCE = 0.5
LEGEND = ("Hexagon score = share of the hexagon's events (weighted by extraction confidence) that involve an actor "
          "of the alignment; colour = dominant alignment, opacity = log-scaled number of events.")


# --------------------------------------------------------------------------- helpers


def actor_names(value: Any) -> list[str]:
    """The actor names of one event row, whatever the storage made of the list.

    Lists and tuples come from the store, numpy arrays from Parquet, and
    ``"a; b"`` strings from CSV exports.
    """
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.replace("|", ";").split(";") if v.strip()]
    try:
        return [str(v) for v in value if v is not None and str(v).strip()]
    except TypeError:
        return []


def _number(value: Any, default: float | None = None) -> float | None:
    """A finite float, or ``default`` for None/NaN/pd.NA/garbage."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return default
    return out if math.isfinite(out) else default


class _Lookup:
    """Canonical name -> registry actor, resolving other spellings once each."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.by_name = {a.name: a for a in registry.actors.values()}
        self.cache: dict[str, Actor | None] = {}
        self.sets: dict[tuple[str, ...], frozenset[str]] = {}

    def __call__(self, name: str) -> Actor | None:
        if name in self.by_name:
            return self.by_name[name]
        if name not in self.cache:
            self.cache[name] = self.registry.resolve(name)
        return self.cache[name]

    def alignments(self, names: Iterable[str]) -> frozenset[str]:
        key = tuple(names)
        hit = self.sets.get(key)
        if hit is None:
            found = {actor.alignment if (actor := self(name)) else "unknown" for name in key}
            hit = self.sets[key] = frozenset(found or {"unknown"})
        return hit


# --------------------------------------------------------------------------- influence layer


def _hexagon(cell: str) -> dict[str, Any]:
    """GeoJSON Polygon of an H3 cell ([lon, lat] order, closed ring)."""
    import h3

    ring = [[round(lng, 6), round(lat, 6)] for lat, lng in h3.cell_to_boundary(cell)]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def alignment_activity(events, registry: Registry, resolution: int = 4,
                       alignment: str | None = None) -> dict[str, Any]:
    """H3 hexagons of event activity per alignment, as a GeoJSON FeatureCollection.

    Parameters
    ----------
    events
        pandas DataFrame with at least ``lat``, ``lon``, ``actors`` (list of
        canonical names) and ``confidence``; rows without coordinates are skipped.
    registry
        The actor registry (:func:`geo.actors.get_registry`).
    resolution
        H3 resolution (3 ~ 69 km edges, 4 ~ 26 km, 5 ~ 10 km).
    alignment
        Score this alignment instead of each hexagon's dominant one.

    Returns
    -------
    dict
        A FeatureCollection; each feature's properties: ``h3``, ``events``,
        ``weight``, ``dominant``, ``dominant_label``, ``score``, ``intensity``,
        ``label`` (one line for a tooltip), and ``n_<alignment>`` /
        ``share_<alignment>`` for every alignment (same keys in every feature,
        as folium tooltips need).  The collection carries ``legend``,
        ``resolution`` and ``alignment``.  See the module docstring for the score.
    """
    if alignment is not None and alignment not in ALIGNMENTS:
        raise ValueError(f"unknown alignment {alignment!r}; use one of {', '.join(ALIGNMENTS)}")
    if not 0 <= resolution <= 15:
        raise ValueError(f"H3 resolution must be 0-15, got {resolution}")
    stats = _cell_stats(events, _Lookup(registry), resolution)
    top = max((row[1] for row in stats.values()), default=0.0)
    k = len(ALIGNMENTS)
    features = []
    for cell in sorted(stats):
        row = stats[cell]
        n, total = int(row[0]), row[1]
        counts = {a: int(row[2 + i]) for i, a in enumerate(ALIGNMENTS)}
        shares = {a: (row[2 + k + i] / total if total else counts[a] / n) for i, a in enumerate(ALIGNMENTS)}
        known = {a: sh for a, sh in shares.items() if a != "unknown" and counts[a]}
        dominant = max(known, key=lambda a: (known[a], -ALIGNMENTS.index(a))) if known else "unknown"
        score = shares[alignment or dominant]
        props: dict[str, Any] = {
            "h3": cell, "events": n, "weight": round(total, 3), "dominant": dominant,
            "dominant_label": registry.labels.get(dominant, dominant), "score": round(score, 3),
            "intensity": round(math.log1p(total) / math.log1p(top), 3) if top else 0.0,
        }
        for a in ALIGNMENTS:
            props[f"n_{a}"] = counts[a]
            props[f"share_{a}"] = round(shares[a], 3)
        shown = alignment or dominant
        plural = "s" if n != 1 else ""
        props["label"] = f"{registry.labels.get(shown, shown)}: {round(100 * score)}% of {n} event{plural}"
        features.append({"type": "Feature", "id": cell, "geometry": _hexagon(cell), "properties": props})
    return {"type": "FeatureCollection", "features": features, "legend": LEGEND, "resolution": resolution,
            "alignment": alignment}


def _cell_stats(events, lookup: _Lookup, resolution: int) -> dict[str, list[float]]:
    """Per H3 cell: [events, weight, count per alignment..., weight per alignment...]."""
    import h3
    import pandas as pd

    if not len(events):
        return {}
    k = len(ALIGNMENTS)
    position = {a: i for i, a in enumerate(ALIGNMENTS)}
    lats = pd.to_numeric(events["lat"], errors="coerce").to_numpy(dtype=float, na_value=math.nan)
    lons = pd.to_numeric(events["lon"], errors="coerce").to_numpy(dtype=float, na_value=math.nan)
    if "confidence" in events:
        conf = pd.to_numeric(events["confidence"], errors="coerce").astype(float)
        weights = conf.fillna(DEFAULT_CONFIDENCE).clip(0.0, 1.0).to_numpy()
    else:
        weights = [DEFAULT_CONFIDENCE] * len(events)
    stats: dict[str, list[float]] = {}
    for lat, lon, names, weight in zip(lats, lons, events["actors"], weights, strict=True):
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also false for NaN
            continue
        cell = h3.latlng_to_cell(lat, lon, resolution)
        row = stats.get(cell)
        if row is None:
            row = stats[cell] = [0.0] * (2 + 2 * k)
        row[0] += 1
        row[1] += weight
        for a in lookup.alignments(actor_names(names)):
            i = position[a]
            row[2 + i] += 1
            row[2 + k + i] += weight
    return stats


# --------------------------------------------------------------------------- actor profile


def _actor_summary(actor: Actor, registry: Registry) -> dict[str, Any]:
    return {"id": actor.id, "name": actor.name, "kind": actor.kind, "alignment": actor.alignment,
            "alignment_label": registry.labels.get(actor.alignment, actor.alignment), "country": actor.country,
            "years_active": actor.years_active, "aliases": list(actor.aliases[:12]), "sources": list(actor.sources),
            "notes": actor.notes}


def _network(actor: Actor, registry: Registry) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges of the actor's immediate hierarchy, for a small network drawing."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, str]] = []

    def node(a: Actor, role: str) -> None:
        nodes.setdefault(a.id, {"id": a.id, "name": a.name, "role": role, "alignment": a.alignment, "kind": a.kind})

    node(actor, "self")
    chain = registry.chain(actor.id)
    for child, parent in zip(chain, chain[1:], strict=False):
        node(parent, "parent")
        edges.append({"source": child.id, "target": parent.id, "relation": "part of"})
    for commander in registry.command(actor.id):
        node(commander, "commander")
        edges.append({"source": actor.id, "target": commander.id, "relation": "answers to"})
    for child in registry.children(actor.id, recursive=False):
        node(child, "front" if child.id in actor.fronts else "child")
        edges.append({"source": child.id, "target": actor.id, "relation": "part of"})
    for front in actor.fronts:
        node(registry.actors[front], "front")
        if not any(e["source"] == front and e["target"] == actor.id for e in edges):
            edges.append({"source": front, "target": actor.id, "relation": "front of"})
    for person in registry.people([actor.id]):
        node(person, "person")
        relation = "leads" if actor.id in person.leads else "member of"
        edges.append({"source": person.id, "target": actor.id, "relation": relation})
    for org in (*actor.leads, *actor.member_of):
        if org in registry.actors and org != actor.id:
            node(registry.actors[org], "organisation")
            edges.append({"source": actor.id, "target": org,
                          "relation": "leads" if org in actor.leads else "member of"})
    return {"nodes": list(nodes.values()), "edges": edges}


def actor_profile(events, registry: Registry, actor_id: str, include_subordinates: bool = False,
                  top: int = 15) -> dict[str, Any]:
    """Everything the app's actor panel shows about one actor.

    Parameters
    ----------
    events
        pandas DataFrame of events (``event_id``, ``type``, ``year``, ``lat``,
        ``lon``, ``actors``, ``confidence``, ``country``, ``place_resolved``).
    registry
        The actor registry.
    actor_id
        A registry id (or any name :meth:`Registry.resolve` knows).
    include_subordinates
        Count the events of the actor's descendants and fronts too.
    top
        How many places, partners and adversaries to list.

    Returns
    -------
    dict
        ``actor`` (registry facts), ``events`` (count), ``event_ids``,
        ``by_year`` ({year: n}, unknown year under ``None``), ``by_type``,
        ``by_year_type`` (rows of year, type, n), ``places`` (rows of place,
        country, lat, lon, n), ``partners`` / ``adversaries`` / ``others``
        (co-actors of the same alignment or the actor's own hierarchy / of a
        different known alignment / of unknown alignment, with counts), and
        ``network`` (nodes and edges of parent, chain of command, children,
        fronts and people).

    Raises
    ------
    KeyError
        When ``actor_id`` is neither an id nor a resolvable name.
    """
    actor = registry.actors.get(actor_id) or registry.resolve(actor_id)
    if actor is None:
        raise KeyError(f"no actor {actor_id!r} in the registry")
    lookup = _Lookup(registry)
    own_ids = {actor.id}
    if include_subordinates:
        own_ids |= {c.id for c in registry.children(actor.id)} | set(actor.fronts)
    own = {registry.actors[i].name for i in own_ids}
    family = {a.id for a in registry.chain(actor.id)} | {c.id for c in registry.children(actor.id)}
    family |= set(actor.fronts) | set(actor.commanded_by) | set(actor.leads) | set(actor.member_of)
    family |= {p.id for p in registry.people([actor.id])}

    by_year: Counter = Counter()
    by_type: Counter = Counter()
    by_year_type: Counter = Counter()
    places: dict[tuple, int] = Counter()
    partners: Counter = Counter()
    adversaries: Counter = Counter()
    others: Counter = Counter()
    event_ids: list[str] = []
    canon_cache: dict[str, str] = {}

    def canon_of(names: Any) -> list[str]:
        out = []
        for n in actor_names(names):
            if n not in canon_cache:
                a = lookup(n)
                canon_cache[n] = a.name if a else n
            out.append(canon_cache[n])
        return out

    # One cheap pass over the actor lists first: only the actor's own rows become dicts.
    hits = [i for i, names in enumerate(events["actors"]) if own.intersection(canon_of(names))] if len(events) else []
    rows = events.iloc[hits].to_dict("records") if hits else []
    for row in rows:
        canon = canon_of(row.get("actors"))
        event_ids.append(str(row.get("event_id", "")))
        year = _number(row.get("year"))
        year = int(year) if year is not None else None
        etype = str(row.get("type") or "unknown")
        by_year[year] += 1
        by_type[etype] += 1
        by_year_type[(year, etype)] += 1
        lat, lon = _number(row.get("lat")), _number(row.get("lon"))
        place = row.get("place_resolved") or row.get("place")
        if place and lat is not None and lon is not None:
            places[(str(place), row.get("country"), round(lat, 4), round(lon, 4))] += 1
        for canonical in dict.fromkeys(canon):
            other = lookup(canonical)
            if canonical in own:
                continue
            if other is None or other.alignment == "unknown":
                others[canonical] += 1
            elif other.id in family or other.alignment == actor.alignment:
                partners[canonical] += 1
            else:
                adversaries[canonical] += 1

    def co_rows(counter: Counter) -> list[dict[str, Any]]:
        out = []
        for name, n in counter.most_common(top):
            other = lookup(name)
            out.append({"name": name, "id": other.id if other else None,
                        "alignment": other.alignment if other else "unknown", "events": n})
        return out

    return {
        "actor": _actor_summary(actor, registry),
        "covers": sorted(own),
        "events": len(event_ids),
        "event_ids": event_ids,
        "by_year": dict(sorted(by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))),
        "by_type": dict(by_type.most_common()),
        "by_year_type": [{"year": y, "type": t, "events": n}
                         for (y, t), n in sorted(by_year_type.items(), key=lambda kv: (kv[0][0] is None,
                                                                                       kv[0][0] or 0, kv[0][1]))],
        "places": [{"place": p, "country": c, "lat": la, "lon": lo, "events": n}
                   for (p, c, la, lo), n in places.most_common(top)],
        "partners": co_rows(partners),
        "adversaries": co_rows(adversaries),
        "others": co_rows(others),
        "network": _network(actor, registry),
    }

"""The GeoJSON contract shared by ``geo extract``, ``geo export`` and ``geo import``.

One Point feature per event, coordinates ``[lon, lat]`` (RFC 7946).  The
properties are documented in README.md ("The GeoJSON contract"); keep both in step.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from geo.records import Event

PROPERTIES = (
    "event_id", "doc", "article", "type", "date", "year", "date_precision",
    "place", "place_resolved", "country", "precision", "geonameid",
    "actors", "fatalities", "quote", "start", "end", "confidence", "why",
    "mentions", "source",
)


def event_properties(event: Event) -> dict[str, Any]:
    """The contract's properties of one event (a plain, JSON-ready dict)."""
    place = event.place
    return {
        "event_id": event.id,
        "doc": event.doc,
        "article": event.article_title or event.article,
        "type": event.type,
        "date": event.date,
        "year": event.year,
        "date_precision": event.date_precision,
        "place": place.name if place else None,
        "place_resolved": place.resolved if place else None,
        "country": place.country if place else None,
        "precision": place.precision if place else None,
        "geonameid": place.geonameid if place else None,
        "actors": list(event.actors),
        "fatalities": event.fatalities,
        "quote": event.quote,
        "start": event.start,
        "end": event.end,
        "confidence": round(float(event.confidence), 3),
        "why": event.why,
        "mentions": [{"start": m.start, "end": m.end, "quote": m.quote} for m in event.mentions],
        "source": event.source or "text",
    }


def event_feature(event: Event) -> dict[str, Any] | None:
    """A GeoJSON Point feature, or None for an event without a resolved place."""
    if event.place is None:
        return None
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [round(event.place.lon, 6), round(event.place.lat, 6)]},
        "properties": event_properties(event),
    }


def feature_collection(events: Iterable[Event]) -> dict[str, Any]:
    """A FeatureCollection of every located event."""
    features = [f for f in (event_feature(e) for e in events) if f is not None]
    return {"type": "FeatureCollection", "features": features}


def dumps(events: Iterable[Event]) -> str:
    return json.dumps(feature_collection(events), ensure_ascii=False, indent=1)

"""An offline GeoNames geocoder that follows geopy's contract.

``GeoNamesOffline`` answers from the project's gazetteer (no server, no network):

>>> from geo.geonames import GeoNamesOffline
>>> GeoNamesOffline().geocode("Kerbala")            # doctest: +SKIP
Location(Karbala, Iraq, (32.61603, 44.02488, 0.0))

It works wherever geopy geocoders do, e.g.
``geopandas.tools.geocode(names, provider=GeoNamesOffline)``.

``"X, Y"`` queries use Y as a container ("Tripoli, Lebanon", "Paris, Texas");
``country_codes`` gives focus countries.  When ``geo.settings.ONLINE`` is true
(off by default) a name the gazetteer does not know is tried on Nominatim, at
most one request per second, with the project's user agent and an on-disk cache;
any failure there falls back to "not found".
"""
from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geopy.exc import GeocoderQueryError, GeocoderServiceError, GeocoderUnavailable
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from geo import settings
from geo.records import Place

log = logging.getLogger(__name__)

__all__ = ["GeoNamesOffline"]


def _country_name(iso2: str | None) -> str:
    if not iso2:
        return ""
    from geo.gazetteer import get_gazetteer

    e = get_gazetteer().country(iso2)
    return e.name if e is not None else iso2


def _location(place: Place) -> Location:
    """A geopy Location for a resolved place, ids and provenance in ``raw``."""
    parts = [place.resolved]
    adm = place.raw.get("admin1")
    if adm and place.feature not in ("admin1", "country"):
        from geo.gazetteer import get_gazetteer

        a = get_gazetteer().admin1(adm)
        if a is not None and a.name != place.resolved:
            parts.append(a.name)
    if place.feature != "country" and place.country:
        parts.append(_country_name(place.country))
    raw = {
        "name": place.resolved,
        "geonameid": place.geonameid,
        "country_code": place.country,
        "feature": place.feature,
        "precision": place.precision,
        "why": place.why,
        **{k: v for k, v in place.raw.items() if k in ("source", "population", "admin1", "score", "match")},
    }
    return Location(", ".join(p for p in parts if p), Point(place.lat, place.lon), raw)


def _codes(country_codes: str | Sequence[str] | None) -> tuple[str, ...]:
    if country_codes is None:
        return ()
    if isinstance(country_codes, str):
        country_codes = [country_codes]
    out = []
    for c in country_codes:
        if not isinstance(c, str) or len(c.strip()) != 2:
            raise GeocoderQueryError(f"country_codes must be ISO 3166-1 alpha-2 codes, got {c!r}")
        out.append(c.strip().upper())
    return tuple(out)


class GeoNamesOffline(Geocoder):
    """geopy geocoder over the offline GeoNames gazetteer.

    Parameters
    ----------
    country_codes
        Default focus countries (ISO2), used when a call gives none.
    online_fallback
        Try Nominatim for unknown names; defaults to ``geo.settings.ONLINE`` (off).
    **kwargs
        Passed to :class:`geopy.geocoders.base.Geocoder` (``timeout`` etc.);
        unused offline.
    """

    def __init__(self, *, country_codes: str | Sequence[str] | None = None, online_fallback: bool | None = None,
                 user_agent: str | None = None, **kwargs: Any) -> None:
        super().__init__(user_agent=user_agent or settings.USER_AGENT, **kwargs)
        self.country_codes = _codes(country_codes)
        self.online_fallback = settings.ONLINE if online_fallback is None else bool(online_fallback)
        self._online: _OnlineFallback | None = None

    # ------------------------------------------------------------ forward
    def geocode(self, query: str, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL,
                country_codes: str | Sequence[str] | None = None, **kwargs: Any) -> Location | list[Location] | None:
        """Geocode a place name.

        Returns a :class:`~geopy.location.Location` (``exactly_one=True``), a list
        of them, best first (``exactly_one=False``), or None / [] when nothing
        is found.  Raises :class:`geopy.exc.GeocoderQueryError` for a query that
        is not a non-empty string.
        """
        if isinstance(query, dict):
            query = ", ".join(str(v) for v in query.values() if v)
        if not isinstance(query, str) or not query.strip():
            raise GeocoderQueryError(f"query must be a non-empty string, got {query!r}")
        codes = _codes(country_codes) or self.country_codes
        places = self._candidates(query.strip(), codes, limit=1 if exactly_one else 10)
        if not places and self.online_fallback:
            hit = self._online_geocode(query.strip(), codes)
            places = [hit] if hit is not None else []
        if exactly_one:
            return _location(places[0]) if places else None
        return [_location(p) for p in places]

    def _candidates(self, query: str, codes: tuple[str, ...], limit: int) -> list[Place]:
        from geo.toponyms import rank_name, resolve_spans

        parts = [p for p in (s.strip() for s in query.split(",")) if p]
        if not parts:
            return []
        if len(parts) == 1 and limit == 1:
            from geo.toponyms import resolve

            p = resolve(parts[0], countries=codes)
            return [p] if p is not None else []
        if len(parts) > 1 and limit == 1:
            # let the document resolver read "X, Y" as X inside Y
            text = ", ".join(parts)
            spans, pos = [], 0
            for p in parts:
                spans.append((pos, pos + len(p)))
                pos += len(p) + 2
            p = resolve_spans(text, spans, countries=codes)[0]
            return [p] if p is not None else []
        return rank_name(parts[0], countries=codes, container=", ".join(parts[1:]) or None, limit=limit)

    # ------------------------------------------------------------ reverse
    def reverse(self, query: Any, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL,
                **kwargs: Any) -> Location | list[Location] | None:
        """The nearest gazetteer towns to a point ``(lat, lon)`` (or "lat, lon" / Point).

        Raises :class:`geopy.exc.GeocoderQueryError` for a point that cannot be parsed.
        """
        try:
            pt = query if isinstance(query, Point) else Point(query)
        except (ValueError, TypeError) as exc:
            raise GeocoderQueryError(f"not a point: {query!r} ({exc})") from exc
        from geo.gazetteer import get_gazetteer

        near = get_gazetteer().nearest(pt.latitude, pt.longitude, k=1 if exactly_one else 5)
        locs = []
        for e, km in near:
            place = Place(name=e.name, resolved=e.name, lat=e.lat, lon=e.lon, country=e.country,
                          precision=e.precision, geonameid=e.geonameid, feature=e.feature,
                          why=f"nearest gazetteer town, {km:.1f} km away",
                          raw={"source": e.source, "population": e.population, "admin1": e.admin1,
                               "distance_km": round(km, 3)})
            loc = _location(place)
            loc.raw["distance_km"] = round(km, 3)
            locs.append(loc)
        if exactly_one:
            return locs[0] if locs else None
        return locs

    # ------------------------------------------------------------ online
    def _online_geocode(self, query: str, codes: tuple[str, ...]) -> Place | None:
        if self._online is None:
            self._online = _OnlineFallback()
        return self._online.geocode(query, codes)


class _OnlineFallback:
    """Nominatim behind a 1 request/s RateLimiter and a JSON cache on disk (negative answers too)."""

    _lock = threading.Lock()

    def __init__(self) -> None:
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        self.path = Path(settings.CACHE_DIR) / "nominatim-cache.json"
        try:
            self.cache: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.cache = {}
        nom = Nominatim(user_agent=settings.USER_AGENT, timeout=10)
        self.limited = RateLimiter(nom.geocode, min_delay_seconds=1.0, max_retries=1, swallow_exceptions=False)

    def geocode(self, query: str, codes: tuple[str, ...]) -> Place | None:
        key = f"{query}|{','.join(codes)}"
        if key not in self.cache:
            try:
                loc = self.limited(query, exactly_one=True, country_codes=list(codes) or None, addressdetails=True)
            except (GeocoderServiceError, GeocoderUnavailable, OSError) as exc:
                log.warning("Nominatim fallback failed for %r: %s (offline answer kept)", query, exc)
                return None
            self.cache[key] = None if loc is None else {
                "lat": loc.latitude, "lon": loc.longitude, "address": loc.address,
                "country": ((loc.raw.get("address") or {}).get("country_code") or "").upper() or None,
                "osm_id": loc.raw.get("osm_id"),
            }
            with self._lock:
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    self.path.write_text(json.dumps(self.cache), encoding="utf-8")
                except OSError as exc:
                    log.warning("could not write %s: %s", self.path, exc)
        hit = self.cache[key]
        if hit is None:
            return None
        return Place(name=query, resolved=hit["address"], lat=hit["lat"], lon=hit["lon"], country=hit["country"],
                     precision=1, feature="online", why="not in the offline gazetteer; Nominatim (© OpenStreetMap "
                     "contributors)", raw={"source": f"Nominatim osm_id {hit.get('osm_id')}"})

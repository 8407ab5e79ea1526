"""Filters and facets over the events frame, for the app and its tests.  No streamlit here.

Everything takes a plain :class:`Filters` value (hashable, so the app can key
``st.cache_data`` on it) and a pandas frame with the columns of
``Store.events_frame()``.  Filters round-trip through URL query parameters so a
view can be shared as a link.
"""
from __future__ import annotations

import csv
import io
import logging
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import pandas as pd

from geo.geojson import PROPERTIES
from geo.records import EVENT_TYPES

log = logging.getLogger(__name__)

Expander = Callable[[str], Iterable[str]]
"""``registry.expand``: a group key or actor name -> canonical actor names."""


@dataclass(frozen=True)
class Filters:
    """What the user asked to see.  Empty tuples mean "no restriction".

    Attributes
    ----------
    years
        Inclusive (first, last) year, or None for every year.
    unknown_year
        Keep events whose year is unknown (they have no place on a year slider).
    actors
        Actor names; an event matches if any of its actors is listed.
    groups
        Registry groups ("all Iran-aligned", a parent with its children), expanded
        to names by the registry.
    types, countries
        Event types and ISO alpha-2 country codes.
    min_confidence
        Drop events the extractor was less sure of.
    precision
        Allowed geo precision levels (1 town/site, 2 region/border, 3 country).
    text
        Case-insensitive substring searched in the quotes.
    """

    years: tuple[int, int] | None = None
    unknown_year: bool = True
    actors: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    min_confidence: float = 0.0
    precision: tuple[int, ...] = ()
    text: str = ""

    def is_default(self) -> bool:
        return self == Filters()


# -- filtering -----------------------------------------------------------------------------------
def actor_names(filters: Filters, expand: Expander | None = None) -> set[str]:
    """Every actor name the actor and group filters stand for."""
    names = set(filters.actors)
    for group in filters.groups:
        if expand is None:
            names.add(group)
            continue
        try:
            names |= set(expand(group))
        except (KeyError, ValueError) as exc:
            log.warning("unknown actor group %r: %s", group, exc)
    return names


def _has_actor(actors: pd.Series, names: set[str]) -> pd.Series:
    exploded = actors.explode()
    hit = exploded.isin(names)
    return hit.groupby(level=0).any().reindex(actors.index, fill_value=False)


def apply(frame: pd.DataFrame, filters: Filters, expand: Expander | None = None) -> pd.DataFrame:
    """The rows of ``frame`` that pass every filter (original order and index kept)."""
    mask = pd.Series(True, index=frame.index)
    if filters.years is not None:
        first, last = filters.years
        year = frame["year"]
        in_range = year.between(first, last).fillna(False).astype(bool)
        mask &= in_range | (year.isna() & filters.unknown_year)
    elif not filters.unknown_year:
        mask &= frame["year"].notna()
    if filters.types:
        mask &= frame["type"].isin(filters.types)
    if filters.countries:
        mask &= frame["country"].isin(filters.countries)
    if filters.min_confidence > 0:
        mask &= frame["confidence"].fillna(0) >= filters.min_confidence
    if filters.precision:
        mask &= frame["precision"].isin(filters.precision)
    if filters.text.strip():
        mask &= frame["quote"].fillna("").str.contains(filters.text.strip(), case=False, regex=False)
    if filters.actors or filters.groups:
        names = actor_names(filters, expand)
        subset = frame.loc[mask, "actors"]
        mask.loc[subset.index] &= _has_actor(subset, names)
    return frame[mask]


# -- facets --------------------------------------------------------------------------------------
def years_present(frame: pd.DataFrame) -> tuple[int, int] | None:
    """(first, last) year in the store, or None if no event has a year."""
    years = frame["year"].dropna()
    if years.empty:
        return None
    return int(years.min()), int(years.max())


def actors_present(frame: pd.DataFrame) -> list[str]:
    """Every actor name in the frame, most frequent first (the multiselect's options)."""
    return list(count_by_actor(frame)["actor"])


def countries_present(frame: pd.DataFrame) -> list[str]:
    return sorted(str(c) for c in frame["country"].dropna().unique())


def count_by_actor(frame: pd.DataFrame) -> pd.DataFrame:
    """Events per actor (an event with two actors counts for both)."""
    exploded = frame["actors"].explode().dropna()
    counts = exploded.value_counts()
    return pd.DataFrame({"actor": counts.index.astype(str), "events": counts.to_numpy()})


def count_by_country(frame: pd.DataFrame) -> pd.DataFrame:
    counts = frame["country"].fillna("unknown").value_counts()
    return pd.DataFrame({"country": counts.index.astype(str), "events": counts.to_numpy()})


def count_by_year_type(frame: pd.DataFrame) -> pd.DataFrame:
    """Events per (year, type), with every type present for every year (zeros kept), for the timeline."""
    dated = frame[frame["year"].notna()]
    if dated.empty:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "type": pd.Series(dtype="str"),
                             "events": pd.Series(dtype="int64")})
    table = pd.crosstab(dated["year"].astype(int), dated["type"])
    for t in EVENT_TYPES:
        if t not in table.columns:
            table[t] = 0
    table = table[list(EVENT_TYPES) + [c for c in table.columns if c not in EVENT_TYPES]]
    long = table.stack().rename("events").reset_index()
    long.columns = ["year", "type", "events"]
    return long.astype({"year": "int64", "events": "int64"})


def count_by_type(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["type"].value_counts()
    return {t: int(counts.get(t, 0)) for t in EVENT_TYPES}


# -- exports -------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    """A JSON-ready scalar: NA/NaN -> None, numpy scalars -> Python."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
        if isinstance(value, list):
            return [_plain(v) for v in value]
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def to_geojson(frame: pd.DataFrame, mentions: Mapping[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """The filtered, located events as a FeatureCollection following the ``geo.geojson`` contract.

    ``mentions`` (event_id -> supporting sentences) fills the contract's
    ``mentions`` property; without it, the first mention (the quote with its
    offsets) stands in.
    """
    features = []
    located = frame[frame["lat"].notna() & frame["lon"].notna()]
    for row in located.to_dict("records"):
        props = {k: _plain(row.get(k)) for k in PROPERTIES if k != "mentions"}
        props["actors"] = list(props.get("actors") or [])
        if props.get("confidence") is not None:
            props["confidence"] = round(float(props["confidence"]), 3)
        if mentions is not None and row["event_id"] in mentions:
            props["mentions"] = mentions[row["event_id"]]
        else:
            props["mentions"] = [{"start": props.get("start"), "end": props.get("end"), "quote": props.get("quote")}]
        props = {k: props.get(k) for k in PROPERTIES}
        features.append({
            "type": "Feature", "id": props["event_id"],
            "geometry": {"type": "Point", "coordinates": [round(float(row["lon"]), 6), round(float(row["lat"]), 6)]},
            "properties": props,
        })
    return {"type": "FeatureCollection", "features": features}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in document-derived text (CSV injection)."""
    value = _plain(value)
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


CSV_COLUMNS = tuple(p for p in PROPERTIES if p != "mentions") + ("lat", "lon")


def to_csv(frame: pd.DataFrame) -> str:
    """The filtered events as CSV (actors joined with "; "; formula-looking cells prefixed with ')."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    columns = [c for c in CSV_COLUMNS if c in frame.columns]
    for row in frame[columns].itertuples(index=False, name=None):
        values = dict(zip(columns, row, strict=True))
        writer.writerow([_csv_cell(values.get(c)) for c in CSV_COLUMNS])
    return out.getvalue()


# -- URL query parameters ---------------------------------------------------------------------------
_LIST_PARAMS = {"actors": "actor", "groups": "group", "types": "type", "countries": "country"}


def to_query_params(filters: Filters) -> dict[str, str | list[str]]:
    """Only what differs from the defaults, so a plain URL means "everything"."""
    params: dict[str, str | list[str]] = {}
    if filters.years is not None:
        params["years"] = f"{filters.years[0]}-{filters.years[1]}"
    if not filters.unknown_year:
        params["unknown"] = "0"
    for attr, key in _LIST_PARAMS.items():
        values = getattr(filters, attr)
        if values:
            params[key] = list(values)
    if filters.min_confidence > 0:
        params["conf"] = f"{filters.min_confidence:g}"
    if filters.precision:
        params["prec"] = ",".join(str(p) for p in filters.precision)
    if filters.text:
        params["q"] = filters.text
    return params


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def from_query_params(params: Mapping[str, Any]) -> Filters:
    """Parse URL parameters back into :class:`Filters`; malformed values are ignored (logged)."""
    values: dict[str, Any] = {}
    get = (lambda k: params.get_all(k)) if hasattr(params, "get_all") else (lambda k: _as_list(params.get(k)))
    years = _as_list(params.get("years"))
    if years:
        try:
            first, _, last = years[-1].partition("-")
            a, b = int(first), int(last or first)
            values["years"] = (min(a, b), max(a, b))
        except ValueError:
            log.info("ignoring malformed years=%r", years[-1])
    if _as_list(params.get("unknown")) == ["0"]:
        values["unknown_year"] = False
    for attr, key in _LIST_PARAMS.items():
        found = tuple(dict.fromkeys(v for v in get(key) if v))
        if found:
            values[attr] = found
    if "types" in values:
        values["types"] = tuple(t for t in values["types"] if t in EVENT_TYPES)
    conf = _as_list(params.get("conf"))
    if conf:
        try:
            values["min_confidence"] = min(max(float(conf[-1]), 0.0), 1.0)
        except ValueError:
            log.info("ignoring malformed conf=%r", conf[-1])
    prec = _as_list(params.get("prec"))
    if prec:
        try:
            values["precision"] = tuple(sorted({int(p) for p in prec[-1].split(",") if p}))
        except ValueError:
            log.info("ignoring malformed prec=%r", prec[-1])
    text = _as_list(params.get("q"))
    if text:
        values["text"] = text[-1][:200]
    return replace(Filters(), **values)


def filter_names() -> list[str]:
    """The attribute names of :class:`Filters` (the app keys its widgets on them)."""
    return [f.name for f in fields(Filters)]


__all__ = [
    "Filters", "apply", "actor_names", "years_present", "actors_present", "countries_present",
    "count_by_actor", "count_by_country", "count_by_year_type", "count_by_type",
    "to_geojson", "to_csv", "to_query_params", "from_query_params", "filter_names",
]

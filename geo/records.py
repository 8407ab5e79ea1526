"""Frozen records that flow through the pipeline.

corpus -> :class:`Document` -> :class:`Article` -> events (:class:`Event` with
:class:`Mention` provenance, :class:`Place`, actor names) -> store -> map.

Records never change shape on the way: a later stage makes a new record with
:func:`dataclasses.replace` instead of mutating one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EVENT_TYPES = ("militia_activity", "border_incident", "protest", "political")
"""The four event types, in order of precedence (GUIDELINES.md): protest >
border_incident > militia_activity > political is ``PRECEDENCE``."""
PRECEDENCE = ("protest", "border_incident", "militia_activity", "political")
CORE_TYPES = ("militia_activity", "border_incident", "protest")


@dataclass(frozen=True)
class Document:
    """One input file (or one stream of text) as read from disk.

    ``text`` is the decoded text the NLP sees.  For plain text it is the file;
    for HTML it is the visible text, and ``offset_map`` maps every character of
    ``text`` to its character offset in the decoded source file (empty tuple
    means identity).
    """

    path: str
    name: str
    sha256: str
    text: str
    kind: str  # "txt" | "md" | "html" | "jsonl"
    encoding: str = "utf-8"
    offset_map: tuple[int, ...] = ()
    title: str | None = None
    source: str | None = None
    url: str | None = None

    def source_offset(self, i: int) -> int:
        """Character offset in the original file for offset ``i`` of ``text``."""
        if not self.offset_map:
            return i
        if i >= len(self.offset_map):
            return (self.offset_map[-1] + 1) if self.offset_map else i
        return self.offset_map[i]


@dataclass(frozen=True)
class DateValue:
    """A date as precise as the text allows.

    ``iso`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``precision`` is
    ``"day"``, ``"month"`` or ``"year"``; ``how`` says in words how it was found.
    """

    iso: str
    precision: str
    how: str = ""

    @property
    def year(self) -> int:
        return int(self.iso[:4])


@dataclass(frozen=True)
class Article:
    """One article inside a document (a page may bundle several).

    ``start``/``end`` are offsets into ``Document.text``; ``text`` is
    ``document.text[start:end]``.  ``excluded`` lists (start, end) spans, in
    document offsets, that extraction must skip: teasers of other articles,
    captions, boilerplate.
    """

    doc: str
    index: int
    start: int
    end: int
    text: str
    title: str | None = None
    dateline: DateValue | None = None
    excluded: tuple[tuple[int, int], ...] = ()
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Mention:
    """A sentence that states (part of) an event: the provenance of a point."""

    doc: str
    article: int
    start: int  # character offset in the source file
    end: int
    quote: str


@dataclass(frozen=True)
class Place:
    """A resolved place, keeping the gazetteer row it came from (``raw``)."""

    name: str  # as written in the text
    resolved: str  # gazetteer name
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2
    precision: int  # 1 town/site, 2 region/border area, 3 country
    geonameid: int | None = None
    feature: str = ""  # "country" | "admin1" | "city" | "site" | "region" | ...
    why: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Actor:
    """An actor of the registry (data/actors.yaml) or an ad-hoc one from NER."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "unknown"
    alignment: str = "unknown"
    parent: str | None = None
    country: str | None = None
    adhoc: bool = False
    # Optional registry detail (data/actors.yaml); defaults keep ad-hoc actors cheap.
    metonyms: tuple[str, ...] = ()  # place names used for the actor ("Tehran", "Iran")
    demonyms: tuple[str, ...] = ()  # adjectives of a state actor ("Iranian"); see Registry.by_demonym
    commanded_by: tuple[str, ...] = ()  # ids the actor answers to outside its parent
    member_of: tuple[str, ...] = ()  # alliances, coalitions, organisations (ids)
    leads: tuple[str, ...] = ()  # for persons: ids of what they lead
    fronts: tuple[str, ...] = ()  # ids of front ("facade") groups
    years_active: str | None = None  # "2003-" or "1982-2024"
    sources: tuple[str, ...] = ()  # where the facts come from
    notes: str = ""


@dataclass(frozen=True)
class Event:
    """One event, located and dated, with everything that explains it."""

    id: str
    doc: str
    article: int
    article_title: str | None
    type: str
    trigger: str
    quote: str
    start: int  # offsets of the first mention in the source file
    end: int
    place: Place | None
    date: str | None = None  # ISO, as precise as known
    date_precision: str | None = None  # "day" | "month" | "year" | None
    actors: tuple[str, ...] = ()
    fatalities: int | None = None
    confidence: float = 0.5
    mentions: tuple[Mention, ...] = ()
    why: str = ""
    source: str | None = None  # "text" for extracted events, else the import's name

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class Problem:
    """One thing that went wrong with one input, for the run report."""

    path: str
    stage: str
    reason: str

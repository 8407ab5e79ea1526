"""Reading a place name by the noun the text gives it: "Dohuk province" is the
province, not its seat; "the city of Jizan" is the town, not the province of the
same name.  Used by :mod:`geo.geocode` after the gazetteer's own reading."""
from __future__ import annotations

import re
from dataclasses import replace

from geo.records import Place

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

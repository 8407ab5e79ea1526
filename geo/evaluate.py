"""Scoring extracted events against hand-made gold (../shared/eval/GUIDELINES.md).

A predicted event matches a gold event when both are in the same document, have
the same type, lie within 50 km of each other (a country-level gold point also
accepts any point in the same country, or within 300 km), and agree on the year
(a gold ``null`` year accepts any).  Each gold event is matched at most once; the
matching is a maximum bipartite matching that prefers pairs sharing actors, then
nearer pairs.  Among matched pairs we report the share whose gold actors are all
found among the predicted actors.
"""
from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.records import CORE_TYPES, EVENT_TYPES

NEAR_KM = 50.0
"""Two points of the same event may be this far apart."""
COUNTRY_KM = 300.0
"""A country-level gold point accepts a prediction this close even without a country code."""
EARTH_RADIUS_KM = 6371.0


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def name_key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of an actor name."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[\u2019'`\u2018\u02bc]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return text[4:] if text.startswith("the ") else text


def actor_found(alternatives: Sequence[str], predicted: Sequence[str]) -> bool:
    """True when any gold alternative equals, or (4+ chars) is contained word-wise in, a predicted name."""
    keys = [k for k in (name_key(p) for p in predicted) if k]
    for alt in alternatives:
        a = name_key(alt)
        if not a:
            continue
        for k in keys:
            if a == k:
                return True
            if min(len(a), len(k)) >= 4 and (f" {a} " in f" {k} " or f" {k} " in f" {a} "):
                return True
    return False


@dataclass(frozen=True)
class Scored:
    """One gold or predicted event, reduced to what matching needs."""

    doc: str
    type: str
    lat: float
    lon: float
    year: int | None
    country: str | None
    actors: tuple[Any, ...]  # gold: tuple of alternative-lists; predicted: names
    precision: int | None = None
    label: str = ""
    raw: dict = field(default_factory=dict, compare=False, hash=False)


def read_gold(path: str | Path) -> list[Scored]:
    """Gold JSONL (one event per line) as :class:`Scored` records."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        out.append(Scored(
            doc=g["doc"], type=g["type"], lat=float(g["lat"]), lon=float(g["lon"]),
            year=_as_year(g.get("year")), country=g.get("country"),
            actors=tuple(tuple(a) for a in g.get("actors", [])), precision=g.get("precision"),
            label=f"{g.get('id', '')} {g.get('place', '')}: {g.get('quote', '')[:90]}", raw=g,
        ))
    return out


def read_predictions(path: str | Path) -> list[Scored]:
    """Point features of a GeoJSON FeatureCollection (the ``geo extract`` contract)."""
    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for feature in collection.get("features", []):
        geometry = feature.get("geometry") or {}
        props = feature.get("properties") or {}
        if geometry.get("type") != "Point" or not props.get("type"):
            continue
        lon, lat = geometry["coordinates"][:2]
        actors = props.get("actors") or []
        if isinstance(actors, str):
            actors = [a.strip() for a in re.split(r"[;|]", actors) if a.strip()]
        out.append(Scored(
            doc=Path(str(props.get("doc", ""))).name, type=props["type"], lat=float(lat), lon=float(lon),
            year=_as_year(props.get("year")), country=props.get("country"), actors=tuple(actors),
            label=f"{props.get('place')} ({float(lat):.2f},{float(lon):.2f}) {list(actors)[:3]}", raw=props,
        ))
    return out


def _as_year(value: Any) -> int | None:
    try:
        return None if value in (None, "") else int(value)
    except (TypeError, ValueError):
        return None


def compatible(gold: Scored, pred: Scored) -> float | None:
    """Distance in km when ``pred`` may match ``gold`` under the guidelines, else None."""
    if gold.doc != pred.doc or gold.type != pred.type:
        return None
    if gold.year is not None and pred.year != gold.year:
        return None
    km = great_circle_km(gold.lat, gold.lon, pred.lat, pred.lon)
    if km <= NEAR_KM:
        return km
    if gold.precision == 3:
        same_country = bool(gold.country and pred.country and gold.country.upper() == pred.country.upper())
        if same_country or km <= COUNTRY_KM:
            return km
    return None


def match(gold: Sequence[Scored], pred: Sequence[Scored]) -> dict[int, int]:
    """Maximum matching gold index -> prediction index (Kuhn's augmenting paths).

    Each gold event tries its candidates in order of preference (more gold actors
    found first, then nearer); gold events with fewer candidates go first.
    """
    options: dict[int, list[int]] = {}
    for gi, g in enumerate(gold):
        ranked = []
        for pi, p in enumerate(pred):
            km = compatible(g, p)
            if km is not None:
                shared = sum(actor_found(alts, p.actors) for alts in g.actors)
                ranked.append((-shared, km, pi))
        if ranked:
            options[gi] = [pi for *_, pi in sorted(ranked)]
    owner: dict[int, int] = {}

    def try_assign(gi: int, visited: set[int]) -> bool:
        for pi in options[gi]:
            if pi in visited:
                continue
            visited.add(pi)
            if pi not in owner or try_assign(owner[pi], visited):
                owner[pi] = gi
                return True
        return False

    for gi in sorted(options, key=lambda i: len(options[i])):
        try_assign(gi, set())
    return {gi: pi for pi, gi in owner.items()}


def _prf(matched: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"gold": n_gold, "pred": n_pred, "matched": matched,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def score(gold: Sequence[Scored], pred: Iterable[Scored]) -> dict[str, Any]:
    """P/R/F1 for core, political, all and each type, actor coverage, misses and false positives.

    Predictions for documents that have no gold are ignored.
    """
    docs = {g.doc for g in gold}
    pred = [p for p in pred if p.doc in docs]
    pairs = match(gold, pred)
    report: dict[str, Any] = {}
    groups = {"core": CORE_TYPES, "political": ("political",), "all": EVENT_TYPES}
    groups.update({t: (t,) for t in EVENT_TYPES})
    for label, types in groups.items():
        gold_idx = [i for i, g in enumerate(gold) if g.type in types]
        report[label] = _prf(sum(i in pairs for i in gold_idx), sum(p.type in types for p in pred), len(gold_idx))
    complete = sum(all(actor_found(alts, pred[pi].actors) for alts in gold[gi].actors) for gi, pi in pairs.items())
    report["actors_all_found"] = round(complete / len(pairs), 3) if pairs else 0.0
    km = sorted(great_circle_km(gold[g].lat, gold[g].lon, pred[p].lat, pred[p].lon) for g, p in pairs.items())
    report["median_km_matched"] = round(km[len(km) // 2], 1) if km else None
    used = set(pairs.values())
    report["misses"] = [gold[i] for i in range(len(gold)) if i not in pairs]
    report["false_positives"] = [p for i, p in enumerate(pred) if i not in used]
    return report


def format_report(report: dict[str, Any], errors: bool = False) -> str:
    """The report as the table ``geo evaluate`` prints."""
    lines = [f"{'':18}{'gold':>6}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}"]
    rows = [(label, label) for label in ("core", "political", "all")] + [(t, f"  {t}") for t in EVENT_TYPES]
    for label, name in rows:
        m = report[label]
        lines.append(f"{name:18}{m['gold']:>6}{m['pred']:>6}{m['matched']:>7}"
                     f"{m['precision']:>7}{m['recall']:>7}{m['f1']:>7}")
    lines.append(f"actors all found in matched events: {report['actors_all_found']}")
    lines.append(f"median distance of matched events: {report['median_km_matched']} km")
    if errors:
        lines.append("\nMISSED GOLD EVENTS")
        lines += [f"  {g.type:17} {g.year} {g.label}" for g in report["misses"]]
        lines.append("\nFALSE POSITIVES")
        lines += [f"  {p.doc[:12]} {p.type:17} {p.year} {p.label}" for p in report["false_positives"]]
    return "\n".join(lines)


def cli_evaluate(args) -> int:
    """``geo evaluate GOLD.jsonl PRED.geojson [--errors] [--json]``."""
    for path in (args.gold, args.pred):
        if not Path(path).is_file():
            print(f"error: {path}: no such file", file=sys.stderr)
            return 2
    report = score(read_gold(args.gold), read_predictions(args.pred))
    if args.json:
        plain = {k: v for k, v in report.items() if k not in ("misses", "false_positives")}
        if args.errors:
            plain["misses"] = [g.raw for g in report["misses"]]
            plain["false_positives"] = [p.raw for p in report["false_positives"]]
        print(json.dumps(plain, indent=2, ensure_ascii=False))
    else:
        print(format_report(report, errors=args.errors))
    return 0

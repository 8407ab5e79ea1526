"""`geo geoparse`: toponym resolution over JSONL documents, and its metrics.

Input lines: ``{"doc_id": ..., "text": ..., "toponyms": [{"start": ..., "end": ...}, ...]}``
(toponyms optional).  Output lines: ``{"doc_id": ..., "toponyms": [{"start", "end",
"name", "lat", "lon", "geonameid", "country"}]}``.  With ``--gold-spans`` the given
spans are resolved; otherwise toponyms are found with spaCy plus the gazetteer.

The metrics are the ones geoparsing papers report (Gritta et al. 2018):
accuracy within 161 km, mean and median error in km, and the AUC of the sorted
ln(1 + km) error curve; a gold toponym without a matched prediction counts as
an error of 20,039 km (half the earth's circumference).
"""
from __future__ import annotations

import json
import logging
import math
import statistics
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import InputError
from geo.gazetteer import haversine_km

log = logging.getLogger(__name__)

MISS_KM = 20039.0
"""Error charged for a gold toponym without a usable prediction."""
ACC_KM = 161.0


# ------------------------------------------------------------------ I/O


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Documents of a JSONL file; a malformed line is an InputError naming file and line."""
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "no such file")
    with p.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{p}:{n}", f"not JSON ({exc.msg})") from exc
            if not isinstance(doc, dict) or "text" not in doc:
                raise InputError(f"{p}:{n}", "a line needs an object with 'text'")
            yield doc


def geoparse_doc(doc: dict[str, Any], *, gold_spans: bool, nlp=None) -> dict[str, Any]:
    """Resolve one document's toponyms into the output record."""
    from geo.toponyms import find_toponyms, resolve_spans

    text = doc["text"]
    if gold_spans:
        spans = [(int(t["start"]), int(t["end"])) for t in doc.get("toponyms") or []]
    else:
        spans = find_toponyms(text, nlp=nlp, demonyms=True)
    # demonyms: the corpora annotate adjectival uses of country names as toponyms;
    # backoff only for gold spans, where every span is known to be a place
    places = resolve_spans(text, spans, demonyms=True, backoff=gold_spans)
    out = []
    for (s, e), p in zip(spans, places, strict=True):
        rec: dict[str, Any] = {"start": s, "end": e, "name": text[s:e]}
        if p is None:
            rec.update(lat=None, lon=None, geonameid=None, country=None)
        else:
            rec.update(lat=p.lat, lon=p.lon, geonameid=p.geonameid, country=p.country, resolved=p.resolved,
                       feature=p.feature)
        out.append(rec)
    return {"doc_id": doc.get("doc_id"), "toponyms": out}


def geoparse_file(path: str | Path, *, gold_spans: bool, nlp=None) -> Iterator[dict[str, Any]]:
    """Output records for every document of a JSONL file."""
    if not gold_spans and nlp is None:
        from geo.toponyms import _default_nlp

        nlp = _default_nlp()
    for doc in read_jsonl(path):
        yield geoparse_doc(doc, gold_spans=gold_spans, nlp=nlp)


def cli_geoparse(args) -> int:
    """Handler of ``geo geoparse IN.jsonl --out OUT.jsonl [--gold-spans]``."""
    try:
        records = list(geoparse_file(args.input, gold_spans=bool(args.gold_spans)))
    except InputError as exc:
        print(f"geo geoparse: {exc}", file=sys.stderr)
        return 2
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if args.out in ("-", None):
        sys.stdout.write(lines)
    else:
        Path(args.out).write_text(lines, encoding="utf-8")
    n = sum(len(r["toponyms"]) for r in records)
    resolved = sum(1 for r in records for t in r["toponyms"] if t["lat"] is not None)
    print(f"geo geoparse: {len(records)} documents, {n} toponyms, {resolved} resolved", file=sys.stderr)
    return 0


# ------------------------------------------------------------------ metrics


@dataclass(frozen=True)
class Scores:
    """Resolution metrics over a set of gold toponyms."""

    n: int
    acc161: float
    mean_km: float
    median_km: float
    auc: float
    span_recall: float
    matched: int
    matched_acc161: float = 0.0
    """Acc@161km over the gold toponyms that had a matched prediction (how end-to-end papers report)."""

    def row(self) -> list[str]:
        return [str(self.n), f"{self.acc161:.4f}", f"{self.mean_km:,.0f}", f"{self.median_km:,.0f}",
                f"{self.auc:.3f}", f"{self.span_recall:.3f}", f"{self.matched_acc161:.4f}"]


def auc(errors_km: Sequence[float]) -> float:
    """Area under the sorted ln(1 + km) error curve, scaled so 0 is perfect and all misses ~1."""
    n = len(errors_km)
    if n < 2:
        return 0.0 if not n else math.log1p(errors_km[0]) / math.log(MISS_KM)
    ys = sorted(math.log1p(e) for e in errors_km)
    area = sum((a + b) / 2 for a, b in zip(ys, ys[1:], strict=False))
    return area / (math.log(MISS_KM) * (n - 1))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_predictions(gold: Sequence[dict], pred: Sequence[dict]) -> list[dict | None]:
    """For each gold toponym, its prediction: same span, else the most-overlapping one.

    Ties go to the nearest start; a prediction whose span is exactly another gold
    toponym's span is left for that one.
    """
    gold_spans = {(int(t["start"]), int(t["end"])) for t in gold}
    exact = {(int(p["start"]), int(p["end"])): p for p in pred}
    out: list[dict | None] = []
    for t in gold:
        span = (int(t["start"]), int(t["end"]))
        if span in exact:
            out.append(exact[span])
            continue
        best, key = None, None
        for p in pred:
            ps = (int(p["start"]), int(p["end"]))
            if ps in gold_spans:
                continue
            ov = _overlap(span, ps)
            if ov <= 0:
                continue
            k = (-ov, abs(ps[0] - span[0]))
            if key is None or k < key:
                best, key = p, k
        out.append(best)
    return out


def errors_for(gold_docs: Iterable[dict], pred_docs: dict[str, dict], *,
               geonames_only: bool = False) -> tuple[list[float], int, list[float]]:
    """Per gold toponym error in km (misses at MISS_KM), how many had a matched prediction,
    and the errors of the matched ones."""
    errs: list[float] = []
    matched_errs: list[float] = []
    matched = 0
    for g in gold_docs:
        gold = [t for t in g.get("toponyms") or [] if not geonames_only or t.get("geonameid") is not None]
        pred = (pred_docs.get(str(g["doc_id"])) or {}).get("toponyms") or []
        for t, p in zip(gold, match_predictions(gold, pred), strict=True):
            if p is None:
                errs.append(MISS_KM)
                continue
            matched += 1
            lat, lon = p.get("lat"), p.get("lon")
            if not isinstance(lat, int | float) or not isinstance(lon, int | float) or \
                    math.isnan(lat) or math.isnan(lon):
                errs.append(MISS_KM)
            else:
                errs.append(haversine_km(t["lat"], t["lon"], lat, lon))
            matched_errs.append(errs[-1])
    return errs, matched, matched_errs


def score(gold_docs: Iterable[dict], pred_docs: Iterable[dict], *, geonames_only: bool = False) -> Scores:
    """Acc@161km, mean/median km, AUC and span recall of predictions against gold."""
    preds = {str(d["doc_id"]): d for d in pred_docs}
    errs, matched, m_errs = errors_for(gold_docs, preds, geonames_only=geonames_only)
    n = len(errs)
    if not n:
        return Scores(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0)
    return Scores(n=n, acc161=sum(e < ACC_KM for e in errs) / n, mean_km=sum(errs) / n,
                  median_km=statistics.median(errs), auc=auc(errs), span_recall=matched / n, matched=matched,
                  matched_acc161=sum(e < ACC_KM for e in m_errs) / len(m_errs) if m_errs else 0.0)

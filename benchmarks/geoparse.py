"""Benchmark the toponym resolver on the public corpora in ../shared/eval/geoparse/.

Prints, per corpus, Acc@161km, mean and median error (km), AUC and span recall,
with gold spans given and end to end (spaCy + gazetteer finding the toponyms);
then cold-load time of the gazetteer index and warm lookups per second.

    python benchmarks/geoparse.py                    # all corpora, both modes
    python benchmarks/geoparse.py --corpora LGL --no-e2e
    python benchmarks/geoparse.py --errors /tmp/err.tsv   # one line per wrong answer (gold spans)

Metric code: geo.geoparse.score (the project's own; agrees with score_geoparse.py).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "eval" / "geoparse"
CORPORA = ("GeoWebNews", "TR-News", "LGL", "GeoVirus")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def run(corpus: str, gold_spans: bool, nlp, errors_out=None) -> tuple[object, object, float]:
    from geo.gazetteer import haversine_km
    from geo.geoparse import geoparse_doc, score

    docs = load(SHARED / f"{corpus}.jsonl")
    t0 = time.perf_counter()
    preds = [geoparse_doc(d, gold_spans=gold_spans, nlp=nlp) for d in docs]
    dt = time.perf_counter() - t0
    if errors_out is not None and gold_spans:
        for d, p in zip(docs, preds, strict=True):
            for g, q in zip(d["toponyms"], p["toponyms"], strict=True):
                km = 20039.0 if q["lat"] is None else haversine_km(g["lat"], g["lon"], q["lat"], q["lon"])
                if km >= 161:
                    errors_out.write(f"{corpus}\t{d['doc_id']}\t{g['name']}\t{q.get('resolved')}\t"
                                     f"{q.get('country')}\t{q.get('feature')}\t{km:.0f}\t{g.get('geonameid')}\t"
                                     f"{g['lat']:.2f},{g['lon']:.2f}\n")
    return score(docs, preds), score(docs, preds, geonames_only=True), dt


def cold_load() -> tuple[float, float]:
    """Wall and CPU seconds for a fresh process to load the cached index (the machine may be shared)."""
    code = "import time;t=time.perf_counter();c=time.process_time();from geo.gazetteer import get_gazetteer;" \
           "get_gazetteer();print(time.perf_counter()-t, time.process_time()-c)"
    get_ready = [sys.executable, "-c", "from geo.gazetteer import get_gazetteer;get_gazetteer()"]
    subprocess.run(get_ready, capture_output=True, text=True, cwd=ROOT, check=True)  # build once if missing
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    wall, cpu = out.stdout.split()
    return float(wall), float(cpu)


def warm_lookups(names: list[str]) -> float:
    from geo.toponyms import resolve

    for n in names:
        resolve(n)
    reps = max(1, 200_000 // len(names))
    t0 = time.perf_counter()
    for _ in range(reps):
        for n in names:
            resolve(n)
    return reps * len(names) / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", default=",".join(CORPORA))
    ap.add_argument("--no-e2e", action="store_true", help="skip end-to-end runs (spaCy)")
    ap.add_argument("--errors", default=None, help="write wrong gold-span answers to this TSV")
    a = ap.parse_args()
    if not SHARED.is_dir():
        print(f"missing benchmark data: {SHARED}", file=sys.stderr)
        return 2
    cold = cold_load()
    from geo.gazetteer import get_gazetteer

    get_gazetteer()
    nlp = None
    if not a.no_e2e:
        from geo.toponyms import _default_nlp

        nlp = _default_nlp()
    err = open(a.errors, "w", encoding="utf-8") if a.errors else None  # noqa: SIM115
    rows = []
    names: list[str] = []
    for corpus in a.corpora.split(","):
        docs = load(SHARED / f"{corpus}.jsonl")
        names += [t["name"] for d in docs for t in d["toponyms"]]
        for mode in (["gold spans"] + ([] if a.no_e2e else ["end to end"])):
            s, s_gn, dt = run(corpus, mode == "gold spans", nlp, err)
            rows.append([corpus, mode, *s.row(), f"{dt:.1f}"])
            print("  ".join(rows[-1]), file=sys.stderr, flush=True)
            if 0 < s_gn.n != s.n:  # GeoWebNews: the paper's protocol scores toponyms with a GeoNames id
                rows.append([f"{corpus} (GeoNames ids)", mode, *s_gn.row(), ""])
    if err:
        err.close()
    head = ["corpus", "mode", "gold n", "Acc@161", "mean km", "median km", "AUC", "span recall",
            "matched Acc@161", "time s"]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
    uniq = sorted(set(names))
    print(f"\ncold load of the gazetteer index: {cold[0]:.2f} s wall, {cold[1]:.2f} s CPU")
    print(f"warm lookups (resolve, {len(uniq):,} distinct names, cached): {warm_lookups(uniq):,.0f} /s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

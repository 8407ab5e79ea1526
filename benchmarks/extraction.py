"""Where extraction stands on every gold set this checkout can see, and how long it takes.

usage: python benchmarks/extraction.py [--errors]

Sets: the seed gold (``../shared/eval/gold_seeds.jsonl`` beside the checkout, on
``data/corpus``), the development set (``tests/fixtures/devset``) the held-out
set (``tests/fixtures/heldout``, written without running the extractor, a
development set since its first score) and the second blind set
(``tests/fixtures/blind2``, kept for measuring only).
Prints one table row per set (P/R/F1 for core and political, actor coverage,
documents and wall time of the extraction); ``--errors`` adds each set's misses
and false positives.  No assertion: the floors live in tests/test_devset.py.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"
SETS = (
    ("seeds", ROOT / "data" / "corpus", ROOT.parent / "shared" / "eval" / "gold_seeds.jsonl"),
    ("devset", FIXTURES / "devset" / "docs", FIXTURES / "devset" / "gold.jsonl"),
    ("heldout", FIXTURES / "heldout" / "docs", FIXTURES / "heldout" / "gold.jsonl"),
    ("blind2", FIXTURES / "blind2" / "docs", FIXTURES / "blind2" / "gold.jsonl"),
)


def _run(docs: Path, gold: Path, errors: bool) -> str:
    from geo.evaluate import format_report, read_gold, read_predictions, score
    from geo.geojson import feature_collection
    from geo.pipeline import extract

    start = time.perf_counter()
    results = list(extract([docs]))
    took = time.perf_counter() - start
    events = [e for r in results for e in r.events]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pred.geojson"
        out.write_text(json.dumps(feature_collection(events), ensure_ascii=False), encoding="utf-8")
        report = score(read_gold(gold), read_predictions(out))
    core, pol = report["core"], report["political"]
    row = (f"| {docs.relative_to(ROOT)} | {len(results)} | {core['gold']} | {core['precision']:.3f} | "
           f"{core['recall']:.3f} | **{core['f1']:.3f}** | {pol['gold']} | {pol['f1']:.3f} | "
           f"{report['actors_all_found']:.3f} | {took:.1f} s |")
    return row + ("\n\n" + format_report(report, errors=True) + "\n" if errors else "")


def main(argv: list[str]) -> int:
    errors = "--errors" in argv
    from geo.nlp import get_nlp

    start = time.perf_counter()
    get_nlp()
    print(f"spaCy pipeline and registry patterns loaded in {time.perf_counter() - start:.1f} s\n")
    print("| set | docs | core gold | core P | core R | core F1 | political gold | political F1 "
          "| actors all found | extract |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, docs, gold in SETS:
        if not gold.is_file() or not docs.is_dir():
            print(f"| {name}: not found ({gold}) | | | | | | | | | |")
            continue
        print(_run(docs, gold, errors), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

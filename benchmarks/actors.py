"""How fast the actor registry loads, matches and resolves, and how big it is.

usage: python benchmarks/actors.py [CORPUS_DIR]

Prints a table of figures; no assertion (tests never time anything).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(label: str, func, *args, repeat: int = 1):
    start = time.perf_counter()
    for _ in range(repeat):
        out = func(*args)
    took = (time.perf_counter() - start) / repeat
    print(f"| {label:44} | {took * 1000:10.1f} ms |")
    return out


def main(argv: list[str]) -> int:
    from geo.actors import load_registry

    corpus = Path(argv[0]) if argv else ROOT / "data" / "corpus"
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.iterdir()) if p.is_file())
    print(f"corpus: {corpus} ({len(text):,} characters)\n")
    print("| step | time |\n|---|---|")
    reg = _timed("load data/actors.yaml and build the index", load_registry)
    found = _timed("match() over the corpus, first call", reg.match, text)
    _timed("match() over the corpus, warm", reg.match, text, repeat=3)
    names = ["Kata'ib Hizballah", "Hashed al-Shaabi", "Houthi rebels", "Reuters", "Amnesty International",
             "the Iranian-backed Kataib Hezbollah militia", "Qasim Sulaimani"] * 20
    _timed(f"resolve() x {len(names)}", lambda: [reg.resolve(n) for n in names])
    patterns = _timed("entity_patterns() (imports spaCy)", reg.entity_patterns)
    _timed("groups()", reg.groups)
    actors = list(reg)
    print(f"\nactors: {len(actors)} ({sum(a.kind == 'person' for a in actors)} persons); "
          f"aliases: {sum(len(a.aliases) for a in actors):,} (after expanding alternations); "
          f"metonyms: {sum(len(a.metonyms) for a in actors)}; "
          f"sources: {sum(len(a.sources) for a in actors)} ({len({s for a in actors for s in a.sources})} distinct); "
          f"groups: {len(reg.groups())}; spaCy patterns: {len(patterns):,}; "
          f"mentions in the corpus: {len(found):,} ({sum(m.metonym for m in found):,} metonyms)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

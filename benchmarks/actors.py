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


def _influence(reg, n: int = 100_000) -> None:
    """The influence layer and an actor profile over n synthetic events (random places and actor pairs)."""
    import random

    import pandas as pd

    from geo.influence import actor_profile, alignment_activity

    rng = random.Random(1)
    names = [a.name for a in reg][:150]
    frame = pd.DataFrame({
        "event_id": [f"e{i}" for i in range(n)], "type": rng.choices(["protest", "militia_activity"], k=n),
        "year": [rng.randint(2015, 2024) for _ in range(n)], "lat": [rng.uniform(12, 42) for _ in range(n)],
        "lon": [rng.uniform(25, 63) for _ in range(n)], "actors": [rng.sample(names, 2) for _ in range(n)],
        "confidence": [rng.random() for _ in range(n)], "country": "IQ", "place_resolved": "somewhere"})
    fc = _timed(f"alignment_activity() on {n:,} events (H3 res 4)", alignment_activity, frame, reg)
    _timed(f"actor_profile('kh') on {n:,} events", actor_profile, frame, reg, "kh")
    print(f"| {'hexagons':44} | {len(fc['features']):13,} |")


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
    _influence(reg)
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

"""Ingest throughput: the whole ``geo build`` path against bare spaCy on the same text.

Usage::

    python benchmarks/ingest.py [--articles 500] [--workers 1]

The bundled corpus is copied until it holds about ``--articles`` articles (each
copy gets one unique line so every file has its own hash, as in a real week of
news).  Then, in the same run:

* **influence-map**: ``Store.ingest`` on those files (read, split, spaCy with the
  registry ruler, events, geocoding, one SQLite transaction per document);
* **bare spaCy**: ``spacy.load(settings.SPACY_MODEL).pipe`` over the same article
  texts, once whole and once split into the paragraphs our pipeline parses
  (:func:`geo.nlp.article_chunks`; long articles parse faster in pieces).

Both are warmed up first (model and gazetteer loads are reported separately), so
the table compares steady-state throughput.  The figure to report is the ratio
of words/s (target >= 0.67).
"""
from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_corpus(target: int, out: Path) -> list[tuple[Path, list[str], list[str]]]:
    """Copies of the bundled corpus in ``out`` (about ``target`` articles).

    Each file comes with its article texts and with the paragraph chunks that
    :func:`geo.nlp.article_chunks` hands to spaCy (the same text, split as our pipeline splits it).
    """
    from geo import corpus, settings
    from geo.nlp import article_chunks

    files, problems = corpus.expand_paths([settings.CORPUS_DIR])
    if problems or not files:
        raise SystemExit(f"bundled corpus unusable: {problems or 'no files'}")
    per_copy = sum(len(corpus.load(f).articles) for f in files)
    copies = max(1, math.ceil(target / per_copy))
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for c in range(copies):
        for f in files:
            dest = out / f"{c:03d}_{f.name}"
            shutil.copyfile(f, dest)
            with open(dest, "a", encoding="utf-8") as fh:
                fh.write(f"\n\nBenchmark copy {c}.\n")
            arts = corpus.load(dest).articles
            made.append((dest, [a.text for a in arts], [c for a in arts for _, c in article_chunks(a)]))
    return made


class Clock:
    """Wall and CPU seconds of this process (CPU is robust to other load on the machine; workers=1 only)."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> Clock:
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._w
        self.cpu += time.process_time() - self._c


def warm_up(tmp: Path, model_name: str):
    """Load both pipelines and the gazetteer once (what every ``geo build`` pays at start)."""
    import spacy

    from geo import pipeline

    sample = tmp / "warm.txt"
    sample.write_text("BAGHDAD, May 2, 2021 - Protesters gathered in Tahrir Square on Sunday.\n", encoding="utf-8")
    started = time.perf_counter()
    pipeline.process_path(sample)
    load = time.perf_counter() - started
    nlp = spacy.load(model_name)
    list(nlp.pipe(["Protesters gathered in Tahrir Square on Sunday."]))
    return load, nlp


def run(made: list[tuple[Path, list[str], list[str]]], tmp: Path, workers: int, rounds: int,
        nlp) -> tuple[Clock, Clock, Clock, int]:
    """Alternate the runs over ``rounds`` slices of the files, so load on the machine hits all alike."""
    from geo.store import Store

    ours, bare, paragraphs = Clock(), Clock(), Clock()
    articles = 0
    with Store(tmp / "bench.sqlite") as store:
        for r in range(rounds):
            part = made[r::rounds]
            with ours:
                report = store.ingest([f for f, _, _ in part], workers=workers)
            articles += report.articles
            if report.problems:
                print(f"warning: {len(report.problems)} problems, e.g. {report.problems[0]}", file=sys.stderr)
            with bare:
                for _ in nlp.pipe([t for _, texts, _ in part for t in texts], n_process=workers):
                    pass
            with paragraphs:
                for _ in nlp.pipe([c for _, _, chunks in part for c in chunks], n_process=workers):
                    pass
    return ours, bare, paragraphs, articles


def synthetic_events(n: int):
    """``n`` invented events with two actors and one mention each (store-side benchmark only)."""
    from geo.records import EVENT_TYPES, Event, Mention, Place

    actors = ["Kataib Hezbollah", "Badr Organization", "Asaib Ahl al-Haq", "Houthis", "Hezbollah"]
    for i in range(n):
        quote = f"Benchmark sentence {i}: gunmen attacked a checkpoint."
        place = Place(f"Town {i % 997}", f"Town {i % 997}", 30 + (i % 100) / 10, 40 + (i % 130) / 10, "IQ", 1, i)
        yield Event(f"bench-{i}", f"bench_{i // 50}.txt", 0, None, EVENT_TYPES[i % 4], "attacked", quote, i, i + 50,
                    place, f"{2010 + i % 15}-0{1 + i % 9}", "month", (actors[i % 5], actors[(i + 2) % 5]), i % 3,
                    0.6, (Mention(f"bench_{i // 50}.txt", 0, i, i + 50, quote),), "benchmark")


def bench_frame(n: int, tmp: Path) -> None:
    """Time ``add_events`` and ``events_frame`` at ``n`` events (what the app loads)."""
    from geo.store import Store

    with Store(tmp / "frame.sqlite") as store:
        started = time.perf_counter()
        store.add_events(synthetic_events(n), source="benchmark")
        added = time.perf_counter() - started
        times = []
        for _ in range(3):
            started = time.perf_counter()
            frame = store.events_frame()
            times.append(time.perf_counter() - started)
    print(f"\n| store, {n:,} events | seconds |\n|---|---:|\n| add_events (one transaction) | {added:.2f} |")
    print(f"| events_frame ({len(frame.columns)} columns), best of 3 | {min(times):.2f} |")


def main(argv: list[str] | None = None) -> int:
    from geo import settings

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=500, help="about how many articles to ingest")
    p.add_argument("--workers", type=int, default=1, help="processes for both runs")
    p.add_argument("--rounds", type=int, default=5, help="alternations between the two runs")
    p.add_argument("--frame", type=int, default=100_000, help="events for the events_frame timing (0: skip)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="geo-bench-") as tmp:
        tmp = Path(tmp)
        made = make_corpus(args.articles, tmp / "corpus")
        texts = [t for _, ts, _ in made for t in ts]
        words = sum(len(t.split()) for t in texts)
        load, nlp = warm_up(tmp, settings.SPACY_MODEL)
        ours, bare, paragraphs, articles = run(made, tmp, args.workers, args.rounds, nlp)
    print(f"{len(made)} files, {len(texts)} articles, {words:,} words, {sum(map(len, texts)):,} characters; "
          f"workers={args.workers}, {args.rounds} alternating rounds; pipeline + gazetteer load {load:.1f} s "
          "(not counted)\n")
    cpu = args.workers == 1
    print("| run | articles | wall s | articles/s | words/s |" + (" CPU s | words/CPU-s |" if cpu else ""))
    print("|---|---:|---:|---:|---:|" + ("---:|---:|" if cpu else ""))
    for name, clock, n in (("influence-map ingest (geo build)", ours, articles),
                           (f"bare spaCy nlp.pipe, whole articles ({settings.SPACY_MODEL})", bare, len(texts)),
                           ("bare spaCy nlp.pipe, same paragraphs as ours", paragraphs, len(texts))):
        row = f"| {name} | {n} | {clock.wall:.1f} | {n / clock.wall:.2f} | {words / clock.wall:,.0f} |"
        print(row + (f" {clock.cpu:.1f} | {words / clock.cpu:,.0f} |" if cpu else ""))
    for name, clock in (("whole articles", bare), ("same paragraphs", paragraphs)):
        print(f"\nratio influence-map / bare spaCy on {name} (words/s): wall {clock.wall / ours.wall:.2f}"
              + (f", CPU {clock.cpu / ours.cpu:.2f}" if cpu else "") + "  (target >= 0.67)")
    if args.frame:
        with tempfile.TemporaryDirectory(prefix="geo-bench-") as tmp:
            bench_frame(args.frame, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())

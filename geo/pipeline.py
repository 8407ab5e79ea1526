"""The only module that knows the whole order: corpus -> nlp -> events -> geocode.

Lower stages raise; this module catches per document, records a
:class:`~geo.records.Problem` in the run report and goes on, so one broken file
never stops a batch.
"""
from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import InputError
from geo.records import Article, Document, Event, Problem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocResult:
    """Everything one input file produced: its document, articles, events and problems."""

    path: str
    document: Document | None = None
    articles: tuple[Article, ...] = ()
    events: tuple[Event, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.document is not None


@dataclass
class RunReport:
    """Counts and problems of one run, printed at the end of ``geo extract``/``geo build``."""

    documents: int = 0
    articles: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)

    def add(self, result: DocResult) -> None:
        self.documents += result.ok
        self.articles += len(result.articles)
        self.events += len(result.events)
        self.problems.extend(result.problems)


def extract_articles(document: Document, articles: Iterable[Article]) -> list[Event]:
    """Events of one document's articles, located, dated and merged."""
    from geo import events, geocode, nlp

    pipeline = nlp.get_nlp()
    found: list[Event] = []
    for article in articles:
        parsed = nlp.parse_article(pipeline, article)
        drafts = events.find_events(article, parsed)
        found.extend(geocode.locate(drafts, article, document))
    return events.merge(found)


def process_path(path: str | Path, *, max_bytes: int | None = None) -> DocResult:
    """Read, split and extract one file.  Never raises for a bad input: it reports it."""
    from geo import corpus

    path = str(path)
    try:
        loaded = corpus.load(path, max_bytes=max_bytes)
    except InputError as exc:
        return DocResult(path, problems=(Problem(path, "read", exc.reason),))
    try:
        found = extract_articles(loaded.document, loaded.articles)
    except Exception as exc:  # the one per-document catch: a bug on one input must not stop the batch
        log.exception("extraction failed for %s", path)
        problem = Problem(path, "extract", f"{type(exc).__name__}: {exc}")
        return DocResult(path, loaded.document, loaded.articles, (), loaded.problems + (problem,))
    return DocResult(path, loaded.document, loaded.articles, tuple(found), loaded.problems)


def extract(paths: Iterable[str | Path], *, workers: int = 1, max_bytes: int | None = None) -> Iterator[DocResult]:
    """One :class:`DocResult` per input file, in a stable order.

    Folders are walked for supported files; with ``workers > 1`` files are
    extracted in that many processes.
    """
    from geo import corpus

    files, problems = corpus.expand_paths(paths)
    for problem in problems:
        yield DocResult(problem.path, problems=(problem,))
    if workers <= 1 or len(files) < 2:
        for f in files:
            yield process_path(f, max_bytes=max_bytes)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(partial(process_path, max_bytes=max_bytes), files, chunksize=1)


def print_problems(problems: Iterable[Problem], stream=None) -> None:
    """One clear line per problem: the file, the stage and the reason."""
    stream = stream or sys.stderr  # looked up at call time, so redirection works
    for p in problems:
        print(f"error: {p.path}: {p.reason} ({p.stage})", file=stream)


def cli_extract(args) -> int:
    """``geo extract PATH... --out FILE``: exit 0 if at least one document was processed, else 2."""
    from geo.geojson import feature_collection

    report = RunReport()
    events: list[Event] = []
    for result in extract(args.paths, workers=args.workers):
        report.add(result)
        events.extend(result.events)
        print_problems(result.problems)
    text = json.dumps(feature_collection(events), ensure_ascii=False, indent=1)
    if args.out == "-":
        sys.stdout.write(text + "\n")
    else:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(
        f"{report.documents} documents, {report.articles} articles, {report.events} events, "
        f"{len(report.problems)} errors",
        file=sys.stderr,
    )
    if report.documents == 0 or (args.strict and report.problems):
        return 2
    return 0

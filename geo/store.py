"""The event store: one SQLite file (or any SQLAlchemy URL), idempotent and crash-safe.

Why this shape
--------------
Analysts add articles week after week, so the store is the system of record:

* a document is keyed by its content hash, so a rerun adds nothing, an edited
  file (same path, new hash) replaces only its own events and a renamed file
  (same hash, new path) only gets its path updated;
* every document is written in ONE transaction (document, articles, events,
  actors, mentions and its problems), so a crash or a SIGKILL can never leave
  half a document behind: the next run simply redoes the uncommitted ones;
* SQLAlchemy Core with portable types, so a PostgreSQL/PostGIS URL can be used
  later without touching the pipeline.  SQLite runs in WAL mode with foreign
  keys on, so the app can read while ``geo build`` writes.
"""
from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from geo.errors import StoreError
from geo.records import Event, Problem

if TYPE_CHECKING:
    import pandas as pd

    from geo.pipeline import DocResult

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

metadata = sa.MetaData()

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("file_sha256", sa.String(64), index=True),  # hash of the raw bytes: skips re-extraction
    sa.Column("path", sa.Text, nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("dateline", sa.String(10)),
    sa.Column("kind", sa.String(16), nullable=False),  # txt|md|html|jsonl|import
    sa.Column("size", sa.Integer),
    sa.Column("ingested_at", sa.String(32), nullable=False),
)
articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("document_id", sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("dateline", sa.String(10)),
    sa.Column("dateline_precision", sa.String(8)),
    sa.Column("url", sa.Text),
    sa.Column("source", sa.Text),
    sa.UniqueConstraint("document_id", "idx"),
)
events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("event_id", sa.Text, nullable=False, unique=True),
    sa.Column("document_id", sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("doc", sa.Text, nullable=False),
    sa.Column("article", sa.Integer),
    sa.Column("article_title", sa.Text),
    sa.Column("type", sa.String(24), nullable=False, index=True),
    sa.Column("trigger", sa.Text),
    sa.Column("quote", sa.Text),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("date", sa.String(10)),
    sa.Column("date_precision", sa.String(8)),
    sa.Column("year", sa.Integer, index=True),
    sa.Column("place", sa.Text),
    sa.Column("place_resolved", sa.Text),
    sa.Column("country", sa.String(2)),
    sa.Column("precision", sa.Integer),
    sa.Column("geonameid", sa.BigInteger),
    sa.Column("feature", sa.Text),
    sa.Column("place_why", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("fatalities", sa.Integer),
    sa.Column("confidence", sa.Float),
    sa.Column("why", sa.Text),
    sa.Column("source", sa.Text, nullable=False),
)
event_actors = sa.Table(
    "event_actors", metadata,
    sa.Column("event_pk", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, index=True),
)
mentions = sa.Table(
    "mentions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("event_pk", sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("doc", sa.Text),
    sa.Column("article", sa.Integer),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("quote", sa.Text),
)
runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("started_at", sa.String(32), nullable=False),
    sa.Column("finished_at", sa.String(32)),  # NULL: the run was interrupted
    sa.Column("paths", sa.Text),
    sa.Column("report", sa.Text),  # JSON of the IngestReport counts
)
state = sa.Table(
    "store_state", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("generation", sa.Integer, nullable=False),  # +1 in every transaction that changes events
)
problems = sa.Table(
    "problems", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)


def database_url(url: str | Path | None = None) -> str:
    """A SQLAlchemy URL from ``--db``: a URL is kept, a bare path means SQLite."""
    from geo import settings

    if url is None:
        url = settings.DEFAULT_DB
    url = str(url)
    if "://" in url:
        return url
    return f"sqlite:///{Path(url).expanduser().resolve()}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def file_sha256(path: str | Path) -> str:
    """Hash of a file's raw bytes, read in blocks (a huge file never sits in memory)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class IngestReport:
    """What one ``ingest`` did: the closing summary of ``geo build``."""

    files: int = 0
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    renamed: int = 0
    reextracted: int = 0
    failed: int = 0
    articles: int = 0
    events: int = 0
    by_type: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def processed(self) -> int:
        """Documents that are in the store after the run (new, unchanged, replaced or renamed)."""
        return self.added + self.unchanged + self.replaced + self.renamed + self.reextracted

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files, "added": self.added, "unchanged": self.unchanged, "replaced": self.replaced,
            "renamed": self.renamed, "reextracted": self.reextracted, "failed": self.failed,
            "articles": self.articles, "events": self.events,
            "by_type": dict(self.by_type), "problems": len(self.problems), "seconds": round(self.seconds, 2),
        }

    def summary(self) -> str:
        """Human-readable closing lines: documents, articles, events by type, errors."""
        types = ", ".join(f"{t} {n}" for t, n in sorted(self.by_type.items())) or "none"
        return "\n".join([
            f"documents: {self.added} new, {self.unchanged} unchanged, {self.replaced} replaced, "
            f"{self.renamed} renamed, " + (f"{self.reextracted} re-extracted, " if self.reextracted else "")
            + f"{self.failed} failed (of {self.files} files, {self.seconds:.1f} s)",
            f"articles: {self.articles} new",
            f"events: {self.events} new ({types})",
            f"errors: {len(self.problems)}",
        ])


def _event_row(event: Event, document_id: int, source: str) -> dict[str, Any]:
    place = event.place
    return {
        "event_id": event.id, "document_id": document_id, "doc": event.doc, "article": event.article,
        "article_title": event.article_title, "type": event.type, "trigger": event.trigger, "quote": event.quote,
        "start": event.start, "end": event.end, "date": event.date, "date_precision": event.date_precision,
        "year": event.year, "fatalities": event.fatalities, "confidence": float(event.confidence),
        "why": event.why, "source": event.source or source,
        "place": place.name if place else None, "place_resolved": place.resolved if place else None,
        "country": place.country if place else None, "precision": place.precision if place else None,
        "geonameid": place.geonameid if place else None, "feature": place.feature if place else None,
        "place_why": place.why if place else None,
        "lat": float(place.lat) if place else None, "lon": float(place.lon) if place else None,
    }


class Store:
    """The event store.  ``Store()`` opens (and creates) ``settings.DEFAULT_DB``.

    Parameters
    ----------
    url
        A SQLAlchemy URL or a bare path to a SQLite file; ``None`` means the default store.
    """

    def __init__(self, url: str | Path | None = None):
        self.url = database_url(url)
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = sa.create_engine(self.url, future=True)
            if self.engine.dialect.name == "sqlite":
                sa.event.listen(self.engine, "connect", _sqlite_pragmas)
                sa.event.listen(self.engine, "begin", _sqlite_begin)
            self._create_schema_retrying()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot open the store {self.url}: {exc}") from exc

    def _create_schema_retrying(self, attempts: int = 5) -> None:
        """:meth:`_create_schema`, tried again when SQLite reports the file locked.

        Two ``geo build`` runs opening a new file at once can meet while one of them
        switches it to WAL: that switch answers "database is locked" at once instead
        of waiting for ``busy_timeout``.  A short back-off and a second try open it."""
        for attempt in range(attempts):
            try:
                self._create_schema()
                return
            except sa.exc.OperationalError as exc:
                if "locked" not in str(exc).lower() or attempt == attempts - 1:
                    raise
                log.info("store %s locked while opening; retrying", self.url)
                self.engine.dispose()
                time.sleep(0.2 * (attempt + 1))

    def _create_schema(self) -> None:
        """Tables created inside one write transaction, so two processes opening a new store do not race."""
        with self._writing() as conn:
            metadata.create_all(conn)
            if conn.execute(sa.select(state.c.id)).first() is None:
                conn.execute(sa.insert(state).values(id=1, generation=0))

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        """A write transaction.  On SQLite it is ``BEGIN IMMEDIATE``: the write lock is taken
        before the first read, so "is this hash stored?" and the insert see the same state
        even when a second ``geo build`` writes to the same file."""
        with self.engine.connect() as conn:
            conn.execution_options(geo_write=True)
            with conn.begin():
                yield conn

    # -- lifecycle --------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------
    def ingest(
        self, paths: Iterable[str | Path], *, workers: int = 1, max_bytes: int | None = None,
        progress: Progress | None = None, reextract: bool = False,
    ) -> IngestReport:
        """Extract files/folders and store each document in its own transaction.

        Files whose raw bytes are already stored under the same path are skipped
        before extraction; a known file at a new path (the old one gone) is a
        rename.  Everything else goes through :func:`geo.pipeline.extract`.

        ``reextract=True`` runs extraction again on documents already stored and
        replaces their events (each in one transaction): the way to refresh a
        store after the extractor improved, without duplicating anything.
        """
        from geo import corpus, pipeline

        started = time.perf_counter()
        report = IngestReport()
        paths = [str(p) for p in paths]
        with self._writing() as conn:
            run_id = conn.execute(sa.insert(runs).values(started_at=_now(), paths=json.dumps(paths)))\
                .inserted_primary_key[0]
        files, expand_problems = corpus.expand_paths(paths)
        report.files = len(files) + len(expand_problems)
        done = 0
        for problem in expand_problems:
            self._record_failure(run_id, report, (problem,))
            done += 1
            _tick(progress, done, report.files, problem.path)
        todo = []
        for f in files:
            if not reextract and self._skip_known(f, report, max_bytes):
                done += 1
                _tick(progress, done, report.files, str(f))
            else:
                todo.append(f)
        if todo:
            for result in pipeline.extract(todo, workers=workers, max_bytes=max_bytes):
                self._store_result(run_id, result, report, reextract)
                done += 1
                _tick(progress, done, report.files, result.path)
        report.seconds = time.perf_counter() - started
        with self._writing() as conn:
            conn.execute(sa.update(runs).where(runs.c.id == run_id).values(
                finished_at=_now(), report=json.dumps(report.as_dict())))
        return report

    def _skip_known(self, path: str | Path, report: IngestReport, max_bytes: int | None) -> bool:
        """True if the file's bytes are already stored (unchanged or renamed): no extraction needed."""
        from geo import settings

        p = Path(path)
        try:
            size = p.stat().st_size
            if size > (max_bytes or settings.MAX_FILE_BYTES):
                return False  # let the corpus reader report it
            sha = file_sha256(p)
        except OSError:
            return False  # unreadable: the corpus reader reports it with its reason
        abspath = str(p.resolve())
        with self._writing() as conn:
            row = conn.execute(sa.select(documents.c.id, documents.c.path, documents.c.name)
                               .where(documents.c.file_sha256 == sha)).first()
            if row is None:
                return False
            if row.path == abspath or Path(row.path).exists():
                report.unchanged += 1
                return True
            self._rename(conn, row, abspath, p.name)
        report.renamed += 1
        return True

    def _rename(self, conn: sa.Connection, row: Any, abspath: str, name: str) -> None:
        """Same bytes at a new path: move the document, keep its events (their ``doc`` follows)."""
        log.info("renamed: %s -> %s", row.path, abspath)
        _bump(conn)
        conn.execute(sa.update(documents).where(documents.c.id == row.id).values(path=abspath, name=name))
        conn.execute(sa.update(events).where(events.c.document_id == row.id, events.c.doc == row.name)
                     .values(doc=name))
        pks = sa.select(events.c.id).where(events.c.document_id == row.id)
        conn.execute(sa.update(mentions).where(mentions.c.event_pk.in_(pks), mentions.c.doc == row.name)
                     .values(doc=name))

    def _record_failure(self, run_id: int, report: IngestReport, found: Iterable[Problem]) -> None:
        found = list(found)
        report.failed += 1
        report.problems.extend(found)
        with self._writing() as conn:
            _insert_problems(conn, run_id, found)

    def _store_result(self, run_id: int, result: DocResult, report: IngestReport, reextract: bool = False) -> None:
        """One document in one transaction: add, replace, rename or leave unchanged."""
        if result.document is None or any(p.stage == "extract" for p in result.problems):
            # Not stored when extraction failed: the next run retries it instead of calling it unchanged.
            self._record_failure(run_id, report, result.problems)
            return
        report.problems.extend(result.problems)
        try:
            raw_sha, size = file_sha256(result.document.path), Path(result.document.path).stat().st_size
        except OSError:
            raw_sha, size = None, len(result.document.text)
        for attempt in (1, 2):
            try:
                with self._writing() as conn:
                    _insert_problems(conn, run_id, result.problems)
                    outcome = self._write_document(conn, result, raw_sha, size, reextract)
                break
            except sa.exc.IntegrityError as exc:
                # Another writer (a second ``geo build``, the app) stored the same document or event id
                # between our read and our write; the rolled-back transaction is simply redone once.
                if attempt == 2:
                    raise StoreError(f"{result.path}: cannot store ({exc.orig})") from exc
                log.info("retrying %s after a concurrent write: %s", result.path, exc.orig)
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome in ("added", "replaced", "reextracted"):
            report.articles += len(result.articles)
            report.events += len(result.events)
            report.by_type.update(e.type for e in result.events)

    def _write_document(self, conn: sa.Connection, result: DocResult, raw_sha: str | None, size: int,
                        reextract: bool) -> str:
        """Write one extracted document inside ``conn``'s transaction; returns what happened."""
        doc = result.document
        abspath = str(Path(doc.path).resolve())
        same = conn.execute(sa.select(documents.c.id, documents.c.path, documents.c.name)
                            .where(documents.c.sha256 == doc.sha256)).first()
        if same is not None and reextract:
            conn.execute(sa.delete(documents).where(documents.c.id == same.id))
        elif same is not None:
            if same.path == abspath or Path(same.path).exists():
                return "unchanged"
            self._rename(conn, same, abspath, doc.name)
            return "renamed"
        old = conn.execute(sa.select(documents.c.id).where(
            documents.c.path == abspath, documents.c.kind != "import")).first()
        if old is not None:  # same path, new content: the old version goes, with its events (cascade)
            conn.execute(sa.delete(documents).where(documents.c.id == old.id))
        _bump(conn)
        dateline = next((a.dateline for a in result.articles if a.dateline), None)
        document_id = conn.execute(sa.insert(documents).values(
            sha256=doc.sha256, file_sha256=raw_sha, path=abspath, name=doc.name, title=doc.title,
            source=doc.source, url=doc.url, dateline=dateline.iso if dateline else None, kind=doc.kind,
            size=size, ingested_at=_now(),
        )).inserted_primary_key[0]
        if result.articles:
            conn.execute(sa.insert(articles), [{
                "document_id": document_id, "idx": a.index, "title": a.title, "start": a.start, "end": a.end,
                "dateline": a.dateline.iso if a.dateline else None,
                "dateline_precision": a.dateline.precision if a.dateline else None,
                "url": a.url, "source": a.source,
            } for a in result.articles])
        self._insert_events(conn, document_id, doc.sha256, result.events, "text")
        if same is not None:
            return "reextracted"
        return "replaced" if old is not None else "added"

    def _insert_events(self, conn: sa.Connection, document_id: int, key: str, found: Iterable[Event],
                       source: str) -> int:
        """Insert events with their actors and mentions; an id already taken gets the document's hash."""
        found = list(found)
        rows = [_event_row(e, document_id, source) for e in found]
        if not rows:
            return 0
        ids = [r["event_id"] for r in rows]
        taken = set()
        for i in range(0, len(ids), 500):
            taken.update(conn.execute(sa.select(events.c.event_id).where(events.c.event_id.in_(ids[i:i + 500])))
                         .scalars())
        seen: set[str] = set()
        for r in rows:
            if r["event_id"] in taken or r["event_id"] in seen:
                r["event_id"] = f"{r['event_id']}@{key[:10]}"
            seen.add(r["event_id"])
        pks = conn.execute(sa.insert(events).returning(events.c.id, sort_by_parameter_order=True), rows).scalars().all()
        actor_rows = [{"event_pk": pk, "position": i, "name": name}
                      for pk, e in zip(pks, found, strict=True) for i, name in enumerate(e.actors)]
        mention_rows = [{"event_pk": pk, "doc": m.doc, "article": m.article, "start": m.start, "end": m.end,
                         "quote": m.quote} for pk, e in zip(pks, found, strict=True) for m in e.mentions]
        if actor_rows:
            conn.execute(sa.insert(event_actors), actor_rows)
        if mention_rows:
            conn.execute(sa.insert(mentions), mention_rows)
        return len(rows)

    def add_events(self, found: Iterable[Event], *, source: str, sha256: str | None = None,
                   path: str | None = None) -> int:
        """Store imported or synthetic events under one import document; returns how many were added.

        The import document is keyed by ``sha256`` (the import file's hash) or,
        if not given, by a hash of the events themselves, so importing the same
        thing twice adds nothing.
        """
        found = list(found)
        if sha256 is None:
            h = hashlib.sha256(source.encode())
            for e in found:
                h.update(repr(e).encode())
            sha256 = h.hexdigest()
        name = Path(path).name if path else source
        with self._writing() as conn:
            if conn.execute(sa.select(documents.c.id).where(documents.c.sha256 == sha256)).first():
                return 0
            document_id = conn.execute(sa.insert(documents).values(
                sha256=sha256, file_sha256=sha256, path=str(Path(path).resolve()) if path else f"import:{source}",
                name=name, title=name, source=source, kind="import", ingested_at=_now(),
            )).inserted_primary_key[0]
            _bump(conn)
            return self._insert_events(conn, document_id, sha256, found, source)

    # -- reading ---------------------------------------------------------------
    def events_frame(self) -> pd.DataFrame:
        """Every event as one row (see module ``geo.exports`` for the columns)."""
        from geo.exports import events_frame

        return events_frame(self)

    def events(self, event_ids: Iterable[str] | None = None) -> list[Event]:
        """Events rebuilt as :class:`~geo.records.Event` records (for the GeoJSON contract)."""
        from geo.exports import event_records

        return event_records(self, None if event_ids is None else set(event_ids))

    def mentions(self, event_id: str) -> list[dict[str, Any]]:
        """The provenance of one event: every supporting sentence with its offsets."""
        query = (sa.select(mentions.c.doc, mentions.c.article, mentions.c.start, mentions.c.end, mentions.c.quote)
                 .join(events, events.c.id == mentions.c.event_pk).where(events.c.event_id == event_id)
                 .order_by(mentions.c.id))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def counts(self) -> dict[str, Any]:
        """Numbers of documents, articles and events, and events by type."""
        with self.engine.connect() as conn:
            count = lambda t: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()  # noqa: E731
            by_type = dict(conn.execute(sa.select(events.c.type, sa.func.count()).group_by(events.c.type)).all())
            return {"documents": count(documents), "articles": count(articles), "events": count(events),
                    "by_type": by_type}

    def version(self) -> int:
        """A number that changes with every write (new, replaced or renamed document, import).

        Why not the counts: an edited file can replace its events with as many
        new ones, and a rename changes no count; a cache keyed by this never goes stale.
        """
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(state.c.generation).where(state.c.id == 1)).scalar() or 0)

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(events.c.id).limit(1)).first() is None

    def last_problems(self) -> list[Problem]:
        """Problems of the latest run, for the app's "run report" panel."""
        with self.engine.connect() as conn:
            run_id = conn.execute(sa.select(sa.func.max(runs.c.id))).scalar()
            rows = conn.execute(sa.select(problems).where(problems.c.run_id == run_id).order_by(problems.c.id))
            return [Problem(r.path, r.stage, r.reason) for r in rows]


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL (readers never block the writer), foreign keys (cascades), NORMAL sync (safe against kills).

    ``isolation_level = None`` stops the sqlite3 module from issuing its own BEGIN
    (it only does so before DML, leaving reads outside the transaction);
    :func:`_sqlite_begin` issues it instead.
    """
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")  # first: the next pragma may wait for another process
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("geo_write") else "BEGIN")


def _bump(conn: sa.Connection) -> None:
    conn.execute(sa.update(state).where(state.c.id == 1).values(generation=state.c.generation + 1))


def _insert_problems(conn: sa.Connection, run_id: int, found: Iterable[Problem]) -> None:
    rows = [{"run_id": run_id, "path": p.path, "stage": p.stage, "reason": p.reason} for p in found]
    if rows:
        conn.execute(sa.insert(problems), rows)


def _tick(progress: Progress | None, done: int, total: int, path: str) -> None:
    if progress is not None:
        progress(done, total, path)


def cli_build(args: Any) -> int:
    """``geo build [PATH...]``: ingest into the store; exit 2 if no document could be processed."""
    from geo import settings
    from geo.pipeline import print_problems

    paths = args.paths or [str(settings.CORPUS_DIR)]
    show = not args.quiet and sys.stderr.isatty()
    bar = None

    def progress(done: int, total: int, path: str) -> None:
        nonlocal bar
        if not show:
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)
        bar.update(done - bar.n)
        bar.set_postfix_str(Path(path).name[-30:], refresh=False)

    try:
        with Store(args.db) as store:
            report = store.ingest(paths, workers=args.workers, max_bytes=args.max_bytes, progress=progress,
                                  reextract=getattr(args, "reextract", False))
    except (StoreError, sa.exc.SQLAlchemyError) as exc:
        if bar is not None:
            bar.close()
        print(f"error: the store failed: {exc}", file=sys.stderr)
        return 2
    if bar is not None:
        bar.close()
    print_problems(report.problems)
    print(report.summary(), file=sys.stderr)
    return 0 if report.processed else 2


def cli_export(args: Any) -> int:
    from geo.exports import cli_export as run

    return run(args)


def cli_import(args: Any) -> int:
    from geo.acled import cli_import as run

    return run(args)

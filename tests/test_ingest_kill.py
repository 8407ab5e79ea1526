"""Crash safety: ``geo build`` killed with SIGKILL ten times, then finished, equals a clean run.

Every document commits in one transaction, so after each kill the store must hold
only complete documents (each identical to the clean run's), and the final store
must equal the clean one: no partial document, no duplicate.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.store import Store

ROOT = Path(__file__).resolve().parents[1]
CITIES = ["Basra", "Mosul", "Kirkuk", "Karbala", "Najaf", "Erbil", "Beirut", "Aleppo", "Sanaa", "Tikrit"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
SENTENCES = [
    "Several hundred people rallied outside the governor's office in {city} on {day}, demanding jobs.",
    "A roadside bomb struck a logistics convoy near {city} late on {day}, wounding {n} contractors, police said.",
    "Border guards seized a lorry loaded with ammunition at a crossing near {city}, officials said on {day}.",
    "The provincial council in {city} elected a new governor on {day} after weeks of talks.",
    "Gunmen on motorcycles shot dead a local activist in {city} on {day}.",
    "Students marched through central {city} on {day} to protest against rising prices.",
]


def write_corpus(folder: Path, n: int, seed: int = 7) -> None:
    """``n`` small wire-style articles (sentences written for this test), each with a unique line."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        city = rng.choice(CITIES)
        lines = [f"{city.upper()}, {rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2016, 2024)} -"]
        for template in rng.sample(SENTENCES, 2):
            lines.append(template.format(city=rng.choice(CITIES), day=rng.choice(DAYS), n=rng.randint(2, 9)))
        lines.append(f"Reference {i:04d}.")
        (folder / f"wire_{i:04d}.txt").write_text(" ".join(lines) + "\n", encoding="utf-8")


def dump(db: Path) -> dict[str, tuple]:
    """Canonical content per document (by hash): its row, articles, events with actors and mentions."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out: dict[str, tuple] = {}
        docs = con.execute("SELECT id, sha256, path, name, title, source, url, dateline, kind, size FROM documents")
        for doc_id, sha, *fields in docs.fetchall():
            arts = con.execute('SELECT idx, title, start, "end", dateline, dateline_precision FROM articles '
                               "WHERE document_id = ? ORDER BY idx", (doc_id,)).fetchall()
            events = []
            rows = con.execute("SELECT * FROM events WHERE document_id = ? ORDER BY event_id", (doc_id,))
            names = [d[0] for d in rows.description]
            for row in rows.fetchall():
                record = dict(zip(names, row, strict=True))
                pk = record.pop("id")
                record.pop("document_id")
                actors = con.execute("SELECT name FROM event_actors WHERE event_pk = ? ORDER BY position",
                                     (pk,)).fetchall()
                mentions = con.execute('SELECT doc, article, start, "end", quote FROM mentions WHERE event_pk = ? '
                                       "ORDER BY id", (pk,)).fetchall()
                events.append((tuple(sorted(record.items())), tuple(actors), tuple(mentions)))
            assert sha not in out, f"duplicate document {sha}"
            out[sha] = (tuple(fields), tuple(arts), tuple(events))
        return out
    finally:
        con.close()


def first_difference(got: dict[str, tuple], want: dict[str, tuple]) -> str:
    """A short description of the first document that differs (for a readable failure)."""
    for sha in sorted(want):
        if got.get(sha) != want[sha]:
            a, b = got.get(sha, ((), (), ())), want[sha]
            for part, x, y in zip(("document", "articles", "events"), a, b, strict=True):
                if x != y:
                    extra, missing = set(x) - set(y), set(y) - set(x)
                    return f"{b[0][1]}: {part} differ; extra {sorted(extra)[:2]}; missing {sorted(missing)[:2]}"
    return "no difference"


def committed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def build(folder: Path, db: Path, log: Path) -> subprocess.Popen:
    """``geo build`` in its own process; output goes to a file (a full pipe would block it)."""
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "geo", "build", str(folder), "--db", str(db), "--quiet"],
                                cwd=ROOT, stdout=out, stderr=out)


@pytest.mark.slow
def test_sigkill_ten_times_then_finish_equals_a_clean_run(tmp_path, nlp, capsys):
    folder = tmp_path / "corpus"
    write_corpus(folder, 300)
    clean_db = tmp_path / "clean.sqlite"
    started = time.perf_counter()
    with Store(clean_db) as store:
        report = store.ingest([folder])
    assert report.added == 300 and not report.problems, report.problems
    clean = dump(clean_db)
    assert sum(len(doc[2]) for doc in clean.values()) > 100  # the articles really produce events

    seed = int(os.environ.get("KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    db = tmp_path / "killed.sqlite"
    log = tmp_path / "build.log"
    history = []
    for i in range(10):
        before = committed(db)
        proc = build(folder, db, log)
        t0 = time.perf_counter()
        if i % 3 == 2:  # some kills at a purely random moment, likely while loading the model
            time.sleep(rng.uniform(0.05, 1.0))
        else:  # most after a random number of new commits, at a random moment of the next document
            target = before + rng.randint(1, 12)
            while committed(db) < target and proc.poll() is None and time.perf_counter() - t0 < 60:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.03))
        if proc.poll() is not None:
            pytest.fail(f"geo build finished before kill {i + 1} (seed {seed}): make the corpus bigger")
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        partial = dump(db) if db.exists() else {}
        for sha, content in partial.items():  # only whole documents, each identical to the clean run's
            assert content == clean[sha], (
                f"after kill {i + 1} (seed {seed}): " + first_difference({sha: content}, {sha: clean[sha]}))
        history.append(len(partial))
    assert 0 < history[-1] < 300, history
    final = build(folder, db, log)
    assert final.wait(timeout=300) == 0, log.read_text(encoding="utf-8", errors="replace")[-2000:]
    final_dump = dump(db)
    assert final_dump.keys() == clean.keys(), "missing or extra documents after the final run"
    assert final_dump == clean, first_difference(final_dump, clean)
    with capsys.disabled():
        print(f"\nkill test: seed {seed}, documents committed after each kill {history}, "
              f"{time.perf_counter() - started:.1f} s in all")

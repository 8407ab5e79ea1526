"""The event store: idempotent ingest, edits and renames, bad inputs, the frame the app reads."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from geo.cli import main
from geo.records import Event, Mention, Place
from geo.store import Store

ROOT = Path(__file__).resolve().parents[1]
FRAME_COLUMNS = [
    "event_id", "doc", "article", "type", "date", "year", "date_precision", "place", "place_resolved",
    "country", "precision", "geonameid", "actors", "fatalities", "quote", "start", "end", "confidence",
    "why", "source", "lat", "lon",
]


def synthetic_events(n: int) -> list[Event]:
    """Invented events (our own sentences), enough to exercise every column."""
    kinds = ["protest", "militia_activity", "border_incident", "political"]
    found = []
    for i in range(n):
        quote = f"Protesters gathered outside the governor's office in town number {i}."
        place = Place(f"Town {i}", f"Town {i}", 33.0 + i / 100, 44.0 + i / 100, "IQ", 1, 100_000 + i) if i % 5 else None
        found.append(Event(
            id=f"syn-{i}", doc="synthetic.txt", article=0, article_title="Synthetic wire" if i % 2 else None,
            type=kinds[i % 4], trigger="gathered", quote=quote, start=i * 100, end=i * 100 + len(quote),
            place=place, date=f"20{10 + i % 10}-03" if i % 3 else None, date_precision="month" if i % 3 else None,
            actors=("Badr Organization", "Kataib Hezbollah")[: i % 3], fatalities=i % 4 or None, confidence=0.6,
            mentions=(Mention("synthetic.txt", 0, i * 100, i * 100 + len(quote), quote),), why="invented for a test",
        ))
    return found


def test_add_events_is_idempotent_and_frame_has_the_contract_columns(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        assert store.is_empty()
        assert store.add_events(synthetic_events(40), source="synthetic") == 40
        assert store.add_events(synthetic_events(40), source="synthetic") == 0
        frame = store.events_frame()
        assert list(frame.columns[: len(FRAME_COLUMNS)]) == FRAME_COLUMNS
        assert len(frame) == 40 and not store.is_empty()
        assert str(frame["year"].dtype) == "Int64"
        row = frame.set_index("event_id").loc["syn-2"]
        assert row["actors"] == ["Badr Organization", "Kataib Hezbollah"] and row["source"] == "synthetic"
        assert frame.set_index("event_id").loc["syn-0", "lat"] != frame.set_index("event_id").loc["syn-0", "lat"]
        assert store.mentions("syn-3")[0]["quote"].startswith("Protesters gathered")
        assert store.counts()["by_type"] == {"protest": 10, "militia_activity": 10, "border_incident": 10,
                                             "political": 10}


# -- ingest: real files through the real pipeline ------------------------------------------------------------------

WIRE = (
    "KIRKUK, May 4, 2022 - Hundreds of oil workers rallied outside the North Oil Company offices in Kirkuk "
    "on Wednesday, demanding permanent contracts.\n"
)
EDIT = "Two days later, gunmen shot dead a union organiser in Kirkuk, police said.\n"
OTHER = (
    "BASRA, June 9, 2021 - A roadside bomb struck a convoy carrying supplies for foreign troops near Basra "
    "on Tuesday, wounding two drivers.\n"
)


def frame_of(store: Store):
    return store.events_frame().sort_values("event_id").reset_index(drop=True)


def test_ingesting_the_corpus_twice_leaves_the_same_counts(corpus_dir, tmp_path, nlp):
    with Store(tmp_path / "s.sqlite") as store:
        first = store.ingest([corpus_dir])
        counts = store.counts()
        assert first.added == len(list(corpus_dir.iterdir())) and counts["documents"] == first.added
        assert counts["events"] == first.events > 0
        second = store.ingest([corpus_dir])
        assert (second.added, second.unchanged, second.replaced, second.events) == (0, first.added, 0, 0)
        assert store.counts() == counts


def test_edited_file_replaces_only_its_own_events(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kirkuk.txt").write_text(WIRE, encoding="utf-8")
    (folder / "basra.txt").write_text(OTHER, encoding="utf-8")
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest([folder])
        before = frame_of(store)
        basra_before = before[before["doc"] == "basra.txt"]
        (folder / "kirkuk.txt").write_text(WIRE + EDIT, encoding="utf-8")
        version = store.version()
        report = store.ingest([folder])
        assert store.version() != version  # the app's caches see the change
        assert (report.added, report.replaced, report.unchanged) == (0, 1, 1)
        after = frame_of(store)
        assert store.counts()["documents"] == 2
        basra_after = after[after["doc"] == "basra.txt"]
        assert basra_after["event_id"].tolist() == basra_before["event_id"].tolist()
        kirkuk = after[after["doc"] == "kirkuk.txt"]
        assert kirkuk["quote"].str.contains("union organiser").any()
        assert not after["event_id"].duplicated().any()


def test_renamed_file_keeps_its_events_and_a_copy_adds_nothing(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kirkuk.txt").write_text(WIRE, encoding="utf-8")
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest([folder])
        before = frame_of(store)
        (folder / "kirkuk.txt").rename(folder / "kirkuk-2022.txt")
        version = store.version()
        report = store.ingest([folder])
        assert store.version() != version
        assert (report.renamed, report.added, report.events) == (1, 0, 0)
        after = frame_of(store)
        assert after["event_id"].tolist() == before["event_id"].tolist()
        assert set(after["doc"]) == {"kirkuk-2022.txt"}
        (folder / "copy.txt").write_text(WIRE, encoding="utf-8")
        version = store.version()
        report = store.ingest([folder])
        assert store.version() == version
        assert (report.added, report.unchanged) == (0, 2)
        assert store.counts()["documents"] == 1


def test_reextract_refreshes_events_without_duplicates(tmp_path, nlp, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kirkuk.txt").write_text(WIRE, encoding="utf-8")
    (folder / "basra.txt").write_text(OTHER, encoding="utf-8")
    db = str(tmp_path / "s.sqlite")
    assert main(["build", str(folder), "--db", db, "--quiet"]) == 0
    with Store(db) as store:
        before = frame_of(store)
        store.add_events(synthetic_events(3), source="synthetic")  # an import is left alone
    assert main(["build", str(folder), "--db", db, "--quiet", "--reextract"]) == 0
    assert "2 re-extracted" in capsys.readouterr().err
    with Store(db) as store:
        after = frame_of(store)
        assert store.counts()["documents"] == 3
    text = after[after["source"] == "text"].reset_index(drop=True)
    assert text["event_id"].tolist() == before["event_id"].tolist()
    assert (after["source"] == "synthetic").sum() == 3


# -- bad input: every file reported with its reason, the batch goes on --------------------------------------------

def bad_inputs(folder: Path) -> Path:
    """One good article beside every kind of bad input the issue names."""
    folder.mkdir()
    (folder / "good.txt").write_text(WIRE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "arabic.txt").write_bytes("تظاهر مئات الطلاب أمام مبنى المحافظة في البصرة".encode("cp1256"))
    with open(folder / "huge.txt", "wb") as fh:
        fh.truncate(30 * 1024 * 1024)  # sparse: larger than the default limit, costs no disk
    (folder / "page.html").write_text(
        "<html><head><title>Basra rally</title><script>var note = 'Rockets destroyed the airport';</script></head>"
        f"<body><p>{OTHER}</p><script>document.write('Militants seized the port')</script></body></html>",
        encoding="utf-8",
    )
    (folder / "lines.jsonl").write_text(
        json.dumps({"text": WIRE, "title": "Oil workers rally"}) + "\n{this is not json\n"
        + json.dumps({"text": OTHER, "title": "Convoy hit"}) + "\n",
        encoding="utf-8",
    )
    locked = folder / "locked.txt"
    locked.write_text(OTHER, encoding="utf-8")
    locked.chmod(0)
    return folder


def geo_build(*args: str) -> subprocess.CompletedProcess:
    """``geo build`` as a user runs it; as root, without the capability that ignores file permissions."""
    cmd = [sys.executable, "-m", "geo", "build", "--quiet", *args]
    if os.geteuid() == 0:
        drop = "-dac_override,-dac_read_search"
        cmd = ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", *cmd]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_build_reports_every_bad_input_and_goes_on(tmp_path):
    folder = bad_inputs(tmp_path / "in")
    db = tmp_path / "s.sqlite"
    done = geo_build(str(folder), "--db", str(db), "--workers", "2")  # problems travel back from workers too
    assert done.returncode == 0, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    for name in ("empty.txt", "binary.txt", "arabic.txt", "huge.txt", "locked.txt"):
        assert sum(name in line for line in errors) == 1, (name, errors)
    assert any("lines.jsonl" in line and "line 2" in line for line in errors), errors
    assert not any(name in line for line in errors for name in ("good.txt", "page.html"))
    assert "documents: 3 new" in done.stderr and "5 failed" in done.stderr
    with Store(db) as store:
        frame = store.events_frame()
        assert {"good.txt", "page.html", "lines.jsonl"} <= set(frame["doc"])
        assert not frame["quote"].str.contains("Rockets destroyed|Militants seized").any()  # scripts dropped
        recorded = {Path(p.path).name for p in store.last_problems()}
        assert {"empty.txt", "binary.txt", "arabic.txt", "huge.txt", "locked.txt", "lines.jsonl"} <= recorded
    small = geo_build(str(folder / "good.txt"), "--db", str(tmp_path / "t.sqlite"), "--max-bytes", "50")
    assert small.returncode == 2
    assert [line for line in small.stderr.splitlines() if line.startswith("error:")][0].startswith(
        f"error: {folder / 'good.txt'}")


def test_nothing_processed_exits_2_and_unchanged_exits_0(tmp_path, nlp, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(WIRE, encoding="utf-8")
    db = str(tmp_path / "s.sqlite")
    assert main(["build", str(tmp_path / "empty.txt"), "--db", db, "--quiet"]) == 2
    assert main(["build", str(tmp_path / "good.txt"), "--db", db, "--quiet"]) == 0
    assert main(["build", str(tmp_path / "good.txt"), "--db", db, "--quiet"]) == 0
    assert "0 new, 1 unchanged" in capsys.readouterr().err


def test_a_folder_of_1000_tiny_files_completes(tmp_path, nlp, capsys):
    folder = tmp_path / "tiny"
    folder.mkdir()
    for i in range(1000):
        (folder / f"note_{i:04d}.txt").write_text(f"Note {i}: students marched in Mosul on Monday.\n",
                                                    encoding="utf-8")
    started = time.perf_counter()
    with Store(tmp_path / "s.sqlite") as store:
        report = store.ingest([folder])
        assert report.added == 1000 and not report.problems
        assert store.counts()["documents"] == 1000
    with capsys.disabled():
        print(f"\n1,000 tiny files ingested in {time.perf_counter() - started:.1f} s")


def test_two_builds_at_once_store_each_document_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(60):
        (folder / f"n_{i:02d}.txt").write_text(f"Item {i}: students marched in Erbil on Monday.\n", encoding="utf-8")
    db = tmp_path / "s.sqlite"
    cmd = [sys.executable, "-m", "geo", "build", str(folder), "--db", str(db), "--quiet"]
    runs = [subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [r.communicate(timeout=300)[1] for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    with Store(db) as store:
        assert store.counts()["documents"] == 60
        assert len(store.events_frame()) == 60  # one protest per note, none twice


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, so ``geo build`` draws its progress bar."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_and_quiet_turns_it_off(tmp_path, nlp, monkeypatch):
    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    for quiet, db in ((False, "s.sqlite"), (True, "t.sqlite")):
        err = Terminal()
        monkeypatch.setattr(sys, "stderr", err)
        assert main(["build", str(tmp_path), "--db", str(tmp_path / db)] + (["--quiet"] if quiet else [])) == 0
        text = err.getvalue()
        assert "documents: 2 new" in text
        assert ("2/2" in text and "file/s" in text) is not quiet, text


def test_a_store_locked_while_another_build_creates_it_is_opened_on_a_second_try(tmp_path, monkeypatch):
    import sqlalchemy as sa

    from geo import store as store_mod

    real = store_mod.Store._create_schema
    calls = []

    def locked_once(self):
        calls.append(1)
        if len(calls) == 1:
            raise sa.exc.OperationalError("PRAGMA journal_mode=WAL", {}, Exception("database is locked"))
        return real(self)

    monkeypatch.setattr(store_mod.Store, "_create_schema", locked_once)
    s = store_mod.Store(tmp_path / "s.sqlite")
    assert len(calls) == 2 and s.engine is not None

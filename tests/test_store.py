"""The event store: idempotent ingest, edits and renames, bad inputs, the frame the app reads."""
from __future__ import annotations

from geo.records import Event, Mention, Place
from geo.store import Store

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

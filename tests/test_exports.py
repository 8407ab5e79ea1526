"""Formats out (GeoJSON, GeoPackage, GeoParquet, ACLED-like CSV) and in (ACLED CSV, GeoJSON)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import pytest

from geo.acled import import_file, read_acled
from geo.cli import main
from geo.exports import ACLED_COLUMNS
from geo.geojson import PROPERTIES
from geo.records import Event, Mention, Place
from geo.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "acled" / "acled_sample.csv"


def text_events() -> list[Event]:
    """Three events as the text pipeline would make them (sentences written for this test)."""
    quotes = [
        ("protest", "Hundreds of students marched on the provincial council in Basra on Sunday.", 30.51, 47.78, 2019),
        ("militia_activity", "A roadside bomb hit a supply convoy south of Baghdad.", 33.10, 44.35, 2020),
        ("political", "The new cabinet won a confidence vote in parliament.", None, None, 2021),
    ]
    found = []
    for i, (kind, quote, lat, lon, year) in enumerate(quotes):
        place = Place("Basra", "Basrah", lat, lon, "IQ", 1, 99532) if lat is not None else None
        found.append(Event(
            id=f"wire-{i}", doc="wire.txt", article=0, article_title="Wire roundup", type=kind, trigger="marched",
            quote=quote, start=i * 80, end=i * 80 + len(quote), place=place, date=str(year), date_precision="year",
            actors=("Kataib Hezbollah",) if kind == "militia_activity" else (), fatalities=None, confidence=0.7,
            mentions=(Mention("wire.txt", 0, i * 80, i * 80 + len(quote), quote),), why="test", source="text",
        ))
    return found


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "store.sqlite") as s:
        s.add_events(text_events(), source="text")
        import_file(s, FIXTURE)
        yield s


def test_acled_fixture_maps_types_and_skips_with_reasons():
    found = read_acled(FIXTURE)
    types = {e.id: e.type for e in found.events}
    assert types == {
        "acled-IRQ90001": "protest", "acled-IRQ90002": "protest", "acled-IRQ90003": "militia_activity",
        "acled-SYR90004": "border_incident", "acled-IRQ90005": "militia_activity", "acled-IRQ90007": "political",
        "acled-IRQ90008": "border_incident", "acled-LBN90009": "border_incident", "acled-YEM90011": "militia_activity",
    }
    reasons = dict(found.skipped)
    assert "skip" in reasons[6] and "Febtober" in reasons[10] and "no mapping" in reasons[12]
    by_id = {e.id: e for e in found.events}
    syria = by_id["acled-SYR90004"]
    assert (syria.date, syria.date_precision, syria.fatalities, syria.place.country) == ("2020-11", "month", 3, "SY")
    assert "border" in syria.why and syria.source == "acled"
    assert by_id["acled-IRQ90002"].date == "2022-06-18"  # "18 June 2022" style
    assert by_id["acled-YEM90011"].actors[0] == "Houthis"  # ACLED's "Ansar Allah" through the registry
    raw = FIXTURE.read_text(encoding="utf-8")
    for e in found.events:  # provenance: the quote sits at its offsets in the CSV (quotes doubled there)
        assert raw[e.start:e.end].replace('""', '"') == e.quote


def test_import_is_idempotent_and_sits_beside_text_events(store, capsys):
    assert main(["import", str(FIXTURE), "--db", store.url]) == 0
    assert "already imported" in capsys.readouterr().err
    frame = store.events_frame()
    assert sorted(frame["source"].unique()) == ["acled", "text"]
    assert len(frame) == 3 + 9
    assert store.mentions("acled-IRQ90003")[0]["quote"].startswith("On 7 July 2021")


def test_import_rejects_a_file_that_is_not_acled(tmp_path, capsys):
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["import", str(bad), "--db", str(tmp_path / "s.sqlite")]) == 2
    assert "missing column" in capsys.readouterr().err


def test_csv_has_the_acled_like_header(store, tmp_path):
    out = tmp_path / "events.csv"
    assert main(["export", "--format", "csv", "--db", store.url, "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0].keys()) == list(ACLED_COLUMNS)
    assert len(rows) == 12
    convoy = next(r for r in rows if r["event_id"] == "wire-1")
    assert convoy["actor1"] == "Kataib Hezbollah" and convoy["event_type"] == "militia_activity"
    assert convoy["notes"].startswith("A roadside bomb")


def test_geopackage_reads_back_with_geopandas(store, tmp_path):
    out = tmp_path / "events.gpkg"
    assert main(["export", "--format", "gpkg", "--db", store.url, "--out", str(out)]) == 0
    gdf = gpd.read_file(out, layer="events")
    assert len(gdf) == 12 and gdf.crs.to_epsg() == 4326
    row = gdf.set_index("event_id").loc["acled-IRQ90003"]
    assert (round(row.geometry.x, 4), round(row.geometry.y, 4)) == (42.4414, 33.8006)
    assert row["type"] == "militia_activity" and "Kataib Hezbollah" in row["actors"]


def test_geoparquet_reads_back(store, tmp_path):
    out = tmp_path / "events.parquet"
    assert main(["export", "--format", "parquet", "--db", store.url, "--out", str(out)]) == 0
    gdf = gpd.read_parquet(out)
    assert len(gdf) == 12 and gdf.crs.to_epsg() == 4326


def test_geojson_follows_the_contract_and_reimports(store, tmp_path):
    out = tmp_path / "events.geojson"
    assert main(["export", "--format", "geojson", "--db", store.url, "--out", str(out)]) == 0
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 11  # the unlocated political event has no point
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "Point"
        assert tuple(feature["properties"]) == PROPERTIES
        lon, lat = feature["geometry"]["coordinates"]
        assert 25 <= lon <= 63 and 12 <= lat <= 42
    with Store(tmp_path / "other.sqlite") as other:
        found, added = import_file(other, out)
        assert added == 11 and not found.skipped
        assert set(other.events_frame()["source"]) == {"acled", "import:events.geojson"}


@pytest.mark.parametrize(("args", "expected"), [
    (["--year", "2021-2022"], {"wire-2", "acled-IRQ90003", "acled-IRQ90005", "acled-IRQ90002", "acled-YEM90011"}),
    (["--year", "2019", "--year", "2024"], {"wire-0", "acled-LBN90009"}),
    (["--type", "border_incident"], {"acled-SYR90004", "acled-IRQ90008", "acled-LBN90009"}),
    (["--actor", "Kataib Hezbollah"], {"wire-1", "acled-IRQ90003"}),
    (["--actor", "Ansar Allah", "--type", "militia_activity"], {"acled-YEM90011"}),
    # a registry group: every Iran-aligned actor (militias, Hezbollah, the Houthis, Iran, the Syrian army...)
    (["--actor", "All Iran-aligned"], {"wire-1", "acled-IRQ90003", "acled-IRQ90005", "acled-LBN90009",
                                       "acled-YEM90011", "acled-SYR90004", "acled-IRQ90007"}),
])
def test_export_filters(store, tmp_path, args, expected):
    out = tmp_path / "f.csv"
    assert main(["export", "--format", "csv", "--db", store.url, "--out", str(out), *args]) == 0
    ids = {r["event_id"] for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    assert ids == expected


def test_bad_year_is_a_clear_error(store, capsys):
    assert main(["export", "--format", "csv", "--db", store.url, "--year", "last"]) == 2
    assert "--year" in capsys.readouterr().err

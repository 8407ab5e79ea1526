"""`geo extract` end to end: real files in, GeoJSON out, one clear line per bad input."""
from __future__ import annotations

import json

import pytest

from geo.cli import main

GOOD = (
    "BAGHDAD, March 3, 2021 - Rockets struck the Ain al-Asad air base in Anbar province on Wednesday, "
    "the U.S.-led coalition said. Kataib Hezbollah, an Iran-backed militia, was blamed for the attack.\n"
)


@pytest.fixture()
def inputs(tmp_path):
    """A folder with one good article and every kind of bad input the issue names."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "arabic.txt").write_bytes("تظاهر آلاف العراقيين في بغداد ضد الفساد".encode("cp1256"))
    french = "Des manifestants se sont réunis à Beyrouth, près du Liban."
    (tmp_path / "french.txt").write_bytes(french.encode("latin-1"))
    with open(tmp_path / "huge.txt", "wb") as f:
        f.truncate(50 * 1024 * 1024)  # 50 MB (sparse, so the test stays fast)
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"text": GOOD, "title": "Base attacked", "date": "2021-03-03"}) + "\n{not json\n"
        + json.dumps({"title": "no text"}) + "\n",
        encoding="utf-8",
    )
    return tmp_path


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


def test_bad_inputs_are_reported_and_the_rest_is_processed(inputs, tmp_path_factory, capsys):
    out = tmp_path_factory.mktemp("out") / "e.geojson"
    assert main(["extract", str(inputs), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    lines = _error_lines(err)
    for name in ("empty.txt", "binary.txt", "arabic.txt", "french.txt", "huge.txt"):
        mine = [line for line in lines if name in line]
        assert len(mine) == 1, (name, lines)
    assert any("lines.jsonl" in line and "line 2" in line for line in lines), lines
    assert not any("good.txt" in line for line in lines)
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    docs = {f["properties"]["doc"] for f in features}
    assert "good.txt" in docs and "lines.jsonl" in docs


def test_strict_makes_any_error_fatal(inputs, tmp_path, capsys):
    assert main(["extract", str(inputs / "good.txt"), str(inputs / "empty.txt"), "--out", str(tmp_path / "e.json"),
                 "--strict"]) == 2


def test_nothing_processed_exits_2(inputs, tmp_path, capsys):
    assert main(["extract", str(inputs / "empty.txt"), str(inputs / "binary.txt"),
                 "--out", str(tmp_path / "e.json")]) == 2
    assert len(_error_lines(capsys.readouterr().err)) == 2


def test_geojson_contract(inputs, tmp_path, capsys):
    out = tmp_path / "e.geojson"
    assert main(["extract", str(inputs / "good.txt"), "--out", str(out)]) == 0
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and collection["features"]
    text = (inputs / "good.txt").read_text(encoding="utf-8")
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
        p = feature["properties"]
        assert p["doc"] == "good.txt"
        assert p["type"] in {"militia_activity", "border_incident", "protest", "political"}
        assert p["date_precision"] in {"day", "month", "year", None}
        assert p["year"] is None or isinstance(p["year"], int)
        assert p["precision"] in {1, 2, 3}
        assert isinstance(p["actors"], list) and 0 <= p["confidence"] <= 1 and p["why"]
        assert p["quote"] in text and text[p["start"]:p["end"]] == p["quote"]
    attack = next(f["properties"] for f in collection["features"] if f["properties"]["type"] == "militia_activity")
    assert attack["country"] == "IQ" and attack["year"] == 2021
    assert "Kataib Hezbollah" in attack["actors"]


def test_an_extraction_bug_on_one_file_does_not_stop_the_batch(inputs, tmp_path, capsys, monkeypatch):
    """Whatever one document raises is reported against that file; the next file is still extracted."""
    from geo import pipeline

    real = pipeline.extract_articles

    def flaky(document, articles):
        if document.name == "good.txt":
            raise AttributeError("simulated bug")
        return real(document, articles)

    monkeypatch.setattr(pipeline, "extract_articles", flaky)
    (inputs / "other.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "e.geojson"
    assert main(["extract", str(inputs / "good.txt"), str(inputs / "other.txt"), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert any("good.txt" in line and "AttributeError" in line for line in _error_lines(err))
    docs = {f["properties"]["doc"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]}
    assert docs == {"other.txt"}

"""GeoNamesOffline follows geopy's Geocoder contract; geo geoparse runs end to end."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import geopandas
import pytest
from geopy.exc import GeocoderQueryError
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.geonames import GeoNamesOffline
from geo.geoparse import auc, score


@pytest.fixture(scope="module")
def coder():
    return GeoNamesOffline()


def test_is_a_geopy_geocoder(coder):
    assert isinstance(coder, Geocoder)


def test_geocode_returns_a_location_with_ids_in_raw(coder):
    loc = coder.geocode("Kerbala")
    assert isinstance(loc, Location)
    assert "Iraq" in loc.address
    assert loc.raw["country_code"] == "IQ" and loc.raw["geonameid"]
    name, (lat, lon) = loc
    assert abs(lat - 32.6) < 0.2 and abs(lon - 44.0) < 0.2


def test_geocode_list_and_none(coder):
    many = coder.geocode("Tripoli", exactly_one=False)
    assert isinstance(many, list) and len(many) >= 2
    assert {loc.raw["country_code"] for loc in many} >= {"LY", "LB"}
    assert coder.geocode("Zorblaxia") is None
    assert coder.geocode("Zorblaxia", exactly_one=False) == []


def test_country_codes_and_containers(coder):
    assert coder.geocode("Tripoli", country_codes=["LB"]).raw["country_code"] == "LB"
    assert coder.geocode("Tripoli, Lebanon").raw["country_code"] == "LB"
    assert coder.geocode("Paris, Texas").raw["country_code"] == "US"


def test_bad_input_raises_geopy_errors(coder):
    with pytest.raises(GeocoderQueryError):
        coder.geocode("")
    with pytest.raises(GeocoderQueryError):
        coder.geocode(None)
    with pytest.raises(GeocoderQueryError):
        coder.geocode("Basra", country_codes=["Iraq"])
    with pytest.raises(GeocoderQueryError):
        coder.reverse("not a point")


def test_reverse(coder):
    loc = coder.reverse((36.34, 43.13))
    assert isinstance(loc, Location) and loc.raw["country_code"] == "IQ"
    assert loc.raw["distance_km"] < 20
    several = coder.reverse("32.6, 44.0", exactly_one=False)
    assert isinstance(several, list) and len(several) == 5


def test_geopandas_provider():
    gdf = geopandas.tools.geocode(["Mosul", "Kerbala", "Zorblaxia"], provider=GeoNamesOffline)
    assert len(gdf) == 3
    assert "Iraq" in gdf.loc[0, "address"] and "Iraq" in gdf.loc[1, "address"]
    assert gdf.geometry.iloc[2].is_empty
    assert abs(gdf.geometry.iloc[0].y - 36.34) < 0.1


def test_metrics_by_hand():
    gold = [{"doc_id": "a", "toponyms": [{"start": 0, "end": 5, "lat": 33.3, "lon": 44.4},
                                          {"start": 10, "end": 15, "lat": 30.5, "lon": 47.8}]}]
    exact = [{"doc_id": "a", "toponyms": [{"start": 0, "end": 5, "lat": 33.3, "lon": 44.4},
                                           {"start": 10, "end": 15, "lat": 30.5, "lon": 47.8}]}]
    s = score(gold, exact)
    assert s.acc161 == 1.0 and s.mean_km == 0 and s.auc == 0
    s = score(gold, [{"doc_id": "a", "toponyms": [{"start": 0, "end": 4, "lat": 33.3, "lon": 44.4}]}])
    assert s.acc161 == 0.5 and s.span_recall == 0.5 and s.mean_km == pytest.approx(20039 / 2)
    assert auc([20039.0, 20039.0]) == pytest.approx(1.000005, abs=1e-5)


def test_geoparse_cli_round_trip(tmp_path):
    text = "Rockets hit Ain al-Asad in Anbar. Later, protesters gathered in Basra, Iraq."
    doc = {"doc_id": "t1", "text": text,
           "toponyms": [{"start": text.index("Ain al-Asad"), "end": text.index("Ain al-Asad") + 11,
                         "lat": 33.79, "lon": 42.44},
                        {"start": text.index("Basra"), "end": text.index("Basra") + 5, "lat": 30.51, "lon": 47.78}]}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = subprocess.run([sys.executable, "-m", "geo", "geoparse", str(src), "--out", str(out), "--gold-spans"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    rec = json.loads(out.read_text(encoding="utf-8"))
    assert rec["doc_id"] == "t1"
    assert [t["country"] for t in rec["toponyms"]] == ["IQ", "IQ"]
    assert set(rec["toponyms"][0]) >= {"start", "end", "name", "lat", "lon", "geonameid", "country"}


def test_metrics_agree_with_the_shared_scorer(tmp_path, shared_dir):
    """Our metric code against score_geoparse.py on a real corpus, with shifted, dropped and empty spans."""
    from geo.geoparse import geoparse_file, read_jsonl

    gold_path = shared_dir / "eval" / "geoparse" / "TR-News.jsonl"
    gold = list(read_jsonl(gold_path))
    preds = list(geoparse_file(gold_path, gold_spans=True))
    for k, rec in enumerate(preds):  # perturb: overlap matching, misses, null coordinates
        tops = rec["toponyms"]
        if k % 3 == 1:
            rec["toponyms"] = [dict(t, start=t["start"] + 1) for t in tops]
        elif k % 3 == 2:
            rec["toponyms"] = tops[::2]
        if k % 7 == 0 and rec["toponyms"]:
            rec["toponyms"][0] = dict(rec["toponyms"][0], lat=None, lon=None)
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(r) + "\n" for r in preds), encoding="utf-8")
    scorer = shared_dir / "eval" / "geoparse" / "score_geoparse.py"
    r = subprocess.run([sys.executable, str(scorer), str(gold_path), str(pred_path), "--json"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    theirs = json.loads(r.stdout)
    ours = score(gold, preds)
    assert ours.n == theirs["n_gold_toponyms"]
    assert ours.acc161 == pytest.approx(theirs["acc_at_161km"], abs=1e-9)
    assert ours.mean_km == pytest.approx(theirs["mean_error_km"], rel=1e-9)
    assert ours.median_km == pytest.approx(theirs["median_error_km"], abs=1e-6)
    assert ours.auc == pytest.approx(theirs["auc"], abs=1e-9)
    assert ours.span_recall == pytest.approx(theirs["span_recall"], abs=1e-9)


def test_geoparse_bad_input_is_one_clear_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "geo", "geoparse", str(bad), "--gold-spans"],
                       capture_output=True, text=True)
    assert r.returncode == 2
    assert "bad.jsonl:1" in r.stderr


def test_geoparse_is_deterministic_across_hash_seeds(tmp_path):
    """Same input, same output, whatever Python's string-hash seed (set order must not leak)."""
    text = ("Clashes in Tripoli spread to Akkar; in Basra, Amara and Nasiriyah protesters "
            "marched while rockets hit near Washington's embassy in Baghdad and Georgia's capital, Tbilisi.")
    names = ["Tripoli", "Akkar", "Basra", "Amara", "Nasiriyah", "Washington", "Baghdad", "Georgia", "Tbilisi"]
    doc = {"doc_id": "d", "text": text,
           "toponyms": [{"start": text.index(n), "end": text.index(n) + len(n)} for n in names]}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}.jsonl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = subprocess.run([sys.executable, "-m", "geo", "geoparse", str(src), "--out", str(out), "--gold-spans"],
                           capture_output=True, text=True, env=env)
        assert r.returncode == 0, r.stderr
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    got = {t["name"]: t["country"] for t in json.loads(outs[0])["toponyms"]}
    assert got["Amara"] == "IQ" and got["Georgia"] == "GE" and got["Tbilisi"] == "GE"

"""The influence layer and the actor profile, on small event tables written for these tests."""
from __future__ import annotations

import h3
import pandas as pd
import pytest

from geo.actors import ALIGNMENTS, get_registry
from geo.influence import actor_names, actor_profile, alignment_activity

BASRA = (30.508, 47.783)
BAGHDAD = (33.315, 44.366)
BEIRUT = (33.888, 35.495)


@pytest.fixture(scope="module")
def reg():
    return get_registry()


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    rows = [
        # event_id, type, year, (lat, lon), actors, confidence, country, place
        ("e1", "militia_activity", 2020, BAGHDAD, ["Kataib Hezbollah", "US forces"], 0.9, "IQ", "Baghdad"),
        ("e2", "militia_activity", 2020, BAGHDAD, ["Kataib Hezbollah", "Asaib Ahl al-Haq"], 0.8, "IQ", "Baghdad"),
        ("e3", "protest", 2019, BAGHDAD, ["protesters", "Kataib Hezbollah"], 0.7, "IQ", "Baghdad"),
        ("e4", "protest", 2019, BASRA, ["protesters"], 0.6, "IQ", "Basra"),
        ("e5", "political", None, BASRA, ["Iraqi government", "Kata'ib Hizballah"], None, "IQ", "Basra"),
        ("e6", "militia_activity", 2024, BEIRUT, ["Israel Defense Forces", "Hezbollah"], 1.0, "LB", "Beirut"),
        ("e7", "militia_activity", 2021, (None, None), ["Rab'allah"], 0.5, "IQ", None),
        ("e8", "border_incident", 2021, BEIRUT, ["Some Ad Hoc Tribe"], 0.4, "LB", "Beirut"),
    ]
    return pd.DataFrame(
        [{"event_id": e, "type": t, "year": y, "lat": ll[0], "lon": ll[1], "actors": a, "confidence": c,
          "country": cc, "place_resolved": p} for e, t, y, ll, a, c, cc, p in rows]
    ).astype({"year": "Int64"})


def _cell(fc, latlon, res=4):
    cell = h3.latlng_to_cell(*latlon, res)
    (feature,) = [f for f in fc["features"] if f["properties"]["h3"] == cell]
    return feature


def test_activity_is_a_feature_collection_of_hexagons(events, reg):
    fc = alignment_activity(events, reg)
    assert fc["type"] == "FeatureCollection" and fc["resolution"] == 4 and "confidence" in fc["legend"]
    assert len(fc["features"]) == 3  # Baghdad, Basra, Beirut; the event without coordinates is skipped
    for f in fc["features"]:
        ring = f["geometry"]["coordinates"][0]
        assert f["geometry"]["type"] == "Polygon" and ring[0] == ring[-1] and len(ring) == 7
        assert all(25 < lon < 60 and 25 < lat < 40 for lon, lat in ring), "GeoJSON order is [lon, lat]"
        assert {f"share_{a}" for a in ALIGNMENTS} <= set(f["properties"]), "same keys in every feature"


def test_activity_scores_weighted_shares(events, reg):
    fc = alignment_activity(events, reg)
    baghdad = _cell(fc, BAGHDAD)["properties"]
    assert baghdad["events"] == 3 and baghdad["dominant"] == "iran_aligned"
    assert baghdad["n_iran_aligned"] == 3 and baghdad["n_us_aligned"] == 1 and baghdad["n_unknown"] == 1
    assert baghdad["share_iran_aligned"] == 1.0
    assert baghdad["share_us_aligned"] == pytest.approx(0.9 / 2.4, abs=1e-3)
    assert baghdad["score"] == 1.0 and baghdad["intensity"] == 1.0
    assert baghdad["label"] == "Iran-aligned: 100% of 3 events"
    basra = _cell(fc, BASRA)["properties"]
    # Missing confidence counts 0.5; a spelling variant still finds its actor.
    assert basra["weight"] == pytest.approx(1.1)
    assert basra["n_iran_aligned"] == 1 and basra["n_independent"] == 1
    assert basra["dominant"] in ("iran_aligned", "independent")


def test_activity_for_one_alignment(events, reg):
    fc = alignment_activity(events, reg, alignment="israel")
    assert _cell(fc, BEIRUT)["properties"]["score"] == pytest.approx(1.0 / 1.4, abs=1e-3)
    assert _cell(fc, BAGHDAD)["properties"]["score"] == 0.0
    with pytest.raises(ValueError, match="unknown alignment"):
        alignment_activity(events, reg, alignment="martian")


def test_activity_resolution_and_empty_input(events, reg):
    coarse = alignment_activity(events, reg, resolution=3)
    assert all(h3.get_resolution(f["properties"]["h3"]) == 3 for f in coarse["features"])
    empty = alignment_activity(events.iloc[0:0], reg)
    assert empty["features"] == []


def test_actor_names_accepts_storage_forms():
    assert actor_names(["a", "b"]) == ["a", "b"]
    assert actor_names("Kataib Hezbollah; protesters") == ["Kataib Hezbollah", "protesters"]
    assert actor_names(None) == [] and actor_names(float("nan")) == []


def test_actor_profile(events, reg):
    prof = actor_profile(events, reg, "kh")
    assert prof["actor"]["name"] == "Kataib Hezbollah" and prof["actor"]["sources"]
    assert prof["events"] == 4 and set(prof["event_ids"]) == {"e1", "e2", "e3", "e5"}
    assert prof["by_year"] == {2019: 1, 2020: 2, None: 1}
    assert prof["by_type"]["militia_activity"] == 2
    assert {"year": 2020, "type": "militia_activity", "events": 2} in prof["by_year_type"]
    assert prof["places"][0]["place"] == "Baghdad" and prof["places"][0]["events"] == 3
    assert [p["name"] for p in prof["partners"]] == ["Asaib Ahl al-Haq"]
    assert {a["name"] for a in prof["adversaries"]} == {"US forces", "Iraqi government"}
    assert [o["name"] for o in prof["others"]] == ["protesters"]
    relations = {(e["source"], e["target"], e["relation"]) for e in prof["network"]["edges"]}
    assert ("kh", "pmf", "part of") in relations
    assert ("kh", "irgc_qf", "answers to") in relations
    assert ("rab_allah", "kh", "part of") in relations
    assert ("abu_mahdi_muhandis", "kh", "leads") in relations


def test_actor_profile_with_subordinates_and_by_name(events, reg):
    assert actor_profile(events, reg, "kh", include_subordinates=True)["events"] == 5  # + Rab'allah
    assert actor_profile(events, reg, "Hizballah")["events"] == 1
    with pytest.raises(KeyError):
        actor_profile(events, reg, "Flat Earth Society")

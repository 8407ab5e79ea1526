"""geo evaluate: our own implementation of GUIDELINES.md's matching, checked against the reference scorer."""
from __future__ import annotations

import importlib.util
import json
import random

import pytest

from geo.cli import main
from geo.evaluate import actor_found, read_gold, read_predictions, score


def _feature(doc, type_, lat, lon, year, actors, country=None):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"doc": doc, "type": type_, "year": year, "actors": actors, "country": country}}


def _write(tmp_path, gold_rows, features):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in gold_rows) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.geojson"
    pred.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return gold, pred


GOLD = [
    {"doc": "a.txt", "id": "a-1", "type": "protest", "place": "Karbala", "country": "IQ", "lat": 32.61, "lon": 44.02,
     "precision": 1, "year": 2019, "actors": [["protesters"], ["Iranian consulate", "Iran"]]},
    {"doc": "a.txt", "id": "a-2", "type": "militia_activity", "place": "Iraq", "country": "IQ",
     "lat": 33.2, "lon": 43.7, "precision": 3, "year": None,
     "actors": [["Kata'ib Hizballah", "Kataib Hezbollah", "KH"]]},
    {"doc": "b.txt", "id": "b-1", "type": "political", "place": "Geneva", "country": "CH", "lat": 46.2, "lon": 6.14,
     "precision": 1, "year": 2023, "actors": []},
]


def test_matching_rules(tmp_path):
    features = [
        _feature("a.txt", "protest", 32.62, 44.03, 2019, ["protesters", "Iran"]),  # match, actors complete
        _feature("dir/a.txt", "militia_activity", 36.3, 43.1, 2021, ["Kataib Hezbollah"], "IQ"),  # same country
        _feature("b.txt", "political", 46.2, 6.14, 2022, []),  # wrong year
        _feature("b.txt", "protest", 46.2, 6.14, 2023, []),  # wrong type
        _feature("c.txt", "protest", 0, 0, 2023, []),  # document without gold: ignored
    ]
    gold, pred = _write(tmp_path, GOLD, features)
    report = score(read_gold(gold), read_predictions(pred))
    assert report["all"]["matched"] == 2
    assert report["all"]["pred"] == 4
    assert report["core"]["recall"] == 1.0 and report["core"]["precision"] == 0.667  # b.txt protest is extra
    assert report["political"]["recall"] == 0.0
    assert report["actors_all_found"] == 1.0
    assert [g.raw["id"] for g in report["misses"]] == ["b-1"]


@pytest.mark.parametrize("alts, names, found", [
    (["Kata'ib Hizballah"], ["kataib hizballah"], True),
    (["Asa’ib Ahl al-Haq"], ["Asaib Ahl al-Haq (AAH)"], True),
    (["the Houthis"], ["Houthis"], True),
    (["AAH"], ["AAHX"], False),
    (["Iran"], ["Iranian consulate"], False),
])
def test_actor_names_compare_loosely(alts, names, found):
    assert actor_found(alts, names) is found


def _reference_scorer(shared_dir):
    path = shared_dir / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("reference_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_agrees_with_reference_scorer_on_perturbed_predictions(tmp_path, shared_dir):
    """Random perturbations of the gold (moved, retyped, re-dated, dropped, duplicated) score alike in both."""
    reference = _reference_scorer(shared_dir)
    gold_seeds = shared_dir / "eval" / "gold_seeds.jsonl"
    gold_rows = [json.loads(line) for line in gold_seeds.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(7)
    for trial in range(5):
        features = []
        for g in gold_rows:
            if rng.random() < 0.2:
                continue
            lat = g["lat"] + rng.choice([0, 0, 0.1, 0.6, 3.0])
            type_ = g["type"] if rng.random() > 0.1 else rng.choice(["protest", "political"])
            year = g["year"] if rng.random() > 0.15 else (g["year"] or 2000) + 1
            actors = [alts[0] for alts in g["actors"] if rng.random() > 0.3]
            for _ in range(rng.choice([1, 1, 2])):
                features.append(_feature(g["doc"], type_, lat, g["lon"], year, actors, g["country"]))
        gold, pred = _write(tmp_path, gold_rows, features)
        ours = score(read_gold(gold), read_predictions(pred))
        theirs = reference.score(reference.load_gold(gold), reference.load_pred(pred))
        for label in ("core", "political", "all"):
            for key in ("gold", "pred", "matched", "precision", "recall", "f1"):
                assert ours[label][key] == theirs[label][key], (trial, label, key)
        assert ours["actors_all_found"] == theirs["actors_all_found"], trial


def test_cli_prints_table_and_errors(tmp_path, capsys):
    gold, pred = _write(tmp_path, GOLD, [_feature("a.txt", "protest", 32.62, 44.03, 2019, ["protesters"])])
    assert main(["evaluate", str(gold), str(pred), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "core" in out and "MISSED GOLD EVENTS" in out and "a-2" in out
    assert main(["evaluate", str(gold), str(tmp_path / "missing.geojson")]) == 2

"""The app through streamlit.testing.v1.AppTest, and the pure query functions behind it.

The app runs against a temporary store (env ``GEO_DB``) filled with events written
here; the map component is inspected through its arguments (``json_args``).
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from geo import query
from geo.records import Event, Mention, Place

APP = str(Path(__file__).resolve().parents[1] / "app.py")

PLACES = {
    "Baghdad": (33.31, 44.37, "IQ"), "Basra": (30.51, 47.78, "IQ"), "Beirut": (33.89, 35.50, "LB"),
    "Sanaa": (15.37, 44.19, "YE"), "Deir ez-Zor": (35.34, 40.14, "SY"),
}
# (type, year, place, actors, confidence, precision, quote) — written for these tests, wire style.
ROWS = [
    ("militia_activity", 2019, "Baghdad", ("Kataib Hezbollah",), 0.9, 1,
     "Kataib Hezbollah fighters fired rockets at a logistics convoy south of Baghdad on Monday."),
    ("militia_activity", 2020, "Basra", ("Asaib Ahl al-Haq",), 0.7, 1,
     "Asaib Ahl al-Haq gunmen stormed a television office in Basra, staff said."),
    ("militia_activity", 2021, "Baghdad", ("Kataib Hezbollah", "US forces"), 0.8, 1,
     "A drone struck a Kataib Hezbollah depot near Baghdad airport, US officials said."),
    ("protest", 2019, "Baghdad", ("protesters",), 0.95, 1,
     "Thousands of protesters filled Tahrir Square in Baghdad demanding jobs."),
    ("protest", 2022, "Beirut", ("protesters", "Hezbollah"), 0.6, 1,
     "Protesters blocked roads in Beirut after the currency slumped again."),
    ("border_incident", 2020, "Deir ez-Zor", ("Kataib Hezbollah",), 0.5, 2,
     "Unidentified aircraft bombed a militia convoy crossing from Iraq near Albu Kamal."),
    ("political", 2021, "Sanaa", ("Ansar Allah",), 0.4, 1,
     "Ansar Allah announced a new cabinet in Sanaa on Thursday."),
    ("political", None, "Beirut", ("Hezbollah",), 0.85, 3,
     "Hezbollah's leader said the group would not join the government."),
]
HOSTILE = "Leaflets read <script>alert(1)</script> <img src=x onerror=alert(1)> ${alert(1)} near Basra."


def fixture_events() -> list[Event]:
    found = []
    for i, (etype, year, place, actors, conf, prec, quote) in enumerate(ROWS + [
            ("protest", 2020, "Basra", ("protesters",), 0.5, 1, HOSTILE)]):
        lat, lon, cc = PLACES[place]
        found.append(Event(
            id=f"t-{i}", doc=f"article_{i}.txt", article=0, article_title=None, type=etype, trigger="x", quote=quote,
            start=0, end=len(quote), place=Place(place, place, lat, lon, cc, prec), actors=actors,
            date=f"{year}-03-0{1 + i % 9}" if year else None, date_precision="day" if year else None,
            fatalities=i % 3 or None, confidence=conf, why="written for test_app",
            mentions=(Mention(f"article_{i}.txt", 0, 0, len(quote), quote),), source="text",
        ))
    return found


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    from geo.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('app') / 'events.sqlite'}"
    with Store(url) as store:
        store.add_events(fixture_events(), source="test")
    return url


@pytest.fixture(scope="module")
def frame(store_url) -> pd.DataFrame:
    from geo.store import Store

    with Store(store_url) as store:
        return store.events_frame()


# -- geo.query ------------------------------------------------------------------------------------------
def test_events_frame_names_articles_by_title_and_handles_an_empty_store(tmp_path):
    """Titled articles show their title, untitled ones their index; an empty store has the same columns."""
    from dataclasses import replace

    from geo.store import Store

    with Store(f"sqlite:///{tmp_path / 'titled.sqlite'}") as store:
        empty = store.events_frame()
        assert empty.empty
        store.add_events([replace(e, article_title="Wire roundup" if i % 2 else None)
                          for i, e in enumerate(fixture_events())], source="test")
        frame = store.events_frame()
        assert list(frame.columns) == list(empty.columns)
        assert "Wire roundup" in set(frame["article"])
        assert frame["year"].dtype == "Int64" and isinstance(frame["actors"].iloc[0], list)


def test_year_range_keeps_unknown_years_only_when_asked(frame):
    inside = query.apply(frame, query.Filters(years=(2020, 2021)))
    assert set(inside["year"].dropna()) == {2020, 2021}
    assert inside["year"].isna().sum() == 1
    assert query.apply(frame, query.Filters(years=(2020, 2021), unknown_year=False))["year"].isna().sum() == 0


def test_actor_filter_matches_any_actor_of_an_event(frame):
    kh = query.apply(frame, query.Filters(actors=("Kataib Hezbollah",)))
    assert len(kh) == 3 and all("Kataib Hezbollah" in a for a in kh["actors"])


def test_group_filter_expands_through_the_registry(frame):
    groups = {"iran_aligned": {"Kataib Hezbollah", "Asaib Ahl al-Haq", "Hezbollah", "Ansar Allah"}}
    found = query.apply(frame, query.Filters(groups=("iran_aligned",)), expand=lambda g: groups[g])
    assert len(found) == 7
    assert not any(a == ["protesters"] for a in found["actors"])


def test_type_country_confidence_precision_and_text_filters(frame):
    assert set(query.apply(frame, query.Filters(types=("protest",)))["type"]) == {"protest"}
    assert set(query.apply(frame, query.Filters(countries=("LB",)))["country"]) == {"LB"}
    assert query.apply(frame, query.Filters(min_confidence=0.85))["confidence"].min() >= 0.85
    assert set(query.apply(frame, query.Filters(precision=(2, 3)))["precision"]) == {2, 3}
    hits = query.apply(frame, query.Filters(text="TAHRIR square"))
    assert list(hits["place"]) == ["Baghdad"]
    assert len(query.apply(frame, query.Filters(text="<script>"))) == 1  # literal, not a regex


def test_counts_by_actor_country_and_year_type(frame):
    by_actor = dict(query.count_by_actor(frame).itertuples(index=False))
    assert by_actor["Kataib Hezbollah"] == 3 and by_actor["protesters"] == 3
    assert dict(query.count_by_country(frame).itertuples(index=False))["IQ"] == 5
    table = query.count_by_year_type(frame)
    assert table.loc[(table.year == 2019) & (table.type == "protest"), "events"].item() == 1
    assert table["events"].sum() == frame["year"].notna().sum()


def test_url_parameters_round_trip():
    filters = query.Filters(years=(2019, 2021), unknown_year=False, actors=("Kataib Hezbollah", "Badr"),
                            groups=("iran_aligned",), types=("protest", "political"), countries=("IQ",),
                            min_confidence=0.5, precision=(1, 2), text="rocket")
    assert query.from_query_params(query.to_query_params(filters)) == filters
    assert query.to_query_params(query.Filters()) == {}
    assert query.from_query_params({"years": "abc", "conf": "x", "type": "bogus"}) == query.Filters()


def test_geojson_download_follows_the_contract(frame):
    from geo.geojson import PROPERTIES

    collection = query.to_geojson(frame)
    assert len(collection["features"]) == len(frame)
    feature = collection["features"][0]
    assert tuple(feature["properties"]) == PROPERTIES
    assert feature["geometry"]["coordinates"] == [44.37, 33.31]
    json.dumps(collection)  # plain JSON types only


def test_csv_download_neutralises_formulas(frame):
    evil = frame.head(1).assign(quote="=HYPERLINK(\"http://x\")")
    rows = pd.read_csv(io.StringIO(query.to_csv(evil)))
    assert rows.loc[0, "quote"].startswith("'=")
    assert rows.loc[0, "actors"] == "Kataib Hezbollah"


# -- the app (AppTest) --------------------------------------------------------------------------------------
@pytest.fixture()
def app(store_url, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GEO_DB", store_url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label).replace(",", ""))


def map_args(at) -> dict:
    (component,) = at.get("component_instance")
    assert component.proto.component_name == "streamlit_folium.st_folium"
    return json.loads(component.proto.json_args)


def table(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "event_id" in d.value.columns)


def test_app_shows_every_event_on_an_offline_map(app):
    assert metric(app, "Events shown") == len(ROWS) + 1
    args = map_args(app)
    assert args["returned_objects"] == ["last_active_drawing"]
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/") for link in links)
    for label in ("Militia activity", "Border incident", "Protest", "Political act"):
        assert label in args["layer_control"]
    assert args["feature_group"].count("L.markerClusterGroup(") == 4
    assert "<script>alert(1)" not in args["feature_group"] and "${alert" not in args["feature_group"]


def test_year_range_changes_table_counts_and_map(app):
    before = map_args(app)
    app.slider(key="years").set_value((2019, 2019)).run()
    app.toggle(key="unknown_year").set_value(False).run()
    assert metric(app, "Events shown") == 2
    assert set(table(app)["event_id"]) == {"t-0", "t-3"}
    after = map_args(app)
    assert after["script"] == before["script"]  # constant base map: the iframe is not remounted
    assert after["feature_group"] != before["feature_group"]


def test_actor_filter_changes_counts(app):
    app.multiselect(key="actors").select("Kataib Hezbollah").run()
    app.session_state["tab"] = "Actors & countries"
    app.run()
    assert metric(app, "Events shown") == 3
    assert metric(app, "Militia activity") == 2 and metric(app, "Border incident") == 1
    by_actor = next(d.value for d in app.dataframe if "actor" in d.value.columns)
    assert by_actor.iloc[0]["actor"] == "Kataib Hezbollah"


def test_filters_come_from_the_url(store_url, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GEO_DB", store_url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["types"] = ["Protest"]  # bound widgets use the shown labels
    at.run()
    assert not at.exception
    assert metric(at, "Events shown") == 3 and metric(at, "Militia activity") == 0


def test_nothing_matching_stops_with_a_message(app):
    app.text_input(key="text").input("no such words anywhere").run()
    assert any("No event matches" in w.value for w in app.warning)
    assert not app.get("component_instance")


def test_hostile_quote_is_shown_as_plain_text(app):
    app.text_input(key="text").input("leaflets read").run()
    assert list(table(app)["quote"]) == [HOSTILE]
    assert not [m for m in app.markdown if "<script>" in m.value]


def test_influence_layer_and_actor_panel_are_present(app):
    app.toggle(key="influence").set_value(True).run()
    assert not app.exception
    args = map_args(app)
    assert "Influence by alignment" in args["layer_control"]
    assert '"Polygon"' in args["feature_group"]  # the hexagons
    assert "Hexagon score" in args["script"]  # the legend says how the score is computed
    assert "Actor profile" in [t.label for t in app.tabs]
    app.session_state["tab"] = "Actor profile"
    app.run()
    app.selectbox(key="profile_actor").select("Kataib Hezbollah").run()
    assert not app.exception
    shown = "\n".join(t.value for t in app.text)
    assert "Kataib Hezbollah" in shown and "3 events" in shown
    assert any("events" in c.value.lower() for c in app.caption)


def test_selected_event_shows_its_provenance(app):
    app.session_state["selected_event"] = "t-1"  # what a map click or a table row selection sets
    app.run()
    shown = "\n".join(t.value for t in app.text)
    assert "Asaib Ahl al-Haq gunmen stormed a television office in Basra" in shown
    details = next(d.value for d in app.dataframe if "field" in d.value.columns).set_index("field")["value"]
    assert details["document"] == "article_1.txt"
    assert details["offsets"].startswith("0–")
    assert details["why"] == "written for test_app"
    mentions = next(d.value for d in app.dataframe if "quote" in d.value.columns and "start" in d.value.columns)
    assert len(mentions) == 1


def test_empty_store_is_built_from_the_bundled_corpus(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GEO_DB", f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("documents" in s.value for s in at.success)  # the build's closing line
    assert metric(at, "Events shown") > 0
    assert map_args(at)["feature_group"]

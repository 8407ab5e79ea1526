"""geo.maps: escaping, offline assets, one layer per type, clusters, influence, boundaries."""
from __future__ import annotations

import html
import json
import re

import pytest

from geo import maps
from geo.records import EVENT_TYPES, Event, Mention, Place

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "${alert(document.domain)}",
    "`${alert(1)}`",
    "C:\\users\\new \\u0041 \\",
    "</script><script>alert('x')</script>",
    "{{ 'map_div' }} {% raw %}",
    "{{ 1234*1000 }} {{ cycler.__init__.__globals__.os.popen('echo OWNED').read() }}",
    "\"'><svg onload=alert(1)>",
]


def make_event(i: int, etype: str, quote: str, *, lat: float = 33.3, lon: float = 44.4, year: int | None = 2020,
               actors: tuple[str, ...] = ("Kataib Hezbollah",), doc: str = "wire.txt") -> Event:
    return Event(
        id=f"ev-{i}", doc=doc, article=0, article_title=None, type=etype, trigger="attacked", quote=quote,
        start=10 * i, end=10 * i + len(quote), place=Place("Baghdad", "Baghdad", lat, lon, "IQ", 1, 98182, "city"),
        date=f"{year}-05-0{1 + i % 9}" if year else None, date_precision="day" if year else None, actors=actors,
        fatalities=2, confidence=0.8, mentions=(Mention(doc, 0, 10 * i, 10 * i + len(quote), quote),),
        why="test", source="text",
    )


@pytest.fixture(scope="module")
def frame(tmp_path_factory):
    """A real events frame (through the store) holding every type and every hostile string."""
    from geo.store import Store

    found = [make_event(i, EVENT_TYPES[i % 4], f"Militiamen fired rockets at the base, sentence {i}.",
                        lat=30 + i * 0.1, lon=40 + i * 0.1) for i in range(40)]
    found += [make_event(100 + k, "protest", f"Protesters chanted {text} outside the ministry.", doc=f"evil{text}.txt")
              for k, text in enumerate(HOSTILE)]
    with Store(tmp_path_factory.mktemp("maps") / "events.sqlite") as store:
        store.add_events(found, source="test")
        return store.events_frame()


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_leaves_no_markup_template_or_escape_characters(text):
    out = maps.safe(text)
    for ch in "<>`$\\{}\"'":
        assert ch not in out
    assert html.unescape(out) == text  # shown to the user exactly as written


def test_safe_of_missing_values_is_empty():
    assert maps.safe(None) == "" and maps.safe(float("nan")) == ""
    assert maps.safe(12) == "12"


def test_map_html_loads_no_asset_from_the_internet(frame):
    m = maps.build_map(frame, influence={"type": "FeatureCollection", "features": []})
    assert maps.asset_urls(m) and all(u.startswith("/app/static/") for u in maps.asset_urls(m))
    page = m.get_root().render()
    urls = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)', page)
    assert urls, "the page should link the vendored assets"
    assert not [u for u in urls if re.match(r"(https?:)?//", u)]
    assert all(u.startswith("/app/static/") for u in urls)
    for url in urls:  # every linked file is vendored
        assert (maps.STATIC_DIR / url.removeprefix("/app/static/")).is_file(), url


def test_hostile_text_reaches_the_page_only_escaped(frame):
    page = maps.build_map(frame).get_root().render()
    assert "$(" not in page and "jQuery" not in page  # jQuery is not loaded, so nothing may need it
    for text in HOSTILE:
        assert text not in page
    assert "<img" not in page and "<svg" not in page
    assert "<script>alert" not in page and "${alert" not in page
    assert "&amp;lt;script&amp;gt;" not in page  # escaped once, not twice
    # folium re-renders element output as a Jinja template: unescaped braces would run code on the server.
    assert "1234000" not in page and "OWNED\n" not in page


def test_one_layer_per_event_type_with_its_own_colour(frame):
    layers = maps.event_layers(frame)
    assert [fg.layer_name.split(" (")[0] for fg in layers] == [maps.TYPE_STYLE[t]["label"] for t in EVENT_TYPES]
    colours = set()
    for fg, etype in zip(layers, EVENT_TYPES, strict=True):
        (layer,) = [c for c in fg._children.values() if isinstance(c, maps.PointLayer)]
        assert layer.event_type == etype
        colours.add(layer.color)
        payload = json.loads(layer.payload)
        assert len(payload["lat"]) == int((frame["type"] == etype).sum())
        assert all(i.startswith("ev-") for i in payload["id"])
    assert len(colours) == 4
    protest = json.loads([c for c in layers[2]._children.values()][0].payload)
    quotes = protest["cols"]["quote"]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in q for q in quotes)


def test_popup_says_date_precision_place_precision_actors_and_source(frame):
    payload = maps.popup_columns(frame.head(1))
    value = {f: (payload["dicts"][f][c[0]] if f in payload["dicts"] else c[0]) for f, c in payload["cols"].items()}
    assert value["date"].endswith("(day)")
    assert "precision: town or site" in value["place"]
    assert value["actors"] == "Kataib Hezbollah"
    assert value["doc"] == "wire.txt"
    assert value["fatalities"] == "2"


def test_above_the_point_limit_types_are_clustered_on_the_server(frame):
    layers = maps.event_layers(frame, point_limit=10)
    payload = json.loads([c for c in layers[0]._children.values()][0].payload)
    assert payload["n"] and sum(payload["n"]) == int((frame["type"] == EVENT_TYPES[0]).sum())
    assert all(i.startswith("cell:") for i in payload["id"])


def test_use_local_assets_is_idempotent():
    maps.use_local_assets()
    first = (list(maps.folium.Map.default_js), list(maps.folium.Map.default_css))
    maps.use_local_assets()
    assert (maps.folium.Map.default_js, maps.folium.Map.default_css) == first
    assert [name for name, _ in first[0]] == ["leaflet"]


def test_standalone_export_inlines_every_asset(frame):
    page = maps.standalone_html(maps.build_map(frame.head(5), heat=False))
    assert "/app/static/" not in page
    assert "Leaflet" in page and "L.markerClusterGroup" in page and "L.MarkerClusterGroup=" in page


def test_influence_layer_colours_cells_by_dominant_alignment_and_escapes_labels():
    cell = {"type": "Polygon", "coordinates": [[[44, 33], [44.2, 33], [44.2, 33.2], [44, 33]]]}
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": cell,
         "properties": {"dominant": "iran_aligned", "score": 0.8, "intensity": 1.0, "n_iran_aligned": 8,
                        "n_us_aligned": 0, "label": "Iran-aligned: 80% of <b>10</b> events {{ 1234*1000 }}"}},
        {"type": "Feature", "geometry": cell,
         "properties": {"dominant": "us_aligned", "score": 0.2, "intensity": 0.1, "n_us_aligned": 1}},
    ]}
    fg = maps.influence_layer(collection)
    (geojson,) = [c for c in fg._children.values() if isinstance(c, maps.folium.GeoJson)]
    props = [f["properties"] for f in geojson.data["features"]]
    assert props[0]["color"] == maps.ALIGNMENT_COLORS["iran_aligned"]
    assert props[0]["opacity"] > props[1]["opacity"]
    assert "&lt;b&gt;" in props[0]["label"] and "<b>" not in props[0]["label"]
    fg.add_to(maps.base_map())
    assert "1234000" not in fg.get_root().render()
    assert "iran aligned 8" in props[0]["label"] and "us aligned" not in props[0]["label"]


def test_legend_names_every_layer_and_the_influence_score():
    text = maps.legend_html(["iran_aligned", "us_aligned"], "score = share of the cell's events")
    for style in maps.TYPE_STYLE.values():
        assert style["label"] in text
    assert "iran aligned" in text and "share of the cell" in text


def test_boundaries_are_valid_polygons_with_iraqs_18_governorates():
    import geopandas as gpd

    countries = gpd.read_file(maps.BOUNDARIES_DIR / "countries.geojson")
    admin1 = gpd.read_file(maps.BOUNDARIES_DIR / "admin1.geojson")
    for layer in (countries, admin1):
        assert layer.geometry.is_valid.all()
        assert set(layer.geom_type) <= {"Polygon", "MultiPolygon"}
    assert (admin1["country"] == "IQ").sum() == 18
    assert {"SY", "LB", "YE", "IR", "IL", "PS", "TR", "SA", "JO"} <= set(admin1["country"])
    assert (maps.BOUNDARIES_DIR / "ATTRIBUTION.md").read_text().count("de facto") >= 1

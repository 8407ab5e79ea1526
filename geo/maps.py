"""Events -> a folium map: offline assets, one escaping helper, fast layers.

Why this module looks the way it does (measurements in FIELD-NOTES 1 and 5):

* **Offline.** folium and streamlit-folium load Leaflet, jQuery and plugins from
  CDNs, so with no internet the map is blank.  :func:`use_local_assets` points
  every asset at the copies vendored in ``static/`` (served by Streamlit at
  ``/app/static``); :func:`standalone_html` inlines them for an exported file.
  The basemap is bundled Natural Earth boundaries, not tiles.
* **Safe.** Article text is attacker-controlled and folium inserts popup and
  tooltip text raw into HTML inside JavaScript template literals.  Every
  document-derived string goes through :func:`safe` before it reaches folium or
  the browser; the point layers build popups from escaped strings in the browser.
* **Fast.** One Python folium object per point took 4.4 s for 10k markers and
  one DOM marker per point 29 s to draw.  Here each event type is ONE element
  holding compact column arrays; the browser makes canvas circle markers inside a
  marker cluster.  Above :data:`POINT_LIMIT` located events, points are
  aggregated server-side into grid cells (the clusters are computed in Python).

Nothing here imports streamlit.
"""
from __future__ import annotations

import functools
import html
import json
import logging
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import folium
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo import settings

log = logging.getLogger(__name__)

STATIC_URL = "/app/static"
"""Where Streamlit's static serving (``server.enableStaticServing``) exposes ``static/``."""
STATIC_DIR = settings.ROOT / "static"
BOUNDARIES_DIR = settings.DATA_DIR / "boundaries"

POINT_LIMIT = 20_000
"""Above this many located events, types are drawn as server-side grid clusters
(canvas markers for 20k points draw in well under a second; 100k do not)."""
MAX_ZOOM = 18
CENTER = (31.5, 44.0)
ZOOM = 5

TYPE_STYLE: dict[str, dict[str, str]] = {
    "militia_activity": {"label": "Militia activity", "color": "#c0392b"},
    "border_incident": {"label": "Border incident", "color": "#e67e22"},
    "protest": {"label": "Protest", "color": "#2471a3"},
    "political": {"label": "Political act", "color": "#7d3c98"},
}
"""One colour per layer; the legend and the timeline use the same colours."""

ALIGNMENT_COLORS: dict[str, str] = {
    "iran_aligned": "#1e8449",
    "us_aligned": "#2e86c1",
    "gulf_aligned": "#d4ac0d",
    "turkey_aligned": "#ba4a00",
    "israel": "#5b2c6f",
    "independent": "#7f8c8d",
    "unknown": "#bdc3c7",
}
_FALLBACK_COLORS = ("#17a589", "#a93226", "#6c3483", "#b9770e", "#1a5276", "#616a6b")

PRECISION_LABEL = {1: "town or site", 2: "region or border area", 3: "country"}

_LOCAL_JS = {
    "leaflet": "leaflet/leaflet.js",
    "markercluster": "markercluster/leaflet.markercluster.js",
    "leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
    "leaflet-heat.js": "leaflet-heat/leaflet_heat.min.js",
}
_LOCAL_CSS = {
    "leaflet_css": "leaflet/leaflet.css",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefault": "markercluster/MarkerCluster.Default.css",
    "MarkerCluster.css": "markercluster/MarkerCluster.css",
    "MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
}


# -- escaping -----------------------------------------------------------------------------------
def safe(text: Any) -> str:
    """Escape one document-derived value for HTML *and* JavaScript template literals.

    ``html.escape`` alone is not enough inside folium: its popup and tooltip
    templates sit in JS template literals, where ``${...}`` runs code and a lone
    backslash breaks the whole map (FIELD-NOTES 5a).  ``None`` becomes ``""``.

    Examples
    --------
    >>> safe("<img src=x onerror=alert(1)> ${x} `a` C:\\\\new")
    '&lt;img src=x onerror=alert(1)&gt; &#36;{x} &#96;a&#96; C:&#92;&#92;new'
    """
    if text is None:
        return ""
    if isinstance(text, float) and math.isnan(text):
        return ""
    return (
        html.escape(str(text), quote=True)
        .replace("$", "&#36;")
        .replace("\\", "&#92;")
        .replace("`", "&#96;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def _js_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>`` breakout).

    Underscores are written as ``\\u005f`` too: streamlit-folium rewrites every
    ``_<id>`` it finds in the map's script (its variable renaming), which cost a
    Python callback per underscore in the data and could alter data matching an id.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("_", "\\u005f"))


# -- offline assets -------------------------------------------------------------------------------
def _localise(links: Iterable[tuple[str, str]], table: Mapping[str, str], base: str) -> list[tuple[str, str]]:
    out = []
    for name, url in links:
        if name in table:
            out.append((name, f"{base}/{table[name]}"))
        elif url.startswith(("http://", "https://", "//")):
            log.debug("dropping CDN asset %s (%s): not needed by this app's layers", name, url)
        else:
            out.append((name, url))
    return out


def use_local_assets(base: str = STATIC_URL) -> None:
    """Point folium's Map and plugins at the vendored assets instead of CDNs.

    Idempotent (module state survives Streamlit reruns).  Bootstrap, Font
    Awesome and awesome-markers are dropped: the map uses canvas circle markers
    and its own legend, so no webfonts or icon CSS are needed.  jQuery is
    dropped too: only ``folium.Popup``/``Tooltip`` templates call ``$(...)``, and
    this module never uses them (popups are built from escaped columns in JS);
    one script fewer to load before the map can draw.
    """
    from folium import plugins

    folium.Map.default_js = _localise(folium.Map.default_js, _LOCAL_JS, base)
    folium.Map.default_css = _localise(folium.Map.default_css, _LOCAL_CSS, base)
    for cls in (plugins.MarkerCluster, plugins.FastMarkerCluster, plugins.HeatMap):
        cls.default_js = _localise(cls.default_js, _LOCAL_JS, base)
        cls.default_css = _localise(cls.default_css, _LOCAL_CSS, base)


def asset_urls(m: folium.Map) -> list[str]:
    """Every JS/CSS URL a map (and its children) asks the browser to load."""
    urls: list[str] = []

    def walk(element: Any) -> None:
        for _, url in list(getattr(element, "default_js", [])) + list(getattr(element, "default_css", [])):
            urls.append(url)
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(m)
    return list(dict.fromkeys(urls))


def standalone_html(m: folium.Map) -> str:
    """The map as one self-contained HTML file (assets inlined) for offline colleagues."""
    use_local_assets()
    page = m.get_root().render()
    for name, rel in {**_LOCAL_JS}.items():
        url = f"{STATIC_URL}/{rel}"
        tag = f'<script src="{url}"></script>'
        if tag in page:
            code = (STATIC_DIR / rel).read_text(encoding="utf-8").replace("</script", "<\\/script")
            page = page.replace(tag, f"<script>/* {name} */\n{code}\n</script>")
    for rel in set(_LOCAL_CSS.values()):
        url = f"{STATIC_URL}/{rel}"
        tag = f'<link rel="stylesheet" href="{url}"/>'
        if tag in page:
            page = page.replace(tag, f"<style>\n{(STATIC_DIR / rel).read_text(encoding='utf-8')}\n</style>")
    return page


# -- elements that carry big payloads ------------------------------------------------------------------
class _Raw(Element):
    """Already-rendered script text, inserted as is.

    branca's ``MacroElement.render`` wraps every rendered script in
    ``Element(text)``, which compiles the text as a *Jinja template*: slow for
    megabytes of data, and document text holding ``{{ ... }}`` would be
    evaluated.  (:func:`safe` also escapes braces, so it never is.)
    """

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class _DataElement(MacroElement):
    """A MacroElement whose rendered script is not re-parsed by Jinja (see :class:`_Raw`)."""

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        script = getattr(self._template.module, "script", None)
        if script is not None:
            figure.script.add_child(_Raw(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


# -- base map ------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=4)
def _boundaries_js(name: str) -> str:
    """The layer as script-safe JSON text, read once per process.

    Why a string: rendering the boundaries through folium.GeoJson re-serialised
    1.3 MB of polygons (and a style per feature) on every Streamlit rerun, 1-2 s.
    """
    path = BOUNDARIES_DIR / f"{name}.geojson"
    return _js_json(json.loads(Path(path).read_text(encoding="utf-8")))


class BoundaryLayer(_DataElement):
    """A bundled boundary layer drawn non-interactively under everything else.

    The bundled files were made valid (``make_valid(method="structure")``) when
    vendored; one GeometryCollection would silently break every later layer.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.geoJSON({{ this.data }}, {style: {{ this.style|tojson }}, interactive: false,
                  smoothFactor: 1.0}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, name: str, style: Mapping[str, Any]):
        super().__init__()
        self._name = "BoundaryLayer"
        self.data = _boundaries_js(name)
        self.style = dict(style)


class _Css(MacroElement):
    """A ``<style>`` block in the map's header (water colour, legend look)."""

    _template = Template("{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}")

    def __init__(self, css: str):
        super().__init__()
        self._name = "Css"
        self.css = css


_BASE_CSS = """
.leaflet-container { background: #cfe0ec; }
.im-legend { background: rgba(255,255,255,.92); padding: 5px 7px; border-radius: 4px; font: 11px/1.3 sans-serif;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 230px; }
.im-legend .two { columns: 2; column-gap: 8px; }
.im-legend i { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 5px;
  vertical-align: -1px; border: 1px solid #333; }
.im-legend .sq { border-radius: 1px; }
.im-legend b { display: block; margin: 2px 0; }
.im-legend small { display: block; color: #444; margin-top: 3px; }
.im-pop { font: 12px/1.4 sans-serif; max-width: 320px; }
.im-pop blockquote { margin: 4px 0; padding-left: 6px; border-left: 3px solid #999; font-style: italic; }
.im-pop .k { color: #555; }
.marker-cluster div { font-weight: bold; }
"""


class Legend(MacroElement):
    """A static legend control.  Its HTML is built from our own labels, never from documents."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var legend = L.control({position: {{ this.position|tojson }}});
          legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'im-legend');
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            return div;
          };
          legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, html_text: str, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.html = html_text
        self.position = position


def alignment_color(alignment: str) -> str:
    """A stable colour per alignment (known ones fixed, others from a small palette)."""
    if alignment in ALIGNMENT_COLORS:
        return ALIGNMENT_COLORS[alignment]
    return _FALLBACK_COLORS[sum(map(ord, alignment)) % len(_FALLBACK_COLORS)]


def legend_html(alignments: Iterable[str] | Mapping[str, str] = (), score_text: str | None = None) -> str:
    """The legend: one coloured dot per event layer, then the influence layer's key and score.

    ``alignments`` is a list of keys or a mapping key -> label (the registry's labels).
    """
    rows = ["<b>Events</b>"]
    for style in TYPE_STYLE.values():
        rows.append(f'<div><i style="background:{style["color"]}"></i>{safe(style["label"])}</div>')
    rows.append("<small>Circles with a number are clusters; size grows with the count.</small>")
    labels = dict(alignments) if isinstance(alignments, Mapping) else {a: a.replace("_", " ") for a in alignments}
    if labels:
        rows.append("<b>Influence (hexagons, toggle in the sidebar)</b><div class='two'>")
        for a, label in labels.items():
            rows.append(f'<div><i class="sq" style="background:{alignment_color(a)}"></i>{safe(label)}</div>')
        rows.append("</div>")
        if score_text:
            rows.append(f"<small>{safe(score_text)}</small>")
    return "".join(rows)


def base_map(*, alignments: Iterable[str] | Mapping[str, str] = (), score_text: str | None = None,
             online: bool | None = None, center: tuple[float, float] = CENTER, zoom: int = ZOOM) -> folium.Map:
    """The constant part of the map: boundaries, legend, optional online tiles.

    Keep this identical between reruns: streamlit-folium hashes it to decide
    whether to remount the iframe, and events travel separately as feature groups.
    ``tiles=None`` drops folium's ``max_zoom``, without which clusters draw
    nothing, so it is passed to Leaflet directly.
    """
    use_local_assets()
    m = folium.Map(location=list(center), zoom_start=zoom, tiles=None, prefer_canvas=True,
                   control_scale=True, maxZoom=MAX_ZOOM, minZoom=2, worldCopyJump=True)
    m.add_child(_Css(_BASE_CSS))
    m.add_child(BoundaryLayer("countries", {"fillColor": "#f4f1ea", "fillOpacity": 1.0, "color": "#8a8a8a",
                                            "weight": 0.8}))
    m.add_child(BoundaryLayer("admin1", {"fill": False, "color": "#9a9a9a", "weight": 0.6, "dashArray": "3 3"}))
    if settings.ONLINE if online is None else online:
        # Opt-in extra; with no network the tiles just fail to load and the outlines stay.
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=False, control=True,
                         max_zoom=MAX_ZOOM, opacity=0.8).add_to(m)
    m.add_child(Legend(legend_html(alignments, score_text)))
    return m


# -- event layers ------------------------------------------------------------------------------------
class PointLayer(JSCSSMixin, _DataElement):
    """All events of one type as ONE element: compact columns, canvas markers, clustering.

    The browser makes an ``L.circleMarker`` per row inside an
    ``L.markerClusterGroup``; each marker carries ``feature.properties.event_id``
    (what streamlit-folium returns on click as ``last_active_drawing``) and a
    popup built lazily from strings already escaped by :func:`safe`.
    Rows with ``n > 1`` are server-side clusters (grid cells) and carry a ``cell:`` id.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var d = {{ this.payload }};
          var color = {{ this.color|tojson }};
          var group = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, animate: false,
              maxClusterRadius: 45, disableClusteringAtZoom: 12,
              iconCreateFunction: function (c) {
                var n = 0; c.getAllChildMarkers().forEach(function (m) { n += m.options.n || 1; });
                var size = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 40 : 46;
                var label = n < 10000 ? String(n) : Math.round(n / 1000) + 'k';
                return L.divIcon({className: 'marker-cluster im-cluster',
                  html: '<div style="background:' + color + ';color:#fff;opacity:.85"><span>' + label + '</span></div>',
                  iconSize: L.point(size, size)});
              }});
          var fields = d.fields, dicts = d.dicts, cols = d.cols, n = d.lat.length, markers = new Array(n);
          function value(f, i) { var v = cols[f][i]; return (dicts[f] && v !== null) ? dicts[f][v] : v; }
          function popup(i) {
            var div = document.createElement('div'); div.className = 'im-pop';
            var parts = [];
            for (var k = 0; k < fields.length; k++) {
              var v = value(fields[k][0], i);
              if (v === null || v === '' || v === undefined) continue;
              parts.push(fields[k][1] === 'quote' ? '<blockquote>' + v + '</blockquote>'
                         : '<div><span class="k">' + fields[k][1] + ':</span> ' + v + '</div>');
            }
            div.innerHTML = parts.join('');  /* every value was escaped by geo.maps.safe */
            return div;
          }
          function content(layer) { return popup(layer.options.row); }  /* one function shared by all markers */
          for (var i = 0; i < n; i++) {
            var cnt = d.n ? d.n[i] : 1;
            var m = L.circleMarker([d.lat[i], d.lon[i]], {radius: cnt > 1 ? Math.min(6 + 2 * Math.log(cnt), 22) : 5,
                color: '#222', weight: 0.6, fillColor: color, fillOpacity: 0.85, n: cnt, row: i});
            m.feature = {type: 'Feature', geometry: {type: 'Point', coordinates: [d.lon[i], d.lat[i]]},
                         properties: {event_id: d.id[i], type: {{ this.event_type|tojson }}, n: cnt}};
            m.bindPopup(content, {maxWidth: 340});
            markers[i] = m;
          }
          group.addLayers(markers);
          group.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    default_js = [("markercluster", f"{STATIC_URL}/markercluster/leaflet.markercluster.js")]
    default_css = [
        ("markerclustercss", f"{STATIC_URL}/markercluster/MarkerCluster.css"),
        ("markerclusterdefault", f"{STATIC_URL}/markercluster/MarkerCluster.Default.css"),
    ]

    def __init__(self, payload: dict[str, Any], event_type: str, color: str):
        super().__init__()
        self._name = "PointLayer"
        self.payload = _js_json(payload)
        self.event_type = event_type
        self.color = color


_POPUP_FIELDS = (
    ("type", "Type"), ("date", "Date"), ("place", "Place"), ("actors", "Actors"),
    ("fatalities", "Fatalities"), ("quote", "quote"), ("doc", "Source"), ("event_id", "Event"),
)


def _encode(values: pd.Series, dictionary: bool) -> tuple[list[Any], list[str] | None]:
    """Escaped strings; dictionary-encoded when values repeat (docs, places, dates), so only uniques are escaped."""
    if not dictionary:
        return [None if v is None or v != v else safe(v) for v in values.tolist()], None
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return [None if c < 0 else c for c in codes.tolist()], [safe(u) for u in uniques]


def _text(frame: Any, column: str) -> pd.Series:
    """A column as object strings with None for missing (pandas NA/NaN-free)."""
    series = frame[column].astype("string")
    return series.astype(object).where(series.notna(), None)


def popup_columns(frame: Any) -> dict[str, Any]:
    """The popup text of every row as escaped, compact columns (see :class:`PointLayer`).

    Vectorised: a per-row Python loop took over a second for 20k events.
    """
    date = _text(frame, "date")
    date_prec = _text(frame, "date_precision")
    date_text = (date + " (" + date_prec + ")").where(date_prec.notna(), date).fillna("unknown")
    name = _text(frame, "place").fillna(_text(frame, "place_resolved"))
    resolved = _text(frame, "place_resolved")
    place = name.where(resolved.isna() | (resolved == name), name + " → " + resolved)
    country = _text(frame, "country")
    place = place.where(country.isna(), place + ", " + country)
    prec = frame["precision"].map(lambda p: PRECISION_LABEL.get(int(p)) if p == p and p is not None else None)
    prec = prec.astype(object).where(prec.notna(), None)
    place = place.where(prec.isna(), place + " (precision: " + prec + ")").where(name.notna(), None)
    actors = pd.Series([", ".join(map(str, a)) if isinstance(a, list | tuple) and len(a) else None
                        for a in frame["actors"].tolist()], index=frame.index, dtype=object)
    quote = _text(frame, "quote")
    quote = quote.where(quote.isna() | (quote.str.len() <= 600), quote.str.slice(0, 600) + "…")
    labels = frame["type"].map(lambda t: TYPE_STYLE.get(t, {"label": t})["label"])
    raw = {
        "type": labels, "date": date_text, "place": place, "actors": actors,
        "fatalities": _text(frame, "fatalities"), "quote": quote, "doc": _text(frame, "doc"),
        "event_id": _text(frame, "event_id"),
    }
    cols: dict[str, Any] = {}
    dicts: dict[str, Any] = {}
    for key, values in raw.items():
        codes, table = _encode(values, dictionary=key not in ("quote", "event_id"))
        cols[key] = codes
        if table is not None:
            dicts[key] = table
    return {"cols": cols, "dicts": dicts, "fields": [[f, label] for f, label in _POPUP_FIELDS]}


def _located(frame: Any) -> Any:
    return frame[frame["lat"].notna() & frame["lon"].notna()]


def _point_payload(frame: Any) -> dict[str, Any]:
    payload = popup_columns(frame)
    payload["lat"] = [round(float(v), 5) for v in frame["lat"]]
    payload["lon"] = [round(float(v), 5) for v in frame["lon"]]
    payload["id"] = [str(v) for v in frame["event_id"]]
    return payload


def cluster_step(n_points: int) -> float:
    """Grid step (degrees) of the server-side clusters: coarser as the number of points grows."""
    if n_points <= 50_000:
        return 0.1
    if n_points <= 200_000:
        return 0.4
    return 0.8


def _cluster_payload(frame: Any, step: float) -> dict[str, Any]:
    """Aggregate one type's points into grid cells: count, mean position, years, top places (escaped).

    A plain lat/lon grid, vectorised with numpy/pandas: per-point H3 calls and a
    Python loop over cells cost most of a 100k-event redraw.  Each cluster sits
    at the mean position of its events, not at the cell centre.
    """
    lat = frame["lat"].to_numpy()
    lon = frame["lon"].to_numpy()
    key = (np.floor(lat / step).astype(np.int64) * 100_000 + np.floor(lon / step).astype(np.int64))
    work = pd.DataFrame({"cell": key, "lat": lat, "lon": lon, "year": frame["year"].to_numpy(dtype="float64",
                                                                                           na_value=np.nan),
                         "place": frame["place_resolved"].fillna(frame["place"]).fillna("?").to_numpy()})
    stats = work.groupby("cell", sort=False).agg(n=("lat", "size"), lat=("lat", "mean"), lon=("lon", "mean"),
                                                 first=("year", "min"), last=("year", "max"))
    places = (work.groupby(["cell", "place"], sort=False).size().rename("k").reset_index()
              .sort_values(["cell", "k"], ascending=[True, False]).groupby("cell", sort=False).head(3))
    top: dict[int, list[str]] = {}
    for cell, place, k in zip(places["cell"].tolist(), places["place"].tolist(), places["k"].tolist(), strict=True):
        top.setdefault(cell, []).append(f"{place} ({k})")
    first = stats["first"].to_numpy()
    last = stats["last"].to_numpy()
    dates = ["unknown" if f != f else f"{int(f)}–{int(t)}" for f, t in zip(first.tolist(), last.tolist(), strict=True)]
    label = TYPE_STYLE.get(str(frame["type"].iloc[0]), {"label": ""})["label"] if len(frame) else ""
    counts = stats["n"].astype(int).tolist()
    note = safe("zoom in or narrow the filters to see single events")
    return {
        "lat": stats["lat"].round(5).tolist(), "lon": stats["lon"].round(5).tolist(),
        "id": [f"cell:{step}:{c}" for c in stats.index.tolist()], "n": counts,
        # counts, year ranges and our labels hold no document text; place names do and are escaped.
        "cols": {"type": [f"{c:,} × {label}" for c in counts], "date": dates,
                 "place": [safe(", ".join(top.get(c, []))) for c in stats.index.tolist()],
                 "note": [note] * len(counts)},
        "dicts": {},
        "fields": [["type", "Events"], ["date", "Years"], ["place", "Top places"], ["note", "Note"]],
    }


def event_layers(frame: Any, *, point_limit: int = POINT_LIMIT) -> list[folium.FeatureGroup]:
    """One FeatureGroup per event type (fixed order and colour), ready for ``feature_group_to_add``.

    Parameters
    ----------
    frame
        The filtered events (``Store.events_frame()`` columns).  Rows without
        coordinates are skipped (they are still in the table).
    point_limit
        Above this many located events, each type is drawn as server-side grid
        clusters instead of one marker per event.
    """
    located = _located(frame)
    aggregate = len(located) > point_limit
    if aggregate:  # only what the clusters need: selecting 25 columns per type cost 0.15 s at 100k
        located = located[["type", "lat", "lon", "year", "place", "place_resolved"]]
    step = cluster_step(len(located))
    groups = []
    for event_type, style in TYPE_STYLE.items():
        part = located[located["type"] == event_type]
        fg = folium.FeatureGroup(name=f'{style["label"]} ({len(part):,})', overlay=True, control=True)
        if len(part):
            payload = _cluster_payload(part, step) if aggregate else _point_payload(part)
            fg.add_child(PointLayer(payload, event_type, style["color"]))
        groups.append(fg)
    return groups


class HeatLayer(JSCSSMixin, _DataElement):
    """Leaflet.heat over compact lat/lon arrays (folium's HeatMap serialised 100k points in 1.8 s)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var d = {{ this.payload }}, pts = new Array(d.lat.length);
          for (var i = 0; i < pts.length; i++) { pts[i] = [d.lat[i], d.lon[i]]; }
          L.heatLayer(pts, {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    default_js = [("leaflet-heat.js", f"{STATIC_URL}/leaflet-heat/leaflet_heat.min.js")]

    def __init__(self, lat: list[float], lon: list[float], **options: Any):
        super().__init__()
        self._name = "HeatLayer"
        self.payload = _js_json({"lat": lat, "lon": lon})
        self.options = options


def heat_layer(frame: Any, *, radius: int = 14) -> folium.FeatureGroup:
    """A heatmap of every located event (no per-point interaction; pair it with the table)."""
    located = _located(frame)
    fg = folium.FeatureGroup(name=f"Heatmap ({len(located):,})", overlay=True, control=True)
    if len(located):
        fg.add_child(HeatLayer(located["lat"].round(3).tolist(), located["lon"].round(3).tolist(),
                               radius=radius, blur=18, minOpacity=0.3, maxZoom=10))
    return fg


# -- influence choropleth ------------------------------------------------------------------------------
def _alignment_counts(props: Mapping[str, Any]) -> dict[str, int]:
    """``n_<alignment>`` properties of a :func:`geo.influence.alignment_activity` cell."""
    return {k[2:]: int(v) for k, v in props.items() if k.startswith("n_") and isinstance(v, int | float) and v}


def influence_layer(collection: Mapping[str, Any], *, name: str = "Influence by alignment",
                    labels: Mapping[str, str] | None = None) -> folium.FeatureGroup:
    """The influence choropleth of :func:`geo.influence.alignment_activity`: one hexagon per H3 cell.

    Colour = the cell's dominant alignment; opacity = its ``intensity``
    (log-scaled activity, falling back to ``score``).  The tooltip gives the
    score and every alignment's event count.  Properties are rebuilt here and
    escaped, so nothing raw reaches the browser's ``innerHTML``.
    """
    labels = dict(labels or {})
    features = []
    for feature in collection.get("features", []):
        props = feature.get("properties", {})
        dominant = str(props.get("dominant") or "unknown")
        score = float(props.get("score") or 0.0)
        weight = props.get("intensity", score)
        counts = _alignment_counts(props)
        detail = ", ".join(f"{labels.get(k, k.replace('_', ' '))} {v}"
                           for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
        label = str(props.get("label") or f"{labels.get(dominant, dominant)}: score {score:.2f}")
        features.append({
            "type": "Feature", "geometry": feature.get("geometry"),
            "properties": {"label": safe(f"{label} (score {score:.2f}; events by alignment: {detail or 'none'})"),
                           "color": alignment_color(dominant),
                           "opacity": round(0.15 + 0.6 * min(max(float(weight or 0), 0.0), 1.0), 3)},
        })
    fg = folium.FeatureGroup(name=f"{name} ({len(features):,} cells)", overlay=True, control=True)
    if features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            style_function=lambda f: {"fillColor": f["properties"]["color"], "color": f["properties"]["color"],
                                      "weight": 0.5, "fillOpacity": f["properties"]["opacity"]},
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        ).add_to(fg)
    return fg


def layer_control() -> folium.LayerControl:
    """The layer switcher, expanded so each type's count is visible at a glance."""
    return folium.LayerControl(collapsed=False, position="topright")


# -- whole map (for exports, tests and benchmarks; the app uses base_map + feature groups) -----------------
def build_map(frame: Any, *, influence: Mapping[str, Any] | None = None, heat: bool = True,
              point_limit: int = POINT_LIMIT) -> folium.Map:
    """A complete map in one folium object (what ``standalone_html`` exports)."""
    m = base_map()
    for fg in event_layers(frame, point_limit=point_limit):
        fg.add_to(m)
    if heat:
        heat_layer(frame).add_to(m)
    if influence is not None:
        influence_layer(influence).add_to(m)
    layer_control().add_to(m)
    return m

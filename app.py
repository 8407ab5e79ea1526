"""influence-map: who does what, where and when — the interactive map.

Run with ``streamlit run app.py``.  The screen, top to bottom: filters in the
sidebar (mirrored in the URL), the map (one layer per event type, clusters,
optional heatmap and influence hexagons), then the events table with the
provenance of the selected event, the timeline, counts by actor and country,
and an actor profile.  Business logic lives in ``geo.query`` and ``geo.maps``.
"""
from __future__ import annotations

import logging
import os
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import maps, query, settings
from geo.records import EVENT_TYPES

if TYPE_CHECKING:
    import altair as alt

log = logging.getLogger("influence-map.app")
PARAMS = "query-params"

st.set_page_config(page_title="influence-map", page_icon=":world_map:", layout="wide")


# -- resources and cached queries ----------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def get_store(url: str):
    from geo.store import Store

    return Store(url)


def _load_registry():
    """The actor registry, or None while ``geo.actors`` is unavailable (the app still works)."""
    from geo.errors import GeoError

    try:
        from geo.actors import get_registry as load

        return load()
    except (ImportError, GeoError) as exc:
        log.warning("actor registry unavailable: %s", exc)
        return None


@st.cache_resource(show_spinner=False)
def _registry_loading() -> Future:
    """Start reading the registry in a background thread, once per server process.

    Why: parsing ``actors.yaml`` took 0.3 s of the cold first load, on top of
    reading the events.  Started first thing in :func:`main`, it overlaps the
    events read (SQLite releases the GIL while it fetches rows).
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="registry")
    future = pool.submit(_load_registry)
    pool.shutdown(wait=False)
    return future


def get_registry():
    """The actor registry (waits for the background load), or None if it could not load."""
    return _registry_loading().result()


def store_version(url: str) -> tuple[int, int]:
    """(write generation, number of events): the cache key of every query.

    The generation changes with every write (by this app or by ``geo build``),
    including an edited document whose events are replaced by as many new ones,
    which the document and event counts alone missed (stale map and table).
    """
    store = get_store(url)
    return store.version(), int(store.counts()["events"])


# The two event frames are cache_resource (one shared object, treat as read-only), not cache_data:
# cache_data hands every caller an unpickled copy, 0.3 s per call for 100k events.
@st.cache_resource(show_spinner=False, max_entries=2)
def events(url: str, version: tuple[int, int]) -> pd.DataFrame:
    return get_store(url).events_frame()


@st.cache_resource(show_spinner=False, max_entries=32)
def filtered(url: str, version: tuple[int, int], filters: query.Filters) -> pd.DataFrame:
    frame = events(url, version)
    if filters.is_default():  # the first screen: no 100k-row copy (both frames are shared and read-only)
        return frame
    registry = get_registry()
    return query.apply(frame, filters, registry.expand if registry is not None else None)


@st.cache_data(show_spinner=False, max_entries=16)
def facets(url: str, version: tuple[int, int]) -> dict:
    frame = events(url, version)
    return {"years": query.years_present(frame), "actors": query.actors_present(frame),
            "countries": query.countries_present(frame)}


@st.cache_resource(show_spinner=False, max_entries=16)
def event_layers(url: str, version: tuple[int, int], filters: query.Filters):
    return maps.event_layers(filtered(url, version, filters))


@st.cache_resource(show_spinner=False, max_entries=8)
def heat_layer(url: str, version: tuple[int, int], filters: query.Filters):
    return maps.heat_layer(filtered(url, version, filters))


@st.cache_data(show_spinner=False, max_entries=8)
def influence_cells(url: str, version: tuple[int, int], filters: query.Filters) -> dict | None:
    from geo.influence import alignment_activity

    registry = get_registry()
    if registry is None:
        return None
    return alignment_activity(filtered(url, version, filters), registry)


def alignment_labels() -> dict[str, str]:
    """Alignment key -> label, for the legend (the registry's labels when it is available)."""
    registry = get_registry()
    labels = getattr(registry, "labels", None) or {}
    from geo.actors import ALIGNMENTS

    return {a: labels.get(a, a.replace("_", " ")) for a in ALIGNMENTS}


# -- first run: build the store from the bundled corpus --------------------------------------------------
def build_store_if_empty(url: str) -> None:
    store = get_store(url)
    if not store.is_empty():
        return
    st.info(f"The event store is empty: building it from {settings.CORPUS_DIR.name}/ (one-off).")
    bar = st.progress(0.0, text="Reading the corpus…")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / max(total, 1), text=f"{done}/{total}: {Path(name).name}")

    report = store.ingest([settings.CORPUS_DIR], progress=progress)
    bar.empty()
    st.success(report.summary().splitlines()[0])
    st.cache_data.clear()


# -- sidebar --------------------------------------------------------------------------------------------
def sidebar_filters(facet: dict) -> query.Filters:
    sb = st.sidebar
    sb.header("Filters")
    years = facet["years"]
    year_range = None
    if years is not None and years[0] < years[1]:
        year_range = sb.slider("Years", years[0], years[1], value=years, step=1, key="years", bind=PARAMS)
    elif years is not None:
        sb.caption(f"All dated events are from {years[0]}.")
    unknown = sb.toggle("Include events of unknown year", value=True, key="unknown_year", bind=PARAMS)
    registry = get_registry()
    groups = sorted(registry.groups()) if registry is not None else []
    chosen_groups = sb.multiselect("Actor groups", groups, key="groups", bind=PARAMS,
                                   placeholder="e.g. all Iran-aligned, PMF factions",
                                   help="A whole alignment, or a parent organisation with all its children.")
    chosen_actors = sb.multiselect("Actors", facet["actors"], key="actors", bind=PARAMS,
                                   placeholder="type to search")
    types = sb.multiselect("Event types", list(EVENT_TYPES), default=list(EVENT_TYPES), key="types",
                           format_func=lambda t: maps.TYPE_STYLE[t]["label"], bind=PARAMS)
    countries = sb.multiselect("Countries", facet["countries"], key="countries", bind=PARAMS)
    confidence = sb.slider("Minimum confidence", 0.0, 1.0, 0.0, 0.05, key="min_confidence", bind=PARAMS)
    precision = sb.multiselect("Geo precision", [1, 2, 3], default=[1, 2, 3], key="precision", bind=PARAMS,
                               format_func=lambda p: maps.PRECISION_LABEL[p])
    text = sb.text_input("Search the quotes", key="text", bind=PARAMS, max_chars=200)
    return query.Filters(
        years=tuple(year_range) if year_range is not None and tuple(year_range) != tuple(years) else None,
        unknown_year=unknown, actors=tuple(chosen_actors), groups=tuple(chosen_groups),
        types=tuple(types) if set(types) != set(EVENT_TYPES) else (),
        countries=tuple(countries), min_confidence=float(confidence),
        precision=tuple(precision) if set(precision) != {1, 2, 3} else (), text=text.strip(),
    )


def sidebar_layers() -> tuple[bool, bool]:
    st.sidebar.header("Map layers")
    heat = st.sidebar.toggle("Heatmap", value=False, key="heat", bind=PARAMS)
    influence = st.sidebar.toggle("Influence by alignment (H3 hexagons)", value=False, key="influence",
                                  bind=PARAMS)
    return heat, influence


def sidebar_upload(url: str) -> None:
    with st.sidebar.expander("Add articles", expanded="ingest_report" in st.session_state):
        files = st.file_uploader("Articles (.txt, .html, .jsonl)", type=["txt", "html", "htm", "jsonl"],
                                 accept_multiple_files=True, key="upload")
        if files and st.button("Add to the map", key="ingest"):
            ingest_uploads(url, files)
        report = st.session_state.get("ingest_report")
        if report:
            st.text(report["summary"])
            if report["problems"]:
                st.caption("Files that could not be read")
                st.dataframe(pd.DataFrame(report["problems"]), hide_index=True, key="ingest_problems")


def ingest_uploads(url: str, files) -> None:
    """Same ingest as ``geo build``; per-file errors are kept for the report, the rest goes in, the map updates."""
    folder = Path(settings.CACHE_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in files:
        name = Path(f.name).name or "upload.txt"
        target = Path(tempfile.mkdtemp(dir=folder)) / name
        target.write_bytes(f.getvalue())
        paths.append(target)
    bar = st.progress(0.0, text="Extracting events…")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / max(total, 1), text=f"{done}/{total}: {Path(name).name}")

    report = get_store(url).ingest(paths, progress=progress)
    bar.empty()
    st.session_state["ingest_report"] = {
        "summary": report.summary(),
        "problems": [{"file": Path(p.path).name, "stage": p.stage, "reason": p.reason} for p in report.problems],
    }
    st.cache_data.clear()
    st.rerun()  # the new events are in the store: redraw everything from the new version


# -- main panels --------------------------------------------------------------------------------------------
def headline(frame: pd.DataFrame, total: int) -> None:
    st.title("influence-map")
    by_type = query.count_by_type(frame)
    cols = st.columns(len(by_type) + 1)
    cols[0].metric("Events shown", f"{len(frame):,}", help=f"of {total:,} in the store")
    for col, (t, n) in zip(cols[1:], by_type.items(), strict=True):
        col.metric(maps.TYPE_STYLE[t]["label"], f"{n:,}")


def show_map(url: str, version, filters: query.Filters, heat: bool, influence: bool) -> None:
    groups = list(event_layers(url, version, filters))
    if heat:
        groups.append(heat_layer(url, version, filters))
    if influence:
        cells = influence_cells(url, version, filters)
        if cells is None:
            st.caption("Influence layer unavailable: the actor registry could not be loaded.")
        else:
            groups.append(maps.influence_layer(cells, labels=alignment_labels()))
    located = int(filtered(url, version, filters)["lat"].notna().sum())
    if located > maps.POINT_LIMIT:
        st.caption(f"{located:,} located events: drawn as clusters computed on the server; "
                   f"narrow the filters below {maps.POINT_LIMIT:,} to get one point per event.")
    st_folium(maps.base_map(alignments=alignment_labels(), score_text=influence_legend()),
              key="map", height=560, use_container_width=True, returned_objects=["last_active_drawing"],
              feature_group_to_add=groups, layer_control=maps.layer_control(), on_change=_map_clicked)


def _map_clicked() -> None:
    value = st.session_state.get("map") or {}
    drawing = value.get("last_active_drawing") or {}
    event_id = (drawing.get("properties") or {}).get("event_id")
    if event_id and not str(event_id).startswith("cell:"):
        st.session_state["selected_event"] = event_id


def _row_selected() -> None:
    rows = st.session_state.get("table", {}).get("selection", {}).get("rows", [])
    ids = st.session_state.get("_table_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["selected_event"] = ids[rows[0]]


TABLE_COLUMNS = ["event_id", "type", "date", "place_resolved", "country", "actors", "fatalities", "confidence",
                 "quote", "doc"]


def events_table(frame: pd.DataFrame, limit: int = 50) -> None:
    """The first filtered events, selectable (a row shows its provenance below).

    Kept short on purpose: the grid and the map iframe (same origin) share the
    browser's main thread, and the grid's cost grows with its rows.  Measured at
    100k events (time from navigation to drawn clusters, new session, median of 5):
    250 rows 3.30 s, 100 rows 2.92 s, 50 rows 2.73 s, no table about 2.5 s; 1,000
    rows had cost a whole second.  Lazy loading cannot be combined with row
    selection in this Streamlit version.
    """
    shown = frame[TABLE_COLUMNS].head(limit)
    st.session_state["_table_ids"] = list(shown["event_id"])
    if len(frame) > limit:
        st.caption(f"Showing the first {limit:,} of {len(frame):,} events: narrow the filters, click a point, "
                   "or download them all (sidebar).")
    st.dataframe(shown, hide_index=True, key="table", on_select=_row_selected, selection_mode="single-row",
                 height=320, column_config={"confidence": st.column_config.NumberColumn(format="%.2f")})


def provenance(url: str, frame: pd.DataFrame) -> None:
    """Where the selected event comes from: the sentence, the document, offsets and why (all as plain text)."""
    event_id = st.session_state.get("selected_event")
    st.subheader("Provenance")
    match = frame[frame["event_id"] == event_id] if event_id else frame.iloc[0:0]
    if match.empty:
        st.caption("Select a row of the table or click a point on the map.")
        return
    row = match.iloc[0]
    st.text(f"Event {row.event_id} — {row.type}, {row.date or 'date unknown'} ({row.date_precision or '-'})")
    st.text(f"“{row.quote}”")
    details = {
        "document": row.doc, "article": row.article, "offsets": f"{row.start}–{row.end}",
        "place": f"{row.place} → {row.place_resolved} ({row.country}), precision {row.precision}",
        "actors": ", ".join(row.actors), "fatalities": row.fatalities, "confidence": row.confidence,
        "why": row.why, "source": row.source,
    }
    st.dataframe(pd.DataFrame({"field": list(details), "value": [str(v) for v in details.values()]}),
                 hide_index=True, width="stretch")
    mentions = get_store(url).mentions(str(row.event_id))
    if mentions:
        st.caption("Every sentence that supports this event")
        st.dataframe(pd.DataFrame(mentions), hide_index=True, width="stretch")


def timeline(frame: pd.DataFrame) -> None:
    import altair as alt
    data = query.count_by_year_type(frame)
    if data.empty:
        st.caption("No dated events.")
        return
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("year:O", title="Year"), y=alt.Y("events:Q", title="Events"),
        color=alt.Color("type:N", scale=type_scale(), title="Type"), tooltip=["year", "type", "events"])
    st.altair_chart(chart, width="stretch")


def counts(frame: pd.DataFrame) -> None:
    left, right = st.columns(2)
    left.caption("Events by actor")
    left.dataframe(query.count_by_actor(frame).head(50), hide_index=True, key="by_actor", height=300)
    right.caption("Events by country")
    right.dataframe(query.count_by_country(frame), hide_index=True, key="by_country", height=300)


def influence_legend() -> str:
    from geo.influence import LEGEND

    return LEGEND


@st.cache_data(show_spinner=False, max_entries=32)
def actor_profile(url: str, version: tuple[int, int], filters: query.Filters, name: str) -> dict | None:
    from geo.influence import actor_profile as profile_of

    try:
        return profile_of(filtered(url, version, filters), get_registry(), name)
    except KeyError:
        return None


def actor_panel(url: str, version, filters: query.Filters, frame: pd.DataFrame) -> None:
    """One actor: events by year and type, places, partners and adversaries, its hierarchy as a small network."""
    registry = get_registry()
    choices = query.actors_present(frame)
    if registry is None or not choices:
        st.caption("No actor to profile (no actors in these events, or no registry).")
        return
    name = st.selectbox("Actor", choices, index=None, key="profile_actor", placeholder="choose an actor")
    if name is None:
        return
    profile = actor_profile(url, version, filters, name)
    if profile is None:
        st.text(f"{name} is not in the actor registry (an ad-hoc name from the text).")
        return
    import altair as alt

    facts = profile["actor"]
    st.text(f"{facts['name']} — {facts['kind']}, {facts['alignment_label']}, {facts['country'] or 'no country'}"
            f"; {profile['events']} events in the store")
    left, right = st.columns(2)
    with left:
        rows = pd.DataFrame(profile["by_year_type"])
        if not rows.empty:
            st.altair_chart(alt.Chart(rows.dropna(subset=["year"])).mark_bar().encode(
                x=alt.X("year:O", title="Year"), y=alt.Y("events:Q", title="Events"),
                color=alt.Color("type:N", scale=type_scale(), title="Type")), width="stretch")
        st.caption("Places")
        st.dataframe(pd.DataFrame(profile["places"]), hide_index=True, key="profile_places", height=200)
    with right:
        network = profile.get("network") or {}
        if network.get("nodes"):
            st.caption("Parent, chain of command, children and fronts")
            st.altair_chart(network_chart(network), width="stretch")
        st.caption("Partners (same alignment or hierarchy) and adversaries met in events")
        met = [dict(r, relation="partner") for r in profile["partners"]] + \
              [dict(r, relation="adversary") for r in profile["adversaries"]]
        st.dataframe(pd.DataFrame(met), hide_index=True, key="profile_met", height=200)


def type_scale() -> alt.Scale:
    import altair as alt  # imported when a chart is drawn: keeps the first page load short

    return alt.Scale(domain=list(maps.TYPE_STYLE), range=[s["color"] for s in maps.TYPE_STYLE.values()])


NETWORK_ROWS = {"commander": 2, "organisation": 2, "parent": 1, "self": 0, "child": -1, "front": -1, "person": -2}


def network_chart(network: dict) -> alt.LayerChart:
    """Nodes in rows (commanders, parents, the actor, children and fronts, people), edges as lines."""
    import altair as alt
    nodes = pd.DataFrame(network["nodes"])
    nodes["row"] = nodes["role"].map(NETWORK_ROWS).fillna(-2)
    nodes["x"] = nodes.groupby("row").cumcount() - nodes.groupby("row")["id"].transform("size").sub(1) / 2
    where = nodes.set_index("id")[["x", "row"]]
    links = [e for e in network.get("edges", []) if e["source"] in where.index and e["target"] in where.index]
    edges = pd.DataFrame([{"x": where.loc[e["source"], "x"], "row": where.loc[e["source"], "row"],
                           "x2": where.loc[e["target"], "x"], "row2": where.loc[e["target"], "row"],
                           "relation": e["relation"]} for e in links])
    colour = alt.Color("alignment:N", scale=alt.Scale(domain=list(maps.ALIGNMENT_COLORS),
                                                       range=list(maps.ALIGNMENT_COLORS.values())), legend=None)
    points = alt.Chart(nodes).mark_circle(size=220).encode(
        x=alt.X("x:Q", axis=None), y=alt.Y("row:Q", axis=None, scale=alt.Scale(domain=[-2.5, 2.5])), color=colour,
        tooltip=["name", "role", "kind", "alignment"])
    text = alt.Chart(nodes).mark_text(dy=-14, fontSize=11).encode(x="x:Q", y="row:Q", text="name:N")
    layers = [points, text]
    if not edges.empty:
        layers.insert(0, alt.Chart(edges).mark_rule(color="#999").encode(
            x="x:Q", y="row:Q", x2="x2:Q", y2="row2:Q", tooltip=["relation"]))
    return alt.layer(*layers).properties(height=260)


def downloads(url: str, version, filters: query.Filters) -> None:
    st.sidebar.header("Download")
    st.sidebar.download_button("Map for offline colleagues (HTML)", lambda: _standalone(url, version, filters),
                               file_name="influence-map.html", mime="text/html", key="dl_html", on_click="ignore")
    st.sidebar.download_button("Filtered events (GeoJSON)", lambda: _geojson(url, version, filters),
                               file_name="events.geojson", mime="application/geo+json", key="dl_geojson",
                               on_click="ignore")
    st.sidebar.download_button("Filtered events (CSV)", lambda: query.to_csv(filtered(url, version, filters)),
                               file_name="events.csv", mime="text/csv", key="dl_csv", on_click="ignore")


def _standalone(url: str, version, filters: query.Filters) -> str:
    """One self-contained HTML file: Leaflet and the plugins inlined, so it opens with no server and no internet."""
    return maps.standalone_html(maps.build_map(filtered(url, version, filters), heat=False))


def _geojson(url: str, version, filters: query.Filters) -> str:
    import json

    return json.dumps(query.to_geojson(filtered(url, version, filters)), ensure_ascii=False)


# -- the screen --------------------------------------------------------------------------------------------
def main() -> None:
    url = os.environ.get("GEO_DB") or settings.DEFAULT_DB  # read per run: tests point it at a temp store
    _registry_loading()  # in the background while the events are read
    build_store_if_empty(url)
    version = store_version(url)
    facet = facets(url, version)
    filters = sidebar_filters(facet)
    heat, influence = sidebar_layers()
    downloads(url, version, filters)
    sidebar_upload(url)
    frame = filtered(url, version, filters)
    headline(frame, version[1])
    if frame.empty:
        st.warning("No event matches these filters.")
        st.stop()
    show_map(url, version, filters, heat, influence)
    # Only the open tab is computed and drawn: every rerun competes for the same CPU as the map redraw.
    table_tab, timeline_tab, counts_tab, profile_tab = st.tabs(
        ["Events", "Timeline", "Actors & countries", "Actor profile"], key="tab", on_change="rerun", bind=PARAMS)
    if table_tab.open:
        with table_tab:
            events_table(frame)
            provenance(url, frame)
    if timeline_tab.open:
        with timeline_tab:
            timeline(frame)
    if counts_tab.open:
        with counts_tab:
            counts(frame)
    if profile_tab.open:
        with profile_tab:
            actor_panel(url, version, filters, frame)


main()

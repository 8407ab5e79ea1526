"""The real app in headless Chromium: markers of every layer, filters, hostile text, offline, no JS errors.

Starts ``streamlit run app.py`` on a free port against a temporary store that
holds a hostile document, drives it with Playwright (Debian's chromium; never a
downloaded browser) and saves ``docs/screenshot.png``.  Readiness is polled
(``/_stcore/health``, selectors, JS conditions), never slept for.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from geo.records import EVENT_TYPES, Event, Mention, Place

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> ${alert(1)}"
HOSTILE_DOC = (
    "BASRA, Iraq, June 4, 2021 (Wire) -- Gunmen from Asaib Ahl al-Haq attacked a protest camp in Basra on "
    f"Friday, killing two demonstrators, after leaflets reading {HOSTILE} were pasted on the walls.\n"
)
MAP = 'iframe[title="streamlit_folium.st_folium"]'


def _events() -> list[Event]:
    """Events of every type, 2016-2023, several actors; one carries the hostile sentence."""
    actors = [("Kataib Hezbollah",), ("Hezbollah",), ("Ansar Allah",), ("protesters", "Asaib Ahl al-Haq")]
    places = [("Baghdad", 33.31, 44.37, "IQ"), ("Beirut", 33.89, 35.50, "LB"), ("Sanaa", 15.37, 44.19, "YE"),
              ("Basra", 30.51, 47.78, "IQ")]
    found = []
    for i in range(160):
        name, lat, lon, cc = places[i % 4]
        etype = EVENT_TYPES[(i // 4) % 4]
        year = 2016 + i % 8
        quote = f"Witnesses said {actors[i % 4][0]} was involved in an incident near {name} ({i})."
        if i == 7:
            quote = f"Leaflets reading {HOSTILE} were found near the camp."
        found.append(Event(
            id=f"b-{i}", doc=f"wire_{i:03d}.txt" if i != 7 else "hostile <b>doc</b>.txt", article=0,
            article_title=None, type=etype, trigger="x", quote=quote, start=0, end=len(quote),
            place=Place(name, name, lat + (i % 7) * 0.3, lon + (i % 5) * 0.3, cc, 1),
            date=f"{year}-0{1 + i % 9}-1{i % 10}", date_precision="day", actors=actors[i % 4],
            fatalities=i % 3 or None, confidence=0.5 + (i % 5) / 10, why="written for test_browser",
            mentions=(Mention("x.txt", 0, 0, len(quote), quote),), source="text",
        ))
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            time.sleep(0.1)  # polling interval, not a wait for the app
    raise AssertionError("streamlit never answered /_stcore/health")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from geo.store import Store

    tmp = tmp_path_factory.mktemp("browser")
    uploads = tmp / "to_upload"
    uploads.mkdir()
    (uploads / "upload_wire.txt").write_text(
        "MOSUL, Iraq, May 2, 2022 (Wire) -- Kataib Hezbollah fighters fired rockets at a Turkish base near Mosul "
        "on Monday, the Iraqi military said.\n", encoding="utf-8")
    (uploads / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    url = f"sqlite:///{tmp / 'events.sqlite'}"
    doc = tmp / "hostile.txt"
    doc.write_text(HOSTILE_DOC, encoding="utf-8")
    with Store(url) as store:
        store.add_events(_events(), source="test")
        report = store.ingest([doc])
        assert report.failed == 0, report.problems
    port = _free_port()
    env = dict(os.environ, GEO_DB=url, GEO_CACHE_DIR=str(tmp / "cache"), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false", "--server.enableStaticServing", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_healthy(port, proc)
        yield f"http://127.0.0.1:{port}", uploads
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Debian's chromium (apt-get install -y chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


def _metric(page, label: str) -> int:
    box = page.locator('[data-testid="stMetric"]', has=page.get_by_text(label, exact=True))
    return int(box.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))


def _wait_metric_change(page, label: str, before: int) -> int:
    page.wait_for_function(
        """([label, before]) => [...document.querySelectorAll('[data-testid="stMetric"]')].some(m =>
             m.innerText.includes(label) &&
             m.querySelector('[data-testid="stMetricValue"]').innerText.replace(/,/g, '') !== String(before))""",
        arg=[label, before], timeout=30_000)
    return _metric(page, label)


LAYER_SIZES = """() => (window.feature_group || []).filter(g => window.map.hasLayer(g)).map(g =>
    g.getLayers().reduce((n, l) => n + (l.getLayers ? l.getLayers().length : 1), 0))"""


def test_the_app_in_a_browser(server, browser):
    url, uploads = server
    page = browser.new_page(viewport={"width": 1440, "height": 1100})
    dialogs, errors, outside = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")) else None)

    page.goto(url)
    page.locator('[data-testid="stSlider"]').first.wait_for(timeout=90_000)
    page.locator(MAP).wait_for(timeout=90_000)
    frame = page.locator(MAP).element_handle().content_frame()
    frame.wait_for_function(f"() => window.map && ({LAYER_SIZES})().length === 4 && "
                            f"({LAYER_SIZES})().every(n => n > 0)", timeout=60_000)
    page.frame_locator(MAP).locator(".marker-cluster").first.wait_for(timeout=30_000)
    total = _metric(page, "Events shown")
    assert total >= 161
    per_type = frame.evaluate(LAYER_SIZES)
    assert sum(per_type) == total  # every located event is in one of the four layers

    # The hostile sentence: its popup and the provenance panel show it as text, and nothing runs.
    find = """() => { let hit = null;
        window.feature_group.forEach(g => g.eachLayer(l => l.getLayers && l.getLayers().forEach(m => {
            if (m.feature && m.feature.properties.event_id === 'b-7') hit = m; })));
        return hit; }"""
    frame.evaluate(f"() => {{ const hit = ({find})(); window.map.setView(hit.getLatLng(), 14, {{animate: false}}); }}")
    frame.wait_for_function(f"() => !!({find})()._map", timeout=15_000)  # drawn on its own, out of the cluster
    frame.evaluate(f"() => {{ const hit = ({find})(); hit.fire('click', {{latlng: hit.getLatLng()}}, true); }}")
    popup = page.frame_locator(MAP).locator(".leaflet-popup-content")
    popup.wait_for(timeout=15_000)
    assert HOSTILE in popup.inner_text()
    assert popup.locator("script, img, svg").count() == 0
    page.get_by_text("Provenance").wait_for()
    page.locator('[data-testid="stText"]', has_text=HOSTILE).wait_for(timeout=30_000)  # clicked -> provenance
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)
    # The README's screenshot: the overview map, the table and the clicked event's provenance.
    frame.evaluate("() => { window.map.setView([31.0, 42.0], 5, {animate: false}); }")
    page.frame_locator(MAP).locator(".marker-cluster").nth(3).wait_for(timeout=15_000)
    page.set_viewport_size({"width": 1440, "height": 1750})
    page.locator('[data-testid="stText"]', has_text=HOSTILE).wait_for()
    (ROOT / "docs").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))

    # Year range: move the start of the range forward; the counts drop.
    start = page.locator('[data-testid="stSlider"]').first.locator('input[type="range"]').first
    start.focus()
    start.press("ArrowRight")  # 2016 -> 2017: one change, one rerun
    after_years = _wait_metric_change(page, "Events shown", total)
    assert after_years < total
    frame.wait_for_function(f"() => ({LAYER_SIZES})().reduce((a, b) => a + b, 0) === {after_years}",
                            timeout=30_000)

    # Actor filter: only events involving Hezbollah.
    actors = page.locator('[data-testid="stMultiSelect"]', has=page.get_by_text("Actors", exact=True))
    actors.locator("input").click()
    actors.locator("input").fill("Hezbollah")
    page.get_by_role("option", name="Hezbollah", exact=True).click()
    after_actor = _wait_metric_change(page, "Events shown", after_years)
    assert 0 < after_actor < after_years
    frame.wait_for_function(f"() => ({LAYER_SIZES})().reduce((a, b) => a + b, 0) === {after_actor}",
                            timeout=30_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)

    # Upload: one good article and one binary file; the good one goes in, the bad one is named with its reason.
    page.get_by_text("Add articles").click()
    good, bad = uploads / "upload_wire.txt", uploads / "broken.txt"
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(good), str(bad)])
    page.get_by_role("button", name="Add to the map").click()
    page.locator('[data-testid="stText"]', has_text="documents: 1 new").wait_for(timeout=120_000)
    page.locator('[data-testid="stDataFrame"]', has_text="broken.txt").wait_for(state="attached", timeout=30_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)

    assert dialogs == []
    assert outside == []
    assert errors == []
    page.close()

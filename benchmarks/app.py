"""How fast the app's map draws with 1k, 10k and 100k events, next to a naive folium map.

Usage::

    python benchmarks/app.py                 # 1k, 10k, 100k
    python benchmarks/app.py --sizes 1000 10000 --naive-limit 10000

For each size it fills a temporary store with synthetic events, starts
``streamlit run app.py`` against it, and measures in headless Chromium (Debian's
chromium, assets served from 127.0.0.1):

* **first load**: from ``page.goto`` until the map's markers or clusters are drawn;
* **filter change**: from changing the year-range slider until the redrawn layer
  is in the map (the same iframe: the base map stays, only the feature groups change).

The naive baseline is what folium does by default: one ``folium.Marker`` with a
``Tooltip`` per event in a plain HTML file, timed from navigation until every marker
icon is in the DOM (timeboxed; sizes above ``--naive-limit`` are skipped).
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.records import EVENT_TYPES, Event, Mention, Place  # noqa: E402

ACTORS = ["Kataib Hezbollah", "Asaib Ahl al-Haq", "Badr Organization", "Hezbollah", "Ansar Allah",
          "Islamic State", "US forces", "Israel Defense Forces", "Turkish Armed Forces", "protesters"]
PLACES = [("Baghdad", 33.3152, 44.3661, "IQ"), ("Basra", 30.5085, 47.7804, "IQ"), ("Mosul", 36.335, 43.1189, "IQ"),
          ("Erbil", 36.1912, 44.0092, "IQ"), ("Damascus", 33.5138, 36.2765, "SY"),
          ("Deir ez-Zor", 35.3359, 40.1408, "SY"), ("Beirut", 33.8938, 35.5018, "LB"),
          ("Sanaa", 15.3694, 44.191, "YE"), ("Hodeidah", 14.7978, 42.9545, "YE"), ("Amman", 31.9539, 35.9106, "JO")]


def synthetic_events(n: int, *, seed: int = 0, years: tuple[int, int] = (2014, 2024), jitter: float = 3.0,
                     hostile: bool = False) -> list[Event]:
    """``n`` plausible events around real places (spread by ``jitter`` degrees), reproducible by seed."""
    rnd = random.Random(seed)
    found = []
    for i in range(n):
        name, lat, lon, cc = PLACES[i % len(PLACES)]
        lat += rnd.uniform(-jitter, jitter)
        lon += rnd.uniform(-jitter, jitter)
        year = rnd.randint(*years) if i % 17 else None
        etype = EVENT_TYPES[i % len(EVENT_TYPES)]
        actors = tuple(rnd.sample(ACTORS, rnd.randint(1, 2)))
        quote = f"{actors[0]} was reported near {name} in event {i}."
        if hostile and i == 0:
            quote = ("Residents saw <script>alert(1)</script> and <img src=x onerror=alert(1)> "
                     "and ${alert(1)} `x` C:\\new")
        doc = f"synthetic_{i // 50:05d}.txt"
        found.append(Event(
            id=f"syn-{seed}-{i}", doc=doc, article=0, article_title=None, type=etype, trigger="reported",
            quote=quote, start=i * 10, end=i * 10 + len(quote),
            place=Place(name, name, lat, lon, cc, 1 + i % 3, None, "city", "synthetic"),
            date=f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}" if year else None,
            date_precision="day" if year else None, actors=actors, fatalities=(i % 5) or None,
            confidence=round(rnd.uniform(0.3, 1.0), 2),
            mentions=(Mention(doc, 0, i * 10, i * 10 + len(quote), quote),), why="synthetic benchmark event",
            source="synthetic",
        ))
    return found


def fill_store(url: str, n: int, *, seed: int = 0, hostile: bool = False) -> None:
    from geo.store import Store

    with Store(url) as store:
        store.add_events(synthetic_events(n, seed=seed, hostile=hostile), source="synthetic")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(db_url: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, GEO_DB=db_url, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false", "--server.enableStaticServing", "true"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.read().decode().strip() == "ok":
                    return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def launch_browser(p):
    return p.chromium.launch(executable_path="/usr/bin/chromium",
                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])


MARKS_JS = """() => { const m = window.map; if (!m) return 0; let n = 0;
  m.eachLayer(l => { if (l instanceof L.CircleMarker
                       || (l._icon && l._icon.classList.contains('marker-cluster'))) n++; });
  return n; }"""
SIGNATURE_JS = """() => (window.feature_group || []).filter(g => window.map.hasLayer(g))
  .map(g => g.getLayers().length + ':' + (g.getLayers()[0] && g.getLayers()[0].getLayers ?
        g.getLayers()[0].getLayers().length : 0)).join('|')"""


def _wait_drawn(page, timeout_ms: int) -> None:
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator(".marker-cluster, .leaflet-interactive").first.wait_for(timeout=timeout_ms)


def time_app(port: int, changes: int = 3, timeout_ms: int = 120_000) -> dict[str, Any]:
    """First loads (cold server, then a new session) and year-range changes, in seconds, in Chromium."""
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = launch_browser(p)
        for label in ("cold", "warm"):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            _wait_drawn(page, timeout_ms)
            out[f"first_{label}"] = time.perf_counter() - t0
            if label == "cold":
                page.close()
        iframe = page.locator('iframe[title="streamlit_folium.st_folium"]').element_handle().content_frame()
        slider = page.locator('[data-testid="stSlider"]').first.locator('input[type="range"]').first
        times = []
        for _ in range(changes):
            page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout_ms)
            before = iframe.evaluate(SIGNATURE_JS)
            slider.focus()
            t1 = time.perf_counter()
            slider.press("ArrowRight")
            iframe.wait_for_function(f"() => ({SIGNATURE_JS})() !== {before!r} && ({MARKS_JS})() > 0",
                                     timeout=timeout_ms, polling=20)
            times.append(time.perf_counter() - t1)
        out["changes"] = times
        browser.close()
    return out


def time_naive(n: int, timeout_s: float) -> tuple[float | None, float]:
    """A default folium map with one Marker (DOM icon) + Tooltip per event, drawn from a local file."""
    import folium

    from geo import maps

    maps.use_local_assets(base=(ROOT / "static").as_uri())
    started = time.perf_counter()
    m = folium.Map(location=maps.CENTER, zoom_start=5, tiles=None, maxZoom=18)
    for e in synthetic_events(n):  # folium's Popup needs jQuery, which the app no longer loads: use a Tooltip
        folium.Marker([e.place.lat, e.place.lon], tooltip=maps.safe(e.quote)).add_to(m)
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, dir=ROOT / "static") as fh:
        fh.write(m.get_root().render())
    build = time.perf_counter() - started
    maps.use_local_assets()
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            page = browser.new_page()
            t0 = time.perf_counter()
            page.goto(Path(fh.name).as_uri())
            try:
                page.wait_for_function(f"() => document.querySelectorAll('.leaflet-marker-icon').length >= {n}",
                                       timeout=timeout_s * 1000, polling=100)
                draw = time.perf_counter() - t0
            except Exception:  # noqa: BLE001 - the timebox: report "> timeout" instead
                draw = None
            browser.close()
    finally:
        os.unlink(fh.name)
    return draw, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--naive-limit", type=int, default=10_000, help="largest naive map to try")
    parser.add_argument("--naive-timeout", type=float, default=60.0, help="seconds before the naive draw gives up")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; headless chromium --disable-gpu",
          flush=True)
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.sqlite"
            fill_store(url, n)
            port = free_port()
            proc = start_app(url, port)
            try:
                app = time_app(port)
            finally:
                proc.terminate()
                proc.wait(10)
        if n <= args.naive_limit:
            naive, naive_build = time_naive(n, args.naive_timeout)
            naive_text = f"{naive:.2f} s" if naive is not None else f"> {args.naive_timeout:.0f} s (timed out)"
            naive_text += f" (+ {naive_build:.1f} s to build the HTML in Python)"
        else:
            naive_text = f"not run (> --naive-limit {args.naive_limit:,})"
        changes = app["changes"]
        rows.append((n, app["first_cold"], app["first_warm"], changes[0], statistics.median(changes[1:] or changes),
                     naive_text))
        print(f"{n:>8,} events: first load {app['first_cold']:.2f} s cold / {app['first_warm']:.2f} s warm, "
              f"filter changes {', '.join(f'{c:.2f}' for c in changes)} s; naive {naive_text}; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
    print()
    print("| events | first load, cold server | first load, new session | filter change (first) | "
          "filter change (median of next) | naive folium: one Marker+Tooltip per event |")
    print("|---:|---:|---:|---:|---:|---|")
    for n, cold, warm, first, median, naive_text in rows:
        print(f"| {n:,} | {cold:.2f} s | {warm:.2f} s | {first:.2f} s | {median:.2f} s | {naive_text} |")
    print("\nfirst load: page.goto -> first marker/cluster drawn (cold = first session after `streamlit run`, "
          "imports and store load included); filter change: year slider ArrowRight -> new layers drawn in the map")
    return 0


if __name__ == "__main__":
    sys.exit(main())

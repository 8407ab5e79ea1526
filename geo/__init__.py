"""influence-map: news articles -> geolocated events of the Middle East's proxy conflicts.

``import geo`` is cheap; heavy modules (spaCy, geopandas, folium) load inside the
functions that need them.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "extract"]


def extract(paths, **kwargs):
    """Extract events from files or folders; see :func:`geo.pipeline.extract`."""
    from geo.pipeline import extract as _extract

    return _extract(paths, **kwargs)

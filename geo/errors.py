"""A small error hierarchy.  Lower stages raise; only the pipeline catches."""
from __future__ import annotations


class GeoError(Exception):
    """Base of every error influence-map raises on purpose."""


class InputError(GeoError, ValueError):
    """An input file that cannot be read as articles (empty, binary, too big...)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DataError(GeoError, RuntimeError):
    """Bundled data (registry, gazetteer, lexicons) is missing or malformed."""


class StoreError(GeoError, RuntimeError):
    """The event store could not be read or written."""

"""The ``geo`` command.  Each subcommand is a thin shell over one module."""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

from geo import __version__


def _handler(target: str):
    """Import ``module:function`` only when the subcommand runs (keeps ``geo --help`` fast)."""

    def run(args: argparse.Namespace) -> int:
        module, func = target.split(":")
        return getattr(importlib.import_module(module), func)(args)

    return run


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="geo", description="News articles -> geolocated events of Iran-aligned networks.")
    p.add_argument("--version", action="version", version=f"influence-map {__version__}")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("extract", help="files/folders -> GeoJSON FeatureCollection of events")
    s.add_argument("paths", nargs="+", help="files (.txt .md .html .jsonl) or folders")
    s.add_argument("--out", "-o", default="-", help="output GeoJSON file (default: stdout)")
    s.add_argument("--strict", action="store_true", help="exit 2 if any input had an error")
    s.add_argument("--workers", type=int, default=1, help="extraction processes")
    s.set_defaults(run=_handler("geo.pipeline:cli_extract"))

    s = sub.add_parser("evaluate", help="score predicted events against a gold file (GUIDELINES.md)")
    s.add_argument("gold", help="gold JSONL")
    s.add_argument("pred", help="predicted GeoJSON")
    s.add_argument("--errors", action="store_true", help="list misses and false positives")
    s.add_argument("--json", action="store_true", help="print the report as JSON")
    s.set_defaults(run=_handler("geo.evaluate:cli_evaluate"))

    s = sub.add_parser("build", help="ingest files/folders into the event store")
    s.add_argument("paths", nargs="*", help="files or folders (default: the bundled corpus)")
    s.add_argument("--db", default=None, help="store URL or SQLite path (default: data/influence.sqlite)")
    s.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    s.add_argument("--workers", type=int, default=1, help="extraction processes")
    s.add_argument("--max-bytes", type=int, default=None, help="refuse files larger than this")
    s.add_argument("--reextract", action="store_true",
                   help="extract documents already stored again and replace their events (after an upgrade)")
    s.set_defaults(run=_handler("geo.store:cli_build"))

    s = sub.add_parser("export", help="write the store's events as GeoJSON, GeoPackage, GeoParquet or CSV")
    s.add_argument("--format", choices=["geojson", "gpkg", "parquet", "csv"], default="geojson")
    s.add_argument("--out", "-o", default=None, help="output file (default: stdout for geojson/csv)")
    s.add_argument("--db", default=None)
    s.add_argument("--year", action="append", default=[], help="a year or a range 2018-2020; repeatable")
    s.add_argument("--actor", action="append", default=[], help="actor name, id or group; repeatable")
    s.add_argument("--type", action="append", default=[], help="event type; repeatable")
    s.set_defaults(run=_handler("geo.store:cli_export"))

    s = sub.add_parser("import", help="import an ACLED CSV export or a GeoJSON in the extract contract")
    s.add_argument("file")
    s.add_argument("--db", default=None)
    s.set_defaults(run=_handler("geo.store:cli_import"))

    s = sub.add_parser("geoparse", help="find and resolve toponyms in JSONL documents")
    s.add_argument("input", help="JSONL with doc_id, text and optional toponyms")
    s.add_argument("--out", "-o", default="-")
    s.add_argument("--gold-spans", action="store_true", help="resolve exactly the given spans")
    s.set_defaults(run=_handler("geo.geoparse:cli_geoparse"))

    s = sub.add_parser("actors", help="the actor registry: list, show, resolve")
    asub = s.add_subparsers(dest="actors_command", required=True)
    a = asub.add_parser("list", help="list actors")
    a.add_argument("--alignment", default=None)
    a.add_argument("--kind", default=None)
    a = asub.add_parser("show", help="one actor with its chain of command")
    a.add_argument("name")
    a = asub.add_parser("resolve", help="resolve a name to its canonical actor")
    a.add_argument("name")
    s.set_defaults(run=_handler("geo.actors:cli_actors"))
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return int(args.run(args) or 0)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""The ``rangemap`` command line: argument parsing and messages only; each command calls the API."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

import shapely

from rangemap import analysis, catalog, render, units
from rangemap.catalog.points import count_rows, iter_point_batches
from rangemap.errors import RangemapError
from rangemap.io import export
from rangemap.io.atomic import check_output_path, write_atomic
from rangemap.io.sites import read_sites_file
from rangemap.io.tables import batch_writer, table_format

EXIT_BAD_INPUT = 2


class CommandLineError(RangemapError):
    """Bad input on the command line (reported as one line, exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one short line instead of usage + traceback-like noise
        raise CommandLineError(message)


def parse_lat_lon(text: str) -> tuple[float, float]:
    """``"50.6,36.6"`` → (50.6, 36.6), with a one-line error naming the bad value."""
    try:
        return units.parse_lat_lon(text)
    except RangemapError as err:
        raise CommandLineError(f"--at {err}") from None


def _cmd_reach(args) -> int:
    lat, lon = parse_lat_lon(args.at)
    feature = export.reach_feature(lat, lon, units.parse_distance(args.range),
                                   min_range_m=units.parse_distance(args.min_range),
                                   tolerance_m=_tolerance(args.tolerance))
    if args.format == "wkt":
        print(shapely.from_geojson(json.dumps(feature["geometry"])).wkt)
    else:
        json.dump(feature, sys.stdout)
        sys.stdout.write("\n")
    return 0


def _tolerance(text: str) -> float:
    value = units.parse_distance(text if any(c.isalpha() for c in text) else f"{text} m")
    if value <= 0:
        raise CommandLineError(f"--tolerance {text!r} must be positive")
    return value


def _output_path(text: str, *, default: str | None = None) -> Path:
    """Check the output path before any work; only the default folder is created."""
    path = Path(text)
    if text == default:
        path.parent.mkdir(parents=True, exist_ok=True)
    return check_output_path(path)


def _save_map(m, path: Path) -> None:
    html = m.get_root().render()
    write_atomic(path, html)
    print(f"rangemap: wrote {path} ({len(html.encode()) / 1e6:.1f} MB)")


def _sites_arg(args):
    """Launch points from --site, --at or --sites-file."""
    if args.sites_file:
        return read_sites_file(args.sites_file)
    if args.at:
        return [parse_lat_lon(text) for text in args.at]
    return args.site


def _cmd_targets(args) -> int:
    output = _output_path(args.output) if args.output else None
    if output is not None:
        table_format(output)  # a bad suffix fails before any work
    table = analysis.reach(args.system, _sites_arg(args), geometry=False)  # distances decide: no polygons
    if args.targets_file or args.scheduler:
        return _stream_targets(args, table, output)
    targets = analysis.targets_in_reach(table, countries=args.country)
    targets = targets.sort_values(["system", "distance_km"], kind="stable")
    if output is not None:
        with batch_writer(output) as write:
            write(targets)
        print(f"rangemap: wrote {output} ({len(targets)} rows)", file=sys.stderr)
        return 0
    totals = analysis.summary(targets)
    columns = analysis.TARGET_COLUMNS
    if args.format == "table":
        sys.stdout.write(targets[columns].to_string(index=False) + "\n\n" + totals.to_string(index=False) + "\n")
    else:
        _print_table(targets, columns, args.format, None)
        for row in totals.itertuples():
            print(f"rangemap: {row.system}: {row.cities} cities, {row.population:,} people within reach",
                  file=sys.stderr)
    return 0


def _stream_targets(args, table, output) -> int:
    """Targets from a file, a batch at a time (or a partition at a time on Dask), to a file or stdout."""
    source = args.targets_file
    progress = _progress(count_rows(source) if source else None)
    if args.scheduler:
        from rangemap.analysis import distributed

        frames = distributed.iter_computed(table, source, countries=args.country, scheduler=args.scheduler)
    else:
        frames = ((len(batch), analysis.targets_in_reach(table, batch, args.country)) for batch in
                  iter_point_batches(source))
    rows = 0
    with contextlib.ExitStack() as stack:
        write = stack.enter_context(batch_writer(output)) if output is not None else None
        for done, frame in frames:
            if write is not None:
                write(frame)
            else:
                frame.to_csv(sys.stdout, index=False, header=progress.n == 0, lineterminator="\n")
            rows += len(frame)
            progress.update(done)
    progress.close()
    print(f"rangemap: {rows} targets within reach" + (f"; wrote {output}" if output else ""), file=sys.stderr)
    return 0


def _progress(total):
    """A progress bar (points done) on stderr when it is a terminal; silent otherwise."""
    from tqdm import tqdm

    return tqdm(total=total, unit=" points", unit_scale=True, file=sys.stderr, disable=not sys.stderr.isatty(),
                desc="rangemap targets")


def _cmd_export(args) -> int:
    path = _output_path(args.output)
    export.export_format(path)  # a bad suffix fails before any work
    table = analysis.reach(args.system, _sites_arg(args), band=args.band)
    export.export_reach(table, path)
    print(f"rangemap: wrote {path} ({len(table)} reach polygons)")
    return 0


def _cmd_render(args) -> int:
    path = _output_path(args.output)
    sites = _sites_arg(args)
    m = render.reach_map(args.system, sites, cities=args.cities, band=args.band, units=args.units,
                       title=args.title, self_contained=not args.cdn, envelope=args.envelope)
    _save_map(m, path)
    return 0


DEMO_OUTPUT = "out/seed-map.html"


def _cmd_demo(args) -> int:
    path = _output_path(args.output, default=DEMO_OUTPUT)
    _save_map(render.seed_map(), path)
    return 0


def _print_table(frame, columns, fmt: str, table_columns) -> None:
    """Write a catalog table to stdout as csv (data/ columns), json (records) or an aligned text table."""
    frame = frame[columns]
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(table_columns(frame).to_string(index=False) + "\n")


def _systems_table(frame):
    out = frame[["id", "name", "class"]].copy()
    out["range"] = [units.format_distance(units.km_to_m(km)) for km in frame["range_km"]]
    out["band_km"] = [f"{lo:,.0f}-{hi:,.0f}" if lo == lo and hi == hi else "" for lo, hi in
                      zip(frame["range_low_km"], frame["range_high_km"])]
    out["source_date"] = frame["source_date"]
    return out


def _cmd_systems(args) -> int:
    _print_table(catalog.systems(), catalog.SYSTEM_COLUMNS, args.format, _systems_table)
    return 0


def _cmd_sites(args) -> int:
    _print_table(catalog.sites(), catalog.SITE_COLUMNS, args.format,
                 lambda f: f[["id", "name", "lat", "lon", "country", "kind"]])
    return 0


def _add_system_and_sites(command) -> None:
    command.add_argument("--system", nargs="+", required=True, metavar="ID", help="systems (id, alias or name)")
    where = command.add_mutually_exclusive_group(required=True)
    where.add_argument("--site", nargs="+", metavar="ID", help="named launch sites (see `rangemap sites`)")
    where.add_argument("--at", nargs="+", metavar="LAT,LON", help="launch points in degrees")
    where.add_argument("--sites-file", metavar="FILE", help="CSV (name,lat,lon) or GeoJSON Points with a name")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rangemap", description="Geodesically exact missile-reach maps (WGS84).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    reach = sub.add_parser("reach", help="GeoJSON reach of one launch point")
    reach.add_argument("--at", required=True, metavar="LAT,LON", help="launch point in degrees")
    reach.add_argument("--range", required=True, help='range, e.g. "430 mi", "692 km" (bare numbers are km)')
    reach.add_argument("--min-range", default="0", help="minimum range (default 0)")
    reach.add_argument("--tolerance", default="50", help="boundary tolerance, metres unless a unit is given")
    reach.add_argument("--format", choices=["geojson", "wkt"], default="geojson")
    reach.set_defaults(func=_cmd_reach)

    for name, func, text in (("systems", _cmd_systems, "the systems in the catalog, with sources"),
                             ("sites", _cmd_sites, "the named reference launch points")):
        table = sub.add_parser(name, help=text)
        table.add_argument("--format", choices=["table", "csv", "json"], default="table")
        table.set_defaults(func=func)

    render = sub.add_parser("render", help="an HTML reach map")
    _add_system_and_sites(render)
    render.add_argument("-o", "--output", required=True, help="HTML file to write")
    render.add_argument("--cities", action="store_true", help="mark cities within reach")
    render.add_argument("--band", action="store_true", help="also draw the reported band (dashed)")
    render.add_argument("--envelope", action="store_true", help="outline each system's reach from all sites")
    render.add_argument("--units", choices=["km", "mi"], default="km", help="units shown first in labels")
    render.add_argument("--cdn", action="store_true", help="load Leaflet from CDNs (smaller, needs network)")
    render.add_argument("--title", help="title shown on the map")
    render.set_defaults(func=_cmd_render)

    targets = sub.add_parser("targets", help="cities within reach, with distances and people in reach")
    _add_system_and_sites(targets)
    targets.add_argument("--country", help="ISO country codes to keep, e.g. UA or UA,MD")
    targets.add_argument("--format", choices=["table", "csv", "json"], default="table")
    targets.add_argument("--targets-file", metavar="FILE",
                         help="points to test instead of the cities: CSV, GeoParquet, GPKG or GeoJSON, read in batches")
    targets.add_argument("-o", "--output", help="write the targets to .parquet or .csv instead of stdout")
    targets.add_argument("--scheduler", metavar="ADDRESS",
                         help="run on this Dask scheduler (\"local\": a LocalCluster); needs rangemap[dask]")
    targets.set_defaults(func=_cmd_targets)

    exporter = sub.add_parser("export", help="reach polygons as GeoJSON (RFC 7946), KML or GeoPackage")
    _add_system_and_sites(exporter)
    exporter.add_argument("-o", "--output", required=True, help="reach.geojson, reach.kml or reach.gpkg")
    exporter.add_argument("--band", action="store_true", help="also export the reported band's low/high rings")
    exporter.set_defaults(func=_cmd_export)

    demo = sub.add_parser("demo", help="the seed scenario in one command")
    demo.add_argument("-o", "--output", default=DEMO_OUTPUT, help=f"HTML file to write (default {DEMO_OUTPUT})")
    demo.set_defaults(func=_cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; bad input gives one line on stderr and exit status 2."""
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except BrokenPipeError:  # output piped into head & co.: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (stays open until exit)
        return 0
    except ValueError as err:  # every input error in rangemap is a ValueError subclass
        print(f"rangemap: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as err:
        print(f"rangemap: error: {err.strerror or err}: {err.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_BAD_INPUT

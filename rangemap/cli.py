"""The ``rangemap`` command line: argument parsing and messages only; each command calls the API."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

import shapely

from rangemap import analysis, catalog, export, maps, units
from rangemap._files import check_output_path, write_atomic

EXIT_BAD_INPUT = 2


class CommandLineError(ValueError):
    """Bad input on the command line (reported as one line, exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one short line instead of usage + traceback-like noise
        raise CommandLineError(message)


def parse_lat_lon(text: str, option: str = "--at") -> tuple[float, float]:
    """``"50.6,36.6"`` → (50.6, 36.6), with a one-line error naming the bad value."""
    parts = text.replace(" ", "").split(",")
    if len(parts) != 2:
        raise CommandLineError(f"{option} {text!r}: expected LAT,LON in degrees, e.g. 50.5955,36.5873")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise CommandLineError(f"{option} {text!r}: latitude and longitude must be numbers") from None
    if not -90.0 <= lat <= 90.0:
        raise CommandLineError(f"{option} {text!r}: latitude {parts[0]} is outside -90..90")
    if not -180.0 <= lon <= 180.0:
        raise CommandLineError(f"{option} {text!r}: longitude {parts[1]} is outside -180..180")
    return lat, lon


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
        return catalog.read_sites_file(args.sites_file)
    if args.at:
        return [parse_lat_lon(text) for text in args.at]
    return args.site


def _systems_arg(args, *, every_by_default: bool = False):
    """Systems from --system and/or a custom --range [--min-range] [--name]; None means every system."""
    chosen = list(args.system or [])
    if args.range is not None:
        min_m = units.parse_distance(args.min_range) if args.min_range is not None else 0.0
        chosen.append(catalog.custom_system(units.parse_distance(args.range) / 1000.0, min_m / 1000.0, args.name))
    elif args.min_range is not None or args.name is not None:
        raise CommandLineError("--min-range and --name describe a custom --range: give --range too")
    if not chosen:
        if every_by_default:
            return None
        raise CommandLineError("give --system ID… and/or --range D (see `rangemap systems`)")
    return chosen


def _cmd_targets(args) -> int:
    table = analysis.reach(_systems_arg(args), _sites_arg(args))
    targets = analysis.targets_in_reach(table, countries=args.country)
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


def _cmd_export(args) -> int:
    path = _output_path(args.output)
    export.export_format(path)  # a bad suffix fails before any work
    table = analysis.reach(_systems_arg(args), _sites_arg(args), band=args.band)
    export.export_reach(table, path)
    print(f"rangemap: wrote {path} ({len(table)} reach polygons)")
    return 0


def _cmd_render(args) -> int:
    path = _output_path(args.output)
    sites = _sites_arg(args)
    m = maps.reach_map(_systems_arg(args), sites, cities=args.cities, band=args.band, units=args.units,
                       title=args.title, self_contained=not args.cdn, envelope=args.envelope)
    _save_map(m, path)
    return 0


DEMO_OUTPUT = "out/seed-map.html"


def _cmd_demo(args) -> int:
    path = _output_path(args.output, default=DEMO_OUTPUT)
    _save_map(maps.seed_map(), path)
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
    out["range"] = [units.format_distance(km * 1000.0) for km in frame["range_km"]]
    out["kind"] = frame["range_kind"]
    out["band_km"] = [f"{lo:,.0f}-{hi:,.0f}" if lo == lo and hi == hi else "" for lo, hi in
                      zip(frame["range_low_km"], frame["range_high_km"])]
    out["min_km"] = [f"{m:,.0f}" if m == m else "" for m in frame["min_range_km"]]
    out["sources"] = frame["sources"].str.replace(";", " ")
    return out


def _sources_list(frame) -> str:
    """The sources a table cites, one per line: [id] publisher, “title”, date — address."""
    known = catalog.sources().set_index("id")
    ids = dict.fromkeys(i for cell in frame["sources"] for i in cell.split(";") if i)
    return "\nSources:\n" + "".join(f"[{i}] {known.at[i, 'publisher']}, “{known.at[i, 'title']}”, "
                                     f"{known.at[i, 'date']} — {known.at[i, 'address']}\n" for i in ids)


def _cmd_systems(args) -> int:
    frame = catalog.systems()
    _print_table(frame, catalog.SYSTEM_COLUMNS, args.format, _systems_table)
    if args.format == "table":
        sys.stdout.write(_sources_list(frame))
    return 0


def _cmd_sites(args) -> int:
    frame = catalog.sites()
    _print_table(frame, catalog.SITE_COLUMNS, args.format,
                 lambda f: f[["id", "name", "lat", "lon", "country", "kind", "sources"]]
                 .assign(sources=f["sources"].str.replace(";", " ")))
    if args.format == "table":
        sys.stdout.write(_sources_list(frame))
    return 0


def _cmd_scenarios(args) -> int:
    frame = catalog.scenarios()
    if args.format == "table":
        for row in frame.itertuples(index=False):
            print(f"{row.name}: {row.title}\n  systems: {', '.join(row.systems)}\n  sites: {', '.join(row.sites)}"
                  + (f"\n  areas: {', '.join(row.areas)}" if row.areas else "") + f"\n  {row.description}\n")
    elif args.format == "csv":
        flat = frame.assign(**{k: frame[k].map(";".join) for k in ("systems", "sites", "areas")})
        flat.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    return 0


def _cmd_check(args) -> int:
    target = args.target
    if re.fullmatch(r"\s*[-+]?[\d.]+\s*,\s*[-+]?[\d.]+\s*", target):
        target = parse_lat_lon(target, "--target")
    table = analysis.check(target, _systems_arg(args, every_by_default=True), _sites_arg(args))
    if args.format == "table":
        sys.stdout.write("".join(line + "\n" for line in analysis.check_lines(table)))
    else:
        _print_table(table, analysis.CHECK_COLUMNS, args.format, None)
    return 0


def _add_system_and_sites(command, *, every: bool = False) -> None:
    command.add_argument("--system", nargs="+", metavar="ID",
                         help="systems (id, alias or name)" + ("; default: every system" if every else ""))
    command.add_argument("--range", metavar="D", help='a custom range beside or instead of --system, e.g. "500 km"')
    command.add_argument("--min-range", metavar="D", help="the custom range's minimum (default 0)")
    command.add_argument("--name", metavar="TEXT", help="a name for the custom range")
    where = command.add_mutually_exclusive_group(required=True)
    where.add_argument("--site", nargs="+", metavar="ID",
                       help="named launch sites (see `rangemap sites`) or catalog city names")
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
                             ("sites", _cmd_sites, "the named launch points, with sources"),
                             ("scenarios", _cmd_scenarios, "the scenarios shipped with the catalog")):
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
    targets.set_defaults(func=_cmd_targets)

    exporter = sub.add_parser("export", help="reach polygons as GeoJSON (RFC 7946), KML or GeoPackage")
    _add_system_and_sites(exporter)
    exporter.add_argument("-o", "--output", required=True, help="reach.geojson, reach.kml or reach.gpkg")
    exporter.add_argument("--band", action="store_true", help="also export the reported band's low/high rings")
    exporter.set_defaults(func=_cmd_export)

    checker = sub.add_parser("check", help="does a system reach a place? one line per launch point and system")
    checker.add_argument("--target", required=True, metavar="PLACE", help="a catalog site or city name, or LAT,LON")
    _add_system_and_sites(checker, every=True)
    checker.add_argument("--format", choices=["table", "csv", "json"], default="table")
    checker.set_defaults(func=_cmd_check)

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
        sys.stdout = open(os.devnull, "w")
        return 0
    except ValueError as err:  # every input error in rangemap is a ValueError subclass
        print(f"rangemap: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as err:
        print(f"rangemap: error: {err.strerror or err}: {err.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_BAD_INPUT

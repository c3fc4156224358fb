"""The ``rangemap`` command line: argument parsing and messages only; each command calls the API."""

from __future__ import annotations

import argparse
import json
import os
import sys

import shapely

from rangemap import catalog, geodesy, units
from rangemap._files import write_atomic

EXIT_BAD_INPUT = 2


class CommandLineError(ValueError):
    """Bad input on the command line (reported as one line, exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one short line instead of usage + traceback-like noise
        raise CommandLineError(message)


def parse_lat_lon(text: str) -> tuple[float, float]:
    """``"50.6,36.6"`` → (50.6, 36.6), with a one-line error naming the bad value."""
    parts = text.replace(" ", "").split(",")
    if len(parts) != 2:
        raise CommandLineError(f"--at {text!r}: expected LAT,LON in degrees, e.g. 50.5955,36.5873")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise CommandLineError(f"--at {text!r}: latitude and longitude must be numbers") from None
    if not -90.0 <= lat <= 90.0:
        raise CommandLineError(f"--at {text!r}: latitude {parts[0]} is outside -90..90")
    if not -180.0 <= lon <= 180.0:
        raise CommandLineError(f"--at {text!r}: longitude {parts[1]} is outside -180..180")
    return lat, lon


def reach_feature(lat: float, lon: float, range_m: float, min_range_m: float, tolerance_m: float) -> dict:
    """A GeoJSON Feature (RFC 7946: split at ±180°, counter-clockwise exteriors) for one reach."""
    geom = geodesy.reach_polygon(lat, lon, range_m, min_range_m=min_range_m, tolerance_m=tolerance_m)
    geom = shapely.orient_polygons(geom)
    return {
        "type": "Feature",
        "geometry": json.loads(shapely.to_geojson(geom)),
        "properties": {
            "launch_lat": lat,
            "launch_lon": lon,
            "range_m": range_m,
            "range_km": round(range_m / 1000.0, 3),
            "range_mi": round(range_m / units.METRES_PER["mi"], 3),
            "min_range_m": min_range_m,
            "tolerance_m": tolerance_m,
            "label": units.format_distance(range_m),
        },
    }


def _cmd_reach(args) -> int:
    lat, lon = parse_lat_lon(args.at)
    feature = reach_feature(lat, lon, units.parse_distance(args.range),
                            units.parse_distance(args.min_range), _tolerance(args.tolerance))
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


SEED = {"name": "Hwasong-11 (KN-23)", "range": "430 mi", "site": "Belgorod", "lat": 50.5955, "lon": 36.5873}


def _cmd_demo(args) -> int:
    from rangemap.preview import preview_html

    range_m = units.parse_distance(SEED["range"])
    feature = reach_feature(SEED["lat"], SEED["lon"], range_m, 0.0, 50.0)
    json.dump(feature, sys.stdout)
    sys.stdout.write("\n")
    geom = shapely.from_geojson(json.dumps(feature["geometry"]))
    title = f"{SEED['name']} from {SEED['site']}: {units.format_distance(range_m, 'mi')}"
    from pathlib import Path

    out = Path(args.output)
    if not out.parent.exists() and out.parent == Path("out"):
        out.parent.mkdir()
    write_atomic(out, preview_html(geom, title=title, caption="Exact WGS84 geodesic reach (rangemap)."))
    print(f"rangemap: wrote {out}", file=sys.stderr)
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

    demo = sub.add_parser("demo", help="the seed scenario in one command")
    demo.add_argument("-o", "--output", default="out/seed-map.html", help="HTML file to write")
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

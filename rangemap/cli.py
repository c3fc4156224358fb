"""The ``rangemap`` command line: argument parsing and messages only; each command calls the API."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import sys
import threading
import warnings
from pathlib import Path

import pandas as pd
import shapely

from rangemap import analysis, catalog, render, units
from rangemap.catalog.points import count_rows, iter_point_batches
from rangemap.errors import RangemapError
from rangemap.io import export, listing
from rangemap.io.atomic import check_output_path, write_atomic
from rangemap.io.sites import read_sites_file
from rangemap.io.tables import batch_writer, printable_frame, spreadsheet_frame, table_format
from rangemap.text import printable

EXIT_BAD_INPUT = 2


class CommandLineError(RangemapError):
    """Bad input on the command line (reported as one line, exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A value starting "-<digit>" is a value, not an option: "--at -33.86,151.21" (argparse does
        # this from Python 3.13; before, only plain negative numbers passed).
        self._negative_number_matcher = re.compile(r"^-\.?\d")

    def error(self, message):  # one short line instead of usage + traceback-like noise
        raise CommandLineError(message)


def parse_lat_lon(text: str, option: str = "--at") -> tuple[float, float]:
    """``"50.6,36.6"`` → (50.6, 36.6), with a one-line error naming the bad value."""
    try:
        return units.parse_lat_lon(text)
    except RangemapError as err:
        raise CommandLineError(f"{option} {err}") from None


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
    value = units.parse_distance(text, bare_unit="m")
    if value <= 0:
        raise CommandLineError(f"--tolerance {text!r} must be positive")
    return value


def _output_path(text: str, *, default: str | None = None) -> Path:
    """Check the output path before any work; only the default folder is created."""
    path = Path(text)
    if text == default:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise CommandLineError(f"cannot create folder {str(path.parent)!r} for {text!r}: {err.strerror or err}; "
                                   f"give -o another path") from None
    return check_output_path(path)


def _save_map(m, path: Path) -> None:
    html = m.get_root().render()
    write_atomic(path, html)
    print(f"rangemap: wrote {path} ({len(html.encode()) / 1e6:.1f} MB)")


def _sites_arg(args):
    """Launch points from --site, --at or --sites-file."""
    if args.sites_file:
        return read_sites_file(args.sites_file, encoding=getattr(args, "encoding", None))
    if args.at:
        return [parse_lat_lon(text) for text in args.at]
    # a name that is not a catalog site is a place of the gazetteer; messages name --site
    return [catalog.place(name, "--site") for name in args.site] if args.site else args.site


def _systems_arg(args, *, every_by_default: bool = False):
    """Systems from --system and/or a custom --range [--min-range] [--name]; None means every system."""
    chosen = list(args.system or [])
    if getattr(args, "operator", None) is not None:
        chosen = _operator_choice(args.operator, chosen)
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
    output = _output_path(args.output) if args.output else None
    if output is not None:
        table_format(output)  # a bad suffix fails before any work
    table = analysis.reach(_systems_arg(args), _sites_arg(args), geometry=False)  # distances decide: no polygons
    if args.min_population is not None and (args.targets_file or args.scheduler):
        raise CommandLineError("--min-population filters the catalog's cities: leave it out with --targets-file "
                               "and --scheduler")
    if args.targets_file or args.scheduler:
        return _stream_targets(args, table, output)
    targets = analysis.targets_in_reach(table, countries=args.country, cities=_cities_of(args.min_population))
    if output is not None:
        with batch_writer(output) as write:
            write(targets)
        print(f"rangemap: wrote {output} ({len(targets)} rows)", file=sys.stderr)
        return 0
    totals = analysis.summary(targets)
    columns = analysis.TARGET_COLUMNS
    where = f" in {args.country.upper().replace(' ', '')}" if args.country else ""
    for system in dict.fromkeys(table["system"]):
        if system not in set(totals["system"]):
            print(f"rangemap: {system}: no cities within reach{where} from {table['site'].nunique()} site(s)",
                  file=sys.stderr)
    if args.format == "table":
        if len(targets):
            shown = printable_frame(targets[_with_region(columns, targets)])
            sys.stdout.write(shown.to_string(index=False) + "\n\n" + totals.to_string(index=False) + "\n"
                             + analysis.timing.IDEALISATION + "\n" + totals.attrs["coverage"] + "\n")
    else:
        _print_table(targets, _with_region(columns, targets), args.format, None)
        for row in totals.itertuples():
            print(f"rangemap: {row.system}: {row.cities} cities, {row.population:,} people within reach",
                  file=sys.stderr)
        if "flight_s" in targets:
            print(f"rangemap: flight_s: {analysis.timing.IDEALISATION}", file=sys.stderr)
        print(f"rangemap: {totals.attrs['coverage']}", file=sys.stderr)
    return 0


def _with_region(columns: list[str], targets) -> list[str]:
    """The targets' columns with the region's name after the country, when the table has it."""
    flight = ["flight_s"] if "flight_s" in targets and "flight_s" not in columns else []  # idealised seconds
    if "region" not in targets or "region" in columns:
        return [*columns, *flight]
    at = columns.index("country") + 1 if "country" in columns else len(columns)
    return [*columns[:at], "region", *columns[at:], *flight]


def _stream_targets(args, table, output) -> int:
    """Targets from a file, a batch at a time (or a partition at a time on Dask), to a file or stdout."""
    source = args.targets_file
    progress = _progress(count_rows(source) if source else None)
    if args.scheduler:
        from rangemap.analysis import distributed

        frames = distributed.iter_computed(table, source, countries=args.country, scheduler=args.scheduler)
    else:
        frames = ((len(batch), analysis.targets_in_reach(table, _in_countries(batch, args.country))) for batch in
                  iter_point_batches(source))
    rows, header = 0, True
    with contextlib.ExitStack() as stack:
        write = stack.enter_context(batch_writer(output)) if output is not None else None
        for done, frame in frames:
            if write is not None:
                write(frame)
            else:  # one header, whether or not a progress bar counts (it is off when stderr is no terminal)
                spreadsheet_frame(frame).to_csv(sys.stdout, index=False, header=header, lineterminator="\n")
                header = False
            rows += len(frame)
            progress.update(done)
    progress.close()
    print(f"rangemap: {rows} targets within reach" + (f"; wrote {output}" if output else ""), file=sys.stderr)
    return 0


def _in_countries(batch, countries):
    """A batch's rows in ``countries`` (the codes are not checked against a batch, which may lack some)."""
    if countries is None:
        return batch
    codes = [c.strip().upper() for c in countries.split(",")]
    return batch[batch["country"].isin(codes)] if "country" in batch else batch.iloc[:0]


def _progress(total):
    """A progress bar (points done) on stderr when it is a terminal; silent otherwise."""
    from tqdm import tqdm

    width = shutil.get_terminal_size().columns or 80  # a pty may report 0 columns
    return tqdm(total=total, unit=" points", unit_scale=True, file=sys.stderr, disable=not sys.stderr.isatty(), ncols=width,
                desc="rangemap targets")


def _cmd_export(args) -> int:
    path = _output_path(args.output)
    export.export_format(path)  # a bad suffix fails before any work
    if args.envelope and args.band:
        raise CommandLineError("--envelope outlines each system's nominal reach: leave out --band")
    table = analysis.reach(_systems_arg(args), _sites_arg(args), band=args.band)
    if args.envelope:
        return _export_envelope(table, path)
    export.export_reach(table, path)
    print(f"rangemap: wrote {path} ({len(table)} reach polygons)")
    return 0


PAGE_SUFFIXES, FIGURE_SUFFIXES = (".html", ".htm"), (".png", ".svg", ".pdf")


def _page_or_figure(path: Path, option: str = "-o") -> None:
    """Refuse an output whose suffix names neither the page nor a figure (``map.jpg`` is not HTML)."""
    if path.suffix.lower() not in PAGE_SUFFIXES + FIGURE_SUFFIXES:
        raise CommandLineError(f"{option} {str(path)[:80]!r}: write a .html page or a .png, .svg or .pdf figure")


def _cmd_render(args) -> int:
    path = _output_path(args.output)
    _page_or_figure(path)
    if args.min_population is not None and not args.cities:
        raise CommandLineError("--min-population filters the cities marked: give --cities too")
    if args.scenario is not None:
        return _render_scenario(args, path)
    sites = _sites_arg(args)
    if path.suffix.lower() in (".png", ".svg", ".pdf"):  # a static figure; anything else is the HTML page
        return _write_figure(args, path, _systems_arg(args), sites)
    _figure_only(args)
    if args.crs is not None or args.dpi is not None:
        raise CommandLineError("--crs and --dpi apply to figures: write to a .png, .svg or .pdf file")
    m = render.reach_map(_systems_arg(args), sites, cities=args.cities, band=args.band, units=args.units,
                       title=args.title, self_contained=not args.cdn, envelope=args.envelope,
                       min_population=args.min_population, times=args.times)
    _save_map(m, path)
    _say_times(args.times, m)
    return 0


def _times(text: str) -> list[float]:
    """--times "1,2,5,10": minutes after launch, checked as rangemap.time_rings checks them."""
    from rangemap.analysis.time_rings import check_minutes

    parts = [p.strip() for p in text.split(",")]
    if not all(re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", p, flags=re.ASCII) for p in parts):
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of minutes: write e.g. 1,2,5,10")
    try:
        return check_minutes([float(p) for p in parts])
    except RangemapError as err:
        raise argparse.ArgumentTypeError(str(err).removeprefix("minutes: ")) from None


def _say_times(times, m=None) -> None:
    """After a map or figure with --times: the idealisation, once, on stderr."""
    if times:
        print(f"rangemap: warning-time rings at {', '.join(units.format_duration(t * 60) for t in times)} after "
              f"launch. {analysis.timing.IDEALISATION}", file=sys.stderr)


def _render_scenario(args, path) -> int:
    if args.operator is not None:
        raise CommandLineError("--scenario brings its own systems: leave out --operator")
    if args.system or args.range is not None:
        raise CommandLineError("--scenario brings its own systems: leave out --system and --range")
    if path.suffix.lower() in (".png", ".svg", ".pdf"):
        return _scenario_figure(args, path)
    _figure_only(args)
    if args.min_population is not None:
        raise CommandLineError("--min-population with --scenario applies to figures (.png, .svg, .pdf) only")
    kwargs = {"title": args.title} if args.title else {}
    if args.times:
        kwargs["times"] = args.times
    m = render.scenario_map(args.scenario, cities=args.cities, units=args.units, self_contained=not args.cdn, **kwargs)
    _save_map(m, path)
    return 0


DEMO_OUTPUT = "out/seed-map.html"


def _cmd_demo(args) -> int:
    path = _output_path(args.output, default=DEMO_OUTPUT)
    if path.suffix.lower() not in PAGE_SUFFIXES:
        raise CommandLineError(f"-o {str(path)[:80]!r}: the demo writes a .html page")
    _save_map(render.seed_map(), path)
    return 0


def _print_table(frame, columns, fmt: str, table_columns) -> None:
    """Write a table to stdout as csv (data/ columns), json (records) or an aligned text table."""
    sys.stdout.write(listing.table_text(frame, columns, fmt, table_columns))


def _print_catalog(frame, columns, fmt: str, table_columns) -> int:
    """A catalog table, followed (as text) by the sources it cites."""
    _print_table(frame, columns, fmt, table_columns)
    if fmt == "table":
        sys.stdout.write(listing.sources_list(frame))
    return 0


def _cmd_systems(args) -> int:
    frame = catalog.systems()
    if args.operator is not None:
        frame = frame[frame["id"].isin(_operator_choice(args.operator, []))]
    return _print_catalog(listing.with_performance(frame), [*catalog.SYSTEM_COLUMNS, *listing.PERFORMANCE_COLUMNS],
                          args.format, listing.systems_table)


def _cmd_sites(args) -> int:
    return _print_catalog(catalog.sites(), catalog.SITE_COLUMNS, args.format, listing.sites_table)


def _cmd_scenarios(args) -> int:
    sys.stdout.write(listing.scenarios_text(catalog.scenarios(), args.format))
    return 0


def _looks_like_coordinates(text: str) -> bool:
    """A place given as coordinates ("50.45,30.52", "50°27′N 30°31′E", "N50 27 E30 31"), not a name."""
    return re.match(r"\s*(?:[-+.]?\d|[NSEWnsew]\s*\d)", text) is not None


def _cmd_check(args) -> int:
    systems, sites = _systems_arg(args, every_by_default=True), _sites_arg(args)
    table = pd.concat([analysis.check(_check_target(target), systems, sites, band=args.band)
                       for target in dict.fromkeys(args.target)], ignore_index=True)
    if args.format == "table":
        sys.stdout.write("".join(printable(line) + "\n" for line in analysis.check_lines(table)))
    else:
        columns = analysis.CHECK_COLUMNS + (analysis.checks.BAND_COLUMNS if args.band else [])
        _print_table(table, columns, args.format, None)
    return 0


def _check_target(text: str):
    """A --target: coordinates (see _looks_like_coordinates), else a place name."""
    if _looks_like_coordinates(text):
        return parse_lat_lon(text, "--target")
    return catalog.place(text, "--target")  # a shared name warns on stderr which place was taken


def _add_system_and_sites(command, *, every: bool = False, scenario: bool = False) -> None:
    command.add_argument("--system", nargs="+", metavar="ID",
                         help="systems (id, alias or name)" + ("; default: every system" if every else ""))
    command.add_argument("--range", metavar="D", help='a custom range beside or instead of --system, e.g. "500 km"')
    command.add_argument("--min-range", metavar="D", help="the custom range's minimum (default 0)")
    command.add_argument("--name", metavar="TEXT", help="a name for the custom range")
    _add_operator(command)
    where = command.add_mutually_exclusive_group(required=True)
    where.add_argument("--site", nargs="+", metavar="ID",
                       help="named launch sites (see `rangemap sites`) or catalog city names")
    where.add_argument("--at", nargs="+", metavar="LAT,LON",
                       help="launch points in degrees, e.g. --at 50.6,36.6 -33.86,151.21 (or --at=-33.86,151.21)")
    where.add_argument("--sites-file", metavar="FILE", help="CSV (name,lat,lon) or GeoJSON Points with a name")
    command.add_argument("--encoding", metavar="NAME",
                         help="the sites file's text encoding, e.g. cp1251 (default: UTF-8, UTF-16 or Windows-1251, "
                              "found from the file)")
    if scenario:
        where.add_argument("--scenario", metavar="NAME",
                           help="a scenario's systems, launch points and areas (see `rangemap scenarios`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rangemap", description="Geodesically exact missile-reach maps (WGS84).")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    reach = sub.add_parser("reach", help="GeoJSON reach of one launch point")
    reach.add_argument("--at", required=True, metavar="LAT,LON",
                       help="launch point in degrees, e.g. --at -33.86,151.21 or --at=-33.86,151.21")
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
        if name == "systems":
            _add_operator(table)
        table.set_defaults(func=func)

    render = sub.add_parser("render", help="an HTML reach map, or a PNG, SVG or PDF figure")
    _add_system_and_sites(render, scenario=True)
    render.add_argument("-o", "--output", required=True,
                        help="file to write: map.html (interactive page) or map.png, map.svg, map.pdf (figure)")
    render.add_argument("--dpi", type=float, help="figure resolution in dots per inch (default 150)")
    render.add_argument("--crs", help="figure projection: anything pyproj understands, e.g. EPSG:3035 or "
                                      "'+proj=robin' (default: azimuthal equidistant centred on the launch points)")
    render.add_argument("--cities", action="store_true", help="mark cities within reach")
    render.add_argument("--min-population", metavar="N", type=_population,
                        help="with --cities: only cities of at least N people, e.g. 100000 (or 100,000)")
    render.add_argument("--band", action="store_true", help="also draw the reported band (dashed)")
    render.add_argument("--envelope", action="store_true", help="outline each system's reach from all sites")
    render.add_argument("--units", choices=["km", "mi"], default="km", help="units shown first in labels")
    render.add_argument("--cdn", action="store_true", help="load Leaflet from CDNs (smaller, needs network)")
    render.add_argument("--title", help="title shown on the map")
    render.add_argument("--extent", metavar="W,S,E,N", help="figure frame in degrees (west,south,east,north), e.g. "
                                                            "--extent 20,44,42,56; west > east crosses ±180°")
    render.add_argument("--times", metavar="MIN,...", type=_times,
                        help="warning-time rings: the range flown in these minutes after launch, e.g. 1,2,5,10 "
                             "(idealised flight times)")
    render.set_defaults(func=_cmd_render)

    _add_aim_parser(sub)

    targets = sub.add_parser("targets", help="cities within reach, with distances and people in reach")
    _add_system_and_sites(targets)
    targets.add_argument("--country", help="ISO country codes to keep, e.g. UA or UA,MD")
    targets.add_argument("--min-population", metavar="N", type=_population,
                         help="only cities of at least N people, e.g. 100000 (or 100,000)")
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
    exporter.add_argument("--envelope", action="store_true",
                          help="one polygon per system: its reach from all the sites (rangemap.envelope)")
    exporter.set_defaults(func=_cmd_export)

    checker = sub.add_parser("check", help="does a system reach a place? one line per launch point and system")
    checker.add_argument("--target", required=True, nargs="+", action="extend", metavar="PLACE",
                         help="catalog site or city names, or LAT,LON (several: one line each)")
    _add_system_and_sites(checker, every=True)
    checker.add_argument("--format", choices=["table", "csv", "json"], default="table")
    checker.add_argument("--band", action="store_true", help="also the verdict across the reported band")
    checker.set_defaults(func=_cmd_check)

    _add_launch_area_parser(sub)

    demo = sub.add_parser("demo", help="the seed scenario in one command")
    demo.add_argument("-o", "--output", default=DEMO_OUTPUT, help=f"HTML file to write (default {DEMO_OUTPUT})")
    demo.set_defaults(func=_cmd_demo)
    for command in sub.choices.values():  # --debug before or after the command
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


EXIT_INTERNAL = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _one_line(text) -> str:
    return " ".join(str(text).split())


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"rangemap: warning: {_one_line(message)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line. Every failure is one line on stderr: exit 2 for bad input (the
    :class:`RangemapError` family), 130 for Ctrl-C, 1 for an internal error (``--debug`` shows it)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = None
    previous = _stop_on_signals()
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            _check_arguments(argv)
            if sys.stdout is None:  # started with stdout closed (>&-): say so instead of failing at the end
                raise CommandLineError("standard output is closed: run without '>&-' or redirect it to a file")
            args = build_parser().parse_args(argv)
            code = args.func(args)
            sys.stdout.flush()  # a full disk or device shows here, while we can still say so
            return code
    except BrokenPipeError:  # output piped into head & co.: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (stays open until exit)
        return 0
    except RangemapError as err:  # every input error rangemap raises, and only those
        print(f"rangemap: error: {_one_line(err)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("rangemap: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Stopped as stop:
        print(f"rangemap: stopped by {stop.name}; no output was left half-written", file=sys.stderr)
        return 128 + stop.signum
    except OSError as err:  # the machine, not rangemap: a full disk, a closed or full standard output
        where = f" ({err.filename})" if getattr(err, "filename", None) else " (writing standard output)"
        print(f"rangemap: error: {err.strerror or _one_line(err)}{where}", file=sys.stderr)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (nothing more can be written there)
        return EXIT_BAD_INPUT
    except Exception as err:  # a bug in rangemap or a library: say so, in one line
        if getattr(args, "debug", False) or (args is None and "--debug" in argv):
            raise
        print(f"rangemap: internal error: {type(err).__name__}: {_one_line(err)} (--debug shows the traceback)",
              file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class _Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwind, so temporary outputs are removed on the way out."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum, self.name = signum, signal.Signals(signum).name


def _stop_on_signals() -> dict:
    """Turn SIGTERM and SIGHUP into :class:`_Stopped` (in the main thread); the handlers they replace."""
    previous: dict = {}
    if threading.current_thread() is not threading.main_thread():
        return previous

    def stop(signum, frame):
        raise _Stopped(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        previous[signum] = signal.signal(signum, stop)
    return previous


def _check_arguments(argv: list[str]) -> None:
    """Every argument is text (UTF-8 on the command line): bytes that are not become one line naming it."""
    for arg in argv:
        try:
            str(arg).encode("utf-8")
        except UnicodeEncodeError:
            shown = str(arg).encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
            raise CommandLineError(f"argument {shown[:60]!r} is not valid UTF-8 text") from None


# --- the command line as the API (issue 24): operators, populations, several targets, extents, scenario
# figures, envelopes and launch areas ---------------------------------------------------------------------

def _add_operator(command) -> None:
    command.add_argument("--operator", metavar="NAME",
                         help="only systems this side operates, e.g. Russia or Ukraine (see `rangemap systems`)")


def _operator_choice(operator: str, given: list) -> list:
    """The systems of ``operator`` (all of them, or those of ``given`` it operates), as catalog ids."""
    try:
        ids = catalog.operator_systems(operator)
    except RangemapError as err:
        raise CommandLineError(f"--operator: {err}") from None
    if not given:
        return ids
    chosen = list(catalog.resolve_systems(given)["id"])
    kept = [i for i in chosen if i in ids]
    if not kept:
        raise CommandLineError(f"--operator {operator!r}: none of --system {' '.join(given)} is operated by it "
                               f"(its systems: {', '.join(ids)})")
    if len(kept) < len(chosen):
        warnings.warn(f"--operator {operator!r} leaves out {', '.join(i for i in chosen if i not in kept)}", stacklevel=2)
    return kept


def _population(text: str) -> int:
    """--min-population: a whole number of people, digits with optional thousands commas ("100,000")."""
    if not re.fullmatch(r"\s*(\d+|\d{1,3}(,\d{3})+)\s*", text, flags=re.ASCII):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of people: write e.g. 100000 or 100,000")
    return int(text.replace(",", ""))


def _cities_of(min_population):
    """The catalog's cities of at least ``min_population`` people (None: all, the API's default)."""
    if min_population is None:
        return None
    cities = catalog.cities()
    return cities[cities["population"] >= min_population]


def _extent(text: str | None):
    """--extent "W,S,E,N" in degrees, checked as reach_figure(extent=) checks it; None if not given."""
    if text is None:
        return None
    from rangemap.render.cartography import check_extent

    parts = text.split(",")
    number = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)\s*", flags=re.ASCII)
    if len(parts) != 4 or not all(number.fullmatch(p) for p in parts):
        raise CommandLineError(f"--extent {text!r}: expected WEST,SOUTH,EAST,NORTH in degrees, e.g. 20,44,42,56")
    try:
        return check_extent([float(p) for p in parts])
    except RangemapError as err:
        raise CommandLineError(f"--extent {text!r}: {err}") from None


def _figure_only(args) -> None:
    """Refuse figure options on an HTML map."""
    if getattr(args, "extent", None) is not None:
        raise CommandLineError("--extent frames figures: write to a .png, .svg or .pdf file")


def _write_figure(args, path: Path, systems=None, sites=None, scenario=None) -> int:
    """A static figure (reach_figure) of systems from sites, or of a scenario, written atomically."""
    from rangemap.render.figure import reach_figure, save_figure

    if args.dpi is not None and not 10 <= args.dpi <= 1200:
        raise CommandLineError(f"--dpi {args.dpi:g} must be between 10 and 1200")
    extent = _extent(args.extent)
    fig = reach_figure(systems, sites, crs=args.crs, cities=args.cities, band=args.band, units=args.units,
                       title=args.title, extent=extent, scenario=scenario, min_population=args.min_population,
                       times=args.times)
    save_figure(fig, path, dpi=args.dpi)
    print(f"rangemap: wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    _say_times(args.times)
    return 0


def _scenario_figure(args, path: Path) -> int:
    catalog.scenario(args.scenario)  # an unknown name fails before any work
    return _write_figure(args, path, scenario=args.scenario)


def _export_envelope(table, path: Path) -> int:
    """Each system's reach from all its sites, one polygon per system, with its name and source."""
    env = analysis.envelope(table)
    about = table.drop_duplicates("system").set_index("system")
    env.insert(1, "system_name", env["system"].map(about["system_name"]))
    env["source"] = env["system"].map(about["source"])
    export.export_reach(env, path)
    print(f"rangemap: wrote {path} ({len(env)} envelope polygons from {table['site'].nunique()} site(s))")
    return 0


def _add_launch_area_parser(sub) -> None:
    area = sub.add_parser("launch-area", help="where a system can reach a target from (rangemap.launch_area)")
    area.add_argument("--target", required=True, metavar="PLACE", help="a catalog city name, or LAT,LON")
    area.add_argument("--system", nargs="+", metavar="ID", help="systems (id, alias or name)")
    _add_operator(area)
    where = area.add_mutually_exclusive_group()
    where.add_argument("--site", nargs="+", metavar="ID", help="named launch sites to test (default: every catalog site)")
    where.add_argument("--at", nargs="+", metavar="LAT,LON", help="launch points to test, in degrees")
    where.add_argument("--sites-file", metavar="FILE", help="launch points to test: CSV (name,lat,lon) or GeoJSON")
    area.add_argument("-o", "--output", required=True,
                      help="area.geojson, area.kml or area.gpkg (the areas), or area.html (a map)")
    area.add_argument("--units", choices=["km", "mi"], default="km", help="units shown first in labels")
    area.add_argument("--cdn", action="store_true", help="load Leaflet from CDNs (smaller, needs network)")
    area.add_argument("--title", help="title shown on the map")
    area.add_argument("--range", metavar="D", help='a custom range beside or instead of --system, e.g. "500 km"')
    area.add_argument("--min-range", metavar="D", help="the custom range's minimum, e.g. 50km")
    area.add_argument("--name", help="the custom range's name (default: its range)")
    area.set_defaults(func=_cmd_launch_area)


def _cmd_launch_area(args) -> int:
    path = _output_path(args.output)
    page = path.suffix.lower() in (".html", ".htm")
    if not page and path.suffix.lower() not in export.FORMATS:
        raise CommandLineError(f"cannot write a launch area to {path.name!r}: use .html or one of "
                               f"{', '.join(sorted(export.FORMATS))}")
    if not args.system and args.operator is None and args.range is None:
        raise CommandLineError("give --system ID…, --operator NAME and/or --range D (see `rangemap systems`)")
    systems = [row if row["class"] == "custom" else row["id"]
               for _, row in catalog.resolve_systems(_systems_arg(args)).iterrows()]
    target = _check_target(args.target)
    sites = _sites_arg(args)
    if page:
        from rangemap.render.leaflet import ReachMap

        # static, as scenario maps with launch areas are: the page's app moves launch points, and an area is not one
        m = ReachMap(title=args.title, units=args.units, self_contained=not args.cdn, interactive=False)
        for system in systems:
            m.add_launch_area(target, system, sites=sites)
        _save_map(m, path)
        return 0
    rows = []
    for system in systems:
        area, inside = analysis.launch_area(target, system, sites=sites)
        name, lat, lon = analysis.target_point(target, with_country=True)
        row = catalog.resolve_systems([system]).iloc[0]
        rows.append({"target": name, "target_lat": lat, "target_lon": lon, "system": row["id"],
                     "system_name": row["name"], "range_km": float(row["range_km"]),
                     "min_range_km": float(row["min_range_km"]) if pd.notna(row["min_range_km"]) else 0.0,
                     "range_qualifier": str(row.get("range_qualifier", "") or ""),
                     "label": f"Launch area: {row['name']} against {name}", "sites_inside": len(inside),
                     "site_names": "; ".join(f"{r.name} ({r.distance_km:,.0f} km)" for r in inside.itertuples()),
                     "source": row["source"], "geometry": area})
        print(printable(f"rangemap: {row['name']} can reach {name} from {len(inside)} named site(s)"
                        + (": " + ", ".join(inside["name"].astype(str)) if len(inside) else "")), file=sys.stderr)
    import geopandas as gpd

    export.export_reach(gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326"), path)
    print(f"rangemap: wrote {path} ({len(rows)} launch area(s))")
    return 0


# --- accuracy at a target (issue 21) -------------------------------------------------------------------------

def _add_aim_parser(sub) -> None:
    aim = sub.add_parser("aim", help="how precisely a system lands at a target: CEP, R90, R99, chance of a hit")
    aim.add_argument("--target", required=True, metavar="PLACE", help="a catalog site or city name, or LAT,LON")
    aim.add_argument("--system", required=True, metavar="ID", help="a system with a sourced CEP (see `rangemap "
                                                                    "systems`), or any name with --cep")
    aim.add_argument("--shots", type=int, default=1, metavar="N", help="shots fired (default 1)")
    aim.add_argument("--radius", metavar="D", help="the radius round the target, e.g. 200m (default: the CEP)")
    aim.add_argument("--cep", metavar="D", help="a CEP of your own instead of the catalog's, e.g. 150m")
    aim.add_argument("--date", help="the catalog's CEP figure of this date (default: the newest), e.g. 2024-02")
    aim.add_argument("--p", type=float, metavar="P", help="one more ring: within it one shot lands with probability "
                                                           "P, e.g. 0.95")
    aim.add_argument("--seed", type=int, default=0, help="seed of the simulated impacts (default 0)")
    aim.add_argument("-o", "--output", help="also draw it: aim.png, aim.svg or aim.pdf (figure) or aim.html (page)")
    aim.set_defaults(func=_cmd_aim)


def _metres(text: str | None, option: str) -> float | None:
    """A distance in metres from text ("200m", "0.2 km"; bare numbers are metres), or None."""
    if text is None:
        return None
    try:
        return units.parse_distance(text, bare_unit="m")
    except RangemapError as err:
        raise CommandLineError(f"{option} {err}") from None


def _cmd_aim(args) -> int:
    from rangemap.analysis.aim import aim

    path = _output_path(args.output) if args.output else None
    if path is not None:
        _page_or_figure(path)
    if args.shots < 1:
        raise CommandLineError(f"--shots {args.shots} must be a whole number of shots, 1 or more")
    if args.p is not None and not 0 < args.p < 1:
        raise CommandLineError(f"--p {args.p:g} must lie strictly between 0 and 1")
    radius, cep = _metres(args.radius, "--radius"), _metres(args.cep, "--cep")
    if radius is not None and radius <= 0:
        raise CommandLineError(f"--radius {args.radius!r} must be above 0")
    if cep is not None and cep <= 0:
        raise CommandLineError(f"--cep {args.cep!r} must be above 0")
    result = aim(_check_target(args.target), args.system, shots=args.shots, radius_m=radius, seed=args.seed,
                 date=args.date, cep_m=cep, p=args.p)
    sys.stdout.write("".join(printable(line) + "\n" for line in result.lines()))
    if path is None:
        return 0
    if path.suffix.lower() in PAGE_SUFFIXES:
        from rangemap.render.aim_map import aim_map

        _save_map(aim_map(result), path)
        return 0
    from rangemap.render.aim_figure import aim_figure
    from rangemap.render.figure import save_figure

    save_figure(aim_figure(result), path)
    print(f"rangemap: wrote {path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0

"""Does a system reach a place? One verdict per (launch point, system), from exact WGS84 distances."""

from __future__ import annotations

import numpy as np
import pandas as pd

from rangemap import catalog, geodesy
from rangemap.analysis.targets import target_point
from rangemap.analysis.timing import IDEALISATION, flight_phrase, flight_seconds
from rangemap.errors import UnknownNameError

__all__ = ["BAND_COLUMNS", "CHECK_COLUMNS", "check", "check_lines"]

CHECK_COLUMNS = ["target", "site", "system", "distance_km", "range_km", "min_range_km", "in_reach", "margin_km",
                 "verdict", "system_name", "flight_s", "range_qualifier"]
#: Columns :func:`check` adds with ``band=True``: the reported band's ends (the nominal range where the
#: catalog gives no end) and the verdict across the band.
BAND_COLUMNS = ["range_low_km", "range_high_km", "band_verdict"]


def check(target, systems=None, sites=None, at=None, *, band: bool = False) -> pd.DataFrame:
    """Does each system reach ``target`` from each launch point? One row per (site, system).

    ``target``: a catalog site or any place name (alternate names, ``"NAME, REGION"``, ``"NAME, CC"``:
    :func:`rangemap.catalog.place`), ``(lat, lon)`` or a ``{name, lat, lon}`` dict; a name several places
    share is taken as the most populous, and ``attrs["notice"]`` (and an AmbiguousPlaceWarning) say so.
    ``systems``: names and/or
    :func:`rangemap.catalog.custom_system` rows (default: every system in the catalog). ``sites``: anything
    :func:`~rangemap.analysis.reach` takes (site or city names, ``(lat, lon)`` pairs, a sites table); ``at``:
    one ``(lat, lon)`` or a list of them, added to ``sites``. Distances are WGS84 geodesics in km.
    ``range_qualifier`` is how the source words the range ("about", "up to", "at least", "more than" or
    blank; see :mod:`rangemap.units`), which the sentences of :func:`check_lines` print before it.
    ``margin_km`` is how far inside the reach the target lies (negative: how far outside, beyond the range or
    inside the minimum); ``flight_s`` the idealised seconds of flight where in reach (NaN otherwise, or when the
    system's flight model is unknown; see :mod:`rangemap.analysis.timing`); ``verdict`` is "in reach", "out of
    reach" or "too close". ``band=True`` adds
    :data:`BAND_COLUMNS`: the reported band's low and high ranges and ``band_verdict``, "in reach across
    the band", "in reach at the high end only", "out of reach across the band", "too close" or "no
    reported band".
    """
    notice = ""
    if isinstance(target, str):
        point = catalog.place(target, "target")
        name, lat, lon, notice = point["name"], point["lat"], point["lon"], point["notice"]
    else:
        name, lat, lon = target_point(target)
    launch = []
    if sites is not None:
        launch.append(catalog.resolve_sites(sites))
    if at is not None:
        pairs = [at] if len(at) == 2 and not isinstance(at[0], (tuple, list)) else list(at)
        launch.append(catalog.resolve_sites([tuple(p) for p in pairs]))
    if not launch:
        raise UnknownNameError("no launch point given: give sites or at")
    points = pd.concat(launch, ignore_index=True)
    rows = catalog.resolve_systems(catalog.systems()["id"].tolist() if systems is None else systems)
    dist_km = geodesy.distance_m(lat, lon, points["lat"].to_numpy(float), points["lon"].to_numpy(float)) / 1000.0
    d = np.repeat(np.atleast_1d(dist_km), len(rows))
    range_km = np.tile(rows["range_km"].to_numpy(float), len(points))
    min_km = np.nan_to_num(np.tile(rows["min_range_km"].to_numpy(float), len(points)), nan=0.0)
    beyond, inside_min = range_km - d, d - min_km
    margin = np.where(min_km > 0, np.minimum(beyond, inside_min), beyond)
    in_reach = (d <= range_km) & (d >= min_km)
    flight_s = np.full(d.shape, np.nan)
    for i, (_, row) in enumerate(rows.iterrows()):  # idealised seconds of flight where the target is in reach
        picked = slice(i, None, len(rows))
        flight_s[picked] = np.where(in_reach[picked], flight_seconds(row, d[picked] * 1000.0), np.nan)
    verdict = np.where(in_reach, "in reach", np.where(d > range_km, "out of reach", "too close"))
    table = pd.DataFrame({
        "target": name, "site": np.repeat(points["name"].to_numpy(), len(rows)),
        "system": np.tile(rows["id"].to_numpy(), len(points)), "distance_km": d, "range_km": range_km,
        "min_range_km": min_km, "in_reach": in_reach, "margin_km": margin, "verdict": verdict,
        "system_name": np.tile(rows["name"].to_numpy(), len(points)), "flight_s": flight_s,
        "range_qualifier": np.tile(rows["range_qualifier"].fillna("").astype(str).str.strip().to_numpy(), len(points)),
    })[CHECK_COLUMNS]
    table.attrs["notice"] = notice  # "" or one line: the name was shared and which place was taken
    return _with_band(table, rows, len(points)) if band else table


def _with_band(table: pd.DataFrame, rows: pd.DataFrame, repeats: int) -> pd.DataFrame:
    """``table`` with :data:`BAND_COLUMNS` (``rows``: the systems, tiled ``repeats`` times as in the table)."""
    nominal = rows["range_km"].to_numpy(float)
    low = np.tile(np.fmin(rows["range_low_km"].to_numpy(float), nominal), repeats)  # a missing end is the nominal
    high = np.tile(np.fmax(rows["range_high_km"].to_numpy(float), nominal), repeats)
    reported = np.tile(rows["range_low_km"].notna().to_numpy() | rows["range_high_km"].notna().to_numpy(), repeats)
    d = table["distance_km"].to_numpy(float)
    too_close = d < table["min_range_km"].to_numpy(float)
    verdict = np.select([~reported, too_close, d <= low, d <= high],
                        ["no reported band", "too close", "in reach across the band", "in reach at the high end only"],
                        "out of reach across the band")
    return table.assign(range_low_km=np.where(reported, low, np.nan), range_high_km=np.where(reported, high, np.nan),
                        band_verdict=verdict)


def _km(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0") + " km"


def _stated_km(value: float, qualifier) -> str:
    """A range in km with its source's qualifier in front ("about 692 km", "more than 250 km")."""
    qualifier = "" if not isinstance(qualifier, str) else qualifier.strip()
    return f"{qualifier} {_km(value)}" if qualifier else _km(value)


def check_lines(table: pd.DataFrame) -> list[str]:
    """One sentence per row of :func:`check`, e.g. "Lviv is 882.3 km from Kursk: out of reach of
    Hwasong-11 (about 692 km) by 190.2 km" (the range with its source's qualifier)."""
    lines = []
    timed = False
    for r in table.itertuples(index=False):
        short = str(r.system_name).split(" (")[0]
        head = f"{r.target} is {r.distance_km:,.1f} km from {r.site}: "
        if r.verdict == "in reach":
            seconds = float(getattr(r, "flight_s", float("nan")))
            timed = timed or np.isfinite(seconds)
            stated = _stated_km(r.range_km, getattr(r, "range_qualifier", ""))
            lines.append(head + f"in reach of {short} ({stated}) with {r.margin_km:,.1f} km to spare; "
                         + flight_phrase(r.system, seconds))
        elif r.verdict == "out of reach":
            stated = _stated_km(r.range_km, getattr(r, "range_qualifier", ""))
            lines.append(head + f"out of reach of {short} ({stated}) by {-r.margin_km:,.1f} km")
        else:
            lines.append(head + f"too close for {short} (minimum {_km(r.min_range_km)}) by {-r.margin_km:,.1f} km")
        if "band_verdict" in table and r.band_verdict != "no reported band":
            lines[-1] += f"; reported band {r.range_low_km:,.0f}-{_km(r.range_high_km)}: {r.band_verdict}"
    if timed:
        lines.append(IDEALISATION)
    return lines

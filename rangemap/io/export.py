"""Reach tables to files other tools read: GeoJSON (RFC 7946, written here), KML and GeoPackage (pyogrio).

Geometries are written as rangemap computes them: split at ±180° (RFC 7946 §3.1.9), counter-clockwise
exteriors, every vertex at full double precision. GeoJSON is not written through GDAL: its RFC 7946 mode
cuts again what it takes for an antimeridian crossing and drops caps around a pole, and rounds to 7
decimals (up to 7 mm). Files are written beside the target under a temporary name and renamed into place.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from rangemap import geodesy, units
from rangemap.errors import OutputError
from rangemap.io.atomic import atomic_output
from rangemap.io.tables import printable_frame
from rangemap.styles import colours_for

__all__ = ["FORMATS", "ExportFormatError", "export_format", "export_reach", "geojson_text", "reach_feature"]

#: Output suffix -> (OGR driver, layer creation options); GeoJSON is written by :func:`geojson_text`.
FORMATS = {
    ".geojson": ("GeoJSON", {}),
    ".json": ("GeoJSON", {}),
    ".kml": ("KML", {}),
    ".gpkg": ("GPKG", {}),
}


#: Former name of :class:`~rangemap.errors.OutputError` for an unsupported output suffix.
ExportFormatError = OutputError


def export_format(path) -> tuple[str, dict]:
    """(OGR driver, layer options) for an output file name; ExportFormatError names the bad suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"cannot export to {Path(path).name!r}: use one of {', '.join(sorted(FORMATS))}")
    return FORMATS[suffix]


def reach_feature(lat: float, lon: float, range_m: float, *, min_range_m: float = 0.0,
                  tolerance_m: float = 50.0) -> dict:
    """One reach as a GeoJSON Feature (RFC 7946: split at ±180°, counter-clockwise exteriors), with the
    launch point and the range in m, km and mi as properties."""
    geom = shapely.orient_polygons(geodesy.reach_polygon(lat, lon, range_m, min_range_m=min_range_m,
                                                         tolerance_m=tolerance_m))
    return {
        "type": "Feature",
        "geometry": json.loads(shapely.to_geojson(geom)),
        "properties": {
            "launch_lat": lat, "launch_lon": lon, "range_m": range_m,
            "range_km": round(range_m / 1000.0, 3), "range_mi": round(range_m / units.METRES_PER["mi"], 3),
            "min_range_m": min_range_m, "tolerance_m": tolerance_m, "label": units.format_distance(range_m),
        },
    }


def _kml_styled(text: str, systems: list[str], colours: dict[str, str]) -> str:
    """Give each Placemark (in row order) a shared style per system: its colour as outline and fill.

    GDAL's KML writer has no fill colours, so the styles are added to the document it wrote.
    """
    def kml_colour(hex_rgb: str, alpha: str) -> str:  # KML colours are aabbggrr
        r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
        return f"{alpha}{b}{g}{r}".lower()

    ids = {s: f"rangemap-{i}" for i, s in enumerate(dict.fromkeys(systems))}
    styles = "".join(
        f'<Style id="{ids[s]}"><LineStyle><color>{kml_colour(colours[s], "ff")}</color><width>2</width></LineStyle>'
        f'<PolyStyle><color>{kml_colour(colours[s], "40")}</color></PolyStyle></Style>' for s in ids)
    text = re.sub(r"\s*<Style>.*?</Style>", "", text)  # GDAL's per-feature default: red outline, no fill
    order = iter(systems)
    text = re.sub(r"(<ExtendedData>)", lambda m: f"<styleUrl>#{ids[next(order)]}</styleUrl>{m.group(1)}", text)
    return re.sub(r"(<Document[^>]*>)", lambda m: m.group(1) + styles, text, count=1)


def _kml_names(frame: pd.DataFrame) -> pd.Series:
    """Placemark names: a row's ``label``, else "<system> from <site>" (reach rows) or "<system> from N
    site(s)" (envelopes)."""
    if "label" in frame:
        return frame["label"].astype(str)
    if "site" in frame:
        return frame["system"] + " from " + frame["site"]
    return frame["system"].astype(str) + " from " + frame["sites"].astype(str) + " site(s)"


def _json_value(value: object) -> object:
    """A table cell as a JSON value: numpy scalars as Python ones, missing or non-finite numbers as null."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is None or (not isinstance(value, (str, list, dict)) and pd.isna(value)):
        return None
    return value


def geojson_text(frame: gpd.GeoDataFrame) -> str:
    """An RFC 7946 FeatureCollection of a table in EPSG:4326: one Feature per row, the other columns as
    properties, coordinates as exact as the doubles in memory (shortest round-trip repr)."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    features = [{"type": "Feature",
                 "properties": {str(c): _json_value(v) for c, v in zip(columns, row)},
                 "geometry": None if geom is None or geom.is_empty else mapping(geom)}
                for row, geom in zip(frame[columns].itertuples(index=False, name=None), frame.geometry)]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, allow_nan=False)


def export_reach(reach_gdf: gpd.GeoDataFrame, path, *, colours: dict[str, str] | None = None) -> Path:
    """Write a reach table (from :func:`rangemap.reach`) to ``path``; the suffix picks the format.

    ``colours`` maps system ids to ``#rrggbb`` (KML styles); by default the map palette is used.
    """
    path = Path(path)
    driver, options = export_format(path)
    frame = reach_gdf.copy()
    frame["geometry"] = shapely.orient_polygons(frame.geometry.to_numpy())
    if driver == "KML":
        frame["Name"] = _kml_names(frame)
    if driver != "GeoJSON":  # GDAL cuts text at a NUL: control characters become U+FFFD (JSON escapes them)
        frame = printable_frame(frame)
    with atomic_output(path, suffix=path.suffix) as tmp:
        if driver == "GeoJSON":
            tmp.write_text(geojson_text(frame.to_crs("EPSG:4326") if frame.crs else frame), encoding="utf-8")
        else:
            tmp.unlink()  # pyogrio creates the file itself
            try:
                frame.to_file(tmp, driver=driver, engine="pyogrio", layer=path.stem,
                              **({"layer_options": options} if options else {}))
            except RuntimeError as err:  # pyogrio's errors (a full disk, a folder gone): about the output
                if not type(err).__module__.startswith("pyogrio"):
                    raise
                reason = str(err).splitlines()[0] if str(err) else type(err).__name__
                raise OutputError(f"cannot write {str(path)!r}: {reason[:200]}") from None
        if driver == "KML":
            systems = list(frame["system"])
            colours = colours or colours_for(systems)
            tmp.write_text(_kml_styled(tmp.read_text(encoding="utf-8"), systems, colours), encoding="utf-8")
    return path

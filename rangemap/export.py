"""Reach tables to files other tools read, through pyogrio: GeoJSON (RFC 7946), KML, GeoPackage.

Geometries are written as rangemap computes them: split at ±180° (RFC 7946 §3.1.9), counter-clockwise
exteriors. Files are written beside the target under a temporary name and renamed into place.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import shapely

from rangemap._files import atomic_output

__all__ = ["FORMATS", "ExportFormatError", "export_reach"]

#: Output suffix -> (OGR driver, layer creation options).
FORMATS = {
    ".geojson": ("GeoJSON", {"RFC7946": "YES", "WRITE_NAME": "NO"}),
    ".json": ("GeoJSON", {"RFC7946": "YES", "WRITE_NAME": "NO"}),
    ".kml": ("KML", {}),
    ".gpkg": ("GPKG", {}),
}


class ExportFormatError(ValueError):
    """An output file name whose suffix is not a supported format."""


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


def export_reach(reach_gdf: gpd.GeoDataFrame, path, *, colours: dict[str, str] | None = None) -> Path:
    """Write a reach table (from :func:`rangemap.reach`) to ``path``; the suffix picks the format.

    ``colours`` maps system ids to ``#rrggbb`` (KML styles); by default the map palette is used.
    """
    from rangemap.maps import PALETTE

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportFormatError(f"cannot export to {path.name!r}: use one of {', '.join(sorted(FORMATS))}")
    driver, options = FORMATS[suffix]
    frame = reach_gdf.copy()
    frame["geometry"] = shapely.orient_polygons(frame.geometry.to_numpy())
    if driver == "KML":
        frame["Name"] = frame["system"] + " from " + frame["site"]
    with atomic_output(path, suffix=suffix) as tmp:
        tmp.unlink()  # pyogrio creates the file itself
        frame.to_file(tmp, driver=driver, engine="pyogrio", layer=path.stem,
                      **({"layer_options": options} if options else {}))
        if driver == "KML":
            systems = list(frame["system"])
            colours = colours or {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(dict.fromkeys(systems))}
            tmp.write_text(_kml_styled(tmp.read_text(encoding="utf-8"), systems, colours), encoding="utf-8")
    return path

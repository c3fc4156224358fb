"""Sites files people bring: CSV tables and GeoJSON Points, read into a validated launch-point table.

Every problem is one :class:`~rangemap.errors.DataFileError` naming the file and the row or feature.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from rangemap.catalog.schema import sites_table
from rangemap.errors import DataFileError

__all__ = ["read_sites_file"]


def read_sites_file(path) -> pd.DataFrame:
    """Launch points from a CSV (``name,lat,lon``, optional ``id,note``) or GeoJSON (Points with ``name``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataFileError(f"cannot read sites file {str(path)!r}: {getattr(err, 'strerror', None) or err}") from None
    if not text.strip():
        raise DataFileError(f"sites file {str(path)!r} is empty")
    if path.suffix.lower() in (".json", ".geojson") or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise DataFileError(f"sites file {str(path)!r} is not valid JSON: {err.msg} at line {err.lineno}") from None
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list) or not features:
            raise DataFileError(f"sites file {str(path)!r}: expected a GeoJSON FeatureCollection of Points")
        rows = []
        for i, feature in enumerate(features):
            geometry = (feature or {}).get("geometry") or {}
            props = (feature or {}).get("properties") or {}
            coords = geometry.get("coordinates")
            if geometry.get("type") != "Point" or not isinstance(coords, list) or len(coords) < 2:
                raise DataFileError(f"{path.name}, feature {i}: geometry must be a Point")
            rows.append({"id": props.get("id", props.get("name")), "name": props.get("name"),
                         "lat": coords[1], "lon": coords[0], "note": props.get("note", "")})
        frame = pd.DataFrame(rows).astype({"lat": str, "lon": str})
        where = f"{path.name} (GeoJSON features, row = feature + 2)"
    else:
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise DataFileError(f"sites file {str(path)!r} is not valid CSV: {err}") from None
        where = path.name
    return sites_table(frame, where)

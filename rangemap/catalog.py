"""The catalog: reported systems, named launch points, sources, areas, scenarios, borders and cities
shipped in ``rangemap/data``.

Files are read once, validated on load (an error names file, row and column), and handed out as copies.
Systems and sites are found by id, alias or display name, case-insensitively, with "did you mean".
Every range figure and every site cites rows of ``sources.csv`` by id; on load each table gains the
readable ``source`` (publisher, title, date) and ``source_date`` columns built from those rows.
"""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import re

import geopandas as gpd
import numpy as np
import pandas as pd

__all__ = ["CatalogError", "UnknownNameError", "area", "areas", "boundaries", "cities", "custom_system", "place",
           "scenario", "scenarios", "site", "sites", "source", "sources", "system", "systems"]

#: Columns of data/systems.csv: each figure (range, band, minimum) has a kind and the source ids behind it.
SYSTEM_FILE_COLUMNS = ["id", "name", "aliases", "operator", "class", "platform",
                       "range_km", "range_kind", "range_sources", "range_low_km", "range_high_km", "band_kind",
                       "band_sources", "min_range_km", "min_range_kind", "min_range_sources", "note_sources", "note"]
#: Columns of :func:`systems`: the file's, then every source id cited, and readable citations.
SYSTEM_COLUMNS = SYSTEM_FILE_COLUMNS + ["sources", "source", "source_date"]
SITE_FILE_COLUMNS = ["id", "name", "lat", "lon", "country", "kind", "position", "position_source", "report_sources",
                     "note"]
SITE_COLUMNS = SITE_FILE_COLUMNS + ["sources", "source", "source_date"]
SOURCE_COLUMNS = ["id", "publisher", "title", "date", "address", "quote"]
#: How a range figure is known: claimed (by user, maker or a government), outside estimate, observed flight.
RANGE_KINDS = ("claim", "estimate", "observed")
SITE_KINDS = ("airbase", "launch town", "naval base", "reference point")
#: (figure columns, kind column, sources column) of systems.csv
FIGURES = ((("range_km",), "range_kind", "range_sources"),
           (("range_low_km", "range_high_km"), "band_kind", "band_sources"),
           (("min_range_km",), "min_range_kind", "min_range_sources"))
CITY_COLUMNS = ["geonameid", "name", "country", "admin1", "lat", "lon", "population"]


class CatalogError(ValueError):
    """A data file that breaks its schema; the message names the file, row and column."""


class UnknownNameError(ValueError):
    """A system or site that is not in the catalog; the message lists the closest names."""


def _data_file(name: str):
    return importlib.resources.files("rangemap.data").joinpath(name)


def _read_text_table(name: str) -> pd.DataFrame:
    """A shipped CSV with every cell as text (blank cells as NaN), for check_table to type."""
    with _data_file(name).open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False, na_values=[""])


def _key(text: str) -> str:
    """Lookup key: case, spaces and punctuation do not matter ("KN 23" finds "kn-23")."""
    return re.sub(r"[^0-9a-z]+", "", str(text).casefold())


def check_table(frame: pd.DataFrame, where: str, columns: list[str], *, numbers=(), required=(),
                lat_lon=False, non_negative=(), unique="id") -> pd.DataFrame:
    """Validate a table read from ``where``; raise CatalogError naming row (file line) and column."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CatalogError(f"{where}: missing column {missing[0]!r} (expected {', '.join(columns)})")
    if frame.empty:
        raise CatalogError(f"{where}: no rows")
    frame = frame.copy()

    def show(value):
        return repr(value.item() if hasattr(value, "item") else value)

    def fail(row, column, message):
        raise CatalogError(f"{where}, row {row + 2}, column {column!r}: {message}")

    for column in numbers:
        text = frame[column].astype(str).str.strip()
        values = pd.to_numeric(frame[column], errors="coerce").astype(float)
        given = frame[column].notna() & (text != "")
        for row in frame.index[given & ~np.isfinite(values)]:
            fail(row, column, f"{frame.at[row, column]!r} is not a finite number")
        frame[column] = values
    for column in required:
        blank = frame[column].isna() | (frame[column].astype(str).str.strip() == "")
        for row in frame.index[blank]:
            fail(row, column, "is empty")
    for column in non_negative:
        for row in frame.index[frame[column] < 0]:
            fail(row, column, f"{show(frame.at[row, column])} is negative")
    if lat_lon:
        for row in frame.index[~frame["lat"].between(-90, 90)]:
            fail(row, "lat", f"{show(frame.at[row, 'lat'])} is outside -90..90")
        for row in frame.index[~frame["lon"].between(-180, 180)]:
            fail(row, "lon", f"{show(frame.at[row, 'lon'])} is outside -180..180")
    if unique:
        dup = frame[unique].duplicated()
        for row in frame.index[dup]:
            fail(row, unique, f"{show(frame.at[row, unique])} appears twice")
    return frame


def _check_bands(frame: pd.DataFrame, where: str) -> None:
    """Ranges positive, and range_low_km <= range_km <= range_high_km, min_range_km < range_km."""
    for row in frame.index:
        r, low, high = frame.at[row, "range_km"], frame.at[row, "range_low_km"], frame.at[row, "range_high_km"]
        minimum = frame.at[row, "min_range_km"] if "min_range_km" in frame else float("nan")
        problem = ("range_km", "must be positive") if not r > 0 else \
            ("range_low_km", f"{low} exceeds range_km {r}") if low > r else \
            ("range_high_km", f"{high} is below range_km {r}") if high < r else \
            ("min_range_km", f"{minimum} is not below range_km {r}") if minimum >= r else None
        if problem:
            raise CatalogError(f"{where}, row {row + 2}, column {problem[0]!r}: {problem[1]}")


def _split_ids(text) -> list[str]:
    """Source ids from a cell like ``"a;b"`` (blank cells give none)."""
    return [] if not isinstance(text, str) else [t.strip() for t in text.split(";") if t.strip()]


def _check_figures(frame: pd.DataFrame, where: str) -> None:
    """Every range figure has a kind (claim, estimate, observed) and at least one source id; no kind or
    source without a figure."""
    for values, kind_col, sources_col in FIGURES:
        for row in frame.index:
            given = any(pd.notna(frame.at[row, v]) for v in values)
            kind, cited = frame.at[row, kind_col], _split_ids(frame.at[row, sources_col])
            if given and kind not in RANGE_KINDS:
                raise CatalogError(f"{where}, row {row + 2}, column {kind_col!r}: {kind!r} is not one of "
                                   f"{', '.join(RANGE_KINDS)}")
            if given and not cited:
                raise CatalogError(f"{where}, row {row + 2}, column {sources_col!r}: a figure without a source")
            if not given and (pd.notna(kind) or cited):
                raise CatalogError(f"{where}, row {row + 2}, column {kind_col!r}: kind or source without a figure")
        if len(values) == 2:
            half = frame[values[0]].isna() != frame[values[1]].isna()
            for row in frame.index[half]:
                raise CatalogError(f"{where}, row {row + 2}, column {values[0]!r}: a band needs both ends")


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@functools.cache
def _sources() -> pd.DataFrame:
    where = "sources.csv"
    frame = check_table(_read_text_table(where), where, SOURCE_COLUMNS, required=SOURCE_COLUMNS)
    for row in frame.index:
        date, address = frame.at[row, "date"], frame.at[row, "address"]
        if not _ISO_DATE.match(date):
            raise CatalogError(f"{where}, row {row + 2}, column 'date': {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if not re.match(r"^https?://\S+$", address):
            raise CatalogError(f"{where}, row {row + 2}, column 'address': {address!r} is not a web address")
    return frame


def _citation(row) -> str:
    """``Publisher, “Title”, date`` for one sources.csv row."""
    return f"{row['publisher']}, “{row['title']}”, {row['date']}"


def _cite(frame: pd.DataFrame, where: str, columns: list[str]) -> None:
    """Add ``sources`` (every id cited, in order), ``source`` (citations) and ``source_date`` in place;
    an unknown id is an error naming row and column."""
    known = _sources().set_index("id")
    cited_rows, texts, dates = [], [], []
    for row in frame.index:
        ids = []
        for column in columns:
            for source_id in _split_ids(frame.at[row, column]):
                if source_id not in known.index:
                    raise CatalogError(f"{where}, row {row + 2}, column {column!r}: unknown source {source_id!r} "
                                       "(see sources.csv)")
                ids.append(source_id)
        ids = list(dict.fromkeys(ids))
        cited_rows.append(";".join(ids))
        texts.append("; ".join(_citation(known.loc[i]) for i in ids))
        dates.append("; ".join(dict.fromkeys(known.at[i, "date"] for i in ids)))
    frame["sources"], frame["source"], frame["source_date"] = cited_rows, texts, dates


@functools.cache
def _systems() -> pd.DataFrame:
    where = "systems.csv"
    frame = _read_text_table(where)
    frame = check_table(frame, where, SYSTEM_FILE_COLUMNS, numbers=["range_km", "range_low_km", "range_high_km",
                                                                     "min_range_km"],
                        required=["id", "name", "class", "range_km", "range_kind", "range_sources"],
                        non_negative=["range_km", "range_low_km", "range_high_km", "min_range_km"])
    _check_bands(frame, where)
    _check_figures(frame, where)
    for column in ("aliases", "operator", "platform", "note", "note_sources", "band_kind", "band_sources",
                   "min_range_kind", "min_range_sources"):
        frame[column] = frame[column].fillna("")
    _cite(frame, where, [c for _, _, c in FIGURES] + ["note_sources"])
    frame.attrs["lookup"] = _index(frame, where, ["id", "name"], aliases=True)
    return frame


@functools.cache
def _sites() -> gpd.GeoDataFrame:
    where = "sites.csv"
    frame = _read_text_table(where)
    frame = check_table(frame, where, SITE_FILE_COLUMNS, numbers=["lat", "lon"],
                        required=["id", "name", "lat", "lon", "country", "kind", "position", "position_source"],
                        lat_lon=True)
    for row in frame.index[~frame["kind"].isin(SITE_KINDS)]:
        raise CatalogError(f"{where}, row {row + 2}, column 'kind': {frame.at[row, 'kind']!r} is not one of "
                           f"{', '.join(SITE_KINDS)}")
    frame["note"] = frame["note"].fillna("")
    frame["report_sources"] = frame["report_sources"].fillna("")
    _cite(frame, where, ["position_source", "report_sources"])
    lookup = _index(frame, where, ["id", "name"])
    frame = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")
    frame.attrs["lookup"] = lookup
    return frame


@functools.cache
def _cities() -> gpd.GeoDataFrame:
    where = "cities.csv"
    with _data_file(where).open(encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype={"admin1": str, "name": str, "country": str}, keep_default_na=False)
    frame = check_table(frame, where, CITY_COLUMNS, numbers=["lat", "lon", "population"],
                        required=["name", "country"], lat_lon=True, non_negative=["population"],
                        unique="geonameid")
    frame["population"] = frame["population"].astype("int64")
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")


@functools.cache
def _boundaries() -> gpd.GeoDataFrame:
    with _data_file("countries.geojson").open("rb") as handle:
        frame = gpd.read_file(handle).set_crs("EPSG:4326", allow_override=True)
    bad = frame.index[~frame.is_valid]
    if len(bad):
        raise CatalogError(f"countries.geojson, feature {bad[0]} ({frame.at[bad[0], 'name']}): invalid geometry")
    return frame


def _index(frame, where, columns, aliases=False) -> dict[str, str]:
    """Map every lookup key (id, name, aliases) to its row id; a key used by two rows is an error."""
    keys: dict[str, str] = {}
    for row in frame.index:
        names = [frame.at[row, c] for c in columns]
        if aliases:
            names += [a for a in str(frame.at[row, "aliases"]).split(";") if a.strip()]
        for name in names:
            key = _key(name)
            if keys.get(key, frame.at[row, "id"]) != frame.at[row, "id"]:
                raise CatalogError(f"{where}, row {row + 2}: name {name!r} also names {keys[key]!r}")
            keys[key] = frame.at[row, "id"]
    return keys


def _resolve(kind: str, name: str) -> str:
    keys = (_systems() if kind == "system" else _sites()).attrs["lookup"]
    found = keys.get(_key(name))
    if found is None:
        ids = sorted(set(keys.values()))
        close = difflib.get_close_matches(_key(name), keys, n=5, cutoff=0.5)
        guesses = list(dict.fromkeys(keys[c] for c in close))[:3]
        hint = f"did you mean {', '.join(guesses)}?" if guesses else f"known: {', '.join(ids)}"
        raise UnknownNameError(f"unknown {kind} {name!r}: {hint}")
    return found


def systems() -> pd.DataFrame:
    """All systems, one row each: ranges in km (``range_km`` is drawn by default), band, source, note."""
    return _systems().copy()


def sites() -> gpd.GeoDataFrame:
    """Named reference launch points (city centres, not claimed bases) as points in EPSG:4326."""
    return _sites().copy()


def cities() -> gpd.GeoDataFrame:
    """GeoNames cities of at least 15,000 people in the countries in play (CC BY 4.0), EPSG:4326."""
    return _cities().copy()


def boundaries() -> gpd.GeoDataFrame:
    """Natural Earth country borders (public domain), Crimea within Ukraine, split at ±180°, EPSG:4326."""
    return _boundaries().copy()


def system(name: str) -> pd.Series:
    """One system by id, alias or name, case-insensitive (``"KN-23"`` finds Hwasong-11)."""
    frame = _systems()
    return frame.loc[frame["id"] == _resolve("system", name)].iloc[0].copy()


def site(name: str) -> pd.Series:
    """One named launch point by id or name, case-insensitive."""
    frame = _sites()
    return frame.loc[frame["id"] == _resolve("site", name)].iloc[0].copy()


def sources() -> pd.DataFrame:
    """The sources every figure and site cites: ``id, publisher, title, date, address, quote``.

    ``quote`` holds the source's own words for the figures it backs (passages joined by " … ")."""
    return _sources().copy()


def source(source_id: str) -> pd.Series:
    """One source row by id."""
    frame = _sources()
    match = frame[frame["id"] == source_id]
    if match.empty:
        close = difflib.get_close_matches(source_id, list(frame["id"]), n=3)
        raise UnknownNameError(f"unknown source {source_id!r}" + (f": did you mean {', '.join(close)}?" if close else ""))
    return match.iloc[0].copy()


@functools.cache
def _areas() -> gpd.GeoDataFrame:
    where = "areas.geojson"
    with _data_file(where).open("rb") as handle:
        frame = gpd.read_file(handle).set_crs("EPSG:4326", allow_override=True)
    frame = check_table(pd.DataFrame(frame), where + " (row = feature + 2)", ["id", "name", "kind", "sources", "note"],
                        required=["id", "name", "kind", "sources"])
    frame = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
    bad = frame.index[~frame.is_valid | ~frame.geom_type.isin(["Polygon", "MultiPolygon"])]
    if len(bad):
        raise CatalogError(f"{where}, feature {bad[0]}: geometry must be a valid polygon")
    _cite(frame, where + " (row = feature + 2)", ["sources"])
    return frame


def areas() -> gpd.GeoDataFrame:
    """Reported launch areas (e.g. the Caspian Sea launch zone) as polygons in EPSG:4326, with sources.

    Draw one with :func:`rangemap.reach_from_area`."""
    return _areas().copy()


def area(area_id: str) -> pd.Series:
    """One launch area by id."""
    frame = _areas()
    match = frame[frame["id"] == area_id]
    if match.empty:
        raise UnknownNameError(f"unknown area {area_id!r}: known: {', '.join(frame['id'])}")
    return match.iloc[0].copy()


def place(name: str) -> dict:
    """A named point: a catalog site (id or name), else a catalog city by name (the most populous of that
    name; ``"Name, CC"`` picks the country). Returns ``id, name, lat, lon, note``."""
    try:
        row = site(name)
        return {"id": row["id"], "name": row["name"], "lat": float(row["lat"]), "lon": float(row["lon"]),
                "note": row["note"]}
    except UnknownNameError as err:
        site_error = err
    cities_ = _cities()
    text, country = str(name).strip(), None
    if re.search(r",\s*[A-Za-z]{2}$", text):
        text, country = text.rsplit(",", 1)[0].strip(), text.rsplit(",", 1)[1].strip().upper()
    match = cities_[cities_["name"].str.casefold() == text.casefold()]
    if country:
        match = match[match["country"] == country]
    if match.empty:
        close = difflib.get_close_matches(text, list(cities_["name"]), n=3, cutoff=0.75)
        hint = f"; cities: did you mean {', '.join(close)}?" if close else ""
        raise UnknownNameError(f"{site_error} (and no catalog city of that name{hint})") from None
    city = match.sort_values("population", ascending=False, kind="stable").iloc[0]
    return {"id": f"{city['name']}, {city['country']}", "name": city["name"], "lat": float(city["lat"]),
            "lon": float(city["lon"]), "note": f"GeoNames {city['geonameid']} (city centre)"}


def custom_system(range_km: float, min_range_km: float | None = None, name: str | None = None) -> pd.Series:
    """A system the user defines by its range (and minimum), in km: a row like :func:`system`'s.

    Its ``source`` says it was given by the user; ``id`` is ``custom-<name or range>``."""
    try:
        range_km = float(range_km)
        min_range_km = None if min_range_km is None or pd.isna(min_range_km) or float(min_range_km) == 0 \
            else float(min_range_km)
    except (TypeError, ValueError):
        raise CatalogError(f"custom range {range_km!r} / minimum {min_range_km!r}: not numbers") from None
    if not (np.isfinite(range_km) and range_km > 0):
        raise CatalogError(f"custom range {range_km!r} km must be positive")
    if min_range_km is not None and not (np.isfinite(min_range_km) and 0 <= min_range_km < range_km):
        raise CatalogError(f"custom minimum range {min_range_km!r} km must be at least 0 and below the range")
    label = str(name).strip() if name is not None and str(name).strip() else f"custom range {range_km:g} km"
    row = dict.fromkeys(SYSTEM_COLUMNS, "")
    slug = re.sub(r"[^0-9a-z]+", "-", (label if name is not None and str(name).strip() else f"{range_km:g} km")
                  .casefold()).strip("-")
    row.update({"id": "custom-" + (slug or "range"),
                "name": label, "class": "custom", "range_km": range_km, "range_kind": "given",
                "range_low_km": np.nan, "range_high_km": np.nan,
                "min_range_km": np.nan if min_range_km is None else min_range_km,
                "source": "given by the user", "note": "a range given by the user, not from the catalog"})
    return pd.Series(row)


def _scenario_dir():
    return _data_file("scenarios")


def _load_toml(handle) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.load(handle)


@functools.cache
def _scenarios() -> dict:
    found = {}
    for entry in sorted(_scenario_dir().iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        where = f"scenarios/{entry.name}"
        with entry.open("rb") as handle:
            try:
                data = _load_toml(handle)
            except ValueError as err:
                raise CatalogError(f"{where}: not valid TOML: {err}") from None
        found[entry.name[:-5]] = _check_scenario(entry.name[:-5], data, where)
    return found


def _check_scenario(name: str, data: dict, where: str) -> dict:
    """Validate one scenario: title, description, layers naming only catalog systems, sites/cities, areas."""
    for key in ("title", "description"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise CatalogError(f"{where}: {key!r} must be non-empty text")
    layers = data.get("layers")
    if not isinstance(layers, list) or not layers:
        raise CatalogError(f"{where}: needs at least one [[layers]] table")
    checked = []
    for i, layer in enumerate(layers, 1):
        def names(key, layer=layer, i=i):
            value = layer.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CatalogError(f"{where}, layer {i}: {key!r} must be a list of names")
            return value
        systems_, sites_, areas_ = names("systems"), names("sites"), names("areas")
        if not systems_ or not (sites_ or areas_):
            raise CatalogError(f"{where}, layer {i}: needs systems and sites or areas")
        try:
            systems_ = [_resolve("system", s) for s in systems_]
            for s in sites_:
                place(s)
            for a in areas_:
                area(a)
        except UnknownNameError as err:
            raise CatalogError(f"{where}, layer {i}: {err}") from None
        checked.append({"systems": systems_, "sites": sites_, "areas": areas_})
    return {"name": name, "title": data["title"].strip(), "description": " ".join(data["description"].split()),
            "layers": checked}


def scenarios() -> pd.DataFrame:
    """The scenarios shipped in data/scenarios: ``name, title, description, systems, sites, areas``
    (lists of every system, site and area the scenario's layers use)."""
    rows = []
    for sc in _scenarios().values():
        def union(key, sc=sc):
            return list(dict.fromkeys(v for layer in sc["layers"] for v in layer[key]))
        rows.append({"name": sc["name"], "title": sc["title"], "description": sc["description"],
                     "systems": union("systems"), "sites": union("sites"), "areas": union("areas")})
    return pd.DataFrame(rows, columns=["name", "title", "description", "systems", "sites", "areas"])


def scenario(name: str) -> dict:
    """One scenario: ``{name, title, description, layers: [{systems, sites, areas}, …]}``."""
    found = _scenarios()
    if name not in found:
        close = difflib.get_close_matches(name, list(found), n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(found)}"
        raise UnknownNameError(f"unknown scenario {name!r}: {hint}")
    sc = found[name]
    return {**sc, "layers": [{k: list(v) for k, v in layer.items()} for layer in sc["layers"]]}


class SitesFileError(ValueError):
    """A user sites file that cannot be read: the message names the file and the problem."""


def resolve_systems(systems) -> pd.DataFrame:
    """Catalog rows for one name or a list of names (ids, aliases or display names), in the order given.

    Items may also be rows from :func:`custom_system` (a user's own range)."""
    names = [systems] if isinstance(systems, (str, pd.Series, dict)) else list(systems)
    if not names:
        raise UnknownNameError("no system given")
    frame = _systems().set_index("id", drop=False)
    rows = {}
    for item in names:
        if isinstance(item, (pd.Series, dict)):
            row = custom_system(item["range_km"], item.get("min_range_km"), item.get("name"))  # validates
            row["id"] = item.get("id") or row["id"]
        else:
            row = frame.loc[_resolve("system", item)]
        rows.setdefault(row["id"], row)
    return pd.DataFrame(list(rows.values()))[list(frame.columns)].reset_index(drop=True)


def _sites_table(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    """A validated ``id, name, lat, lon, note`` table from one with at least ``name, lat, lon``."""
    frame = check_table(frame.reset_index(drop=True), where, ["name", "lat", "lon"], numbers=["lat", "lon"],
                        required=["name", "lat", "lon"], lat_lon=True, unique=None)
    if "id" not in frame:
        frame["id"] = frame["name"]
    frame["note"] = frame["note"].fillna("") if "note" in frame else ""
    return frame[["id", "name", "lat", "lon", "note"]]


def resolve_sites(sites) -> pd.DataFrame:
    """Launch points as a table ``id, name, lat, lon, note``.

    ``sites`` is a site or catalog city name, a list of names and/or ``(lat, lon)`` pairs, or a
    (Geo)DataFrame with ``name, lat, lon`` columns (e.g. from :func:`read_sites_file`).
    """
    if isinstance(sites, pd.DataFrame):
        return _sites_table(sites, "sites")
    items = [sites] if isinstance(sites, (str, tuple)) else list(sites)
    if not items:
        raise UnknownNameError("no launch site given")
    rows = []
    for item in items:
        if isinstance(item, str):
            rows.append(place(item))
        else:
            lat, lon = (float(v) for v in item)
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise CatalogError(f"launch point ({lat}, {lon}) is outside -90..90, -180..180")
            label = f"{lat:.4f}, {lon:.4f}"
            rows.append({"id": label, "name": label, "lat": lat, "lon": lon, "note": "given as coordinates"})
    return pd.DataFrame(rows)


def read_sites_file(path) -> pd.DataFrame:
    """Launch points from a CSV (``name,lat,lon``, optional ``id,note``) or GeoJSON (Points with ``name``)."""
    import json
    from pathlib import Path

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SitesFileError(f"cannot read sites file {str(path)!r}: {getattr(err, 'strerror', None) or err}") from None
    if not text.strip():
        raise SitesFileError(f"sites file {str(path)!r} is empty")
    if path.suffix.lower() in (".json", ".geojson") or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise SitesFileError(f"sites file {str(path)!r} is not valid JSON: {err.msg} at line {err.lineno}") from None
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list) or not features:
            raise SitesFileError(f"sites file {str(path)!r}: expected a GeoJSON FeatureCollection of Points")
        rows = []
        for i, feature in enumerate(features):
            geometry = (feature or {}).get("geometry") or {}
            props = (feature or {}).get("properties") or {}
            coords = geometry.get("coordinates")
            if geometry.get("type") != "Point" or not isinstance(coords, list) or len(coords) < 2:
                raise SitesFileError(f"{path.name}, feature {i}: geometry must be a Point")
            rows.append({"id": props.get("id", props.get("name")), "name": props.get("name"),
                         "lat": coords[1], "lon": coords[0], "note": props.get("note", "")})
        frame = pd.DataFrame(rows).astype({"lat": str, "lon": str})
        where = f"{path.name} (GeoJSON features, row = feature + 2)"
    else:
        import io
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise SitesFileError(f"sites file {str(path)!r} is not valid CSV: {err}") from None
        where = path.name
    try:
        return _sites_table(frame, where)
    except CatalogError as err:
        raise SitesFileError(str(err)) from None

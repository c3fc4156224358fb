"""One gazetteer for every place a user names: a ``--target``, a ``--site`` that is not a catalog site,
:func:`rangemap.check`, :func:`rangemap.place`.

Names are matched folded (:func:`fold`: case, accents, apostrophes and dashes do not matter) against each
place's GeoNames name and its alternate names in Latin and Cyrillic script (data/place_names.csv:
transliterations and exonyms such as Kiev, Kharkov, Київ). A name that several places share is taken as the
most populous one, and the answer says so in one line (``notice``), naming how to choose another:
``"Mykolaiv, Lviv Oblast"`` (a first-level region: oblast, state, province) or ``"Mykolaiv, UA"`` (an ISO
country code). "Did you mean" is drawn from places only, and messages use the caller's name for the argument
(``what``: "target", "--target", "launch site").
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from rangemap.catalog import tables
from rangemap.catalog.files import shipped
from rangemap.errors import UnknownNameError
from rangemap.text import check_name

__all__ = ["Place", "coverage", "find", "fold", "region_names", "small_place_countries"]

#: Apostrophes and letters that do not decompose into a base letter and a mark, folded to plain letters.
_FOLD = str.maketrans({"'": None, "’": None, "ʼ": None, "ʹ": None, "`": None, "´": None, "‘": None, "ʻ": None,
                       "ʾ": None, "ʿ": None, "ł": "l", "ø": "o", "đ": "d", "ı": "i", "ħ": "h", "ŀ": "l",
                       "ё": "е", "ъ": None, "ь": None})
_SPACES = re.compile(r"[\s\-‐‑‒–—_./()]+")


def fold(text: object) -> str:
    """A name as it is matched: accents dropped, case folded, apostrophes and soft signs removed, dashes and
    runs of spaces made one space.

    >>> fold("Kryvyi  Rih") == fold("Kryvyĭ-Rih") == "kryvyi rih"
    True
    >>> fold("Kam'yanets'-Podil's'kyy")
    'kamyanets podilskyy'
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _SPACES.sub(" ", bare.translate(_FOLD)).strip()


@dataclass(frozen=True)
class Place:
    """A place found by name: the GeoNames record and, when the name was shared, a one-line ``notice``."""

    geonameid: int
    name: str
    region: str
    country: str
    lat: float
    lon: float
    population: int
    notice: str = ""

    @property
    def label(self) -> str:
        """``"Mykolayiv, Mykolaiv Oblast, UA"``: enough to tell two places of one name apart."""
        return ", ".join(p for p in (self.name, self.region, self.country) if p)


@functools.cache
def _regions() -> dict[tuple[str, str], tuple[str, tuple[str, ...]]]:
    """(country, admin1 code) -> (region name, folded names it is known by)."""
    return {(r.country, r.admin1): (r.name, tuple(k for k in r.keys.split("|") if k))
            for r in tables._shipped_regions().itertuples(index=False)}


def region_names(countries, admin1s) -> list[str]:
    """The first-level region's name for each (country, GeoNames admin1 code); "" where GeoNames has none."""
    regions = _regions()
    return [regions.get((str(c), str(a)), ("", ()))[0] for c, a in zip(countries, admin1s)]


@functools.cache
def _index() -> dict[str, np.ndarray]:
    """Folded name -> row positions in the shipped cities table, most populous first."""
    cities = tables._shipped_cities()
    position = {int(g): i for i, g in enumerate(cities["geonameid"])}
    found: dict[str, set[int]] = {}
    for i, name in enumerate(cities["name"]):
        found.setdefault(fold(name), set()).add(i)
    with shipped("place_names.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            i = position.get(int(row["geonameid"]))
            if i is not None:
                for key in row["names"].split("|"):
                    found.setdefault(key, set()).add(i)
    population = cities["population"].to_numpy()
    return {k: np.array(sorted(v, key=lambda i: (-population[i], i))) for k, v in found.items()}


def _place(i: int, notice: str = "") -> Place:
    city = tables._shipped_cities().iloc[i]
    return Place(int(city["geonameid"]), str(city["name"]), str(city["region"]), str(city["country"]),
                 float(city["lat"]),
                 float(city["lon"]), int(city["population"]), notice)


def _qualified(text: str, rows: np.ndarray, qualifier: str) -> np.ndarray:
    """The rows in the country (ISO code) or first-level region that ``qualifier`` names."""
    cities = tables._shipped_cities()
    country = cities["country"].to_numpy()[rows]
    if re.fullmatch(r"[A-Za-z]{2}", qualifier.strip()):
        return rows[country == qualifier.strip().upper()]
    key, regions = fold(qualifier), _regions()
    admin1 = cities["admin1"].to_numpy()[rows]
    keep = [key in regions.get((c, a), ("", ()))[1] for c, a in zip(country, admin1)]
    return rows[np.array(keep, dtype=bool)]


def _unknown(what: str, text: str) -> str:
    """"unknown target 'X' (--target)" for an option's name, "unknown target 'X'" otherwise."""
    return f"unknown {what[2:]} {text!r} ({what})" if what.startswith("--") else f"unknown {what} {text!r}"


def find(name: object, what: str = "place", *, suggest: bool = True) -> Place:
    """The place a user names: ``"Kharkov"``, ``"Київ"``, ``"Mykolaiv, Lviv Oblast"``, ``"Paris, US"``.

    The most populous place of that name is taken; when others share it, ``notice`` says so in one line.
    An unknown name raises :class:`~rangemap.errors.UnknownNameError` ("unknown {what} …: did you mean …?",
    drawn from places only); an empty name, one too long or one with control characters raises
    :class:`~rangemap.errors.RangemapError` naming ``what``."""
    text = check_name(name, what)
    index = _index()
    head, qualifier = text, ""
    rows = index.get(fold(text))
    if rows is None and "," in text:
        head, qualifier = (p.strip() for p in text.rsplit(",", 1))
        rows = index.get(fold(head))
        if rows is not None:
            rows = _qualified(text, rows, qualifier)
            if not len(rows):
                raise UnknownNameError(f"{_unknown(what, text)}: no place called {head!r} in {qualifier!r} "
                                       f"(give a region such as an oblast or state, or a country code)")
    if rows is None and not suggest:
        raise UnknownNameError(_unknown(what, text))
    if rows is None:
        close = difflib.get_close_matches(fold(head), index, n=8, cutoff=0.75)
        guesses = list(dict.fromkeys(_place(int(index[c][0])).name for c in close))[:3]
        hint = f": did you mean {', '.join(guesses)}?" if guesses else ": no place of that name in the gazetteer"
        raise UnknownNameError(f"{_unknown(what, text)}{hint}")
    chosen = _place(int(rows[0]))
    if len(rows) == 1:
        return chosen
    other = _place(int(rows[1]))
    qualifier_hint = other.region or other.country
    if other.region and other.region == chosen.region:
        qualifier_hint = other.country if other.country != chosen.country else ""
    smaller = len(rows) - 1
    share = f"{smaller} smaller place{'s' if smaller > 1 else ''} share{'s' if smaller == 1 else ''} the name"
    choose = f" — write '{head}, {qualifier_hint}' to choose" if qualifier_hint else ""
    notice = f"{text}: taken as {chosen.label} ({chosen.population:,}); {share}{choose}"
    return Place(**{**chosen.__dict__, "notice": notice})


def small_place_countries(cities) -> list[str]:
    """The countries (ISO codes, sorted) where the table holds places of under 15,000 people that are not
    capitals: where every place of 1,000+ is counted, not only a small capital."""
    small = cities[(cities["population"] < 15_000) & (cities.get("feature", "") != "PPLC")]
    return sorted(set(small["country"]))


def coverage(cities=None) -> str:
    """One line saying which places a people count covers, from the cities table itself.

    >>> coverage().startswith("Counted: GeoNames places of 15,000+ people worldwide")
    True
    """
    cities = tables._shipped_cities() if cities is None else cities
    small = cities[(cities["population"] < 15_000) & (cities.get("feature", "") != "PPLC")]
    countries = small_place_countries(cities)
    floor = int(small["population"].min()) if len(small) else 15_000
    floor = 1_000 if floor >= 1_000 else floor
    where = f" and of {floor:,}+ in {', '.join(countries)}" if countries else ""
    return (f"Counted: GeoNames places of 15,000+ people worldwide{where}, and every capital "
            f"(GeoNames cities500, 2023; CC BY 4.0); people in smaller places are not counted")

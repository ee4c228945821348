"""The gazetteer: every known actor, keyed by every surface form that names it.

Countries are built at run time from the data packages: pycountry gives the
ISO 3166-1 codes and the short, official and common names; countryinfo gives
demonyms, capitals and alternate spellings. ``data/actors.json`` adds what the
packages lack (English short forms, plural demonyms, seats of government, the
Soviet Union and Kosovo), then lists organizations, groups and a few
location "blockers"; ``data/persons.json`` lists well-known people.
``data/README.md`` explains the files and how to extend them.

Matching rules (shared by :meth:`Gazetteer.lookup` and :meth:`Gazetteer.patterns`):

* short codes (at most 4 letters, at least 2 of them capitals: ``US``, ``IS``,
  ``UN``, ``JeM``) match case-sensitively, with or without dots (``U.S.``);
* single-word names that are common English words when lowercased
  (``Turkey``, ``China``, ``Bush``) or that are at most 4 letters long
  (``Iran``, ``Xi``) must be capitalized as written (or all-caps, from 4
  letters on);
* every other name matches case-insensitively; hyphens count as spaces.

Names several actors share ("Bush", "Parliament") are kept apart as ambiguous
aliases: :meth:`Gazetteer.candidates` lists their owners and
:meth:`Gazetteer.resolve` picks one from what else the document names.

Example:
    >>> gaz = load_gazetteer()
    >>> gaz.lookup("the Kremlin's").id, gaz.kind("Kremlin")
    ('RUS', 'seat')
    >>> gaz.lookup("us") is None
    True
"""

from __future__ import annotations

import functools
import json
import logging
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from geokg.errors import GeoKGError

__all__ = ["KINDS", "TYPES", "ActorEntry", "Collision", "Gazetteer", "alias_key", "load_gazetteer"]

log = logging.getLogger(__name__)

TYPES = ("Country", "Organization", "Group", "Person", "Location")
KINDS = ("name", "code", "seat", "demonym", "capital")

# ISO 3166-1 entries that are not UN members or observers, taken once from
# country_converter's UNmember column (Palestine, Taiwan and the Holy See are
# left out: they act as states in the news). Their capitals are not used as
# metonyms and their demonyms lose ties to sovereign states.
_DEPENDENCIES = frozenset(
    "ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM ESH FLK FRO GGY "
    "GIB GLP GRL GUF GUM HKG HMD IMN IOT JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU "
    "PCN PRI PYF REU SGS SHN SJM SPM SXM TCA TKL UMI VGB VIR WLF".split()
)

# Aliases of one word, longer than 4 letters, that are also lowercase English
# words (checked against a dictionary word list): they only match when
# capitalized, so "turkey", "china" or "bush" in running text name no actor.
_COMMON_WORDS = frozenset(
    """
    afghan afghans amnesty arroyo bishop bongo brotherhood brown bush china chile
    cleverly congress conservative conservatives cooper dean democrat democratic democrats
    downer dutch economist emirates franks french gallant gates google guardian guinea harry
    japan jersey labour lasso lubbers major martin morocco muscat observatory
    paisley panama parliament pence pentagon polish poles power price quartet queen
    republican republicans reunion ridge salami sanders senate shell sofia soviet soviets store
    straw swede swedes telegraph tenet tigers times trump truss turkey tusk twitter
    waltz wellington
    """.split()
)

# A country's altSpellings entry is kept only if it is an English form of
# government name ("Kingdom of Spain"), not a native one ("Reino de España").
_GOVERNMENT_WORDS = frozenset(
    """
    republic kingdom state states federation commonwealth union principality
    sultanate emirates confederation duchy territory islands federal democratic
    people's united independent plurinational bolivarian hashemite socialist
    bailiwick department federated grand co-operative oriental eastern
    """.split()
)

# Titles stripped before a person's name: "President Bashar al-Assad", "Mr Putin".
_TITLES = tuple(
    t.strip()
    for t in """
    mr, mrs, ms, miss, dr, sir, dame, lord, president, vice president, prime minister,
    premier, chancellor, foreign minister, defence minister, defense minister, minister,
    secretary of state, secretary, secretary-general, gen, general, lt, colonel, col,
    sheikh, ayatollah, grand ayatollah, king, queen, prince, crown prince, emir, sultan,
    senator, sen, rep, governor, gov, mayor, pope, supreme leader, leader, mullah, imam
    """.split(",")
)

# Roles that make a person the default owner of a shared name.
_HEADS = frozenset(
    "president,prime minister,premier,chancellor,king,queen,emperor,emir,sultan,"
    "supreme leader,leader".split(",")
)

_NO_PLURAL = ("ese", "ish", "ch", "sh", "ss", "x", "sy", "ois", "ic", "wana", "otho", "atu", "ati")

_CODE_RE = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z0-9]{2,4}$")
_DOTTED_RE = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]\.?$")
_QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
)
_KIND_RANK = {"name": 0, "code": 0, "seat": 1, "demonym": 2, "capital": 3}
_TYPE_RANK = {t: i for i, t in enumerate(TYPES)}


@dataclass(frozen=True)
class ActorEntry:
    """One actor of the gazetteer.

    Attributes:
        id: ISO alpha-3 for countries ("RUS"), the data file's key otherwise.
        label: canonical English name ("Russia", "Islamic State").
        type: Country, Person, Group, Organization or Location.
        iso3: ISO 3166-1 alpha-3 of a Country, else None.
        country: id of the Country a person, organization or group belongs to.
        aliases: every surface form that resolves to this entry.
        role: a person's best-known title ("president").
        generic: a generic group ("rebels"), not a named actor.
        ambiguous: surface forms shared with other actors (a bare "Bush"); they
            resolve only through :meth:`Gazetteer.candidates`.
        org: id of the Organization or Group a person leads or belongs to.
        sector: CAMEO agent code of an institution or generic group (GOV, MIL, REB, ...).
        incidental: a generic group listed only when a relation names it ("journalists").
    """

    id: str
    label: str
    type: str
    iso3: str | None
    country: str | None
    aliases: tuple[str, ...]
    role: str | None = None
    generic: bool = False
    ambiguous: tuple[str, ...] = ()
    org: str | None = None
    sector: str | None = None
    incidental: bool = False


@dataclass(frozen=True)
class Collision:
    """An alias key claimed by several entries: ``winner`` keeps it.

    The winner is the entry whose claim ranks first: curated data before
    package-derived, then name or code before seat, demonym and capital, then
    Country before Organization, Group, Person and Location, then a sovereign
    current state before a dependency or historic state, then the larger
    population.
    """

    alias: str
    winner: str
    losers: tuple[str, ...]


@dataclass
class _Draft:
    """An entry under construction, with ranked candidate aliases."""

    id: str
    label: str
    type: str
    iso3: str | None = None
    country: str | None = None
    role: str | None = None
    generic: bool = False
    org: str | None = None
    sector: str | None = None
    incidental: bool = False
    curated: bool = True
    rank: tuple = ()
    aliases: list[tuple[str, str, bool]] = field(default_factory=list)  # surface, kind, curated
    ambiguous: list[str] = field(default_factory=list)

    def add(self, surface: str | None, kind: str = "name", *, curated: bool | None = None) -> None:
        surface = _clean(surface)
        if kind == "name" and _is_code(surface.replace(".", "")):
            kind = "code"
        if surface:
            self.aliases.append((surface, kind, self.curated if curated is None else curated))


# -- normalization ------------------------------------------------------------


def _clean(text: str | None) -> str:
    text = unicodedata.normalize("NFC", (text or "").translate(_QUOTES))
    text = " ".join(text.split())
    return re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)


def _fold(text: str) -> str:
    """Drop diacritics: "Türkiye" -> "Turkiye"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tokens(text: str) -> list[str]:
    text = _clean(text).replace(",", " ").replace("-", " ")
    out = []
    for tok in text.split():
        if _DOTTED_RE.match(tok):
            tok = tok.replace(".", "")
        out.append(tok.strip('."()'))
    return [t for t in out if t]


def _is_code(token: str) -> bool:
    return bool(_CODE_RE.match(token))


def _is_cased(tokens: list[str]) -> bool:
    if len(tokens) != 1 or _is_code(tokens[0]):
        return False
    word = tokens[0]
    return len(word) <= 4 or word.casefold() in _COMMON_WORDS


def alias_key(surface: str) -> str:
    """The index key of an alias: codes and cased words keep their case.

    >>> alias_key("al-Qaeda") == alias_key("Al Qaeda"), alias_key("U.S."), alias_key("Turkey")
    (True, 'US', 'Turkey')
    """
    tokens = _tokens(surface)
    if _is_cased(tokens):
        return tokens[0]
    return " ".join(t if _is_code(t) else t.casefold() for t in tokens)


def _index_keys(surface: str) -> list[str]:
    key = alias_key(surface)
    if _is_cased(_tokens(surface)) and len(key) >= 4:
        return [key, key.upper()]
    return [key]


def _probe_keys(surface: str) -> list[str]:
    tokens = _tokens(surface)
    raw = " ".join(tokens)
    return list(dict.fromkeys([raw, alias_key(surface), raw.casefold()]))


def _variants(surface: str) -> Iterator[str]:
    """Surface, then without possessive, title, middle initial or "-backed" suffix."""
    text = _clean(surface).strip(' ,;:!?"')
    yield text
    bare = re.sub(r"(?:'s|')$", "", text)
    yield bare
    low = bare.lower()
    for title in sorted(_TITLES, key=len, reverse=True):
        if low.startswith(title + " ") or low.startswith(title + ". "):
            yield bare[len(title) :].lstrip(". ")
            break
    if re.search(r" [A-Z]\. ", bare):  # "Colin L. Powell" -> "Colin Powell"
        yield re.sub(r" [A-Z]\. ", " ", bare)
    if "-" in bare:
        yield bare.rsplit("-", 1)[0]


# -- the gazetteer --------------------------------------------------------------


class Gazetteer:
    """Actors and their aliases, with lookups and spaCy patterns.

    Build it with :func:`load_gazetteer`; the constructor takes drafts from
    the private builders and resolves alias collisions (see ``collisions``).
    """

    def __init__(self, drafts: Iterable[_Draft]) -> None:
        drafts = list(drafts)
        self._index: dict[str, tuple[str, str]] = {}  # key -> (entry id, kind)
        self._ambiguous: dict[str, list[str]] = {}  # key -> entry ids
        self.collisions: tuple[Collision, ...] = self._resolve(drafts)
        kept: dict[str, list[str]] = {d.id: [] for d in drafts}
        for key, (entry_id, _) in self._index.items():
            kept[entry_id].append(key)
        self._entries: dict[str, ActorEntry] = {}
        for d in drafts:
            keys = set(kept[d.id])
            surfaces = [s for s, _, _ in d.aliases if alias_key(s) in keys]
            self._entries[d.id] = ActorEntry(
                id=d.id,
                label=d.label,
                type=d.type,
                iso3=d.iso3,
                country=d.country,
                aliases=tuple(dict.fromkeys(surfaces)),
                role=d.role,
                generic=d.generic,
                ambiguous=tuple(dict.fromkeys(d.ambiguous)),
                org=d.org,
                sector=d.sector,
                incidental=d.incidental,
            )
        self._prominence = {d.id: (d.role not in _HEADS, order) for order, d in enumerate(drafts)}
        self._patterns: list[dict[str, Any]] | None = None

    def _resolve(self, drafts: list[_Draft]) -> tuple[Collision, ...]:
        claims: dict[str, dict[str, tuple]] = {}  # key -> entry id -> best priority
        for order, d in enumerate(drafts):
            for surface, kind, curated in d.aliases:
                prio = (not curated, _KIND_RANK[kind], _TYPE_RANK[d.type], d.rank, order, kind)
                for key in _index_keys(surface):
                    best = claims.setdefault(key, {})
                    if d.id not in best or prio < best[d.id]:
                        best[d.id] = prio
            for surface in d.ambiguous:
                for key in _index_keys(surface):
                    self._ambiguous.setdefault(key, []).append(d.id)
        collisions = []
        for key, by_id in claims.items():
            ranked = sorted(by_id, key=by_id.__getitem__)
            self._index[key] = (ranked[0], by_id[ranked[0]][-1])
            if len(ranked) > 1:
                collisions.append(Collision(key, ranked[0], tuple(ranked[1:])))
        return tuple(sorted(collisions, key=lambda c: c.alias))

    # -- queries --

    def _find(self, surface: str) -> tuple[str, str] | None:
        for variant in _variants(surface):
            for key in _probe_keys(variant):
                if key in self._index:
                    return self._index[key]
        return None

    def lookup(self, surface: str) -> ActorEntry | None:
        """The entry a surface form names, or None.

        >>> load_gazetteer().lookup("U.S.-backed").label
        'United States'
        """
        hit = self._find(surface)
        return self._entries[hit[0]] if hit else None

    def kind(self, surface: str) -> str | None:
        """How the surface names its entry: name, code, seat, demonym or capital."""
        hit = self._find(surface)
        return hit[1] if hit else None

    def candidates(self, surface: str) -> tuple[ActorEntry, ...]:
        """Every entry the surface may name: the lookup hit, then ambiguous owners.

        Owners of an ambiguous alias come most prominent first: heads of state
        or government before others, then in data-file order
        (``candidates("Bush")`` gives George W. Bush, then his father).
        """
        owners: list[str] = []
        for variant in _variants(surface):
            for key in _probe_keys(variant):
                owners.extend(self._ambiguous.get(key, ()))
        ranked = sorted(dict.fromkeys(owners), key=self._prominence.__getitem__)
        out = [self.lookup(surface), *(self._entries[i] for i in ranked)]
        return tuple(dict.fromkeys(e for e in out if e is not None))

    def resolve(self, surface: str, *, present: Collection[str] = ()) -> ActorEntry | None:
        """:meth:`lookup`, or the owner of an ambiguous name the document settles.

        ``present`` holds the ids of entries already found in the document. A
        bare ambiguous name resolves to the one candidate present; when none
        is present and every candidate is a person, to the most prominent one
        ("President Bush" with no other Bush in the text is George W. Bush).
        Other ambiguous names ("Parliament", "Senate") need a candidate present.

        >>> gaz = load_gazetteer()
        >>> gaz.resolve("Bush").id, gaz.resolve("Bush", present={"george-h-w-bush"}).id
        ('george-w-bush', 'george-h-w-bush')
        """
        hit = self.lookup(surface)
        if hit is not None:
            return hit
        options = self.candidates(surface)
        chosen = [e for e in options if e.id in present]
        if len(chosen) == 1:
            return chosen[0]
        if not chosen and options and all(e.type == "Person" for e in options):
            return options[0]
        return None

    def get(self, id: str) -> ActorEntry | None:
        """The entry with this id ("RUS", "islamic-state"), or None."""
        return self._entries.get(id)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, id: object) -> bool:
        return id in self._entries

    # -- spaCy patterns --

    def patterns(self, *, tokenizer: Any = None) -> list[dict[str, Any]]:
        """Token patterns for a spaCy ``entity_ruler`` or ``span_ruler``.

        Each is ``{"label": type, "pattern": [token dicts], "id": entry id}``,
        in entry order. ``tokenizer`` splits the aliases into tokens; it
        defaults to ``spacy.blank("en").tokenizer`` (the rules the trained
        English pipelines use), and those patterns are computed once.

        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> nlp.add_pipe("entity_ruler").add_patterns(load_gazetteer().patterns())
        >>> [(e.text, e.ent_id_) for e in nlp("The U.S. and the Kremlin").ents]
        [('U.S.', 'USA'), ('Kremlin', 'RUS')]
        """
        if tokenizer is not None:
            return self._build_patterns(tokenizer)
        if self._patterns is None:
            import spacy

            self._patterns = self._build_patterns(spacy.blank("en").tokenizer)
        return [dict(p) for p in self._patterns]

    def _build_patterns(self, tokenizer: Any) -> list[dict[str, Any]]:
        seen: set[str] = set()
        out = []
        for entry in self._entries.values():
            for surface in entry.aliases:
                for pattern in _token_patterns(surface, tokenizer):
                    item = {"label": entry.type, "pattern": pattern, "id": entry.id}
                    sig = json.dumps(item, sort_keys=True)
                    if sig not in seen:
                        seen.add(sig)
                        out.append(item)
        return out


def _token_patterns(surface: str, tokenizer: Any) -> list[list[dict[str, Any]]]:
    words = [t.text for t in tokenizer(surface)]
    if _is_cased(_tokens(surface)):
        forms = [surface] + ([surface.upper()] if len(surface) >= 4 else [])
        return [[{"ORTH": {"IN": forms}}]]
    pattern: list[dict[str, Any]] = []
    for word in words:
        bare = word.replace(".", "") if _DOTTED_RE.match(word) else word
        if word == "-":
            pattern.append({"ORTH": "-", "OP": "?"})
        elif _is_code(bare):
            pattern.append({"ORTH": word})
        elif "'" in word:
            pattern.append({"LOWER": {"IN": [word.lower(), word.lower().replace("'", "\u2019")]}})
        else:
            pattern.append({"LOWER": word.lower()})
    out = [pattern]
    if len(words) == 1 and _is_code(words[0]) and len(words[0]) <= 3 and words[0].isupper():
        dotted = "".join(c + "." for c in words[0])
        if len(tokenizer(dotted)) == 1:
            out.append([{"ORTH": dotted}])
    if len(words) == 1 and _DOTTED_RE.match(words[0]):
        # "U.S.-backed" stays one token: match it whole; lookup() strips the suffix.
        out.append([{"TEXT": {"REGEX": "^" + re.escape(words[0]) + r"-\w"}}])
    return out


# -- builders --------------------------------------------------------------------


def _read(name: str) -> dict[str, Any]:
    path = resources.files("geokg.extract").joinpath("data", name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GeoKGError(f"cannot read gazetteer data {name}: {exc}; reinstall geokg") from exc


def _reorder(name: str) -> str | None:
    """ "Korea, Republic of" -> "Republic of Korea"; None when it cannot be turned."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if "," not in name:
        return name
    head, _, tail = name.partition(", ")
    if re.search(r"\bof(?: the)?$", tail, flags=re.IGNORECASE) or " " not in tail:
        return _clean(f"{tail} {head}")
    return None


def _plural(demonym: str) -> str | None:
    """ "Iraqi" -> "Iraqis"; None for demonyms without an -s plural ("Chinese", "Swiss")."""
    if not demonym or " " in demonym or demonym.endswith(_NO_PLURAL):
        return None
    return demonym + "s"


def _english(spelling: str, iso2: str, iso3: str) -> bool:
    if spelling in (iso2, iso3) or not spelling.isascii():
        return False
    return any(w.lower() in _GOVERNMENT_WORDS for w in spelling.split())


def _country_drafts(additions: Mapping[str, Any], drop: Iterable[str]) -> list[_Draft]:
    import pycountry
    from countryinfo import CountryInfo

    dropped = {alias_key(a) for a in drop}
    info: dict[str, list[dict[str, Any]]] = {}
    for record in CountryInfo.all().values():
        iso3 = (record.get("ISO") or {}).get("alpha3")
        if iso3 and record.get("altSpellings"):  # Wales carries GBR but no spellings
            info.setdefault(iso3, []).append(record)
    iso = {c.alpha_3: c for c in pycountry.countries}
    current = set(iso)
    for code in additions:
        if code not in iso:
            hist = pycountry.historic_countries.get(alpha_3=code)
            iso[code] = hist
    drafts = []
    for code, country in sorted(iso.items()):
        extra = additions.get(code, {})
        records = info.get(code, [])
        population = max((r.get("population") or 0 for r in records), default=0)
        names = (
            [
                getattr(country, "common_name", None),
                getattr(country, "name", None),
                getattr(country, "official_name", None),
            ]
            if country
            else []
        )
        names = [_reorder(n) for n in names if n]
        ci_names = [r["name"] for r in records if "," not in r["name"] and "(" not in r["name"]]
        label = (
            extra.get("label")
            or getattr(country, "common_name", None)
            or next(iter(ci_names), None)
            or next((n for n in names if n), country.name)
        )
        own_drops = {alias_key(a) for a in extra.get("drop", ())}
        d = _Draft(
            id=code,
            label=_clean(label),
            type="Country",
            iso3=code,
            rank=(code in _DEPENDENCIES or code not in current, -population),
        )
        if alias_key(d.label) not in own_drops:
            d.add(d.label, curated=True)
        for kind in ("name", "code", "seat", "demonym", "capital"):
            for alias in extra.get({"name": "aliases"}.get(kind, kind + "s"), ()):
                d.add(alias, kind, curated=True)
        derived: list[tuple[str, str]] = [(n, "name") for n in names + ci_names if n]
        for r in records:
            iso2 = (r.get("ISO") or {}).get("alpha2", "")
            derived += [
                (_reorder(s) or "", "name")
                for s in r.get("altSpellings") or ()
                if _english(s, iso2, code)
            ]
            for dem in (r.get("demonym") or "").replace("/", ",").split(","):
                dem = dem.strip()
                if dem and dem not in names + ci_names:  # "Djibouti" is no demonym
                    derived += [(dem, "demonym"), (_plural(dem) or "", "demonym")]
            capital = r.get("capital")
            if isinstance(capital, str) and code not in _DEPENDENCIES:
                derived.append((capital, "capital"))
        banned = dropped | own_drops
        for surface, kind in derived:
            for form in dict.fromkeys([_clean(surface), _fold(_clean(surface))]):
                if form and alias_key(form) not in banned:
                    d.add(form, kind, curated=False)
        drafts.append(d)
    return drafts


def _listed_drafts(items: Iterable[Mapping[str, Any]], default_type: str | None) -> list[_Draft]:
    drafts = []
    for item in items:
        d = _Draft(
            id=item["id"],
            label=item["label"],
            type=item.get("type", default_type),
            country=item.get("country"),
            role=item.get("role"),
            generic=bool(item.get("generic", False)),
            org=item.get("org"),
            sector=item.get("sector"),
            incidental=bool(item.get("incidental", False)),
        )
        d.ambiguous = [_clean(a) for a in item.get("ambiguous_aliases", ())]
        # "The Times" would become the bare "Times", which is listed as ambiguous.
        if alias_key(d.label) not in {alias_key(a) for a in d.ambiguous}:
            d.add(d.label)
        for alias in item.get("aliases", ()):
            d.add(alias)
            full = _titled_full_name(alias, d.label) if d.type == "Person" else None
            if full:
                d.add(full)
        drafts.append(d)
    return drafts


def _titled_full_name(alias: str, label: str) -> str | None:
    """'President Xi' of 'Xi Jinping' -> 'President Xi Jinping'.

    A title before the first word of a name would otherwise win the overlap
    with the full name ("President Xi" | "Jinping"), leaving its last word out.

    >>> _titled_full_name("President Xi", "Xi Jinping"), _titled_full_name("Xi", "Xi Jinping")
    ('President Xi Jinping', None)
    """
    first = label.split()[0]
    if " " not in label or not alias.endswith(" " + first) or alias.endswith(" " + label):
        return None
    return alias[: -len(first)] + label


def _check(drafts: list[_Draft]) -> None:
    """Fail loudly on a data-file mistake instead of building a wrong graph."""
    ids = {d.id for d in drafts}
    if len(ids) != len(drafts):
        dups = sorted(i for i in ids if sum(d.id == i for d in drafts) > 1)
        raise GeoKGError(f"gazetteer data: duplicate ids {dups}; give each entry its own id")
    countries = {d.id for d in drafts if d.type == "Country"}
    for d in drafts:
        if d.type not in TYPES:
            raise GeoKGError(f"gazetteer data: {d.id} has type {d.type!r}; expected one of {TYPES}")
        if d.country is not None and d.country not in countries:
            raise GeoKGError(f"gazetteer data: {d.id} has country {d.country!r}, not an ISO3 id")
        if d.org is not None and d.org not in ids:
            raise GeoKGError(f"gazetteer data: {d.id} has org {d.org!r}, not an entry id")


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer of countries, organizations, groups and persons (cached).

    >>> gaz = load_gazetteer()
    >>> gaz.lookup("Russians").id, gaz.kind("Russians")
    ('RUS', 'demonym')
    """
    actors = _read("actors.json")
    persons = _read("persons.json")
    drafts = _country_drafts(actors["countries"], actors.get("drop", ()))
    drafts += _listed_drafts(actors.get("locations", ()), "Location")
    drafts += _listed_drafts(actors["actors"], None)
    drafts += _listed_drafts(persons["persons"], "Person")
    _check(drafts)
    gaz = Gazetteer(drafts)
    log.debug("gazetteer: %d entries, %d collisions", len(gaz), len(gaz.collisions))
    return gaz

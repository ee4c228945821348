"""scripts/import_petrarch.py: the PETRARCH2 dictionaries become geokg's derived tables.

The rule tests run the converter on small made-up dictionaries in the anchors' formats
(written to ``tmp_path``), so they pass without ../shared. The ``shared`` test
regenerates the tables from the real anchors and checks them against the committed ones.
"""

from __future__ import annotations

import doctest
import importlib.util
import json
import sys
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "import_petrarch.py"
ANCHORS = ROOT.parent / "shared" / "anchors"
DATA = ROOT / "extract" / "data"
OUTPUTS = ("cameo_verbs.tsv", "cameo_phrases.tsv", "agents.tsv", "petrarch_actors.json")


def _load():
    spec = importlib.util.spec_from_file_location("import_petrarch", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


ip = _load()

VERBS = """\
# a made-up CAMEO verb dictionary
&WEAPON
+MISSILE
+ROCKET_LAUNCHER

&MILITARY
+TROOPS
+ARMED_FORCES

####### VERB PATTERNS #######

---  CONDEMN   [111]  ---
CONDEMN
DENOUNCE  # ab 1 Jan 2005
DO
F16
- * (OF &WEAPON)                        [112]         # CONDEMN
- * (FOR)                               [111]
- * (AGAINST)                           [020]
- * AID (IN)                            [111]

---  ASK   [---]  ---
ASK     [020]
WONDER
BACKLASH [---]
ARREST [:173]
- * MEETING                             [026]
- * MEETING                             [036]

---  STIR   [---]  ---
+STIR_UP {+STIRS_UP +STIRRING_UP +STIRRED_UP } [1311]
WIRE_+TAP {WIRE_+TAPS WIRE_+TAPPED} [173]
+KILLED_AND [190]
SPEED {SPEEDING SPEEDS SPED } [150]

---  PROMISE   [030]  ---
PROMISE
PLEDGE [033]
+IS_DETERMINED {+WAS_DETERMINED} [030]
RE-ESTABLISH [036]

---  GRANT   [070]  ---
GIVE {GAVE GIVEN GIVING }
DONATE
+SET_UP
- * &MILITARY                           [072]
- * {&MILITARY AID}                     [072]
- * NEWS                                [070]
- &MILITARY * EXERCISES                 [062]
- * TAXES                               [---]
- * SPEECH                              [010]

---  IMPOSE   [170]  ---
IMPOSE
LEVY {LEVYING LEVIED LEVIES }
- * SANCTIONS                           [163]
- * {AIR RAID} (AGAINST)                [195]
- * RALLIES                             [141]
- * BAN (ON TRAVEL)                     [160]
- * POLICE (TO BORDER) $                [153]

---  BATTER   [190]  ---
BATTER
SLAY [1823]
MURDER [186]
GUN [193]
MASSACRE [202]

---  POUND   [190]  ---
BATTER
HIT

---  SCOLD   [111]  ---
BATTER
HIT

---  HIT   [111]  ---
HIT
"""

PLOVER = """\
# CAMEO to PLOVER conversion table
030: AGREE,  , diplomatic # Express intent to cooperate
033: AGREE,  , diplomatic # Express intent to provide material aid
036: AGREE,  , diplomatic # Express intent to meet or negotiate
070: AID,   ,  # Provide aid
072: AID,   ,   military # Provide military aid
111: ACCUSE, disapprove,    # Criticize or denounce
112: ACCUSE, disapprove,    # Accuse
141: PROTEST, demo,               # Demonstrate or rally
150: MOBILIZE, ,  # Demonstrate military or police power
163: COERCE, restrict,   diplomatic # Impose embargo, boycott, or sanctions
170: COERCE, ,    # Coerce
186: ASSAULT, assassinate,    # Assassinate
190: ASSAULT, , military # Use conventional military force
1823: ASSAULT, ,    # Kill by physical assault
193: ASSAULT, firearms, military # Fight with small arms and light weapons
195: ASSAULT, heavy-weapons, military # Employ aerial weapons
202: ASSAULT, massacre, religion_ethnicity # Engage in mass killings
"""

AGENTS = """\
# a made-up agents dictionary
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES

POLICE {} [~COP] # ab 1 Jan 2005
CONGRESS!PERSON! [~LEG]
FOREIGN_!MINIST! [~GOV]
!MINIST! OF_AD!MINIST!RATION [~GOV]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]
REBEL [~REB]
ARMY [~MIL]
ATTORNEY [~JUD]
BOSS [~BUS]
HUMAN_RIGHTS_BODY  [NGO~]
NGO [~NGO]
TROOP [~MIL]
OPPOSITION_PARTY [~OPPPTY]
ISLAMIC_EXTREMIST
"""

INTERNATIONAL = """\
# a made-up international actors file
UNITED_NATIONS_HIGH_COMMISSIONER_FOR_REFUGEES_ [IGOUNOREFHCR]
+UN_REFUGEE_AGENCY_
UNHCR_ [IGOUNOREFHCR]

AFRICAN_UNION_ [IGOAFRAU]
+AU_COMMISSION

KOFI_ANNAN_
+K._ANNAN_
\t[IGOUNO 970101-061231]
\t[ELI]# IGOrulers.txt
JAN_ERIK_WILHELMSEN_\t[IGOUNO] #MleH 23 Jul 2009# NGO_Actors
HUMAN_RIGHTS_WATCH_ [NGOHRI]
BIG_CORP_INC_\t[MNCUSA]\tIndustrial Machinery\t$1,000,000,000
NGO_ [NGO]
U.N._
"""

NONSTATE = """\
# a made-up non-state actors file
BOKO_HARAM_ [NGAREB] #  kkl 21 Mar 13
+JAMA'ATU_AHLIS_SUNNA_
ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_ [YEMREB]
+ISLAMIC_ARMY_OF_ADEN_
ANARCHIST_STRUGGLE_ [GRCREB]
LASHKAR_E_TAIBA_ [SASREB]
AL_QAEDA_ [IMGMUSALQ]
THE_ISLAMIC_STATE [IMGMUSISI >20130408]
+ISIS_
AYMAN_AL_ZAWAHIRI [IMGMUSALQ]
UNITA_ [ANGREB]
"""

COUNTRIES = """\
# a made-up countries actors file
AFGHANISTAN_  [AFG]
+AFGHAN_
+KABUL_

HAMID_KARZAI_  # CountryInfo.txt
+KARZAI_
+PRESIDENT_KARZAI_
+AFGHAN_PRESIDENT_HAMID_K._KARZAI
\t[AFGELI 750101-000101]
\t[AFGGOV >011222]
\t[AFGELI]
BABRAK_KARMAL_  # CountryInfo.txt
\t[AFGGOV 791227-861124]
\t[AFGGOV 791227-810611]
\t[AFGELI]
ACTING_MINISTER_ABDUL_RAHIM_  # CountryInfo.txt
\t[AFGGOVREF 100401-100630]
MOHAMMAD_HANIF_ATMAR_  # CountryInfo.txt
\t[AFGGOVAGR 030101-060531]
\t[AFGGOV 081101-100630]
\t[AFGGOVEDU 060601-081031]
KHODAIDAD_  # CountryInfo.txt
\t[AFGGOVCOP 071001-100131]
MOHAMED_ELBARADEI_  # CountryInfo.txt
\t[EGYGOV 130714-130814]
\t[IGOUNOIAE 971201-191130]
AFGHAN_NATIONAL_SECURITY_FORCES
+ANSF
\t[AFGMIL]
# Soviet leaders
LEONID_BREZHNEV_  # CountryInfo.txt
LEONID_ILYICH_BREZHNEV
SOVIET_LEADER_LEONID_BREZHNEV
\t[USRELI 19240101-641014]
\t[USRGOV 641014-821110]
FATMIR_SEJDIU_ # CountryInfo.txt
\t[KSVGOV 060210-100927]
KNESSET [ISRGOVLEG]
VLADIMIR_PUTIN_  # CountryInfo.txt
\t[RUSGOV >000507]
YULIYA_TYMOSHENKO_  # CountryInfo.txt
\t[UKRGOV 050124-050908]
JAN_KUBIS_  # CountryInfo.txt
\t[SVKGOV 060704-090126]
JAN_FIGEL_  # CountryInfo.txt
\t[SVKGOV >160323]
AYMAN_SAFADI_  # CountryInfo.txt
\t[JORGOV >170115]
AYMAN_NOUR_  # CountryInfo.txt
\t[EGYOPP]
"""

HAND_ACTORS = {
    "countries": {"SUN": {}, "XKX": {}, "RUS": {"label": "Russia"}},
    "drop": [],
    "locations": [],
    "actors": [
        {
            "id": "islamic-state",
            "label": "Islamic State",
            "type": "Group",
            "country": None,
            "aliases": ["IS", "ISIS"],
        },
        {
            "id": "al-qaeda",
            "label": "al-Qaeda",
            "type": "Group",
            "country": None,
            "aliases": ["al Qaida"],
        },
        {
            "id": "african-union",
            "label": "AU",
            "type": "Organization",
            "country": None,
            "aliases": [],
        },
    ],
}
HAND_PERSONS = {
    "persons": [
        {
            "id": "vladimir-putin",
            "label": "Vladimir Putin",
            "country": "RUS",
            "role": "president",
            "aliases": ["Putin"],
        },
        {
            "id": "yulia-tymoshenko",
            "label": "Yulia Tymoshenko",
            "country": "UKR",
            "role": "prime minister",
            "aliases": ["Yuliya Tymoshenko"],
        },
    ]
}


def _write_anchors(root: Path) -> tuple[Path, Path]:
    anchors, hand = root / "anchors", root / "hand"
    files = {
        "petrarch2/CAMEO.2.0.txt": VERBS,
        "plover/CAMEO2PLOVER-2021.txt": PLOVER,
        "petrarch2/Phoenix.agents.txt": AGENTS,
        "petrarch2/Phoenix.International.actors.txt": INTERNATIONAL,
        "petrarch2/Phoenix.MilNonState.actors.txt": NONSTATE,
        "petrarch2/Phoenix.Countries.actors.txt": COUNTRIES,
    }
    for name, text in files.items():
        (anchors / name).parent.mkdir(parents=True, exist_ok=True)
        (anchors / name).write_text(text, encoding="utf-8")
    hand.mkdir()
    (hand / "actors.json").write_text(json.dumps(HAND_ACTORS), encoding="utf-8")
    (hand / "persons.json").write_text(json.dumps(HAND_PERSONS), encoding="utf-8")
    return anchors, hand


def _tsv(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Generated by scripts/import_petrarch.py")
    columns = lines[1].split("\t")
    return [dict(zip(columns, line.split("\t"), strict=True)) for line in lines[2:]]


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Run the script once on the made-up dictionaries: (output folder, printed summary)."""
    root = tmp_path_factory.mktemp("petrarch")
    anchors, hand = _write_anchors(root)
    out = root / "out"
    printed = StringIO()
    with redirect_stdout(printed):
        assert ip.main(["--anchors", str(anchors), "--out", str(out), "--hand", str(hand)]) == 0
    return out, printed.getvalue()


@pytest.fixture(scope="module")
def verbs(converted):
    return {(r["lemma"], r["particle"]): r for r in _tsv(converted[0] / "cameo_verbs.tsv")}


@pytest.fixture(scope="module")
def phrases(converted):
    rows = _tsv(converted[0] / "cameo_phrases.tsv")
    return {(r["verb"], r["noun"], r["modifiers"], r["preps"]): r for r in rows}


@pytest.fixture(scope="module")
def agents(converted):
    return {r["phrase"]: r for r in _tsv(converted[0] / "agents.tsv")}


@pytest.fixture(scope="module")
def actors(converted):
    data = json.loads((converted[0] / "petrarch_actors.json").read_text(encoding="utf-8"))
    return {
        kind: {a["id"]: a for a in data[kind]} for kind in ("organizations", "groups", "persons")
    }


# -- verbs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lemma", "particle", "predicate", "cameo", "hypothetical", "block"),
    [
        ("condemn", "-", "criticizes", "111", "0", "CONDEMN"),  # the block's default code
        ("denounce", "-", "criticizes", "111", "0", "CONDEMN"),
        ("ask", "-", "requests", "020", "0", "ASK"),  # its own code in a [---] block
        ("stir", "up", "warns", "1311", "0", "STIR"),  # +STIR_UP: a particle verb
        ("speed", "-", "deploys", "150", "0", "STIR"),  # irregular forms are not lemmas
        ("promise", "-", "cooperates", "030", "1", "PROMISE"),  # intention: hypothetical
        ("pledge", "-", "supports", "033", "1", "PROMISE"),
        ("re-establish", "-", "meets", "036", "1", "PROMISE"),  # hyphens are allowed
        ("donate", "-", "supports", "070", "0", "GRANT"),
        ("set", "up", "supports", "070", "0", "GRANT"),  # a light verb with a particle stays
        ("slay", "-", "kills", "1823", "0", "BATTER"),
        ("murder", "-", "kills", "186", "0", "BATTER"),
        ("gun", "-", "fights", "193", "0", "BATTER"),
        ("massacre", "-", "kills", "202", "0", "BATTER"),
    ],
)
def test_verb_rows(verbs, lemma, particle, predicate, cameo, hypothetical, block):
    row = verbs[(lemma, particle)]
    assert (row["pos"], row["predicate"], row["cameo"]) == ("VERB", predicate, cameo)
    assert (row["hypothetical"], row["block"]) == (hypothetical, block)


@pytest.mark.parametrize(
    ("lemma", "why"),
    [
        ("wonder", "the null code --- of its block"),
        ("backlash", "its own null code"),
        ("arrest", "a passive-only code [:173]"),
        ("sped", "an irregular form"),
        ("wire", "a pre-compound WIRE_+TAP"),
        ("tap", "a pre-compound WIRE_+TAP"),
        ("killed", "a coordination +KILLED_AND"),
        ("is", "two letters"),
        ("do", "two letters"),
        ("f16", "not alphabetic"),
        ("give", "a light verb with only its block's default code"),
    ],
)
def test_verbs_left_out(verbs, lemma, why):
    assert not [key for key in verbs if key[0] == lemma], why


def test_verb_preps_come_from_post_verb_prepositions_of_the_same_predicate(verbs):
    # (OF &WEAPON) [112] and (FOR) [111] are criticisms; (AGAINST) [020] is a request;
    # "AID (IN)" has an object noun before its preposition.
    assert verbs[("condemn", "-")]["preps"] == "for,of"
    assert verbs[("ask", "-")]["preps"] == "-"


def test_verb_in_several_blocks(verbs, converted):
    # HIT sits in POUND [190], SCOLD [111] and HIT [111]: the block named after it wins.
    assert verbs[("hit", "-")]["predicate"] == "criticizes"
    assert verbs[("hit", "-")]["block"] == "HIT"
    # BATTER: BATTER [190], POUND [190], SCOLD [111]: its own block, strikes.
    assert verbs[("batter", "-")]["block"] == "BATTER"
    summary = converted[1]
    assert "hit: POUND strikes [190], SCOLD criticizes [111], HIT criticizes [111]" in summary


# -- phrases -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "noun", "modifiers", "preps", "predicate", "cameo", "hypothetical"),
    [
        ("impose", "sanction", "-", "-", "sanctions", "163", "0"),  # plural stripped
        ("levy", "sanction", "-", "-", "sanctions", "163", "0"),  # every verb of the block
        ("impose", "raid", "air", "against", "strikes", "195", "0"),
        ("impose", "rally", "-", "-", "criticizes", "141", "0"),  # RALLIES -> rally
        ("give", "troop", "-", "-", "supports", "072", "0"),  # &MILITARY, a light verb
        ("give", "force", "armed", "-", "supports", "072", "0"),  # ARMED_FORCES
        ("donate", "aid", "armed forces", "-", "supports", "072", "0"),  # {&MILITARY AID}
        ("give", "news", "-", "-", "supports", "070", "0"),  # "news" is no plural
        ("ask", "meeting", "-", "-", "meets", "036", "1"),  # the last pattern wins
    ],
)
def test_phrase_rows(phrases, verb, noun, modifiers, preps, predicate, cameo, hypothetical):
    row = phrases[(verb, noun, modifiers, preps)]
    assert (row["predicate"], row["cameo"], row["hypothetical"]) == (
        predicate,
        cameo,
        hypothetical,
    )


def test_synset_members_expand_to_one_row_each(phrases):
    assert ("condemn", "missile", "-", "-") not in phrases  # a prep phrase, not an object
    nouns = {(noun, mods) for (verb, noun, mods, _) in phrases if verb == "donate"}
    assert {("troop", "-"), ("force", "armed"), ("aid", "troops"), ("aid", "armed forces")} <= nouns


@pytest.mark.parametrize(
    ("verb", "noun"),
    [
        ("give", "exercise"),  # a noun before the verb
        ("give", "tax"),  # [---]
        ("give", "speech"),  # 010 maps to no predicate
        ("impose", "ban"),  # a noun inside the prepositional phrase
        ("impose", "police"),  # a source marker
    ],
)
def test_phrases_left_out(phrases, verb, noun):
    assert not [key for key in phrases if key[:2] == (verb, noun)]


def test_phrases_take_every_verb_of_the_block_whatever_its_own_code(phrases):
    # WONDER has no bare-verb row ([---]), but its block's patterns are its own.
    assert phrases[("wonder", "meeting", "-", "-")]["predicate"] == "meets"
    assert ("stir", "meeting", "-", "-") not in phrases  # another block


def test_a_pattern_whose_comment_names_its_verb_is_that_verb_s_only(phrases):
    # "- * (OF &WEAPON) [112] # CONDEMN" is CONDEMN's, not its synonym DENOUNCE's
    assert ("condemn", "aid", "-", "in") in phrases  # no comment: every verb of the block
    assert ("denounce", "aid", "-", "in") in phrases
    assert not [k for k in phrases if k[0] == "denounce" and k[3] == "of"]


# -- agents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "plural", "sector", "code", "type_"),
    [
        ("police", "-", "COP", "COP", "Organization"),  # {}: no plural
        ("congressman", "-", "LEG", "LEG", "Organization"),  # !PERSON! set, no plural
        ("congresswomen", "-", "LEG", "LEG", "Organization"),
        ("foreign minister", "-", "GOV", "GOV", "Organization"),
        ("foreign ministries", "-", "GOV", "GOV", "Organization"),
        ("minister of administration", "-", "GOV", "GOV", "Organization"),  # AD!MINIST!RATION
        ("attorney general", "attorneys general", "GOV", "GOVATG", "Organization"),
        ("rebel", "rebels", "REB", "REB", "Group"),
        ("army", "armies", "MIL", "MIL", "Organization"),
        ("attorney", "attorneys", "JUD", "JUD", "Organization"),
        ("boss", "bosses", "BUS", "BUS", "Group"),
        ("human rights body", "human rights bodies", "NGO", "NGO", "Organization"),  # NGO~
        ("opposition party", "opposition parties", "OPP", "OPPPTY", "Group"),
    ],
)
def test_agent_rows(agents, phrase, plural, sector, code, type_):
    row = agents[phrase]
    assert (row["plural"], row["sector"], row["code"], row["type"]) == (plural, sector, code, type_)


def test_agents_left_out(agents):
    assert "islamic extremist" not in agents  # no code
    # !MINIST! inside a word is a search-and-replace accident, not a substitution.
    assert not [phrase for phrase in agents if "administerration" in phrase]


# -- actors ------------------------------------------------------------------------------


def test_organizations(actors):
    orgs = actors["organizations"]
    unhcr = orgs["united-nations-high-commissioner-for-refugees"]
    assert unhcr["label"] == "United Nations High Commissioner for Refugees"
    assert unhcr["aliases"] == ["UN Refugee Agency"]
    assert (unhcr["code"], unhcr["type"]) == ("IGOUNOREFHCR", "Organization")
    assert orgs["unhcr"]["label"] == "UNHCR"  # initials of a name with the same code
    assert orgs["human-rights-watch"]["code"] == "NGOHRI"
    assert orgs["big-corp-inc"]["label"] == "Big Corp Inc"  # not "$1,000,000,000"
    assert "country" not in unhcr


@pytest.mark.parametrize(
    ("kind", "actor_id", "why"),
    [
        ("organizations", "kofi-annan", "a person: dated codes, IGOrulers"),
        ("organizations", "jan-erik-wilhelmsen", "a person: a given name of the countries file"),
        ("organizations", "african-union", "the id of a hand-table actor"),
        ("organizations", "ngo", "a generic agent"),
        ("organizations", "u-n", "no code"),
        ("groups", "islamic-state", "named in the hand tables (label)"),
        ("groups", "al-qaeda", "named in the hand tables (al-Qaeda)"),
        ("groups", "ayman-al-zawahiri", "a person"),
        ("persons", "vladimir-putin", "named in the hand tables"),
        ("persons", "yuliya-tymoshenko", "an alias of a hand-table person"),
        ("persons", "afghanistan", "a country entry"),
        ("persons", "afghan-national-security-forces", "an institution"),
        ("persons", "knesset", "an institution"),
        ("persons", "khodaidad", "a single name"),
        ("persons", "mohamed-elbaradei", "the current code is no country (IGO)"),
    ],
)
def test_actors_left_out(actors, kind, actor_id, why):
    assert actor_id not in actors[kind], why


def test_groups(actors):
    groups = actors["groups"]
    boko = groups["boko-haram"]
    assert (boko["type"], boko["country"], boko["code"]) == ("Group", "NGA", "NGAREB")
    assert boko["aliases"] == ["Jama'atu Ahlis Sunna"]
    aden = groups["aden-abyan-islamic-army"]
    assert aden["aliases"] == ["AAIA", "Islamic Army of Aden"]  # the short form in ()
    assert groups["lashkar-e-taiba"]["country"] is None  # SAS: a region
    assert groups["unita"]["country"] == "AGO"  # CAMEO ANG is ISO AGO


def test_persons(actors):
    persons = actors["persons"]
    karzai = persons["hamid-karzai"]
    assert karzai["label"] == "Hamid Karzai"
    # Single surnames and "President Karzai" go; titles and adjectives are stripped.
    assert karzai["aliases"] == ["Hamid K. Karzai"]
    assert (karzai["country"], karzai["sector"], karzai["until"]) == ("AFG", "GOV", None)
    karmal = persons["babrak-karmal"]
    assert (karmal["sector"], karmal["until"]) == ("GOV", "1986-11-24")
    rahim = persons["abdul-rahim"]  # ACTING_MINISTER_ stripped from the label
    assert (rahim["sector"], rahim["until"], rahim["code"]) == ("GOV", "2010-06-30", "AFGGOVREF")
    assert persons["mohammad-hanif-atmar"]["until"] == "2010-06-30"  # the latest range
    brezhnev = persons["leonid-brezhnev"]  # TABARI style: name lines share the codes
    assert brezhnev["aliases"] == ["Leonid Ilyich Brezhnev"]
    assert (brezhnev["country"], brezhnev["until"]) == ("SUN", "1982-11-10")  # USR -> SUN
    assert persons["fatmir-sejdiu"]["country"] == "XKX"  # KSV -> XKX


def test_summary_counts_what_was_kept_and_dropped(converted):
    summary = converted[1]
    assert "persons: dropped, named in the hand tables: 2" in summary
    assert "groups: kept:" in summary
    assert "'ISLAMIC_EXTREMIST' has no code" in summary


def test_outputs_say_where_they_come_from(converted):
    out = converted[0]
    verbs = (out / "cameo_verbs.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert "CAMEO.2.0.txt" in verbs and "MIT licence" in verbs and "CC BY-SA 4.0" in verbs
    assert "do not edit by hand" in verbs
    actors = json.loads((out / "petrarch_actors.json").read_text(encoding="utf-8"))
    assert "do not edit by hand" in actors["_comment"]


def test_same_bytes_on_every_run(converted, tmp_path):
    anchors, hand = _write_anchors(tmp_path)
    for run in ("a", "b"):
        ip.main(["--anchors", str(anchors), "--out", str(tmp_path / run), "--hand", str(hand)])
    for name in OUTPUTS:
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes()
        assert first == (converted[0] / name).read_bytes()


def test_script_examples():
    result = doctest.testmod(ip, optionflags=doctest.ELLIPSIS)
    assert result.attempted and not result.failed


# -- the real dictionaries ---------------------------------------------------------------


@pytest.mark.shared
def test_committed_tables_are_the_real_dictionaries_converted(tmp_path, capsys):
    if not (ANCHORS / "petrarch2" / "CAMEO.2.0.txt").is_file():
        pytest.skip(f"{ANCHORS} is absent (the shared folder is not beside the checkout)")
    assert ip.main(["--anchors", str(ANCHORS), "--out", str(tmp_path)]) == 0
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), (
            f"extract/data/{name} is stale: rerun python scripts/import_petrarch.py"
        )
    verbs = {(r["lemma"], r["particle"]): r for r in _tsv(DATA / "cameo_verbs.tsv")}
    assert verbs[("condemn", "-")]["predicate"] == "criticizes"
    assert verbs[("assassinate", "-")]["predicate"] == "kills"
    phrases = {(r["verb"], r["noun"], r["modifiers"]): r for r in _tsv(DATA / "cameo_phrases.tsv")}
    assert phrases[("impose", "sanction", "-")]["predicate"] == "sanctions"
    assert phrases[("recall", "ambassador", "-")]["predicate"] == "sanctions"
    agents = {r["phrase"]: r for r in _tsv(DATA / "agents.tsv")}
    assert (agents["police"]["sector"], agents["police"]["type"]) == ("COP", "Organization")
    assert (agents["rebel"]["sector"], agents["rebel"]["type"]) == ("REB", "Group")
    data = json.loads((DATA / "petrarch_actors.json").read_text(encoding="utf-8"))
    orgs = {a["id"]: a for a in data["organizations"]}
    unescap = orgs["unescap"]  # a UN body
    assert (unescap["label"], unescap["code"], unescap["type"]) == (
        "UNESCAP",
        "IGOUNODEV",
        "Organization",
    )
    # Boko Haram is a Group of Nigeria in the dictionary; the hand table already has it.
    report = ip.Report()
    text = (ANCHORS / "petrarch2" / "Phoenix.MilNonState.actors.txt").read_text(encoding="utf-8")
    records = ip.read_actors(text, "MilNonState", report)
    found = {a.id: a for a in ip.groups(records, frozenset(), frozenset({"NGA"}), report)}
    assert (found["boko-haram"].type, found["boko-haram"].country) == ("Group", "NGA")
    assert "boko-haram" not in {a["id"] for a in data["groups"]}
    persons = {a["id"]: a for a in data["persons"]}
    assert all(p["country"] and len(p["label"].split()) >= 2 for p in persons.values())
    capsys.readouterr()

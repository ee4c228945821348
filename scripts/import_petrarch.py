#!/usr/bin/env python3
"""Derive geokg's event cue and actor tables from the event-data field's dictionaries.

Reads the PETRARCH2 dictionaries (MIT licence, Open Event Data Alliance) and PLOVER's
CAMEO table (CC BY-SA 4.0) from ``--anchors`` (``../shared/anchors``) and writes four
files into ``--out`` (``extract/data``), which are committed:

- ``cameo_verbs.tsv``: one row per verb (lemma, particle) of the CAMEO verb dictionary
  whose code maps to a geokg predicate;
- ``cameo_phrases.tsv``: verb + object-noun patterns ("impose sanctions", "stage an air
  raid against");
- ``agents.tsv``: generic agents ("police", "rebels", "foreign minister") with their
  CAMEO sector code;
- ``petrarch_actors.json``: international organizations, non-state armed groups and
  persons (leaders, ministers) that the hand-made tables do not already hold.

Never edit the outputs by hand: fix this script (or the hand tables) and rerun it. The
outputs are sorted, so the same inputs give the same bytes.

Conversion rules (SCHEMA.md has the predicates):

- A CAMEO code maps to a predicate through ``_CAMEO_PREDICATES`` (longest prefix wins);
  intention codes (03x) give ``hypothetical`` 1. A code ``[A:P]`` has an active and a
  passive meaning (PETRARCH2's ``utilities.convert_code``); only the active one is used,
  so ``[:173]`` gives nothing. Codes missing from PLOVER's table are reported, not
  dropped (PLOVER left out the 01 and 02 families).
- A verb takes its own ``[code]``, else its block's; ``---`` gives no row. Its lemma is
  the first form listed; ``+STIR_UP`` is lemma "stir", particle "up"; pre-compounds
  (``WIRE_+TAP``) are skipped. ``preps`` are the prepositions of the block's patterns
  ``- * (PREP ...)`` whose code maps to the verb's predicate.
- When blocks disagree on a verb, the row of the block named after the verb wins, else
  the most frequent (predicate, hypothetical), then the first in the file.
- A phrase row comes from a pattern with nothing before the verb, one post-verb noun
  (word, ``{MODIFIERS HEAD}`` or ``&SYNSET``, expanded to every member) and only bare
  prepositions after it, for the verb its comment names (``# RECALL``: the verb the coder
  wrote it for; 95% of the patterns name one), else for every single-word verb of the
  block: a block's WordNet synonyms rarely share a phrase's meaning (RECALL's block
  holds "remember", "retract", "detach": "remember an ambassador"). The head noun is
  singular (regular plurals stripped). When patterns disagree on a row, the last one
  wins, as in PETRARCH2's pattern trie.
- Agents: ``!SET!`` markers expand to every member, with no further plural; ``{}``
  means no plural, ``{X}`` an irregular one, otherwise the regular English plural. The
  sector is the code's first three letters; ``_SECTOR_TYPES`` gives the type. A phrase
  listed with several codes keeps the longest (GOVENV over ENV), then the first.
- Actors: a record is a primary name, its ``+`` synonyms (and, TABARI style, name lines
  with no code that follow it) and its codes ``[CODE]``, ``[CODE >date]``,
  ``[CODE <date]``, ``[CODE date-date]``; the current code is the one of the most
  recent date range, else the undated one. Its first three letters give the country,
  through ``_CAMEO_TO_ISO`` where CAMEO and ISO 3166 differ.
- Persons and bodies share the actor files; a name is a person's when it is two to five
  words, the first a given name of the persons the countries file lists (or initials),
  and none an institution word (``_INSTITUTION_WORDS``). A heuristic: some stay wrong.

What is filtered, and why:

- verb lemmas of one or two letters ("is", "do"): auxiliaries and WordNet noise;
- lemmas that are not alphabetic (hyphens allowed): digits and stray symbols;
- common light verbs (``_LIGHT_VERBS``) that would get a bare-verb row only from their
  block's default code: "give" sits in GRANT [070], but "gave a speech" supports nobody;
  with an own code, a particle ("call off") or a noun (``cameo_phrases.tsv``) they stay;
- "particle" verbs that are coordinations (``+KILLED_AND``, ``+ATTACKED_AND_STABBED``);
- patterns with words before the verb (the subject's noun), two post-verb nouns, source
  or target markers, or a noun inside a prepositional phrase: a cue table cannot say
  them; and every code that maps to no predicate (statements, yielding, investigating);
- agents without a code, and mojibake ("PÃŠBLICAS");
- actors without a code or with the null code ``---``, and names with control
  characters (a lost accent: "Z\x1aROUAL");
- records of the countries file that are countries, territories, institutions or roles,
  persons known by a single name (a surname alone is no safe name), and persons whose
  current code is no country (``IGO...``);
- persons among the international organizations (UN officials, EU commissioners) and
  among the armed groups (their leaders);
- every actor named by a generic agent ("NGO"), and every actor whose label or an alias
  already names an entry of the hand-made tables ``actors.json`` and ``persons.json``
  (case, accents and punctuation aside), or that takes an id they use: they win. Two
  entries with one id merge when they share a country, else both go.

Usage::

    python scripts/import_petrarch.py                      # ../shared/anchors -> extract/data
    python scripts/import_petrarch.py --anchors DIR --out DIR --hand DIR

``--hand`` is the folder of the hand tables (``extract/data``): besides the entries that
win, its ``countries`` keys add the codes pycountry lacks (``XKX``, historic ``SUN``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parent.parent

_PETRARCH = "PETRARCH2, MIT licence, Open Event Data Alliance"
_PLOVER = "PLOVER, CC BY-SA 4.0"
_VERBS_FILE = "petrarch2/CAMEO.2.0.txt"
_PLOVER_FILE = "plover/CAMEO2PLOVER-2021.txt"
_AGENTS_FILE = "petrarch2/Phoenix.agents.txt"
_INTERNATIONAL_FILE = "petrarch2/Phoenix.International.actors.txt"
_NONSTATE_FILE = "petrarch2/Phoenix.MilNonState.actors.txt"
_COUNTRIES_FILE = "petrarch2/Phoenix.Countries.actors.txt"

# ---------------------------------------------------------------------------------------
# Data tables
# ---------------------------------------------------------------------------------------

#: CAMEO code prefix -> (geokg predicate or None, why). The longest matching prefix wins.
_CAMEO_PREDICATES: dict[str, tuple[str | None, str]] = {
    "01": (None, "public statement: words about the object, not an act on it"),
    "02": ("requests", "appeal: the subject asks the object for something"),
    "03": (None, "other intents (reform, yield, settle, mediate) have no predicate"),
    "030": ("cooperates", "express intent to cooperate"),
    "031": ("cooperates", "express intent to engage in material cooperation"),
    "032": ("cooperates", "express intent to engage in diplomatic cooperation"),
    "033": ("supports", "express intent to provide aid"),
    "036": ("meets", "express intent to meet or negotiate"),
    "04": ("meets", "consult: phone, visit, host, meet, negotiate"),
    "050": ("cooperates", "engage in diplomatic cooperation"),
    "051": ("supports", "praise or endorse"),
    "052": ("supports", "defend verbally"),
    "053": ("supports", "rally support on behalf of"),
    "054": ("supports", "grant diplomatic recognition"),
    "055": (None, "apologize: no predicate"),
    "056": (None, "forgive: no predicate"),
    "057": ("cooperates", "sign a formal agreement"),
    "06": ("cooperates", "material cooperation: economic, military, judicial, intelligence"),
    "07": ("supports", "provide aid"),
    "08": (None, "yield: concessions and retreats have no predicate"),
    "09": (None, "investigate: no predicate"),
    "10": ("requests", "demand"),
    "11": ("criticizes", "disapprove, criticize, accuse"),
    "12": ("rejects", "reject, refuse, veto"),
    "13": ("warns", "threaten"),
    "14": ("criticizes", "protest"),
    "15": ("deploys", "exhibit military or police posture"),
    "16": ("sanctions", "reduce relations, embargo, expel"),
    "17": ("sanctions", "coerce: seize, restrict, arrest, deport"),
    "18": ("strikes", "assault"),
    "1823": ("kills", "kill by physical assault"),
    "186": ("kills", "assassinate"),
    "19": ("strikes", "fight with conventional military force"),
    "193": ("fights", "fight with small arms and light weapons"),
    "20": ("strikes", "use unconventional mass violence"),
    "202": ("kills", "engage in mass killings"),
}

#: Verbs too common to signal an event on their own (see the module docstring).
_LIGHT_VERBS = frozenset(
    "have be do get go make take give come put set see say tell keep let run turn show call"
    " hold bring leave move play stand work".split()
)

#: Sector (first three letters of an agent code) -> geokg type. State sectors and bodies
#: that act as agencies are Organizations; people and non-state collectives are Groups.
_SECTOR_TYPES: dict[str, str] = {
    "GOV": "Organization",  # government
    "MIL": "Organization",  # armed forces
    "COP": "Organization",  # police
    "JUD": "Organization",  # judiciary
    "SPY": "Organization",  # intelligence services
    "LEG": "Organization",  # legislature
    "ELI": "Organization",  # elites: former office holders, first families (state)
    "IGO": "Organization",  # intergovernmental bodies, peacekeepers
    "NGO": "Organization",  # non-governmental organizations (actors.json: Organization)
}
_GROUP = "Group"  # every other sector: REB OPP INS CVL CRM UAF REF LAB PTY MED BUS EDU ...

#: CAMEO country codes that differ from ISO 3166 alpha-3 (pycountry), and why.
_CAMEO_TO_ISO: dict[str, str] = {
    "ANG": "AGO",  # Angola: CAMEO's old code
    "BUR": "MMR",  # Burma: the ISO code of Myanmar since 1989
    "FRY": "YUG",  # Federal Republic of Yugoslavia kept ISO YUG until 2003
    "KSV": "XKX",  # Kosovo: the user-assigned code actors.json uses
    "ROM": "ROU",  # Romania: ISO changed ROM to ROU in 2002
    "TMP": "TLS",  # East Timor: ISO changed TMP to TLS in 2002
    "USR": "SUN",  # USSR: ISO's historic code
    "ZAR": "COD",  # Zaire: now the Democratic Republic of the Congo
}

#: Words that are titles, not names: stripped in front of person names.
_TITLE_WORDS = frozenset(
    """
    acting adm admiral adviser advisor ambassador archbishop assembly attorney ayatollah
    bishop brig brigadier cabinet candidate capt captain cardinal chairman chairwoman
    chancellor chief cia cleric col colonel commander congressman congresswoman defence
    defense deputy director dr emir envoy ex field first foreign former gen general
    governor grand hojatoleslam hojatolislam imam interim interior judge justice king
    leader lieutenant lt maj major marshal minister mr mrs ms mullah national of
    opposition parliament party politician pope premier president prime prince princess
    queen reformer rep representative rev reverend secretary security sen senator sheikh
    speaker state strongman the top vice
    """.split()
)

#: Words that make a name an institution (or a role), not a person.
_INSTITUTION_WORDS = frozenset(
    """
    academy action administration agency ahrar aid alliance army assembly association
    authority bank battalion battalions bet board brigade brigades brotherhood bureau
    campaign center centre chamber children church club coalition college command
    commando commission committee community company conference congress corporation
    council court declaration department directorate federation fellowship force forces
    forum foundation front fund ghuraba global government group guard guards harakat
    headquarters hizb hospital house human inc initiative institute institution
    intelligence international islamic jabhat jaish jaysh kataeb katibat kingdom league
    liwa liwaa ltd majlis marga media militia ministry mission movement national network
    news ngo observatory office organisation organization palace panel parliament
    partnership party politburo post press program programme project radio regime relief
    republic reserve rifles rights riot sabha school secretariat sena service services
    society soviet states street tank tanzim team television times trust union united
    university voices watch world yard
    """.split()
)

_SMALL_WORDS = frozenset("a an and at by de del der des di du for in la le of on or the to".split())
_NAME_PARTICLES = frozenset("al el bin ibn ul ud ad as ash van von da dos y".split())
_KNOWN_ACRONYMS = frozenset("EU UAE UK UN US USA".split())
_NOT_ACRONYMS = frozenset("CO COR CORP DR INC JR LTD MR MT SR ST".split())
_NO_PLURAL = frozenset("arms headquarters means news politics series species".split())

_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
_LEMMA = re.compile(r"[a-z]+(?:-[a-z]+)*")
_CODE = re.compile(r"\[([^\]}]*)[\]}]")
_PATTERN_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s{}()]+")
_MARKERS = frozenset("$+^%")


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------


def predicate_of(code: str) -> str | None:
    """The geokg predicate of a CAMEO code (the longest prefix in the table), or None.

    >>> predicate_of("1823"), predicate_of("182"), predicate_of("036"), predicate_of("---")
    ('kills', 'strikes', 'meets', None)
    """
    for n in range(len(code), 1, -1):
        if code[:n] in _CAMEO_PREDICATES:
            return _CAMEO_PREDICATES[code[:n]][0]
    return None


def active_code(code: str) -> str:
    """The active part of ``A:P`` (empty when only the passive one is given)."""
    return code.split(":", 1)[0].strip()


def singular(word: str) -> str:
    """Strip a regular English plural: sanctions -> sanction, rallies -> rally.

    >>> [singular(w) for w in ("sanctions", "rallies", "crosses", "talks", "news", "crisis")]
    ['sanction', 'rally', 'cross', 'talk', 'news', 'crisis']
    """
    if word in _NO_PLURAL or len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def plural(phrase: str) -> str:
    """The regular English plural of a phrase's last word ("" after a digit or a dot)."""
    if not phrase[-1:].isalpha():
        return ""
    if re.search(r"[^aeiou]y$", phrase):
        return phrase[:-1] + "ies"
    if phrase.endswith(("s", "x", "z", "ch", "sh")):
        return phrase + "es"
    return phrase + "s"


def phrase_words(text: str) -> list[str]:
    """The words of a dictionary phrase: ``_`` and blanks separate them."""
    return text.replace("_", " ").split()


def fold(text: str) -> str:
    """Accents folded to ASCII."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(text: str) -> str:
    """Lower-case ASCII slug: "George W. Bush" -> "george-w-bush"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def name_key(text: str) -> str:
    """A name compared case-, accent- and punctuation-insensitively, without "the"."""
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text).lower()).split())
    return key[4:] if key.startswith("the ") else key


def iso3(code: str, countries: frozenset[str]) -> str | None:
    """ISO alpha-3 of a CAMEO country code (its first three letters), or None."""
    cameo = code[:3]
    iso = _CAMEO_TO_ISO.get(cameo, cameo)
    return iso if iso in countries else None


def _capitalize(part: str) -> str:
    if re.fullmatch(r"[od]'[a-z]+", part):
        return part[0].upper() + "'" + part[2:].capitalize()
    if re.fullmatch(r"mc[a-z]{2,}", part):
        return "Mc" + part[2:].capitalize()
    return "/".join(p.capitalize() for p in part.split("/"))


def readable(words: Sequence[str], acronyms: frozenset[str] = frozenset()) -> str:
    """Title case for upper-case dictionary words; acronyms stay upper case.

    >>> readable(["UNITED", "NATIONS", "HIGH", "COMMISSIONER", "FOR", "REFUGEES"])
    'United Nations High Commissioner for Refugees'
    >>> readable(["ABU", "MOHAMMAD", "AL-JAWLANI"]), readable(["UNHCR"], frozenset({"UNHCR"}))
    ('Abu Mohammad al-Jawlani', 'UNHCR')
    """
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if word in acronyms or re.fullmatch(r"(?:[A-Z]\.){2,}", word):
            out.append(word)
        elif i and (lower in _SMALL_WORDS or lower in _NAME_PARTICLES):
            out.append(lower)
        else:
            parts = lower.split("-")
            out.append(
                "-".join(
                    p if (i or j) and p in _NAME_PARTICLES else _capitalize(p)
                    for j, p in enumerate(parts)
                )
            )
    return " ".join(out)


def strip_comment(line: str, marks: str = "#") -> str:
    """A dictionary line without its comment."""
    for mark in marks:
        line = line.split(mark, 1)[0]
    return line.rstrip()


# ---------------------------------------------------------------------------------------
# The CAMEO verb dictionary
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verb:
    """One verb line of a synonym block."""

    lemma: str
    particle: str  # "" when none
    code: str  # its own code, else the block's
    own_code: bool
    line: int


@dataclass(frozen=True)
class Pattern:
    """One ``-`` pattern line: the text before ``*`` and the elements after it."""

    pre: str
    post: tuple[tuple[str, tuple[str, ...]], ...]  # ("noun"|"prep"|"marker", words)
    code: str
    line: int
    verb: str = ""  # the verb the coder wrote it for, from its comment ("# FOIL"), if any


@dataclass
class Block:
    """A verb synonym block: ``--- NAME [code] ---``, its verbs and its patterns."""

    name: str
    code: str
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class VerbDictionary:
    synsets: dict[str, list[tuple[str, ...]]]
    blocks: list[Block]
    skipped: Counter[str]


def _pattern_elements(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    elements = []
    for token in _PATTERN_TOKEN.findall(text):
        if token.startswith("("):
            inner = token[1:-1].replace("{", " ").replace("}", " ").split()
            elements.append(("prep", tuple(inner)))
        elif token.startswith("{"):
            elements.append(("noun", tuple(token[1:-1].split())))
        elif token in _MARKERS:
            elements.append(("marker", (token,)))
        else:
            elements.append(("noun", (token,)))
    return tuple(elements)


def _read_verb(text: str, block: Block, line: int, skipped: Counter[str]) -> Verb | None:
    text = strip_comment(text, "#;")
    codes = _CODE.findall(text)
    forms = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", text).split()
    if not forms:
        return None
    first = forms[0]
    particle = ""
    if "_" in first or "+" in first:
        if not first.startswith("+"):
            skipped["verb: pre-compound or multi-word without '+' (WIRE_+TAP)"] += 1
            return None
        head, *rest = first[1:].split("_")
        first, particle = head, " ".join(w for w in rest if w).lower()
    if not codes:
        return Verb(first.lower(), particle, block.code, False, line)
    # An own code with only a passive meaning ("[:110]") gives the verb no event.
    return Verb(first.lower(), particle, active_code(codes[-1]) or "---", True, line)


def read_verb_dictionary(text: str) -> VerbDictionary:
    """Parse CAMEO.2.0.txt: synsets (``&LABEL`` + ``+member``) and verb blocks."""
    synsets: dict[str, list[tuple[str, ...]]] = {}
    blocks: list[Block] = []
    skipped: Counter[str] = Counter()
    synset: str | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("<!"):
            continue
        if line.startswith("---"):
            match = re.match(r"---\s+(\S+)\s*(?:\[([^\]]*)\])?", line)
            if match:
                code = active_code(match.group(2) or "---")
                blocks.append(Block(match.group(1), code or "---"))
            synset = None
        elif line.startswith("&"):
            synset = strip_comment(line).strip().rstrip("_")
            synsets[synset] = []
        elif line.startswith("+") and synset is not None:
            member = strip_comment(line)[1:].strip().rstrip("_")
            synsets[synset].append(tuple(phrase_words(member)))
        elif line.startswith("~"):
            synset = None  # a verb transformation: nothing a cue table can use
        elif line.startswith("-"):
            synset = None
            if not blocks:
                continue
            body = strip_comment(line)[1:]
            codes = _CODE.findall(body)
            if not codes or "*" not in body:
                skipped["pattern: no '*' or no code"] += 1
                continue
            body = body[: body.rfind("[")]
            pre, _, post = body.partition("*")
            comment = line.split("#", 1)[1].split() if "#" in line else []
            named = comment[0].strip(",;").lower() if comment else ""
            blocks[-1].patterns.append(
                Pattern(pre.strip(), _pattern_elements(post), active_code(codes[-1]), n, named)
            )
        elif blocks:
            synset = None
            verb = _read_verb(line, blocks[-1], n, skipped)
            if verb is not None:
                blocks[-1].verbs.append(verb)
    return VerbDictionary(synsets, blocks, skipped)


def read_cameo_codes(text: str) -> dict[str, str]:
    """PLOVER's table: CAMEO code -> its description."""
    codes = {}
    for line in text.splitlines():
        match = re.match(r"(\d{2,4}):[^#]*(?:#\s*(.*))?$", line)
        if match:
            codes[match.group(1)] = (match.group(2) or "").strip()
    return codes


@dataclass(frozen=True)
class VerbRow:
    lemma: str
    particle: str
    predicate: str
    preps: tuple[str, ...]
    cameo: str
    hypothetical: bool
    block: str

    @property
    def meaning(self) -> tuple[str, bool]:
        return (self.predicate, self.hypothetical)

    def tsv(self) -> str:
        return "\t".join(
            (
                self.lemma,
                "VERB",
                self.predicate,
                ",".join(self.preps) or "-",
                self.particle or "-",
                self.cameo,
                str(int(self.hypothetical)),
                self.block,
            )
        )


@dataclass
class Report:
    """What the conversion kept, dropped and found odd: the script prints it."""

    counts: Counter[str] = field(default_factory=Counter)
    unknown_codes: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)
    oddities: list[str] = field(default_factory=list)

    def odd(self, message: str) -> None:
        self.oddities.append(message)


def _block_preps(block: Block) -> dict[str, set[str]]:
    """Predicate -> prepositions of the block's ``- * (PREP ...)`` patterns."""
    preps: dict[str, set[str]] = defaultdict(set)
    for pattern in block.patterns:
        if pattern.pre or not pattern.post or pattern.post[0][0] != "prep":
            continue
        predicate = predicate_of(pattern.code)
        prep = pattern.post[0][1][0].lower() if pattern.post[0][1] else ""
        if predicate and _LEMMA.fullmatch(prep):
            preps[predicate].add(prep)
    return preps


_LIGHT = "verb: light verb with only its block's default code"


def _verb_filter(verb: Verb) -> str | None:
    """Why a verb gets no bare-verb row (None: it gets one)."""
    if len(verb.lemma) <= 2:
        return "verb: lemma of one or two letters"
    if not _LEMMA.fullmatch(verb.lemma) or (
        verb.particle and not _WORD.fullmatch(verb.particle.replace(" ", "-"))
    ):
        return "verb: not alphabetic"
    if set(verb.particle.split()) & {"and", "or"}:
        return "verb: a coordination, not a particle verb (+KILLED_AND)"
    if verb.lemma in _LIGHT_VERBS and not verb.own_code and not verb.particle:
        return _LIGHT
    return None


def verb_rows(dictionary: VerbDictionary, known: dict[str, str], report: Report) -> list[VerbRow]:
    """One row per (lemma, particle); conflicts between blocks resolved and reported."""
    candidates: dict[tuple[str, str], list[VerbRow]] = defaultdict(list)
    for block in dictionary.blocks:
        preps = _block_preps(block)
        for verb in block.verbs:
            if verb.code == "---" or not verb.code:
                report.counts["verb: null code ---"] += 1
                continue
            predicate = predicate_of(verb.code)
            if predicate is None:
                report.counts["verb: code maps to no predicate"] += 1
                continue
            reason = _verb_filter(verb)
            if reason:
                report.counts[reason] += 1
                continue
            if verb.code not in known:
                report.unknown_codes[verb.code] += 1
            row = VerbRow(
                verb.lemma,
                verb.particle,
                predicate,
                tuple(sorted(preps.get(predicate, ()))),
                verb.code,
                verb.code.startswith("03"),
                block.name,
            )
            candidates[(verb.lemma, verb.particle)].append(row)
    rows = []
    for (lemma, particle), rows_of in candidates.items():
        name = "_".join(filter(None, [lemma, *particle.split()]))
        named = [r for r in rows_of if r.block.lower() == name]
        tally = Counter(r.meaning for r in rows_of)
        if named:
            meaning, why = named[0].meaning, f"block {named[0].block}"
        else:
            best = max(tally.values())
            meaning = next(r.meaning for r in rows_of if tally[r.meaning] == best)
            ties = sum(n == best for n in tally.values())
            why = "most frequent" if ties == 1 else "first in the file"
        chosen = (named or [r for r in rows_of if r.meaning == meaning])[0]
        preps = sorted({p for r in rows_of if r.meaning == meaning for p in r.preps})
        rows.append(
            VerbRow(
                lemma,
                particle,
                chosen.predicate,
                tuple(preps),
                chosen.cameo,
                chosen.hypothetical,
                chosen.block,
            )
        )
        if len(tally) > 1:
            seen = ", ".join(
                f"{r.block} {r.predicate}{'?' if r.hypothetical else ''} [{r.cameo}]"
                for r in rows_of
            )
            label = f"{lemma} {particle}".strip()
            report.conflicts.append(f"{label}: {seen} -> {chosen.predicate} ({why})")
    return sorted(rows, key=lambda r: (r.lemma, r.particle))


@dataclass(frozen=True)
class PhraseRow:
    verb: str
    noun: str
    modifiers: str
    preps: tuple[str, ...]
    predicate: str
    cameo: str
    hypothetical: bool

    @property
    def key(self) -> tuple[str, str, str, tuple[str, ...]]:
        return (self.verb, self.noun, self.modifiers, self.preps)

    def tsv(self) -> str:
        return "\t".join(
            (
                self.verb,
                self.noun,
                self.modifiers or "-",
                ",".join(self.preps) or "-",
                self.predicate,
                self.cameo,
                str(int(self.hypothetical)),
            )
        )


def _expand(words: Sequence[str], synsets: dict[str, list[tuple[str, ...]]]) -> Iterator[list[str]]:
    """Every word list a pattern noun stands for (``&SYNSET``: one per member)."""
    options = []
    for word in words:
        if word.startswith("&"):
            label = word.rstrip("_")
            if label not in synsets:
                raise KeyError(label)
            options.append(synsets[label])
        else:
            options.append([(word,)])
    for combination in itertools.product(*options):
        yield [w for part in combination for w in part]


def _phrase_shape(pattern: Pattern) -> tuple[tuple[str, ...], tuple[str, ...]] | str:
    """(noun words, bare prepositions) of a verb + object pattern, or why it is not one."""
    if pattern.pre:
        return "phrase: words before the verb"
    if not pattern.post or pattern.post[0][0] != "noun":
        return "phrase: no object noun right after the verb"
    preps = []
    for kind, words in pattern.post[1:]:
        if kind != "prep":
            return "phrase: a second noun or a source/target marker"
        if len(words) != 1:
            return "phrase: a noun inside a prepositional phrase"
        preps.append(words[0].lower())
    return pattern.post[0][1], tuple(sorted(set(preps)))


def _block_verbs(block: Block) -> list[str]:
    """The single-word verbs of a block that pass the junk filters (light verbs stay:
    with an object noun they are specific, "give aid")."""
    return sorted(
        {v.lemma for v in block.verbs if not v.particle and _verb_filter(v) in (None, _LIGHT)}
    )


def phrase_rows(
    dictionary: VerbDictionary, known: dict[str, str], report: Report
) -> list[PhraseRow]:
    """Verb + object noun rows, one per (verb, noun, modifiers, preps). When patterns
    disagree, the last one wins, as in PETRARCH2's pattern trie."""
    found: dict[tuple[str, str, str, tuple[str, ...]], PhraseRow] = {}
    disagree = set()
    for block in dictionary.blocks:
        verbs = _block_verbs(block)
        meanings: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, None]] = defaultdict(dict)
        for pattern in block.patterns:
            predicate = predicate_of(pattern.code)
            if predicate is None:
                report.counts["phrase: code maps to no predicate"] += 1
                continue
            shape = _phrase_shape(pattern)
            if isinstance(shape, str):
                report.counts[shape] += 1
                continue
            nouns, preps = shape
            if not all(_LEMMA.fullmatch(p) for p in preps):
                report.counts["phrase: not alphabetic"] += 1
                continue
            try:
                expansions = list(_expand(nouns, dictionary.synsets))
            except KeyError as err:
                report.odd(f"{_VERBS_FILE} line {pattern.line}: synset {err.args[0]} is undefined")
                continue
            if pattern.code not in known:
                report.unknown_codes[pattern.code] += 1
            meanings[(nouns, preps)][f"{predicate} [{pattern.code}]"] = None
            for words in expansions:
                lower = [w.lower() for w in words]
                if not all(_WORD.fullmatch(w) for w in lower):
                    report.counts["phrase: not alphabetic"] += 1
                    continue
                noun, modifiers = singular(lower[-1]), " ".join(lower[:-1])
                hypothetical = pattern.code.startswith("03")
                # the verb the coder wrote the pattern for: the block's WordNet synonyms
                # rarely share a phrase's meaning ("recall an ambassador", not "remember")
                for verb in [pattern.verb] if pattern.verb in verbs else verbs:
                    row = PhraseRow(
                        verb, noun, modifiers, preps, predicate, pattern.code, hypothetical
                    )
                    old = found.get(row.key)
                    if old is not None and (old.predicate, old.hypothetical) != (
                        predicate,
                        hypothetical,
                    ):
                        disagree.add(row.key)
                    found[row.key] = row
        for (nouns, preps), seen in meanings.items():
            if len({m.split()[0] for m in seen}) > 1:
                text = " ".join([*nouns, *(f"({p.upper()})" for p in preps)])
                report.odd(
                    f"{_VERBS_FILE} block {block.name}: '- * {text}' has"
                    f" {', '.join(seen)}: the last pattern wins"
                )
    report.counts["phrase: rows whose patterns disagree (the last wins)"] = len(disagree)
    return sorted(found.values(), key=lambda r: r.key)


# ---------------------------------------------------------------------------------------
# Agents
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agent:
    phrase: str
    plural: str  # "" when none
    code: str
    line: int

    @property
    def sector(self) -> str:
        return self.code[:3]

    @property
    def type(self) -> str:
        return _SECTOR_TYPES.get(self.sector, _GROUP)

    def tsv(self) -> str:
        return "\t".join((self.phrase, self.plural or "-", self.sector, self.code, self.type))


def _substitute(text: str, marker: str, item: str) -> str:
    """Replace ``!MARKER!``; a marker inside a word is a search-and-replace accident
    ("AD!MINIST!RATIVE"), so it gives back the marker's own letters."""
    token = f"!{marker}!"
    text = re.sub(rf"(?<=[A-Z]){re.escape(token)}(?=[A-Z])", marker, text)
    return text.replace(token, item)


def read_agents(text: str, report: Report) -> list[Agent]:
    """Phoenix.agents.txt: ``PHRASE {plural} [~CODE]`` lines and ``!SET! = A, B`` sets."""
    sets: dict[str, list[str]] = {}
    agents: dict[str, list[Agent]] = defaultdict(list)
    for n, raw in enumerate(text.splitlines(), 1):
        line = strip_comment(raw).strip()
        if not line or line.startswith("<!"):
            continue
        definition = re.fullmatch(r"!(\w+)!\s*=\s*(.*)", line)
        if definition:
            sets[definition.group(1)] = [i.strip() for i in definition.group(2).split(",")]
            continue
        code = _CODE.search(line)
        if not code:
            report.counts["agent: no code"] += 1
            report.odd(f"{_AGENTS_FILE} line {n}: {line!r} has no code")
            continue
        if code.group(0).endswith("}"):
            report.odd(f"{_AGENTS_FILE} line {n}: {code.group(0)!r} closes with '}}'")
        value = code.group(1).strip().replace("~", "")
        body = line[: code.start()]
        irregular = re.search(r"\{([^}]*)\}", body)
        body = re.sub(r"\{[^}]*\}", " ", body)
        markers = re.findall(r"!(\w+)!", body)
        if markers:
            unknown = [m for m in markers if m not in sets]
            if unknown:
                report.odd(f"{_AGENTS_FILE} line {n}: marker !{unknown[0]}! is not defined")
                continue
            if re.search(r"[A-Z]!\w+![A-Z]", body):
                report.odd(f"{_AGENTS_FILE} line {n}: a !marker! inside a word: {body.strip()!r}")
            phrases = [body]
            for marker in dict.fromkeys(markers):
                phrases = [_substitute(p, marker, i) for p in phrases for i in sets[marker]]
            forms = [(" ".join(phrase_words(p)).lower(), "") for p in phrases]
        else:
            phrase = " ".join(phrase_words(body)).lower()
            if irregular is not None:
                forms = [(phrase, " ".join(phrase_words(irregular.group(1))).lower())]
            else:
                forms = [(phrase, plural(phrase))]
        if "Ã" in body:
            report.counts["agent: mojibake (UTF-8 read as Latin-1)"] += 1
            report.odd(f"{_AGENTS_FILE} line {n}: {body.strip()!r} is mojibake, skipped")
            continue
        for phrase, plural_form in forms:
            agents[phrase].append(Agent(phrase, plural_form, value, n))
    rows = []
    for phrase, found in agents.items():
        codes = {a.code for a in found}
        # The longest code carries the most information (GOVENV over ENV), then the first.
        chosen = max(found, key=lambda a: (len(a.code), -a.line))
        if len(codes) > 1:
            report.conflicts.append(
                f"agent {phrase}: {', '.join(sorted(codes))} -> {chosen.code}"
                " (the longest code, then the first)"
            )
        rows.append(chosen)
    report.counts["agent rows"] = len(rows)
    return sorted(rows, key=lambda a: a.phrase)


# ---------------------------------------------------------------------------------------
# Actor dictionaries
# ---------------------------------------------------------------------------------------

_FAR = dt.date.max
_EARLY = dt.date.min


@dataclass(frozen=True)
class Code:
    """One ``[CODE restriction]``: undated, or valid from ``start`` to ``end``."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None
    dated: bool = False

    @property
    def recency(self) -> tuple[dt.date, dt.date]:
        return (self.end or _FAR, self.start or _EARLY)


@dataclass
class Record:
    """One actor entry: names (primary first), codes, the primary line's comment."""

    names: list[str]
    codes: list[Code]
    comment: str
    line: int
    closed: bool = False  # a blank line or a code line ended its list of names

    def current(self) -> Code | None:
        """The code of the most recent date range, else the first undated one."""
        dated = [c for c in self.codes if c.dated]
        if dated:
            return max(dated, key=lambda c: c.recency)
        return self.codes[0] if self.codes else None


def parse_date(text: str) -> dt.date:
    """YYYYMMDD or YYMMDD (00-30 is 20YY, as in KEDS and TABARI)."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(text)
    if len(text) == 8:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    year = int(text[:2])
    return dt.date(year + (2000 if year <= 30 else 1900), int(text[2:4]), int(text[4:]))


def parse_code(text: str) -> Code:
    """``CODE``, ``CODE >date``, ``CODE <date``, ``CODE date-date`` (ValueError if bad)."""
    code, _, rest = text.strip().partition(" ")
    rest = rest.replace(" ", "")
    if not rest:
        return Code(code)
    if rest.startswith(">"):
        return Code(code, start=parse_date(rest[1:]), dated=True)
    if rest.startswith("<"):
        return Code(code, end=parse_date(rest[1:]), dated=True)
    if "-" in rest:
        first, _, last = rest.partition("-")
        return Code(code, start=parse_date(first), end=parse_date(last), dated=True)
    raise ValueError(rest)


def _bare_date(text: str) -> Code | None:
    """``[CODE date]`` without ``<``, ``>`` or a range: read as "from that date"."""
    code, _, rest = text.strip().partition(" ")
    try:
        return Code(code, start=parse_date(rest.strip()), dated=True)
    except ValueError:
        return None


def read_actors(text: str, source: str, report: Report) -> list[Record]:
    """Records of an actor dictionary (see the module docstring)."""
    records: list[Record] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = strip_comment(raw)
        if not line.strip():
            if records and not raw.strip():
                records[-1].closed = True
            continue
        codes = []
        for found in _CODE.findall(line):
            try:
                codes.append(parse_code(found))
            except ValueError:
                bare = _bare_date(found)
                if bare is not None:
                    codes.append(bare)
                    report.odd(f"{source} line {n}: [{found}] has no '>': read as from that date")
                else:
                    report.odd(f"{source} line {n}: bad date in [{found}], code ignored")
        # The name ends at the first code; what follows it is metadata ("$137,000,000").
        name = line.split("[", 1)[0].strip()
        if re.search(r"[\x00-\x08\x0a-\x1f]", name):
            report.odd(f"{source} line {n}: {name!r} has a control character, skipped")
            name = "+" if name.startswith("+") else ""
        current = records[-1] if records else None
        if line[0] in " \t" and not name:
            if current is not None:
                current.codes.extend(codes)
                current.closed = True
            continue
        if name.startswith("+") and current is not None:
            if name[1:].strip():
                current.names.append(name[1:].strip())
            current.codes.extend(codes)
        elif not name:
            continue
        elif current is not None and not current.closed and not current.codes:
            current.names.append(name)  # TABARI style: a further name of the same actor
            current.codes.extend(codes)
        else:
            comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
            records.append(Record([name.lstrip("+")], codes, comment, n))
    return records


def _words(name: str) -> list[str]:
    return [w for w in phrase_words(name) if w]


def _acronyms(records: Iterable[Record]) -> frozenset[str]:
    """Upper-case words that are acronyms: short forms in parentheses, single names that
    are the initials of a longer name with the same code ("IAEA"), single names of at most
    three letters ("ICJ") and words without vowels ("BBC")."""
    found: set[str] = set(_KNOWN_ACRONYMS)
    by_code: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        current = record.current()
        by_code[current.code if current else f"line {record.line}"].append(record)
    # A code that a few records share names one body ("IAEA" and its long name); company
    # codes (MNCUSA) are shared by hundreds, whose initials would spell anything ("CHINA").
    groups = [g for g in by_code.values() if len(g) <= 3]
    groups += [[r] for g in by_code.values() if len(g) > 3 for r in g]
    for names in ([n for r in g for n in r.names] for g in groups):
        initials, singles = set(), set()
        for name in names:
            found.update(re.findall(r"\(([A-Z]{2,})\)[_ ]*$", name))
            words = _words(re.sub(r"\([^)]*\)", " ", name))
            if len(words) == 1 and words[0].isalpha():
                singles.add(words[0])
            elif len(words) > 1:
                initials.add("".join(w[0] for w in words))
                initials.add("".join(w[0] for w in words if w.lower() not in _SMALL_WORDS))
        found.update(w for w in singles if w in initials or len(w) <= 3)
    # A one-word name of a body (not a company: "AVON", "INTEL") is mostly an acronym:
    # "DPKO", "UNIFEM", "UNESCAP".
    for record in records:
        current = record.current()
        words = _words(re.sub(r"\([^)]*\)", " ", record.names[0]))
        company = current is not None and current.code.startswith("MNC")
        if len(words) == 1 and words[0].isalpha() and len(words[0]) <= 7 and not company:
            found.add(words[0])
    for record in records:
        for name in record.names:
            found.update(
                w
                for w in _words(name)
                if len(w) > 1 and w.isalpha() and not re.search("[AEIOUY]", w)
            )
    return frozenset(found - _NOT_ACRONYMS)


def _clean_name(name: str) -> tuple[list[str], list[str]]:
    """Words of a name without a parenthesized short form, and that short form.

    Quoted nicknames, an unclosed "(ACTING" and the backtick of a transliterated
    ayn ("SA`ID") go too.
    """
    name = re.sub(r'"[^"]*"', " ", name.replace("`", ""))
    short = re.findall(r"\(([^)]*)\)", name)
    name = re.sub(r"\([^)]*\)", " ", name).split("(", 1)[0]
    words = _words(name)
    if words and words[0] in ("THE", "The"):
        words = words[1:]
    return words, [s.strip("_ ") for s in short if s.strip("_ ")]


@dataclass(frozen=True)
class Actor:
    """One organization, group or person of ``petrarch_actors.json``."""

    id: str
    label: str
    type: str
    code: str
    aliases: tuple[str, ...]
    country: str | None = None
    sector: str | None = None
    until: str | None = None
    kind: str = "organizations"

    def names(self) -> list[str]:
        return [self.label, *self.aliases]

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "label": self.label}
        if self.kind == "persons":
            out.update(
                aliases=list(self.aliases),
                country=self.country,
                sector=self.sector,
                until=self.until,
                code=self.code,
                type="Person",
            )
        else:
            out.update(aliases=list(self.aliases), code=self.code, type=self.type)
            if self.kind == "groups":
                out["country"] = self.country
        return out


def _body_actor(
    record: Record, kind: str, acronyms: frozenset[str], countries: frozenset[str]
) -> Actor | None:
    current = record.current()
    if current is None or current.code in ("", "---"):
        return None
    label_words, short = _clean_name(record.names[0])
    if not label_words:
        return None
    label = readable(label_words, acronyms)
    aliases = [readable(s.split(), acronyms) for s in short]
    for name in record.names[1:]:
        words, more = _clean_name(name)
        if words:
            aliases.append(readable(words, acronyms))
        aliases.extend(readable(s.split(), acronyms) for s in more)
    return Actor(
        slug(label),
        label,
        "Group" if kind == "groups" else "Organization",
        current.code,
        _unique_aliases(label, aliases),
        country=iso3(current.code, countries) if kind == "groups" else None,
        kind=kind,
    )


def _unique_aliases(label: str, aliases: Iterable[str]) -> tuple[str, ...]:
    seen = {name_key(label)}
    out = []
    for alias in aliases:
        key = name_key(alias)
        if key and key not in seen:
            seen.add(key)
            out.append(alias)
    return tuple(sorted(out, key=lambda a: (a.lower(), a)))


def _is_person_name(words: Sequence[str], given_names: frozenset[str]) -> bool:
    """Two to five words, the first a given name or initials ("R.K."), no institution."""
    lower = [w.lower().strip(".") for w in words]
    return (
        2 <= len(words) <= 5
        and (words[0] in given_names or re.fullmatch(r"(?:[A-Z]\.)+", words[0]) is not None)
        and not any(w in _INSTITUTION_WORDS for w in lower)
        and all(re.fullmatch(r"[A-Z][A-Z.'-]*", w) for w in words)
    )


def organizations(
    records: list[Record], given_names: frozenset[str], countries: frozenset[str], report: Report
) -> list[Actor]:
    """International organizations: every record that is not a person."""
    acronyms = _acronyms(records)
    out = []
    for record in records:
        words, _ = _clean_name(record.names[0])
        current = record.current()
        company = bool(current and current.code.startswith("MNC"))
        dated = any(c.dated for c in record.codes)
        if (
            "IGOrulers" in record.comment
            or (dated and not company)
            or (not company and _is_person_name(_strip_titles(words, frozenset()), given_names))
        ):
            report.counts["organizations: dropped, a person"] += 1
            continue
        actor = _body_actor(record, "organizations", acronyms, countries)
        if actor is None:
            report.counts["organizations: dropped, no code"] += 1
            continue
        out.append(actor)
    return out


def groups(
    records: list[Record], given_names: frozenset[str], countries: frozenset[str], report: Report
) -> list[Actor]:
    """Non-state armed groups (not their leaders); ``country`` when the code starts with
    a country."""
    acronyms = _acronyms(records)
    out = []
    for record in records:
        if _is_person_name(
            _strip_titles(_clean_name(record.names[0])[0], frozenset()), given_names
        ):
            report.counts["groups: dropped, a person"] += 1
            continue
        actor = _body_actor(record, "groups", acronyms, countries)
        if actor is None:
            report.counts["groups: dropped, no code"] += 1
            continue
        out.append(actor)
    return out


def _strip_titles(words: Sequence[str], adjectives: frozenset[str]) -> list[str]:
    """Words of a name without the titles and country adjectives in front."""
    words = list(words)
    while len(words) > 1 and (
        words[0].lower().strip(".") in _TITLE_WORDS or words[0] in adjectives
    ):
        words = words[1:]
    return words


def _country_words(records: Iterable[Record]) -> frozenset[str]:
    """Single-word names of the country entries (their adjectives, cities, names)."""
    words = set()
    for record in records:
        if record.codes and all(len(c.code) == 3 for c in record.codes):
            for name in record.names:
                found = _words(name)
                if len(found) == 1:
                    words.add(found[0])
    return frozenset(words)


def _sectors(agents: Iterable[Agent]) -> frozenset[str]:
    return frozenset(a.sector for a in agents) | frozenset(_SECTOR_TYPES)


def persons(
    records: list[Record], sectors: frozenset[str], countries: frozenset[str], report: Report
) -> list[Actor]:
    """Persons of the countries file, with their country, sector and end of office."""
    adjectives = _country_words(records)
    out = []
    for record in records:
        current = record.current()
        if current is None or current.code in ("", "---"):
            report.counts["persons: dropped, no code"] += 1
            continue
        sector = current.code[3:6]
        if len(current.code) == 3 or sector not in sectors:
            report.counts["persons: dropped, a country or territory entry"] += 1
            continue
        raw = _clean_name(record.names[0])[0]
        words = _strip_titles(raw, adjectives)
        if "CountryInfo" not in record.comment and (
            any(w.lower() in _INSTITUTION_WORDS for w in raw)
            or any(w.lower().strip(".") in _TITLE_WORDS for w in words)
        ):
            report.counts["persons: dropped, an institution or a role"] += 1
            continue
        if len(words) < 2:
            report.counts["persons: dropped, a single name"] += 1
            continue
        country = iso3(current.code, countries)
        if country is None:
            report.counts["persons: dropped, code not a country"] += 1
            continue
        label = readable(words)
        aliases = []
        for name in record.names[1:]:
            alias = _strip_titles(_clean_name(name)[0], adjectives)
            bad = any(w.lower().strip(".") in _TITLE_WORDS | _INSTITUTION_WORDS for w in alias)
            if len(alias) >= 2 and not bad:
                aliases.append(readable(alias))
        until = current.end.isoformat() if current.dated and current.end else None
        out.append(
            Actor(
                slug(label),
                label,
                "Person",
                current.code,
                _unique_aliases(label, aliases),
                country=country,
                sector=sector,
                until=until,
                kind="persons",
            )
        )
    return out


def given_names(records: Iterable[Record]) -> frozenset[str]:
    """First words of the persons the countries file lists (CountryInfo), without the
    particles, titles and small words that some of them start with."""
    first = {
        _words(r.names[0])[0]
        for r in records
        if "CountryInfo" in r.comment and len(_words(r.names[0])) >= 2
    }
    skip = _NAME_PARTICLES | _TITLE_WORDS | _SMALL_WORDS | {"san"}
    return frozenset(w for w in first if w.isalpha() and w.lower() not in skip)


# ---------------------------------------------------------------------------------------
# The hand-made tables win
# ---------------------------------------------------------------------------------------


def hand_names(actors: dict, persons_table: dict) -> tuple[set[str], set[str]]:
    """(name keys, ids) of every entry of ``actors.json`` and ``persons.json``."""
    names, ids = set(), set()
    lists = ("aliases", "ambiguous_aliases", "demonyms", "capitals", "seats")
    for code, country in actors.get("countries", {}).items():
        ids.add(code.lower())
        names.update(name_key(n) for k in lists for n in country.get(k, ()))
        if "label" in country:
            names.add(name_key(country["label"]))
    for entry in [
        *actors.get("locations", ()),
        *actors.get("actors", ()),
        *persons_table.get("persons", ()),
    ]:
        ids.add(entry["id"])
        names.add(name_key(entry["label"]))
        names.update(name_key(n) for k in lists for n in entry.get(k, ()))
    names.discard("")
    return names, ids


def drop_known(
    found: dict[str, list[Actor]],
    names: set[str],
    ids: set[str],
    generic: set[str],
    report: Report,
) -> dict[str, list[Actor]]:
    """Drop what the hand tables hold, generic agents ("NGO") and duplicate ids; keep one
    entry per id."""
    kept: dict[str, list[Actor]] = {}
    taken = set(ids)
    for kind in ("groups", "organizations", "persons"):
        by_id: dict[str, list[Actor]] = defaultdict(list)
        for actor in found[kind]:
            keys = {name_key(n) for n in actor.names()}
            if keys & names:
                report.counts[f"{kind}: dropped, named in the hand tables"] += 1
            elif keys & generic:
                report.counts[f"{kind}: dropped, a generic agent (agents.tsv)"] += 1
            elif actor.id in ids:
                report.counts[f"{kind}: dropped, id used by the hand tables"] += 1
            elif not actor.id:
                report.counts[f"{kind}: dropped, empty name"] += 1
            else:
                by_id[actor.id].append(actor)
        kept[kind] = []
        for actor_id, same in sorted(by_id.items()):
            if actor_id in taken:
                report.counts[f"{kind}: dropped, id taken by another list"] += len(same)
                continue
            if len({(a.country, a.code[:3]) for a in same}) > 1:
                report.counts[f"{kind}: dropped, one name for several actors"] += len(same)
                continue
            merged = max(same, key=lambda a: (a.until or "9999", -len(a.aliases)))
            aliases = [a for other in same for a in other.names()]
            merged = Actor(
                merged.id,
                merged.label,
                merged.type,
                merged.code,
                _unique_aliases(merged.label, aliases),
                merged.country,
                merged.sector,
                merged.until,
                merged.kind,
            )
            if len(same) > 1:
                report.counts[f"{kind}: merged, same name and country"] += len(same) - 1
            taken.add(actor_id)
            kept[kind].append(merged)
        report.counts[f"{kind}: kept"] = len(kept[kind])
    return kept


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def _header(sources: str, licence: str) -> str:
    return (
        f"# Generated by scripts/import_petrarch.py from {sources} ({licence}):"
        " do not edit by hand, rerun the script."
    )


def tsv(header: str, columns: str, rows: Iterable[str]) -> str:
    return "\n".join([header, columns, *rows]) + "\n"


def actors_json(kept: dict[str, list[Actor]]) -> str:
    """One object per line, like the hand tables: diffs stay readable."""
    comment = (
        f"Generated by scripts/import_petrarch.py from {_INTERNATIONAL_FILE},"
        f" {_NONSTATE_FILE} and {_COUNTRIES_FILE} ({_PETRARCH}): do not edit by hand,"
        " rerun the script."
    )
    parts = ["{" + f'"_comment": {json.dumps(comment)},']
    kinds = ("organizations", "groups", "persons")
    for i, kind in enumerate(kinds):
        lines = [json.dumps(a.to_json(), ensure_ascii=False) for a in kept[kind]]
        body = ",\n".join(f"  {line}" for line in lines)
        end = "," if i < len(kinds) - 1 else ""
        parts.append(f'"{kind}": [\n{body}\n]{end}' if lines else f'"{kind}": []{end}')
    return "\n".join(parts) + "}\n"


def convert(anchors: Path, hand: Path) -> tuple[dict[str, str], Report]:
    """Every output file's text, by name, and the report of the conversion."""
    report = Report()

    def read(name: str) -> str:
        path = anchors / name
        if not path.is_file():
            raise SystemExit(f"error: {path} is missing; pass --anchors DIR (the shared anchors)")
        return path.read_text(encoding="utf-8")

    known = read_cameo_codes(read(_PLOVER_FILE))
    dictionary = read_verb_dictionary(read(_VERBS_FILE))
    report.counts.update(dictionary.skipped)
    verbs = verb_rows(dictionary, known, report)
    phrases = phrase_rows(dictionary, known, report)
    agents = read_agents(read(_AGENTS_FILE), report)

    countries = frozenset(c.alpha_3 for c in pycountry.countries)
    actors_table = json.loads((hand / "actors.json").read_text(encoding="utf-8"))
    persons_table = json.loads((hand / "persons.json").read_text(encoding="utf-8"))
    countries |= frozenset(actors_table.get("countries", {}))  # XKX and historic states

    people = read_actors(read(_COUNTRIES_FILE), _COUNTRIES_FILE, report)
    names = given_names(people)
    found = {
        "organizations": organizations(
            read_actors(read(_INTERNATIONAL_FILE), _INTERNATIONAL_FILE, report),
            names,
            countries,
            report,
        ),
        "groups": groups(
            read_actors(read(_NONSTATE_FILE), _NONSTATE_FILE, report), names, countries, report
        ),
        "persons": persons(people, _sectors(agents), countries, report),
    }
    known_names, ids = hand_names(actors_table, persons_table)
    generic = {name_key(p) for a in agents for p in (a.phrase, a.plural) if p}
    kept = drop_known(found, known_names, ids, generic, report)
    report.counts["verb rows"] = len(verbs)
    report.counts["phrase rows"] = len(phrases)

    verb_sources = f"{_VERBS_FILE} ({_PETRARCH}) and {_PLOVER_FILE}"
    files = {
        "cameo_verbs.tsv": tsv(
            _header(verb_sources, _PLOVER),
            "lemma\tpos\tpredicate\tpreps\tparticle\tcameo\thypothetical\tblock",
            (r.tsv() for r in verbs),
        ),
        "cameo_phrases.tsv": tsv(
            _header(verb_sources, _PLOVER),
            "verb\tnoun\tmodifiers\tpreps\tpredicate\tcameo\thypothetical",
            (r.tsv() for r in phrases),
        ),
        "agents.tsv": tsv(
            _header(_AGENTS_FILE, _PETRARCH),
            "phrase\tplural\tsector\tcode\ttype",
            (a.tsv() for a in agents),
        ),
        "petrarch_actors.json": actors_json(kept),
    }
    return files, report


def print_report(report: Report, files: dict[str, str], out: Path) -> None:
    for name, text in files.items():
        print(f"wrote {out / name} ({text.count(chr(10))} lines)")
    print("\ncounts:")
    for key, value in sorted(report.counts.items()):
        print(f"  {key}: {value}")
    unknown = ", ".join(f"[{c}] x{n}" for c, n in sorted(report.unknown_codes.items()))
    print(f"\ncodes used by the verb dictionary that PLOVER's table lacks: {unknown or 'none'}")
    print(f"\nconflicts ({len(report.conflicts)}):")
    for line in sorted(report.conflicts):
        print(f"  {line}")
    print(f"\noddities in the dictionaries ({len(report.oddities)}):")
    for line in sorted(set(report.oddities)):
        print(f"  {line}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Derive geokg's CAMEO cue and actor tables from the PETRARCH2 dictionaries.",
        epilog="example: python scripts/import_petrarch.py --anchors ../shared/anchors",
    )
    parser.add_argument(
        "--anchors",
        type=Path,
        default=REPO.parent / "shared" / "anchors",
        help="folder with petrarch2/ and plover/ (default: ../shared/anchors)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "extract" / "data",
        help="where to write the tables (default: extract/data)",
    )
    parser.add_argument(
        "--hand",
        type=Path,
        default=REPO / "extract" / "data",
        help="folder of the hand-made actors.json and persons.json (default: extract/data)",
    )
    args = parser.parse_args(argv)
    files, report = convert(args.anchors, args.hand)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8", newline="\n")
    print_report(report, files, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

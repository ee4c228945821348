"""The cue rows derived from the event-data field's CAMEO verb dictionary.

``scripts/import_petrarch.py`` converts PETRARCH2's CAMEO verb dictionary
into ``cameo_verbs.tsv`` (a verb alone: "bombard", "extol", "deport") and
``cameo_phrases.tsv`` (a verb with its object noun: "recall an ambassador",
"exchange fire", "cut aid"). A dictionary entry is evidence, not a verdict:

- a derived verb is used only as ``cameo_review.tsv`` decides (keep it, drop
  it, or use it with another predicate), and every derived verb must have a
  decision there (the tests check it);
- the hand-made ``cues.tsv`` wins: a verb or noun it lists takes no derived
  row, and a phrase whose verb or noun it lists is left out (its own rule
  reads it: "impose sanctions" is the noun cue "sanction" after a light verb).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from spacy.tokens import Token

from geokg.errors import GeoKGError

__all__ = [
    "TARGET_PREPS",
    "Phrase",
    "derived_heads",
    "derived_verbs",
    "phrase_for",
    "phrase_verbs",
    "read_phrases",
]

#: Prepositions that name the other actor of a derived cue, by predicate. The
#: dictionary's patterns also list places and times ("injured in Iraq", "attacked
#: during talks"), which name no target; a phrase's object is reached through
#: these too ("recalled its ambassador from Qatar", "cut aid to Sudan").
TARGET_PREPS = {
    "warns": frozenset({"against"}),
    "strikes": frozenset({"against", "on", "at", "into"}),
    "kills": frozenset(),
    "fights": frozenset({"against", "with"}),
    "supports": frozenset({"to", "for"}),
    "criticizes": frozenset({"against", "at"}),
    "meets": frozenset({"with", "to"}),
    "cooperates": frozenset({"with"}),
    "requests": frozenset({"to"}),
    "sanctions": frozenset({"against", "on", "from", "to"}),
    "rejects": frozenset(),
    "deploys": frozenset({"to", "into"}),
}


@dataclass(frozen=True)
class Phrase:
    """A verb + object-noun row: the verb, with this noun as object, signals ``predicate``."""

    verb: str
    noun: str
    modifiers: frozenset[str]  # words the noun's phrase must hold ("air" raid)
    preps: frozenset[str]
    predicate: str
    cameo: str
    intent: bool


def _rows(text: str) -> Iterable[dict[str, str]]:
    return csv.DictReader(
        (line for line in text.splitlines() if line and not line.startswith("#")), delimiter="\t"
    )


def _review(text: str, predicates: Iterable[str]) -> dict[str, str]:
    allowed = {"keep", "drop", *predicates}
    decisions = {}
    for n, row in enumerate(_rows(text), start=2):
        if row["decision"] not in allowed:
            raise GeoKGError(
                f"cameo_review.tsv row {n}: decision {row['decision']!r} for {row['verb']!r}; "
                "expected keep, drop or a SCHEMA.md predicate"
            )
        decisions[row["verb"]] = row["decision"]
    return decisions


def derived_verbs(
    verbs_text: str, review_text: str, hand: Mapping[tuple[str, str], object], predicates
) -> list[dict[str, str]]:
    """The rows of ``cameo_verbs.tsv`` the review keeps, with their final predicate.

    Verbs the hand table lists are left out. Raises when a derived row has no
    decision: regenerating the table asks for a review of what is new.
    """
    decisions = _review(review_text, predicates)
    out = []
    for row in _rows(verbs_text):
        label = (
            row["lemma"] if row["particle"] in ("", "-") else f"{row['lemma']} {row['particle']}"
        )
        decision = decisions.get(label)
        if decision is None:
            raise GeoKGError(
                f"cameo_verbs.tsv: {label!r} has no decision in cameo_review.tsv; review the "
                "regenerated table (keep, drop or a predicate) before using it"
            )
        if decision == "drop" or (row["lemma"], "VERB") in hand:
            continue
        if decision != "keep":
            row = {**row, "predicate": decision}
        preps = set(row["preps"].split(",")) & TARGET_PREPS[row["predicate"]]
        out.append({**row, "preps": ",".join(sorted(preps)) or "-"})
    return out


def read_phrases(
    text: str, hand: Mapping[tuple[str, str], object]
) -> dict[tuple[str, str], tuple[Phrase, ...]]:
    """``cameo_phrases.tsv`` by (verb, noun), most specific first; hand-table words left out."""
    out: dict[tuple[str, str], list[Phrase]] = {}
    for row in _rows(text):
        verb, noun = row["verb"], row["noun"]
        if (verb, "VERB") in hand or (noun, "NOUN") in hand:
            continue
        mods = frozenset(w for w in row["modifiers"].split() if w != "-")
        preps = TARGET_PREPS[row["predicate"]] | {
            p for p in row["preps"].split(",") if p in TARGET_PREPS[row["predicate"]]
        }
        phrase = Phrase(
            verb, noun, mods, preps, row["predicate"], row["cameo"], row["hypothetical"] == "1"
        )
        out.setdefault((verb, noun), []).append(phrase)
    return {k: tuple(sorted(v, key=lambda p: -len(p.modifiers))) for k, v in out.items()}


_VERBS: dict[int, tuple[Mapping[tuple[str, str], tuple[Phrase, ...]], frozenset[str]]] = {}


def phrase_verbs(phrases: Mapping[tuple[str, str], tuple[Phrase, ...]]) -> frozenset[str]:
    """The verbs of a phrase table (remembered per table)."""
    found = _VERBS.get(id(phrases))
    if found is None or found[0] is not phrases:
        found = _VERBS[id(phrases)] = (phrases, frozenset(verb for verb, _ in phrases))
    return found[1]


def phrase_for(verb: Token, phrases: Mapping[tuple[str, str], tuple[Phrase, ...]]) -> Phrase | None:
    """The phrase a verb makes with its direct object, if the table has it."""
    lemma = verb.lemma_.lower()
    if lemma not in phrase_verbs(phrases):
        return None  # no phrase of this verb: its children need no walk
    for obj in verb.children:
        if obj.dep_ != "dobj":
            continue
        rows = phrases.get((lemma, obj.lemma_.lower()))
        if not rows:
            continue
        words = {t.lower_ for t in obj.lefts}
        for row in rows:
            if row.modifiers <= words:
                return row
    return None


# Sectors of state bodies, and the institution kind each makes (lexicon.json agent_kinds).
_SECTOR_KINDS = {
    "GOV": "government",
    "MIL": "military",
    "COP": "police",
    "SPY": "intelligence",
    "JUD": "judiciary",
    "LEG": "parliament",
}
# Last words of the Phoenix agents kept as institution heads: bodies and forces, not
# persons ("commanding generals") nor the table's noise ("generalses", "defense minists").
_FORCE_WORDS = frozenset(
    """forces troops police patrols guards units personnel services agents operatives courts
    soldiers helicopters warships jets bombers aircraft artillery navy navies battalions
    brigades regiments divisions fleet gendarmerie commandos paratroopers marines tanks
    militia""".split()
)


def derived_heads(agents_text: str) -> dict[str, str]:
    """Institution heads from PETRARCH2's Phoenix agents: phrase -> institution kind.

    Only plural (or mass) phrases of at most three words whose last word names a body
    or a force ("attack helicopters", "border patrols", "covert operatives"), of the
    state sectors: GOV, MIL, COP, SPY, JUD, LEG.
    """
    out: dict[str, str] = {}
    for row in _rows(agents_text):
        kind = _SECTOR_KINDS.get(row["sector"])
        if kind is None:
            continue
        phrase = row["phrase"] if row["plural"] in ("", "-") else row["plural"]
        words = phrase.split()
        if len(words) > 3 or words[-1] not in _FORCE_WORDS or phrase.endswith("ses"):
            continue
        out.setdefault(phrase, kind)
    return out

"""The extractor's word lists, read from data files in ``extract/data``.

``cues.tsv`` says which word signals which predicate; ``lexicon.json`` holds
the word lists of the other rules (modals, speech verbs, titles, ...). Rules
read these tables; they do not spell words in ``if`` chains.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from geokg.errors import GeoKGError
from geokg.vocab import PREDICATES

__all__ = ["Cue", "Lexicon", "load_lexicon"]


@dataclass(frozen=True)
class Cue:
    """One row of ``cues.tsv``."""

    lemma: str
    pos: str  # VERB or NOUN
    predicate: str
    preps: frozenset[str]
    particle: str | None


@dataclass(frozen=True)
class Lexicon:
    """All word tables of the rules, immutable."""

    cues: Mapping[tuple[str, str], Cue]
    modals: frozenset[str]
    negations: frozenset[str]
    negating_verbs: frozenset[str]
    hypothetical_heads: frozenset[str]
    conditional_marks: frozenset[str]
    speech_verbs: frozenset[str]
    experiencer_verbs: frozenset[str]
    light_verbs: frozenset[str]  # "wag": spaCy lemmatizes "waged" as "wag"
    agent_nouns: frozenset[str]
    institution_heads: Mapping[str, str]
    title_words: frozenset[str]
    place_words: frozenset[str]
    event_words: frozenset[str]
    event_names: frozenset[str]
    honorifics: frozenset[str]
    backing_suffixes: Mapping[str, str]

    def cue(self, lemma: str, pos: str) -> Cue | None:
        """The cue for a lemma in a part of speech (``VERB`` or ``NOUN``), if any."""
        return self.cues.get((lemma.lower(), pos))


def _read_cues(text: str) -> dict[tuple[str, str], Cue]:
    rows = csv.DictReader(
        (line for line in text.splitlines() if line and not line.startswith("#")), delimiter="\t"
    )
    cues: dict[tuple[str, str], Cue] = {}
    for n, row in enumerate(rows, start=2):
        if row["predicate"] not in PREDICATES or row["pos"] not in ("VERB", "NOUN"):
            raise GeoKGError(
                f"cues.tsv row {n}: unknown predicate {row['predicate']!r} or part of speech "
                f"{row['pos']!r}; expected a SCHEMA.md predicate and VERB or NOUN"
            )
        key = (row["lemma"], row["pos"])
        if key in cues:
            raise GeoKGError(
                f"cues.tsv row {n}: {key} appears twice; keep one row per lemma and pos"
            )
        preps = frozenset(p for p in row["preps"].split(",") if p and p != "-")
        particle = None if row["particle"] in ("", "-") else row["particle"]
        cues[key] = Cue(row["lemma"], row["pos"], row["predicate"], preps, particle)
    return cues


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the packaged tables (cached).

    Example:
        >>> load_lexicon().cue("strike", "VERB").predicate
        'strikes'
    """
    data_dir = resources.files("geokg.extract") / "data"
    cues = _read_cues((data_dir / "cues.tsv").read_text(encoding="utf-8"))
    lists = json.loads((data_dir / "lexicon.json").read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in lists[key])

    return Lexicon(
        cues=MappingProxyType(cues),
        modals=words("modals"),
        negations=words("negations"),
        negating_verbs=words("negating_verbs"),
        hypothetical_heads=words("hypothetical_heads"),
        conditional_marks=words("conditional_marks"),
        speech_verbs=words("speech_verbs"),
        experiencer_verbs=words("experiencer_verbs"),
        light_verbs=words("light_verbs"),
        agent_nouns=words("agent_nouns"),
        institution_heads=MappingProxyType(dict(lists["institution_heads"])),
        title_words=words("title_words"),
        place_words=words("place_words"),
        event_words=words("event_words"),
        event_names=words("event_names"),
        honorifics=words("honorifics"),
        backing_suffixes=MappingProxyType(dict(lists["backing_suffixes"])),
    )

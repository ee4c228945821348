"""The extractor's word lists, read from data files in ``extract/data``.

``cues.tsv`` says which word signals which predicate; ``lexicon.json`` holds
the word lists of the other rules (modals, speech verbs, titles, ...). Rules
read these tables; they do not spell words in ``if`` chains.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from spacy.tokens import Token

from geokg.errors import GeoKGError
from geokg.extract.cameo import (
    Phrase,
    derived_heads,
    derived_verbs,
    phrase_for,
    phrase_verbs,
    read_phrases,
)
from geokg.vocab import PREDICATES

__all__ = ["Cue", "Lexicon", "load_lexicon"]

# Predicates whose nouns' "of" object does the act ("the support of X").
_AGENTIVE_OF = frozenset({"supports", "cooperates", "meets", "deploys"})


@dataclass(frozen=True)
class Cue:
    """One row of ``cues.tsv`` (or of the derived ``cameo_verbs.tsv``)."""

    lemma: str
    pos: str  # VERB or NOUN
    predicate: str
    preps: frozenset[str]
    particle: str | None
    cameo: str | None = None  # the CAMEO event code the row comes from, when known
    intent: bool = False  # an intention ("pledge", CAMEO 03x): the relation is hypothetical


@dataclass(frozen=True)
class Lexicon:
    """All word tables of the rules, immutable."""

    cues: Mapping[tuple[str, str], tuple[Cue, ...]]  # (lemma, pos) -> rows, table order
    phrases: Mapping[tuple[str, str], tuple[Phrase, ...]]  # (verb, object noun) -> rows
    modals: frozenset[str]
    negations: frozenset[str]
    negating_verbs: frozenset[str]
    hypothetical_heads: frozenset[str]
    conditional_marks: frozenset[str]
    speech_verbs: frozenset[str]
    experiencer_verbs: frozenset[str]
    light_verbs: frozenset[str]  # "wag": spaCy lemmatizes "waged" as "wag"
    agent_nouns: frozenset[str]
    institution_heads: Mapping[str, str]  # phrase ("security forces") -> kind ("military")
    agent_kinds: Mapping[str, tuple[str, str]]  # kind -> (sector code, SCHEMA type)
    title_words: frozenset[str]
    place_words: frozenset[str]
    event_words: frozenset[str]
    event_names: frozenset[str]
    honorifics: frozenset[str]
    backing_suffixes: Mapping[str, str]
    naming_verbs: frozenset[str]
    people_nouns: frozenset[str]
    role_nouns: frozenset[str]
    document_words: frozenset[str]
    message_nouns: frozenset[str]  # what is sent and is no force: "sent a letter to X"
    aid_things: frozenset[str]  # material aid: "sent medical supplies to X" supports X
    giving_verbs: frozenset[str]  # verbs whose aid_things object makes them support
    stopping_verbs: frozenset[str]  # "cut aid to X": the support they take is not given
    lifting_verbs: frozenset[str]  # "lifted its ban on X", "eased sanctions": no sanction now
    threat_verbs: frozenset[str]  # "threatened to strike X": a threat to X (CAMEO 13)
    consenting_verbs: frozenset[str]  # "agreed to a truce with X": its subject makes it
    gathering_verbs: frozenset[str]  # "gathered to denounce X": the gathering is the protest
    pledging_verbs: frozenset[str]  # "pledged its support to X": the pledge is the support
    stated_support_nouns: frozenset[str]  # support said, not aid to deliver ("pledged aid")
    measure_nouns: frozenset[str]  # a statement's own measures: "these sanctions target X"
    thing_heads: frozenset[str]
    stance_nouns: frozenset[str]  # "attacked the decision": criticizes, no attack
    proposal_nouns: frozenset[str]  # "shot down a proposal": rejects, no attack
    captive_nouns: frozenset[str]  # "seized two aid workers": hostages, not property
    member_nouns: frozenset[str]  # "delegates at X": X's people
    partitive_heads: frozenset[str]  # "dozens of protesters": the protesters
    topic_heads: frozenset[str]  # "the Iraq war": a place compounded, not its actor
    accusation_nouns: frozenset[str]
    receiving_verbs: frozenset[str]
    travel_verbs: frozenset[str]
    feeling_adjectives: Mapping[str, str]  # adjective -> predicate
    victim_nouns: frozenset[str]
    led_heads: frozenset[str]
    branding_verbs: frozenset[str]
    negative_verdicts: frozenset[str]
    # answers of has_cue and may_cue_verb per lemma: the relation rules ask for every word
    _answers: dict[tuple[str, str], bool] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def cue(self, lemma: str, pos: str) -> Cue | None:
        """The first cue for a lemma in a part of speech (``VERB`` or ``NOUN``), if any."""
        rows = self.cues.get((lemma.lower(), pos))
        return rows[0] if rows else None

    def names_victim(self, noun: Token) -> bool:
        """Whether a noun's "of" object is the one it happens to, not the one who does it.

        "the killing of X", "the arrest of X", "the condemnation of X", "the
        death of X": X suffers it; but "the commitments of X", "the efforts of
        X", "the support of X": X does it.
        """
        lemma = noun.lemma_.lower()
        if lemma in self.victim_nouns:
            return True
        cue = self.cue(lemma, "NOUN")
        return cue is not None and cue.predicate not in _AGENTIVE_OF

    def phrase_cue(self, verb: Token) -> Cue | None:
        """The cue a verb makes with its object noun ("recalled its ambassador"), if any."""
        row = phrase_for(verb, self.phrases)
        if row is None:
            return None
        return Cue(row.verb, "VERB", row.predicate, row.preps, None, row.cameo, row.intent)

    def has_cue(self, lemma: str, pos: str) -> bool:
        """Whether :meth:`cue_for` may find a cue for a word of this lower-cased lemma."""
        key = (lemma, pos)
        found = self._answers.get(key)
        if found is None:
            found = any(self.cues.get((v, pos)) for v in _lemma_variants(lemma))
            self._answers[key] = found
        return found

    def may_cue_verb(self, lemma: str) -> bool:
        """Whether a verb of this lower-cased lemma may be a cue, alone or with its object.

        False means ``relations._verb_cue`` finds none: no row of the cue table,
        no giving verb ("sent aid"), no verb of the phrase table.
        """
        return (
            self.has_cue(lemma, "VERB")
            or lemma in self.giving_verbs
            or lemma in phrase_verbs(self.phrases)
        )

    def cue_for(self, token: Token, pos: str) -> Cue | None:
        """The cue a word signals in its sentence, chosen among its rows.

        A row with a particle needs it ("call on", "speak out"); among the
        others, the row whose prepositions the word governs ("speak with"
        meets, "speak against" criticizes), else the first row.
        """
        rows = None
        for lemma in _lemma_variants(token.lemma_.lower()):
            rows = self.cues.get((lemma, pos))
            if rows:
                break
        if not rows:
            return None
        if len(rows) == 1 and rows[0].particle is None:
            return rows[0]
        # a particle follows its verb: not the "On" of "On Thursday, X called for ..."
        children = {c.lower_ for c in token.children if c.i > token.i}
        preps = {c.lower_ for c in token.children if c.dep_ == "prep"}
        # a prepositional verb takes no direct object: "called for talks", "called on X
        # to", not "called the election for Biden"
        direct = any(c.dep_ == "dobj" for c in token.children)
        preps_after = {
            c.lower_
            for c in token.children
            if c.i > token.i and c.dep_ == "prep" and any(g.dep_ == "pobj" for g in c.children)
        }  # "drove militants out of": "out" governs another preposition, it is a particle
        fitting = [
            r
            for r in rows
            if r.particle is None
            or (r.particle in children and not (direct and r.particle in preps_after))
        ]
        if not fitting:
            return None
        for row in fitting:
            if row.particle is not None or row.preps & preps:
                return row
        return fitting[0]


@lru_cache(maxsize=1 << 14)
def _lemma_variants(lemma: str) -> tuple[str, ...]:
    """The lemma, and what spaCy's rule lemmatizer may have meant by it.

    It doubles a final consonant ("extolled" -> "extoll", "patrolled" ->
    "patroll") or drops a final "e" ("waged" -> "wag").
    """
    out = [lemma]
    if len(lemma) > 3 and lemma[-1] == lemma[-2] and lemma[-1] not in "aeiouls":
        out.append(lemma[:-1])
    if len(lemma) > 4 and lemma.endswith("ll"):
        out.append(lemma[:-1])
    if lemma[-1:] not in ("e", "") and lemma[-1] not in "aeiouy":
        out.append(lemma + "e")
    return tuple(out)


def _read_cues(text: str, name: str = "cues.tsv") -> dict[tuple[str, str], list[Cue]]:
    rows = csv.DictReader(
        (line for line in text.splitlines() if line and not line.startswith("#")), delimiter="\t"
    )
    cues: dict[tuple[str, str], list[Cue]] = {}
    for n, row in enumerate(rows, start=2):
        if row["predicate"] not in PREDICATES or row["pos"] not in ("VERB", "NOUN"):
            raise GeoKGError(
                f"{name} row {n}: unknown predicate {row['predicate']!r} or part of speech "
                f"{row['pos']!r}; expected a SCHEMA.md predicate and VERB or NOUN"
            )
        key = (row["lemma"], row["pos"])
        preps = frozenset(p for p in row["preps"].split(",") if p and p != "-")
        particle = None if row["particle"] in ("", "-") else row["particle"]
        same = [c for c in cues.get(key, ()) if c.particle == particle and c.preps & preps]
        if same or any(c.particle == particle and not preps for c in cues.get(key, ())):
            raise GeoKGError(
                f"{name} row {n}: {key} appears twice with the same particle and prepositions; "
                "rows of one lemma must differ by particle or prepositions"
            )
        cameo = (row.get("cameo") or "").strip() or None
        intent = (row.get("hypothetical") or "0").strip() == "1"
        cues.setdefault(key, []).append(
            Cue(row["lemma"], row["pos"], row["predicate"], preps, particle, cameo, intent)
        )
    return cues


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the packaged tables (cached).

    Example:
        >>> load_lexicon().cue("strike", "VERB").predicate
        'strikes'
    """
    data_dir = resources.files("geokg.extract") / "data"

    def read(name: str) -> str:
        return (data_dir / name).read_text(encoding="utf-8")

    cues = _read_cues(read("cues.tsv"))
    hand = dict(cues)
    derived = derived_verbs(read("cameo_verbs.tsv"), read("cameo_review.tsv"), hand, PREDICATES)
    header = "lemma\tpos\tpredicate\tpreps\tparticle\tcameo\thypothetical"
    lines = ["\t".join(r[c] for c in header.split("\t")) for r in derived]
    for key, rows in _read_cues("\n".join([header, *lines]), "cameo_verbs.tsv").items():
        cues.setdefault(key, []).extend(rows)
    phrases = read_phrases(read("cameo_phrases.tsv"), hand)
    lists = json.loads(read("lexicon.json"))

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in lists[key])

    return Lexicon(
        cues=MappingProxyType({k: tuple(v) for k, v in cues.items()}),
        phrases=MappingProxyType(phrases),
        modals=words("modals"),
        negations=words("negations"),
        negating_verbs=words("negating_verbs"),
        hypothetical_heads=words("hypothetical_heads"),
        conditional_marks=words("conditional_marks"),
        speech_verbs=words("speech_verbs"),
        experiencer_verbs=words("experiencer_verbs"),
        light_verbs=words("light_verbs"),
        agent_nouns=words("agent_nouns"),
        institution_heads=MappingProxyType(
            {**derived_heads(read("agents.tsv")), **lists["institution_heads"]}
        ),
        agent_kinds=MappingProxyType({k: tuple(v) for k, v in lists["agent_kinds"].items()}),
        title_words=words("title_words"),
        place_words=words("place_words"),
        event_words=words("event_words"),
        event_names=words("event_names"),
        honorifics=words("honorifics"),
        backing_suffixes=MappingProxyType(dict(lists["backing_suffixes"])),
        naming_verbs=words("naming_verbs"),
        people_nouns=words("people_nouns"),
        role_nouns=words("role_nouns"),
        document_words=words("document_words"),
        message_nouns=words("message_nouns"),
        aid_things=words("aid_things"),
        giving_verbs=words("giving_verbs"),
        stopping_verbs=words("stopping_verbs"),
        lifting_verbs=words("lifting_verbs"),
        threat_verbs=words("threat_verbs"),
        consenting_verbs=words("consenting_verbs"),
        gathering_verbs=words("gathering_verbs"),
        pledging_verbs=words("pledging_verbs"),
        stated_support_nouns=words("stated_support_nouns"),
        measure_nouns=words("measure_nouns"),
        thing_heads=words("thing_heads"),
        topic_heads=words("topic_heads"),
        partitive_heads=words("partitive_heads"),
        member_nouns=words("member_nouns"),
        captive_nouns=words("captive_nouns"),
        proposal_nouns=words("proposal_nouns"),
        stance_nouns=words("stance_nouns"),
        accusation_nouns=words("accusation_nouns"),
        receiving_verbs=words("receiving_verbs"),
        travel_verbs=words("travel_verbs"),
        feeling_adjectives=MappingProxyType(dict(lists["feeling_adjectives"])),
        victim_nouns=words("victim_nouns"),
        led_heads=words("led_heads"),
        branding_verbs=words("branding_verbs"),
        negative_verdicts=words("negative_verdicts"),
    )

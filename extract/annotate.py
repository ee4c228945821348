"""Where and how many: each event relation's place and magnitude, each place's point.

:func:`annotate_events` runs after the relation rules, on the same parse: it
finds the cue of each event relation by its character offset
(``Relation.cue_start``), gives the relation its ``location``
(:mod:`geokg.extract.places`) and ``magnitude``
(:mod:`geokg.extract.magnitude`), and gives every country and place of the
document its point, GeoNames id and feature code (:mod:`geokg.extract.geodata`).
A place that no entity of the document names yet becomes a Location entity.
It never adds, drops or changes a relation's subject, predicate, object or
qualifiers.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc

from geokg.extract.columns import columns
from geokg.extract.gazetteer import Gazetteer
from geokg.extract.geodata import GeoData, Place, load_geodata
from geokg.extract.ids import slugify
from geokg.extract.index import ActorIndex
from geokg.extract.lexicon import Lexicon
from geokg.extract.magnitude import Count, counts, magnitudes_of
from geokg.extract.places import PlaceFinder, PlaceMention
from geokg.model import Entity, Relation
from geokg.vocab import EVENT_PREDICATES

__all__ = ["annotate_events"]


def annotate_events(
    doc: Doc,
    index: ActorIndex,
    relations: Sequence[Relation],
    entities: Sequence[Entity],
    *,
    gazetteer: Gazetteer,
    lex: Lexicon,
    geo: GeoData | None = None,
) -> tuple[tuple[Relation, ...], tuple[Entity, ...]]:
    """The relations with their location and magnitude, the entities with their points.

    Args:
        doc: the parsed document the relations come from.
        index: its actor index.
        relations: the relations of :func:`geokg.extract.relations.extract_relations`.
        entities: the document's entities (``ActorIndex.to_entities``).
        gazetteer: the country and actor tables.
        lex: the extractor's word tables.
        geo: the place tables (default: :func:`load_geodata`).

    Returns:
        The relations in the same order (only ``location`` and ``magnitude``
        set) and the entities, with new Location entities at the end.
    """
    geo = geo or load_geodata()
    finder = PlaceFinder(doc, index, gazetteer, lex, geo)
    starts = columns(doc).idx  # the tokens' character offsets, ascending
    places = _Places(entities, finder.countries, geo)
    sentence_counts: dict[int, list[Count]] = {}
    out = []
    for rel in relations:
        if rel.cue_start is None or rel.predicate not in EVENT_PREDICATES:
            out.append(rel)
            continue
        i = bisect_left(starts, rel.cue_start)
        if i == len(starts) or starts[i] != rel.cue_start:
            out.append(rel)  # no token starts there
            continue
        cue = doc[i]
        mention = finder.event_place(cue, rel.predicate, (rel.subject, rel.object))
        sent = cue.sent
        if sent.start not in sentence_counts:
            sentence_counts[sent.start] = list(counts(sent))
        magnitude = magnitudes_of(
            cue, rel.predicate, rel.subject, index, lex, sentence_counts[sent.start]
        )
        location = places.entity_for(mention) if mention is not None else None
        out.append(replace(rel, location=location, magnitude=magnitude))
    return tuple(out), places.entities()


class _Places:
    """The document's entities, with points added and new places made as needed."""

    def __init__(self, entities: Iterable[Entity], countries: Sequence[str], geo: GeoData) -> None:
        self.geo = geo
        self._entities: dict[str, Entity] = {}
        for ent in entities:
            self._entities[ent.id] = _with_point(ent, geo, countries)

    def entity_for(self, mention: PlaceMention) -> str | None:
        """The id of the entity naming a place, made if the document has none yet.

        A country is only ever its own Country entity: none is added here (an
        actor the text does not name would be a wrong entity).
        """
        if mention.entity is not None and mention.entity in self._entities:
            return mention.entity
        place = mention.place
        if place.feature == "PCLI":
            return place.country if place.country in self._entities else None
        ent_id = slugify(place.name) or slugify(mention.text)
        known = self._entities.get(ent_id)
        if known is not None:
            if known.type != "Location":
                return ent_id
            if mention.text not in known.mentions:
                known = replace(known, mentions=(*known.mentions, mention.text))
            self._entities[ent_id] = _located(known, place)
            return ent_id
        self._entities[ent_id] = _located(
            Entity(id=ent_id, label=place.name, type="Location", mentions=(mention.text,)), place
        )
        return ent_id

    def entities(self) -> tuple[Entity, ...]:
        return tuple(self._entities.values())


def _with_point(ent: Entity, geo: GeoData, countries: Sequence[str]) -> Entity:
    """A country with its representative point; a place with what the tables know of it."""
    if ent.type == "Country" and ent.iso3:
        place = geo.country(ent.iso3)
        return _located(ent, place) if place is not None else ent
    if ent.type == "Location":
        own = (ent.country,) if ent.country else ()
        place = geo.lookup(ent.label, prefer=(*own, *countries))
        if place is not None and (ent.country is None or place.country == ent.country):
            return _located(ent, place)
    return ent


def _located(ent: Entity, place: Place) -> Entity:
    return replace(
        ent,
        country=ent.country if ent.type != "Location" else (ent.country or place.country),
        latitude=place.latitude,
        longitude=place.longitude,
        geonames_id=place.geonames_id,
        feature=place.feature,
    )

"""One node per real-world actor across documents.

The extractor already gives stable ids; extractions from elsewhere (an older
run, another tool's JSON Lines, hand-made gold files) may not. Before the
graph is built, :func:`canonical_ids` maps every entity id to the id of its
actor, by three rules in order:

1. ISO code: a Country with an ISO 3166-1 alpha-3 code is that code (``RUS``);
2. alias table: a label the ``aliases`` lookup knows (the gazetteer of
   :func:`gazetteer_aliases`: ``"Russian Federation"`` -> ``RUS``,
   ``"ISIL"`` -> ``islamic-state``), for an entry of the same type;
3. normalized full name: entities of one type and country whose labels are
   equal once case, accents, punctuation, titles and middle initials are
   ignored (``"Recep Tayyip Erdoğan"``, ``"recep tayyip erdogan"``).

:func:`remap` rewrites an extraction with the mapping (relation ends,
``attributed_to``, ``location``, ``country``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from geokg.model import Entity, Extraction

__all__ = ["Aliases", "canonical_ids", "gazetteer_aliases", "name_key", "remap"]

#: Looks up a label and an entity type; returns the actor id the alias table gives, or None.
Aliases = Callable[[str, str], "str | None"]

_TITLES = frozenset(
    "mr mrs ms dr sir president prime minister secretary general gen sen rep king queen "
    "prince sheikh ayatollah".split()
)
_NON_WORD = re.compile(r"[^\w]+")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def name_key(label: str) -> str:
    """A label with case, accents, punctuation, leading titles and middle initials ignored.

    Example:
        >>> name_key("President Recep T. Erdoğan") == name_key("recep erdogan")
        True
        >>> name_key("Islamic State")
        'islamic state'
    """
    text = unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFKC", label).replace("\u2019", "'")
    )
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"'s\b", "", text)
    words = [w for w in _NON_WORD.sub(" ", text).split() if w]
    while len(words) > 1 and words[0] in _TITLES:
        words.pop(0)
    if len(words) > 2:  # "george w bush" -> "george bush": middle initials go
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(words)


def gazetteer_aliases() -> Aliases:
    """The alias lookup of geokg's gazetteer (countries, curated actors and persons).

    Example:
        >>> lookup = gazetteer_aliases()
        >>> lookup("Russian Federation", "Country"), lookup("ISIL", "Group")
        ('RUS', 'islamic-state')
        >>> lookup("ISIL", "Person") is None
        True
    """
    from geokg.extract.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()

    def lookup(label: str, type_: str) -> str | None:
        entry = gazetteer.lookup(label)
        return entry.id if entry is not None and entry.type == type_ else None

    return lookup


def canonical_ids(
    extractions: Iterable[Extraction], *, aliases: Aliases | None = None
) -> dict[str, str]:
    """Map each entity id of the extractions to the id of its actor.

    Ids that need no change map to themselves. Among ids that share a
    normalized full name, the one most documents use wins (ties: the smallest).

    Example:
        >>> docs = [Extraction("d1", (Entity("russia", "Russia", "Country", iso3="RUS"),)),
        ...         Extraction("d2", (Entity("erdogan", "Recep Tayyip Erdoğan", "Person"),)),
        ...         Extraction("d3", (Entity("recep-erdogan", "recep tayyip erdogan", "Person"),),)]
        >>> ids = canonical_ids(docs)
        >>> ids["russia"], ids["erdogan"] == ids["recep-erdogan"]
        ('RUS', True)
    """
    mapping: dict[str, str] = {}
    by_name: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for ext in extractions:
        for ent in ext.entities:
            target = _fixed_id(ent, aliases)
            if target is not None:
                mapping[ent.id] = target
            elif ent.id not in mapping:
                key = name_key(ent.label or ent.id)
                if key:
                    # Same name, different countries: two actors ("Ministry of Defence").
                    by_name[(ent.type, key, ent.country or "")][ent.id] += 1
    for counts in by_name.values():
        ids = [i for i in counts if i not in mapping]
        if not ids:
            continue
        winner = min(ids, key=lambda i: (-counts[i], i))
        for i in ids:
            mapping[i] = winner
    return mapping


def _fixed_id(ent: Entity, aliases: Aliases | None) -> str | None:
    if ent.type == "Country" and ent.iso3 and _ISO3.match(ent.iso3.upper()):
        return ent.iso3.upper()
    if aliases is not None:
        for label in (ent.label, ent.id):
            if label and (hit := aliases(label, ent.type)):
                return hit
    return None


def remap(ext: Extraction, ids: Mapping[str, str]) -> Extraction:
    """``ext`` with every entity id replaced by ``ids[id]`` (ids not in ``ids`` stay).

    Entities that become the same id are merged (mentions joined, the first
    one's other fields kept), so a document still lists each actor once.
    """
    if not any(ids.get(i, i) != i for i in _ids(ext)):
        return ext
    merged: dict[str, Entity] = {}
    for ent in ext.entities:
        new = replace(
            ent,
            id=ids.get(ent.id, ent.id),
            country=ids.get(ent.country, ent.country) if ent.country else ent.country,
        )
        if new.id in merged:
            old = merged[new.id]
            mentions = tuple(dict.fromkeys((*old.mentions, *new.mentions)))
            new = replace(old, mentions=mentions, role=old.role or new.role)
        merged[new.id] = new
    relations = tuple(
        replace(
            rel,
            subject=ids.get(rel.subject, rel.subject),
            object=ids.get(rel.object, rel.object),
            attributed_to=ids.get(rel.attributed_to, rel.attributed_to)
            if rel.attributed_to
            else rel.attributed_to,
            location=ids.get(rel.location, rel.location) if rel.location else rel.location,
        )
        for rel in ext.relations
    )
    return replace(ext, entities=tuple(merged.values()), relations=relations)


def _ids(ext: Extraction) -> Iterable[str]:
    for ent in ext.entities:
        yield ent.id
        if ent.country:
            yield ent.country
    for rel in ext.relations:
        yield rel.subject
        yield rel.object
        if rel.attributed_to:
            yield rel.attributed_to
        if rel.location:
            yield rel.location

"""Actors of the event-data field's dictionaries, for names the tagger finds.

``petrarch_actors.json`` (derived from PETRARCH2's Phoenix actor dictionaries
by ``scripts/import_petrarch.py``) holds about 17,000 persons with their
country, 850 non-state armed groups and 1,800 international and
non-governmental organizations the hand tables lack. They are not patterns
of the gazetteer ruler (a name the dictionaries hold is evidence, not a
verdict, and 25,000 more patterns would slow every start); a name spaCy's
NER already tags as a person or an organization is looked up here for its
country, sector and stable id. Companies (code ``MNC``) are left out: their
names are often common words, and they are rarely the actors of event data.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from geokg.extract.gazetteer import ActorEntry

__all__ = ["DerivedActors", "load_derived_actors"]


class DerivedActors:
    """Look-ups of derived persons, groups and organizations by any of their names."""

    def __init__(self, data: dict) -> None:
        self._by_key: dict[str, ActorEntry] = {}
        for kind, type_ in (("persons", "Person"), ("groups", "Group"), ("organizations", None)):
            for item in data.get(kind, ()):
                code = item.get("code", "")
                if code.startswith("MNC"):
                    continue
                entry = ActorEntry(
                    id=item["id"],
                    label=item["label"],
                    type=type_ or item.get("type", "Organization"),
                    iso3=None,
                    country=item.get("country"),
                    aliases=tuple([item["label"], *item.get("aliases", ())]),
                    sector=item.get("sector") or _sector(code),
                )
                for name in entry.aliases:
                    self._by_key.setdefault(_key(name), entry)

    def lookup(self, name: str, *, type_: str | None = None) -> ActorEntry | None:
        """The derived actor a name names, of ``type_`` if given."""
        entry = self._by_key.get(_key(name))
        if entry is None or (type_ is not None and entry.type != type_):
            return None
        return entry

    def __len__(self) -> int:
        return len({e.id for e in self._by_key.values()})


_PUNCT = re.compile(r"[^\w\s]")


def _key(name: str) -> str:
    """Case, accents and punctuation aside: "Sa'id al-Jamal" = "Said Al Jamal"."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_PUNCT.sub(" ", folded).casefold().split())


def _sector(code: str) -> str | None:
    """'NGOPAK' -> NGO, 'IGOUNO' -> IGO, 'IRQREB' -> REB: the sector part of a CAMEO code."""
    if code[:3] in ("IGO", "NGO", "MED"):
        return code[:3]
    return code[3:6] or None


@lru_cache(maxsize=1)
def load_derived_actors() -> DerivedActors:
    """The packaged derived actors (cached).

    Example:
        >>> load_derived_actors().lookup("Richard Nixon").country
        'USA'
    """
    path = resources.files("geokg.extract").joinpath("data", "petrarch_actors.json")
    return DerivedActors(json.loads(path.read_text(encoding="utf-8")))

"""How many attacks, killings and fights get a place: the share on a corpus.

For every strikes, kills and fights relation (hedged ones too) of a corpus,
as ``geokg extract`` gives them: does its sentence name a place (a locative
phrase whose object is a place the rules of :mod:`geokg.extract.places`
resolve: a country, a city, a Location entity, a place NER found), did the
relation get a ``location``, and has that place a point. Prints the shares
and the relations whose sentence names a place they did not get, for
reading. The README and docs/events.md quote its figures on Wikinews.

Usage:
    python benchmarks/locations.py                       # ../shared/corpus/wikinews.jsonl
    python benchmarks/locations.py news.jsonl --list     # and every relation, located or not
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WIKINEWS = HERE.parent.parent / "shared" / "corpus" / "wikinews.jsonl"
PREDICATES = ("strikes", "kills", "fights")


@dataclass
class Coverage:
    """Counts of one corpus.

    ``rows``: (document, predicate, names a place, place, has a point, sentence).
    """

    relations: int = 0
    naming_a_place: int = 0
    located: int = 0
    with_point: int = 0
    located_elsewhere: int = 0  # located although the sentence's places were not found by in_span
    rows: list[tuple[str, str, bool, str | None, bool, str]] = field(default_factory=list)

    def share(self, part: int) -> float:
        return part / self.naming_a_place if self.naming_a_place else 0.0


def coverage(path: Path, predicates: tuple[str, ...] = PREDICATES) -> Coverage:
    """The place coverage of the relations of ``predicates`` in a JSON Lines corpus."""
    from geokg.extract.actors import find_actors
    from geokg.extract.geodata import load_geodata
    from geokg.extract.inputs import iter_documents
    from geokg.extract.pipeline import Extractor
    from geokg.extract.places import PlaceFinder

    ex = Extractor()
    out = Coverage()
    for document in iter_documents([str(path)]):
        doc = ex.nlp(document.text)
        extraction = ex.from_doc(doc, document)
        index = find_actors(doc, ex.gazetteer, ex.lexicon)
        finder = PlaceFinder(doc, index, ex.gazetteer, ex.lexicon, load_geodata())
        entities = {e.id: e for e in extraction.entities}
        for rel in extraction.relations:
            if rel.predicate not in predicates:
                continue
            out.relations += 1
            span = doc.char_span(rel.start, rel.end, alignment_mode="expand")
            names = bool(span is not None and finder.in_span(span))
            place = entities.get(rel.location) if rel.location else None
            point = place is not None and place.latitude is not None
            out.naming_a_place += names
            if names:
                out.located += place is not None
                out.with_point += point
            elif place is not None:
                out.located_elsewhere += 1
            label = place.label if place is not None else None
            out.rows.append((document.doc_id, rel.predicate, names, label, point, rel.sentence))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=WIKINEWS)
    parser.add_argument("--list", action="store_true", help="print every relation")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1
    c = coverage(args.corpus)
    print(f"corpus: {args.corpus.name}")
    print(f"strikes/kills/fights relations: {c.relations}")
    print(f"  whose sentence names a place: {c.naming_a_place}")
    print(f"  of those, with a location:    {c.located} ({c.share(c.located):.0%})")
    print(f"  of those, with coordinates:   {c.with_point} ({c.share(c.with_point):.0%})")
    print(f"  located, sentence naming none the sentence scan found: {c.located_elsewhere}")
    for doc_id, predicate, names, place, point, sentence in c.rows:
        if args.list or (names and place is None):
            mark = "ok " if place else ("-- " if names else "   ")
            where = f"{place}{'' if point else ' (no point)'}" if place else "no place"
            print(f"{mark}[{predicate}] {where}: {sentence[:140]}  ({doc_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""From documents to extractions: spaCy, then actors, then relations.

:class:`Extractor` streams documents through ``nlp.pipe`` in batches and
yields one :class:`~geokg.model.Extraction` per document; no list of spaCy
``Doc`` objects is ever held.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from geokg.extract.actors import find_actors
from geokg.extract.coref import quote_speakers, resolve_pronouns
from geokg.extract.gazetteer import Gazetteer, load_gazetteer
from geokg.extract.lexicon import Lexicon, load_lexicon
from geokg.extract.nlp import DEFAULT_MODEL, load_pipeline
from geokg.extract.relations import affiliation_relations, extract_relations
from geokg.model import Document, Extraction

__all__ = ["Extractor", "extract_text"]

log = logging.getLogger(__name__)


class Extractor:
    """Turns documents into extractions with one loaded pipeline.

    Args:
        model: the spaCy pipeline package to load.
        batch_size: documents per ``nlp.pipe`` batch.

    Example:
        >>> ex = Extractor()
        >>> result = ex.extract_one(Document("d1", "Russia attacked Ukraine."))
        >>> [(r.subject, r.predicate, r.object) for r in result.relations]
        [('RUS', 'strikes', 'UKR')]
    """

    def __init__(self, *, model: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        self.nlp: Language = load_pipeline(model)
        self.gazetteer: Gazetteer = load_gazetteer()
        self.lexicon: Lexicon = load_lexicon()
        self.batch_size = batch_size

    def from_doc(self, doc: Doc, document: Document) -> Extraction:
        """The extraction of one already parsed document."""
        index = find_actors(doc, self.gazetteer, self.lexicon)
        speakers = quote_speakers(doc, index, self.lexicon)
        resolve_pronouns(index, self.lexicon, speakers)
        relations = list(
            extract_relations(doc, index, self.lexicon, doc_id=document.doc_id, speakers=speakers)
        )
        relations += affiliation_relations(index, doc_id=document.doc_id)
        return Extraction(
            doc_id=document.doc_id,
            entities=index.to_entities(self.gazetteer),
            relations=tuple(relations),
            meta=document.meta,
        )

    def extract(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Extract every document, streaming, in input order."""
        pairs = ((d.text, d) for d in documents)
        for doc, document in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            yield self.from_doc(doc, document)

    def extract_one(self, document: Document) -> Extraction:
        """Extract a single document."""
        return self.from_doc(self.nlp(document.text), document)


def extract_text(text: str, *, doc_id: str = "text") -> Extraction:
    """Extract one text with the default pipeline.

    Example:
        >>> ex = extract_text("The United States warned Russia.")
        >>> [e.id for e in ex.entities]
        ['USA', 'RUS']
    """
    return Extractor().extract_one(Document(doc_id, text))

"""Title Case headlines, parsed again in sentence case.

spaCy's small English model reads a capitalized word as a proper noun, so a
Title Case headline ("China Condemns Japan Over Shrine Visit") comes out as
a string of names with no verb. :func:`reparse_headlines` writes each such
headline in sentence case, keeping the case of its names (the entities of
NER and the gazetteer), acronyms and first word ("China condemns Japan over
shrine visit"), parses that with the same tagger and parser, and copies the
tags, lemmas and dependencies back onto the document's tokens. The entities,
the tokens and the text stay as they were. A headline whose sentence-case
version tokenizes differently or parses as more than one sentence is left
alone. The headlines of a batch of documents are parsed together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from geokg.extract.columns import forget_columns

__all__ = ["PARSE_COMPONENTS", "reparse_headlines", "sentence_case", "title_case"]

#: The components that tag, lemmatize and parse (what a headline needs again).
#: spaCy's own ``attribute_ruler`` and ``lemmatizer`` (the reference pipeline) or
#: geokg's memo of them set the parts of speech and lemmas the rules read.
PARSE_COMPONENTS = (
    "tok2vec",
    "tagger",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "geokg_token_attributes_v1",
)
_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
_DONE = "geokg_headlines_reparsed"
# Words a Title Case headline may leave in lower case.
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or over the to under up upon with vs via".split()
)


def title_case(sent: Span) -> bool:
    """Whether a sentence is a Title Case headline: its words capitalized, verbs too.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> headline = nlp("China Condemns Japan Over Shrine Visit")
    >>> title_case(headline[:]), title_case(nlp("China condemned Japan")[:])
    (True, False)
    """
    words = [t for t in sent if t.is_alpha and t.lower_ not in _SMALL_WORDS]
    if len(words) < 3:
        return False
    return all(t.text[0].isupper() for t in words)


def sentence_case(sent: Span) -> str:
    """The sentence's text with every word lower-cased but its first, names and acronyms.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = nlp("US Troops Kill 12 Iraqi Insurgents")
    >>> doc.ents = [Span(doc, 0, 1, label="GPE"), Span(doc, 4, 5, label="NORP")]
    >>> sentence_case(doc[:])
    'US troops kill 12 Iraqi insurgents'
    """
    named = {t.i for ent in sent.doc.ents for t in ent}
    parts = []
    for t in sent:
        keep = t.i == sent.start or t.i in named or t.text.isupper() or not t.is_alpha
        parts.append((t.text if keep else t.lower_) + t.whitespace_)
    return "".join(parts)


def reparse_headlines(docs: Doc | Sequence[Doc], nlp: Language) -> int:
    """Parse the Title Case headlines of documents again in sentence case; how many changed.

    ``nlp`` is the pipeline that made the documents; only :data:`PARSE_COMPONENTS`
    of it run, on the headlines alone, in one batch. A document is done once
    (marked in its ``user_data``), so calling this again costs nothing.
    """
    batch = [docs] if isinstance(docs, Doc) else list(docs)
    todo: list[tuple[Doc, Span]] = []
    for doc in batch:
        if doc.user_data.get(_DONE):
            continue
        doc.user_data[_DONE] = True
        todo += [(doc, s) for s in doc.sents if title_case(s)]
    if not todo:
        return 0
    subs = [nlp.make_doc(sentence_case(sent)) for _, sent in todo]
    for name in PARSE_COMPONENTS:
        if name in nlp.pipe_names:
            component = nlp.get_pipe(name)
            if hasattr(component, "pipe"):
                subs = list(component.pipe(subs, batch_size=max(1, len(subs))))
            else:
                subs = [component(sub) for sub in subs]
    arrays: dict[int, tuple[Doc, Any]] = {}
    changed = 0
    for (doc, sent), sub in zip(todo, subs, strict=True):
        if len(sub) != len(sent) or sum(1 for _ in sub.sents) != 1:
            continue
        if any(a.lower_ != b.lower_ for a, b in zip(sub, sent, strict=True)):
            continue
        _, array = arrays.setdefault(id(doc), (doc, doc.to_array(_ATTRS)))
        # tags and lemmas are hashes in the vocabulary both documents share
        array[sent.start : sent.end] = sub.to_array(_ATTRS)
        changed += 1
    for doc, array in arrays.values():
        ents = list(doc.ents)
        doc.from_array(_ATTRS, array)
        doc.ents = ents
        forget_columns(doc)
    return changed

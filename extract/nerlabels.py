"""The gazetteer's entities cross spaCy's NER under a label it knows.

spaCy's NER keeps the entities a ruler set before it, but only through a
move for each of their labels: a label it has never seen (the gazetteer's
``Country``, ``Person``, ``Organization``, ``Group``, ``Location``) is added
to the model, which grows its output layer from 74 to 94 classes, and every
step of every token then scores and checks the extra 20 (NER 21% slower,
measured in ``benchmarks/components.py``).

Those classes never change what NER finds. spaCy sets the score of a class
it has not been trained on to the lowest score of the batch (its
``unseen_classes``) and picks the first valid class of highest score; new
classes come after the known ones, so one is picked only where no known
class is valid: inside a preset entity of its label, where it is the only
valid move. And NER's features are token positions, never labels: a preset
entity's label decides only which moves are valid there, by equality with
the move's label. So :class:`WearCarrier` gives the preset entities whose
label NER lacks one label NER knows (the carrier) while NER runs, and
:class:`RestoreLabels` gives them back their own: the same entities, ids and
labels, without the extra classes (``tests/test_fast_pipeline.py`` compares
them with spaCy's own components; the shared corpus was compared too).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["RESTORE", "WEAR", "RestoreLabels", "WearCarrier", "install"]

WEAR = "geokg_ner_carrier_v1"
RESTORE = "geokg_ner_labels_v1"
# where a document keeps its preset entities' own labels while NER runs
_KEY = "geokg_ner_own_labels"


class WearCarrier:
    """Before NER: preset entities with a label NER lacks wear ``carrier`` instead."""

    def __init__(self, known: frozenset[int], carrier: int) -> None:
        self.known = known
        self.carrier = carrier

    def __call__(self, doc: Doc) -> Doc:
        own = []
        for ent in doc.ents:
            if ent.label not in self.known:
                own.append((ent.start, ent.end, ent.label))
                for token in ent:
                    # the label alone: the entity's iob, id and kb id stay
                    token.ent_type = self.carrier
        if own:
            doc.user_data[_KEY] = own
        return doc


class RestoreLabels:
    """After NER: the preset entities get their own labels back."""

    def __call__(self, doc: Doc) -> Doc:
        for start, end, label in doc.user_data.pop(_KEY, ()):
            for token in doc[start:end]:
                token.ent_type = label
        return doc


def _make_wear(nlp: Language, name: str, ner: str) -> WearCarrier:
    labels = nlp.get_pipe(ner).labels
    strings = nlp.vocab.strings
    return WearCarrier(frozenset(strings.add(label) for label in labels), strings.add(labels[0]))


def _make_restore(nlp: Language, name: str) -> RestoreLabels:
    return RestoreLabels()


def install(nlp: Language, *, ner: str = "ner") -> bool:
    """Put the two components around ``ner``; False (nothing changed) if it has no labels."""
    if ner not in nlp.pipe_names or not nlp.get_pipe(ner).labels:
        return False
    if not Language.has_factory(WEAR):
        Language.factory(
            WEAR, assigns=["token.ent_type"], default_config={"ner": "ner"}, func=_make_wear
        )
        Language.factory(RESTORE, assigns=["token.ent_type"], func=_make_restore)
    nlp.add_pipe(WEAR, before=ner, config={"ner": ner})
    nlp.add_pipe(RESTORE, after=ner)
    return True

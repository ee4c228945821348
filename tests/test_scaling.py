"""Rules whose cost grows with the text: qualifiers once per sentence, collective pairs bounded.

- :class:`~geokg.extract.qualifiers.SentenceFacts` remembers answers across
  the candidates of a sentence; what it answers must be what a fresh one
  (no memory: the plain walk up the parse) answers, for every token;
- a collective act relates every pair of its participants up to
  ``COLLECTIVE_PAIRS_UP_TO``; beyond it none, each keeping its counterpart.

How fast is measured in ``benchmarks/adversarial.py``, not here.
"""

from __future__ import annotations

import pytest

from geokg.extract.actors import find_actors
from geokg.extract.qualifiers import (
    SentenceFacts,
    attribution,
    is_hypothetical,
    is_negated,
    nominal_hedges,
)
from geokg.extract.relations import COLLECTIVE_PAIRS_UP_TO
from geokg.model import Document

HEDGED = [
    "Kerry said Russia must not attack Ukraine, and Iran would support Syria if asked.",
    "Turkey plans to invade Syria; Greece refused to meet Turkey, according to Cyprus.",
    "Did China attack Japan? Russia denied that it had armed the rebels.",
    "France, which is ready to forge ties with Egypt, will have to recognize Libya.",
    "Spanish PM to host allies\n\nThe US-backed rebels claimed they were hit by Russia.",
    " and ".join(["Russia attacked Ukraine"] * 60) + ", Putin said.",
]


@pytest.fixture(scope="module")
def extractor():
    from geokg.extract.pipeline import Extractor

    return Extractor()


def _answers(token, index, lex, facts):
    return (
        is_negated(token, lex, facts=facts),
        is_hypothetical(token, lex, facts=facts),
        attribution(token, index, lex, facts=facts),
        nominal_hedges(token, lex, facts=facts),
    )


@pytest.mark.parametrize("text", HEDGED, ids=[t[:30] for t in HEDGED])
def test_sentence_facts_answer_as_a_fresh_walk_does(extractor, text):
    doc = extractor.nlp(text)
    index = find_actors(doc, extractor.gazetteer, extractor.lexicon)
    lex = extractor.lexicon
    for sent in doc.sents:
        shared = SentenceFacts(sent, lex, index)
        # every token, in an order that makes walks meet remembered answers midway
        for token in sorted(sent, key=lambda t: (t.i % 3, -t.i)):
            fresh = SentenceFacts(sent, lex, index)
            assert _answers(token, index, lex, shared) == _answers(token, index, lex, fresh), (
                token.text,
                token.i,
            )
            # and a second question gets the remembered answer
            assert _answers(token, index, lex, shared) == _answers(token, index, lex, fresh)


def test_a_long_coordination_gives_its_one_relation(extractor):
    text = " and ".join(["Russia attacked Ukraine"] * 500) + "."
    got = {
        (r.subject, r.predicate, r.object)
        for r in extractor.extract_one(Document("t", text)).relations
    }
    assert got == {("RUS", "strikes", "UKR")}


COUNTRIES = ["Egypt", "Greece", "Cyprus", "France", "Italy", "Spain", "Jordan", "Morocco"]
CODES = ["EGY", "GRC", "CYP", "FRA", "ITA", "ESP", "JOR", "MAR"]


def _listed(n: int) -> str:
    return ", ".join(COUNTRIES[: n - 1]) + " and " + COUNTRIES[n - 1]


def _pairs(extraction, predicate):
    return {
        frozenset((r.subject, r.object)) for r in extraction.relations if r.predicate == predicate
    }


def test_a_meeting_of_up_to_six_relates_every_pair(extractor):
    assert COLLECTIVE_PAIRS_UP_TO == 6
    ex = extractor.extract_one(Document("t", f"{_listed(5)} met in Cairo."))
    codes = CODES[:5]
    assert _pairs(ex, "meets") == {
        frozenset((a, b)) for i, a in enumerate(codes) for b in codes[i + 1 :]
    }


def test_a_meeting_of_more_than_six_gives_no_pairs(extractor):
    ex = extractor.extract_one(Document("t", f"{_listed(7)} met in Cairo."))
    assert _pairs(ex, "meets") == set()


def test_beyond_six_each_participant_keeps_the_counterpart(extractor):
    text = f"{_listed(7)} signed an accord with the United States."
    ex = extractor.extract_one(Document("t", text))
    assert _pairs(ex, "cooperates") == {frozenset((c, "USA")) for c in CODES[:7]}
    # two are in it together ("Egypt and Israel signed an accord with the US")
    few = extractor.extract_one(Document("t", "Egypt and Israel signed an accord with the US."))
    assert frozenset(("EGY", "ISR")) in _pairs(few, "cooperates")

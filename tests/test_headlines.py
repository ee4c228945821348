"""Title Case headlines are parsed again in sentence case (extract/headlines.py)."""

from __future__ import annotations

import pytest

from geokg.extract.headlines import reparse_headlines, sentence_case, title_case
from geokg.model import Document

F, T = False, True


@pytest.fixture(scope="module")
def extractor():
    from geokg.extract.pipeline import Extractor

    return Extractor()


def _relations(extractor, text):
    ex = extractor.extract_one(Document("t", text))
    return {(r.subject, r.predicate, r.object, r.negated, r.hypothetical) for r in ex.relations}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China Condemns Japan Over Shrine Visit.", ("CHN", "criticizes", "JPN", F, F)),
        ("Powell Presses N. Korea on Weapons Talks.", ("colin-powell", "requests", "PRK", F, F)),
        ("Taiwan's Leader Urges China to Begin Talks.", ("TWN", "requests", "CHN", F, F)),
        # a headline's "X to visit Y" is still the future
        ("British Minister to Visit North Korea in September.", ("GBR", "meets", "PRK", F, T)),
    ],
)
def test_title_case_headline_states_its_event(extractor, text, expected):
    assert expected in _relations(extractor, text + "\n\nThe talks are expected to be difficult.")


def test_reparse_changes_the_parse_of_the_headline_only(extractor):
    text = (
        "China Condemns Japan Over Shrine Visit\n\n"
        "Beijing Condemned The Visit On Monday, officials said."
    )
    doc = extractor.nlp(text)
    before = [(t.text, t.ent_type_, t.ent_id_) for t in doc]
    body = [(t.dep_, t.head.i, t.tag_) for t in doc[8:]]
    assert doc[1].pos_ != "VERB"  # the small model takes "Condemns" for a name
    assert reparse_headlines(doc, extractor.nlp) == 1
    assert doc[1].pos_ == "VERB" and doc[1].lemma_ == "condemn"
    assert [(t.text, t.ent_type_, t.ent_id_) for t in doc] == before
    assert [(t.dep_, t.head.i, t.tag_) for t in doc[8:]] == body
    assert doc.text == text


def test_sentence_case_keeps_names_acronyms_and_the_first_word(extractor):
    doc = extractor.nlp("Rebels In Darfur Urge UN To Act")
    headline = next(iter(doc.sents))
    assert title_case(headline)
    assert sentence_case(headline).startswith("Rebels in Darfur urge UN to act")


def test_a_sentence_that_is_not_title_case_is_left_alone(extractor):
    doc = extractor.nlp("China condemned Japan over the visit.")
    assert reparse_headlines(doc, extractor.nlp) == 0

"""The rules' token columns hold exactly what spaCy's Token attributes return."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from geokg.extract.columns import columns, forget_columns
from geokg.extract.headlines import reparse_headlines
from geokg.extract.inputs import iter_documents
from geokg.extract.nlp import load_pipeline

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
TEXTS = [
    "The US-led coalition said on Tuesday that Iraqi authorities detained 12 'suspects'.",
    "İstanbul  and ΟΔΟΣ ÉTATS-UNIS:\n\n“We, the G7 Foreign Ministers,” said Mr. Blinken (USA).",
    "China Condemns Japan Over Shrine Visit",
    "",
    "   ",
]


def assert_same_attributes(doc: Doc) -> None:
    """The columns equal spaCy's token attributes, the document's text and its sentences."""
    cols = columns(doc)
    assert cols.text == [t.text for t in doc]
    assert cols.lower == [t.lower_ for t in doc]
    assert cols.lemma == [t.lemma_.lower() for t in doc]
    assert cols.pos == [t.pos_ for t in doc]
    assert cols.alpha == [t.is_alpha for t in doc]
    assert cols.idx == [t.idx for t in doc]
    assert cols.space == [t.whitespace_ for t in doc]
    assert cols.doc_text() == doc.text
    for sent in doc.sents if doc.has_annotation("SENT_START") else ():
        assert cols.span_text(sent.start, sent.end) == sent.text


def assert_same(doc: Doc) -> None:
    """:func:`assert_same_attributes`, and every span of up to 12 tokens."""
    assert_same_attributes(doc)
    cols = columns(doc)
    for start in range(len(doc) + 1):
        for end in range(start, min(len(doc), start + 12) + 1):
            assert cols.span_text(start, end) == doc[start:end].text


@pytest.mark.parametrize("text", TEXTS)
def test_columns_are_the_token_attributes(text):
    assert_same(load_pipeline()(text))


def test_columns_of_a_hand_built_doc():
    nlp = spacy.blank("en")
    doc = Doc(
        nlp.vocab,
        words=["Russia", "attacked", "Ukraine", "."],
        spaces=[True, True, False, False],
        pos=["PROPN", "VERB", "PROPN", "PUNCT"],
        lemmas=["Russia", "attack", "Ukraine", "."],
    )
    assert_same(doc)
    assert columns(doc).lemma == ["russia", "attack", "ukraine", "."]


def test_columns_follow_a_reparsed_headline():
    nlp = load_pipeline()
    doc = nlp("China Condemns Japan Over Shrine Visit\n\nChina condemned Japan on Monday.")
    doc.user_data.pop("geokg_headlines_reparsed", None)
    before = columns(doc).pos
    assert reparse_headlines(doc, nlp) == 1
    assert columns(doc).pos != before  # forgotten and read again
    assert_same(doc)


def test_forget_columns_reads_again():
    doc = spacy.blank("en")("a b")
    first = columns(doc)
    assert columns(doc) is first
    forget_columns(doc)
    assert columns(doc) is not first
    assert columns(doc) == first


@pytest.mark.shared
@pytest.mark.slow
def test_columns_on_the_shared_corpus():
    corpus = SHARED / "corpus" / "wikinews.jsonl"
    if not corpus.is_file():
        pytest.skip(f"{corpus} is absent (the shared folder is not beside the checkout)")
    nlp = load_pipeline()
    texts = [d.text for d in iter_documents([corpus])][:150]
    docs = list(nlp.pipe(texts))
    reparse_headlines(docs, nlp)
    for doc in docs:
        assert_same_attributes(doc)

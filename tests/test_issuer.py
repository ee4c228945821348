"""Official statements: the issuer is the narrator (real model, texts written for these tests)."""

from __future__ import annotations

import pytest

from geokg.model import Document


@pytest.fixture(scope="module")
def extractor():
    from geokg.extract.pipeline import Extractor

    return Extractor()


def _facts(extractor, text, **meta):
    ex = extractor.extract_one(Document("t", text, meta))
    return {
        (r.subject, r.predicate, r.object, r.attributed_to)
        for r in ex.relations
        if not (r.negated or r.hypothetical)
    }, {e.id for e in ex.entities}


def test_we_of_a_published_statement_is_its_publisher_s_state(extractor):
    facts, ents = _facts(
        extractor,
        "We condemn the arrest of the opposition leader. We urge Belarus to release him.",
        publisher="U.S. Department of State",
    )
    assert ("USA", "requests", "BLR", None) in facts
    assert "USA" in ents  # the issuer is an entity although the text never names it


def test_we_in_a_quote_stays_the_speaker_s(extractor):
    facts, _ = _facts(
        extractor,
        'Kenya\'s president said: "We condemn Uganda." We urge calm.',
        publisher="U.S. Department of State",
    )
    assert ("USA", "criticizes", "UGA", None) not in facts


def test_we_without_a_publisher_or_a_named_issuer_is_nobody(extractor):
    facts, _ = _facts(extractor, "We urge Belarus to release him.")
    assert not facts


def test_a_body_named_in_the_we_apposition_is_the_issuer(extractor):
    facts, _ = _facts(
        extractor,
        "We, the G7 Foreign Ministers of Canada, France and Japan, condemn the attack. "
        "We call on Iran to stop.",
        publisher="U.S. Department of State",
    )
    assert ("g7", "requests", "IRN", None) in facts
    assert ("USA", "requests", "IRN", None) not in facts


def test_participants_listed_in_the_we_apposition_are_the_issuers(extractor):
    facts, _ = _facts(
        extractor,
        "We, the Ministers of Chile, Peru and the European Union, met today. "
        "We welcomed the Bolivian government's decision.",
    )
    for issuer in ("CHL", "PER", "eu"):
        assert (issuer, "supports", "BOL-government", None) in facts, facts


def test_a_statement_released_by_members_of_a_body_is_the_body_s(extractor):
    facts, _ = _facts(
        extractor,
        "The following statement was issued by Norway and Sweden as members of the "
        "Arab League.\n\nWe urge Libya to hold elections.",
    )
    assert ("arab-league", "requests", "LBY", None) in facts


def test_a_statement_s_own_measures_are_its_issuer_acting(extractor):
    text = "The United States imposed sanctions on Chad. Today's action targets Chadian officials."
    facts, _ = _facts(extractor, text, publisher="U.S. Department of State")
    assert ("USA", "sanctions", "TCD-government", None) in facts
    assert not any(p == "strikes" for _, p, _, _ in facts)  # a measure targets; it attacks no one
    # without an issuer, nobody's measures
    facts, _ = _facts(extractor, "Today's action targets Chadian officials.")
    assert not facts


@pytest.mark.parametrize(
    ("publisher", "issuer"),
    [
        ("Global Affairs Canada", "CAN"),
        ("Ministry of Foreign Affairs of Japan", "JPN"),
        ("Permanent Mission of France to the United Nations", "FRA"),
        ("Foreign, Commonwealth & Development Office", "GBR"),
        ("Office of the Spokesperson for the UN Secretary-General", "un"),
    ],
)
def test_publisher_named_inside_a_longer_name(extractor, publisher, issuer):
    """A publisher the tables do not know whole speaks for the country or body it names."""
    doc = Document("d", "We call on Iran to release the journalists.", {"publisher": publisher})
    got = {(r.subject, r.predicate, r.object) for r in extractor.extract_one(doc).relations}
    assert (issuer, "requests", "IRN") in got


def test_a_news_outlet_is_no_issuer(extractor):
    doc = Document("d", "We call on Iran to release the journalists.", {"publisher": "Reuters"})
    assert not [r for r in extractor.extract_one(doc).relations if r.object == "IRN"]


def test_a_titled_head_speaks_for_the_publisher(extractor):
    """UN statements: "The Secretary-General condemns ... He calls on ..." is the UN."""
    text = (
        "The Secretary-General strongly condemns the attack on peacekeepers in Mali. "
        "He calls on the Malian authorities to bring the perpetrators to justice."
    )
    doc = Document("d", text, {"publisher": "United Nations"})
    got = {(r.subject, r.predicate, r.object) for r in extractor.extract_one(doc).relations}
    assert ("un", "requests", "MLI-government") in got


def test_a_titled_head_with_its_organization(extractor):
    doc = Document("d", "The NATO Secretary General met Erdogan in Ankara.")
    got = {(r.subject, r.predicate, r.object) for r in extractor.extract_one(doc).relations}
    assert ("nato", "meets", "recep-tayyip-erdogan") in got

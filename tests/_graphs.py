"""Graphs the SPARQL, ontology, server and GEXF tests share.

``small_extractions()`` is a hand-made corpus with every feature the example
queries look at (ISO dates over several months, strikes and kills, an
attribution to a person, hedged relations, a derived affiliation, events with
a place, a death toll and a sector), small enough for Debian's roqet.
``wikinews_out()`` builds the shared Wikinews corpus once per test session
(``geokg build``, ~20-40 s) and returns its output folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geokg.model import Entity, Extraction, Magnitude, Relation

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
WIKINEWS = SHARED / "corpus" / "wikinews.jsonl"
VALIDATORS = SHARED / "validators"

_BUILT: dict[str, Path] = {}


def _rel(s: str, p: str, o: str, **kw: object) -> Relation:
    sentence = str(kw.pop("sentence", f"{s} {p} {o}."))
    return Relation(s, p, o, sentence=sentence, start=0, end=len(sentence), **kw)  # type: ignore[arg-type]


def small_extractions() -> list[Extraction]:
    usa = Entity("USA", "United States", "Country", iso3="USA", mentions=("US", "Washington"))
    rus = Entity("RUS", "Russia", "Country", iso3="RUS", mentions=("Russia", "Moscow"))
    syr = Entity("SYR", "Syria", "Country", iso3="SYR", mentions=("Syria",))
    isis = Entity("islamic-state", "Islamic State", "Group", mentions=("IS", "Isil"), sector="REB")
    baghdad = Entity(
        "baghdad",
        "Baghdad",
        "Location",
        mentions=("Baghdad",),
        country="IRQ",
        latitude=33.34058,
        longitude=44.40088,
        geonames_id=98182,
        feature="PPL",
    )
    kerry = Entity(
        "john-kerry",
        "John Kerry",
        "Person",
        mentions=("Kerry",),
        country="USA",
        role="secretary of state",
    )
    lavrov = Entity("sergei-lavrov", "Sergei Lavrov", "Person", mentions=("Lavrov",), country="RUS")
    return [
        Extraction(
            "d1",
            (usa, rus, isis, kerry),
            (
                _rel("RUS", "strikes", "islamic-state", cue="air strikes"),
                _rel("john-kerry", "warns", "RUS", confidence=0.9),
                _rel("USA", "strikes", "islamic-state", hypothetical=True),
                _rel(
                    "RUS",
                    "supports",
                    "SYR",
                    attributed_to="john-kerry",
                    sentence='Kerry said "Russia backs Syria".',
                ),
            ),
            meta={"title": "Kerry warns Russia", "date": "2015-10-01"},
        ),
        Extraction(
            "d2",
            (usa, rus, syr, isis, lavrov),
            (
                _rel("RUS", "strikes", "islamic-state"),
                _rel("USA", "meets", "RUS"),
                _rel("sergei-lavrov", "rejects", "USA", attributed_to="sergei-lavrov"),
                _rel("RUS", "strikes", "SYR", negated=True, attributed_to="sergei-lavrov"),
            ),
            meta={"title": "Lavrov rejects US criticism", "date": "2015-11-12"},
        ),
        Extraction(
            "d3",
            (usa, syr, isis, kerry, baghdad),
            (
                _rel(
                    "USA",
                    "strikes",
                    "islamic-state",
                    location="baghdad",
                    magnitude=(Magnitude("killed", 12, "at_least", "at least 12 militants"),),
                ),
                _rel(
                    "islamic-state",
                    "kills",
                    "USA",
                    sentence="IS killed a US soldier in Baghdad.",
                    location="baghdad",
                    magnitude=(Magnitude("killed", 1, "exact", "a US soldier"),),
                ),
                _rel("john-kerry", "criticizes", "SYR", attributed_to="john-kerry"),
            ),
            meta={"date": "2015-12-03"},
        ),
    ]


def wikinews_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of ``geokg build`` on the Wikinews corpus, built once per session."""
    if not WIKINEWS.is_file():
        pytest.skip(f"{WIKINEWS} is absent (the shared folder is not beside the checkout)")
    if "out" not in _BUILT:
        from geokg.api import build

        out = tmp_path_factory.mktemp("wikinews-build")
        build([str(WIKINEWS)], out_dir=out)
        _BUILT["out"] = out
    return _BUILT["out"]

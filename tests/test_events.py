"""Where, how many, which sector: the event table, on sentences written for these tests.

The table runs each sentence through the real pipeline, builds the graph and
reads the event table's row of one relation: its place (name, country,
whether it has a point), its magnitude (kind -> value and bound) and the
sector of each side. Sectors come from ``Entity.sector``, which the actor
rules fill with the CAMEO agent codes of PETRARCH's Phoenix.agents.txt
(ARMY ~MIL, POLICE ~COP, INSURGENT ~REB, PROTESTER ~OPP).
"""

from __future__ import annotations

import pandas as pd
import pytest

from geokg.events import EVENT_DTYPES, event_table
from geokg.graph import build_graph
from geokg.model import Document, Extraction

ANY = object()  # the side's sector is whatever its entity carries (a named group, a person)


# (text, (subject, predicate, object),
#  place: None or (name, country, has a point),
#  magnitude: {kind: (value, bound)},
#  sectors: (subject's, object's))
CASES = [
    # where: a city, a province, a region named after a city, a country; how many
    (
        "Israeli troops demolished homes in southern Gaza and killed three Palestinians.",
        ("idf", "kills", "PSE"),
        ("Gaza", "PSE", True),
        {"killed": (3, "exact")},
        (ANY, None),
    ),
    (
        "Kerry and Lavrov met in Athens on Tuesday.",
        ("john-kerry", "meets", "sergey-lavrov"),
        ("Athens", "GRC", True),
        {},
        (ANY, ANY),
    ),
    (
        "Syrian government forces shelled rebels near Aleppo, killing dozens of fighters.",
        ("syrian-army", "strikes", "rebels"),
        ("Aleppo", "SYR", True),
        {"killed": (12, "at_least")},
        (ANY, "REB"),
    ),
    (
        "Nigerian soldiers killed 24 Boko Haram militants in Borno state.",
        ("NGA-military", "kills", "boko-haram"),
        ("Borno state", "NGA", False),
        {"killed": (24, "exact")},
        ("MIL", ANY),
    ),
    (
        "Turkish forces clashed with Kurdish militants in northern Iraq, "
        "leaving 15 dead and 30 wounded.",
        ("turkish-military", "fights", "militants"),
        ("Iraq", "IRQ", True),
        {"killed": (15, "exact"), "injured": (30, "exact")},
        (ANY, ANY),
    ),
    (
        "The United States deployed 3,000 troops to Poland.",
        ("USA", "deploys", "POL"),
        ("Poland", "POL", True),
        {},  # a deployment is not counted in casualties
        (None, None),
    ),
    (
        "Iraqi police killed five gunmen at a checkpoint outside Baghdad.",
        ("IRQ-police", "kills", "gunmen"),
        ("Baghdad", "IRQ", True),
        {"killed": (5, "exact")},
        ("COP", ANY),
    ),
    (
        "The Saudi-led coalition struck Houthi rebels in Sanaa, killing 40 people "
        "and wounding 100.",
        ("saudi-led-coalition", "strikes", "houthis"),
        ("Sanaa", "YEM", True),
        {"killed": (40, "exact"), "injured": (100, "exact")},
        (ANY, ANY),
    ),
    (
        "Israeli air strikes on Gaza killed two Hamas commanders.",
        ("ISR", "kills", "hamas"),
        ("Gaza", "PSE", True),
        {"killed": (2, "exact")},
        (None, ANY),
    ),
    (
        "US forces killed Osama bin Laden in Abbottabad, Pakistan, in 2011.",
        ("us-military", "kills", "osama-bin-laden"),
        ("Abbottabad", "PAK", True),
        {},  # no number: no magnitude
        (ANY, ANY),
    ),
    (
        "Afghan forces killed about 30 Taliban fighters in Helmand province.",
        ("AFG-military", "kills", "taliban"),
        ("Helmand province", "AFG", False),
        {"killed": (30, "about")},
        ("MIL", ANY),
    ),
    (
        "Russian warplanes bombed rebels in Idlib province on Tuesday, "
        "killing at least 12 civilians.",
        ("russian-military", "strikes", "rebels"),
        ("Idlib province", "SYR", True),
        {"killed": (12, "at_least")},
        (ANY, "REB"),
    ),
    (
        "Russian jets bombed rebels in central Homs province.",
        ("russian-military", "strikes", "rebels"),
        ("Homs province", "SYR", True),
        {},
        (ANY, "REB"),
    ),
    (
        "Ukrainian forces shelled Russian troops in the Kursk region, killing 14 servicemen "
        "and displacing 2,000 residents.",
        ("UKR-military", "strikes", "russian-military"),
        ("Kursk region", "RUS", True),
        {"killed": (14, "exact"), "displaced": (2000, "exact")},
        ("MIL", ANY),
    ),
    (
        "Ethiopian troops killed three Somali militants near Mogadishu.",
        ("ETH-military", "kills", "SOM-militants"),
        ("Mogadishu", "SOM", True),
        {"killed": (3, "exact")},
        ("MIL", "REB"),
    ),
    (
        "The Russian army attacked Ukrainian troops 20 kilometres north of Kharkiv.",
        ("russian-military", "strikes", "UKR-military"),
        ("Kharkiv", "UKR", True),
        {},
        (ANY, "MIL"),
    ),
    (
        "Somali troops fought al-Shabaab militants in the town of Baidoa.",
        ("SOM-military", "fights", "al-shabab"),
        ("Baidoa", "SOM", True),
        {},
        ("MIL", ANY),
    ),
    (
        "The Philippine army killed up to 20 Abu Sayyaf militants on Jolo island.",
        ("PHL-military", "kills", "abu-sayyaf"),
        ("Jolo", "PHL", True),
        {"killed": (20, "at_most")},
        ("MIL", ANY),
    ),
    (
        "Venezuelan troops killed eight Colombian rebels in Apure state.",
        ("VEN-military", "kills", "COL-rebels"),
        ("Apure state", "VEN", False),
        {"killed": (8, "exact")},
        ("MIL", "REB"),
    ),
    (
        "Myanmar's military killed more than 50 protesters in Yangon.",
        ("tatmadaw", "kills", "protesters"),
        ("Yangon", "MMR", True),
        {"killed": (50, "at_least")},
        (ANY, "OPP"),
    ),
    (
        "The Sudanese army fought the Rapid Support Forces in Khartoum, "
        "killing hundreds of civilians.",
        ("sudanese-armed-forces", "fights", "rsf"),
        ("Khartoum", "SDN", True),
        {"killed": (100, "at_least")},
        (ANY, ANY),
    ),
    (
        "The Taliban attacked Afghan troops in Kandahar, killing nine soldiers.",
        ("taliban", "strikes", "AFG-military"),
        ("Kandahar", "AFG", True),
        {"killed": (9, "exact")},
        (ANY, "MIL"),
    ),
    (
        "Militants attacked Pakistani police in Peshawar, killing a policeman "
        "and wounding four others.",
        ("militants", "strikes", "PAK-police"),
        ("Peshawar", "PAK", True),
        {"killed": (1, "exact"), "injured": (4, "exact")},
        (ANY, "COP"),
    ),
    (
        "Gunmen attacked Nigerian police in Lagos, killing 11 people.",
        ("gunmen", "strikes", "NGA-police"),
        ("Lagos", "NGA", True),
        {"killed": (11, "exact")},
        (ANY, "COP"),
    ),
    (
        "Indonesian police shot dead three militants in Poso.",
        ("IDN-police", "strikes", "militants"),
        ("Poso", "IDN", True),
        {"killed": (3, "exact")},
        ("COP", ANY),
    ),
    (
        "Israeli troops attacked protesters in Hebron and arrested 20 people.",
        ("idf", "strikes", "protesters"),
        ("Hebron", "PSE", True),
        {"arrested": (20, "exact")},
        (ANY, "OPP"),
    ),
    (
        "About 5,000 demonstrators protested against China in Taipei.",
        ("protesters", "criticizes", "CHN"),
        ("Taipei", "TWN", True),
        {"participants": (5000, "about")},
        ("OPP", None),
    ),
    (
        "Nigerian troops killed 10 to 15 Boko Haram fighters in Maiduguri.",
        ("NGA-military", "kills", "boko-haram"),
        ("Maiduguri", "NGA", True),
        {"killed": (10, "at_least")},  # a range: its lower bound
        ("MIL", ANY),
    ),
    (
        "Malian soldiers killed nearly 40 jihadists near Timbuktu.",
        ("MLI-military", "kills", "jihadists"),
        ("Timbuktu", "MLI", True),
        {"killed": (40, "at_most")},
        ("MIL", ANY),
    ),
    (
        "Libyan forces battled Islamic State fighters in Sirte, leaving scores dead.",
        ("LBY-military", "fights", "islamic-state"),
        ("Sirte", "LBY", True),
        {"killed": (20, "at_least")},
        ("MIL", ANY),
    ),
    (
        "Kenyan police killed a suspected al-Shabaab militant in Mombasa.",
        ("KEN-police", "kills", "al-shabab"),
        ("Mombasa", "KEN", True),
        {"killed": (1, "exact")},
        ("COP", ANY),
    ),
    (
        "Iraqi troops killed twenty-five insurgents in Mosul.",
        ("IRQ-military", "kills", "insurgents"),
        ("Mosul", "IRQ", True),
        {"killed": (25, "exact")},
        ("MIL", "REB"),
    ),
    (
        "Israeli soldiers shot dead a Palestinian near Ramallah.",
        ("idf", "strikes", "PSE"),
        ("Ramallah", "PSE", True),
        {"killed": (1, "exact")},
        (ANY, None),
    ),
    # places the packages' data does not know: a name, no point
    (
        "Egyptian security forces killed 17 militants in the Sinai Peninsula.",
        ("EGY-military", "kills", "militants"),
        ("Sinai Peninsula", None, False),
        {"killed": (17, "exact")},
        ("MIL", ANY),
    ),
    (
        "Indian troops fought Pakistani soldiers along the border in Kashmir.",
        ("IND-military", "fights", "PAK-military"),
        ("Kashmir", None, False),
        {},
        ("MIL", "MIL"),
    ),
    (
        "North Korea fired missiles at South Korean warships in the Yellow Sea.",
        ("PRK", "strikes", "KOR-military"),
        ("Yellow Sea", None, False),
        {},
        (None, "MIL"),
    ),
    # no place: none named, a target rather than a place, where a speaker spoke
    (
        "Pakistan condemned India over the shelling.",
        ("PAK", "criticizes", "IND"),
        None,
        {},  # criticism is not counted
        (None, None),
    ),
    (
        "France criticized Iran on Monday.",
        ("FRA", "criticizes", "IRN"),
        None,
        {},
        (None, None),
    ),
    (
        "Hamas fighters fired rockets at Israel.",
        ("hamas", "strikes", "ISR"),
        None,  # "at Israel": the target
        {},
        (ANY, None),
    ),
    (
        "Colombian troops killed seven FARC rebels in the jungle.",
        ("COL-military", "kills", "farc"),
        None,  # "the jungle" names no place
        {"killed": (7, "exact")},
        ("MIL", ANY),
    ),
    (
        "Syrian troops killed two rebels, officials said in London.",
        ("syrian-army", "kills", "rebels"),
        None,  # London is where the officials spoke
        {"killed": (2, "exact")},
        (ANY, "REB"),
    ),
    (
        "Armenian forces clashed with Azerbaijani troops on the border, "
        "leaving four soldiers dead.",
        ("ARM-military", "fights", "AZE-military"),
        None,
        {"killed": (4, "exact")},
        ("MIL", "MIL"),
    ),
    (
        "Protesters clashed with Hong Kong police, and 45 people were injured.",
        ("protesters", "fights", "HKG-police"),
        None,
        {"injured": (45, "exact")},
        ("OPP", "COP"),
    ),
    (
        "Russia threatened Ukraine with a new offensive.",
        ("RUS", "warns", "UKR"),
        None,
        {},
        (None, None),
    ),
    # a count of another event of the sentence is not this one's
    (
        "Israel struck Gaza after Hamas rockets killed three Israelis.",
        ("hamas", "kills", "ISR"),
        None,
        {"killed": (3, "exact")},
        (ANY, None),
    ),
    (
        "Israeli troops killed two militants, and a bomb wounded five soldiers in Jenin.",
        ("idf", "kills", "militants"),
        None,
        {"killed": (2, "exact")},
        (ANY, ANY),
    ),
    # meetings and agreements: a place, never a magnitude
    (
        "China and Japan held talks in Beijing.",
        ("CHN", "meets", "JPN"),
        ("Beijing", "CHN", True),
        {},
        (None, None),
    ),
    (
        "Saudi Arabia and Iran signed a deal in Beijing.",
        ("SAU", "cooperates", "IRN"),
        ("Beijing", "CHN", True),
        {},
        (None, None),
    ),
    (
        "Egypt hosted Israeli and Palestinian negotiators in Cairo.",
        ("EGY", "meets", "ISR"),
        ("Cairo", "EGY", True),
        {},
        (None, None),
    ),
    (
        "Russia launched air strikes on Islamic State in Syria.",
        ("RUS", "strikes", "islamic-state"),
        ("Syria", "SYR", True),
        {},
        (None, ANY),
    ),
]


@pytest.fixture(scope="module")
def extractor():
    from geokg.extract.pipeline import Extractor

    return Extractor()


def _row(extractor, text: str, triple: tuple[str, str, str]) -> tuple[pd.Series, Extraction]:
    ext = extractor.extract_one(Document("t", text, {"date": "2020-03-01"}))
    table = event_table(build_graph([ext]))
    hits = table[
        (table.actor_id == triple[0])
        & (table.predicate == triple[1])
        & (table.recipient_id == triple[2])
    ]
    found = [(r.subject, r.predicate, r.object) for r in ext.relations]
    assert len(hits) == 1, f"{triple} is not one relation of {text!r}: {found}"
    return hits.iloc[0], ext


def test_the_table_is_long_enough() -> None:
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if c[2] is None) >= 8  # "no location"
    assert sum(1 for c in CASES if not c[3]) >= 8  # "no magnitude"


@pytest.mark.parametrize(
    ("text", "triple", "place", "magnitude", "sectors"), CASES, ids=[c[0][:48] for c in CASES]
)
def test_where_how_many_which_sector(extractor, text, triple, place, magnitude, sectors) -> None:
    row, ext = _row(extractor, text, triple)
    # where
    if place is None:
        assert pd.isna(row.placename), f"no place expected, got {row.placename!r}"
        assert pd.isna(row.latitude) and pd.isna(row.geonames_id)
    else:
        name, country, has_point = place
        assert row.placename == name
        assert (None if pd.isna(row.place_country) else row.place_country) == country
        assert (not pd.isna(row.latitude) and not pd.isna(row.longitude)) == has_point
    # how many
    got = {
        kind: (int(row[kind]), row[f"{kind}_bound"])
        for kind in ("killed", "injured", "arrested", "displaced", "participants")
        if not pd.isna(row[kind])
    }
    assert got == magnitude
    # which sector, on each side
    entities = {e.id: e for e in ext.entities}
    for column, side, expected in zip(
        ("actor_sector", "recipient_sector"), triple[::2], sectors, strict=True
    ):
        value = None if pd.isna(row[column]) else row[column]
        want = entities[side].sector if expected is ANY else expected
        assert value == want, f"{column}: {value!r}, expected {want!r}"


def test_the_relation_keeps_what_the_table_shows(extractor) -> None:
    text = (
        "Russian warplanes bombed rebels in Idlib province on Tuesday, "
        "killing at least 12 civilians."
    )
    ext = extractor.extract_one(Document("t", text))
    rel = next(r for r in ext.relations if r.predicate == "strikes")
    place = next(e for e in ext.entities if e.id == rel.location)
    assert (place.type, place.label, place.country, place.feature) == (
        "Location",
        "Idlib province",
        "SYR",
        "ADMD",
    )
    assert [(m.kind, m.value, m.bound, m.text) for m in rel.magnitude] == [
        ("killed", 12, "at_least", "at least 12 civilians")
    ]
    assert text[rel.cue_start :].startswith(rel.cue)
    back = Extraction.from_json(ext.to_json())
    assert back.relations == ext.relations and back.entities == ext.entities


def test_countries_carry_a_representative_point(extractor) -> None:
    ext = extractor.extract_one(Document("t", "Palestinians and Syrians protested."))
    points = {e.id: (e.latitude, e.longitude, e.geonames_id) for e in ext.entities}
    assert points["SYR"] == (35.0, 38.0, 163843)  # countryinfo's point, GeoNames' id
    assert None not in points["PSE"]  # countryinfo has none for Palestine: its capital's


def test_the_table_has_its_dtypes(extractor) -> None:
    ext = extractor.extract_one(Document("t", CASES[0][0], {"date": "2020-03-01T10:00:00Z"}))
    table = event_table(build_graph([ext]))
    assert {c: str(t) for c, t in table.dtypes.items()} == {
        c: str(pd.Series(dtype=t).dtype) for c, t in EVENT_DTYPES.items()
    }
    assert str(table.event_date.iloc[0].date()) == "2020-03-01"

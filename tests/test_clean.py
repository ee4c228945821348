"""Boilerplate removal: the seed article, then one table per rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geokg.extract.clean import clean_text, split_paragraphs

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_65ef862550bf1d40.txt"
HEADLINE = "US warns Russia against striking non-IS groups in Syria"

# Ordinary news paragraphs that use the rules' trigger words mid-sentence.
ARTICLE = [
    "The United States urged Russia on Tuesday to stop air strikes near Aleppo.",
    "More than 200 people have been killed in the fighting, according to monitors.",
    "Related talks in Geneva were postponed by the United Nations until next week.",
    "By Monday, Russia had launched more than 60 strikes, the defence ministry said.",
    "Officials said the photo: a convoy near the border, was taken by a drone.",
    "Copyright infringement was not on the agenda, a spokesman said with a smile.",
    "Read more carefully, the statement shows that Moscow did not rule out talks.",
    "The ministry said it would share the article with allies and follow up soon.",
    "Most analysts expect the talks to resume, while latest reports suggest delays.",
    "He said the coalition was trending towards a deal, writes the agency in a note.",
]


def _body(*extra: str) -> str:
    return "\n\n".join(["Talks on Syria stall", *ARTICLE[:2], *extra, *ARTICLE[2:]])


@pytest.fixture(scope="module")
def seed_clean() -> str:
    if not SEED.exists():
        pytest.skip("seed article missing")
    return clean_text(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "junk", ["Trump", "Jimmy Carter", "Manchester Arena", "Lacemakers", "Irish Examiner", "More "]
)
def test_seed_boilerplate_removed(seed_clean: str, junk: str) -> None:
    assert junk not in seed_clean


def test_seed_keeps_headline_once_and_last_paragraph(seed_clean: str) -> None:
    assert seed_clean.count(HEADLINE) == 1
    assert seed_clean.startswith(HEADLINE + "\n\n")
    last = (
        "He listed countries with a key role to play in resolving the chaos in Syria, "
        "including Iran, Russia, Saudi Arabia, Turkey, Egypt, Jordan, Qatar , the US and China."
    )
    assert seed_clean.endswith(last)
    assert "secretary of state John Kerry has said." in seed_clean


def test_seed_paragraphs_and_idempotence(seed_clean: str) -> None:
    paragraphs = seed_clean.split("\n\n")
    assert len(paragraphs) == 17  # headline + 16 article paragraphs
    assert clean_text(seed_clean) == seed_clean
    assert clean_text(seed_clean, title=HEADLINE) == seed_clean


@pytest.mark.parametrize("sentence", ARTICLE)
def test_ordinary_sentences_are_kept(sentence: str) -> None:
    text = f"Talks on Syria stall\n\n{sentence}\n\nThe talks continue."
    assert clean_text(text) == text


def test_ordinary_article_unchanged() -> None:
    text = _body()
    assert clean_text(text) == text


@pytest.mark.parametrize(
    "line",
    [
        # bylines
        "By John Smith",
        "By JOHN SMITH, Associated Press",
        "By Ellie O’Byrne",
        "By Jane Doe and Ahmed al-Masri in Beirut",
        "BY SARAH COLLINS | Reuters",
        "By Maria de la Cruz, Foreign Affairs correspondent",
        # teasers of other stories
        "Farmers fear a hard winter, writes Ellie O’Byrne.",
        "Lacemakers hope for heritage status, writes Ellie O’Byrne.Made in Munster: a craft",
        # copyright and rights
        "Copyright 2015 The Associated Press.",
        "Copyright © Irish Examiner Ltd",
        "© 2019 Example Media Group",
        "Example Media Group. All rights reserved.",
        # cookie notices
        "We use cookies to improve your experience on our site.",
        "This website uses cookies. By continuing to browse you agree.",
        "Accept all cookies",
        "Cookie settings",
        # calls to action
        "Click here to subscribe to our newsletter",
        "Tap here for live updates",
        # caption credits
        "Image: Reuters",
        "Photo: AP/John Smith",
        "(Picture: PA)",
        "Photo credit: Getty Images",
        # links to other stories and widgets
        "Read more: Why the Syrian war matters",
        "See also: Timeline of the conflict",
        "Advertisement",
        "Story continues below advertisement",
        "Share on Facebook",
        # related headlines scraped twice
        "Jimmy Carter in hospital after fall at homeJimmy Carter in hospital after fall at home",
        "Storm closes airports Storm closes airports",
    ],
)
def test_junk_line_dropped(line: str) -> None:
    assert clean_text(_body(line)) == _body()


@pytest.mark.parametrize(
    "marker",
    [
        "More in this Section",
        "More from The Irish Examiner",
        "MORE ON THIS STORY",
        "Related articles",
        "Related stories:",
        "Related",
        "Read more",
        "Most read",
        "Most popular",
        "Top stories",
        "Latest news",
        "You may also like",
        "You might be interested in",
        "Trending now",
        "Sign up for our daily newsletter",
        "Follow us on Twitter",
        "Share this article",
        "Recommended for you",
        "Comments (12)",
        "More in this Section »",
    ],
)
def test_nav_marker_cuts_the_rest(marker: str) -> None:
    tail = "Football club appoints new manager\n\nStorm closes airports across the north"
    assert clean_text(f"{_body()}\n\n{marker}\n\n{tail}") == _body()


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the talks, the minister said, in the report published today.",
        "More in this section of the report, Russia is blamed for the strikes on Homs.",
        "Latest figures show the economy shrank, the central bank said on Monday.",
        "More on that later.",
        "More of the same, he said.",
        "“More from us soon,” the envoy said.",
        "By continuing to use the base, Russia signals it will agree to a deal.",
    ],
)
def test_marker_words_inside_a_sentence_do_not_cut(line: str) -> None:
    text = _body(line)
    assert clean_text(text) == text


def test_marker_before_the_body_is_only_dropped() -> None:
    text = "Talks on Syria stall\n\nShare this article\n\nBy Jane Doe\n\n" + "\n\n".join(ARTICLE)
    assert clean_text(text) == "\n\n".join(["Talks on Syria stall", *ARTICLE])


def test_repeated_lines_keep_first_occurrence() -> None:
    text = (
        "Talks on Syria stall\n\nTalks on Syria stall\n\n"
        f"{ARTICLE[0]}\n\n{ARTICLE[1]}\n\n{ARTICLE[0]}\n\nYes.\n\nYes."
    )
    assert clean_text(text) == (
        f"Talks on Syria stall\n\n{ARTICLE[0]}\n\n{ARTICLE[1]}\n\nYes.\n\nYes."
    )


def test_doubled_headline_is_kept_once() -> None:
    text = "Talks on Syria stallTalks on Syria stall\n\nThe talks stalled.\n\nTalks on Syria stall"
    assert clean_text(text) == "Talks on Syria stall\n\nThe talks stalled."


def test_short_doubled_words_are_not_doubled_lines() -> None:
    text = "Atoll news\n\nBora Bora\n\nThe island of Bora Bora was hit by a storm."
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Title\r\n\r\nOne  two\tthree.\r\n", "Title\n\nOne two three."),
        ("  Title  \n\n\n\n  Body\u00a0text. \n", "Title\n\nBody text."),
        ("Title\n \t \nBody\u200b text.\x07", "Title\n\nBody text."),
        ("Title\nLine one.\nLine two.", "Title\nLine one.\nLine two."),
        ("Title\u2029Body.", "Title\nBody."),
        ("", ""),
        (" \n\n\t", ""),
    ],
)
def test_whitespace(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("JERUSALEM (Reuters) - Israel struck Gaza.", "Israel struck Gaza."),
        ("KHARTOUM, Sudan Sept. 19, 2004 - Rebels attacked.", "Rebels attacked."),
        ("AFP - The United Nations said so.", "The United Nations said so."),
        ("Parliament Invasion Spurs Concern (AP).", "Parliament Invasion Spurs Concern."),
        # credits nested: the dateline is found once the agency before it is gone
        (
            "Attackers burn village, UN says (Canadian Press). Canadian Press - KINSHASA, "
            "Congo (AP) - Attackers overran a village.",
            "Attackers burn village, UN says. Attackers overran a village.",
        ),
        ("AP - CAIRO, Egypt - Egypt hosted talks.", "Egypt hosted talks."),
        # a capitalised city later in the text is not a dateline
        (
            "Talks went on. Later, NATO, the EU and Russia met.",
            "Talks went on. Later, NATO, the EU and Russia met.",
        ),
    ],
)
def test_wire_credits_removed(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_title_makes_headline_its_own_paragraph() -> None:
    text = "Talks on Syria stall\nThe talks stalled on Monday.\nBoth sides left."
    assert clean_text(text, title="talks on  SYRIA stall") == (
        "Talks on Syria stall\n\nThe talks stalled on Monday.\nBoth sides left."
    )
    # a title that is not the first line changes nothing
    assert clean_text(text, title="Another story") == text


def test_title_not_first_line_does_not_protect_a_byline() -> None:
    text = "By Jane Doe\n\nThe talks stalled on Monday."
    assert clean_text(text, title="Talks stall") == "The talks stalled on Monday."


def test_only_boilerplate_gives_empty_text() -> None:
    assert clean_text("By Jane Doe\n\nAdvertisement\n\nCopyright 2020 Example") == ""


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("A b.\n\nC d.", ["A b.", "C d."]),
        ("\n\n  A b. \n \n\n\tC d.\nE f.  \n", ["A b.", "C d.\nE f."]),
        ("One line", ["One line"]),
        ("A.\r\n\r\nB.", ["A.", "B."]),
        ("", []),
        (" \n \n", []),
    ],
)
def test_split_paragraphs(text: str, paragraphs: list[str]) -> None:
    assert [text[s:e] for s, e in split_paragraphs(text)] == paragraphs


def test_split_paragraphs_of_seed(seed_clean: str) -> None:
    spans = split_paragraphs(seed_clean)
    assert seed_clean[slice(*spans[0])] == HEADLINE
    assert len(spans) == 17
    assert [seed_clean[s:e] for s, e in spans] == seed_clean.split("\n\n")


@given(st.text(alphabet=st.sampled_from("ab .\n\t\r"), max_size=80))
def test_split_paragraphs_spans_are_ordered_stripped_paragraphs(text: str) -> None:
    spans = split_paragraphs(text)
    previous_end = 0
    for start, end in spans:
        chunk = text[start:end]
        assert previous_end <= start < end
        assert chunk == chunk.strip()
        assert "\n\n" not in chunk.replace(" ", "").replace("\t", "").replace("\r", "")
        previous_end = end
    covered = "".join(text[s:e] for s, e in spans)
    assert sum(not c.isspace() for c in covered) == sum(not c.isspace() for c in text)


@given(st.text(max_size=200))
def test_clean_text_output_shape(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned == cleaned.strip()
    assert "\n\n\n" not in cleaned
    for line in cleaned.split("\n"):
        assert line == line.strip()
        assert "  " not in line

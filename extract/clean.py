"""Boilerplate removal for scraped news text.

A scraped page holds more than the article: the headline printed twice,
bylines, "More in this Section" with a list of other stories' headlines,
cookie notices, copyright lines. None of it is content (SCHEMA.md): an actor
named in a related headline is not an actor of this article. :func:`clean_text`
drops such lines and keeps the article's paragraphs, separated by blank lines,
so the result is the text that later character offsets refer to.

The rules are tables of regular expressions below, each with the reason it
exists; they match whole lines only, so an ordinary sentence that says "more",
"related" or "by" is kept.
"""

from __future__ import annotations

import logging
import re

__all__ = ["clean_text", "split_paragraphs"]

logger = logging.getLogger(__name__)

# Every Unicode line break becomes "\n", so lines and paragraphs are found the
# same way whatever produced the text (Windows files, Word exports, PDFs).
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

# Control characters, zero-width spaces, BOMs and soft hyphens are invisible
# in the article but split words and make XML exports invalid.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff]")

# Runs of spaces, tabs and no-break spaces inside a line are one space.
_INLINE_SPACE = re.compile(r"[^\S\n]+")

# One or more blank (whitespace-only) lines: the paragraph separator.
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")

# The free words of a marker ("this Section", "The Irish Examiner"): no
# sentence punctuation, so "More on that later." stays a sentence.
_MARKER_TAIL = r"[^.!?,;:\"“”]{1,50}"

# A navigation marker ends the article: what follows it is links to other
# stories. Matched case-insensitively against a whole short line, with an
# optional trailing arrow or colon as sites print them.
_NAV_MARKERS: tuple[str, ...] = (
    # "More in this Section", "More from The Irish Examiner", "More on this story"
    rf"more (?:in|from|on|about|of) {_MARKER_TAIL}",
    # "Related", "Related articles", "Related stories", "Related coverage"
    r"related(?: articles?| stories| content| news| coverage| links| reading| topics)?",
    # a lone "Read more" is a link list header; "Read more: <headline>" is in _DROP_LINE
    r"read more",
    # ranking widgets: "Most read", "Most popular", "Top stories"
    r"(?:most|top) (?:read|popular|viewed|shared|watched|stories)",
    # "Latest", "Latest news", "Latest headlines"
    r"latest(?: news| stories| headlines| articles| videos)?",
    # "You may also like", "You might be interested in"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)",
    # "Trending", "Trending now"
    r"trending(?: now| stories| news| topics)?",
    # newsletter boxes: "Sign up for our daily newsletter", "Subscribe to ..."
    rf"(?:sign up|subscribe) (?:for|to) {_MARKER_TAIL}",
    # social boxes: "Follow us", "Follow us on Twitter"
    rf"follow us(?: on {_MARKER_TAIL})?",
    # share boxes: "Share this article"
    r"share (?:this|the) (?:article|story|page|post)",
    # "Recommended", "Recommended for you"
    r"recommended(?: for you| stories| articles| reading)?",
    # reader comments below the article: "Comments", "Comments (12)"
    r"comments?(?: \(\d+\))?",
)
_NAV_MARKER = re.compile(r"(?:" + "|".join(_NAV_MARKERS) + r")\s*[:›»>|]?", re.IGNORECASE)
# A marker is a heading, not a sentence: a few words at most.
_NAV_MAX_CHARS = 60

# A name word in a byline or teaser: "John", "O’Byrne", "J.", "JOHN",
# "al-Masri", or a lowercase particle of a surname ("de", "van").
_NAME_WORD = r"(?:(?:al|el|ad|as|at|az|ul)-)?[A-Z][\w.'’-]*|de|van|von|der|den|bin|da|di|du|la|le"
_NAME_WORD = rf"(?:{_NAME_WORD})"
_PERSON = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"
# A word of a byline's affiliation: "Associated Press", "Political Correspondent".
_ROLE_WORD = (
    r"(?:[A-Z][\w.'’&-]*|and|of|the|in|for|at|correspondent|editor|reporter|writer"
    r"|staff|contributor|news|desk)"
)

# Lines that are not article content wherever they stand. Each is searched in
# a whitespace-normalised line; (name, pattern) so tests and logs can say which
# rule dropped a line.
_DROP_LINE: tuple[tuple[str, re.Pattern[str]], ...] = (
    # bylines: "By John Smith", "By JOHN SMITH, Associated Press", "By A and B in Kabul";
    # "By Monday, Russia had ..." fails because "had" is neither a name nor a role word
    (
        "byline",
        re.compile(
            rf"^(?:By|BY|by)\s+{_PERSON}(?:\s*(?:,|and|&)\s*{_PERSON})*"
            rf"(?:(?:\s*[,|–—-]\s*|\s+(?:in|for)\s+){_ROLE_WORD}(?:\s+{_ROLE_WORD})*)?\.?$"
        ),
    ),
    # teasers of other stories: "Lacemakers ... heritage status, writes Ellie O’Byrne."
    # (scrapers often glue the next headline straight after the full stop)
    ("teaser", re.compile(rf",\s+writes\s+{_PERSON}\.(?:$|(?=[A-Z\"“‘']))")),
    # copyright notices: "Copyright 2015 Reuters", "© Irish Examiner Ltd";
    # a sentence about copyright law ("Copyright infringement ...") has no year or ©
    ("copyright", re.compile(r"^(?:(?:Copyright|COPYRIGHT)\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4})")),
    # "... All rights reserved." closes a copyright footer, not a sentence
    ("rights", re.compile(r"\ball rights reserved\.?$", re.IGNORECASE)),
    # cookie banners, which speak to the reader, not about the news
    (
        "cookies",
        re.compile(
            r"^(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b"
            r"|^(?:accept|reject|manage|allow)(?: all)? cookies\b"
            r"|^cookie (?:settings|preferences|policy|notice|consent)\.?$"
            r"|\bby continuing to (?:browse|use)\b.*\bcookies\b",
            re.IGNORECASE,
        ),
    ),
    # calls to action: "Click here to subscribe", "Tap here for live updates"
    ("click-here", re.compile(r"^(?:click|tap) here\b", re.IGNORECASE)),
    # picture captions' credits: "Image: Reuters", "Photo: AP/John Smith", "(Picture: PA)"
    (
        "caption",
        re.compile(
            r"^\(?(?:image|photo|picture|pic|photograph|file photo|video|credit|"
            r"(?:photo|image|picture) credit)s?\s*:",
            re.IGNORECASE,
        ),
    ),
    # a link to another story inside the article: "Read more: Why Syria matters"
    (
        "link",
        re.compile(
            r"^(?:read more|see also|also read|read also|related|watch|listen)\s*[:›»>|]\s*\S",
            re.IGNORECASE,
        ),
    ),
    # advertisement slots and share buttons left as text
    (
        "widget",
        re.compile(
            r"^(?:advertisement|sponsored|story continues below(?: advertisement)?"
            r"|continue reading(?: below| the main story)?|share (?:on|via) \w+)$",
            re.IGNORECASE,
        ),
    ),
)

# News agencies and outlets that wire copy credits in datelines and headlines.
_AGENCY = (
    r"(?:Reuters|AP|AFP|UPI|Canadian Press|CP|dpa|DPA|Xinhua|AFX|Bloomberg|IRNA|PTI|IANS|ANSA|"
    r"Kyodo|Yonhap|Interfax|TASS|ITAR-TASS|Itar-Tass|RIA Novosti|SPA|MENA|WAM|KUNA|APP|ANI|"
    r"Sapa|SAPA|AAP|CNN|BBC|NPR|Al Jazeera|AP Photo|Reuters Photo|"
    r"[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.(?:com|org|net|co\.uk))"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# Where a dateline may start: the start of a line, or after the headline's
# full stop when a feed glues headline and body into one line (AG News).
_DATELINE_START = r"(?:^|(?<=[.!?] )|(?<=[.!?]\" ))"

# Wire credits are page furniture, not the article: an agency named in them
# is not an actor of the story, and neither is the dateline's city.
_CREDITS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "JERUSALEM (Reuters) - ", "NANO, Pakistan (Reuters) - ", "Vatican, Sep. 13 (CWNews.com) - "
    (
        "dateline",
        re.compile(
            _DATELINE_START
            + r"(?:[A-Z][\w'’-]*(?:,? [A-Z][\w'’-]*){0,3},? )?"
            + rf"(?:{_MONTH} \d{{1,2}},?(?: \d{{4}})? )?"
            + rf"\({_AGENCY}\) ?[-–—]{{1,2}} ?"
        ),
    ),
    # "KHARTOUM, Sudan Sept. 19, 2004 - ": a city in capitals, its country, a date, a dash
    (
        "dateline-dash",
        re.compile(
            _DATELINE_START
            + r"[A-Z]{3,}(?:[ -][A-Z]{2,})*,(?: [A-Z][\w'’-]*\.?){0,3}"
            + rf"(?: {_MONTH} \d{{1,2}}(?:, \d{{4}})?)? [-–—]{{1,2}} "
        ),
    ),
    # "TBILISI, Georgia Georgian President ...": with no dash, only the city is certain
    ("dateline-city", re.compile(_DATELINE_START + r"[A-Z]{3,}(?:[ -][A-Z]{2,})*, (?=[A-Z])")),
    # "AP - Sudan is prepared ...", "AFP - The United Nations ..."
    ("agency-lead", re.compile(_DATELINE_START + rf"{_AGENCY} [-–—]{{1,2}} ")),
    # a credit closing a headline: "Parliament Invasion Spurs Security Concern (AP)."
    ("agency-credit", re.compile(rf" \({_AGENCY}\)(?=[.!?]?(?: |$))")),
)

# Dateline rules that only apply where an article opens, and how far into its line.
_OPENING_ONLY = frozenset({"dateline-dash", "dateline-city"})
_DATELINE_REACH = 250

# A repeated line is scraping noise (the headline printed twice, a caption
# shown again); a short one ("Yes.") may be a real repeat in a transcript.
_MIN_DEDUP_WORDS = 3

# A line made of one string twice ("HeadlineHeadline") is a related-headline
# link whose text was scraped twice; shorter halves may be a name ("Bora Bora").
_MIN_DOUBLED_HALF = 8


def clean_text(text: str, *, title: str | None = None) -> str:
    """Remove what is not article content from a scraped news text.

    Rules, in order, line by line:

    - whitespace inside a line is normalised; blank lines stay paragraph breaks;
    - a line seen before (verbatim, three words or more, or the headline) is dropped;
    - a navigation marker on a short line of its own ("More in this Section",
      "Related stories", "Most read", ...) cuts the rest of the text, once the
      article body has begun (before it, the marker line alone is dropped);
    - bylines, "..., writes Name." teasers, copyright and cookie notices,
      "Click here" calls, picture credits and in-article links are dropped;
    - a line that is one string twice is dropped; as the first line (the
      headline) it is kept once;
    - wire credits are cut out of a line: datelines with an agency
      ("JERUSALEM (Reuters) - "), a leading "AP - ", a closing "(AFP)".

    The first line kept is the headline. When it equals ``title`` it becomes a
    paragraph of its own, so it never runs into the first sentence.

    Args:
        text: the raw article text.
        title: the article's title, when the input gives it (JSON Lines
            ``title``, HTML metadata); compared case-insensitively.

    Returns:
        The article text: paragraphs separated by ``"\\n\\n"``, no leading or
        trailing whitespace; ``""`` when nothing is left.

    Example:
        >>> raw = "Talks resume\\n\\nTalks resume\\n\\nBy Jane Doe\\n\\nThey met.\\n\\nMost read"
        >>> clean_text(raw)
        'Talks resume\\n\\nThey met.'
    """
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    title_key = _key(title) if title else None
    paragraphs: list[list[str]] = []
    current: list[str] = []
    seen: set[str] = set()
    headline: str | None = None
    in_body = False

    for raw_line in text.split("\n"):
        line = _INLINE_SPACE.sub(" ", raw_line).strip()
        if not line:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if line in seen:
            logger.debug("dropped repeated line: %.60s", line)
            continue
        if _is_nav_marker(line):
            if in_body:
                logger.debug("cut at navigation marker: %s", line)
                break
            logger.debug("dropped navigation marker before the body: %s", line)
            continue
        rule = _dropping_rule(line)
        if rule:
            logger.debug("dropped %s line: %.60s", rule, line)
            continue
        half = _doubled_half(line)
        if half is not None:
            if headline is not None:
                logger.debug("dropped doubled line: %.60s", line)
                continue
            seen.add(line)
            line = half
        if headline is None:
            headline = line
            seen.add(line)
            current.append(_strip_credits(line, opening=True))
            if title_key is not None and _key(line) == title_key:
                # The headline has no full stop; alone in its paragraph it
                # cannot merge with the first sentence of the body.
                paragraphs.append(current)
                current = []
            continue
        if len(line.split()) >= _MIN_DEDUP_WORDS:
            seen.add(line)
        opening = not in_body
        in_body = True
        current.append(_strip_credits(line, opening=opening))
    if current:
        paragraphs.append(current)
    return "\n\n".join("\n".join(p) for p in paragraphs)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of ``text``.

    Paragraphs are separated by one or more blank lines; a span excludes the
    whitespace around its paragraph, and whitespace-only text has no
    paragraph. The NLP stage parses each span apart, so a headline without a
    full stop never becomes part of the body's first sentence.

    Args:
        text: usually the output of :func:`clean_text`.

    Returns:
        ``(start, end)`` pairs in order, such that ``text[start:end]`` is a
        paragraph.

    Example:
        >>> text = "Talks resume\\n\\nThe talks resumed.\\nBoth sides spoke."
        >>> [text[s:e] for s, e in split_paragraphs(text)]
        ['Talks resume', 'The talks resumed.\\nBoth sides spoke.']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _BLANK_LINES.finditer(text):
        _add_span(text, pos, match.start(), spans)
        pos = match.end()
    _add_span(text, pos, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))


def _key(line: str) -> str:
    return _INLINE_SPACE.sub(" ", line).strip().casefold()


def _is_nav_marker(line: str) -> bool:
    return len(line) <= _NAV_MAX_CHARS and _NAV_MARKER.fullmatch(line) is not None


def _dropping_rule(line: str) -> str | None:
    for name, pattern in _DROP_LINE:
        if pattern.search(line):
            return name
    return None


def _strip_credits(line: str, *, opening: bool) -> str:
    """The line without wire credits (datelines, "(AP)", "AFP - ").

    A dateline opens the article: the capitals-city rules apply only to the
    opening lines, near their start, so "NATO, the EU and Russia ..." later
    in the text is left alone. Credits nest ("Canadian Press - KINSHASA, Congo
    (AP) - "): a dateline appears only once the credit before it is gone, so
    the rules run again until nothing changes (at most three times).
    """
    for _ in range(3):
        before = line
        for name, pattern in _CREDITS:
            if name in _OPENING_ONLY and not opening:
                continue
            limit = _DATELINE_REACH if name in _OPENING_ONLY else len(line)
            stripped = pattern.sub(
                lambda m, limit=limit: "" if m.start() < limit else m.group(0), line
            )
            if stripped != line:
                logger.debug("removed %s credit: %.60s", name, line)
                line = stripped
        if line == before:
            break
    return line


def _doubled_half(line: str) -> str | None:
    """The half of a line that is one string twice, or None."""
    n = len(line)
    half = n // 2
    if half < _MIN_DOUBLED_HALF:
        return None
    if n % 2 == 0 and line[:half] == line[half:]:
        return line[:half]
    # "Headline Headline": the two link texts joined by a space
    if n % 2 == 1 and line[half] == " " and line[:half] == line[half + 1 :]:
        return line[:half]
    return None

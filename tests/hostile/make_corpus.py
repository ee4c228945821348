"""Write the hostile-input corpus into a folder, and say what geokg must do with each piece.

Nothing here is committed as data: the tests call :func:`make_corpus` on a
temporary folder (the 20 MB article is generated every time). Run it by hand
to look at the files and the expected outcome of each::

    python tests/hostile/make_corpus.py /tmp/hostile

Each :class:`Case` is one input (a file, or one record of a JSON Lines file)
with its outcome: ``"process"`` (a document with ``doc_id`` comes out),
``"skip"`` (reported with a reason containing ``reason``) or ``"ignore"``
(neither a document nor a report: ``reason`` says why). Every kind of bad
input of the README's table is here.
"""

from __future__ import annotations

import json
import random
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ARTICLE",
    "NASTY_ID",
    "NASTY_NAMES",
    "Case",
    "hostile_cases",
    "hostile_inputs",
    "make_corpus",
    "news_records",
]

#: A short article every good input carries, so each processed one has relations.
ARTICLE = (
    "Turkey warns Greece over gas drilling\n\n"
    "Turkey warned Greece on Monday. Egypt and France condemned Turkey, "
    "and the European Union imposed sanctions on Ankara.\n"
)

#: Names an article may hold that break naive exporters: quotes, angle brackets,
#: backslashes, control characters, emoji, right-to-left text, zero-width joiners.
NASTY_NAMES = (
    'Abu "the <Lion>" Haddad',
    "Jabhat \\ al-\\Nusra\\",
    "Kataib\x07 Hezbollah\x1b[31m",
    "Liwa 👨\u200d👩\u200d👧 Brigade 🇺🇦",
    "\u202eLiwa al-Quds\u202c",
    "Harakat \u0627\u0644\u0646\u062c\u0628\u0627\u0621\u200f Movement",
)

#: A JSON Lines id made of the same characters.
NASTY_ID = 'id "quoted" <angle> \\back\\ \x01ctl 🇸🇾 \u202ertl\u202c zwj\u200d end'

# A file name with a terminal escape sequence: reports must not replay it.
_ESCAPE_NAME = "escape-\x1b[2J-bell-\x07.bin"

# The size limits geokg applies by default (extract/inputs.py).
_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One hostile input and what geokg does with it.

    Attributes:
        kind: the kind of input, as the README's table names it.
        source: the file name in the corpus folder, ``"<file>:<line>"`` for a
            JSON Lines record.
        outcome: ``"process"``, ``"skip"`` or ``"ignore"``.
        reason: for ``"skip"``, a piece of the reason geokg reports; for
            ``"ignore"``, why nothing is reported.
        doc_id: for ``"process"``, the id of the document that comes out.
    """

    kind: str
    source: str
    outcome: str
    reason: str = ""
    doc_id: str = ""


def _png() -> bytes:
    """A valid 1x1 PNG image."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _numbered_article(size: int) -> str:
    """An article of about ``size`` characters whose lines all differ.

    Repeated lines are dropped as scraping noise, so each paragraph is numbered
    to keep the text as long after cleaning as before.
    """
    paragraph = (
        "In round {n}, Turkey warned Greece again and Egypt condemned Turkey over the "
        "drilling in disputed waters off Cyprus."
    )
    parts = ["Turkey and Greece trade warnings"]
    total = len(parts[0])
    n = 0
    while total < size:
        n += 1
        parts.append(paragraph.format(n=n))
        total += len(parts[-1]) + 2
    return "\n\n".join(parts) + "\n"


def _nested_html(depth: int) -> str:
    opening = "<div>" * depth
    closing = "</div>" * depth
    return (
        "<!DOCTYPE html><html><head><title>Nested page</title></head><body>"
        f"{opening}<p>Turkey warned Greece on Monday over the drilling.</p>{closing}"
        "</body></html>"
    )


def _script_html() -> str:
    return """<!DOCTYPE html>
<html><head><title>Turkey warns Greece over gas drilling</title>
<script>document.write("Russia attacked Ukraine"); alert('Iran strikes Israel');</script>
<style>p { color: red } /* China sanctions Japan */</style>
</head><body onload="steal()">
<iframe src="https://ads.example/frame?Russia-invades-Poland"></iframe>
<noscript><iframe src="https://tracker.example/"></iframe></noscript>
<article>
<h1>Turkey warns Greece over gas drilling</h1>
<p>Turkey warned Greece on Monday over gas drilling in the eastern Mediterranean.
<script>var x = "Iran strikes Israel";</script></p>
<p>Egypt and France condemned Turkey, and the European Union imposed sanctions on Ankara.</p>
<iframe srcdoc="&lt;p&gt;China sanctions Japan&lt;/p&gt;"></iframe>
</article>
<script src="https://cdn.example/app.js"></script>
</body></html>
"""


def _nasty_article() -> str:
    a, b, c, d, e, f = NASTY_NAMES
    return (
        f"Turkey warns {a}\n\n"
        f"Turkey warned {a} on Monday. Militants of {b} attacked Iraq, "
        f"and the group {c} condemned Israel.\n\n"
        f"Fighters of {d} met Russia. Iran supported {e} and {f}.\n"
    )


def hostile_inputs() -> dict[str, bytes]:
    """Every hostile file of the corpus: name -> content (the 20 MB one included)."""
    rng = random.Random(20261123)
    noise = bytearray(rng.randbytes(4096))
    noise[100] = 0  # random bytes with a NUL, so the reason is certain
    good = ARTICLE.encode("utf-8")
    middle = good.index(b"Egypt")
    records = [
        json.dumps({"id": "jsonl-good", "text": ARTICLE}),
        '{"id": "jsonl-broken", "text": "Russia warned',
        json.dumps({"id": "jsonl-no-text", "title": "Turkey warns Greece"}),
        json.dumps({"id": "jsonl-good", "text": "Egypt condemned Turkey on Tuesday."}),
        json.dumps({"id": "jsonl-number", "text": 42}),
        json.dumps({"id": NASTY_ID, "title": NASTY_NAMES[0], "text": _nasty_article()}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "jsonl-blank-text", "text": " \n\t "}),
        json.dumps({"text": ARTICLE.replace("Monday", "Tuesday")}),
        '{"id": "jsonl-nan", "text": "Turkey warned Greece.", "score": NaN}',
        '{"id": "jsonl-long-number", "text": "Turkey warned Greece.", "n": ' + "9" * 5000 + "}",
        '{"id": "jsonl-deep", "text": "Turkey warned Greece.", "x": '
        + "[" * 100_000
        + "]" * 100_000
        + "}",
        # a lone surrogate: an emoji cut in half by a scraper
        '{"id": "jsonl-surrogate", "title": "Cut \\ud83d", '
        '"text": "Turkey warned Greece \\ud83d on Monday."}',
    ]
    return {
        "empty.txt": b"",
        "whitespace.txt": " \n\t\r\n \u00a0 \n".encode(),
        "image.png": _png(),
        "random.bin": bytes(noise),
        _ESCAPE_NAME: bytes(noise),
        "utf16-bom.txt": ARTICLE.encode("utf-16"),
        "utf16-no-bom.txt": ARTICLE.encode("utf-16-le"),
        "latin1.txt": "Café talks in Zürich\n\nTürkiye warned Greece.\n".encode("latin-1"),
        "invalid-utf8-middle.txt": good[:middle] + b"\xff\xfe" + good[middle:],
        "huge-20mb.txt": _numbered_article(20 * 1024 * 1024).encode()[: 20 * 1024 * 1024],
        "long-1.5mb.txt": _numbered_article(1_500_000).encode(),
        "long-line.txt": (ARTICLE + "\n" + "Syria" * 20_000 + "\n").encode(),
        "scripts.html": _script_html().encode(),
        "nested-5000.html": _nested_html(5000).encode(),
        "news.jsonl": ("\n".join(records) + "\n").encode(),
        "names.txt": _nasty_article().encode(),
        'file "quoted" <angle> \\back 🇺🇦 \u202ertl\u202c zwj\u200d.txt': good,
    }


def make_corpus(folder: str | Path) -> list[Case]:
    """Write the hostile corpus into ``folder`` (made if missing); return its cases."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in hostile_inputs().items():
        (folder / name).write_bytes(data)
    # Symbolic links: one loops back to the folder, one points nowhere.
    (folder / "loop").symlink_to(".", target_is_directory=True)
    (folder / "dangling.txt").symlink_to("no-such-target.txt")
    return hostile_cases()


def hostile_cases() -> list[Case]:
    """The cases of the corpus :func:`make_corpus` writes, without writing it."""
    nasty_file = 'file "quoted" <angle> \\back 🇺🇦 \u202ertl\u202c zwj\u200d.txt'
    return [
        Case("empty file", "empty.txt", "skip", "empty file"),
        Case("whitespace only", "whitespace.txt", "skip", "whitespace only"),
        Case("binary: an image", "image.png", "skip", "not text (looks like a PNG image)"),
        Case("binary: random bytes", "random.bin", "skip", "binary file (NUL bytes)"),
        Case(
            "a file name with control characters (terminal escapes)",
            _ESCAPE_NAME,
            "skip",
            "binary file (NUL bytes)",
        ),
        Case("UTF-16 with a BOM", "utf16-bom.txt", "process", doc_id="utf16-bom.txt"),
        Case(
            "UTF-16 without a BOM",
            "utf16-no-bom.txt",
            "skip",
            "looks like UTF-16LE without a BOM: try converting it with iconv",
        ),
        Case("Latin-1 text", "latin1.txt", "skip", "not valid UTF-8 at byte 3 (try converting"),
        Case(
            "invalid UTF-8 in the middle of good text",
            "invalid-utf8-middle.txt",
            "skip",
            f"not valid UTF-8 at byte {ARTICLE.encode().index(b'Egypt')}",
        ),
        Case(
            "a 20 MB single article",
            "huge-20mb.txt",
            "skip",
            f"file too large ({20 * 1024 * 1024} bytes > limit {_MAX_BYTES})",
        ),
        Case(
            "an article longer than 1,000,000 characters",
            "long-1.5mb.txt",
            "skip",
            "article too long",
        ),
        Case(
            "a 100,000-character line with no spaces",
            "long-line.txt",
            "process",
            doc_id="long-line.txt",
        ),
        Case(
            "HTML with scripts, styles and iframes",
            "scripts.html",
            "process",
            doc_id="scripts.html",
        ),
        Case(
            "HTML with 5,000 nested tags",
            "nested-5000.html",
            "skip",
            "the HTML page nests tags deeper than 256 levels",
        ),
        Case("JSON Lines: a good record", "news.jsonl:1", "process", doc_id="jsonl-good"),
        Case("JSON Lines: a broken line", "news.jsonl:2", "skip", "broken JSON on line 2"),
        Case(
            "JSON Lines: a record without `text`",
            "news.jsonl:3",
            "skip",
            "record has no 'text' field",
        ),
        Case("JSON Lines: a duplicate id", "news.jsonl:4", "skip", "duplicate id 'jsonl-good'"),
        Case(
            "JSON Lines: `text` not a string",
            "news.jsonl:5",
            "skip",
            "record 'text' is not a string",
        ),
        Case(
            "JSON Lines: an id and names full of quotes, angle brackets, backslashes, "
            "control characters, emoji, right-to-left text and zero-width joiners",
            "news.jsonl:6",
            "process",
            doc_id=NASTY_ID,
        ),
        Case("JSON Lines: a line not an object", "news.jsonl:8", "skip", "not a JSON object"),
        Case("JSON Lines: a blank `text`", "news.jsonl:9", "skip", "blank 'text' field"),
        Case(
            "JSON Lines: a record without `id`", "news.jsonl:10", "process", doc_id="news.jsonl:10"
        ),
        Case("JSON Lines: NaN (not JSON)", "news.jsonl:11", "skip", "NaN is not JSON"),
        Case(
            "JSON Lines: a number of 5,000 digits",
            "news.jsonl:12",
            "skip",
            "a number of 5,000 digits is too long",
        ),
        Case(
            "JSON Lines: arrays nested 100,000 deep", "news.jsonl:13", "skip", "nested too deeply"
        ),
        Case(
            "JSON Lines: a lone UTF-16 surrogate (an emoji cut in half)",
            "news.jsonl:14",
            "process",
            doc_id="jsonl-surrogate",
        ),
        Case(
            "names full of quotes, angle brackets, backslashes, control characters, emoji, "
            "right-to-left text and zero-width joiners",
            "names.txt",
            "process",
            doc_id="names.txt",
        ),
        Case(
            "a file name full of quotes, angle brackets, backslashes, emoji, right-to-left "
            "text and zero-width joiners",
            nasty_file,
            "process",
            doc_id=nasty_file,
        ),
        Case("a symbolic link that loops back to its folder", "loop", "ignore", "read once"),
        Case("a dangling symbolic link", "dangling.txt", "ignore", "not a file"),
    ]


_COUNTRIES = (
    "Turkey", "Greece", "Egypt", "France", "Germany", "Russia", "Ukraine", "Iran", "Israel",
    "Syria", "Iraq", "Jordan", "China", "Japan", "India", "Pakistan", "Nigeria", "Kenya",
    "Brazil", "Argentina", "Canada", "Mexico", "Poland", "Italy", "Spain",
)  # fmt: skip
_CLAUSES = (
    "{a} warned {b} on {day}",
    "{a} condemned {b}",
    "{a} and {c} condemned {b}",
    "{a} imposed sanctions on {b}",
    "{a} launched air strikes on {b}",
    "{a} met {b} in {city}",
    "{a} criticized {b} over the talks",
    "{a} did not support {b}",
    "{a} could attack {b}",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_CITIES = ("Geneva", "Vienna", "Doha", "Oslo", "Cairo")


def news_records(n: int, *, seed: int = 7) -> list[dict[str, str]]:
    """``n`` short news articles as JSON Lines records (``id``, ``title``, ``date``, ``text``)."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            a, b, c = rng.sample(_COUNTRIES, 3)
            clause = rng.choice(_CLAUSES)
            sentences.append(
                clause.format(a=a, b=b, c=c, day=rng.choice(_DAYS), city=rng.choice(_CITIES)) + "."
            )
        title = sentences[0].rstrip(".").replace(" on ", " ")
        records.append(
            {
                "id": f"news-{i:04d}",
                "title": title,
                "date": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "text": title + "\n\n" + " ".join(sentences),
            }
        )
    return records


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} FOLDER", file=sys.stderr)
        return 2
    for case in make_corpus(argv[1]):
        what = case.doc_id if case.outcome == "process" else case.reason
        print(f"{case.outcome:8} {case.source!a}: {case.kind} ({what!a})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

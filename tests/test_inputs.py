"""Reading documents: files, folders, JSON Lines, HTML, stdin, and every way they go wrong."""

from __future__ import annotations

import io
import json
import logging
import pathlib
from collections.abc import Iterable
from pathlib import Path

import pytest

from geokg.errors import InputError
from geokg.extract.inputs import iter_documents
from geokg.model import Document

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"

ARTICLE = (
    "Kerry warns Moscow over Syria strikes\n\n"
    "Secretary of State John Kerry warned Russia on Wednesday against striking rebel groups.\n\n"
    "Russia said its air strikes targeted Islamic State positions near Homs.\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def read(
    inputs: Iterable[str | Path] | str | Path, **kwargs: object
) -> tuple[list[Document], list[InputError]]:
    errors: list[InputError] = []
    docs = list(iter_documents(inputs, on_error=errors.append, **kwargs))  # type: ignore[arg-type]
    return docs, errors


def reasons(errors: list[InputError]) -> dict[str, str]:
    return {Path(e.source).name: e.reason for e in errors}


def write_jsonl(path: Path, *records: object) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- the acceptance case ------------------------------------------------------


def test_folder_with_bad_files_yields_the_good_one_and_reports_each_bad(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(PNG)
    (tmp_path / "latin1.txt").write_bytes(
        "Café talks in Zürich\n\nLe ministre a parlé.".encode("latin-1")
    )

    docs, errors = read([tmp_path])

    assert [d.doc_id for d in docs] == ["article.txt"]
    assert docs[0].text == ARTICLE.strip()
    assert reasons(errors) == {
        "empty.txt": "empty file",
        "image.png": "not text (looks like a PNG image)",
        "latin1.txt": "not valid UTF-8 at byte 3 (try converting it with iconv)",
    }
    assert all(e.source.startswith(str(tmp_path)) for e in errors)


# --- plain text files ---------------------------------------------------------


def test_text_file_given_directly(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    docs, errors = read([str(path)])
    assert errors == []
    (doc,) = docs
    assert doc.doc_id == "story.txt"
    assert doc.meta["source"] == str(path)
    assert doc.meta["title"] == "Kerry warns Moscow over Syria strikes"


def test_single_path_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "a").write_text(ARTICLE, encoding="utf-8")
    docs, _ = read(tmp_path / "a")
    assert [d.doc_id for d in docs] == ["a"]


def test_text_is_cleaned_and_headline_kept_once(tmp_path: Path) -> None:
    raw = (
        "Kerry warns Moscow\n\nKerry warns Moscow\n\nBy Jane Doe, Reuters\n\n"
        "Kerry warned Russia on Wednesday.\n\nMore in this Section\n\n"
        "Storm hits coastStorm hits coast\n"
    )
    (tmp_path / "a.text").write_text(raw, encoding="utf-8")
    (doc,), _ = read([tmp_path])
    assert doc.text == "Kerry warns Moscow\n\nKerry warned Russia on Wednesday."


def test_headline_without_blank_line_becomes_its_own_paragraph(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Kerry warns Moscow\nKerry warned Russia.", encoding="utf-8")
    (doc,), _ = read([tmp_path])
    assert doc.text == "Kerry warns Moscow\n\nKerry warned Russia."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n  \n", "whitespace only"),
        (PNG, "not text (looks like a PNG image)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not text (looks like a PDF document)"),
        (
            b"PK\x03\x04\x14\x00",
            "not text (looks like a ZIP archive (or a .docx/.xlsx/.epub file))",
        ),
        (b"\x1f\x8b\x08\x00", "not text (looks like a gzip archive)"),
        (b"Header\x00\x01\x02binary", "binary file (NUL bytes)"),
        ("Caf\u00e9".encode("latin-1"), "not valid UTF-8 at byte 3 (try converting it with iconv)"),
        (
            b"Moscow talks\n\nThe minister spoke.\n" + b"\xff\xfe bad" + b"\nMore text.\n",
            "not valid UTF-8 at byte 34 (try converting it with iconv)",
        ),
        (
            "Kerry".encode("utf-16-le"),
            "binary file (NUL bytes; it looks like UTF-16LE without a BOM: "
            "try converting it with iconv -f UTF-16LE -t UTF-8)",
        ),
        (b"By Jane Doe\n\nAdvertisement\n", "no article text left after removing boilerplate"),
    ],
)
def test_bad_text_file_reasons(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    docs, errors = read([tmp_path / "bad.txt"])
    assert docs == []
    assert [(e.source, e.reason) for e in errors] == [(str(tmp_path / "bad.txt"), reason)]


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + ARTICLE.encode(),
        ARTICLE.encode("utf-16"),  # with its BOM
        b"\xfe\xff" + ARTICLE.encode("utf-16-be"),
        ARTICLE.encode("utf-32"),
        ARTICLE.replace("\n", "\r\n").encode(),
    ],
    ids=["utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf32-bom", "crlf"],
)
def test_unambiguous_encodings_are_decoded(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "a.txt").write_bytes(data)
    (doc,), errors = read([tmp_path])
    assert errors == []
    assert doc.text == ARTICLE.strip()
    assert not doc.text.startswith("\ufeff")


def test_file_too_large(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(ARTICLE, encoding="utf-8")
    size = len(ARTICLE.encode())
    docs, errors = read([tmp_path], max_bytes=100)
    assert docs == []
    assert reasons(errors) == {"big.txt": f"file too large ({size} bytes > limit 100)"}


def test_missing_path(tmp_path: Path) -> None:
    docs, errors = read([tmp_path / "nope.txt", tmp_path / "nofolder"])
    assert docs == []
    assert [(e.source, e.reason) for e in errors] == [
        (str(tmp_path / "nope.txt"), "no such file"),
        (str(tmp_path / "nofolder"), "no such file"),
    ]


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod does not stop root, so the refusal is simulated where the file is opened.
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "open.txt").write_text(ARTICLE.replace("Kerry", "Lavrov"), encoding="utf-8")
    real_open = pathlib.Path.open

    def fake_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pathlib.Path, "open", fake_open)
    docs, errors = read([tmp_path])
    assert [d.doc_id for d in docs] == ["open.txt"]
    assert reasons(errors) == {"locked.txt": "cannot read: permission denied"}


def test_on_error_default_logs_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with caplog.at_level(logging.WARNING, logger="geokg.extract.inputs"):
        assert list(iter_documents([tmp_path])) == []
    assert "empty.txt" in caplog.text
    assert "empty file" in caplog.text


def test_on_error_that_raises_stops_the_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")

    def fail(error: InputError) -> None:
        raise error

    with pytest.raises(InputError, match="empty file"):
        list(iter_documents([tmp_path], on_error=fail))


# --- folders ------------------------------------------------------------------


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ["b.txt", "a/z.txt", "a/b/c.txt", "a10.txt", "c/d.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Story {rel}\n\nRussia and Iran met in {rel}.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("hidden folder", encoding="utf-8")
    (tmp_path / "c" / ".notes.txt").write_text("hidden file", encoding="utf-8")

    docs, errors = read([tmp_path])

    assert errors == []
    assert [d.doc_id for d in docs] == ["a/b/c.txt", "a/z.txt", "a10.txt", "b.txt", "c/d.txt"]
    assert docs[0].meta["source"] == str(tmp_path / "a" / "b" / "c.txt")
    assert [d.doc_id for d in read([tmp_path])[0]] == [d.doc_id for d in docs]


def test_same_relative_path_in_two_folders_is_a_duplicate(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(ARTICLE, encoding="utf-8")
    docs, errors = read([tmp_path / "one", tmp_path / "two"])
    assert [d.meta["source"] for d in docs] == [str(tmp_path / "one" / "x.txt")]
    (error,) = errors
    assert error.source == str(tmp_path / "two" / "x.txt")
    assert error.reason.startswith("duplicate id 'x.txt' (first seen in ")


# --- JSON Lines ---------------------------------------------------------------


def test_jsonl_records_errors_and_duplicates(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "news.jsonl",
        {
            "id": "a1",
            "title": "Talks resume",
            "date": "2015-10-01",
            "url": "http://x/1",
            "source": "Reuters",
            "text": "Talks resume\nThe talks resumed in Geneva.",
        },
        "{broken",
        "",
        {"id": "a2", "title": "no text here"},
        {"id": "a3", "text": "   "},
        {"id": "a1", "text": "A second record with the same id."},
        ["not", "an", "object"],
        {"text": "A record without an id."},
        {"id": 7, "text": "Numeric ids are fine."},
    )
    docs, errors = read([path])

    assert [d.doc_id for d in docs] == ["a1", "news.jsonl:8", "7"]
    first = docs[0]
    assert first.text == "Talks resume\n\nThe talks resumed in Geneva."
    assert dict(first.meta) == {
        "title": "Talks resume",
        "date": "2015-10-01",
        "url": "http://x/1",
        "source": "Reuters",
    }
    assert first.date == "2015-10-01"
    assert docs[1].meta["source"] == f"{path}:8"
    assert [(e.source, e.reason) for e in errors] == [
        (
            f"{path}:2",
            "broken JSON on line 2: Expecting property name enclosed in double quotes at column 2",
        ),
        (f"{path}:4", "record has no 'text' field (its fields: id, title)"),
        (f"{path}:5", "record has a blank 'text' field"),
        (f"{path}:6", f"duplicate id 'a1' (first seen in {path}:1; this one is skipped)"),
        (f"{path}:7", "record is not a JSON object (got list)"),
    ]


def test_jsonl_in_a_folder_uses_relative_name_for_missing_ids(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write_jsonl(tmp_path / "sub" / "n.ndjson", {"text": "Iran and Iraq met."})
    (doc,), _ = read([tmp_path])
    assert doc.doc_id == "sub/n.ndjson:1"


@pytest.mark.parametrize(
    ("content", "errors_expected"),
    [
        (b"", [("", "empty file")]),
        (b"\n \n", [("", "whitespace only")]),
        (
            b'[{"id": "a", "text": "b"}]\n',
            [("", "not JSON Lines (it holds a JSON array; write one object per line)")],
        ),
        (PNG, [("", "not text (looks like a PNG image)")]),
        (
            '{"id": "a", "text": "b"}\n'.encode("utf-16"),
            [
                (
                    "",
                    "JSON Lines must be UTF-8, this file is UTF-16 "
                    "(try converting it with iconv -f UTF-16 -t UTF-8)",
                )
            ],
        ),
    ],
)
def test_jsonl_file_level_errors(
    tmp_path: Path, content: bytes, errors_expected: list[tuple[str, str]]
) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    docs, errors = read([path])
    assert docs == []
    assert [(e.source, e.reason) for e in errors] == [
        (f"{path}{suffix}", reason) for suffix, reason in errors_expected
    ]


def test_jsonl_bom_invalid_utf8_and_overlong_lines(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": "Russia and Iran met."}).encode()
    long = json.dumps({"id": "long", "text": "x" * 500}).encode()
    bad = b'{"id": "bad", "text": "caf\xe9"}'
    path = tmp_path / "x.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf" + good + b"\n" + long + b"\n" + bad + b"\n" + good.replace(b"ok", b"ok2")
    )
    docs, errors = read([path], max_bytes=200)
    assert [d.doc_id for d in docs] == ["ok", "ok2"]
    offset = 3 + len(good) + 1 + len(long) + 1 + bad.index(b"\xe9")
    assert [(e.source, e.reason) for e in errors] == [
        (f"{path}:2", "record too large (more than 200 bytes > limit 200)"),
        (f"{path}:3", f"not valid UTF-8 at byte {offset} (try converting it with iconv)"),
    ]


def test_jsonl_is_read_lazily() -> None:
    records = [json.dumps({"id": f"r{i}", "text": f"Record {i} text."}) for i in range(100)]
    stream = io.StringIO("\n".join(records) + "\n")
    docs = iter_documents(["-"], stdin=stream)
    assert next(docs).doc_id == "r0"
    assert stream.tell() < len(stream.getvalue()) // 10


# --- HTML ---------------------------------------------------------------------


def test_html_main_text_and_metadata() -> None:
    path = FIXTURES / "article.html"
    (doc,), errors = read([path])
    assert errors == []
    assert doc.doc_id == "article.html"
    assert doc.meta["title"] == "Ministers agree to resume border talks"
    assert doc.meta["date"] == "2021-03-04"
    assert doc.meta["url"] == "https://news.example.org/world/border-talks"
    assert doc.text.startswith("The foreign ministers of Armenia and Azerbaijan") or (
        doc.text.startswith("Ministers agree to resume border talks\n\nThe foreign ministers")
    )
    assert doc.text.endswith("confidence-building measures would be needed.")
    assert doc.text.count("\n\n") >= 3  # paragraphs stay paragraphs
    for junk in [
        "tracking",
        "dataLayer",
        "Home",
        "Weather",
        "Most read",
        "Storm closes",
        "cookies",
        "Copyright",
        "Privacy",
        "Jane Example",
        "font-family",
    ]:
        assert junk not in doc.text


def test_html_with_declared_charset_is_decoded(tmp_path: Path) -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    html = html.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("Geneva", "Genève")
    (tmp_path / "page.htm").write_bytes(html.encode("latin-1"))
    (doc,), errors = read([tmp_path])
    assert errors == []
    assert "Genève" in doc.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (
            b"<html><body><div></div><script>track()</script></body></html>",
            "no article text found in the HTML page",
        ),
        (
            "<p>Caf\u00e9</p>".encode("latin-1"),
            "not valid UTF-8 at byte 6 (try converting it with iconv)",
        ),
    ],
)
def test_bad_html(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "page.html").write_bytes(content)
    docs, errors = read([tmp_path])
    assert docs == []
    assert reasons(errors) == {"page.html": reason}


# --- stdin --------------------------------------------------------------------


def test_stdin_plain_text() -> None:
    (doc,), errors = read(["-"], stdin=io.StringIO("\n\n" + ARTICLE))
    assert errors == []
    assert doc.doc_id == "stdin"
    assert doc.text == ARTICLE.strip()
    assert doc.meta == {"source": "<stdin>", "title": "Kerry warns Moscow over Syria strikes"}


def test_stdin_json_lines() -> None:
    stream = io.StringIO('\n{"id": "s1", "text": "Iran and Iraq met."}\n{"text": "Peace."}\n')
    docs, errors = read(["-"], stdin=stream)
    assert errors == []
    assert [(d.doc_id, d.text) for d in docs] == [
        ("s1", "Iran and Iraq met."),
        ("stdin:3", "Peace."),
    ]


def test_stdin_bytes_are_checked_like_files() -> None:
    docs, errors = read(["-"], stdin=io.BytesIO(ARTICLE.encode("utf-16")))
    assert [d.text for d in docs] == [ARTICLE.strip()]
    docs, errors = read(["-"], stdin=io.BytesIO(PNG))
    assert docs == []
    assert [(e.source, e.reason) for e in errors] == [
        ("<stdin>", "not text (looks like a PNG image)")
    ]


@pytest.mark.parametrize(("data", "reason"), [("", "empty file"), ("\n  \n", "whitespace only")])
def test_stdin_empty(data: str, reason: str) -> None:
    docs, errors = read(["-"], stdin=io.StringIO(data))
    assert docs == []
    assert [(e.source, e.reason) for e in errors] == [("<stdin>", reason)]


def test_stdin_is_read_once_and_mixes_with_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    docs, errors = read(["-", tmp_path, "-"], stdin=io.StringIO("Peace talks resume today."))
    assert [d.doc_id for d in docs] == ["stdin", "a.txt"]
    assert [e.reason for e in errors] == ["standard input was already read (give '-' once)"]

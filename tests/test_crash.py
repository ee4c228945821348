"""Crash safety: a build killed with SIGKILL leaves whole files, and --resume finishes it.

The acceptance test kills a running ``geokg build`` of a few hundred generated
documents twice (while it extracts, then while it writes the exports) in an
output folder that holds a previous build's outputs. After each kill every
output is either a previous complete file or a complete new one, never a
truncated one; ``geokg build --resume`` then finishes from the per-document
checkpoint and its outputs equal those of an uninterrupted build, byte for
byte (and the graph read back is the same graph).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from hostile.make_corpus import news_records
from rdflib.compare import isomorphic

from geokg import __version__
from geokg.api import OUTPUT_FILES, build
from geokg.checkpoint import JOURNAL, Checkpoint
from geokg.cli import main
from geokg.errors import GeoKGError
from geokg.model import Document, Extraction

N_DOCUMENTS = 200
# The outputs that are data (the others, graph.html and graph.png, are checked whole too).
DATA_FILES = sorted(name for name in OUTPUT_FILES if not name.endswith((".html", ".png")))


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def journal_lines(out: Path) -> int:
    try:
        return (out / JOURNAL).read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def temporaries(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


def geokg(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "geokg", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_when(proc: subprocess.Popen[str], ready, *, timeout: float = 300) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()``; False if it ended first."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            return True
        if time.monotonic() > deadline:
            raise AssertionError("the build neither reached the point to kill nor ended")
        time.sleep(0.01)
    return False


def assert_whole(out: Path, *allowed: dict[str, bytes]) -> None:
    """Every output is one of the ``allowed`` complete versions, or absent."""
    for name, data in snapshot(out).items():
        if name.startswith("."):
            # the journal, and temporaries the next build removes; never an output name
            assert name == JOURNAL or name.endswith(".tmp"), name
            continue
        assert name in OUTPUT_FILES, name
        assert any(data == version.get(name) for version in allowed), f"{name} is not whole"


@pytest.fixture
def reap() -> Iterator[list[subprocess.Popen[str]]]:
    """Subprocesses of a test, killed if the test ends while they run."""
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)
        if proc.stderr is not None:
            proc.stderr.close()


def test_sigkill_then_resume_gives_the_uninterrupted_graph(
    tmp_path: Path, reap: list[subprocess.Popen[str]]
) -> None:
    news = write_jsonl(tmp_path / "news.jsonl", news_records(N_DOCUMENTS))
    older = write_jsonl(tmp_path / "older.jsonl", news_records(12, seed=99))
    out, reference = tmp_path / "out", tmp_path / "reference"
    build([older], out_dir=out)
    previous = snapshot(out)
    build([news], out_dir=reference)
    expected = snapshot(reference)
    assert sorted(previous) == sorted(expected) == sorted(OUTPUT_FILES)

    # 1. killed while extracting: the previous outputs stay as they were
    first = geokg("-q", "build", str(news), "-o", str(out))
    reap.append(first)
    assert kill_when(first, lambda: journal_lines(out) > 60), first.communicate()[1]
    extracted = journal_lines(out) - 1  # the header
    assert 60 <= extracted < N_DOCUMENTS
    assert_whole(out, previous)
    assert {n for n in snapshot(out) if not n.startswith(".")} == set(OUTPUT_FILES)

    # 2. resumed, and killed again once it writes the outputs: each is old or new, whole
    before = (out / "extraction.jsonl").stat().st_ino

    def writing_outputs() -> bool:
        # extraction.jsonl is renamed into place when extraction ends, then the rest follow
        renamed = (out / "extraction.jsonl").stat().st_ino != before
        return renamed or any(not t.startswith(".extraction") for t in temporaries(out))

    second = geokg("-q", "build", str(news), "-o", str(out), "--resume")
    reap.append(second)
    assert kill_when(second, writing_outputs), second.communicate()[1]
    assert_whole(out, previous, expected)

    # 3. resumed to the end: the outputs of the uninterrupted build, byte for byte
    third = subprocess.run(
        [sys.executable, "-m", "geokg", "-v", "build", str(news), "-o", str(out), "--resume"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert third.returncode == 0, third.stderr
    assert f"resumed: {N_DOCUMENTS} documents from the checkpoint, 0 extracted" in third.stderr
    final = snapshot(out)
    assert not [n for n in final if n.startswith(".")], "journal or temporaries left behind"
    for name in DATA_FILES:
        assert final[name] == expected[name], name
    assert final["graph.png"].endswith(b"IEND\xaeB`\x82")
    assert final["graph.html"].rstrip().endswith(b"</html>")
    # the graph itself, read back: the same nodes, edges and attributes
    assert nx.utils.graphs_equal(
        nx.read_graphml(out / "graph.graphml", force_multigraph=True),
        nx.read_graphml(reference / "graph.graphml", force_multigraph=True),
    )
    assert isomorphic(
        rdflib.Graph().parse(out / "graph.ttl", format="turtle"),
        rdflib.Graph().parse(reference / "graph.ttl", format="turtle"),
    )


# --- the checkpoint, without spaCy ------------------------------------------------------

DOCS = [Document(f"d{i}", f"Text {i}.", {"source": f"news.jsonl:{i}"}) for i in range(6)]


class FakeExtractor:
    """Extracts a document into an extraction carrying its text; counts what it saw."""

    def __init__(self, *, skip: str | None = None) -> None:
        self.seen: list[str] = []
        self.calls = 0
        self.skip = skip

    def __call__(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        self.calls += 1
        for doc in documents:
            self.seen.append(doc.doc_id)
            if doc.doc_id != self.skip:
                yield Extraction(doc.doc_id, meta={"text": doc.text})


def run(folder: Path, docs: list[Document], fake: FakeExtractor, **kw) -> list[Extraction]:
    with Checkpoint(folder, **kw) as checkpoint:
        result = list(checkpoint.run(docs, fake))
    return result


def interrupted(folder: Path, docs: list[Document], after: int) -> None:
    """A build that was killed after journaling ``after`` documents."""
    with Checkpoint(folder) as checkpoint:
        stream = checkpoint.run(docs, FakeExtractor())
        for _ in range(after):
            next(stream)


def test_resume_reads_back_what_was_journaled(tmp_path: Path) -> None:
    interrupted(tmp_path, DOCS, after=4)
    fake = FakeExtractor()
    with Checkpoint(tmp_path, resume=True) as checkpoint:
        result = list(checkpoint.run(DOCS, fake))
    assert [e.doc_id for e in result] == [d.doc_id for d in DOCS]
    assert fake.seen == ["d4", "d5"]
    assert (checkpoint.resumed, checkpoint.extracted) == (4, 2)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert result == run(fresh, DOCS, FakeExtractor())


def test_without_resume_an_old_journal_is_discarded(tmp_path: Path) -> None:
    interrupted(tmp_path, DOCS, after=4)
    fake = FakeExtractor()
    run(tmp_path, DOCS, fake)
    assert fake.seen == [d.doc_id for d in DOCS]


def test_a_torn_last_line_is_cut(tmp_path: Path) -> None:
    interrupted(tmp_path, DOCS, after=3)
    journal = tmp_path / JOURNAL
    journal.write_bytes(journal.read_bytes()[:-25])  # killed in the middle of a line
    fake = FakeExtractor()
    result = run(tmp_path, DOCS, fake, resume=True)
    assert fake.seen == ["d2", "d3", "d4", "d5"]
    assert [e.doc_id for e in result] == [d.doc_id for d in DOCS]
    lines = journal.read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(json.loads(line) for line in lines[:-1])


def test_a_changed_document_is_extracted_again(tmp_path: Path) -> None:
    interrupted(tmp_path, DOCS, after=4)
    changed = [*DOCS[:1], Document("d1", "Edited text.", DOCS[1].meta), *DOCS[2:]]
    fake = FakeExtractor()
    result = run(tmp_path, changed, fake, resume=True)
    assert fake.seen == ["d1", "d4", "d5"]
    assert result[1].meta["text"] == "Edited text."


def test_a_document_left_out_by_the_extractor_keeps_the_order(tmp_path: Path) -> None:
    interrupted(tmp_path, DOCS, after=2)
    result = run(tmp_path, [*DOCS[:3], DOCS[3], *DOCS[4:]], FakeExtractor(skip="d3"), resume=True)
    assert [e.doc_id for e in result] == ["d0", "d1", "d2", "d4", "d5"]


def test_when_every_document_is_journaled_nothing_is_extracted(tmp_path: Path) -> None:
    interrupted(tmp_path, DOCS, after=len(DOCS))
    fake = FakeExtractor()
    result = run(tmp_path, DOCS, fake, resume=True)
    assert fake.calls == 0 and len(result) == len(DOCS)


def test_the_journal_of_another_version_is_not_resumed(tmp_path: Path) -> None:
    interrupted(tmp_path, DOCS, after=4)
    journal = tmp_path / JOURNAL
    lines = journal.read_text(encoding="utf-8").split("\n")
    lines[0] = json.dumps({"geokg_checkpoint": 1, "geokg": __version__ + ".old"})
    journal.write_text("\n".join(lines), encoding="utf-8")
    fake = FakeExtractor()
    run(tmp_path, DOCS, fake, resume=True)
    assert fake.seen == [d.doc_id for d in DOCS]


def test_the_checkpoint_streams(tmp_path: Path) -> None:
    # Documents are read as the extractor asks for them, not all at once.
    pulled = []

    def documents() -> Iterator[Document]:
        for doc in DOCS:
            pulled.append(doc.doc_id)
            yield doc

    with Checkpoint(tmp_path) as checkpoint:
        stream = checkpoint.run(documents(), FakeExtractor())
        assert next(stream).doc_id == "d0" and pulled == ["d0"]


def test_finish_removes_the_journal_and_stale_temporaries_go(tmp_path: Path) -> None:
    (tmp_path / ".graph.ttl.0123abcd.tmp").write_text("half a file", encoding="utf-8")
    (tmp_path / ".notes.0123abcd.tmp").write_text("not ours", encoding="utf-8")
    with Checkpoint(tmp_path, outputs=OUTPUT_FILES) as checkpoint:
        list(checkpoint.run(DOCS, FakeExtractor()))
        checkpoint.finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.0123abcd.tmp"]


def test_two_builds_cannot_write_into_one_folder(tmp_path: Path) -> None:
    with Checkpoint(tmp_path):
        with pytest.raises(GeoKGError, match="another geokg build is writing into"):
            Checkpoint(tmp_path)
        result = CliRunner().invoke(
            main, ["build", str(tmp_path / "none.txt"), "-o", str(tmp_path)]
        )
    assert result.exit_code == 1 and "another geokg build is writing into" in result.output


def test_resume_needs_an_output_folder() -> None:
    with pytest.raises(GeoKGError, match="needs out_dir"):
        build(["seeds"], resume=True)


def test_resume_of_a_folder_without_checkpoint_builds_normally(tmp_path: Path) -> None:
    news = write_jsonl(tmp_path / "news.jsonl", news_records(3))
    result = CliRunner().invoke(main, ["build", str(news), "-o", str(tmp_path / "out"), "--resume"])
    assert result.exit_code == 0, result.output
    assert "3 documents read" in result.output
    assert not (tmp_path / "out" / JOURNAL).exists()
    assert os.listdir(tmp_path / "out") and not temporaries(tmp_path / "out")

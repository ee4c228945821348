"""``--processes N``: a pool of worker processes gives the same extractions, in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.cli import main
from geokg.errors import GeoKGError
from geokg.exports import jsonl_line
from geokg.extract.pipeline import Extractor, pack, unpack
from geokg.model import Document, Entity, Extraction, Relation

SEED = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
TEXTS = [
    "Russia attacked Ukraine.",
    "The United States warned Iran on Monday. Iran rejected the warning.",
    "France and Germany met in Berlin and condemned the US-backed rebels.",
    "China criticized Japan.",
    SEED.read_text(encoding="utf-8"),
    "No actors here at all.",
    "Kerry said Russia must stop its air strikes on Syrian rebels.",
]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return [Document(f"d{i}", text, {"title": f"t{i}"}) for i, text in enumerate(TEXTS * 2)]


def test_two_processes_extract_what_one_does(documents):
    one = [jsonl_line(ex) for ex in Extractor(batch_size=2).extract(documents)]
    two = [jsonl_line(ex) for ex in Extractor(batch_size=2, n_process=2).extract(documents)]
    assert two == one
    assert [json.loads(line)["doc_id"] for line in two] == [d.doc_id for d in documents]


def test_cli_processes_option_gives_the_same_output(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"n{i}", "text": t}) + "\n" for i, t in enumerate(TEXTS)),
        encoding="utf-8",
    )
    runner = CliRunner()
    single = runner.invoke(main, ["-q", "extract", str(corpus)])
    pooled = runner.invoke(main, ["-q", "extract", "-j", "2", "--batch-size", "3", str(corpus)])
    assert single.exit_code == 0, single.output
    assert pooled.exit_code == 0, pooled.output
    assert pooled.stdout == single.stdout
    assert len(single.stdout.splitlines()) == len(TEXTS)


def test_processes_option_is_validated():
    result = CliRunner().invoke(main, ["extract", "-j", "0", "x.jsonl"])
    assert result.exit_code == 2
    assert "--processes" in result.output
    with pytest.raises(GeoKGError, match="n_process"):
        Extractor(n_process=0)


def test_pack_round_trips_documents_and_extractions():
    doc = Document("d", "text", {"title": "T", "nested": {"a": [1, 2]}})
    ex = Extraction(
        "d",
        (Entity("RUS", "Russia", "Country", iso3="RUS", mentions=("Russia",)),),
        (Relation("RUS", "warns", "RUS", "s", 0, 1, doc_id="d"),),
        meta={"title": "T"},
    )
    assert unpack(pack(doc)) == doc
    assert unpack(pack(ex)) == ex


def test_worker_processes_start_once_and_the_parent_loads_no_model(documents):
    one = [jsonl_line(ex) for ex in Extractor(batch_size=2).extract(documents)]
    with Extractor(batch_size=2, n_process=2) as extractor:
        assert "nlp" not in vars(extractor)  # the workers parse; this process loads nothing
        extractor.start()
        workers = set(extractor._pool._processes)
        assert len(workers) == 2
        first = [jsonl_line(ex) for ex in extractor.extract(documents)]
        second = [jsonl_line(ex) for ex in extractor.extract(documents[:3])]
        assert set(extractor._pool._processes) == workers  # the same processes, kept
        assert "nlp" not in vars(extractor)
    assert first == one
    assert second == one[:3]
    assert extractor._pool is None

"""Every CLI command through click's CliRunner, on fixtures made here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner

from geokg.cli import EXIT_SKIPPED, main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "Turkey warns Greece over gas drilling\n\n"
    "Turkey warned Greece on Monday. Egypt and France condemned Turkey, "
    "and the European Union imposed sanctions on Ankara.\n"
)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def article_dir(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_build_writes_every_output(runner, article_dir, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(article_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.gexf", "graph.graphml", "extraction.jsonl"):
        assert (out / name).stat().st_size > 0, name
    rdf = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert len(rdf) > 0
    multi = nx.read_graphml(out / "graph.graphml")
    assert {"TUR", "GRC"} <= set(multi.nodes)
    nx.read_gexf(out / "graph.gexf")
    lines = (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["good.txt"]
    assert "1 document read" in result.output


def test_build_without_arguments_reads_the_seeds(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "seed-out"
    result = runner.invoke(main, ["build", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 document read" in result.output
    extraction = json.loads((out / "extraction.jsonl").read_text(encoding="utf-8"))
    labels = {e["label"] for e in extraction["entities"]}
    assert {"Russia", "United States"} <= labels
    # The related-headline list after the article is not content.
    text = json.dumps(extraction)
    for name in ("Trump", "Jimmy Carter", "Manchester Arena"):
        assert name not in text


def test_bad_files_are_named_and_the_good_one_is_processed(runner, article_dir, tmp_path):
    (article_dir / "empty.txt").write_bytes(b"")
    (article_dir / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (article_dir / "latin1.txt").write_bytes("Caf\xe9 in S\xe3o Paulo".encode("latin-1"))
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(article_dir), "-o", str(out)])
    assert result.exit_code == EXIT_SKIPPED, result.output
    for name in ("empty.txt", "image.png", "latin1.txt"):
        assert re.search(rf"skipped \S*{re.escape(name)}: \w", result.stderr), name
    lines = (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["good.txt"]


def test_extract_prints_the_jsonl_contract(runner, article_dir):
    result = runner.invoke(main, ["extract", "--format", "jsonl", str(article_dir / "good.txt")])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip())
    assert set(record) >= {"doc_id", "entities", "relations"}
    for ent in record["entities"]:
        assert set(ent) >= {"id", "label", "type", "iso3", "mentions", "country"}
    triples = {(r["subject"], r["predicate"], r["object"]) for r in record["relations"]}
    assert ("TUR", "warns", "GRC") in triples
    for rel in record["relations"]:
        assert set(rel) >= {
            "subject",
            "predicate",
            "object",
            "negated",
            "hypothetical",
            "attributed_to",
            "sentence",
            "role",
            "confidence",
        }


def test_extract_reads_jsonl_from_stdin(runner):
    line = json.dumps({"id": "n1", "text": "Iran attacked Iraq.", "date": "2020-01-05"})
    result = runner.invoke(main, ["extract", "-"], input=line + "\n")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["doc_id"] == "n1"
    assert record["meta"]["date"] == "2020-01-05"


def test_extract_to_file_is_atomic_and_complete(runner, article_dir, tmp_path):
    target = tmp_path / "x.jsonl"
    result = runner.invoke(main, ["extract", str(article_dir), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert len(target.read_text(encoding="utf-8").splitlines()) == 1
    assert not list(tmp_path.glob("*.tmp*")), "no temporary file is left behind"


@pytest.mark.parametrize("command", [[], ["build"], ["extract"]])
def test_every_help_has_an_example(runner, command):
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"geokg {name}" in readme, f"README does not mention `geokg {name}`"

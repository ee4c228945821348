"""Incremental builds: a build into a folder extracts only what is new or changed.

The acceptance test builds 200 generated news articles with the real model,
then the same 200 with 2 of them changed plus 20 new ones: the second build
extracts 22 documents (counted where the extractor receives them) and its
outputs equal those of a full build of the same inputs, byte for byte, and
its store holds exactly the triples of its graph.ttl. The other tests use a
stand-in extractor (no spaCy), so they can try every case quickly: documents
kept or pruned, another fingerprint, a build killed between two renames.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hostile.make_corpus import news_records

import geokg.api
from geokg.api import OUTPUT_FILES, build
from geokg.cli import main
from geokg.errors import GeoKGError
from geokg.model import Document, Entity, Extraction, Relation
from geokg.triplestore import open_store


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file of a build, by name."""
    return {name: (folder / name).read_bytes() for name in sorted(OUTPUT_FILES)}


def store_triples(folder: Path) -> set[ox.Triple]:
    with open_store(folder) as opened:
        return {ox.Triple(q.subject, q.predicate, q.object) for q in opened.store}


def turtle_triples(folder: Path) -> set[ox.Triple]:
    """graph.ttl's triples as a store keeps them: Oxigraph writes numbers in their
    canonical form ("62.0"^^xsd:decimal is "62"), as the build's store does."""
    store = ox.Store()
    store.load(path=str(folder / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store}


def assert_same_build(folder: Path, reference: Path) -> None:
    got, want = outputs(folder), outputs(reference)
    for name in want:
        assert got[name] == want[name], f"{name} differs from the full build's"
    assert store_triples(folder) == turtle_triples(folder) == turtle_triples(reference)


# --- a stand-in extractor: "A strikes B. C meets A." ----------------------------------------


class Counter:
    """Counts the documents the extractor is handed."""

    def __init__(self) -> None:
        self.ids: list[str] = []


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Counter:
    counter = Counter()

    def extract(documents: Iterable[Document], **_: object) -> Iterator[Extraction]:
        for doc in documents:
            counter.ids.append(doc.doc_id)
            entities, relations = {}, []
            for sentence in filter(None, (s.strip() for s in doc.text.split("."))):
                s, p, o = sentence.split()
                for name in (s, o):
                    entities[name] = Entity(name, name.title(), "Country", mentions=(name,))
                relations.append(
                    Relation(s, p, o, sentence + ".", 0, len(sentence) + 1, doc_id=doc.doc_id)
                )
            yield Extraction(doc.doc_id, tuple(entities.values()), tuple(relations), doc.meta)

    monkeypatch.setattr(geokg.api, "_extract_documents", extract)
    return counter


def records(texts: dict[str, str]) -> list[dict[str, str]]:
    return [{"id": k, "text": v, "date": f"2026-01-{1 + i % 28:02d}"} for i, (k, v) in
            enumerate(texts.items())]  # fmt: skip


BASE = {
    "d1": "usa strikes isis. rus meets usa.",
    "d2": "fra warns rus.",
    "d3": "irn criticizes usa. usa sanctions irn.",
    "d4": "chn meets rus.",
}


def test_a_second_build_extracts_only_new_and_changed_documents(
    tmp_path: Path, fake: Counter
) -> None:
    out, full = tmp_path / "out", tmp_path / "full"
    first = write_jsonl(tmp_path / "first.jsonl", records(BASE))
    kg = build([first], out_dir=out)
    assert fake.ids == ["d1", "d2", "d3", "d4"]
    assert kg.report.new == 4 and kg.report.store.mode == "loaded"

    changed = {**BASE, "d2": "fra warns chn.", "d5": "usa meets chn.", "d6": "gbr supports fra."}
    # the same file, grown: a record's "source" (file:line) is part of its metadata
    second = write_jsonl(first, records(changed))
    fake.ids.clear()
    kg = build([second], out_dir=out)
    assert fake.ids == ["d2", "d5", "d6"]
    report = kg.report
    assert (report.new, report.changed, report.unchanged, report.kept) == (2, 1, 3, 0)
    assert report.extracted == 3 and report.summary() == "2 new, 1 changed, 3 unchanged"
    # the store got the difference only
    assert report.store.mode == "updated" and 0 < report.store.added < report.store.triples

    build([second], out_dir=full)
    assert_same_build(out, full)


def test_documents_not_among_the_inputs_are_kept_after_them(tmp_path: Path, fake: Counter) -> None:
    out, full = tmp_path / "out", tmp_path / "full"
    first = write_jsonl(tmp_path / "first.jsonl", records(BASE))
    changes = [{"id": "d3", "text": "irn meets usa."}, {"id": "d9", "text": "isr strikes irn."}]
    delta = write_jsonl(tmp_path / "delta.jsonl", changes)
    build([first], out_dir=out)
    fake.ids.clear()
    kg = build([delta], out_dir=out)
    assert fake.ids == ["d3", "d9"]
    assert (kg.report.new, kg.report.changed, kg.report.kept) == (1, 1, 3)
    lines = (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["d3", "d9", "d1", "d2", "d4"]
    # == a full build of this build's inputs, then the earlier ones (d3 there is a duplicate)
    reference = build([delta, first], out_dir=full)
    assert [str(e.source) for e in reference.skipped] == [f"{first}:3"]
    assert_same_build(out, full)


def test_prune_leaves_out_the_documents_that_are_gone(tmp_path: Path, fake: Counter) -> None:
    out, full = tmp_path / "out", tmp_path / "full"
    first = write_jsonl(tmp_path / "first.jsonl", records(BASE))
    build([first], out_dir=out)
    fewer = write_jsonl(first, records({"d1": BASE["d1"], "d4": BASE["d4"]}))
    fake.ids.clear()
    kg = build([fewer], out_dir=out, prune=True)
    assert fake.ids == ["d4"]  # d4 moved up a line: its source (file:line) and date changed
    assert (kg.report.unchanged, kg.report.changed, kg.report.removed) == (1, 1, 2)
    assert kg.documents == ("d1", "d4")
    build([fewer], out_dir=full)
    assert_same_build(out, full)


def test_another_fingerprint_starts_over_and_says_why(tmp_path: Path, fake: Counter) -> None:
    out = tmp_path / "out"
    first = write_jsonl(tmp_path / "first.jsonl", records(BASE))
    build([first], out_dir=out, time_limit=60)
    fake.ids.clear()
    kg = build([first], out_dir=out, time_limit=30)
    assert "time limit 60 -> 30" in kg.report.reason
    assert fake.ids == list(BASE) and kg.report.unchanged == 0

    # documents that would be lost: refused, and nothing is written
    before = outputs(out)
    one = write_jsonl(tmp_path / "one.jsonl", records({"d1": BASE["d1"]}))
    with pytest.raises(GeoKGError, match=r"3 documents of an earlier build .* --prune"):
        build([one], out_dir=out, time_limit=10)
    assert outputs(out) == before
    result = CliRunner().invoke(main, ["build", str(one), "-o", str(out), "--time-limit", "10"])
    assert result.exit_code == 1 and "not among the inputs" in result.output
    kg = build([one], out_dir=out, time_limit=10, prune=True)
    assert kg.documents == ("d1",)


def test_a_changed_extraction_jsonl_is_not_trusted(tmp_path: Path, fake: Counter) -> None:
    out = tmp_path / "out"
    first = write_jsonl(tmp_path / "first.jsonl", records(BASE))
    build([first], out_dir=out)
    with open(out / "extraction.jsonl", "a", encoding="utf-8") as fh:
        fh.write("\n")
    fake.ids.clear()
    kg = build([first], out_dir=out)
    assert fake.ids == list(BASE) and "no index" in kg.report.reason


def test_the_index_is_found_after_a_kill_between_two_renames(
    tmp_path: Path, fake: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed once extraction.jsonl was renamed, before the rest: nothing is extracted again."""
    out = tmp_path / "out"
    first = write_jsonl(tmp_path / "first.jsonl", records(BASE))
    build([first], out_dir=out)
    more = write_jsonl(tmp_path / "more.jsonl", records({**BASE, "d7": "usa meets fra."}))

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(geokg.api, "_write_ontology", killed)
        with pytest.raises(KeyboardInterrupt):
            build([more], out_dir=out)
    fake.ids.clear()
    kg = build([more], out_dir=out)
    assert fake.ids == [] and kg.report.unchanged == 5
    # graph.json was replaced but not the store: the store is loaded afresh
    assert kg.report.store.mode == "loaded"
    assert store_triples(out) == turtle_triples(out)


def test_the_cli_says_what_it_did(tmp_path: Path, fake: Counter) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    first = write_jsonl(tmp_path / "first.jsonl", records(BASE))
    assert runner.invoke(main, ["build", str(first), "-o", str(out)]).exit_code == 0
    second = write_jsonl(first, records({**BASE, "d8": "usa warns prk."}))
    result = runner.invoke(main, ["build", str(second), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 new, 0 changed, 4 unchanged; 1 extracted" in result.output
    assert "store: updated, +" in result.output
    fewer = write_jsonl(tmp_path / "fewer.jsonl", records({"d1": BASE["d1"]}))
    result = runner.invoke(main, ["build", str(fewer), "-o", str(out), "--prune"])
    assert "0 new, 1 changed, 0 unchanged; 4 removed (--prune); 1 extracted" in result.output


def test_without_a_folder_nothing_is_pruned() -> None:
    with pytest.raises(GeoKGError, match="needs out_dir"):
        build(["seeds"], prune=True)


# --- the acceptance test, with the real model ------------------------------------------------


@pytest.mark.slow
def test_200_documents_then_20_new_and_2_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geokg.extract.pipeline import Extractor

    seen: list[str] = []
    original = Extractor.extract

    def counting(self: Extractor, documents: Iterable[Document], **kw: object):
        def counted() -> Iterator[Document]:
            for doc in documents:
                seen.append(doc.doc_id)
                yield doc

        return original(self, counted(), **kw)

    monkeypatch.setattr(Extractor, "extract", counting)
    news = news_records(220)
    out, full = tmp_path / "out", tmp_path / "full"
    build([write_jsonl(tmp_path / "news.jsonl", news[:200])], out_dir=out)
    assert len(seen) == 200

    for i in (17, 123):  # two articles corrected
        news[i] = {**news[i], "text": news[i]["text"] + " France condemned the attack."}
    inputs = write_jsonl(tmp_path / "news.jsonl", news)
    seen.clear()
    kg = build([inputs], out_dir=out)
    assert len(seen) == 22 and kg.report.extracted == 22
    assert sorted(seen) == sorted(
        ["news-0017", "news-0123", *(f"news-{i:04d}" for i in range(200, 220))]
    )
    assert kg.report.summary() == "20 new, 2 changed, 198 unchanged"
    assert kg.report.store.mode == "updated"

    build([inputs], out_dir=full)
    assert_same_build(out, full)

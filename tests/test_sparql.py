"""SPARQL: the Python API on both engines, `geokg query`, and the example queries of queries/."""

from __future__ import annotations

import csv
import doctest
import importlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from _graphs import small_extractions, wikinews_out
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.query import Result

import geokg.sparql
from geokg.cli import main
from geokg.errors import InputError
from geokg.exports import write_turtle
from geokg.graph import build_graph
from geokg.sparql import QueryError, QueryResult, Store, choose_engine, load, query

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
ENGINES = ("rdflib", "oxigraph")
ENT = "https://w3id.org/geokg/id/"


@pytest.fixture(scope="module")
def small_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small") / "graph.ttl"
    write_turtle(build_graph(small_extractions()), path)
    return path


@pytest.fixture(scope="module")
def stores(small_ttl: Path) -> dict[str, Store]:
    return {engine: load(small_ttl, engine=engine) for engine in ENGINES}


def plain(result: QueryResult) -> list[tuple]:
    return [tuple(None if t is None else t.toPython() for t in row) for row in result.rows]


# --- the Python API -------------------------------------------------------------------------

STRIKES = "SELECT ?s ?o WHERE { ?s geokg:strikes ?o } ORDER BY ?s ?o"


@pytest.mark.parametrize("engine", ENGINES)
def test_select_rows_and_records(stores: dict[str, Store], engine: str) -> None:
    result = stores[engine].query(STRIKES)
    assert result.kind == "SELECT" and result.vars == ("s", "o")
    assert result.rows == (
        (URIRef(ENT + "RUS"), URIRef(ENT + "islamic-state")),
        (URIRef(ENT + "USA"), URIRef(ENT + "islamic-state")),
    )
    assert result.records()[0] == {"s": ENT + "RUS", "o": ENT + "islamic-state"}
    assert len(result) == 2 and list(result) == list(result.rows)


def test_both_engines_give_the_same_terms(stores: dict[str, Store]) -> None:
    q = """SELECT ?st ?c ?d ?neg ?label WHERE {
             ?st geokg:confidence ?c ; geokg:negated ?neg ; rdf:subject ?s .
             ?s rdfs:label ?label . OPTIONAL { ?st dcterms:date ?d } } ORDER BY ?st"""
    a, b = (stores[e].query(q) for e in ENGINES)
    assert a.rows == b.rows and len(a) > 5
    counts = "SELECT (COUNT(*) AS ?n) (AVG(?c) AS ?mean) WHERE { ?st geokg:confidence ?c }"
    ra, rb = (stores[e].query(counts).records()[0] for e in ENGINES)
    assert ra["n"] == rb["n"] == 11
    assert ra["mean"] == pytest.approx(rb["mean"])


@pytest.mark.parametrize("engine", ENGINES)
def test_ask_and_construct(stores: dict[str, Store], engine: str) -> None:
    assert stores[engine].query("ASK { ent:RUS geokg:strikes ent:islamic-state }").boolean is True
    assert stores[engine].query("ASK { ent:RUS geokg:strikes ent:SYR }").boolean is False
    built = stores[engine].query("CONSTRUCT { ?s geokg:strikes ?o } WHERE { ?s geokg:strikes ?o }")
    assert built.kind == "CONSTRUCT" and len(built) == 2
    assert len(built.to_graph()) == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_dataframe(stores: dict[str, Store], engine: str) -> None:
    q = """SELECT ?label ?n WHERE { ?t a geokg:TripleSummary ; rdf:subject ?s ;
             geokg:documentCount ?n . ?s rdfs:label ?label } ORDER BY DESC(?n) ?label"""
    df = stores[engine].query(q).to_dataframe()
    assert list(df.columns) == ["label", "n"]
    assert df.iloc[0].to_dict() == {"label": "John Kerry", "n": 2}
    assert df["n"].dtype.kind == "i"


@pytest.mark.parametrize("engine", ENGINES)
def test_result_formats_round_trip(stores: dict[str, Store], engine: str) -> None:
    result = stores[engine].query(
        "SELECT ?st ?sentence ?lang WHERE { ?st geokg:sentence ?sentence "
        'BIND (STRLANG("x", "en") AS ?lang) } ORDER BY ?st'
    )
    back = Result.parse(io.StringIO(result.to_json()), format="json")
    assert [tuple(row) for row in back] == [tuple(row) for row in result.rows]
    rows = list(csv.reader(io.StringIO(result.to_csv())))
    assert rows[0] == ["st", "sentence", "lang"]
    assert [r[1] for r in rows[1:]] == [str(row[1]) for row in result.rows]
    assert 'Kerry said "Russia backs Syria".' in [r[1] for r in rows[1:]]
    tsv = result.to_tsv().splitlines()
    assert tsv[0] == "?st\t?sentence\t?lang" and tsv[1].endswith('\t"x"@en')
    ask = stores[engine].query("ASK { ?s ?p ?o }")
    assert json.loads(ask.to_json()) == {"head": {}, "boolean": True}


def test_query_accepts_files_graphs_and_multigraphs(small_ttl: Path) -> None:
    G = build_graph(small_extractions())
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s geokg:strikes ?o }"
    answers = {
        query(small_ttl, q).records()[0]["n"],
        query([small_ttl], q, engine="oxigraph").records()[0]["n"],
        query(G, q).records()[0]["n"],
        query(G, q, engine="oxigraph").records()[0]["n"],
    }
    assert answers == {2}


def test_errors(stores: dict[str, Store], tmp_path: Path, small_ttl: Path) -> None:
    for store in stores.values():
        with pytest.raises(QueryError, match="not|failed"):
            store.query("SELEC ?x WHERE { ?x ?y ?z }")
        with pytest.raises(QueryError, match="more than 3 rows"):
            store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=3)
        assert len(store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 3", max_rows=3)) == 3
    with pytest.raises(QueryError, match="unknown engine"):
        load(small_ttl, engine="virtuoso")
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "missing.ttl")
    with pytest.raises(InputError, match="unknown RDF file type"):
        load(tmp_path / "graph.csv")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    for engine in ENGINES:
        with pytest.raises(InputError, match="not valid turtle"):
            load(bad, engine=engine)


def test_auto_engine_by_size(small_ttl: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert choose_engine([small_ttl]) == "rdflib"
    monkeypatch.setattr(geokg.sparql, "AUTO_OXIGRAPH_BYTES", 1000)
    assert choose_engine([small_ttl]) == "oxigraph"
    assert load(small_ttl).engine == "oxigraph"
    assert choose_engine([small_ttl], "rdflib") == "rdflib"


def test_quads_files(tmp_path: Path) -> None:
    nq = tmp_path / "g.nq"
    nq.write_text(
        f"<{ENT}A> <https://w3id.org/geokg/ontology#warns> <{ENT}B> <https://e.org/g> .\n",
        encoding="utf-8",
    )
    for engine in ENGINES:
        assert load(nq, engine=engine).query("ASK { ent:A geokg:warns ent:B }").boolean


# --- geokg query ----------------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_query_table(runner: CliRunner, small_ttl: Path) -> None:
    result = runner.invoke(main, ["query", str(small_ttl), STRIKES])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["s", "o"]
    assert lines[2].split() == ["ent:RUS", "ent:islamic-state"]
    assert lines[-1] == "(2 rows)"


@pytest.mark.parametrize("engine", ["auto", *ENGINES])
def test_cli_query_file_csv_json_tsv(runner: CliRunner, small_ttl: Path, engine: str) -> None:
    rq = ROOT / "queries" / "who-strikes-whom.rq"
    out = runner.invoke(
        main, ["query", str(small_ttl), "-f", str(rq), "--format", "csv", "--engine", engine]
    )
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows[0]["attackerLabel"] == "Russia" and rows[0]["documents"] == "2"
    out = runner.invoke(main, ["query", str(small_ttl), "-f", str(rq), "--format", "json"])
    assert json.loads(out.stdout)["head"]["vars"][0] == "attacker"
    out = runner.invoke(main, ["query", str(small_ttl), "-f", str(rq), "--format", "tsv"])
    assert out.stdout.startswith("?attacker\t?attackerLabel")


def test_cli_query_ask_and_construct(runner: CliRunner, small_ttl: Path) -> None:
    out = runner.invoke(main, ["query", str(small_ttl), "ASK { ent:USA geokg:meets ent:RUS }"])
    assert out.exit_code == 0 and out.stdout == "true\n"
    out = runner.invoke(
        main,
        ["query", str(small_ttl), "CONSTRUCT { ?s geokg:kills ?o } WHERE { ?s geokg:kills ?o }"],
    )
    assert out.exit_code == 0 and "ent:islamic-state geokg:kills ent:USA" in out.stdout


def test_cli_query_errors(runner: CliRunner, small_ttl: Path, tmp_path: Path) -> None:
    out = runner.invoke(main, ["query", str(small_ttl)])
    assert out.exit_code == 2 and "either" in out.output
    out = runner.invoke(main, ["query", str(small_ttl), "SELECT nonsense"])
    assert out.exit_code == 1 and "Error: the query failed" in out.output
    out = runner.invoke(main, ["query", str(small_ttl), "SELECT * { ?s ?p ?o }", "--max-rows", "5"])
    assert out.exit_code == 1 and "more than 5 rows" in out.output
    out = runner.invoke(main, ["query", str(tmp_path / "none.ttl"), "ASK {}"])
    assert out.exit_code == 2


def test_cli_help_has_an_example(runner: CliRunner) -> None:
    for command in ("query", "serve"):
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output


# --- queries/ -------------------------------------------------------------------------------


def test_the_queries_are_documented() -> None:
    assert len(QUERIES) >= 5
    readme = (ROOT / "queries" / "README.md").read_text(encoding="utf-8")
    for rq in QUERIES:
        text = rq.read_text(encoding="utf-8")
        assert text.startswith("# "), f"{rq.name} starts with a title comment"
        assert "# Columns:" in text, f"{rq.name} lists its columns"
        assert rq.name in readme, f"queries/README.md does not describe {rq.name}"


@pytest.mark.parametrize("rq", QUERIES, ids=lambda p: p.stem)
def test_every_query_runs_on_both_engines(stores: dict[str, Store], rq: Path) -> None:
    text = rq.read_text(encoding="utf-8")
    a, b = (stores[e].query(text, prefixes={}) for e in ENGINES)  # the file declares its prefixes
    assert plain(a) == plain(b)
    assert len(a) > 0


# roqet (Debian's rasqal) is an independent SPARQL engine: same answers, row for row.
ROQET_QUERIES = [
    "who-strikes-whom",
    "top-actors-by-degree",
    "person-said",
    "relations-of-actor",
    "events-by-month",
    "most-reported",
    "hedged-claims",
    "dyads-by-plover",
    "events-near-place",
    "events-by-sector",
    # not deaths-by-dyad-and-month: rasqal keeps the "exact" bounds that the
    # FILTER inside its OPTIONAL drops (rdflib and Oxigraph agree with each other)
]


def _roqet_csv(path: Path, text: str) -> list[list[str]]:
    done = subprocess.run(
        [
            "roqet",
            "-q",
            "-W",
            "0",
            "-i",
            "sparql",
            "-D",
            str(path.resolve()),
            "-r",
            "csv",
            "-e",
            text,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return list(csv.reader(io.StringIO(done.stdout)))


@pytest.mark.skipif(shutil.which("roqet") is None, reason="roqet (rasqal-utils) is not installed")
@pytest.mark.parametrize("name", ROQET_QUERIES)
def test_answers_equal_roqet(stores: dict[str, Store], small_ttl: Path, name: str) -> None:
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    expected = _roqet_csv(small_ttl, text)
    assert len(expected) > 1, "roqet found nothing: the small graph does not exercise the query"
    for engine in ENGINES:
        ours = list(csv.reader(io.StringIO(stores[engine].query(text).to_csv())))
        assert ours == expected, engine


@pytest.fixture(scope="module")
def wikinews_stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Store]:
    out = wikinews_out(tmp_path_factory)
    return {engine: load(out / "graph.ttl", engine=engine) for engine in ENGINES}


@pytest.mark.shared
@pytest.mark.parametrize("rq", QUERIES, ids=lambda p: p.stem)
def test_every_query_runs_on_the_wikinews_graph(
    wikinews_stores: dict[str, Store], rq: Path
) -> None:
    text = rq.read_text(encoding="utf-8")
    a, b = (wikinews_stores[e].query(text) for e in ENGINES)
    assert plain(a) == plain(b)
    if rq.stem in ("who-strikes-whom", "top-actors-by-degree", "dyads-by-plover", "person-said"):
        assert len(a) > 0, f"{rq.stem} found nothing in the Wikinews graph"


def test_literal_conversion() -> None:
    r = QueryResult(
        "SELECT",
        ("a", "b", "c"),
        ((Literal("0.5", datatype=geokg.sparql.XSD.decimal), None, Literal(True)),),
    )
    assert r.records() == [{"a": 0.5, "b": None, "c": True}]


@pytest.mark.parametrize("module", ["geokg.sparql"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0

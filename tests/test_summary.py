"""What `geokg build` prints: a summary for people on a terminal, JSON with --json;
-q and -v after the command name as before it."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.cli import main
from geokg.cli_summary import summary_json, summary_lines
from geokg.kg import KnowledgeGraph

GEOKG = Path(sys.executable).with_name("geokg")
ARTICLE = (
    "Turkey warns Greece over gas drilling\n\n"
    "Turkey warned Greece on Monday. Egypt and France condemned Turkey, "
    "and the European Union imposed sanctions on Ankara. Turkey did not strike Greece.\n"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "turkey.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _on_a_terminal(args: list[str], cwd: Path) -> str:
    """Run geokg with stdout on a pseudo-terminal (stderr a pipe); what the terminal showed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [str(GEOKG), *args], cwd=cwd, stdout=follower, stderr=subprocess.PIPE, stdin=follower
    )
    os.close(follower)
    shown = bytearray()
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            proc.kill()
            raise AssertionError(f"geokg printed nothing for 120 s: {shown.decode()!r}")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    with proc:
        errors = proc.stderr.read().decode() if proc.stderr else ""
        assert proc.wait(timeout=60) == 0, errors
    return shown.decode().replace("\r\n", "\n")


@pytest.mark.slow
def test_build_on_a_terminal_shows_the_summary_for_people(article: Path, tmp_path: Path) -> None:
    shown = _on_a_terminal(["build", str(article), "-o", "out"], cwd=tmp_path)
    assert "\x1b[1m" in shown, "section titles are bold on a terminal"
    text = ANSI.sub("", shown)
    lines = text.splitlines()
    assert lines[0] == "1 document read, 0 skipped"
    assert re.search(r"^Actors +\d+  \d+ countr", text, re.M)
    assert re.search(r"^Relations +\d+  \d+ factual, [1-9]\d* hedged", text, re.M)
    assert re.search(r"^Top actors +type +events$", text, re.M)
    assert re.search(r"^  Turkey +Country +\d+$", text, re.M)
    assert re.search(r"^Relations by predicate +factual +hedged$", text, re.M)
    assert re.search(r"^  warns +2 +0$", text, re.M)
    assert re.search(r"^  strikes +0 +1$", text, re.M), "the hedged one apart"
    assert "Outputs in out/" in lines
    assert re.search(r"^  graph\.html +open it in a browser", text, re.M)
    assert re.search(r"^  graph\.gexf +open it in Gephi", text, re.M)
    assert "  geokg serve out    # a SPARQL endpoint on http://127.0.0.1:7878/sparql" in lines
    assert not text.lstrip().startswith("{"), "no JSON for people"


def test_the_summary_columns_are_aligned(article: Path) -> None:
    import geokg

    kg = geokg.build([article])
    lines = summary_lines(kg)
    table = lines[lines.index("Relations by predicate  factual  hedged") :]
    ends = {len(line) for line in table[1:] if line}
    assert len(ends) == 1, f"numbers right-aligned under their heading: {table}"
    assert ends == {len(table[0])}


def test_build_json_gives_the_machine_readable_summary(article: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(article), "-o", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # stdout is the JSON and nothing else
    assert {"documents", "nodes", "edges", "relations", "hedged"} <= set(data)
    assert data["documents"] == 1 and data["hedged"] >= 1
    assert data["edges_by_predicate"]["warns"] == 2
    assert data["nodes_by_type"]["Country"] >= 4
    assert data["skipped"] == []
    assert Path(data["outputs"]["graph.ttl"]) == tmp_path / "o" / "graph.ttl"
    assert data["build"]["new"] == 1 and data["build"]["store"]["mode"] == "loaded"


def test_json_names_the_skipped_inputs(article: Path, tmp_path: Path) -> None:
    (article.parent / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(
        main, ["build", str(article.parent), "-o", str(tmp_path / "o"), "--json"]
    )
    assert result.exit_code == 3, result.output
    data = json.loads(result.stdout)
    empty = str(article.parent / "empty.txt")
    assert data["skipped"] == [{"source": empty, "reason": "empty file"}]


@pytest.mark.parametrize("command", ["build", "extract", "query", "serve"])
def test_every_command_takes_q_and_v_after_its_name(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert re.search(r"-v, --verbose", result.output)
    assert re.search(r"-q, --quiet", result.output)


def test_build_q_works(article: Path, tmp_path: Path) -> None:
    for args in (["build", "-q"], ["-q", "build"], ["build", "-vq"]):
        result = CliRunner().invoke(main, [*args, str(article), "-o", str(tmp_path / "o")])
        assert result.exit_code == 0, (args, result.output)
        assert result.stdout.startswith("1 document read"), args


def test_v_after_the_command_name_logs(article: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(GEOKG), "build", "-v", str(article), "-o", "out", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "geokg: INFO: built a graph of 1 documents" in done.stderr
    assert json.loads(done.stdout)["relations"] == 6


def test_summary_json_of_a_graph_without_a_folder() -> None:
    from geokg.kg import _example

    data = summary_json(KnowledgeGraph.from_extractions([_example()]))
    assert "build" not in data and data["outputs"] == {}

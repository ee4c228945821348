"""The docs are tested: their marked examples run, every command and option is
documented, every link leads somewhere, and the README stays a short front page.

A fenced block of README.md, docs/*.md or queries/README.md runs when an HTML
comment on the line before it marks it (GitHub shows nothing of the comment):

    <!-- example -->
    ```bash
    geokg build
    ```

- ``bash`` blocks run with ``bash -euo pipefail`` and must exit 0, or the
  code the marker names (``<!-- example: exit 3 -->``);
- ``python`` blocks run in one namespace per page, in order, so a later block
  uses what an earlier one made;
- ``<!-- output -->`` before the next fenced block makes that block the
  example's expected stdout, compared as doctest does: ``...`` stands for any
  text, runs of whitespace are equal, and a time taken (``0.26 s``) is any;
  ``<!-- output: numbers vary -->`` lets any number stand for any number (a
  summary whose counts move with the extraction rules).

Each page runs in a sandbox of its own (a fresh copy of the same folder):
small articles (``articles/``, ``news.jsonl``, ``more.jsonl``, ``page.html``,
``big.jsonl``, ``yesterday.jsonl``), the repository's ``queries/``, and a
three-article stand-in for ``../shared/corpus/wikinews.jsonl``, so examples
written for the real corpus run in seconds; a page that queries ``geokg-out``
builds it first, in a marked example. docs/development.md says the same for
writers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import doctest
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import click
import pytest

from geokg.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = sorted([README, ROOT / "queries" / "README.md", *(ROOT / "docs").glob("*.md")])
README_MAX_LINES = 250

_MARKER = re.compile(r"^<!--\s*(example|output)\b\s*:?\s*(.*?)\s*-->\s*$")
_FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+-]*)")
_LANGUAGES = {"bash": "shell", "sh": "shell", "shell": "shell", "python": "python"}


@dataclasses.dataclass(frozen=True)
class Example:
    """One marked block: where it is, its language, its code and what it must give."""

    page: Path
    line: int  # of the code's first line, 1-based
    language: str
    code: str
    exit_code: int = 0
    output: str | None = None
    numbers_vary: bool = False  # in the output: any number matches any number

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def _blocks(page: Path) -> list[tuple[int, str, str, str]]:
    """Every fenced block: (line of its first code line, marker or "", language, code)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks, marker, i = [], "", 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if not fence:
            if lines[i].strip():
                marker = lines[i].strip() if _MARKER.match(lines[i].strip()) else ""
            i += 1
            continue
        indent, ticks, language = fence.groups()
        first = i + 2  # the 1-based number of the code's first line
        body, i = [], i + 1
        while i < len(lines) and not lines[i].strip().startswith(ticks):
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        blocks.append((first, marker, language, "\n".join(body) + "\n"))
        marker, i = "", i + 1
    return blocks


def _prose(page: Path) -> list[tuple[int, str]]:
    """The page's lines outside fenced blocks, with their 1-based numbers."""
    lines = page.read_text(encoding="utf-8").splitlines()
    prose, fence = [], ""
    for number, line in enumerate(lines, 1):
        match = _FENCE.match(line)
        if fence:
            if line.strip().startswith(fence) and not line.strip()[len(fence) :].strip():
                fence = ""
        elif match:
            fence = match.group(2)
        else:
            prose.append((number, line))
    return prose


def _examples(page: Path) -> list[Example]:
    examples: list[Example] = []
    for line, marker, language, code in _blocks(page):
        match = _MARKER.match(marker)
        if not match:
            continue
        kind, options = match.groups()
        where = f"{page.relative_to(ROOT)}:{line}"
        if kind == "output":
            assert examples and examples[-1].output is None, f"{where}: an output of no example"
            assert options in ("", "numbers vary"), f"{where}: unknown output option {options!r}"
            examples[-1] = dataclasses.replace(
                examples[-1], output=code, numbers_vary=options == "numbers vary"
            )
            continue
        assert language in _LANGUAGES, f"{where}: cannot run a {language or 'plain'} block"
        exit_code = re.fullmatch(r"(?:exit\s+(\d+))?", options)
        assert exit_code, f"{where}: unknown marker option {options!r} (known: 'exit N')"
        examples.append(
            Example(page, line, _LANGUAGES[language], code, int(exit_code.group(1) or 0))
        )
    return examples


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


# --- the sandbox ----------------------------------------------------------------------------

_ARTICLES = {
    "russia.txt": "Russia launched air strikes on Islamic State in Syria on Monday. "
    "The United States warned Russia against striking other groups.\n",
    "iran.txt": "Iran condemned the United States after a drone strike in Baghdad. "
    "Iraq's parliament criticized the United States.\n",
}
_NEWS = [
    {
        "id": "n1",
        "date": "2020-01-05",
        "title": "Iran vows revenge",
        "text": "Iran warned the United States after the killing of Qasem Soleimani. "
        "Iraq condemned the strike.",
    },
    {
        "id": "n2",
        "date": "2020-01-08",
        "title": "Missiles hit bases",
        "text": "Iran attacked US bases in Iraq. Russia urged restraint and met Turkey.",
    },
    {
        "id": "n3",
        "date": "2020-02-12",
        "title": "Sanctions",
        "text": "The United States imposed sanctions on Iran. France supported talks.",
    },
]


def _jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


@pytest.fixture(scope="module")
def sandbox_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every page's examples start from (copied afresh for each page)."""
    top = tmp_path_factory.mktemp("docs-sandbox")
    work = top / "work"
    (work / "articles").mkdir(parents=True)
    for name, text in _ARTICLES.items():
        (work / "articles" / name).write_text(text, encoding="utf-8")
    (work / "news.jsonl").write_text(_jsonl(_NEWS), encoding="utf-8")
    (work / "more.jsonl").write_text(_jsonl(_NEWS[:1]), encoding="utf-8")
    (work / "yesterday.jsonl").write_text(
        _jsonl([{"id": "n4", "date": "2020-02-13", "text": "Turkey warned Greece."}]),
        encoding="utf-8",
    )
    big = [{**r, "id": f"{r['id']}-{i}"} for i in range(4) for r in _NEWS]
    (work / "big.jsonl").write_text(_jsonl(big), encoding="utf-8")
    (work / "page.html").write_text(
        "<html><head><title>Turkey warns Greece</title></head><body><article>"
        "<h1>Turkey warns Greece</h1><p>Turkey warned Greece over gas drilling on Monday, "
        "and Egypt and France condemned Turkey.</p></article></body></html>",
        encoding="utf-8",
    )
    shutil.copytree(ROOT / "queries", work / "queries")
    corpus = top / "shared" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "wikinews.jsonl").write_text(_jsonl(_NEWS), encoding="utf-8")
    return top


def _run_shell(example: Example, cwd: Path) -> tuple[int, str, str]:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "MPLBACKEND": "Agg",
    }
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", example.code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    return done.returncode, done.stdout, done.stderr


def _run_python(example: Example, namespace: dict) -> str:
    code = compile("\n" * (example.line - 1) + example.code, str(example.page), "exec")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(code, namespace)  # noqa: S102 - the docs' own examples
    return printed.getvalue()


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SECONDS = re.compile(r"\b\d+\.\d+ s\b")  # a time taken is never the same twice


def _check_output(example: Example, got: str) -> None:
    if example.output is None:
        return
    want = _SECONDS.sub("N s", example.output)
    got = _SECONDS.sub("N s", got)
    if example.numbers_vary:
        want, got = _NUMBER.sub("N", want), _NUMBER.sub("N", got)
    checker = doctest.OutputChecker()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    if not checker.check_output(want, got, flags):
        report = flags | doctest.REPORT_NDIFF
        diff = checker.output_difference(doctest.Example("", want), got, report)
        pytest.fail(f"{example.where}: the output shown is not what the example prints\n{diff}")


RUNNABLE = [page for page in PAGES if _examples(page)]


@pytest.mark.slow
@pytest.mark.parametrize("page", RUNNABLE, ids=_page_id)
def test_the_examples_of_a_page_run(
    page: Path, sandbox_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = tmp_path / "sandbox"
    shutil.copytree(sandbox_template, top, symlinks=True)
    work = top / "work"
    monkeypatch.chdir(work)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict = {"__name__": "__docs__"}
    for example in _examples(page):
        if example.language == "shell":
            code, out, err = _run_shell(example, work)
            assert code == example.exit_code, (
                f"{example.where}: exit code {code}, expected {example.exit_code}\n"
                f"$ {example.code}\n{out}\n{err}"
            )
        else:
            out = _run_python(example, namespace)
        _check_output(example, out)


def test_every_marker_marks_a_block() -> None:
    """A marker must stand right before a fenced block: one that does not runs nothing."""
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in _prose(page):
            if _MARKER.match(line.strip()):
                after = next((x for x in lines[number:] if x.strip()), "")
                assert _FENCE.match(after), f"{_page_id(page)}:{number}: no code block after it"


def test_the_examples_are_collected() -> None:
    """Each page's count of markers equals its count of collected examples and outputs."""
    for page in PAGES:
        markers = sum(1 for _, line in _prose(page) if _MARKER.match(line.strip()))
        examples = _examples(page)
        outputs = sum(e.output is not None for e in examples)
        assert markers == len(examples) + outputs, _page_id(page)
    assert len(_examples(README)) >= 4, "the README's own examples run"


# --- the README -----------------------------------------------------------------------------


def test_the_readme_is_a_short_front_page() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


# Every section of the README before the guide existed (issue 15), and where it lives now.
OLD_SECTIONS = {
    "geokg": "README.md#geokg",
    "Setup (one command)": "README.md#setup-one-command",
    "The main command": "README.md#build-a-graph",
    "Outputs of `geokg build`": "README.md#what-it-writes",
    "Exit codes": "docs/cli.md#exit-codes",
    "Bad input": "docs/inputs.md#bad-input",
    "Limits": "docs/inputs.md#limits",
    "Crashes and `--resume`": "docs/crash-safety.md#crashes-and---resume",
    "Incremental builds, the store, concurrent queries": "docs/incremental-and-serving.md",
    "Corpus scale: speed, processes, Dask": "docs/scale.md",
    "Faster than plain spaCy, with the same output": (
        "docs/scale.md#faster-than-plain-spacy-with-the-same-output"
    ),
    "Worker processes and Dask": "docs/scale.md#worker-processes-and-dask",
    "Progress": "docs/cli.md#progress-and-messages",
    "RDF for big graphs": "docs/scale.md#rdf-for-big-graphs",
    "Benchmarks": "docs/scale.md#benchmarks",
    "Python API (notebooks)": "docs/python-api.md",
    "What it looks like": "docs/outputs.md#what-it-looks-like",
    "Linked data: ontology, SPARQL, Gephi": "docs/linked-data.md",
    "The ontology": "docs/linked-data.md#the-ontology",
    "Two views of every relation": "docs/linked-data.md#two-views-of-every-relation",
    "One node per actor, provenance per document": (
        "docs/linked-data.md#one-node-per-actor-provenance-per-document"
    ),
    "SHACL shapes": "docs/linked-data.md#shacl-shapes",
    "SPARQL, three ways": "docs/sparql.md#sparql-three-ways",
    "Example queries: `queries/`": "docs/sparql.md#example-queries-queries",
    "Large graphs: the Oxigraph store": "docs/sparql.md#large-graphs-the-oxigraph-store",
    "Gephi and Gephi Lite": "docs/gephi.md",
    "The SPARQL endpoint's security defaults": (
        "docs/sparql.md#the-sparql-endpoints-security-defaults"
    ),
    "Tests (one command)": "README.md#tests-one-command",
    "Scores": "docs/scores.md",
    "Sector codes": "docs/relations.md#sector-codes",
    "Sources of the tables": "docs/relations.md#sources-of-the-tables",
    "How relations are read": "docs/relations.md",
    "Architecture": "docs/architecture.md",
}


@pytest.mark.parametrize("heading", OLD_SECTIONS)
def test_every_section_of_the_old_readme_has_a_home(heading: str) -> None:
    target = OLD_SECTIONS[heading]
    path, _, anchor = target.partition("#")
    page = ROOT / path
    assert page.is_file(), f"{heading!r}: {path} is missing"
    if anchor:
        assert anchor in _anchors(page), f"{heading!r}: {path} has no section #{anchor}"


# --- the command line -----------------------------------------------------------------------

CLI_PAGE = ROOT / "docs" / "cli.md"


def _section(text: str, title: str) -> str:
    """The text of the ``## title`` section of a page, up to the next ``## ``."""
    match = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/cli.md has no section '## {title}'"
    return match.group(1)


def _documented(section: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", section) is not None


def _commands() -> list[tuple[str, click.Command]]:
    return [("geokg", main), *((f"geokg {n}", c) for n, c in sorted(main.commands.items()))]


@pytest.mark.parametrize("name,command", _commands(), ids=[n for n, _ in _commands()])
def test_every_command_and_option_is_documented(name: str, command: click.Command) -> None:
    """docs/cli.md has a section per command naming each of its options and arguments."""
    section = _section(CLI_PAGE.read_text(encoding="utf-8"), f"`{name}`")
    ctx = click.Context(command, info_name=name)
    missing = []
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            words = [*param.opts, *param.secondary_opts]
        else:
            words = [param.human_readable_name]
        missing += [w for w in words if not _documented(section, w)]
    assert not missing, f"docs/cli.md, {name}: document {missing}"


def test_every_command_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    for name in main.commands:
        assert f"`geokg {name}`" in text, f"README.md does not name geokg {name}"
    assert "(docs/cli.md)" in text


# --- links and figures ----------------------------------------------------------------------


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    seen: Counter[str] = Counter()
    anchors = set()
    for _, line in _prose(page):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            slug = _slug(match.group(1))
            anchors.add(f"{slug}-{seen[slug]}" if seen[slug] else slug)
            seen[slug] += 1
    return anchors


_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_link_leads_somewhere(page: Path) -> None:
    text = "\n".join(line for _, line in _prose(page))
    broken = []
    for target in _LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.is_relative_to(ROOT):
            continue  # ../shared: the project's shared folder, beside the checkout
        if not resolved.exists():
            broken.append(target)
        elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
            broken.append(target)
    assert not broken, f"{_page_id(page)}: broken links {broken}"


def test_every_guide_page_is_linked_from_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in text, f"README.md's guide does not list docs/{page.name}"


def test_figures_stand_in_one_place() -> None:
    """A table row of figures is in one page only: scores and benchmarks are not copied."""
    where: dict[str, list[str]] = {}
    for page in PAGES:
        for line in page.read_text(encoding="utf-8").splitlines():
            row = line.strip()
            if row.startswith("|") and re.search(r"\d[.,]\d", row) and not set(row) <= set("|-: "):
                where.setdefault(row, []).append(_page_id(page))
    copied = {row: pages for row, pages in where.items() if len(set(pages)) > 1}
    assert not copied, f"rows of figures in several pages: {copied}"

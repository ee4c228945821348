"""The progress bar: docs/s and ETA on a terminal, silence otherwise and with --quiet."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

import geokg.progress
from geokg.cli import main
from geokg.progress import Progress, count_documents


def test_bar_shows_count_rate_and_eta():
    out = io.StringIO()
    with Progress(total=3, file=out, force=True) as progress:
        for _ in range(3):
            progress()
    text = out.getvalue()
    assert "3/3 docs" in text
    assert "docs/s" in text
    assert "<" in text  # elapsed<remaining: the ETA
    assert progress.count == 3


def test_without_a_total_the_bar_counts_and_shows_the_rate():
    out = io.StringIO()
    with Progress(total=None, file=out, force=True) as progress:
        progress()
        progress()
    assert "2 docs" in out.getvalue() and "docs/s" in out.getvalue()


def test_nothing_is_drawn_off_a_terminal_or_when_disabled():
    for progress in (
        Progress(total=2, file=io.StringIO()),
        Progress(enabled=False, file=io.StringIO(), force=True),
    ):
        progress()
        progress.close()
        assert not progress.enabled
        assert progress.count == 1


def test_count_documents(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": 1}\n\n{"id": 2}\n{"id": 3}\n', encoding="utf-8")
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "x.txt").write_text("x", encoding="utf-8")
    (folder / "sub" / "y.html").write_text("y", encoding="utf-8")
    (folder / ".hidden.txt").write_text("h", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "z.txt").write_text("z", encoding="utf-8")
    assert count_documents([tmp_path / "a.jsonl"]) == 3
    assert count_documents([folder]) == 2
    assert count_documents([tmp_path / "a.jsonl", folder]) == 5
    assert count_documents([folder, "-"]) is None
    assert count_documents([tmp_path / "missing.txt"]) == 1


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "news.jsonl"
    texts = ["Russia attacked Ukraine.", "China criticized Japan.", "France met Germany."]
    path.write_text(
        "".join(json.dumps({"id": f"n{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("command", ["extract", "build"])
def test_cli_draws_the_bar_on_a_terminal(monkeypatch, corpus, tmp_path, command):
    monkeypatch.setattr(geokg.progress, "is_terminal", lambda stream=None: True)
    args = [command, str(corpus)] + (["-o", str(tmp_path / "out")] if command == "build" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "3/3 docs" in result.stderr
    assert "docs/s" in result.stderr
    quiet = CliRunner().invoke(main, ["-q", *args])
    assert quiet.exit_code == 0
    assert "docs/s" not in quiet.stderr


def test_cli_is_quiet_when_stderr_is_not_a_terminal(corpus):
    result = CliRunner().invoke(main, ["extract", str(corpus)])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 3

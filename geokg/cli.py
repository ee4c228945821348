"""The ``geokg`` command: a thin click layer over :mod:`geokg.api`.

Exit codes: 0 all inputs processed; 1 an error stopped the command; 2 bad
usage; 3 done, but some inputs were skipped (each named on stderr).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import click

from geokg import __version__
from geokg.errors import GeoKGError, InputError

__all__ = ["main"]

EXIT_SKIPPED = 3


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="geokg: %(levelname)s: %(message)s", stream=sys.stderr)


class _Progress:
    """Documents done and rate on one stderr line, only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.count = 0
        self.t0 = time.monotonic()

    def __call__(self, _extraction) -> None:
        self.count += 1
        if self.enabled and (self.count < 10 or self.count % 10 == 0):
            rate = self.count / max(time.monotonic() - self.t0, 1e-9)
            click.echo(f"\r{self.count} documents, {rate:.1f} docs/s", err=True, nl=False)

    def close(self) -> None:
        if self.enabled and self.count:
            click.echo("", err=True)


def _report_skip(err: InputError) -> None:
    click.echo(f"geokg: skipped {err.source}: {err.reason}", err=True)


_INPUTS = click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True, path_type=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geokg")
@click.option("-v", "--verbose", count=True, help="More log messages (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr; no progress.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Build geopolitical knowledge graphs from news articles.

    \b
    Example:
        geokg build                      # the embedded seed article -> ./geokg-out
        geokg build articles/ -o out     # a folder of .txt/.html/.jsonl files
        geokg extract news.jsonl > extraction.jsonl
    """
    _setup_logging(verbose, quiet)
    ctx.obj = {"quiet": quiet}


@main.command()
@_INPUTS
@click.option("-o", "--out", "out_dir", default="geokg-out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the outputs.")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1, 10_000),
              help="Documents per spaCy batch.")
@click.pass_context
def build(ctx: click.Context, inputs: tuple[str, ...], out_dir: Path, batch_size: int) -> None:
    """Build the graph of INPUTS and write it to a folder.

    INPUTS are plain-text files, HTML pages, JSON Lines files (one {"id", "text", ...}
    per line), folders of them (recursive) or - for stdin. Without INPUTS, the
    embedded seed article (seeds/) is read. Writes extraction.jsonl, graph.ttl,
    graph.gexf and graph.graphml into the output folder, each atomically.

    \b
    Example:
        geokg build
        geokg build ../shared/corpus/wikinews.jsonl -o out
    """
    from geokg.api import build as run_build
    from geokg.graph import summary

    progress = _Progress(not ctx.obj["quiet"])
    try:
        result = run_build(list(inputs) or None, out_dir=out_dir, on_error=_report_skip,
                           on_document=progress, batch_size=batch_size)
    except GeoKGError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        progress.close()
    stats = summary(result.graph)
    click.echo(f"{result.documents} documents read, {len(result.skipped)} skipped")
    click.echo(json.dumps(stats, indent=2, sort_keys=True))
    for name, path in sorted(result.outputs.items()):
        click.echo(f"wrote {path}")
    if result.skipped:
        ctx.exit(EXIT_SKIPPED)
    if result.documents == 0:
        raise click.ClickException("no document could be read")


@main.command()
@_INPUTS
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Output format (the JSON Lines contract of SCHEMA.md).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (atomically) instead of stdout.")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1, 10_000),
              help="Documents per spaCy batch.")
@click.pass_context
def extract(ctx: click.Context, inputs: tuple[str, ...], fmt: str, output: Path | None, batch_size: int) -> None:
    """Extract entities and relations of INPUTS as JSON Lines, one line per document.

    \b
    Example:
        geokg extract --format jsonl news.jsonl > extraction.jsonl
        echo "Russia warned Ukraine." | geokg extract -
    """
    from geokg.api import default_inputs, iter_extractions
    from geokg.exports import atomic_write, jsonl_line

    skipped: list[InputError] = []

    def on_error(err: InputError) -> None:
        skipped.append(err)
        _report_skip(err)

    progress = _Progress(not ctx.obj["quiet"])
    try:
        stream = iter_extractions(list(inputs) or default_inputs(), on_error=on_error, batch_size=batch_size)
        sink = atomic_write(output) if output else nullcontext(sys.stdout)
        with sink as out:
            for ex in stream:
                out.write(jsonl_line(ex) + "\n")
                progress(ex)
    except GeoKGError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        progress.close()
    if skipped:
        ctx.exit(EXIT_SKIPPED)

"""The ``geokg`` command: a thin click layer over :mod:`geokg.api`.

Exit codes: 0 all inputs processed; 1 an error stopped the command; 2 bad
usage; 3 done, but some inputs were skipped (each named on stderr).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from geokg import __version__
from geokg.errors import GeoKGError, InputError
from geokg.extract.limits import DEFAULT_TIME_LIMIT

if TYPE_CHECKING:
    from geokg.progress import Progress

__all__ = ["main"]

EXIT_SKIPPED = 3


# A Dask logging level the user set is theirs; otherwise -q and -v choose it.
_USER_DASK_LOGGING = "DASK_LOGGING__DISTRIBUTED" in os.environ


def _setup_logging(verbose: int, quiet: bool) -> None:
    """Log to stderr at the level -v/-q ask for; safe to call again when they change."""
    level = (
        logging.ERROR
        if quiet
        else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    )
    logging.basicConfig(format="geokg: %(levelname)s: %(message)s", stream=sys.stderr)
    logging.getLogger().setLevel(level)
    # trafilatura warns about the pages it cannot read ("discarding data: None"); geokg
    # reports each such page itself, with a reason, so its notes are for -vv only.
    logging.getLogger("trafilatura").setLevel(logging.DEBUG if verbose > 1 else logging.ERROR)
    # Dask sets its loggers to INFO when it is imported (here and on local workers):
    # its cluster chatter is for -vv only, unless the user configured it.
    if not _USER_DASK_LOGGING:
        os.environ["DASK_LOGGING__DISTRIBUTED"] = (
            "info" if verbose > 1 else "error" if quiet else "warning"
        )


def _verbosity(ctx: click.Context) -> dict[str, Any]:
    return ctx.ensure_object(dict)


def _more_verbose(ctx: click.Context, _param: click.Parameter, value: int) -> None:
    state = _verbosity(ctx)
    state["verbose"] = state.get("verbose", 0) + value
    _setup_logging(state["verbose"], state.get("quiet", False))


def _quieter(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    state = _verbosity(ctx)
    state["quiet"] = state.get("quiet", False) or value
    _setup_logging(state.get("verbose", 0), state["quiet"])


_VERBOSE_HELP = "More log messages (-vv for debug)."
_QUIET_HELP = "Only errors on stderr; no progress bar."


def _verbosity_options() -> list[click.Option]:
    """-v and -q for a command, so they work after its name too (geokg build -q)."""
    return [
        click.Option(
            ["-v", "--verbose"],
            count=True,
            expose_value=False,
            callback=_more_verbose,
            help=_VERBOSE_HELP,
        ),
        click.Option(
            ["-q", "--quiet"],
            is_flag=True,
            expose_value=False,
            callback=_quieter,
            help=_QUIET_HELP,
        ),
    ]


def _progress(ctx: click.Context, inputs: list) -> Progress:
    """The command's progress bar: on a terminal unless --quiet; an ETA if inputs are countable."""
    from geokg.progress import Progress, count_documents, is_terminal

    enabled = not _verbosity(ctx).get("quiet", False) and is_terminal()
    return Progress(enabled=enabled, total=count_documents(inputs) if enabled else None)


def _engine_options(func):
    """--batch-size, --processes and --dask, shared by build and extract."""
    func = click.option(
        "--dask",
        "dask_address",
        default=None,
        metavar="ADDRESS",
        help=(
            "Extract on a Dask cluster: its scheduler (tcp://HOST:PORT) "
            "or 'local' for a LocalCluster."
        ),
    )(func)
    func = click.option(
        "-j",
        "--processes",
        default=1,
        show_default=True,
        type=click.IntRange(1, 1024),
        help="Worker processes for extraction (up to the number of cores pays).",
    )(func)
    return click.option(
        "--batch-size",
        default=256,
        show_default=True,
        type=click.IntRange(1, 10_000),
        help="Documents per spaCy batch.",
    )(func)


def _bold(text: str) -> str:
    # click.echo drops the style where stdout is not a terminal (a pipe, a file).
    return click.style(text, bold=True)


def _report_skip(err: InputError) -> None:
    click.echo(f"geokg: skipped {_printable(err.source)}: {_printable(err.reason)}", err=True)


# Control characters (and bidi overrides) of a file name or record id would
# drive the terminal (ESC sequences) or reorder the line: shown as escapes.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _printable(text: str) -> str:
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_INPUTS = click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True, path_type=str))
_TIME_LIMIT = click.option(
    "--time-limit",
    default=DEFAULT_TIME_LIMIT,
    show_default=True,
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Skip (and name) a document whose extraction takes longer; 0: no limit.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geokg")
@click.option(
    "-v", "--verbose", count=True, expose_value=False, callback=_more_verbose, help=_VERBOSE_HELP
)
@click.option(
    "-q", "--quiet", is_flag=True, expose_value=False, callback=_quieter, help=_QUIET_HELP
)
def main() -> None:
    """Build geopolitical knowledge graphs from news articles.

    -v and -q work before the command name and after it (geokg build -q).

    \b
    Example:
        geokg build                      # the embedded seed article -> ./geokg-out
        geokg build articles/ -o out     # a folder of .txt/.html/.jsonl files
        geokg extract news.jsonl > extraction.jsonl
    """


@main.command()
@_INPUTS
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="geokg-out",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs.",
)
@_engine_options
@_TIME_LIMIT
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an interrupted build into the same folder: documents it already "
    "extracted are read back from its checkpoint, not extracted again.",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Leave out the documents of the previous build in the folder that are not "
    "among INPUTS (by default they are kept).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the summary as one JSON object (counts, skipped inputs, outputs) for "
    "scripts, instead of the table for people.",
)
@click.pass_context
def build(
    ctx: click.Context,
    inputs: tuple[str, ...],
    out_dir: Path,
    batch_size: int,
    processes: int,
    dask_address: str | None,
    time_limit: float,
    resume: bool,
    prune: bool,
    as_json: bool,
) -> None:
    """Build the graph of INPUTS and write it to a folder.

    INPUTS are plain-text files, HTML pages, JSON Lines files (one {"id", "text", ...}
    per line), folders of them (recursive) or - for stdin. Without INPUTS, the
    seed article that ships with geokg is read. Writes extraction.jsonl, graph.json,
    graph.ttl, graph.gexf, graph.graphml, graph.html (interactive, offline),
    graph.png, the event table (events.csv, events.parquet), the map
    graph-map.html (offline) and timeline.png into the output folder, each
    atomically, and keeps the graph in an Oxigraph store (OUT/store/) for
    geokg query and geokg serve. Then it prints a summary: documents, actors,
    the top actors, relations by predicate, how to open the outputs (--json:
    the same as one JSON object).

    A build into a folder that holds a previous build extracts only the new and
    changed documents, keeps the previous documents not among INPUTS (unless
    --prune), and updates the store with the triples that changed.

    \b
    Example:
        geokg build
        geokg build ../shared/corpus/wikinews.jsonl -o out
        geokg build news.jsonl -o out --json -q    # the summary as JSON, no progress bar
        geokg build -j 2 big.jsonl -o out                      # two worker processes
        geokg build --dask tcp://10.0.0.5:8786 big.jsonl -o out  # a Dask cluster
        geokg build big.jsonl -o out --resume      # after a crash: go on where it stopped
        geokg build yesterday.jsonl -o out         # add a day of news to the graph in out
    """
    from geokg.api import build as run_build
    from geokg.api import default_inputs
    from geokg.cli_summary import summary_json, summary_lines

    progress = None
    try:
        progress = _progress(ctx, list(inputs) or default_inputs())
        result = run_build(
            list(inputs) or None,
            out_dir=out_dir,
            on_error=_report_skip,
            on_document=progress,
            batch_size=batch_size,
            processes=processes,
            dask=dask_address,
            time_limit=time_limit or None,
            resume=resume,
            prune=prune,
        )
    except GeoKGError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if progress is not None:
            progress.close()
    if as_json:
        click.echo(json.dumps(summary_json(result), indent=2, sort_keys=True))
    else:
        for line in summary_lines(result, out_dir=out_dir, heading=_bold):
            click.echo(line)
    if result.skipped:
        ctx.exit(EXIT_SKIPPED)
    if not result.documents:
        raise click.ClickException("no document could be read")


@main.command()
@_INPUTS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl"]),
    default="jsonl",
    show_default=True,
    help="Output format (the JSON Lines contract of SCHEMA.md).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (atomically) instead of stdout.",
)
@_engine_options
@_TIME_LIMIT
@click.pass_context
def extract(
    ctx: click.Context,
    inputs: tuple[str, ...],
    fmt: str,
    output: Path | None,
    batch_size: int,
    processes: int,
    dask_address: str | None,
    time_limit: float,
) -> None:
    """Extract entities and relations of INPUTS as JSON Lines, one line per document.

    \b
    Example:
        geokg extract --format jsonl news.jsonl > extraction.jsonl
        echo "Russia warned Ukraine." | geokg extract -
        geokg extract -j 2 news.jsonl -o extraction.jsonl   # two worker processes
    """
    from geokg.api import default_inputs, iter_extractions
    from geokg.exports import atomic_write, jsonl_line

    skipped: list[InputError] = []

    def on_error(err: InputError) -> None:
        skipped.append(err)
        _report_skip(err)

    progress = None
    try:
        sources = list(inputs) or default_inputs()
        progress = _progress(ctx, sources)
        stream = iter_extractions(
            sources,
            on_error=on_error,
            batch_size=batch_size,
            processes=processes,
            dask=dask_address,
            time_limit=time_limit or None,
        )
        sink = atomic_write(output) if output else nullcontext(sys.stdout)
        with sink as out:
            for ex in stream:
                out.write(jsonl_line(ex) + "\n")
                progress(ex)
    except GeoKGError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if progress is not None:
            progress.close()
    if skipped:
        ctx.exit(EXIT_SKIPPED)


# SPARQL from the terminal and over HTTP (geokg/cli_sparql.py).
from geokg.cli_sparql import query as _query_command  # noqa: E402
from geokg.cli_sparql import serve as _serve_command  # noqa: E402

main.add_command(_query_command)
main.add_command(_serve_command)

for _command in main.commands.values():
    _command.params.extend(_verbosity_options())

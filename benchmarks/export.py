"""Seconds to write a graph of at least 1,000,000 RDF triples, per writer, and their peak memory.

The graph: AG News World from ../shared/corpus, extracted once, its
extractions repeated under new document ids until ``to_rdf`` holds at least
``--triples`` triples (default 1,000,000). Each writer runs in a fresh
subprocess that rebuilds the graph and writes one file:

- ``rdflib turtle``: what geokg's ``write_turtle`` does: ``to_rdf`` builds
  an rdflib graph, rdflib's default Turtle serializer writes it (the
  serializer is also timed alone);
- ``rdflib ntriples``: the same graph through rdflib's N-Triples serializer;
- ``fast ntriples`` / ``fast turtle``: ``write_ntriples`` (streamed) and
  ``write_turtle_fast`` (Oxigraph);
- ``gexf`` (the collapsed graph) and ``graphml`` (the multigraph), networkx.

Then Oxigraph parses the rdflib Turtle and both fast files and checks that
they hold the same triples.

Usage:
    python benchmarks/export.py
    python benchmarks/export.py --triples 200000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus" / "agnews_world.jsonl"
WRITERS = ("rdflib turtle", "rdflib ntriples", "fast ntriples", "fast turtle", "gexf", "graphml")


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        line = next(line for line in fh if line.startswith(field + ":"))
    return int(line.split()[1]) / 1024


def _reset_peak() -> None:
    # Linux: writing 5 to clear_refs resets the peak resident size (VmHWM)
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def load_graph(extractions: Path, copies: int):
    from geokg.exports import read_jsonl
    from geokg.graph import build_graph
    from geokg.model import Extraction

    base = list(read_jsonl(extractions))
    return build_graph(
        Extraction(f"{ex.doc_id}#{k}", ex.entities, ex.relations, meta=ex.meta)
        for k in range(copies)
        for ex in base
    )


def run_writer(name: str, extractions: Path, copies: int, out: Path) -> dict[str, float]:
    """Write one file; seconds, the peak memory above the loaded graph, and extra timings."""
    from geokg import exports
    from geokg.graph import collapse

    G = load_graph(extractions, copies)
    before = _status_mb("VmRSS")
    _reset_peak()
    extra: dict[str, float] = {}
    t0 = time.perf_counter()
    if name in ("rdflib turtle", "rdflib ntriples"):
        g = exports.to_rdf(G)
        extra["to_rdf_seconds"] = time.perf_counter() - t0
        extra["triples"] = len(g)
        t1 = time.perf_counter()
        g.serialize(
            destination=str(out),
            format="turtle" if name == "rdflib turtle" else "nt",
            encoding="utf-8",
        )
        extra["serializer_seconds"] = time.perf_counter() - t1
    elif name == "fast ntriples":
        exports.write_ntriples(G, out)
    elif name == "fast turtle":
        exports.write_turtle_fast(G, out)
    elif name == "gexf":
        exports.write_gexf(collapse(G), out)
    elif name == "graphml":
        exports.write_graphml(G, out)
    seconds = time.perf_counter() - t0
    peak = _status_mb("VmHWM")
    return {
        "seconds": seconds,
        "extra_mb": max(0.0, peak - before),
        "bytes": out.stat().st_size,
        **extra,
    }


def extract_corpus(path: Path) -> None:
    from geokg.api import iter_extractions
    from geokg.exports import jsonl_line

    with path.open("w", encoding="utf-8") as fh:
        for ex in iter_extractions([CORPUS]):
            fh.write(jsonl_line(ex) + "\n")


def count_triples(extractions: Path, copies: int) -> int:
    from geokg.exports.ntriples import generate_ntriples

    return sum(1 for _ in generate_ntriples(load_graph(extractions, copies)))


def same_triples(paths: dict[str, Path]) -> bool:
    import pyoxigraph as ox

    sets = []
    for path in paths.values():
        fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
        sets.append(set(ox.parse(path=str(path), format=fmt)))
    return all(s == sets[0] for s in sets[1:])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many triples")
    parser.add_argument("--run", choices=WRITERS, help=argparse.SUPPRESS)
    parser.add_argument("--extractions", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--copies", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_writer(args.run, args.extractions, args.copies, args.out)))
        return
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is missing: the benchmark needs ../shared/corpus")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        extractions = tmpdir / "extraction.jsonl"
        extract_corpus(extractions)
        # entities and the ontology are shared by the copies; documents and relations are not
        one, two = count_triples(extractions, 1), count_triples(extractions, 2)
        copies = 1 + max(0, -(-(args.triples - one) // (two - one)))
        total = count_triples(extractions, copies)
        print(f"graph: AG News World extractions x{copies}: {total:,} triples")
        print(f"{'writer':<18}{'seconds':>9}{'extra MB':>10}{'MB written':>12}")
        results, files = {}, {}
        for name in WRITERS:
            suffix = {"gexf": ".gexf", "graphml": ".graphml"}.get(
                name, ".nt" if "ntriples" in name else ".ttl"
            )
            out = tmpdir / (name.replace(" ", "-") + suffix)
            cmd = [
                sys.executable,
                __file__,
                "--run",
                name,
                "--extractions",
                str(extractions),
                "--copies",
                str(copies),
                "--out",
                str(out),
            ]
            result = json.loads(
                subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()[
                    -1
                ]
            )
            results[name] = result
            if name not in ("gexf", "graphml"):
                files[name] = out
            note = ""
            if "serializer_seconds" in result:
                to_rdf, serializer = result["to_rdf_seconds"], result["serializer_seconds"]
                note = f"  (to_rdf {to_rdf:.1f} s + serializer {serializer:.1f} s)"
            print(
                f"{name:<18}{result['seconds']:>9.1f}{result['extra_mb']:>10,.0f}"
                f"{result['bytes'] / 2**20:>12,.0f}{note}",
                flush=True,
            )
        rdflib_ttl = results["rdflib turtle"]
        for fast in ("fast turtle", "fast ntriples"):
            print(
                f"{fast} vs rdflib turtle: "
                f"{rdflib_ttl['seconds'] / results[fast]['seconds']:.1f}x end to end, "
                f"{rdflib_ttl['serializer_seconds'] / results[fast]['seconds']:.1f}x against "
                "rdflib's serializer alone"
            )
        print(
            "fast ntriples vs rdflib ntriples: "
            f"{results['rdflib ntriples']['seconds'] / results['fast ntriples']['seconds']:.1f}x"
            " end to end"
        )
        print(
            "same triples in rdflib turtle, rdflib ntriples, fast turtle, fast ntriples:",
            same_triples(files),
        )


if __name__ == "__main__":
    main()

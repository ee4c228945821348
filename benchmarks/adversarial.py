"""Documents made to make the rules slow: the cost must grow with the text, not its square.

Two made-up documents, each extracted in this process after a warm-up
document (so that the tables the rules read are loaded):

- one sentence of 8,000 tokens: "Russia attacked Ukraine and " repeated
  2,000 times (every clause a cue, all hanging from one verb);
- one sentence in which 150 countries "met in Geneva and signed an
  agreement" (a collective act: pairwise relations only up to
  ``COLLECTIVE_PAIRS_UP_TO`` participants).

For each: the spaCy pipeline's CPU seconds, the rules' CPU seconds
(``Extractor.from_doc``: actors, relations, qualifiers, places), the
relations and the size of its JSON line; and the same for documents of
half and a quarter the length, so that the growth shows (linear: the time
halves with the length). The issue's targets: under 3 s of rules each, the
second's output under 1 MB.

Usage:
    python benchmarks/adversarial.py
"""

from __future__ import annotations

import time

# Country names NER or the gazetteer know, comma-free (pycountry's short names).
_SKIP = ("(", ",", "Island", "Saint", "Sint", "Holy See", "Virgin", "Heard", "Minor")


def long_sentence(clauses: int) -> str:
    return " and ".join(["Russia attacked Ukraine"] * clauses) + "."


def many_participants(count: int) -> str:
    import pycountry

    names = sorted(
        c.name for c in pycountry.countries if not any(part in c.name for part in _SKIP)
    )[:count]
    if len(names) < count:
        raise SystemExit(f"pycountry lists only {len(names)} usable country names")
    return ", ".join(names[:-1]) + " and " + names[-1] + " met in Geneva and signed an agreement."


def measure(extractor, doc_id: str, text: str) -> dict[str, float]:
    from geokg.exports import jsonl_line
    from geokg.extract.nlp import one_blas_thread
    from geokg.model import Document

    document = Document(doc_id, text)
    with one_blas_thread():
        t0 = time.process_time()
        doc = extractor.nlp(text)
        parse = time.process_time() - t0
        t0 = time.process_time()
        extraction = extractor.from_doc(doc, document)
        rules = time.process_time() - t0
    line = jsonl_line(extraction)
    return {
        "tokens": len(doc),
        "parse": parse,
        "rules": rules,
        "relations": len(extraction.relations),
        "bytes": len(line.encode("utf-8")),
    }


def main() -> None:
    from machine import print_machine

    from geokg.extract.pipeline import Extractor
    from geokg.model import Document

    print_machine()
    extractor = Extractor(time_limit=None)
    extractor.extract_one(Document("warm-up", "Russia warned Ukraine in Geneva."))
    cases = [
        *((f"one sentence, {n:,} clauses", long_sentence(n)) for n in (500, 1000, 2000)),
        *((f"{n} participants meet", many_participants(n)) for n in (40, 75, 150)),
    ]
    print(
        f"{'document':<30}{'tokens':>8}{'parse s':>9}{'rules s':>9}{'relations':>11}{'bytes':>12}"
    )
    for name, text in cases:
        r = measure(extractor, name, text)
        print(
            f"{name:<30}{r['tokens']:>8,}{r['parse']:>9.2f}{r['rules']:>9.2f}"
            f"{r['relations']:>11,}{r['bytes']:>12,}",
            flush=True,
        )
    print(
        "CPU seconds of this process; targets: rules < 3 s each, the 150 participants' line < 1 MB"
    )


if __name__ == "__main__":
    main()

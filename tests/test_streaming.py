"""Extraction streams: input is read a batch ahead, no list of Docs, flat memory.

The peak-memory figure for a 10x larger corpus (extraction of the seed
article repeated 5 and 50 times, each run in a fresh interpreter) stands in
for the benchmark's; ``benchmarks/throughput.py`` prints the full-size figures.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest
from spacy.tokens import Doc

from geokg.api import build
from geokg.extract.pipeline import Extractor
from geokg.model import Document

SEED = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SENTENCES = [
    "Russia attacked Ukraine.",
    "The United States warned Iran on Monday.",
    "France and Germany met in Berlin.",
    "China criticized Japan.",
]


def _documents(n: int, pulled: list[int] | None = None):
    for i in range(n):
        if pulled is not None:
            pulled.append(i)
        yield Document(f"d{i}", SENTENCES[i % len(SENTENCES)])


def _live_docs() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, Doc))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(batch_size=4)


def test_extract_is_a_lazy_generator(extractor):
    pulled: list[int] = []
    stream = extractor.extract(_documents(100, pulled))
    assert isinstance(stream, types.GeneratorType)
    assert pulled == []  # nothing happens before the first extraction is asked for
    first = next(stream)
    assert first.doc_id == "d0"
    assert len(pulled) <= 2 * extractor.batch_size  # a batch is read ahead, not the corpus
    stream.close()


def test_no_list_of_docs_is_held(extractor):
    gc.collect()
    before = _live_docs()
    peak = 0
    for i, ex in enumerate(extractor.extract(_documents(60))):
        assert ex.doc_id == f"d{i}"
        if i % 10 == 9:
            gc.collect()
            peak = max(peak, _live_docs() - before)
    assert peak <= 2 * extractor.batch_size


def test_build_reports_each_document_as_it_is_extracted(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": SENTENCES[i % 4]}) + "\n" for i in range(6)),
        encoding="utf-8",
    )
    seen: list[str] = []
    kg = build([path], on_document=lambda ex: seen.append(ex.doc_id), batch_size=2)
    assert seen == [f"d{i}" for i in range(6)]
    assert len(kg.documents) == 6


_PEAK = textwrap.dedent(
    """
    import json, resource, sys
    from geokg.api import iter_extractions
    from geokg.exports import jsonl_line
    out = open(sys.argv[2], "w")
    for ex in iter_extractions([sys.argv[1]], batch_size=16):
        out.write(jsonl_line(ex) + "\\n")
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """
)


def _peak_kb(tmp_path: Path, copies: int) -> int:
    text = SEED.read_text(encoding="utf-8")
    corpus = tmp_path / f"corpus{copies}.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"seed-{i}", "text": text}) + "\n" for i in range(copies)),
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, str(corpus), str(tmp_path / f"out{copies}.jsonl")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = (tmp_path / f"out{copies}.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == copies
    return int(out.split()[-1])


@pytest.mark.slow
def test_peak_memory_of_a_ten_times_larger_corpus(tmp_path):
    small, large = _peak_kb(tmp_path, 5), _peak_kb(tmp_path, 50)
    assert large < 1.5 * small, (small, large)

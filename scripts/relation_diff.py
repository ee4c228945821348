"""Relations that one `geokg extract` output has and another lacks, sentence by sentence.

Every rule change is checked by running the extractor over a corpus before and
after, and reading what it added and what it lost:

    geokg extract --format jsonl corpus.jsonl > before.jsonl
    # ... change a rule ...
    geokg extract --format jsonl corpus.jsonl > after.jsonl
    python scripts/relation_diff.py before.jsonl after.jsonl

Each line is ``+`` (added) or ``-`` (lost), then subject, predicate, object
with their labels, the qualifiers, and the sentence. Structural relations
(affiliated_with, leads, located_in) are shown with ``--structural``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

_STRUCTURAL = {"affiliated_with", "leads", "located_in"}


def _read(path: Path, structural: bool) -> dict[str, tuple[dict, set[tuple]]]:
    out = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            labels = {e["id"]: e["label"] for e in rec.get("entities", ())}
            rels = set()
            for r in rec.get("relations", ()):
                if r["predicate"] in _STRUCTURAL and not structural:
                    continue
                flags = "".join(
                    f for f, on in (("N", r.get("negated")), ("H", r.get("hypothetical"))) if on
                )
                rels.add(
                    (
                        r["subject"],
                        r["predicate"],
                        r["object"],
                        flags,
                        r.get("attributed_to") or "",
                        r.get("sentence", ""),
                        r.get("cue") or "",
                    )
                )
            out[rec["doc_id"]] = (labels, rels)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--structural", action="store_true", help="also affiliated_with, leads")
    ap.add_argument("--predicate", help="only this predicate")
    args = ap.parse_args()
    before, after = _read(args.before, args.structural), _read(args.after, args.structural)
    counts: Counter[str] = Counter()
    for doc_id in sorted(set(before) | set(after)):
        b_labels, b = before.get(doc_id, ({}, set()))
        a_labels, a = after.get(doc_id, ({}, set()))
        labels = {**b_labels, **a_labels}
        lines = [("-", r) for r in b - a] + [("+", r) for r in a - b]
        lines = [x for x in lines if not args.predicate or x[1][1] == args.predicate]
        if not lines:
            continue
        print(f"## {doc_id}")
        for sign, (s, p, o, flags, by, sent, cue) in sorted(lines, key=lambda x: (x[1][5], x[0])):
            counts[sign] += 1
            who = f" by {labels.get(by, by)}" if by else ""
            print(
                f"  {sign} {labels.get(s, s)} [{s}] {p} {labels.get(o, o)} [{o}]"
                f" {flags}{who} ({cue}) | {sent[:300]}"
            )
    print(f"\n{counts['+']} added, {counts['-']} lost")


if __name__ == "__main__":
    main()

"""Where one process spends its time: each pipe of the extraction pipeline, timed.

Runs the ``corpora/`` reports (``--repeat`` times, after one warm-up pass) through the
pipeline one pipe at a time and prints each pipe's seconds and share, then the time of the
step after it (record building). The spaCy model's pipes are the
floor the issue measures against; the ``hr_*`` pipes and the steps after them are what this
project adds.

Usage: ``.venv/bin/python bench/profile_components.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from extract.ingest import read_document
from extract.nlp.pipeline import build_nlp, to_record
from extract.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    paths = sorted(p for p in (ROOT / "corpora").rglob("*") if p.suffix in (".txt", ".md"))
    documents = [read_document(p, p.stem, 1_000_000).with_repair() for p in paths]
    nlp = build_nlp(Settings())
    seconds: Counter[str] = Counter()
    words = 0
    for n in range(args.repeat + 1):  # pass 0 warms caches and is not counted
        timed: Counter[str] = Counter()
        t0 = time.perf_counter()
        docs = [nlp.make_doc(d.repaired.text if d.repaired else d.text) for d in documents]
        timed["tokenizer"] += time.perf_counter() - t0
        for name, pipe in nlp.pipeline:  # minibatches of 8, as the flow's workers run them
            t0 = time.perf_counter()
            if hasattr(pipe, "pipe"):
                docs = list(pipe.pipe(docs, batch_size=8))
            else:
                docs = [pipe(doc) for doc in docs]
            timed[name] += time.perf_counter() - t0
        t0 = time.perf_counter()
        for doc, document in zip(docs, documents, strict=True):
            to_record(doc, document, include_text=True)
        timed["(to_record)"] += time.perf_counter() - t0
        if n:
            words += sum(len(doc) for doc in docs)
            seconds.update(timed)
    total = sum(seconds.values())
    model = sum(v for k, v in seconds.items() if not k.startswith(("hr_", "(")))
    print(f"{len(documents)} documents x {args.repeat}: {words:,} tokens, {total:.2f} s, "
          f"{words / total:,.0f} tokens/s in one process")
    for name, secs in seconds.most_common():
        print(f"{name:>14} {secs:7.2f} s {100 * secs / total:5.1f}%")
    print(f"{'model':>14} {model:7.2f} s {100 * model / total:5.1f}%  (tokenizer and model pipes)")
    print(f"{'added':>14} {total - model:7.2f} s {100 * (total - model) / total:5.1f}%  "
          "(hr_* pipes, records)")


if __name__ == "__main__":
    main()

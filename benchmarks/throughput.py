"""Throughput of each step and of the whole pipeline on a realistic corpus: the seed articles
repeated, a third of them garbled into mojibake, measured side by side in one run.

    python benchmarks/throughput.py [--megabytes 20]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from textclean import Document, Pipeline
from textclean.testing import mojibake

SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds"


def corpus(megabytes: float) -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs: list[str] = []
    size = 0
    index = 0
    while size < megabytes * 1_000_000:
        text = seeds[index % len(seeds)]
        if index % 3 == 2:
            text = mojibake(text)
        docs.append(text)
        size += len(text.encode("utf-8"))
        index += 1
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0)
    args = parser.parse_args()
    docs = corpus(args.megabytes)
    total = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    pipeline = Pipeline()
    print(f"{len(docs)} documents, {total:.1f} MB")
    print(f"{'target':<14}{'seconds':>9}{'MB/s':>9}")
    for step in pipeline.steps:
        started = time.perf_counter()
        for text in docs:
            step(Document(text), pipeline.context)
        elapsed = time.perf_counter() - started
        print(f"{step.name:<14}{elapsed:>9.2f}{total / elapsed:>9.1f}")
    started = time.perf_counter()
    for text in docs:
        pipeline(text)
    elapsed = time.perf_counter() - started
    print(f"{'pipeline':<14}{elapsed:>9.2f}{total / elapsed:>9.1f}")


if __name__ == "__main__":
    main()

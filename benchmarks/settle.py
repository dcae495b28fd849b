"""What the pipeline's settle round costs: the pipeline with and without it, measured side by side
in one run (per-step throughput is the benchmark harness's: ``python -m benchmarks.harness``).

Two corpora: the seed articles repeated, a third of them garbled into mojibake (``seeds``), and,
when the file is there, the page texts of the development corpus of saved web pages
(``pages``: navigation, widgets and footers included). The pipeline runs with and without its
settle round (``Pipeline(settle=False)``), alternately, ``--repeat`` times each; the best time
of each is kept, and their ratio is the round's cost.

    python benchmarks/settle.py [--megabytes 20] [--pages PATH] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from textclean import Pipeline
from textclean.testing import mojibake

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
PAGES = ROOT.parent / "shared" / "corpora" / "dev" / "readability_pages.jsonl"


def seed_corpus(megabytes: float) -> list[str]:
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


def page_corpus(path: Path, megabytes: float) -> list[str]:
    """The ``page_text`` of every record, repeated up to ``megabytes``."""
    with path.open(encoding="utf-8") as lines:
        pages = [json.loads(line)["page_text"] for line in lines if line.strip()]
    docs: list[str] = []
    size = 0
    while pages and size < megabytes * 1_000_000:
        for text in pages:
            docs.append(text)
            size += len(text.encode("utf-8"))
    return docs


def megabytes_of(docs: list[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / 1e6


def timed(pipeline: Pipeline, docs: list[str]) -> float:
    started = time.perf_counter()
    for text in docs:
        pipeline(text)
    return time.perf_counter() - started


def settle_table(name: str, docs: list[str], repeat: int) -> None:
    """The pipeline with and without the settle round, alternately, best of ``repeat``."""
    settled, single = Pipeline(), Pipeline(settle=False)
    total = megabytes_of(docs)
    best = {"with round": float("inf"), "without": float("inf")}
    for _ in range(repeat):
        best["without"] = min(best["without"], timed(single, docs))
        best["with round"] = min(best["with round"], timed(settled, docs))
    changed = sum(settled(text).text != single(text).text for text in docs)
    print(f"{name}: {len(docs)} documents, {total:.1f} MB; the round changed the output of "
          f"{changed} ({100 * changed / max(len(docs), 1):.2f}%)")
    print(f"{'pipeline':<14}{'seconds':>9}{'MB/s':>9}")
    for label, seconds in best.items():
        print(f"{label:<14}{seconds:>9.2f}{total / seconds:>9.2f}")
    print(f"{'ratio':<14}{best['with round'] / best['without']:>9.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--pages", type=Path, default=PAGES,
                        help="readability_pages.jsonl of the development corpora")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seeds = seed_corpus(args.megabytes)
    settle_table("seeds", seeds, args.repeat)
    if args.pages.is_file():
        print()
        settle_table("pages", page_corpus(args.pages, args.megabytes), args.repeat)
    else:
        print(f"\n(no {args.pages}: the pages corpus is skipped)")


if __name__ == "__main__":
    main()

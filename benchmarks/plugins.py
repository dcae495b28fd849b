"""What plugins cost: building a pipeline, and asking the outlet hook through pluggy per document.

Two measurements, each side by side in one run:

- **build**: ``Pipeline()`` with the built-in plugins only and with the installed ones too (the
  first build in a fresh process, which imports and reads every file, and the median of the
  builds after it);
- **outlet hook**: the per-document question "whose outlet is this?" asked through pluggy's hook
  caller (``firstresult``, as the ``outlet`` step asks it) and, as the baseline, by calling each
  implementation's function directly in pluggy's order (what textclean did before it called
  the hook through pluggy); alternately, ``--repeat`` times each, best time kept. Documents
  carry URLs of the installed outlet plugins, of other outlets, and none.

    python benchmarks/plugins.py [--documents 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import inspect
import subprocess
import sys
import time
from pathlib import Path

from textclean import Document, Meta, Pipeline
from textclean.steps.outlet import detect_outlet

SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds"
URLS = (
    "https://www.rt.com/news/1", "https://russian.rt.com/world/2",
    "https://www.themoscowtimes.com/2015/05/21/a46749", "https://www.marinecorpstimes.com/n/1",
    "https://www.express.co.uk/news/world/1", "https://www.bbc.co.uk/news/1",
    "https://example.org/a", "https://www.example.com/news/1", None,
)

BUILD = """
import statistics, time
t0 = time.perf_counter()
from textclean import Pipeline
from textclean.config import Config
t1 = time.perf_counter()
first = Pipeline({config})
t2 = time.perf_counter()
after = []
for _ in range(15):
    start = time.perf_counter()
    Pipeline({config})
    after.append(time.perf_counter() - start)
print(t1 - t0, t2 - t1, statistics.median(after))
"""


def build_times(config: str) -> tuple[float, float, float]:
    """Import, first build and median later build, in seconds, in a fresh process."""
    out = subprocess.run([sys.executable, "-c", BUILD.format(config=config)], check=True,
                         capture_output=True, text=True).stdout.split()
    imported, first, later = map(float, out)
    return imported, first, later


def direct(pipeline: Pipeline) -> list:
    """The baseline: each implementation's function, in pluggy's call order."""
    from textclean.plugins import manager_for

    caller = manager_for(pipeline.plugins).hook.textclean_outlet
    return [inspect.unwrap(impl.function) for impl in reversed(caller.get_hookimpls())
            if not (impl.wrapper or impl.hookwrapper)]


def ask_directly(functions: list, doc: Document) -> str | None:
    for function in functions:
        answer = function(doc)
        if answer is not None:
            return answer
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print("build (fresh process each; seconds)")
    print(f"{'plugins':<22}{'import':>9}{'first':>9}{'later':>9}")
    for label, config in (("built-in only", "Config(disable=(\"example\", \"express\", "
                                            "\"militarytimes\", \"moscowtimes\", \"rt\"))"),
                          ("built-in + installed", "None")):
        imported, first, later = build_times(config)
        print(f"{label:<22}{imported:>9.3f}{first:>9.3f}{later:>9.4f}")

    pipeline = Pipeline()
    ctx = pipeline.context
    docs = [Document("x", Meta(url=URLS[i % len(URLS)])) for i in range(args.documents)]
    functions = direct(pipeline)
    assert [detect_outlet(d, ctx)[0] if detect_outlet(d, ctx) else None for d in docs[:50]] == [
        ask_directly(functions, d) for d in docs[:50]]
    best = {"pluggy hook caller": float("inf"), "direct calls": float("inf")}
    for _ in range(args.repeat):
        start = time.perf_counter()
        for doc in docs:
            detect_outlet(doc, ctx)
        best["pluggy hook caller"] = min(best["pluggy hook caller"], time.perf_counter() - start)
        start = time.perf_counter()
        for doc in docs:
            ask_directly(functions, doc)
        best["direct calls"] = min(best["direct calls"], time.perf_counter() - start)
    base = best["direct calls"]
    tiny = min(_timed(pipeline, docs[:2000]) for _ in range(3)) / 2000
    seeds = [Document(p.read_text(encoding="utf-8"), Meta(url=URLS[i % len(URLS)]))
             for i, p in enumerate(sorted(SEEDS.glob("*.txt")))] * 20
    article = min(_timed(pipeline, seeds) for _ in range(3)) / len(seeds)
    print(f"\noutlet hook per document ({args.documents} documents, best of {args.repeat})")
    print(f"{'way':<22}{'µs/doc':>9}{'ratio':>9}")
    for way, seconds in best.items():
        print(f"{way:<22}{seconds / len(docs) * 1e6:>9.2f}{seconds / base:>9.2f}")
    print("\nthe whole pipeline per document, for scale")
    print(f"{'one-word document':<22}{tiny * 1e6:>9.2f}")
    print(f"{'seed article':<22}{article * 1e6:>9.2f}")


def _timed(pipeline: Pipeline, docs: list[Document]) -> float:
    start = time.perf_counter()
    for doc in docs:
        pipeline(doc)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()

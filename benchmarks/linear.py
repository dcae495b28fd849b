"""Linear time on pathological single lines, and on a page repeated (many lines: what the
pagetext step classifies): each step, and the whole pipeline, on 2 MB and 20 MB of each case,
measured side by side. A ratio near 10 is linear; near 100 is quadratic.

    python benchmarks/linear.py [--small 2] [--large 20] [--steps encoding,aliases]
    python benchmarks/linear.py --rules    # the slowest near miss of each built-in rule
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable

from textclean import Document, Pipeline, Rule
from textclean.linematch import max_match_length

HEADLINE = "Russia, Iraq to Expand Military Cooperation"
CASES: dict[str, str] = {
    "ab repeated": "ab",
    "READ MORE repeated": "READ MORE: ",
    "IS repeated": "IS ",
    "headline repeated": HEADLINE,
    "&amp; repeated": "&amp;",
    "chained mojibake": "donâ€™t Ã© â€œquotedâ€\x9d ",
    "http:// repeated": "http://",
    "www. repeated": "www.a",
    "page repeated": "\n".join(
        ["Home", "World", "Business", "Sport", "Sign In", "Privacy Policy", HEADLINE, "By Jane Doe"]
        + ["Russia is ready to supply weapons to Iraq to aid the fight against Islamic State "
           "militants, the minister said on Thursday after talks with his counterpart."] * 3
        + ["Most Read", "© 2015 Example Media. All rights reserved.", ""]
    ),
    "named aliases": "formerly ISIS, or ISIL (also Daesh) ",
    "IS in other terms": "IS-LM IS/IT the IS department ",
    "IS beside cues": "IS fighters claimed by IS ",
    "heading lines": "# Heading Of A Section\n",
}


def line_of(unit: str, megabytes: float) -> str:
    size = int(megabytes * 1_000_000)
    return unit * (size // len(unit) + 1)


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def near_misses(rule: Rule) -> list[str]:
    """Lines built from a rule's own examples, repeated up to its length bound, ending in a
    character that breaks the match: the inputs most likely to make a pattern backtrack."""
    width = max_match_length(rule.pattern) or 500
    return [(joiner.join([piece] * (width // max(len(piece), 1) + 1)))[:width] + "!"
            for piece in (*rule.examples, *rule.counterexamples)
            for joiner in (" ", "/", " | ", "")]


def rules_report(pipeline: Pipeline) -> None:
    """The slowest near miss of each rule of the pipeline's rule book, slowest first."""
    rows = []
    for rule in pipeline.context.rules.rules:
        worst = max((timed(functools.partial(rule.matches, line)) for line in near_misses(rule)),
                    default=0.0)
        rows.append((worst, rule.id))
    print(f"{'rule':<48}{'slowest near miss, ms':>24}")
    for worst, rule_id in sorted(rows, reverse=True):
        print(f"{rule_id:<48}{worst * 1000:>24.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=float, default=2.0, help="MB of the small line")
    parser.add_argument("--large", type=float, default=20.0, help="MB of the large line")
    parser.add_argument("--steps", default="", help="comma-separated steps (default: all)")
    parser.add_argument("--rules", action="store_true", help="time the rules' near misses")
    args = parser.parse_args()
    pipeline = Pipeline()
    if args.rules:
        rules_report(pipeline)
        return
    chosen = [s for s in args.steps.split(",") if s] or [s.name for s in pipeline.steps]
    targets: dict[str, Callable[[str], object]] = {}
    for step in pipeline.steps:
        if step.name in chosen:
            targets[step.name] = lambda text, s=step: s(Document(text), pipeline.context)
    targets["pipeline"] = pipeline
    expected = args.large / args.small
    print(f"{'case':<22}{'target':<12}{'small s':>10}{'large s':>10}{'ratio':>8}  (linear = "
          f"{expected:.0f})")
    worst = 0.0
    for case, unit in CASES.items():
        small, large = line_of(unit, args.small), line_of(unit, args.large)
        for name, target in targets.items():
            t_small = timed(functools.partial(target, small))
            t_large = timed(functools.partial(target, large))
            ratio = t_large / t_small if t_small > 0 else float("nan")
            worst = max(worst, ratio)
            print(f"{case:<22}{name:<12}{t_small:>10.3f}{t_large:>10.3f}{ratio:>8.1f}")
    print(f"worst ratio: {worst:.1f} (linear = {expected:.0f})")


if __name__ == "__main__":
    main()

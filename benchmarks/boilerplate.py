"""Boilerplate removal measured against gold article text: bag-of-words precision, recall and F1
of the raw and the cleaned page, per language and overall, on a JSON Lines corpus.

    python benchmarks/boilerplate.py [corpus.jsonl] [--all] [--worst 5] [--removed 20] [--speed]

Each record has ``page_text`` (the page as a naive scraper gives it), ``gold`` (the article) and
optionally ``id`` and ``lang``. Tokens are ``\\w+``, lower-cased; P, R and F1 are computed per
document over bags of words (multisets) and averaged over documents (macro); the F1 column is the
harmonic mean of the macro P and R, and "F1/doc" the mean of the documents' own F1. Records with
a gold text of 100 characters or fewer, or with Lorem-ipsum text, are unit-test fixtures rather
than pages and are left out unless ``--all`` is given.

Pages are split in two halves by a hash of their id (train: the first hex digit of the SHA-1 of
the id is even), so thresholds can be tuned on one half and checked on the other. The clean-text
tables feed each gold text itself through the pipeline: on an article, nothing should go; they
say which step, and which rule, takes what. ``--speed`` times the pagetext and boilerplate steps
side by side (the best of ``--repeats`` passes each, in turns).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from textclean import Document, Pipeline, blocks
from textclean.steps.pagetext import Pagetext

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "dev" / "readability_pages.jsonl"
EXPECTED = ROOT / "corpora" / "expected"
SEEDS = ROOT / "corpora" / "seeds"
WORD = re.compile(r"\w+")
#: Steps whose removals count as boilerplate removal.
REMOVERS = ("boilerplate", "pagetext")


def bag(text: str) -> Counter[str]:
    return Counter(word.lower() for word in WORD.findall(text))


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score(candidate: str, gold: str) -> Score:
    found, truth = bag(candidate), bag(gold)
    overlap = sum((found & truth).values())
    precision = overlap / found.total() if found else 0.0
    recall = overlap / truth.total() if truth else 1.0
    return Score(precision, recall)


def macro(scores: Sequence[Score]) -> tuple[float, float, float, float]:
    """Macro P, R, the F1 of those, and the mean per-document F1."""
    p = statistics.fmean(s.precision for s in scores)
    r = statistics.fmean(s.recall for s in scores)
    return p, r, Score(p, r).f1, statistics.fmean(s.f1 for s in scores)


@dataclass(frozen=True)
class Page:
    id: str
    lang: str
    text: str
    gold: str

    @property
    def half(self) -> str:
        digit = int(hashlib.sha1(self.id.encode()).hexdigest()[0], 16)
        return "train" if digit % 2 == 0 else "validation"


def is_fixture(record: dict) -> bool:
    text = (record.get("page_text") or "") + (record.get("gold") or "")
    return len(record.get("gold") or "") <= 100 or "lorem ipsum" in text.lower()


def read_pages(path: Path, include_fixtures: bool) -> list[Page]:
    pages = []
    settings = Pagetext().settings()
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle):
            record = json.loads(raw)
            if not include_fixtures and is_fixture(record):
                continue
            lang = (record.get("lang") or "").split("-")[0].lower()
            if not lang:
                guess = blocks.language_of(record["gold"], settings)
                lang = f"{guess.code if guess else '??'}*"
            pages.append(Page(str(record.get("id", number)), lang, record["page_text"],
                              record["gold"]))
    return pages


def table(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        cells = [f"{c:.3f}" if isinstance(c, float) else str(c) for c in row]
        print("| " + " | ".join(cells) + " |")


def accuracy_rows(groups: dict[str, list[tuple[Score, Score]]]) -> list[list[object]]:
    rows = []
    for name, pairs in groups.items():
        raw = macro([a for a, _ in pairs])
        cleaned = macro([b for _, b in pairs])
        rows.append([name, len(pairs), raw[0], raw[1], raw[2], *cleaned])
    return rows


HEADER = ("pages", "n", "raw P", "raw R", "raw F1", "P", "R", "F1", "F1/doc")


def removed_lines(doc: Document) -> list[tuple[str, str, str]]:
    return [(e.before, e.rule, e.step) for e in doc.edits
            if e.step in REMOVERS and not e.after and e.before.strip()]


def run(pages: Sequence[Page], pipeline: Pipeline, args: argparse.Namespace) -> None:
    clean: Callable[[str], Document] = pipeline
    results = []
    for page in pages:
        doc = clean(page.text)
        results.append((page, doc, score(page.text, page.gold), score(doc.text, page.gold)))

    by_lang: dict[str, list[tuple[Score, Score]]] = defaultdict(list)
    by_half: dict[str, list[tuple[Score, Score]]] = defaultdict(list)
    for page, _, raw, cleaned in results:
        by_lang[page.lang].append((raw, cleaned))
        by_half[page.half].append((raw, cleaned))
    every = [(raw, cleaned) for _, _, raw, cleaned in results]
    table("Pages: raw and cleaned text against gold (bag of words, macro over pages)", HEADER,
          accuracy_rows({"all": every, **{k: by_half[k] for k in ("train", "validation")}}))
    table("Per language (* = no lang in the record: guessed from stop words)", HEADER,
          accuracy_rows(dict(sorted(by_lang.items(), key=lambda kv: (-len(kv[1]), kv[0])))))

    by_step: Counter[str] = Counter()
    gold_lines: Counter[str] = Counter()
    gold_words: Counter[str] = Counter()
    examples = []
    total_words = 0
    for page, doc, _, _ in results:
        lines = {" ".join(line.split()) for line in page.gold.split("\n") if line.strip()}
        total_words += bag(page.gold).total()
        for before, rule, step in removed_lines(doc):
            by_step[step] += 1
            if " ".join(before.split()) in lines:
                gold_lines[step] += 1
                gold_words[step] += bag(before).total()
                examples.append((page.id, rule, before.strip()))
    table("Lines removed, and lines of the gold text among them",
          ("step", "lines removed", "gold lines removed", "their words, % of all gold words"),
          [[step, by_step[step], gold_lines[step], f"{100 * gold_words[step] / total_words:.2f}%"]
           for step in REMOVERS])
    for page_id, rule, line in examples[: args.removed]:
        print(f"  {page_id}: [{rule.split(':')[0]}] {line[:110]}")

    worst = sorted(results, key=lambda r: r[3].f1)[: args.worst]
    table(f"The {args.worst} worst pages", ("page", "lang", "raw F1", "P", "R", "F1"),
          [[p.id, p.lang, raw.f1, c.precision, c.recall, c.f1] for p, _, raw, c in worst])

    step = next(s for s in pipeline.steps if s.name == "pagetext")
    alone = lambda text: step(Document(text), pipeline.context)  # noqa: E731
    clean_scores: dict[str, list[tuple[Score, Score]]] = defaultdict(list)
    losses: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    lost_lines: list[tuple[str, str, str, str]] = []
    untouched = 0
    for page in pages:
        whole, only = clean(page.gold), alone(page.gold)
        untouched += only.text == page.gold
        pair = (score(whole.text, page.gold), score(only.text, page.gold))
        clean_scores["all"].append(pair)
        clean_scores[page.half].append(pair)
        for name, loss in step_losses(pipeline, page.gold).items():
            losses[name]["all"].append(loss)
            losses[name][page.half].append(loss)
        gold_lines = {" ".join(line.split()) for line in page.gold.split("\n") if line.strip()}
        lost_lines += [(page.id, e.step, e.rule, e.before.strip()) for e in whole.edits
                       if not e.after and " ".join(e.before.split()) in gold_lines]
    seeds = sorted(EXPECTED.glob("*.txt"))
    identical = 0
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        whole = clean(text)
        identical += whole.text == text
        clean_scores["seeds' expected output"].append(
            (score(whole.text, text), score(alone(text).text, text)))
    table("Clean article text fed as input: recall of its own words",
          ("input", "n", "R pipeline", "R pagetext", "min R pagetext"),
          [[k, len(v), f"{statistics.fmean(a.recall for a, _ in v):.4f}",
            f"{statistics.fmean(b.recall for _, b in v):.4f}", min(b.recall for _, b in v)]
           for k, v in clean_scores.items()])
    print(f"\nGold texts the pagetext step leaves unchanged: {untouched} of {len(pages)}; seeds' "
          f"expected output unchanged by the pipeline: {identical} of {len(seeds)}.")
    halves = ("all", "train", "validation")
    table("Clean article text: recall lost at each step of the pipeline (macro over pages)",
          ("step", *halves, "pages that lose words"),
          [[name, *(f"{statistics.fmean(by_half[h]):.4f}" for h in halves),
            sum(1 for loss in by_half["all"] if loss > 0)]
           for name, by_half in losses.items() if any(by_half["all"])])
    by_rule: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for page_id, step_name, rule, line in lost_lines:
        by_rule[step_name, rule.split(":")[0]].append((page_id, line))
    table("Lines of clean article text removed, by rule",
          ("step", "rule", "lines", "pages", "example"),
          [[step_name, rule, len(found), len({page_id for page_id, _ in found}),
            f"{found[0][0]}: {found[0][1][:60]}"]
           for (step_name, rule), found in sorted(by_rule.items(), key=lambda kv: -len(kv[1]))])


def step_losses(pipeline: Pipeline, text: str) -> dict[str, float]:
    """The recall of ``text``'s own words that each step of ``pipeline`` loses, run one step
    after another as the pipeline runs them."""
    doc = Document(text)
    before = 1.0
    losses = {}
    for step in pipeline.steps:
        doc = step(doc, pipeline.context)
        after = score(doc.text, text).recall
        losses[step.name] = max(0.0, before - after)
        before = after
    return losses


def speed(pages: Sequence[Page], pipeline: Pipeline, repeats: int) -> None:
    """Time the pagetext and boilerplate steps alone, side by side, on the pages and on the
    gold texts (articles, which the page test turns away): the best of ``repeats`` passes of
    each, taken in turns, so that a busy machine slows both alike."""
    ctx = pipeline.context
    steps = {s.name: s for s in pipeline.steps}
    rows = []
    for label, texts in (("pages", [p.text for p in pages]), ("articles", [p.gold for p in pages])):
        docs = [Document(t) for t in texts]
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        lines = sum(t.count("\n") + 1 for t in texts)
        best = dict.fromkeys(("boilerplate", "pagetext"), float("inf"))
        for _ in range(repeats):
            for name in best:
                step = steps[name]
                started = time.perf_counter()
                for doc in docs:
                    step(doc, ctx)
                best[name] = min(best[name], time.perf_counter() - started)
        for name, elapsed in best.items():
            rows.append([label, name, f"{megabytes:.2f}", f"{elapsed * 1000:.0f}",
                         f"{megabytes / elapsed:.1f}", f"{elapsed / lines * 1e6:.2f}",
                         f"{elapsed / best['boilerplate']:.2f}"])
    table("Step throughput, one core (best of the passes)",
          ("input", "step", "MB", "ms", "MB/s", "µs/line", "× boilerplate"), rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--all", action="store_true", help="keep unit-test fixtures")
    parser.add_argument("--worst", type=int, default=5)
    parser.add_argument("--removed", type=int, default=20,
                        help="how many removed lines of the gold text to print")
    parser.add_argument("--speed", action="store_true", help="also time the steps")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        sys.exit(f"no corpus at {args.corpus}")
    pages = read_pages(args.corpus, args.all)
    pipeline = Pipeline()
    print(f"{len(pages)} pages from {args.corpus.name}; pipeline: "
          f"{', '.join(s.name for s in pipeline.steps)}")
    run(pages, pipeline, args)
    if args.speed:
        speed(pages, pipeline, args.repeats)


if __name__ == "__main__":
    main()

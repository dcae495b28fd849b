"""Alias discovery on groups of name variants (JSON Lines: ``canonical``, ``variants``).

    python benchmarks/aliases_discover.py [FILE.jsonl] [--mode names,text,scale] [--seed 1]

- names: every name of every group shuffled into one list; pairwise precision and recall of
  same-group pairs, group purity, by half of the file (groups with even and odd ``ofac_ent_num``,
  or alternate lines), beside a thirty-line baseline (metaphone blocking, rapidfuzz ratio >= 80
  with aligned tokens >= 60); then the errors left, by kind.
- text: the names embedded in generated news sentences, among other capitalised phrases
  (offices, organisations, places, sentence starts) and distractor people who share a given
  name or a surname with a listed one, often in the same sentence; discovery from the running
  text, with pairwise precision and recall, and the groups that merge a listed person with a
  distractor.
- scale: 100,000 names (recombined from the file's name parts) clustered on one core, beside
  25,000, to show the time is linear.

The default FILE is ../shared/corpora/dev/name_variants_ofac_dev.jsonl from the repository root.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from textclean.discover import AliasDiscovery, ProposedGroup, discover, table_form
from textclean.namematch import NAME_THRESHOLD, NameMatcher

DEFAULT = (Path(__file__).resolve().parent.parent.parent
           / "shared/corpora/dev/name_variants_ofac_dev.jsonl")

Group = list[str]
Pair = tuple[str, str]


def load(path: Path) -> list[tuple[int, Group]]:
    groups = []
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle):
            record = json.loads(line)
            names = list(dict.fromkeys([record["canonical"], *record["variants"]]))
            groups.append((record.get("ofac_ent_num", line_number), names))
    return groups


def gold_pairs(groups: Iterable[Group]) -> set[Pair]:
    return {pair for names in groups for pair in itertools.combinations(sorted(names), 2)}


def predicted(names: Sequence[str], proposals: Sequence[ProposedGroup]) -> dict[str, int]:
    """Input name -> proposed group number (names in no group are left out)."""
    of_form = {}
    for number, group in enumerate(proposals):
        for spelling in (group.canonical, *group.variants):
            of_form[spelling] = number
    return {n: of_form[table_form(n)] for n in names if table_form(n) in of_form}


def pairs_of(assignment: dict[str, int]) -> set[Pair]:
    members = collections.defaultdict(list)
    for name, number in assignment.items():
        members[number].append(name)
    return {pair for group in members.values() for pair in itertools.combinations(sorted(group), 2)}


def scores(pred: set[Pair], gold: set[Pair]) -> tuple[float, float]:
    hits = len(pred & gold)
    return (hits / len(pred) if pred else 1.0), (hits / len(gold) if gold else 1.0)


def purity(assignment: dict[str, int], gold_of: dict[str, int]) -> float:
    members = collections.defaultdict(list)
    for name, number in assignment.items():
        members[number].append(gold_of[name])
    grouped = sum(len(g) for g in members.values())
    majority = sum(collections.Counter(g).most_common(1)[0][1] for g in members.values())
    singles = len(gold_of) - grouped  # a name in no group is a pure group of one
    return (majority + singles) / len(gold_of)


# -- the baseline --------------------------------------------------------------------------


def baseline(names: Sequence[str]) -> dict[str, int]:
    """Metaphone blocking on every token, rapidfuzz ratio >= 80 with aligned tokens >= 60,
    groups as connected components."""
    import jellyfish
    from anyascii import anyascii
    from rapidfuzz import fuzz

    def tokens(name: str) -> list[str]:
        return anyascii(name).lower().replace("'", "").replace("-", " ").split()

    blocks = collections.defaultdict(list)
    for name in names:
        for token in tokens(name):
            blocks[jellyfish.metaphone(token)].append(name)
    parent = {name: name for name in names}

    def find(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for block in blocks.values():
        for a, b in itertools.combinations(block, 2):
            ta, tb = tokens(a), tokens(b)
            if (fuzz.ratio(" ".join(ta), " ".join(tb)) >= 80 and len(ta) == len(tb)
                    and all(fuzz.ratio(x, y) >= 60 for x, y in zip(ta, tb, strict=True))):
                parent[find(a)] = find(b)
    roots = collections.Counter(find(n) for n in names)
    number = {root: i for i, root in enumerate(roots)}
    return {n: number[find(n)] for n in names if roots[find(n)] > 1}


# -- errors by kind ------------------------------------------------------------------------


def missed_kind(matcher: NameMatcher, a: str, b: str) -> str:
    pa, pb = matcher.parse(a), matcher.parse(b)
    if sorted(pa.tokens) != list(pa.tokens) and sorted(pa.tokens) == sorted(pb.tokens):
        return "parts in another order"
    if len(pa.tokens) != len(pb.tokens) and matcher.similarity(pa, pb) == 0:
        return "a part added or left out"
    if matcher.similarity(pa, pb) >= NAME_THRESHOLD:
        return "similar, but kept apart by the group check"
    short, long = sorted((pa.tokens, pb.tokens), key=len)
    if len(short) != len(long):
        return "a part added or left out"
    sims = [matcher.token_similarity(x, y, i == 0)
            for i, (x, y) in enumerate(zip(short, long, strict=True))]
    weakest = min(range(len(sims)), key=sims.__getitem__)
    if weakest == 0:
        return "given name beyond spelling (short form, other name)"
    if weakest == len(sims) - 1:
        return "surname beyond spelling"
    return "middle name or patronymic beyond spelling"


def merged_kind(matcher: NameMatcher, a: str, b: str) -> str:
    pa, pb = matcher.parse(a), matcher.parse(b)
    if pa.tokens[-1:] == pb.tokens[-1:]:
        return "same surname, similar given names"
    if pa.tokens[:1] == pb.tokens[:1]:
        return "same given name, similar surnames"
    return "similar throughout"


def print_kinds(title: str, kinds: collections.Counter[str], total: int) -> None:
    print(f"\n{title} ({total} pairs)")
    print(f"| {'kind':<52} | {'pairs':>5} |")
    print(f"| {'-' * 52} | {'-' * 5}:|")
    for kind, count in kinds.most_common():
        print(f"| {kind:<52} | {count:>5} |")


# -- names mode ----------------------------------------------------------------------------


def names_mode(groups: list[tuple[int, Group]], seed: int) -> None:
    print("## Names mode: every name of every group in one shuffled list\n")
    print(f"| {'set':<24} | {'groups':>6} | {'names':>5} | {'method':<10} | {'P':>6} | {'R':>6} "
          f"| {'purity':>6} | {'s':>5} |")
    print(f"| {'-' * 24} | {'-' * 5}:| {'-' * 4}:| {'-' * 10} | {'-' * 5}:| {'-' * 5}:| "
          f"{'-' * 5}:| {'-' * 4}:|")
    halves = {
        "all": groups,
        "even half (development)": [g for g in groups if g[0] % 2 == 0],
        "odd half (validation)": [g for g in groups if g[0] % 2 == 1],
    }
    matcher = NameMatcher()
    for label, chosen in halves.items():
        names = [n for _, g in chosen for n in g]
        random.Random(seed).shuffle(names)
        gold_of = {n: i for i, (_, g) in enumerate(chosen) for n in g}
        gold = gold_pairs(g for _, g in chosen)
        methods: dict[str, Callable[[], dict[str, int]]] = {
            "discover": lambda names=names: predicted(
                names, discover(names, names=True, loadable=False)),
            "as table": lambda names=names: predicted(names, discover(names, names=True)),
            "baseline": lambda names=names: baseline(names),
        }
        for method, run in methods.items():
            started = time.perf_counter()
            assignment = run()
            took = time.perf_counter() - started
            p, r = scores(pairs_of(assignment), gold)
            print(f"| {label:<24} | {len(chosen):>6} | {len(names):>5} | {method:<10} | {p:6.3f} "
                  f"| {r:6.3f} | {purity(assignment, gold_of):6.3f} | {took:5.2f} |")
            if label == "all" and method == "discover":
                pred = pairs_of(assignment)
                missed = collections.Counter(missed_kind(matcher, a, b) for a, b in gold - pred)
                merged = collections.Counter(merged_kind(matcher, a, b) for a, b in pred - gold)
                wrong_pairs, missed_pairs = pred - gold, gold - pred
    print_kinds("Errors left in names mode, all groups: pairs merged wrongly", merged,
                len(wrong_pairs))
    print_kinds("Errors left in names mode, all groups: pairs missed", missed, len(missed_pairs))
    print("\nexamples of wrongly merged pairs:")
    for a, b in sorted(wrong_pairs)[:5]:
        print(f"  {a} | {b}")


# -- text mode -----------------------------------------------------------------------------

OFFICES = ["Foreign Minister", "Prime Minister", "Defense Minister", "President", "Gen.",
           "Secretary-General", "Interior Minister", "Ambassador", "Sheikh", "Deputy Minister"]
PLACES = ["New York", "Moscow", "Baghdad", "Damascus", "Tehran", "Kabul", "Washington",
          "United Nations", "European Union", "Security Council", "White House", "Brussels",
          "Red Cross", "World Bank", "Geneva", "Islamabad", "Cairo"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SENTENCES = [
    "{office} {name} said on {day} that talks in {place} would continue.",
    "{name} told reporters in {place} that the sanctions were unjust.",
    "According to officials in {place}, {name} left the country last week.",
    "The ministry said {name} had been detained in {place} on {day}.",
    "In {place}, {office} {name} met representatives of the {place2} on {day}.",
    "Officials said {name} was seen in {place} in March.",
    "Speaking in {place}, {name} denied the accusations.",
    "{name}, who was sanctioned in 2019, has not commented.",
    "Prosecutors in {place} charged {name} with fraud on {day}.",
    "A spokesman for the {place} said {name} would attend the summit.",
]
PAIR_SENTENCES = [
    "{name} met {other} in {place} on {day}.",
    "{other} and {name} signed the agreement in {place}.",
    "{office} {name} said {other} had been informed.",
]
FILLER = [
    "The foreign minister said the talks were constructive.",
    "Officials declined to comment, and the ministry said nothing.",
    "Prosecutors said the investigation was continuing.",
    "The president and the prime minister spoke by phone.",
    "A spokesman said the general would travel next week.",
    "Speaking on condition of anonymity, officials said the deal was close.",
    "According to the report, the sanctions remain in force.",
    "In a statement, the ambassador said the embassy was closed.",
    "The deputy minister and the secretary-general met in the morning.",
    "The interior ministry said the border would reopen.",
]


def _plain(name: str) -> list[str]:
    from anyascii import anyascii

    return anyascii(name).lower().replace("'", "").replace("-", " ").split()


def _looks_like(a: list[str], b: list[str]) -> bool:
    """The baseline's own notion of two spellings of one name (independent of the matcher):
    as many parts, each pair of parts with rapidfuzz ratio >= 60."""
    from rapidfuzz import fuzz

    return len(a) == len(b) and all(fuzz.ratio(x, y) >= 60 for x, y in zip(a, b, strict=True))


def distractors(groups: list[tuple[int, Group]], rng: random.Random) -> dict[int, str]:
    """For about half the groups, a different person sharing the given name (another
    surname) or the surname (another given name) with the group's canonical spelling. The
    other part comes from another group, and the new name must not look like a spelling of
    any listed name (:func:`_looks_like`): a distractor is another person, not a respelling."""
    listed = collections.defaultdict(list)
    for _, names in groups:
        for name in names:
            plain = _plain(name)
            listed[len(plain)].append(plain)
    firsts = [g[0].split()[0] for _, g in groups if len(g[0].split()) >= 2]
    lasts = [g[0].split()[-1] for _, g in groups if len(g[0].split()) >= 2]
    chosen = {}
    for number, (_, names) in enumerate(groups):
        words = names[0].split()
        if len(words) < 2 or rng.random() < 0.5:
            continue
        share_given = rng.random() < 0.5
        pool, position = (lasts, -1) if share_given else (firsts, 0)
        for _ in range(20):
            new = [*words]
            new[position] = rng.choice(pool)
            plain = _plain(" ".join(new))
            if not any(_looks_like(plain, other) for other in listed[len(plain)]):
                chosen[number] = " ".join(new)
                break
    return chosen


def news(groups: list[tuple[int, Group]], seed: int) -> tuple[list[str], dict[int, str]]:
    """Articles of ten to twenty sentences; each listed name two to six times (canonical
    spellings more often), each distractor three times, half of them beside the person."""
    rng = random.Random(seed)
    extra = distractors(groups, rng)
    mentions: list[tuple[str, str | None]] = []
    for number, (_, names) in enumerate(groups):
        for rank, name in enumerate(names):
            times = rng.randint(4, 6) if rank == 0 else rng.randint(2, 3)
            mentions += [(name, None)] * times
        if number in extra:
            mentions.append((rng.choice(names), extra[number]))
            mentions += [(extra[number], None)] * 2
    rng.shuffle(mentions)
    sentences = []
    for name, other in mentions:
        fields = {"name": name, "other": other, "office": rng.choice(OFFICES),
                  "place": rng.choice(PLACES), "place2": rng.choice(PLACES),
                  "day": rng.choice(DAYS)}
        template = rng.choice(PAIR_SENTENCES if other else SENTENCES)
        sentences.append(template.format(**fields))
    articles = []
    while sentences:
        size = rng.randint(10, 20)
        body, sentences = sentences[:size], sentences[size:]
        body += rng.sample(FILLER, 3)
        rng.shuffle(body)
        articles.append(" ".join(body[:5]) + "\n\n" + " ".join(body[5:]) + "\n")
    return articles, extra


def text_mode(groups: list[tuple[int, Group]], seed: int) -> None:
    print("\n## Running-text mode: the names in generated news sentences\n")
    articles, extra = news(groups, seed)
    collector = AliasDiscovery()
    started = time.perf_counter()
    for article in articles:
        collector.add_text(article)
    proposals = collector.proposals()
    took = time.perf_counter() - started
    gold_of = {table_form(n): i for i, (_, g) in enumerate(groups) for n in g}
    distractor_names = {table_form(n) for n in extra.values()}
    gold = gold_pairs([table_form(n) for n in g] for _, g in groups)
    pred: set[Pair] = set()
    merged_people = 0
    for group in proposals:
        spellings = [group.canonical, *group.variants]
        pred |= set(itertools.combinations(sorted(spellings), 2))
        if any(s in distractor_names for s in spellings) and any(s in gold_of for s in spellings):
            merged_people += 1
    p, r = scores(pred, gold)
    found = set(collector._final_spellings())
    print(f"| {'articles':>8} | {'mentions':>8} | {'distractors':>11} | {'groups':>6} | {'P':>6} "
          f"| {'R':>6} | {'listed + distractor groups':>26} | {'s':>5} |")
    print(f"| {'-' * 7}:| {'-' * 7}:| {'-' * 10}:| {'-' * 5}:| {'-' * 5}:| {'-' * 5}:| "
          f"{'-' * 25}:| {'-' * 4}:|")
    mentions = sum(s.count for s in collector.spellings.values())
    print(f"| {len(articles):>8} | {mentions:>8} | {len(extra):>11} | {len(proposals):>6} "
          f"| {p:6.3f} | {r:6.3f} | {merged_people:>26} | {took:5.2f} |")
    wrong = pred - gold
    kinds = collections.Counter()
    for a, b in wrong:
        if a in distractor_names or b in distractor_names:
            kinds["a listed person with a distractor"] += 1
        elif a not in gold_of or b not in gold_of:
            kinds["a name found with extra or missing words"] += 1
        else:
            kinds["two listed people"] += 1
    print_kinds("Errors left in running-text mode: pairs merged wrongly", kinds, len(wrong))
    missed = gold - pred
    missed_kinds = collections.Counter(
        "a spelling not found as a name in the text" if a not in found or b not in found
        else "found, not grouped" for a, b in missed)
    print_kinds("Errors left in running-text mode: pairs missed", missed_kinds, len(missed))
    for a, b in sorted(wrong)[:5]:
        print(f"  wrongly merged: {a} | {b}")


# -- scale mode ----------------------------------------------------------------------------


def synthetic_names(groups: list[tuple[int, Group]], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = [n.split() for _, g in groups for n in g]
    firsts = [w[0] for w in words if len(w) >= 2]
    middles = [m for w in words if len(w) >= 3 for m in w[1:-1]]
    lasts = [w[-1] for w in words if len(w) >= 2]
    names = {n for _, g in groups for n in g}
    while len(names) < count:
        parts = [rng.choice(firsts)]
        if rng.random() < 0.4:
            parts.append(rng.choice(middles))
        parts.append(rng.choice(lasts))
        names.add(" ".join(parts))
    out = sorted(names)[:count]
    rng.shuffle(out)
    return out


def scale_mode(groups: list[tuple[int, Group]], seed: int) -> None:
    print("\n## Scale: names clustered on one core\n")
    print(f"| {'names':>7} | {'seconds':>7} | {'groups':>6} | {'names/s':>8} |")
    print(f"| {'-' * 6}:| {'-' * 6}:| {'-' * 5}:| {'-' * 7}:|")
    timings = []
    for count in (25_000, 100_000):
        names = synthetic_names(groups, count, seed)
        started = time.perf_counter()
        proposals = discover(names, names=True)
        took = time.perf_counter() - started
        timings.append(took)
        print(f"| {count:>7,} | {took:7.1f} | {len(proposals):>6,} | {count / took:8,.0f} |")
    print(f"\nratio 100k / 25k: {timings[1] / timings[0]:.2f} (linear = 4.00)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--mode", default="names,text,scale")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not args.file.is_file():
        sys.exit(f"no such file: {args.file}")
    groups = load(args.file)
    modes = set(args.mode.split(","))
    if "names" in modes:
        names_mode(groups, args.seed)
    if "text" in modes:
        text_mode(groups, args.seed)
    if "scale" in modes:
        scale_mode(groups, args.seed)


if __name__ == "__main__":
    main()

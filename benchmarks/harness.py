"""The benchmark harness: textclean beside its peers and its floors, in one table.

    python -m benchmarks.harness [--megabytes 10] [--rounds 3] [--json FILE] [--quick]
    make bench

Run from the repository root (it needs the ``bench`` extra: ``pip install -e '.[bench]'``).
It builds a deterministic corpus in four mixes (:mod:`benchmarks.corpus`), then measures, in
``--rounds`` interleaved rounds (each round runs every contender once, so a noisy neighbour slows
them alike) and reports the median:

- MB/s of UTF-8 input through ``textclean.clean``; through each step of the default pipeline
  (discovered from ``Pipeline().steps``, timed inside a whole-pipeline run, so each sees what it
  sees in real use) and what the pipeline spends between steps; through
  ``Pipeline(only=["encoding"])``; through ftfy (default, and encoding only as datatrove runs it)
  and clean-text (default); a no-match regex pass and split + rstrip + join, for scale;
- alias matching: a table of ``--alias-groups`` groups built, and scanning with it beside a
  10-group table;
- files: a tree of the 10%-garbled mix read + sha256 + atomically written by a plain loop (the
  floor), and ``textclean run --jobs 1`` and ``--jobs 2`` over it in a subprocess;
- start-up: ``python -c pass``, ``import textclean``, ``textclean --version``, ``Pipeline()``;
- peak RSS of ``run --jobs 1``, and one document of ``--scale`` MB and ten times that, each in a
  fresh process: per-step time growth over linear, and the peak RSS while the pipeline runs
  (the document included, its building not) over the document's size.

Ratios named by the performance targets are rows of the table, with the target beside them.
Rows that read no corpus show their value in the first column. ``--quick`` is a small smoke run
(tests run it); its numbers mean nothing. ``--sections`` measures only some sections; a new
section is a function added to ``ROUND_SECTIONS`` or ``ONCE_SECTIONS``.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ftfy

import textclean
from benchmarks.corpus import MIXES, PAGES, ROOT, documents, pages_source, write_tree
from benchmarks.table import Table, Target
from textclean import Document, Pipeline
from textclean.aliases import AliasGroup, AliasTable
from textclean.step import Context

#: ftfy with the encoding fixes only, as datatrove's FTFYFormatter runs it.
FTFY_ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html="auto", remove_terminal_escapes=True, fix_encoding=True, restore_byte_a0=True,
    replace_lossy_sequences=True, decode_inconsistent_utf8=True, fix_c1_controls=True,
    fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False,
    fix_line_breaks=False, fix_surrogates=True, remove_control_chars=True, normalization=None,
)
TREE_MIX = "docs10"
NO_MATCH = re.compile(r"\x00\x01\x02")


@dataclass
class Bench:
    """What every section reads (arguments, corpora, a scratch folder) and writes (the table)."""

    args: argparse.Namespace
    corpora: dict[str, list[str]]
    scratch: Path
    table: Table
    megabytes: dict[str, float] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)

    def throughput(self, key: str, label: str, mix: str, seconds: float,
                   target: Target | None = None) -> None:
        self.table.add(key, mix, self.megabytes[mix] / seconds, label=label, unit="MB/s",
                       target=target)


# -- timing ---------------------------------------------------------------------------------------

def timed(run: Callable[[], object]) -> float:
    gc.collect()
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def over(docs: Sequence[str], function: Callable[[str], object]) -> Callable[[], None]:
    def run() -> None:
        for text in docs:
            function(text)
    return run


class TimedStep:
    """A step that adds the time it spends to ``seconds``; otherwise the step itself."""

    def __init__(self, step: Any) -> None:
        self.step = step
        self.name = step.name
        self.stage = step.stage
        self.order = step.order
        self.seconds = 0.0

    def __call__(self, doc: Document, ctx: Context) -> Document:
        started = time.perf_counter()
        try:
            return self.step(doc, ctx)
        finally:
            self.seconds += time.perf_counter() - started

    def __getattr__(self, name: str) -> Any:
        return getattr(self.step, name)


def timed_pipeline() -> tuple[Pipeline, list[TimedStep]]:
    """A default pipeline whose steps keep count of their own time."""
    pipeline = Pipeline()
    steps = [TimedStep(step) for step in pipeline.steps]
    pipeline.steps = tuple(steps)  # type: ignore[assignment]
    return pipeline, steps


def command(*args: str) -> list[str]:
    """The ``textclean`` console script beside this interpreter, or ``python -m textclean``."""
    script = Path(sys.executable).with_name("textclean")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "textclean", *args]


def run_child(argv: Sequence[str], cwd: Path | None = None) -> tuple[float, str]:
    """Run a command; its wall time and its standard output."""
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"benchmark: {' '.join(argv[:4])}... failed: {done.stderr[-300:]}")
    return elapsed, done.stdout


#: ``textclean`` as its console script runs it, telling its own peak RSS on the way out. The
#: kernel's ``ru_maxrss`` of a child counts the parent's memory at the fork, so it is read
#: from ``VmHWM``, which belongs to the process after ``exec``.
CLI_REPORTING_PEAK = (
    "import atexit, sys\n"
    "from benchmarks.harness import print_peak_rss\n"
    "atexit.register(print_peak_rss)\n"
    "from textclean.cli import main\n"
    "sys.argv[0] = 'textclean'\n"
    "main()\n"
)


def peak_rss_bytes() -> int:
    """This process's peak resident set since it started its program (``VmHWM``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss_bytes() -> int:
    """This process's resident set now (``VmRSS``), 0 where /proc is not there."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _release_free_memory() -> None:
    """Hand freed heap memory back to the system (glibc), so the pieces the document was
    built from do not count as the pipeline's."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def reset_peak_rss() -> None:
    """Start ``VmHWM`` afresh from the current resident set (Linux 4.0 and later)."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w",
                                            encoding="ascii") as refs:
        refs.write("5")


def print_peak_rss() -> None:
    print(f"peak-rss-bytes {peak_rss_bytes()}", file=sys.stderr)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(args: Sequence[str], cwd: Path) -> tuple[float, float, float]:
    """Wall time of ``textclean ARGS`` in a fresh process, its peak RSS in MB, and the CPU
    seconds it and its worker processes used (the kernel counts a waited-for child's own
    children in it)."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CLI_REPORTING_PEAK, *args], cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)},
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"benchmark: textclean {' '.join(args[:1])}... failed: "
                         f"{done.stderr.strip()[-300:]}")
    peaks = [line for line in done.stderr.splitlines() if line.startswith("peak-rss-bytes ")]
    return elapsed, int(peaks[-1].split()[1]) / 1e6 if peaks else 0.0, cpu


# -- sections: each adds rows; RoundSections run every round, OnceSections once --------------------

def throughput_rows(bench: Bench) -> None:
    """textclean, its steps and its peers on every mix."""
    clean_text = _clean_text()
    for mix, docs in bench.corpora.items():
        bench.throughput("ref.regex", "a no-match regex pass (reference)", mix,
                         timed(over(docs, NO_MATCH.search)))
        bench.throughput("ref.split", "split + rstrip + join (reference)", mix,
                         timed(over(docs, lambda t: "\n".join(x.rstrip() for x in t.split("\n")))))
        bench.throughput("clean", "`textclean.clean` (whole pipeline)", mix,
                         timed(over(docs, textclean.clean)))
        pipeline, steps = timed_pipeline()
        total = timed(over(docs, pipeline))
        for step in steps:
            bench.throughput(f"step.{step.name}", f"step `{step.name}` (inside the pipeline)",
                             mix, step.seconds)
        between = max(total - sum(step.seconds for step in steps), 1e-9)
        bench.throughput("step.between", "the pipeline between steps (edits, checks)", mix,
                         between)
        encoding = bench.cache.setdefault("encoding", Pipeline(only=["encoding"]))
        bench.throughput("encoding", '`Pipeline(only=["encoding"])`', mix,
                         timed(over(docs, encoding)))
        bench.throughput("ftfy.default", "`ftfy.fix_text`, default config", mix,
                         timed(over(docs, ftfy.fix_text)))
        bench.throughput("ftfy.encoding", "ftfy, encoding-only config (as datatrove runs it)", mix,
                         timed(over(docs, lambda t: ftfy.fix_text(t, FTFY_ENCODING_ONLY))))
        bench.throughput("cleantext", "clean-text, default config", mix,
                         timed(over(docs, clean_text)))


def _clean_text() -> Callable[[str], str]:
    try:
        from cleantext import clean  # type: ignore[import-untyped]
    except ImportError:
        raise SystemExit("benchmark: clean-text is missing; install the 'bench' extra: "
                         "pip install -e '.[bench]'") from None
    return clean  # type: ignore[no-any-return]


def alias_rows(bench: Bench) -> None:
    """A large alias table: how long it takes to build, and scanning with it beside 10 groups."""
    count = bench.args.alias_groups
    groups = bench.cache.get("alias_groups")
    if groups is None:
        groups = bench.cache["alias_groups"] = synthetic_alias_groups(count)
    re.purge()  # a pattern compiled in an earlier round would come from re's cache
    started = time.perf_counter()
    large = AliasTable(groups=groups, sources=("bench",) * len(groups))
    large.matcher.pattern  # compiled on first use: the build includes it  # noqa: B018
    bench.table.add("alias.build", "clean", time.perf_counter() - started,
                    label=f"alias table of {count:,} groups: build (checks and pattern)",
                    unit="s", target=Target(False, {None: 1.0}, "< 1 s"))
    small = AliasTable(groups=groups[:10], sources=("bench",) * 10)
    step = next(s for s in Pipeline(only=["aliases"]).steps if s.name == "aliases")
    rules = bench.cache.setdefault("rules", Pipeline(only=["aliases"]).context.rules)
    docs = bench.corpora["clean"]
    for key, table, label in (("alias.scan10", small, "10 groups"),
                              ("alias.scan", large, f"{count:,} groups")):
        context = Context(rules=rules, aliases=table)
        bench.throughput(key, f"step `aliases`, a table of {label}", "clean",
                         timed(over(docs, lambda t, c=context: step(Document(t), c))))


def synthetic_alias_groups(count: int) -> tuple[AliasGroup, ...]:
    """``count`` distinct two-word names, each with a suffixed and an initialled variant."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"

    def word(number: int) -> str:
        number += 30
        letters = ""
        while number:
            number, rest = divmod(number, len(consonants) * len(vowels))
            letters += consonants[rest % len(consonants)] + vowels[rest // len(consonants)]
        return letters.capitalize()

    groups = []
    for index in range(count):
        given, family = word(2 * index), word(2 * index + 1)
        groups.append(AliasGroup(f"{given} {family}", (f"{given} {family}ov",
                                                       f"{given[0]}. {family}")))
    return tuple(groups)


def tree_rows(bench: Bench) -> None:
    """The read + sha256 + atomic-write floor and ``textclean run`` over the same tree."""
    tree = bench.cache.get("tree")
    if tree is None:
        tree = bench.cache["tree"] = write_tree(bench.corpora[TREE_MIX], bench.scratch / "tree")
    out = bench.scratch / "out"
    shutil.rmtree(out, ignore_errors=True)
    bench.throughput("files.floor", "read + sha256 + atomic write, a plain loop (floor)",
                     TREE_MIX, timed(lambda: copy_tree(tree, out)))
    for jobs in (1, 2):
        shutil.rmtree(out, ignore_errors=True)
        seconds, rss, cpu = run_cli(["run", str(tree), "-o", str(out), "--jobs", str(jobs)],
                                    cwd=bench.scratch)
        bench.throughput(f"files.run{jobs}", f"`textclean run --jobs {jobs}` (subprocess)",
                         TREE_MIX, seconds)
        bench.table.add(f"cpu.run{jobs}", TREE_MIX, cpu,
                        label=f"CPU seconds of `run --jobs {jobs}`, its workers included",
                        unit="s")
        if jobs == 1:
            bench.table.add("rss.run1", TREE_MIX, rss, label="peak RSS of `run --jobs 1`",
                            unit="MB")
        else:
            bench.table.add("rss.run2", TREE_MIX, rss,
                            label="peak RSS of `run --jobs 2`, its main process", unit="MB")
    shutil.rmtree(out, ignore_errors=True)


def copy_tree(source: Path, target: Path) -> None:
    """Each file read, hashed and written atomically (temporary file, rename), folders made once."""
    made: set[Path] = set()
    for path in sorted(source.rglob("*.txt")):
        data = path.read_bytes()
        hashlib.sha256(data).hexdigest()
        destination = target / path.relative_to(source)
        folder = destination.parent
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".tmp-", delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, destination)


def startup_rows(bench: Bench) -> None:
    """Start-up: the interpreter alone, the import, the CLI, and building the default pipeline."""
    python = sys.executable
    build = ("import time, textclean.pipeline; t = time.perf_counter(); "
             "textclean.pipeline.Pipeline(); print(time.perf_counter() - t)")
    builtin = ("import time, textclean.pipeline; from importlib.metadata import entry_points; "
               "from textclean.config import Config; "
               "names = tuple(ep.name for ep in entry_points(group='textclean')); "
               "t = time.perf_counter(); textclean.pipeline.Pipeline(Config(disable=names)); "
               "print(time.perf_counter() - t)")
    cases: Iterable[tuple[str, str, list[str]]] = (
        ("start.python", "start-up: `python -c pass`", [python, "-c", "pass"]),
        ("start.import", "start-up: `import textclean`", [python, "-c", "import textclean"]),
        ("start.version", "start-up: `textclean --version`", command("--version")),
    )
    for key, label, argv in cases:
        seconds, _ = run_child(argv)
        bench.table.add(key, "clean", seconds, label=label, unit="s")
    _, out = run_child([python, "-c", builtin])
    bench.table.add("start.builtin", "clean", float(out.strip().splitlines()[-1]),
                    label="start-up: `Pipeline()` with the built-in plugins only (after the "
                          "import)", unit="s", target=Target(False, {None: 0.15}, "< 0.15 s"))
    _, out = run_child([python, "-c", build])
    bench.table.add("start.pipeline", "clean", float(out.strip().splitlines()[-1]),
                    label="start-up: `Pipeline()` with every installed plugin (after the import)",
                    unit="s")


def scale_rows(bench: Bench) -> None:
    """One document of ``--scale`` MB and ten times that, each in a fresh process."""
    small, large = bench.args.scale, bench.args.scale * 10
    results = {}
    for size in (small, large):
        _, out = run_child([sys.executable, "-m", "benchmarks.harness", "--scale-child",
                               str(size)], cwd=ROOT)
        results[size] = json.loads(out.strip().splitlines()[-1])
    big = results[large]
    linear = Target(False, {None: 1.3}, "≤ 1.3x")
    for name in big["steps"]:
        growth = big["steps"][name] / max(results[small]["steps"][name], 1e-9)
        bench.table.add(f"scale.{name}", TREE_MIX, growth / (large / small),
                        label=f"one document {_mb(small)} → {_mb(large)} MB: `{name}` time ÷ "
                              "linear", unit="x", target=linear)
    growth = big["total"] / max(results[small]["total"], 1e-9)
    bench.table.add("scale.total", TREE_MIX, growth / (large / small),
                    label=f"one document {_mb(small)} → {_mb(large)} MB: whole pipeline ÷ linear",
                    unit="x", target=linear)
    bench.table.add("scale.mbs", TREE_MIX, big["bytes"] / 1e6 / big["total"],
                    label=f"one document of {_mb(large)} MB: whole pipeline", unit="MB/s")
    bench.table.add("scale.start", TREE_MIX, big["start_rss"] / 1e6,
                    label=f"one document of {_mb(large)} MB: RSS as the pipeline starts (the "
                          "document in memory)", unit="MB")
    bench.table.add("scale.peak", TREE_MIX, big["peak_rss"] / 1e6,
                    label=f"one document of {_mb(large)} MB: peak RSS while the pipeline runs",
                    unit="MB")
    bench.table.add("scale.rss", TREE_MIX, big["peak_rss"] / big["bytes"],
                    label=f"one document of {_mb(large)} MB: peak RSS ÷ its size (UTF-8)",
                    unit="x", target=Target(False, {None: 4.0}, "≤ 4x"))


def _mb(size: float) -> str:
    return f"{size:g}"


def scale_child(megabytes: float) -> None:
    """Print, as JSON, one document's per-step seconds and the process's peak RSS."""
    text = "".join(documents(TREE_MIX, megabytes))
    pipeline, steps = timed_pipeline()
    gc.collect()
    _release_free_memory()
    start_rss = current_rss_bytes()
    reset_peak_rss()  # what building the document took is not the pipeline's
    started = time.perf_counter()
    pipeline(text)
    total = time.perf_counter() - started
    peak = peak_rss_bytes()
    print(json.dumps({"bytes": len(text.encode("utf-8")), "total": total, "peak_rss": peak,
                      "start_rss": start_rss,
                      "steps": {step.name: step.seconds for step in steps}}))


#: Sections measured in every round, by name (``--sections``).
ROUND_SECTIONS: dict[str, Callable[[Bench], None]] = {
    "throughput": throughput_rows, "aliases": alias_rows, "files": tree_rows,
    "startup": startup_rows,
}
#: Sections measured once, after the rounds.
ONCE_SECTIONS: dict[str, Callable[[Bench], None]] = {"scale": scale_rows}


def derive_ratios(table: Table) -> None:
    """The ratios the targets name, from the medians."""
    table.derive("ratio.ftfy", "`textclean.clean` ÷ ftfy encoding-only", "x",
                 ("clean", "ftfy.encoding"), lambda a, b: a / b,
                 Target(True, {"docs10": 4.0, "lines33": 1.5},
                        "≥ 4x (stretch 8x) on 10% docs, ≥ 1.5x on 1/3 lines"))
    table.derive("ratio.encoding", '`Pipeline(only=["encoding"])` ÷ ftfy encoding-only', "x",
                 ("encoding", "ftfy.encoding"), lambda a, b: a / b,
                 Target(True, {"docs10": 4.0, "lines33": 1.5}, "well above the whole pipeline's"))
    table.derive("ratio.cleantext", "`textclean.clean` ÷ clean-text", "x",
                 ("clean", "cleantext"), lambda a, b: a / b, Target(True, {None: 10.0}, "≥ 10x"))
    table.derive("ratio.alias", "alias scan: 10-group speed ÷ large-table speed", "x",
                 ("alias.scan10", "alias.scan"), lambda a, b: a / b,
                 Target(False, {None: 1.5}, "≤ 1.5x"))
    table.derive("ratio.floor", "`run --jobs 1` time ÷ floor time", "x",
                 ("files.floor", "files.run1"), lambda floor, run: floor / run,
                 Target(False, {None: 2.0}, "≤ 2x"))
    table.derive("ratio.jobs", "`run --jobs 2` ÷ `--jobs 1` speed", "x",
                 ("files.run2", "files.run1"), lambda a, b: a / b,
                 Target(True, {None: 1.8}, "≥ 1.8x"))
    table.derive("ratio.cpu", "`run --jobs 2` ÷ `--jobs 1` CPU seconds (the work two "
                 "workers add)", "x", ("cpu.run2", "cpu.run1"), lambda a, b: a / b)
    table.derive("ratio.version", "`textclean --version` − `python -c pass`", "s",
                 ("start.version", "start.python"), lambda a, b: a - b,
                 Target(False, {None: 0.1}, "< 0.1 s"))


# -- the run ---------------------------------------------------------------------------------------

def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.harness", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--megabytes", type=float, default=10.0, help="MB of each mix")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median)")
    parser.add_argument("--mixes", default=",".join(MIXES), help="comma-separated mixes")
    parser.add_argument("--pages", type=Path, default=PAGES,
                        help="JSON Lines of saved pages (page_text); synthetic pages if absent")
    parser.add_argument("--alias-groups", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=10.0,
                        help="MB of the smaller single document (the larger is 10 times it)")
    parser.add_argument("--sections", default=",".join([*ROUND_SECTIONS, *ONCE_SECTIONS]),
                        help="comma-separated sections to measure (default: all)")
    parser.add_argument("--json", type=Path, help="write every number to this file")
    parser.add_argument("--quick", action="store_true",
                        help="a small smoke run: every row, meaningless numbers")
    parser.add_argument("--scale-child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.megabytes, args.rounds, args.alias_groups, args.scale = 0.2, 1, 300, 0.1
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(argv)
    if args.scale_child is not None:
        scale_child(args.scale_child)
        return
    mixes = [m for m in args.mixes.split(",") if m]
    sections = [name for name in args.sections.split(",") if name]
    known = [*ROUND_SECTIONS, *ONCE_SECTIONS]
    if any(name not in known for name in sections):
        raise SystemExit(f"benchmark: unknown section in {args.sections!r} "
                         f"(choose from {', '.join(known)})")
    unknown = [m for m in mixes if m not in MIXES]
    if unknown:
        raise SystemExit(f"benchmark: unknown mix {unknown[0]!r} (choose from {', '.join(MIXES)})")
    if TREE_MIX not in mixes or "clean" not in mixes:
        raise SystemExit(f"benchmark: the mixes must include 'clean' and '{TREE_MIX}'")
    corpora = {mix: documents(mix, args.megabytes, args.pages) for mix in mixes}
    table = Table({mix: MIXES[mix] for mix in mixes})
    with tempfile.TemporaryDirectory(prefix="textclean-bench-") as scratch:
        bench = Bench(args, corpora, Path(scratch), table)
        bench.megabytes = {m: sum(len(d.encode("utf-8")) for d in docs) / 1e6
                           for m, docs in corpora.items()}
        _warm_up(corpora)
        for number in range(args.rounds):
            print(f"round {number + 1} of {args.rounds}...", file=sys.stderr, flush=True)
            for name, section in ROUND_SECTIONS.items():
                if name in sections:
                    section(bench)
        for name, section in ONCE_SECTIONS.items():
            if name in sections:
                section(bench)
    table.add("rss.harness", "clean", peak_rss_bytes() / 1e6,
              label="peak RSS of this harness (all corpora in memory)", unit="MB")
    derive_ratios(table)
    print(header(args, bench))
    print()
    print(table.markdown())
    if args.json:
        args.json.write_text(json.dumps({
            "machine": machine(), "arguments": {k: str(v) for k, v in vars(args).items()},
            "corpus": {m: {"documents": len(corpora[m]), "megabytes": bench.megabytes[m]}
                       for m in mixes},
            "rows": table.to_json(),
        }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _warm_up(corpora: dict[str, list[str]]) -> None:
    """Build caches the first document of a real run would build, outside any timing."""
    for docs in corpora.values():
        for text in docs[:5]:
            textclean.clean(text)


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "textclean": textclean.__version__,
        "ftfy": ftfy.__version__,
    }


def header(args: argparse.Namespace, bench: Bench) -> str:
    sizes = ", ".join(f"{MIXES[m]} {bench.megabytes[m]:.1f} MB ({len(d):,} docs)"
                      for m, d in bench.corpora.items())
    info = machine()
    return (f"textclean {info['textclean']}, ftfy {info['ftfy']}, Python {info['python']}, "
            f"{info['cpus']} CPUs; median of {args.rounds} interleaved round(s)\n"
            f"corpus: {sizes}; pages: {pages_source(args.pages)}")


if __name__ == "__main__":
    main()

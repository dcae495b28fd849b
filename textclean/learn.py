"""Per-outlet learned boilerplate: lines that repeat across one outlet's documents.

Within one outlet, boilerplate repeats from document to document (navigation, footers, promos,
newsletter prompts) and article text does not. :class:`LineCounter` reads documents one at a
time and counts, per outlet, in how many documents each normalised line occurs; :meth:`rules`
turns the lines seen in at least ``min_docs`` documents and ``min_share`` of the outlet's
documents into rules of the same form as the named rules (``textclean/data/boilerplate.toml``),
which ``run`` and ``clean`` then apply like any rules file.

* **Normalised lines**: stripped, inner white space folded, digit runs counted as one ("941
  comments" and "12 comments" are one line); case is kept.
* **Bounded memory**: lines are keyed by a 64-bit BLAKE2b hash, and a line's text is kept only
  from its second document on. Counting is Manku and Motwani's lossy counting over documents:
  every ``1 / error`` documents, lines whose count could not reach ``error`` times the number
  of documents read so far are forgotten, so memory stays proportional to ``1 / error`` (times a
  logarithm) and no line seen in more than ``error`` of the documents is lost; its count is at
  most ``error`` times the number of documents short. ``error`` is a tenth of ``min_share``.
* **Escaped literals**: a pattern is the line's words, each passed through ``regex.escape``,
  joined by ``\\s{1,9}``, with ``\\d{1,12}`` for a digit run. No text of the input ever becomes
  regular-expression syntax, and every pattern has a bounded length.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex
import tomli_w

from textclean._version import __version__
from textclean.config import Config
from textclean.decode import decode_bytes
from textclean.errors import InputError, TextcleanError
from textclean.io import atomic_write, check_locations, walk
from textclean.pipeline import Pipeline
from textclean.rules import Rule, rules_from_data
from textclean.step import Stage

__all__ = [
    "LearnedLine",
    "LineCounter",
    "first_stages",
    "learn_into_output",
    "learn_profile",
    "learn_tree",
    "literal_pattern",
    "profile_toml",
    "rule_for_line",
    "with_rules",
    "write_profile",
]

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_PIECES = re.compile(r"(\d+)|(\s+)")
#: The file ``run --learn`` writes in its output folder.
LEARNED = "learned.toml"
#: Lines longer than this are never learned: boilerplate lines are short, and a rule must stay
#: readable.
MAX_LINE = 300


def normalise(line: str) -> str:
    """The form in which lines are counted: stripped, white space folded, digits as "0"."""
    return _DIGITS.sub("0", _SPACE.sub(" ", line.strip()))


def _key(normalised: str) -> int:
    return int.from_bytes(hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).digest(),
                          "big")


@dataclass
class _Entry:
    count: int
    error: int  # how many documents it may have been seen in before it was (re)counted
    text: str | None = None  # the line as first seen in a second document


@dataclass
class _Outlet:
    documents: int = 0
    entries: dict[int, _Entry] = field(default_factory=dict)


@dataclass(frozen=True)
class LearnedLine:
    """A line learned for an outlet: its text, and in how many of the outlet's documents."""

    outlet: str | None
    text: str
    documents: int
    of: int


class LineCounter:
    """Counts normalised lines per outlet, one document at a time, in bounded memory."""

    def __init__(self, min_docs: int = 5, min_share: float = 0.2) -> None:
        if min_docs < 2:
            raise ValueError("min_docs must be at least 2: a line in one document is not repeated")
        if not 0 < min_share <= 1:
            raise ValueError("min_share must be above 0 and at most 1")
        self.min_docs = min_docs
        self.min_share = min_share
        self.error = min_share / 10
        self.width = math.ceil(1 / self.error)
        self._outlets: dict[str | None, _Outlet] = {}

    def add(self, text: str, outlet: str | None = None) -> None:
        """Count the distinct lines of one document of ``outlet``."""
        state = self._outlets.setdefault(outlet, _Outlet())
        state.documents += 1
        bucket = math.ceil(state.documents / self.width)
        seen: set[int] = set()
        entries = state.entries
        for raw in text.split("\n"):
            line = raw.strip()
            if not line or len(line) > MAX_LINE or not any(c.isalpha() for c in line):
                continue
            normalised = normalise(line)
            key = _key(normalised)
            if key in seen:
                continue
            seen.add(key)
            entry = entries.get(key)
            if entry is None:
                entries[key] = _Entry(1, bucket - 1)
            else:
                entry.count += 1
                if entry.text is None:
                    entry.text = line
        if state.documents % self.width == 0:
            for key in [k for k, e in entries.items() if e.count + e.error <= bucket]:
                del entries[key]

    def __len__(self) -> int:
        """How many lines are held, over every outlet: what memory grows with."""
        return sum(len(state.entries) for state in self._outlets.values())

    def learned(self) -> Iterator[LearnedLine]:
        """The lines seen in at least ``min_docs`` documents and ``min_share`` of their outlet's
        documents, most frequent first within each outlet, outlets in name order."""
        for outlet in sorted(self._outlets, key=lambda o: (o is not None, o or "")):
            state = self._outlets[outlet]
            needed = max(self.min_docs, math.ceil(self.min_share * state.documents))
            chosen = [e for e in state.entries.values()
                      if e.text is not None and e.count >= needed]
            chosen.sort(key=lambda e: (-e.count, e.text))
            for entry in chosen:
                assert entry.text is not None
                yield LearnedLine(outlet, entry.text, entry.count, state.documents)

    def rules(self) -> tuple[Rule, ...]:
        """The learned lines as rules (see :func:`rule_for_line`)."""
        return tuple(rule_for_line(line, number)
                     for number, line in enumerate(self.learned(), start=1))


def _slug(outlet: str | None) -> str:
    if outlet is None:
        return "any"
    slug = re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")
    return slug or "outlet"


def literal_pattern(line: str) -> str:
    """A pattern that matches ``line`` and the lines that differ from it only in white space
    and digits: escaped text, ``\\s{1,9}`` and ``\\d{1,12}``, nothing else."""
    parts = []
    for piece in _PIECES.split(line.strip()):
        if not piece:
            continue
        if piece.isspace():
            parts.append(r"\s{1,9}")
        elif piece.isdigit():
            parts.append(r"\d{1,12}")
        else:
            parts.append(regex.escape(piece, special_only=True))
    return "".join(parts)


def rule_for_line(line: LearnedLine, number: int) -> Rule:
    """The rule that removes one learned line: id ``learned.<outlet>-<number>``, limited to the
    line's outlet (to every document when the outlet was unknown), with its counts."""
    share = line.documents / line.of
    where = f"outlet '{line.outlet}'" if line.outlet is not None else "unknown outlet"
    return Rule(
        id=f"learned.{_slug(line.outlet)}-{number}",
        pattern=literal_pattern(line.text),
        outlets=None if line.outlet is None else (line.outlet,),
        description=f"Seen in {line.documents} of {line.of} documents of {where} ({share:.0%}).",
        examples=(line.text,),
    )


def profile_toml(rules: Iterable[Rule], *, header: str = "") -> str:
    """Rules as a TOML rules file, readable by :func:`textclean.rules.load_rules`."""
    entries = []
    for rule in rules:
        entry: dict[str, object] = {"id": rule.id, "pattern": rule.pattern,
                                    "description": rule.description}
        if rule.outlets is not None:
            entry["outlets"] = list(rule.outlets)
        entry["examples"] = list(rule.examples)
        entries.append(entry)
    body = tomli_w.dumps({"rules": entries})
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    text = comments + ("\n" if comments else "") + body
    rules_from_data({"rules": entries}, source="learned profile")  # what is written loads back
    return text


def write_profile(path: Path, rules: Iterable[Rule], *, header: str = "") -> None:
    """Write a rules file atomically (see :func:`profile_toml`)."""
    atomic_write(path, profile_toml(rules, header=header).encode("utf-8"))


def first_stages(config: Config) -> Pipeline:
    """The pipeline's steps up to the extract stage: what gives a document the text and the
    outlet that the boilerplate steps will see."""
    every = Pipeline(config)
    names = [step.name for step in every.steps if step.stage <= Stage.EXTRACT]
    return Pipeline(config, only=names) if names else every


def learn_tree(
    config: Config,
    input_dir: Path,
    *,
    include: Iterable[str] = ("**/*.txt",),
    exclude: Iterable[str] = (),
    outlet: str | None = None,
    min_docs: int = 5,
    min_share: float = 0.2,
) -> tuple[LineCounter, int]:
    """Count the lines of every document under ``input_dir``, one file at a time, each under
    the outlet the pipeline gives it (``outlet`` for all, when given). Files that cannot be
    read or decoded, or whose first steps fail, are passed over and counted. Returns the counter
    and the number of files passed over."""
    if not input_dir.is_dir():
        raise InputError(f"{input_dir}: not a folder")
    counter = LineCounter(min_docs=min_docs, min_share=min_share)
    pipeline = first_stages(config)
    passed_over = 0
    for entry in walk(input_dir, tuple(include), tuple(exclude)):
        if entry.skip_reason:
            passed_over += 1
            continue
        try:
            data = (input_dir / entry.path).read_bytes()
        except OSError:
            passed_over += 1
            continue
        decoded = decode_bytes(data)
        if decoded.text is None:
            passed_over += 1
            continue
        try:
            doc = pipeline(decoded.text, outlet=outlet, source=entry.path)
        except TextcleanError:
            passed_over += 1
            continue
        counter.add(doc.text, doc.meta.outlet)
    return counter, passed_over


def with_rules(config: Config, paths: Iterable[str | Path]) -> Config:
    """``config`` with more rules files, named from the command line: relative paths are
    taken from the working directory, not from the configuration file's folder."""
    extra = tuple(str(Path(path).expanduser().resolve()) for path in paths)
    return dataclasses.replace(config, rules=config.rules + extra)


def _header(counter: LineCounter, rules: Sequence[Rule], input_dir: Path, passed_over: int
            ) -> str:
    return (
        f"Boilerplate learned by textclean {__version__} from {input_dir}: the lines seen in at\n"
        f"least {counter.min_docs} documents and {counter.min_share:.0%} of their outlet's "
        f"documents; {len(rules)} rules.\n"
        f"Review before use: delete any rule that names article text.\n"
        + (f"{passed_over} files could not be read and were passed over.\n" if passed_over else "")
    )


def learn_profile(
    config: Config,
    input_dir: Path,
    output: Path,
    *,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    outlet: str | None = None,
    min_docs: int = 5,
    min_share: float = 0.2,
) -> str:
    """Learn the boilerplate of the documents under ``input_dir`` into the rules file
    ``output``; returns a one-line summary."""
    try:
        counter, passed_over = learn_tree(
            config, input_dir, include=include or ("**/*.txt",), exclude=exclude or (),
            outlet=outlet, min_docs=min_docs, min_share=min_share)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    rules = counter.rules()
    write_profile(output, rules, header=_header(counter, rules, input_dir, passed_over))
    outlets = len({rule.outlets for rule in rules})
    return f"wrote {len(rules)} rules for {outlets} outlets to {output}"


def learn_into_output(
    config: Config,
    input_dir: Path,
    output_dir: Path,
    *,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    outlet: str | None = None,
) -> Path:
    """The first pass of ``run --learn``: learn the input's boilerplate (default thresholds)
    into ``output_dir/learned.toml`` and return its path."""
    check_locations(input_dir, output_dir)
    path = output_dir / LEARNED
    learn_profile(config, input_dir, path, include=include, exclude=exclude, outlet=outlet)
    return path

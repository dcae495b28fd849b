"""Romanisation-aware folding of name tokens: spellings of one sound become one string.

A token is romanised with ``anyascii`` (diacritics and scripts: "Сергей" -> "Sergey"),
lower-cased, stripped of apostrophes and ayn/hamza marks, then rewritten by the ordered folds of
``textclean/data/romanization.toml`` (kh/h, q/k/g, ou/u, y/i, doubled letters, ...). The folds are
data with examples and counterexamples, checked by tests, and general: they know romanisation
systems, never particular names.

Needs the ``discover`` extra (``anyascii``); imported only by alias discovery.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from textclean.errors import RuleError
from textclean.extras import require

__all__ = ["FoldRule", "Romanizer", "VowelPairs", "load_folds", "load_vowel_pairs"]

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_RULE_KEYS = frozenset({"id", "pattern", "replace", "why", "examples", "counterexamples"})


@dataclass(frozen=True)
class FoldRule:
    """One rewrite of a lower-case ASCII token: ``pattern`` (a regular expression) becomes
    ``replace``. ``examples`` are token pairs the whole chain of folds must make equal,
    ``counterexamples`` pairs it must keep apart; ``why`` names the romanisation it knows."""

    id: str
    pattern: str
    replace: str
    why: str
    examples: tuple[tuple[str, str], ...] = ()
    counterexamples: tuple[tuple[str, str], ...] = ()


def _rule(entry: Mapping[str, Any], source: str) -> FoldRule:
    extra = set(entry) - _RULE_KEYS
    if extra:
        raise RuleError(
            f"{source}: fold {entry.get('id', '?')!r}: unknown key {sorted(extra)[0]!r}"
        )
    try:
        rule = FoldRule(
            id=entry["id"], pattern=entry["pattern"], replace=entry["replace"], why=entry["why"],
            examples=tuple(tuple(pair) for pair in entry.get("examples", ())),
            counterexamples=tuple(tuple(pair) for pair in entry.get("counterexamples", ())),
        )
        re.compile(rule.pattern)
    except (KeyError, TypeError, re.error) as exc:
        raise RuleError(f"{source}: fold {entry.get('id', '?')!r}: {exc}") from None
    return rule


@dataclass(frozen=True)
class VowelPairs:
    """Vowels that romanisations write for one another (``pairs``), with token pairs that must
    count as vowel variants (``examples``) and pairs that must not (``counterexamples``)."""

    pairs: frozenset[frozenset[str]]
    examples: tuple[tuple[str, str], ...] = ()
    counterexamples: tuple[tuple[str, str], ...] = ()


@functools.cache
def _data() -> dict[str, Any]:
    source = resources.files("textclean") / "data" / "romanization.toml"
    return tomllib.loads(source.read_text(encoding="utf-8"))


@functools.cache
def load_folds() -> tuple[FoldRule, ...]:
    """The folds shipped in ``textclean/data/romanization.toml``, in order."""
    return tuple(_rule(entry, "textclean/data/romanization.toml") for entry in _data()["fold"])


@functools.cache
def load_vowel_pairs() -> VowelPairs:
    """The ``[vowels]`` table of ``textclean/data/romanization.toml``."""
    table = _data()["vowels"]
    return VowelPairs(
        pairs=frozenset(frozenset(pair) for pair in table["pairs"]),
        examples=tuple(tuple(pair) for pair in table.get("examples", ())),
        counterexamples=tuple(tuple(pair) for pair in table.get("counterexamples", ())),
    )


class Romanizer:
    """Folds tokens with a chain of :class:`FoldRule`; remembers the tokens it has folded, since
    a corpus repeats a few thousand name tokens millions of times."""

    def __init__(self, rules: Sequence[FoldRule] | None = None, cache_size: int = 1 << 18) -> None:
        self.rules = tuple(load_folds() if rules is None else rules)
        self._anyascii = require("anyascii", "discover", "alias discovery").anyascii
        self._compiled = tuple((re.compile(r.pattern), r.replace) for r in self.rules)
        self.fold = functools.lru_cache(maxsize=cache_size)(self._fold)
        self.vowel_pairs = load_vowel_pairs().pairs

    def vowel_variants(self, x: str, y: str) -> bool:
        """True when folded tokens ``x`` and ``y`` differ only in vowels that romanisations
        write for one another, position by position (Mohammed, Muhammad)."""
        if len(x) != len(y) or x == y:
            return False
        pairs = self.vowel_pairs
        return all(a == b or frozenset((a, b)) in pairs for a, b in zip(x, y, strict=True))

    def _fold(self, token: str) -> str:
        text = _NOT_ALNUM.sub("", self._anyascii(token).lower())
        for pattern, replace in self._compiled:
            text = pattern.sub(replace, text)
        return text

    def ascii(self, token: str) -> str:
        """``token`` romanised and lower-cased, without the folds: what a reader would type."""
        return _NOT_ALNUM.sub("", self._anyascii(token).lower())

"""Notice vocabulary: the fixed wording of cookie banners, legal lines, subscription and account
prompts, page navigation and comment widgets, in many languages.

The lists are data (``textclean/data/pagetext.toml``), one table per category with its source,
its terms, and the example lines it must mark and the article sentences it must not. A term is a
literal phrase matched case-insensitively as whole words, punctuation aside. A line is a notice
when it holds at least one term per ``words_per_term`` words, so a short line with one term
("Privacy Policy", "Abonnez-vous") is a notice, and so is a cookie banner dense with them, but a
paragraph that mentions a privacy policy once is not.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from importlib import resources
from itertools import compress, repeat
from operator import not_
from typing import Any

from textclean.errors import RuleError
from textclean.stopwords import is_stop_word, words_of

__all__ = ["Category", "Feature", "Vocabulary", "default_vocabulary", "features",
           "load_vocabulary"]

_KEYS = ("category", "description", "source", "terms", "examples", "counterexamples")
#: What :func:`str.strip` takes off a word before it is compared with a term's words.
PUNCTUATION = "\"'“”‘’«»„()[]¿¡,.;:!?…|•·-–—/&*"


def _rarity(word: str) -> tuple[bool, int]:
    """How good a word of a term is as its anchor: better if no language lists it as a stop
    word ("cookies" rather than "we"), then if longer."""
    return (not is_stop_word(word), len(word))


def _forms(word: str) -> set[str]:
    """A word with the punctuation that can cling to it, as a line's words carry it."""
    forms = {word}
    forms.update(lead + word for lead in "\"'“‘«„([¿¡")
    forms.update(word + trail for trail in ",.;:!?)]\"'”’»…")
    return forms


@dataclass(frozen=True)
class Category:
    """One list of notice terms, with what it is for and where its terms come from."""

    name: str
    terms: tuple[str, ...]
    description: str = ""
    source: str = ""
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()


class Vocabulary:
    """Every category's terms, indexed for matching against a line's words.

    Each term is indexed under its longest word (its anchor: "cookies", "subscribe"), so a line
    none of whose words is an anchor, most lines, is passed over with one set operation; on the
    other lines only the words a term around an anchor covers are stripped of punctuation and
    compared. Terms without letters (the © sign) are looked for in the line as they are.
    """

    def __init__(self, categories: Sequence[Category]) -> None:
        self.categories = tuple(categories)
        self._anchored: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
        self._marks: dict[str, str] = {}
        for category in self.categories:
            for term in category.terms:
                words = tuple(w.strip(PUNCTUATION) for w in words_of(term.lower()))
                words = tuple(w for w in words if w)
                if not words:
                    self._marks.setdefault(term, category.name)
                    continue
                anchor = max(range(len(words)), key=lambda k: _rarity(words[k]))
                self._anchored.setdefault(words[anchor], []).append(
                    (words, anchor, category.name))
        self._anchor_of = {form: anchor for anchor in self._anchored for form in _forms(anchor)}
        self._anchor_forms = frozenset(self._anchor_of)
        #: The terms to try at each anchor form, in order: (words, anchor offset, length,
        #: category, the term as reported).
        self._at: dict[str, tuple[tuple[tuple[str, ...], int, int, str, str], ...]] = {
            form: tuple((words, offset, len(words), name, " ".join(words))
                        for words, offset, name in self._anchored[anchor])
            for form, anchor in self._anchor_of.items()}
        #: Words that can begin a closer look at a line: each term's anchor, as a line's words
        #: carry it.
        self.triggers = self._anchor_forms
        #: The marks (©) as one pattern, for a scan of a whole page; None without marks.
        self.marks = (re.compile("|".join(map(re.escape, self._marks))) if self._marks
                      else None)

    def candidates(self, words: Sequence[list[str]], lines: Sequence[str],
                   sentences: Sequence[bool], words_per_term: int,
                   among: Sequence[int] | None = None) -> list[int]:
        """The positions of the lines that :meth:`match` could mark, found with set operations
        and counts in C: enough anchor words for one term per ``words_per_term`` words (two in
        a sentence), or a mark (©). Every line :meth:`match` marks is among them. ``among``,
        when given, holds the positions of every line that has a trigger word (and maybe
        others): the others are not looked at for terms."""
        triggers = self.triggers
        is_trigger = triggers.__contains__
        chosen = []
        if among is None:
            among = range(len(words))
        hits = map(not_, map(triggers.isdisjoint, map(words.__getitem__, among)))
        for k in compress(among, hits):
            size = len(words[k])
            needed = _terms_needed(size, sentences[k], words_per_term)
            if needed == 1 or sum(map(is_trigger, words[k])) >= needed:
                chosen.append(k)
        marks = self.marks
        if marks is not None and marks.search("\n".join(lines)):
            chosen = sorted({*chosen, *compress(range(len(lines)), map(marks.search, lines))})
        return chosen

    def hits(self, words: list[str], line: str = "") -> list[tuple[str, str]]:
        """The terms found among a line's ``words`` (as :func:`~textclean.stopwords.words_of`
        gives them), left to right and not overlapping, and the marks (©) found in the
        ``line``: each as (category, term)."""
        found = [(name, mark) for mark, name in self._marks.items() if mark in line]
        anchors = self._anchor_forms.intersection(words)
        if anchors:
            found += self._terms(words, anchors)
        return found

    def _terms(self, words: list[str], anchors: Set[str]) -> list[tuple[str, str]]:
        """The terms of :meth:`hits` (marks aside), given the ``anchors``: the anchor forms among
        the ``words`` (and maybe other words). An anchor form stripped is its anchor, so a term of
        one word matches as it is found, and only the other words of a longer term are stripped
        (most words of a line are not next to an anchor)."""
        at = self._at
        size = len(words)
        found = []
        end = 0
        for position in compress(range(size), map(anchors.__contains__, words)):
            if position < end:
                continue
            for term, offset, length, name, text in at.get(words[position], ()):
                start = position - offset
                stop = start + length
                if start >= end and stop <= size and (
                        length == 1 or tuple(map(str.strip, words[start:stop],
                                                 repeat(PUNCTUATION))) == term):
                    found.append((name, text))
                    end = stop
                    break
        return found

    def match(self, words: list[str], line: str, sentence: bool, words_per_term: int
              ) -> tuple[str, list[str]] | None:
        """The category of a line that holds at least one term per ``words_per_term`` words
        (the category of most of its terms) and the terms, or None. A sentence (a line of six
        words or more ending in sentence punctuation) needs two terms: one is a mention, not a
        notice."""
        found = self.hits(words, line)
        if len(found) < _terms_needed(len(words), sentence, words_per_term):
            return None
        return _verdict(found)

    def notices(self, words: Sequence[list[str]], lines: Sequence[str],
                sentences: Sequence[bool], words_per_term: int, among: Sequence[int],
                present: Sequence[Set[str]]) -> list[tuple[int, str, list[str]]]:
        """What :meth:`match` says of each of the :meth:`candidates` among ``among``, for the
        lines it marks: (position, category, terms), in one call rather than one per line.
        ``present[k]`` holds at least the :attr:`triggers` among line ``k``'s words (other words
        in it are passed over), so a line's triggers are counted and found from that small set
        rather than looked up word by word in the whole vocabulary again."""
        marks = self.marks
        if marks is not None and marks.search("\n".join(lines)):
            marked = ((k, self.match(words[k], lines[k], sentences[k], words_per_term))
                      for k in self.candidates(words, lines, sentences, words_per_term, among))
            return [(k, found[0], found[1]) for k, found in marked if found is not None]
        notices = []
        for k in compress(among, map(present.__getitem__, among)):
            anchors = present[k]
            line = words[k]
            size = len(line)
            needed = _terms_needed(size, sentences[k], words_per_term)
            # The test of candidates(): as many triggers as terms needed. The triggers are
            # counted only when there are fewer different ones (a long line that names one).
            if len(anchors) < needed and sum(map(line.count, anchors)) < needed:
                continue
            found = self._terms(line, anchors)
            if len(found) >= needed:
                notices.append((k, *_verdict(found)))
        return notices

    def __repr__(self) -> str:
        return f"Vocabulary({', '.join(c.name for c in self.categories)})"


def _terms_needed(size: int, sentence: bool, words_per_term: int) -> int:
    """How many terms make a line of ``size`` words a notice: one per ``words_per_term`` words,
    at least one, and two in a sentence of six words or more (one is a mention)."""
    return max(2 if sentence and size >= 6 else 1, -(-size // words_per_term))


def _verdict(found: Sequence[tuple[str, str]]) -> tuple[str, list[str]]:
    """The category of most of the ``found`` (category, term) pairs, and their terms."""
    names = [name for name, _ in found]
    return max(names, key=names.count), [term for _, term in found]


def _strings(source: str, name: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"{source}: vocabulary '{name}': {key} must be a list of strings")
    return tuple(value)


@dataclass(frozen=True)
class Feature:
    """A documented line feature of the ``pagetext`` step, with the lines it must mark and the
    lines it must not (its pattern is code, in :mod:`textclean.blocks`)."""

    name: str
    description: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]


@functools.cache
def features() -> tuple[Feature, ...]:
    """The line features documented in ``textclean/data/pagetext.toml``."""
    source = resources.files("textclean") / "data" / "pagetext.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    return tuple(
        Feature(entry["name"], entry["description"], tuple(entry["examples"]),
                tuple(entry["counterexamples"]))
        for entry in data.get("features", [])
    )


def vocabulary_from_data(data: Mapping[str, Any], *, source: str) -> Vocabulary:
    """A vocabulary from parsed TOML: a ``[[vocabulary]]`` array of tables."""
    unknown = set(data) - {"vocabulary", "features"}
    if unknown:
        raise RuleError(f"{source}: unknown top-level key '{sorted(unknown)[0]}'")
    entries = data.get("vocabulary")
    if not isinstance(entries, list):
        raise RuleError(f"{source}: expected a [[vocabulary]] array of tables")
    categories = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("category"), str):
            raise RuleError(f"{source}: vocabulary[{index}] needs a 'category' name")
        extra = set(entry) - set(_KEYS)
        if extra:
            raise RuleError(f"{source}: vocabulary[{index}]: unknown key '{sorted(extra)[0]}'")
        name = entry["category"]
        categories.append(Category(
            name=name,
            terms=_strings(source, name, "terms", entry.get("terms", [])),
            description=str(entry.get("description", "")),
            source=str(entry.get("source", "")),
            examples=_strings(source, name, "examples", entry.get("examples", [])),
            counterexamples=_strings(source, name, "counterexamples",
                                     entry.get("counterexamples", [])),
        ))
    return Vocabulary(categories)


def load_vocabulary(path: Any) -> Vocabulary:
    """Read a vocabulary TOML file; any problem is a one-line :class:`RuleError`."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise RuleError(f"{path}: cannot read vocabulary: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: invalid TOML: {exc}") from None
    return vocabulary_from_data(data, source=str(path))


@functools.cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped with textclean (``textclean/data/pagetext.toml``)."""
    source = resources.files("textclean") / "data" / "pagetext.toml"
    with resources.as_file(source) as path:
        return load_vocabulary(path)

"""Candidate personal names in running text: runs of capitalised words, sentence by sentence.

A run is a sequence of capitalised words (any cased script: Latin, Cyrillic, Greek, ...)
separated by single spaces, possibly joined by particles ("Osama bin Laden", "Ludwig van
Beethoven") and hyphen-joined articles ("Haider al-Abadi"), with initials ("George W. Bush").
Acronyms ("FM", "ISIS"), possessives ("Russia's") and punctuation end a run. Titles and offices
before a name are cut off ("Iraqi Prime Minister Haidar al-Abadi" gives "Haidar al-Abadi"), and
so are words that start sentences ("The", "In").

What a run cannot tell alone (is "Foreign" part of a name?) the corpus tells: :class:`WordStats`
counts how often each word is written in lower case and how often capitalised inside a
sentence, and :meth:`WordStats.trim` drops leading words written in lower case more often.
Scripts without letter case (Arabic, Hebrew, Chinese) carry no such signal: names in them are
found only when given as names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from textclean.namematch import name_words

__all__ = ["Mention", "WordStats", "find_mentions", "sentences"]

#: A word: letters, with apostrophes and hyphens inside ("O'Brien", "al-Abadi", "Yo'-cho'ng"),
#: an ayn or hamza mark before a capital ("'Abd", "ʿAli"), and a final full stop (initials).
_WORD = regex.compile(
    r"(?:[ʿʾ'’‘`](?=[\p{Lu}\p{Lt}]))?\p{L}[\p{L}\p{M}]*(?:['’ʼ\-]+\p{L}[\p{L}\p{M}]*)*\.?"
)
_MARKS = "ʿʾ'’‘`"
_UPPER_START = regex.compile(r"[\p{Lu}\p{Lt}]")
_HAS_LOWER = regex.compile(r"\p{Ll}")
_POSSESSIVE = regex.compile(r"['’ʼ]s\Z")
_JOINED = regex.compile(r"(\p{Ll}+)-(?=[\p{Lu}\p{Lt}])")
#: Where a sentence ends: ., ! or ? (and closing quotes or brackets) before space and a
#: capital letter or an opening quote; and every line break.
_SENTENCE_END = regex.compile(
    r"(?<=[.!?][\"'”’»)\]]*)[ \t]+(?=[\"'“‘«(\[]?[\p{Lu}\p{Lt}\d])|\n+"
)
_GAP = regex.compile(r"[ \t\u00a0]")
#: Words a sentence needs before it can count as a headline in title case.
_TITLE_CASE_MIN_WORDS = 4
_CONTEXT = 160


@dataclass(frozen=True, slots=True)
class Mention:
    """A candidate name as written, its sentence (a number within the text) and the sentence
    text around it, for a reviewer."""

    name: str
    sentence: int
    context: str


def sentences(text: str) -> Iterator[str]:
    """The sentences of ``text``: split after ., ! or ? before a capital, and at line breaks.
    An abbreviation or initial ("Gen.", "W.") ends no sentence when a capital follows it as
    part of a name; the few it splits wrongly only shorten a run."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start:match.start()]
        last = before.rsplit(None, 1)[-1] if before.strip() else ""
        if len(last) == 2 and last[0].isupper() and last[1] == ".":
            continue  # an initial: "George W. Bush"
        if last[:-1].casefold() in _words().titles:
            continue
        if before.strip():
            yield before
        start = match.end()
    if text[start:].strip():
        yield text[start:]


def _is_name_word(word: str) -> bool:
    """Capitalised and not an acronym: "Lavrov", "al-Abadi", "O'Brien", "'Abd", "W." ."""
    word = word.lstrip(_MARKS)
    if _UPPER_START.match(word):
        letters = word.rstrip(".")
        return len(letters) == 1 or bool(_HAS_LOWER.search(letters))
    joined = _JOINED.match(word)
    return joined is not None and joined.group(1) in name_words()["joined_particles"]


class _Words:
    """The word lists of ``textclean/data/names.toml`` as sets."""

    def __init__(self) -> None:
        words = name_words()
        self.particles = frozenset(words["particles"])
        self.titles = frozenset(words["titles"])
        self.function_words = frozenset(words["function_words"])


_words_cache: list[_Words] = []


def _words() -> _Words:
    if not _words_cache:
        _words_cache.append(_Words())
    return _words_cache[0]


def _runs(sentence: str) -> Iterator[list[str]]:
    """Maximal runs of name words (with inner particles) in one sentence."""
    words = _words()
    run: list[str] = []
    pending: list[str] = []  # particles waiting for a name word after them
    last_end = -1
    for match in _WORD.finditer(sentence):
        word = match.group()
        adjacent = last_end >= 0 and _GAP.fullmatch(sentence[last_end:match.start()]) is not None
        last_end = match.end()
        if run and not adjacent:
            yield run
            run, pending = [], []
        if word.endswith(".") and len(word.rstrip(".")) > 1:
            # a word before a full stop ends the run after it (unless a title: "Gen.")
            bare = word.rstrip(".")
            if bare.casefold() in words.titles:
                run, pending = [], []
                continue
            if _is_name_word(bare):
                run.extend(pending)
                run.append(bare)
            if run:
                yield run
            run, pending, last_end = [], [], -1
            continue
        possessive = _POSSESSIVE.search(word)
        bare = word[:possessive.start()] if possessive else word
        if _is_name_word(bare):
            run.extend(pending)
            pending = []
            run.append(bare)
            if possessive:
                yield run
                run, last_end = [], -1
        elif run and word.casefold() in words.particles:
            pending.append(word)
        else:
            if run:
                yield run
            run, pending = [], []
    if run:
        yield run


def _trim(run: list[str]) -> list[str]:
    """``run`` without titles and offices before the name and sentence-starting words."""
    words = _words()
    cut = 0
    for index, word in enumerate(run[:-1]):
        if word.rstrip(".").casefold() in words.titles:
            cut = index + 1
    run = run[cut:]
    while run and (run[0].casefold() in words.function_words or run[0] in words.particles):
        run = run[1:]
    while run and run[-1].casefold() in words.particles:
        run = run[:-1]
    return run


def _is_title_case(sentence: str) -> bool:
    """A headline in title case ("Lavrov Underlines Anti-IS Efforts"): several words, no full
    stop at the end, and no word in lower case but short ones ("of", "in", "and", "bin")."""
    found = _WORD.findall(sentence)
    if len(found) < _TITLE_CASE_MIN_WORDS or sentence.rstrip().endswith((".", "!", "?")):
        return False
    return not any(_HAS_LOWER.match(w) and len(w.rstrip(".")) > 3 for w in found)


def _context(sentence: str, name: str) -> str:
    text = " ".join(sentence.split())
    if len(text) <= _CONTEXT:
        return text
    at = max(text.find(name), 0)
    start = max(0, min(at - _CONTEXT // 3, len(text) - _CONTEXT))
    return ("…" if start else "") + text[start:start + _CONTEXT].strip() + "…"


def find_mentions(text: str, stats: WordStats | None = None) -> Iterator[Mention]:
    """Candidate names in ``text``, in order; ``stats`` (if given) counts the text's words."""
    for number, sentence in enumerate(sentences(text)):
        if stats is not None:
            stats.add(sentence)
        if _is_title_case(sentence):
            continue
        for run in _runs(sentence):
            trimmed = _trim(run)
            if trimmed:
                name = " ".join(trimmed)
                yield Mention(name, number, _context(sentence, name))


class WordStats:
    """How often each word is written in lower case, and capitalised inside a sentence; bounded
    to ``limit`` distinct words (the rarest are forgotten first when it is exceeded)."""

    def __init__(self, limit: int = 1_000_000) -> None:
        self.lower: Counter[str] = Counter()
        self.capitalised: Counter[str] = Counter()
        self.limit = limit

    def add(self, sentence: str) -> None:
        found = _WORD.findall(sentence)
        for index, word in enumerate(found):
            word = word.rstrip(".")
            if _UPPER_START.match(word.lstrip(_MARKS)):
                if index:
                    self.capitalised[word.casefold()] += 1
            elif _HAS_LOWER.match(word):
                self.lower[word] += 1
        if len(self.lower) + len(self.capitalised) > self.limit:
            self._forget()

    def _forget(self) -> None:
        for counter in (self.lower, self.capitalised):
            for word in [w for w, n in counter.items() if n <= 1]:
                del counter[word]

    def common(self, word: str) -> bool:
        """True when the corpus writes ``word`` in lower case more often than capitalised
        inside sentences: an ordinary word ("Foreign"), not a name."""
        folded = word.casefold()
        return self.lower[folded] > self.capitalised[folded]

    def trim(self, name: str) -> str:
        """``name`` without leading ordinary words ("Foreign Minister Lavrov" -> "Lavrov")."""
        parts = name.split(" ")
        while parts and self.common(parts[0]):
            parts = parts[1:]
        while parts and parts[0] in _words().particles:
            parts = parts[1:]
        return " ".join(parts)

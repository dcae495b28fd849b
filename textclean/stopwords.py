"""Stop words per language, and a page's language guessed from them.

The lists are those of the Stopwords ISO project (the ``stopwordsiso`` package: 58 languages,
ISO 639-1 codes), read once per process. A page's language is the one whose stop words cover most
of the page's most frequent words, as jusText and trafilatura do without a language model: the
language whose function words fill a text is the language of its sentences, and a menu or a
footer has few function words in any language.

Words are what ``str.split`` gives on a lower-cased line whose apostrophes end a word ("l'état"
gives "l'" and "état"), with punctuation still attached: splitting in C is several times faster
than a regular expression, and each stop word is listed with the punctuation that can cling to it
instead ("the", "the,", "(the"). Chinese and Japanese, written without spaces, are tokenised one
character at a time, and only one-character stop words count for them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, count, repeat
from operator import add, eq, mul

import stopwordsiso

__all__ = [
    "CJK",
    "CJK_CHAR",
    "Language",
    "guess_language",
    "guess_language_of",
    "has_cjk",
    "is_stop_word",
    "language",
    "words_of",
    "words_of_lines",
]

#: Characters of scripts written without spaces between words (Han ideographs, hiragana,
#: katakana): each is one token. Ranges for the standard library's ``re``, which scans them
#: several times faster than ``regex`` scans ``\p{Han}``.
CJK = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
CJK_CHAR = re.compile(f"[{CJK}]")
_CJK_TOKEN = re.compile(f"[^\\W{CJK}]+|[{CJK}]")
#: A token, or a line break between the tokens of two lines.
_CJK_TOKEN_OR_BREAK = re.compile(f"[^\\W{CJK}]+|[{CJK}]|\n")
#: Bytes that cannot start the UTF-8 encoding of a character at U+3040 or above, where the CJK
#: ranges begin: a text none of whose bytes is another has no CJK character.
_BELOW_CJK = bytes(range(0xE3)) + bytes(range(0xF5, 0x100))
#: Punctuation that clings to the start or the end of a word.
_LEADING = "\"'“‘«„([¿¡"
_TRAILING = ",.;:!?)]\"'”’»…"


def words_of(lowered: str) -> list[str]:
    """The words of an already lower-cased line (see the module's docstring)."""
    if "'" in lowered or "’" in lowered:
        lowered = lowered.replace("’", "'").replace("'", "' ")
    if not lowered.isascii() and CJK_CHAR.search(lowered):
        return _CJK_TOKEN.findall(lowered)
    return lowered.split()


def words_of_lines(lowered: str, cjk: bool = True) -> list[list[str]]:
    """The words of each line of an already lower-cased text, as :func:`words_of` gives them,
    in a few C passes over the whole text rather than a call per line: the lines that hold a CJK
    character (none when ``cjk`` is false) are tokenised in one scan, with their line breaks as
    tokens that part them."""
    if "'" in lowered or "’" in lowered:
        lowered = lowered.replace("’", "'").replace("'", "' ")
    lines = lowered.split("\n")
    words = list(map(str.split, lines))
    if not cjk or not has_cjk(lowered):
        return words
    marked = list(compress(count(), map(CJK_CHAR.search, lines)))
    tokens = _CJK_TOKEN_OR_BREAK.findall("\n".join(map(lines.__getitem__, marked)))
    breaks = list(compress(count(), map(eq, tokens, repeat("\n"))))
    starts = [0, *map(add, breaks, repeat(1))]
    ends = [*breaks, len(tokens)]
    deque(map(words.__setitem__, marked, map(tokens.__getitem__, map(slice, starts, ends))),
          maxlen=0)
    return words


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a CJK character. Its UTF-8 bytes are looked at first, in one C
    pass: most pages that are not ASCII (Latin, Cyrillic, Greek, Arabic ...) have no character
    at U+3040 or above, and the regular expression then need not scan them."""
    if text.isascii():
        return False
    if not text.encode("utf-8", "surrogatepass").translate(None, _BELOW_CJK):
        return False
    return CJK_CHAR.search(text) is not None


@dataclass(frozen=True)
class Language:
    """A language code and its stop words (lower case; one-character entries for CJK)."""

    code: str
    stop_words: frozenset[str]
    _forms: list[frozenset[str]] = field(default_factory=list, repr=False, compare=False)

    @property
    def stop_forms(self) -> frozenset[str]:
        """The stop words with the punctuation that can cling to them, for words as
        :func:`words_of` gives them: built once, on first use."""
        if not self._forms:
            forms = set(self.stop_words)
            for word in self.stop_words:
                forms.update(lead + word for lead in _LEADING)
                forms.update(word + trail for trail in _TRAILING)
            self._forms.append(frozenset(forms))
        return self._forms[0]

    def stop_count(self, words: Iterable[str]) -> int:
        return sum(map(self.stop_forms.__contains__, words))


@functools.cache
def _all_languages() -> Mapping[str, Language]:
    return {
        code: Language(code, frozenset(word.lower() for word in stopwordsiso.stopwords(code)))
        for code in sorted(stopwordsiso.langs())
    }


@functools.cache
def _languages_of() -> Mapping[str, tuple[str, ...]]:
    """Each stop word, with the languages that list it."""
    index: dict[str, list[str]] = {}
    for language in _all_languages().values():
        for word in language.stop_words:
            index.setdefault(word, []).append(language.code)
    return {word: tuple(codes) for word, codes in index.items()}


def is_stop_word(word: str) -> bool:
    """Whether any language lists ``word`` (lower case) as a stop word."""
    return word in _languages_of()


def language(code: str) -> Language | None:
    """The stop words of ``code`` ("en", "pt-BR" and "PT" all work), or None if unknown."""
    return _all_languages().get(code.split("-")[0].split("_")[0].lower())


def guess_language(counts: Counter[str]) -> tuple[Language | None, float]:
    """The language whose stop words cover most of the ``counts`` of a sample of a page's
    words, and that coverage as a share of all its words (0 when no word is a stop word
    anywhere). Ties go to the alphabetically first code."""
    total = counts.total()
    table = _packed_languages(_field_bits(total))
    return _best_language(sum(map(mul, map(table.get, counts, repeat(0)), counts.values())),
                          total)


def guess_language_of(words: Sequence[str]) -> tuple[Language | None, float]:
    """:func:`guess_language` of the counts of ``words``, without counting them first."""
    total = len(words)
    return _best_language(sum(map(_packed_languages(_field_bits(total)).get, words,
                                  repeat(0))), total)


#: Bits of each language's count in a packed sum (see :func:`_packed_languages`).
_FIELD_BITS = 32


def _field_bits(total: int) -> int:
    """Bits enough for each language's count of ``total`` words."""
    return max(_FIELD_BITS, total.bit_length() + 1)


@functools.cache
def _packed_languages(bits: int) -> Mapping[str, int]:
    """Each stop word as one integer holding a 1 in the field of each language that lists it
    (``bits`` bits per language, in the order of their codes): summing the integers of a
    sample's words counts its stop words in every language at once, in C."""
    place = {code: k * bits for k, code in enumerate(_all_languages())}
    return {word: sum(1 << place[code] for code in codes)
            for word, codes in _languages_of().items()}


def _best_language(packed: int, total: int) -> tuple[Language | None, float]:
    """The language with the largest count in ``packed`` (the first code on a tie) and its
    share of ``total``."""
    if not total or not packed:
        return None, 0.0
    bits = _field_bits(total)
    mask = (1 << bits) - 1
    languages = list(_all_languages().values())
    hits = [(packed >> (k * bits)) & mask for k in range(len(languages))]
    best = max(hits)
    return languages[hits.index(best)], best / total

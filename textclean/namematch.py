"""Whether two written names are spellings of one person's name, and which pairs to compare.

A name is parsed into its *core tokens*: words and hyphen-joined parts, without the particles
that spellings write or leave out ("al-", "bin", "van", ...: ``textclean/data/names.toml``), each
folded by :class:`~textclean.romanization.Romanizer`. Two names match when their tokens align
(position by position, or with adjacent tokens of the longer one written together:
"Abdulrahman" and "Abdul Rahman") and every aligned pair is similar, the given name and the
surname included: two people who share a surname, or a given name, never match. Token
similarity is rapidfuzz's normalised Indel similarity of the folded tokens; blocking keys are
jellyfish's metaphone codes of the folded given name and surname.

Needs the ``discover`` extra (rapidfuzz, jellyfish, anyascii); imported only by alias discovery.
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from textclean.extras import require
from textclean.romanization import Romanizer

__all__ = ["NameMatcher", "ParsedName", "name_words"]

#: Similarity every aligned token pair needs.
TOKEN_THRESHOLD = 0.6
#: Similarity the given name (first token) and the surname (last token) need.
GIVEN_THRESHOLD = 0.65
SURNAME_THRESHOLD = 0.65
#: Similarity a name of a single token (a surname alone) needs: in effect, the same folded form.
SINGLE_THRESHOLD = 0.95
#: Length-weighted mean similarity over the aligned tokens that makes two names one.
NAME_THRESHOLD = 0.78
#: When all parts but one are the same, the one must be this close in edit distance
#: (Levenshtein): letters moved count, as they do not in the token similarity. Two people who
#: share a given name or a surname differ in exactly one part.
ONE_PART_THRESHOLD = 0.62
#: Similarity of two tokens that differ only in vowels romanisations interchange.
VOWEL_VARIANT = 0.95
#: Similarity a token written together from several ("Abdulrahman") needs with them.
JOINED_THRESHOLD = 0.9
#: At most this many more tokens in one name than in the other (written together in it).
MAX_JOINED = 2

#: Names whose folded letters, written together, are less alike than this are not compared
#: further: no pair of them passes the gates above.
_PREFILTER = 0.55
_TOKEN_CACHE = 1 << 20
_VOWELS = frozenset("aeiou")
_SEPARATOR = re.compile(r"(\s+|-)")


@functools.cache
def name_words() -> dict[str, Any]:
    """The word lists of ``textclean/data/names.toml``."""
    source = resources.files("textclean") / "data" / "names.toml"
    return tomllib.loads(source.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ParsedName:
    """A written name and its folded core tokens (particles left out)."""

    text: str
    tokens: tuple[str, ...]

    @functools.cached_property
    def compact(self) -> str:
        return "".join(self.tokens)


def _feminine_pair(x: str, y: str, given: bool) -> bool:
    """True for a masculine and a feminine form of one name: a given name with a final "a"
    added to a consonant (Ivan, Ivana; Jamil, Jamila; Daniel, Daniela), or a Slavic surname in
    its feminine form (Petrov, Petrova; Putin, Putina; Navalny, Navalnaya; Kowalski, Kowalska).
    They name different people."""
    if len(x) > len(y):
        x, y = y, x
    if len(y) == len(x) + 1 and y.endswith("a") and y.startswith(x) and x[-1:] not in _VOWELS:
        return given or x.endswith(("v", "n"))
    return (not given and len(x) == len(y) and len(x) > 3 and x[:-1] == y[:-1]
            and {x[-1], y[-1]} == {"a", "i"} and x[-2] in "kn")


class NameMatcher:
    """Parses names, compares them and gives their blocking keys; one per discovery run."""

    def __init__(self, romanizer: Romanizer | None = None) -> None:
        self.romanizer = romanizer or Romanizer()
        words = name_words()
        self.particles = frozenset(words["particles"])
        self.joined_particles = frozenset(words["joined_particles"])
        self.abbreviations: dict[str, str] = dict(words["abbreviations"])
        rapidfuzz = require("rapidfuzz", "discover", "alias discovery")
        self._similarity = rapidfuzz.distance.Indel.normalized_similarity
        self._edit_similarity = rapidfuzz.distance.Levenshtein.normalized_similarity
        self._metaphone = require("jellyfish", "discover", "alias discovery").metaphone
        self._token_cache: dict[tuple[str, str], float] = {}

    # -- parsing ---------------------------------------------------------------------------

    def parse(self, name: str) -> ParsedName:
        """``name`` split into folded core tokens. A particle is left out, unless it starts a
        name of two words, where it is a given name ("Al Gore", "Ben Wallace")."""
        pieces = _SEPARATOR.split(name.strip())
        tokens: list[str] = []
        for index in range(0, len(pieces), 2):
            word = pieces[index]
            if not word:
                continue
            lower = self.romanizer.ascii(word)
            joined = index + 1 < len(pieces) and pieces[index + 1] == "-"
            if joined and lower in self.joined_particles:
                continue
            if lower in self.particles and (tokens or index + 4 < len(pieces)):
                continue
            folded = self.romanizer.fold(self.abbreviations.get(lower, word))
            if folded:
                tokens.append(folded)
        return ParsedName(name, tuple(tokens))

    # -- comparing -------------------------------------------------------------------------

    def token_similarity(self, x: str, y: str, given: bool = False) -> float:
        """Similarity of two folded tokens; 0 for the two genders of one name."""
        if x == y:
            return 1.0
        key = (x, y, given) if x < y else (y, x, given)
        found = self._token_cache.get(key)
        if found is not None:
            return found
        if _feminine_pair(x, y, given):
            found = 0.0
        else:
            found = float(self._similarity(x, y))
            if found < VOWEL_VARIANT and self.romanizer.vowel_variants(x, y):
                found = VOWEL_VARIANT
        if len(self._token_cache) >= _TOKEN_CACHE:
            self._token_cache.clear()
        self._token_cache[key] = found
        return found

    def similarity(self, a: ParsedName, b: ParsedName, gated: bool = True) -> float:
        """How alike two names are, from 0 to 1: the length-weighted mean similarity of their
        aligned tokens, at their best alignment. ``gated``: 0 unless every token, the given
        name and the surname reach their thresholds. Always 0 when they cannot be one
        person's name (a different number of parts, two genders of one name)."""
        short, long = sorted((a.tokens, b.tokens), key=len)
        if not short or len(long) - len(short) > MAX_JOINED:
            return 0.0
        if gated and len(short) == len(long) > 1 and (
            self.token_similarity(short[0], long[0], True) < GIVEN_THRESHOLD
            or self.token_similarity(short[-1], long[-1]) < SURNAME_THRESHOLD
        ):
            return 0.0  # the common case in a block, decided without aligning
        if self._similarity(a.compact, b.compact, score_cutoff=_PREFILTER) == 0:
            return 0.0
        best = 0.0
        for aligned, joined in _alignments(short, long):
            score, passes = self._aligned_score(short, aligned, joined)
            if passes or not gated:
                best = max(best, score)
        return best

    def _aligned_score(
        self, short: tuple[str, ...], long: tuple[str, ...], joined: tuple[bool, ...]
    ) -> tuple[float, bool]:
        """The weighted mean similarity of aligned tokens, and whether it passes the gates."""
        sims = [self.token_similarity(x, y, index == 0)
                for index, (x, y) in enumerate(zip(short, long, strict=True))]
        if any(s < JOINED_THRESHOLD for s, j in zip(sims, joined, strict=True) if j):
            return 0.0, False
        if len(sims) == 1:
            return (sims[0], True) if sims[0] >= SINGLE_THRESHOLD else (0.0, False)
        if not all(sims):
            return 0.0, False
        weights = [max(len(x), len(y)) for x, y in zip(short, long, strict=True)]
        score = sum(s * w for s, w in zip(sims, weights, strict=True)) / sum(weights)
        if (min(sims) < TOKEN_THRESHOLD or sims[0] < GIVEN_THRESHOLD
                or sims[-1] < SURNAME_THRESHOLD):
            return score, False
        differ = [(x, y) for x, y, s in zip(short, long, sims, strict=True)
                  if s < 1.0 and s != VOWEL_VARIANT]
        if len(differ) == 1 and self._edit_similarity(*differ[0]) < ONE_PART_THRESHOLD:
            return score, False
        return score, True

    def matches(self, a: ParsedName, b: ParsedName) -> bool:
        return self.similarity(a, b) >= NAME_THRESHOLD

    # -- blocking --------------------------------------------------------------------------

    def block_keys(self, name: ParsedName) -> list[tuple[str, str]]:
        """Keys under which ``name`` is compared with others, each with the string that orders
        the names of a block too large to compare pair by pair (sorted neighbourhood). Names
        that can match share a key: a multi-token name is keyed by the sound of its surname
        (ordered by given name) and by the sound of its given name (ordered by surname, read
        backwards, so that a changed first letter keeps neighbours together); a single token by
        its sound."""
        tokens = name.tokens
        if not tokens:
            return []
        if len(tokens) == 1:
            return [("1:" + self._metaphone(tokens[0]), tokens[0])]
        first, last = tokens[0], tokens[-1]
        rest = "".join(tokens[1:])
        return [
            ("L:" + self._metaphone(last), name.compact),
            ("F:" + self._metaphone(first), rest[::-1]),
        ]


def _alignments(
    short: tuple[str, ...], long: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], tuple[bool, ...]]]:
    """``long`` with adjacent tokens written together so that it has as many as ``short``, and
    which of its tokens are so joined."""
    if len(long) == len(short):
        yield long, (False,) * len(long)
        return
    for cuts in itertools.combinations(range(1, len(long)), len(short) - 1):
        bounds = list(itertools.pairwise((0, *cuts, len(long))))
        yield (tuple("".join(long[i:j]) for i, j in bounds),
               tuple(j - i > 1 for i, j in bounds))

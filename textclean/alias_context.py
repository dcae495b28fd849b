"""What the words around an alias say about it: the context checks of the ``aliases`` step.

A line is split at the table's matches into ``[gap, match, gap, match, ..., gap]``. Each check
here reads only the gaps next to one match, and only a bounded stretch of them, so it costs the
same on a line of any length. Gaps are text that no replacement touches, so what a check reads
is the same before and after the line is rewritten: that keeps the step a fixed point.

- :func:`names_alias`: the text before a variant introduces it as a name ("formerly ISIS",
  "also known as Da'esh", "(also ISIL", "a.k.a. IS"); the variant is kept, since the sentence is
  about the name itself.
- :func:`joins_names`: two names of one entity side by side ("ISIS, or ISIL", "Islamic State
  (IS)", "ISIS/ISIL"); the sentence says that they are names of one thing.
- :func:`quoted_alone`: a variant quoted on its own (``"IS" is a verb``) is a word talked about.
- :func:`in_other_term`: an ambiguous acronym glued to another acronym or word by "-", "/", "&"
  or "+" ("IS-LM", "IS/IT", "R&IS") is part of another term.
- :func:`words_before` and :func:`words_after`: the nearest words in the same clause, for cue
  words ("IS fighters") and for words that make an acronym part of another term ("IS
  department").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

__all__ = [
    "in_other_term",
    "joins_names",
    "names_alias",
    "quoted_alone",
    "words_after",
    "words_before",
]

#: How much of a gap the checks read, from the side that touches the match.
REACH = 80

_QUOTES = {
    '"': '"', "'": "'", "\u201c": "\u201d", "\u201e": "\u201c\u201d", "\u2018": "\u2019",
    "\u201a": "\u2018\u2019", "\u00ab": "\u00bb", "\u2039": "\u203a", "\u300c": "\u300d",
    "\u300e": "\u300f",
}
_H = r"[ \t\u00a0\u202f]"
_OPEN_QUOTE = r"[\"'\u201c\u201e\u2018\u201a\u00ab\u2039\u300c\u300e]"
_NAMING_VERB = (rf"(?:known{_H}+as|called|named|dubbed|spelled|spelt|written"
                rf"|referred{_H}+to{_H}+as)")
_NAMING = regex.compile(
    rf"""(?:
        (?<![\w\-])(?:formerly|previously|originally|once)(?:{_H}+{_NAMING_VERB})?
      | (?<![\w\-])(?:also|better|otherwise|commonly|widely|sometimes|often){_H}+{_NAMING_VERB}
      | (?<![\w\-])known{_H}+as
      | (?<![\w\-])(?:dubbed|nicknamed|renamed|rebranded(?:{_H}+as)?|abbreviated(?:{_H}+(?:as|to))?)
      | (?<![\w.])a\.?k\.?a\.?
      | [(\[]{_H}*(?:also|or|formerly|aka)
    ){_H}*[:,]?{_H}*{_OPEN_QUOTE}?{_H}*\Z""",
    regex.IGNORECASE | regex.VERBOSE,
)
#: The longest naming phrase with its spaces and quote ("otherwise known as: “") fits in this.
_NAMING_REACH = 48
#: A word every naming phrase holds: most gaps hold none, and are passed at memory speed.
_NAMING_HINT = re.compile(
    r"(?i)formerly|previously|originally|once|known|also|dubbed|nicknamed|renamed|rebranded"
    r"|abbreviated|a\.?k\.?a|[(\[]"
)
#: Characters that a case-blind pattern of ASCII letters matches but whose lower case is not
#: that letter: "İ" (lower case "i" and a dot above), dotless "ı", long "ſ". (The fourth, the
#: Kelvin sign, lower-cases to "k".) tests/test_aliases.py checks the list against ``re``.
_CASE_ONLY_IN_PATTERNS = ("\u0130", "\u0131", "\u017f")
#: The words of :data:`_NAMING_HINT`, lower case ("a.k.a" in each of its four spellings).
_HINT_WORDS = ("also", "known", "formerly", "once", "previously", "originally", "dubbed",
               "nicknamed", "renamed", "rebranded", "abbreviated", "aka", "a.ka", "ak.a",
               "a.k.a")
_JOINER = regex.compile(
    rf"""{_H}*(?:
        ,{_H}*(?:or{_H}+)?
      | {_H}or{_H}+
      | /{_H}*
      | [(\[]{_H}*(?:(?:or|also|formerly|now|aka){_H}+)?
    ){_OPEN_QUOTE}?""",
    regex.IGNORECASE | regex.VERBOSE,
)
_GLUE = "-/&+\u2010\u2011"
_HYPHENS = "-\u2010\u2011"
#: Another acronym (capitals or digits, no lower-case letter) right before the glue.
_ACRONYM_BEFORE = regex.compile(r"(?<![\w])[\p{Lu}\d][\p{Lu}\d]*\Z")
_ACRONYM_AFTER = regex.compile(r"[\p{Lu}\d][\p{Lu}\d]*(?![\p{Ll}])")
_WORD = regex.compile(r"[\w\u2019'\-]+")
#: Where a clause ends: the words beyond are not "next to" the match.
_CLAUSE_END = regex.compile(r"[.!?;:()\[\]{}\"\u201c\u201d\u00ab\u00bb|\u2014\u2013]")
_POSSESSIVE = regex.compile(r"[\u2019']s(?!\w)")
#: The same patterns searching from the end: the last clause end, the words nearest first (a
#: run of word characters is the same run whichever end it is found from).
_CLAUSE_END_LAST = regex.compile(_CLAUSE_END.pattern, regex.REVERSE)
_WORD_LAST = regex.compile(_WORD.pattern, regex.REVERSE)


def names_alias(before: str) -> bool:
    """Whether the gap ``before`` a variant ends by introducing it as a name."""
    tail = before[-_NAMING_REACH:]
    return _naming_hint(tail) and _NAMING.search(tail) is not None


def _naming_hint(tail: str) -> bool:
    """Whether ``tail`` holds a word of :data:`_NAMING_HINT`, asked with substring tests of the
    lower-cased text, several times faster than the pattern. Ignoring case, the pattern's ASCII
    letters also match four other characters; three of them do not lower-case to the letter
    they match (:data:`_CASE_ONLY_IN_PATTERNS`), so a text holding one is asked the pattern."""
    if "(" in tail or "[" in tail:
        return True
    if not tail.isascii() and any(map(tail.__contains__, _CASE_ONLY_IN_PATTERNS)):
        return _NAMING_HINT.search(tail) is not None
    return any(map(tail.lower().__contains__, _HINT_WORDS))


def joins_names(gap: str) -> bool:
    """Whether ``gap``, between two names of one entity, says they name the same thing."""
    return len(gap) <= REACH and _JOINER.fullmatch(gap) is not None


def quoted_alone(before: str, after: str) -> bool:
    """Whether the match between ``before`` and ``after`` is quoted on its own: an opening
    quote right before and its closing quote right after, not followed by a letter ("IS's")."""
    if not before or not after:
        return False
    closers = _QUOTES.get(before[-1])
    if closers is None or after[0] not in closers:
        return False
    return len(after) == 1 or not after[1].isalnum()


def in_other_term(before: str, after: str, *, match_before: bool, match_after: bool) -> bool:
    """Whether the match is glued into another term: by "/", "&" or "+" to a word, or by a
    hyphen to another acronym ("IS-LM", "LM-IS"), or to another match of the table.
    ``match_before``/``match_after``: whether another match of the table touches the gap on
    its far side (the gap is then all there is between the two)."""
    if before and before[-1] in _GLUE:
        rest = before[:-1]
        if not rest and match_before:
            return True
        if rest and (rest[-1].isalnum() if before[-1] not in _HYPHENS else
                     _ACRONYM_BEFORE.search(rest[-REACH:]) is not None):
            return True
    if after and after[0] in _GLUE:
        rest = after[1:REACH]
        if not rest and match_after:
            return True
        if rest and (rest[0].isalnum() if after[0] not in _HYPHENS else
                     _ACRONYM_AFTER.match(rest) is not None):
            return True
    return False


def words_before(gap: str, count: int) -> list[str]:
    """Up to ``count`` words at the end of ``gap``, nearest first, casefolded, within the
    clause (stopping at sentence punctuation, brackets and quotes)."""
    tail = gap[-REACH:]
    end = _CLAUSE_END_LAST.search(tail)
    if end is not None:
        tail = tail[end.end():]
    return _first_words(_WORD_LAST.finditer(tail), count)


def words_after(gap: str, count: int) -> list[str]:
    """Up to ``count`` words at the start of ``gap``, nearest first, casefolded, within the
    clause; a possessive "'s" right after the match is skipped ("IS's fighters")."""
    head = gap[:REACH]
    possessive = _POSSESSIVE.match(head)
    if possessive is not None:
        head = head[possessive.end():]
    end = _CLAUSE_END.search(head)
    if end is not None:
        head = head[:end.start()]
    return _first_words(_WORD.finditer(head), count)


def _first_words(found: Iterator[regex.Match[str]], count: int) -> list[str]:
    """The first ``count`` of the words ``found`` that are not only hyphens and apostrophes,
    stripped of them at their ends and casefolded."""
    words: list[str] = []
    for match in found:
        word = match.group().strip("-'\u2019")
        if word:
            words.append(word.casefold())
            if len(words) == count:
                break
    return words

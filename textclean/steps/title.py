"""The ``title`` step (stage describe): the headline at the top of an article becomes
``meta.title``. Metadata only: the text never changes.

Knowing which line is the headline lets a corpus keep titles apart from body text. The step runs
after the text is final (after ``boilerplate``, ``headlines`` and ``aliases``; only ``whitespace``,
which changes no line's content, comes later), so it reads exactly the lines a second run reads:
widgets above the headline are gone, a headline printed twice is one copy, a markdown heading has
lost its marks (the ``markdown`` step) and aliases are spelled one way. It needs no knowledge of
those steps.

The first non-blank line that is not a dateline is the title when every sign of a headline is
there, since a first paragraph is far more often a sentence than a title:

- it is followed by a blank line and some more text (a lone paragraph is not "title and body");
- it is at most ``max_length`` characters and has ``min_words`` to ``max_words`` words (a text
  written without spaces, such as Chinese or Japanese, needs four letters instead of words);
  one- and two-word lines are mostly kickers and section names ("World", "Middle East",
  "Opinion") printed above the headline, so ``min_words`` is 3;
- it does not end a sentence: its last character, past closing quotes and brackets, is none of
  ``. ! ? : ; ,`` or their full-width and Arabic forms ("He said so." and "He said so.”" are
  sentences). A headline that asks a question is missed; a first sentence taken for a title
  would be worse;
- its first letter is not lower case unless its first word has a capital ("iPhone", "eBay");
- it holds no URL, is not a dateline, and is not a byline ("By Jane Doe") or a picture credit
  ("Photo: Reuters").

The title is the line with its white space folded. A title already in ``meta.title`` (given by
the caller, or found by an earlier run) is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from textclean.document import Document
from textclean.hookspecs import hookimpl
from textclean.step import Context, Stage, Step
from textclean.steps.date import nonblank_lines, parse_dateline

__all__ = ["Title", "headline"]

_BREAK = regex.compile(r"\r\n|\r|\n")
_VISIBLE = regex.compile(r"[^\s\x1c-\x1f]")
_SENTENCE_END = frozenset(".!?:;,\u2026\u3002\uff01\uff1f\uff1a\uff1b\uff0c\u061f\u060c\u061b")
_CLOSERS = "\"'\u2019\u201d\u00bb)]}*_ \t"
_NO_SPACE_SCRIPT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}]")
_LETTER = regex.compile(r"\p{L}")
_NOT_TITLE = regex.compile(
    r"""(?:
        https?://|www\.                                    # a link
      | By\s+\p{Lu}                                        # a byline
      | (?i:(?:photo|image|picture|video|credit|caption|source)s?\s*[:|/])   # a credit
    )""",
    regex.VERBOSE,
)
_URL_ANYWHERE = regex.compile(r"(?i)https?://|www\.")


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _blank_then_more(text: str, end: int) -> bool:
    """Whether the line ending at ``end`` is followed by a blank line and then some text."""
    brk = _BREAK.match(text, end)
    if brk is None:
        return False
    following = _BREAK.search(text, brk.end())
    if following is None or text[brk.end():following.start()].strip():
        return False
    return _VISIBLE.search(text, following.end()) is not None


def headline(
    line: str, *, max_length: int = 150, min_words: int = 3, max_words: int = 20
) -> str | None:
    """``line`` with its white space folded if it reads as a headline by itself, else None.

    Whether a blank line and more text follow is the step's to check."""
    if len(line) > 4 * max_length:
        return None
    unit = " ".join(line.split())
    if _ends_sentence(unit) or _NOT_TITLE.match(unit):
        return None
    if _URL_ANYWHERE.search(unit) or parse_dateline(unit) is not None:
        return None
    words = unit.split()
    if len(unit) > max_length or len(words) > max_words:
        return None
    if len(words) < min_words and not (
        len(words) == 1 and len(_NO_SPACE_SCRIPT.findall(unit)) >= 4
    ):
        return None
    letter = _LETTER.search(unit)
    if letter is None:
        return None
    if letter.group().islower() and not any(ch.isupper() for ch in words[0]):
        return None
    return unit


@dataclass(frozen=True)
class Title(Step):
    """Take the headline from the top of the final text into ``meta.title``."""

    name = "title"
    stage = Stage.DESCRIBE
    order = 100

    #: Longest line, in characters, that may be a title.
    max_length: int = 150
    #: Fewest words a first line needs to be a title.
    min_words: int = 3
    #: Most words a first line may have to be a title.
    max_words: int = 20

    def __post_init__(self) -> None:
        for option in ("max_length", "min_words", "max_words"):
            value = getattr(self, option)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{option} must be a positive integer, not {value!r}")
        if self.min_words > self.max_words:
            raise ValueError("min_words must not be more than max_words")

    def __call__(self, doc: Document, ctx: Context) -> Document:
        if doc.meta.title is not None:
            return doc
        text = doc.text
        for start, end in nonblank_lines(text):
            line = text[start:end]
            if parse_dateline(line) is not None:
                continue
            title = headline(line, max_length=self.max_length, min_words=self.min_words,
                             max_words=self.max_words)
            if title is not None and _blank_then_more(text, end):
                return doc.revise(title=title)
            return doc
        return doc


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Title,)

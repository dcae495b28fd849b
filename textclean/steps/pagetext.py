"""The ``pagetext`` step (stage remove, after ``boilerplate``): drop the page around the article.

On a document that looks like a whole page dumped as text (many short lines without sentence
punctuation), each line is classified as content or boilerplate from its text and its neighbours
(:mod:`textclean.blocks`), and each boilerplate line goes, as one edit whose rule names the class
and the features that decided it (``pagetext.short: 9 chars, 0% stop words, bad before, bad
after, head``). An article, which has few such lines, is left alone.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add, itemgetter

from textclean.blocks import Settings, settle
from textclean.document import Document, removals
from textclean.errors import ConfigError
from textclean.hookspecs import hookimpl
from textclean.step import Context, Stage, Step
from textclean.stopwords import language

__all__ = ["Pagetext"]


@dataclass(frozen=True)
class Pagetext(Step):
    """Drop the lines of a page that are not its article, one edit per line."""

    name = "pagetext"
    stage = Stage.REMOVE
    order = 200

    #: "auto": only on documents that look like whole pages; "always": on every document.
    mode: str = "auto"
    #: Lines shorter than this (in characters, a CJK character counted as three) are "short"
    #: and take the class of their neighbours.
    length_low: int = 50
    #: Lines longer than this are "good" content when they end a sentence (running text, read
    #: from their first 300 characters for notices and bios), or when their stop words are at
    #: least ``stop_high`` of the page's own share.
    length_high: int = 200
    #: A line of ``length_low`` or more whose share of stop words is below this fraction of the
    #: page's own share (in its long sentences) has "few stop words".
    stop_low: float = 0.6
    #: A line longer than ``length_high`` that does not end a sentence is good content when its
    #: share of stop words is at least this fraction of the page's own share.
    stop_high: float = 0.6
    #: The article's heading is kept when it is at most this many characters before the first
    #: good line.
    heading_distance: int = 200
    #: What a short line costs the article it is in, in characters of content: the article is
    #: the run of lines where content outweighs boilerplate most.
    short_cost: int = 40
    #: A line of medium length that does not end a sentence and has at least this share of
    #: capitalised words is a headline (of this article or another): it counts as short.
    title_case: float = 0.5
    #: The article must have at least this many lines of running text (good lines, and
    #: near-good lines that end a sentence), or the page is left alone: without them there is
    #: no telling the article from its page.
    min_good: int = 2
    #: ... and at least this share of the page's content (characters of good and near-good
    #: lines): a page of teasers has no article that stands out, and is left alone. An article
    #: holds one story's byline: a run of lines with two is cut to the best run with one.
    min_share: float = 0.5
    #: A line is a notice (cookies, legal, subscription, navigation, comments) when it holds at
    #: least one notice term per this many words.
    vocabulary_words: int = 12
    #: A page has at least this many short lines without sentence punctuation whose words are
    #: mostly capitalised (at least ``title_case`` of them: menus, lists of links) ...
    min_lines: int = 20
    #: ... and they make at least this share of its non-blank lines.
    min_short_share: float = 0.35
    #: ... or half that share when the page has at least this many notices (cookie, legal,
    #: subscription, navigation or comment lines, or menus with separators).
    min_notices: int = 4
    #: The page's language must have stop words covering at least this share of its words;
    #: otherwise the page is left alone.
    min_coverage: float = 0.1
    #: The page's language as an ISO 639-1 code ("en", "de"); guessed from stop words if unset.
    language: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in ("auto", "always"):
            raise ConfigError(f"mode must be 'auto' or 'always', not {self.mode!r}")
        if self.language is not None and language(self.language) is None:
            raise ConfigError(f"no stop words for language {self.language!r}")

    def settings(self) -> Settings:
        """The classifier's settings from this step's options."""
        return Settings(
            length_low=self.length_low,
            length_high=self.length_high,
            stop_low=self.stop_low,
            stop_high=self.stop_high,
            heading_distance=self.heading_distance,
            short_cost=self.short_cost,
            title_case=self.title_case,
            min_good=self.min_good,
            min_share=self.min_share,
            vocabulary_words=self.vocabulary_words,
            min_lines=0 if self.mode == "always" else self.min_lines,
            min_short_share=0.0 if self.mode == "always" else self.min_short_share,
            min_notices=self.min_notices,
            min_coverage=self.min_coverage,
            language=self.language,
        )

    def __call__(self, doc: Document, ctx: Context) -> Document:
        decisions = settle(doc.text, self.settings())
        if not decisions:
            return doc
        lines = doc.text.split("\n")
        numbers = list(map(itemgetter(0), decisions))
        rules = [f"pagetext.{category}: {reason}" for _, category, reason in decisions]
        edits = removals(rules, list(map(lines.__getitem__, numbers)),
                         list(map(add, numbers, repeat(1))))
        keep = [True] * len(lines)
        deque(map(keep.__setitem__, numbers, repeat(False)), maxlen=0)
        return doc.revise("\n".join(compress(lines, keep)), *edits)


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Pagetext,)

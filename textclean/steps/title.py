"""The ``title`` step (stage extract): the headline becomes ``meta.title`` and a dateline near
the top becomes ``meta.date``.

Scraped articles start with their headline, either as a markdown heading ("# Headline", what
HTML-to-text converters write for ``<h1>``) or as a short line of its own. Knowing which line it
is lets a corpus keep titles apart from body text, and a date lets it be sliced by time.

``title.markdown-heading``
    The first line that is not blank, a widget or a dateline (see below), when it is a markdown
    heading (up to three spaces, one to six ``#``, a space, the headline, optional closing
    ``#``), loses its marks: "# Headline" becomes "Headline", one edit. The headline becomes
    ``meta.title``. A heading longer than ``max_length`` is left alone: it is not a headline.

A plain first line is the title, with no edit (the text does not change), when every sign of a
headline is there, since a first paragraph is far more often a sentence than a title:

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

Widgets and datelines are skipped when looking for the first line: they come before the headline
in many scrapes. A widget is a line made of share and ad words only ("Share", "Tweet",
"Advertisement", "Share this article", "Facebook Twitter Email"; :data:`WIDGET_WORDS`) or a line
one of the pipeline's boilerplate rules matches ("READ MORE: ...", "Photo: Reuters").

The ``boilerplate``, ``aliases`` and ``headlines`` steps run later and change the top of the
text, so the first line is judged as they will leave it, and a run over the pipeline's output
decides as the first run did: widgets, and copies of the headline ("Title" again, or
"TitleTitle"), between the headline and its blank line are passed over; a headline printed twice
on its line ("Title | Title") is judged, and taken, as one copy; words are counted with the alias
table's spellings ("ISIS-held towns" is three words as "Islamic State-held towns").

A title already in ``meta.title`` (given by the caller, or found by an earlier run) is kept, and
no plain line is taken; the marks of a leading heading are still removed from the text, so the
text does not depend on who set the title.

``meta.date`` is the ISO 8601 date (``2015-05-21``) of the first line among the first five
non-blank lines that is a dateline and nothing else: "May 21, 2015", "Thursday, May 21, 2015",
"21 May 2015", "Sept. 21, 2015", "2015-05-21", any of them with a time after it ("May 21, 2015
10:30 AM EDT", "2015-05-21T10:30:00+03:00"; the time is dropped) and an optional "Published" or
"Posted" before it. Month names are English. The parts are checked by :class:`datetime.date`, so
"February 30, 2015" is no date, and a weekday must be the date's weekday. Numeric dates with
slashes ("05/06/2015") are ambiguous between month-first and day-first, so they are not read.
The dateline stays in the text; an outlet's plugin may remove it. A date already in
``meta.date`` is kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import regex

from textclean.document import Document, Edit
from textclean.hookspecs import hookimpl
from textclean.step import Context, Stage, Step
from textclean.steps.headlines import fold

__all__ = ["WIDGET_WORDS", "Title", "heading_text", "headline_unit", "parse_dateline"]

#: Words that, alone or together, make a line a share or ad widget rather than a headline.
WIDGET_WORDS = frozenset({
    "share", "shares", "tweet", "email", "e-mail", "mail", "print", "pin", "save", "comment",
    "comments", "facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "reddit",
    "pinterest", "flipboard", "messenger", "vk", "sms", "copy", "link", "advertisement",
    "advertising", "ad", "sponsored", "listen", "subscribe", "menu", "close", "follow",
    "bookmark", "gift", "article", "this", "story", "on", "via", "the", "to", "skip", "content",
    "main",
})
_WIDGET_FILLERS = frozenset({"article", "this", "story", "on", "via", "the", "to", "content",
                             "main"})
_WIDGET_SEPARATORS = frozenset(" \t:|/,\u2022\u00b7\u2013\u2014")
#: Separators between the copies of a headline printed twice, as the ``headlines`` step has them.
_DOUBLING_SEPARATORS = ("", " ", " | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 ", " \u2022 ")
#: How many non-blank lines from the top may hold the dateline.
DATE_WINDOW = 5

_BREAK = regex.compile(r"\r\n|\r|\n")
#: Not white space, as :meth:`str.isspace` has it (the separators U+001C-U+001F included).
_VISIBLE = regex.compile(r"[^\s\x1c-\x1f]")
_HEADING = regex.compile(r"[ ]{0,3}#{1,6}[ \t][ \t#]*+")
_WIDGET_WORD = regex.compile(r"\w++(?:-\w++)*+")
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

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
          r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = (r"(?:(?P<weekday>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
            r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?,?[ \t]+)?")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_CLOCK = (r"(?:\d{1,2}(?::\d{2}){1,2}(?:[ \t]*[ap]\.?[ \t]?m\.?)?|\d{1,2}[ \t]*[ap]\.?[ \t]?m\.?)"
          r"(?:[ \t]*\(?[a-z]{2,5}\)?)?(?:[ \t]*[+\-\u2212]\d{1,2}(?::?\d{2})?)?")
_TIME = rf"(?:[ \t]*[,|@\-\u2013\u2014]?[ \t]*(?:at[ \t]+)?{_CLOCK})?"
_PREFIX = r"(?:(?:published|posted)(?:[ \t]+on)?[ \t]*:?[ \t]+)?"
_DATELINE = regex.compile(
    rf"""{_PREFIX}(?:
        {_WEEKDAY}{_MONTH}[ \t]+{_DAY},?[ \t]+{_YEAR}{_TIME}
      | {_WEEKDAY}{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH},?[ \t]+{_YEAR}{_TIME}
      | {_YEAR}-(?P<mm>\d{{2}})-(?P<dd>\d{{2}})
        (?:[T \t]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?
           (?:[ \t]*(?:Z|UTC|GMT|[+\-]\d{{2}}:?\d{{2}}))?)?
    )""",
    regex.IGNORECASE | regex.VERBOSE,
)
#: Longer lines are no datelines, and are not given to the pattern at all.
_DATELINE_MAX = 80


def parse_dateline(line: str) -> str | None:
    """The ISO date of ``line`` if the whole line (stripped) is a valid dateline, else None."""
    text = line.strip()
    if len(text) > _DATELINE_MAX or not text:
        return None
    match = _DATELINE.fullmatch(text)
    if match is None:
        return None
    if match.group("mm"):
        year, month, day = int(match.group("year")), int(match.group("mm")), int(match["dd"])
    else:
        year, day = int(match.group("year")), int(match.group("day"))
        month = _MONTHS[match.group("month")[:3].lower()]
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return None
    weekday = match.group("weekday")
    if weekday and _WEEKDAYS[weekday[:3].lower()] != date.weekday():
        return None
    return date.isoformat()


def heading_text(line: str) -> str | None:
    """The text of a markdown heading line without its marks, or None if it is not one.

    Marks repeated after the first ("# # Title") go too, so the text is never a heading again; a
    "#" glued to a word ("# #hashtag") is part of the text."""
    match = _HEADING.match(line)
    if match is None:
        return None
    end = match.end()
    if line[end - 1] == "#":
        end = max(line.rfind(" ", 0, end), line.rfind("\t", 0, end)) + 1
    text = line[end:].rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip()  # the closing sequence of "# Title #"
    return text if _LETTER.search(text) else None


def _is_widget(text: str) -> bool:
    """Whether a stripped line is made of share and ad widget words only."""
    if len(text) > 60:
        return False
    words = _WIDGET_WORD.findall(text.lower())
    if not words or not all(word in WIDGET_WORDS for word in words):
        return False
    return not set(_WIDGET_WORD.sub("", text.lower())) - _WIDGET_SEPARATORS and any(
        word not in _WIDGET_FILLERS for word in words
    )


def headline_unit(line: str) -> str:
    """``line`` with white space folded and a headline printed twice or more, glued ("TitleTitle")
    or with a separator ("Title | Title"), reduced to one copy, as the ``headlines`` step does
    later. Linear: each round finds the period by a search of the line in itself doubled, and
    at least halves the line."""
    unit = fold(line)
    reduced = True
    while reduced and len(unit) > 1:
        reduced = False
        for sep in _DOUBLING_SEPARATORS:
            whole = unit + sep
            period = (whole + whole).find(whole, 1)
            if len(sep) < period < len(whole):
                unit, reduced = whole[:period - len(sep)], True
                break
    return unit


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _nonblank_lines(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each non-blank line of ``text``, lazily; blank lines are skipped at
    regex speed, so a text of a million blank lines costs one scan."""
    pos = 0
    while (visible := _VISIBLE.search(text, pos)) is not None:
        start = max(text.rfind("\n", pos, visible.start()),
                    text.rfind("\r", pos, visible.start()), pos - 1) + 1
        brk = _BREAK.search(text, visible.start())
        yield start, len(text) if brk is None else brk.start()
        if brk is None:
            return
        pos = brk.end()


def _line_number(text: str, start: int) -> int:
    """The 1-based number of the line that starts at ``start``."""
    crlf = text.count("\r\n", 0, start)
    return text.count("\n", 0, start) + text.count("\r", 0, start) - crlf + 1


@dataclass(frozen=True)
class Title(Step):
    """Take the headline and the dateline from the top of an article into ``meta``."""

    name = "title"
    stage = Stage.EXTRACT
    order = 20

    #: Longest line, in characters, that may be a title.
    max_length: int = 150
    #: Fewest words a plain first line needs to be a title.
    min_words: int = 3
    #: Most words a plain first line may have to be a title.
    max_words: int = 20

    def __post_init__(self) -> None:
        for option in ("max_length", "min_words", "max_words"):
            value = getattr(self, option)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{option} must be a positive integer, not {value!r}")
        if self.min_words > self.max_words:
            raise ValueError("min_words must not be more than max_words")

    def __call__(self, doc: Document, ctx: Context) -> Document:
        text = doc.text
        title, date = doc.meta.title, doc.meta.date
        plan = ctx.rules.plan(doc.meta.outlet)

        def removable(line: str) -> bool:
            """A widget, or a line the ``boilerplate`` step will remove."""
            return _is_widget(line.strip()) or plan.match(line) is not None

        heading: Edit | None = None
        span = (0, 0)
        first = False
        # ``seen`` counts, for the date window, the lines a second run will still see here:
        # not those the boilerplate step removes, nor copies the headlines step removes.
        seen = 0
        folded: set[str] = set()
        for start, end in _nonblank_lines(text):
            line = text[start:end]
            content = heading_text(line)
            key = line if content is None else content  # what a second run will see
            key_folded = fold(key)
            if removable(line) or key_folded in folded:
                if first or date is not None:
                    continue
            else:
                folded.add(key_folded)
                seen += 1
            dateline = parse_dateline(key) if date is None or not first else None
            if date is None:
                date = dateline
            if not first and dateline is None and not removable(line) and (
                content is None or not removable(content)
            ):
                first = True
                if content is not None and len(content) <= self.max_length:
                    heading = Edit("title.markdown-heading", before=line, after=content,
                                   line=_line_number(text, start))
                    span = start, end
                    title = content if title is None else title
                elif title is None and self._plain_title(line, text, end, ctx, removable):
                    title = headline_unit(line)
            if (first and date is not None) or seen >= DATE_WINDOW:
                break
        meta = {}
        if title != doc.meta.title:
            meta["title"] = title
        if date != doc.meta.date:
            meta["date"] = date
        if heading is None:
            return doc.revise(**meta) if meta else doc
        text = text[:span[0]] + heading.after + text[span[1]:]
        return doc.revise(text, heading, **meta)

    def _plain_title(
        self, line: str, text: str, end: int, ctx: Context, removable: Callable[[str], bool]
    ) -> bool:
        """Whether ``line``, the first line, ending at ``end`` in ``text``, is a headline.

        It is judged as later steps will write it: one copy of a doubled headline, with the
        ``aliases`` step's spellings ("ISIS-held towns" is three words as "Islamic State-held
        towns"), so that a run over the output of the whole pipeline agrees with this one."""
        if len(line) > 4 * self.max_length:
            return False
        unit = headline_unit(line)
        if _ends_sentence(unit) or _NOT_TITLE.match(unit):
            return False
        if _URL_ANYWHERE.search(unit) or parse_dateline(unit) is not None:
            return False
        view = ctx.aliases.apply(unit)[0] if len(ctx.aliases) else unit
        words = view.split()
        if len(view) > self.max_length or len(words) > self.max_words:
            return False
        if len(words) < self.min_words and not (
            len(words) == 1 and len(_NO_SPACE_SCRIPT.findall(view)) >= 4
        ):
            return False
        letter = _LETTER.search(view)
        if letter is None:
            return False
        if letter.group().islower() and not any(ch.isupper() for ch in words[0]):
            return False
        return _blank_then_more(text, end, line, removable)


def _blank_then_more(text: str, end: int, line: str, removable: Callable[[str], bool]) -> bool:
    """Whether the line ``line`` ending at ``end`` is followed by a blank line and then some
    text. Lines between that later steps remove (widgets, boilerplate, a copy of ``line``) are
    passed over, so the answer is the same before and after they go."""
    folded = headline_unit(line)
    pos = end
    while (brk := _BREAK.match(text, pos)) is not None:
        following = _BREAK.search(text, brk.end())
        stop = len(text) if following is None else following.start()
        after = text[brk.end():stop]
        if not after.strip():
            return following is not None and _VISIBLE.search(text, following.end()) is not None
        if headline_unit(after) != folded and not removable(after):
            return False
        pos = stop
    return False


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Title,)

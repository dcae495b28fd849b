"""The ``date`` step (stage describe, after ``title``): the dateline near the top of an article
becomes ``meta.date``, so a corpus can be sliced by time. Metadata only: the text never changes.

``meta.date`` is the ISO 8601 date (``2015-05-21``) of the first line among the first five
non-blank lines that is a dateline and nothing else: "May 21, 2015", "Thursday, May 21, 2015",
"21 May 2015", "Sept. 21, 2015", "2015-05-21", any of them with a time after it ("May 21, 2015
10:30 AM EDT", "2015-05-21T10:30:00+03:00"; the time is dropped) and an optional "Published" or
"Posted" before it. Month names are English. The parts are checked by :class:`datetime.date`, so
"February 30, 2015" is no date, and a weekday must be the date's weekday. Numeric dates with
slashes ("05/06/2015") are ambiguous between month-first and day-first, so they are not read.

The step runs after the text is final (every stage but ``tidy``, which changes no line's content),
so it reads the lines a second run reads. An outlet's rule may remove its dateline as page
furniture (``moscowtimes.dateline``); when the text holds no dateline at its top, the first line
that an earlier step of this run removed, that is a dateline and that the text no longer holds
at all (a copy the ``headlines`` step removed does not count: its first occurrence is still
there), gives the date, as a source footer gives ``meta.url``: cleaning the output again keeps
it from ``meta.date``, and cleaning the output *text* alone cannot see it. A date already in
``meta.date`` is kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from textclean.document import Document
from textclean.hookspecs import hookimpl
from textclean.step import Context, Stage, Step

__all__ = ["DATE_WINDOW", "Date", "nonblank_lines", "parse_dateline"]

#: How many non-blank lines from the top may hold the dateline.
DATE_WINDOW = 5

_BREAK = regex.compile(r"\r\n|\r|\n")
#: Not white space, as :meth:`str.strip` has it (the separators U+001C-U+001F included).
_VISIBLE = regex.compile(r"[^\s\x1c-\x1f]")

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


def nonblank_lines(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each non-blank line of ``text``, lazily. Lines end at "\\n", "\\r\\n"
    or "\\r" (as the ``whitespace`` step has them); blank lines are skipped at regex speed, so a
    text of a million blank lines costs one scan."""
    pos = 0
    while (visible := _VISIBLE.search(text, pos)) is not None:
        start = max(text.rfind("\n", pos, visible.start()),
                    text.rfind("\r", pos, visible.start()), pos - 1) + 1
        brk = _BREAK.search(text, visible.start())
        yield start, len(text) if brk is None else brk.start()
        if brk is None:
            return
        pos = brk.end()


def top_dateline(text: str) -> str | None:
    """The ISO date of the first dateline among the first :data:`DATE_WINDOW` non-blank lines."""
    for seen, (start, end) in enumerate(nonblank_lines(text), start=1):
        date = parse_dateline(text[start:end])
        if date is not None or seen >= DATE_WINDOW:
            return date
    return None


@dataclass(frozen=True)
class Date(Step):
    """Take the dateline near the top of an article into ``meta.date``."""

    name = "date"
    stage = Stage.DESCRIBE
    order = 200

    def __call__(self, doc: Document, ctx: Context) -> Document:
        if doc.meta.date is not None:
            return doc
        date = top_dateline(doc.text)
        if date is None:
            date = next((found for edit in doc.edits if not edit.after
                         and (found := parse_dateline(edit.before))
                         and edit.before.strip() not in doc.text), None)
        return doc if date is None else doc.revise(date=date)


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Date,)

"""The ``markdown`` step (stage repair, after ``encoding``): heading lines lose their marks.

HTML-to-text converters write ``<h1>``...``<h6>`` as markdown headings ("# Headline",
"## Background"). In a plain-text corpus the marks are markup, not words, and they hide a line
from every later step: "# Share" is no widget to a whole-line rule, "# TitleTitle" no doubled
headline, and the ``title`` step would read "# Headline" as a line starting with "#".

``markdown.heading``
    A line that is a markdown heading (up to three spaces, one to six ``#``, a space or tab, the
    heading, an optional closing run of ``#``) becomes the heading alone: "# Headline" becomes
    "Headline", one edit per line. Marks repeated after the first ("# # Title") go too, so the
    result is never a heading again; a ``#`` glued to a word ("# #hashtag", "# C# for
    Beginners") is part of the text, and a line without a letter ("# 2015", "# #") is left alone.

Why every heading and not only the first line: the step runs before the remove and collapse
stages, which decide what the first line is. A rule that depends only on the line itself gives
the same answer whatever those stages remove, so the step needs no second look. It runs after
``encoding`` because an escaped "&#35; Headline" is a heading only once repaired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from textclean.document import Document, Edit
from textclean.hookspecs import hookimpl
from textclean.step import Context, Stage, Step

__all__ = ["Markdown", "heading_text"]

_HEADING = regex.compile(r"[ ]{0,3}#{1,6}[ \t][ \t#]*+")
#: Where a heading can start: the start of a line, then the opening marks.
_CANDIDATE = regex.compile(r"(?:^|(?<=[\n\r]))[ ]{0,3}#{1,6}[ \t]")
_LETTER = regex.compile(r"\p{L}")
_BREAK = regex.compile(r"\r\n|\r|\n")


def heading_text(line: str) -> str | None:
    """The text of a markdown heading line without its marks, or None if it is not one."""
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


@dataclass(frozen=True)
class Markdown(Step):
    """Remove the marks of every markdown heading line, one edit per line."""

    name = "markdown"
    stage = Stage.REPAIR
    order = 200

    def __call__(self, doc: Document, ctx: Context) -> Document:
        text = doc.text
        if "#" not in text:
            return doc
        out: list[str] = []
        edits: list[Edit] = []
        done = 0  # text[:done] is in ``out``
        number, counted = 1, 0  # the line number of ``counted``
        for match in _CANDIDATE.finditer(text):
            start = match.start()
            if start < done:
                continue
            brk = _BREAK.search(text, start)
            end = len(text) if brk is None else brk.start()
            line = text[start:end]
            content = heading_text(line)
            if content is None:
                continue
            number += _breaks(text, counted, start)
            counted = start
            edits.append(Edit("markdown.heading", before=line, after=content, line=number))
            out += [text[done:start], content]
            done = end
        if not edits:
            return doc
        out.append(text[done:])
        return doc.revise("".join(out), *edits)


def _breaks(text: str, start: int, end: int) -> int:
    """The number of line breaks in ``text[start:end]``, "\\r\\n" counting once."""
    return (text.count("\n", start, end) + text.count("\r", start, end)
            - text.count("\r\n", start, end))


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Markdown,)

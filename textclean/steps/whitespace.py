"""The ``whitespace`` step (stage tidy): the layout every output file shares.

LF line ends, no trailing white space, at most one blank line in a row, no leading blank lines and
exactly one final newline; an empty or blank text becomes "". Indentation is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textclean.document import Document, Edit
from textclean.hookspecs import hookimpl
from textclean.step import Context, Stage, Step

__all__ = ["Whitespace"]


def _blank_run_edit(rule: str, count: int, line: int) -> Edit:
    return Edit(rule, before="\n" * count, after="", line=line)


@dataclass(frozen=True)
class Whitespace(Step):
    """Normalise line ends and blank lines; runs last so every other step's output is tidied."""

    name = "whitespace"
    stage = Stage.TIDY
    order = 100

    def __call__(self, doc: Document, ctx: Context) -> Document:
        text = doc.text
        edits: list[Edit] = []
        if "\r" in text:
            count = text.count("\r")
            edits.append(Edit("whitespace.line-endings", before="\r" * count, after="", line=0))
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        kept: list[str] = []
        blanks = 0
        for number, line in enumerate(lines, start=1):
            stripped = line.rstrip()
            if stripped != line:
                edits.append(Edit("whitespace.trailing", before=line, after=stripped, line=number))
            if not stripped:
                blanks += 1
                continue
            if blanks and not kept:
                edits.append(_blank_run_edit("whitespace.leading-blank-lines", blanks, 1))
            elif blanks > 1:
                edits.append(_blank_run_edit("whitespace.blank-lines", blanks - 1, number - blanks))
            if blanks and kept:
                kept.append("")
            kept.append(stripped)
            blanks = 0
        result = "\n".join(kept) + "\n" if kept else ""
        if not kept and text:
            edits.append(Edit("whitespace.blank-text", before=text, after="", line=1))
        elif kept and blanks == 0:
            edits.append(Edit("whitespace.final-newline", before="", after="\n", line=len(lines)))
        elif blanks > 1:
            edits.append(_blank_run_edit("whitespace.trailing-blank-lines", blanks - 1,
                                         len(lines) - blanks + 1))
        if not edits:
            return doc
        return doc.revise(result, *edits)


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Whitespace,)

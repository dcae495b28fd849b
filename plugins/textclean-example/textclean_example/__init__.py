"""A step of the plugin's own, for what a line rule cannot do: cut the outlet's credit out of
the dateline that opens a story, and keep the story.

"LONDON (Example News) — The council voted ..." becomes "LONDON — The council voted ...".
Everything else of the plugin is data, in plugin.toml beside this file: textclean registers the
hooks of this module and of that file as one plugin.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import textclean
from textclean import Context, Document, Edit, Stage, Step

__all__ = ["DatelineCredit"]


@dataclass(frozen=True)
class DatelineCredit(Step):
    """Remove the outlet's credit from a dateline: "LONDON (Example News) — ...".

    ``credits`` are the names the outlet's datelines print (``[tool.textclean.steps.example]``
    ``credits = [...]`` in a configuration changes them).
    """

    name = "example"
    stage = Stage.REMOVE
    order = 150
    reads = "lines"  # a line's credit depends on that line alone

    credits: tuple[str, ...] = ("Example News",)

    def provide(self, ctx: Context) -> Mapping[str, Any]:
        # Built once per pipeline and shared through the context, not once per document.
        names = "|".join(re.escape(c) for c in sorted(self.credits, key=len, reverse=True))
        dateline = re.compile(rf"^([A-Z][A-Z.' -]{{0,40}}[A-Z]) (\((?:{names})\) )(?=[—–-] )",
                              re.MULTILINE)
        return {"example.dateline": dateline}

    def __call__(self, doc: Document, ctx: Context) -> Document:
        if not any(credit in doc.text for credit in self.credits):
            return doc  # most documents: a substring search, no pattern
        dateline = ctx.resource("example.dateline")
        edits = []
        for match in dateline.finditer(doc.text):
            line = doc.text.count("\n", 0, match.start()) + 1
            edits.append(Edit("example.dateline-credit", before=match.group(2), after="",
                              line=line))
        if not edits:
            return doc
        return doc.revise(dateline.sub(r"\1 ", doc.text), *edits)


@textclean.hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (DatelineCredit,)

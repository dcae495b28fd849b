"""The ``boilerplate`` step (stage remove): drop whole lines that a rule names as boilerplate.

Rules come from the pipeline's rule book (``ctx.rules``), so rules of plugins and config files
apply and disabled rules do not; a document sees the generic rules plus those of its outlet. A
rule matches the whole stripped line or nothing, so no sentence is ever cut. The removed line goes
with its line break; collapsing the blank lines left around it is the ``whitespace`` step's job.

Matching goes through the rule book's plan (:mod:`textclean.linematch`), once per document: most
lines of news are sentences no rule could match, refused by their length and first characters
before any pattern runs. The cleaned text is made of slices between the removed lines.

The generic rules ship in ``textclean/data/boilerplate.toml``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from textclean.document import Document, Edit
from textclean.hookspecs import hookimpl
from textclean.rules import Rule, deferred_patterns, load_rules
from textclean.step import Context, Stage, Step

__all__ = ["Boilerplate", "generic_rules"]

@dataclass(frozen=True)
class Boilerplate(Step):
    """Remove every line that one rule for the document's outlet matches whole, one edit each."""

    name = "boilerplate"
    stage = Stage.REMOVE
    order = 100
    reads = "lines"

    def __call__(self, doc: Document, ctx: Context) -> Document:
        text = doc.text
        pieces: list[str] = []
        edits: list[Edit] = []
        kept_from = 0
        for number, start, end, rule in ctx.rules.plan(doc.meta.outlet).matches(text):
            edits.append(Edit(rule.id, before=text[start:end], after="", line=number))
            pieces.append(text[kept_from:start])
            kept_from = end + 1  # the line goes with its line break
        if not edits:
            return doc
        pieces.append(text[kept_from:])
        cleaned = "".join(pieces)
        if kept_from > len(text) and cleaned:
            cleaned = cleaned[:-1]  # the last line went: so does the break that led to it
        return doc.revise(cleaned, *edits)


@functools.cache
def generic_rules() -> tuple[Rule, ...]:
    """The generic rules shipped with textclean (``textclean/data/boilerplate.toml``)."""
    source = resources.files("textclean") / "data" / "boilerplate.toml"
    with resources.as_file(source) as path, deferred_patterns():
        return load_rules(path)


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Boilerplate,)


@hookimpl
def textclean_rules() -> Sequence[Rule]:
    return generic_rules()

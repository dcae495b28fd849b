"""The ``aliases`` step (stage canonicalize): one spelling per entity.

"Sergey Lavrov" becomes "Sergei Lavrov", "Haidar al-Abadi" "Haider al-Abadi", and "ISIS", "ISIL",
"IS", "Daesh" and "ISIS/ISIL" become "Islamic State". The groups come from the pipeline's alias
table (``ctx.aliases``): the built-in table ``textclean/data/aliases.toml``, which this module
contributes through ``textclean_aliases``, plus those of other plugins and of config files.
How a table matches (whole words, longest first, one pass, acronyms left alone in upper-case
lines) is described in :mod:`textclean.aliases`; every replacement is an edit with the rule id
``aliases.<slug of the canonical form>``.

Given names are never rewritten alone: "Sergey" becomes "Sergei" only inside a listed full name,
so "Sergey Brin" is left alone.

Meaning comes first: a variant that a sentence introduces as a name ("formerly ISIS, or ISIL",
"also known as Da'esh", ``"IS" is a verb``) is kept, and an ambiguous variant ("IS") is rewritten
only when the document shows the group is meant and never inside another term ("IS-LM", "the IS
department"). With the pipeline's ``explain``, each variant left alone is a kept edit saying why.
The step runs after ``headlines``: a doubled line ("Sergey LavrovSergey Lavrov") hides its alias
from whole-word matching until it is one copy.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from textclean.aliases import DEFAULT_CAPS_RATIO, AliasGroup, aliases_from_data
from textclean.document import Document
from textclean.hookspecs import hookimpl
from textclean.step import Context, Stage, Step
from textclean.steps.urls import find_urls

__all__ = ["Aliases", "builtin_aliases"]


@functools.cache
def builtin_aliases() -> tuple[AliasGroup, ...]:
    """The groups of ``textclean/data/aliases.toml``, read once per process."""
    source = resources.files("textclean") / "data" / "aliases.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    return aliases_from_data(data, source="textclean/data/aliases.toml")


@dataclass(frozen=True)
class Aliases(Step):
    """Rewrite alias variants to their canonical form.

    ``acronyms_in_caps``: also rewrite acronym variants ("IS", "ISIS") in lines that are mostly
    upper case; off by default, because there "IS" is as likely the verb ("THIS IS IT").
    ``caps_ratio``: the share of upper-case letters from which a line counts as mostly upper
    case (the acronyms themselves left out).
    """

    name = "aliases"
    stage = Stage.CANONICALIZE
    order = 100

    acronyms_in_caps: bool = False
    caps_ratio: float = DEFAULT_CAPS_RATIO

    def __post_init__(self) -> None:
        if not isinstance(self.acronyms_in_caps, bool):
            raise ValueError("acronyms_in_caps must be true or false")
        ratio = self.caps_ratio
        if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not 0 < ratio <= 1:
            raise ValueError(f"caps_ratio must be a number above 0 and at most 1, not {ratio!r}")

    def __call__(self, doc: Document, ctx: Context) -> Document:
        text, edits = ctx.aliases.apply(
            doc.text,
            acronyms_in_caps=self.acronyms_in_caps,
            caps_ratio=self.caps_ratio,
            protected=_url_spans,
            explain=ctx.explain,
        )
        if not edits:
            return doc
        return doc.revise(None if text == doc.text else text, *edits)


def _url_spans(line: str) -> list[tuple[int, int]]:
    """Where the URLs of a line are: aliases never rewrite inside an address."""
    if "://" not in line and "www." not in line.lower():
        return []
    return [(found.start, found.end) for found in find_urls(line)]


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Aliases,)


@hookimpl
def textclean_aliases() -> Sequence[AliasGroup]:
    return builtin_aliases()

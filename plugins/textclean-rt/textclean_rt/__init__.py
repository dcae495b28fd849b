"""textclean-rt: boilerplate rules for RT (rt.com).

RT's pages wrap an article in lines no other outlet prints: a share prompt ("Like this story?
Share it with a friend!"), "Trends:" topic labels, RT's own embedded tweets, time stamps, the
newsletter prompt, the opinion-column disclaimer and the copyright footer. The rules are data in
``rules.toml`` beside this module and apply only to documents whose outlet is ``"rt"``, which
:func:`textclean_outlet` names for every URL on RT's domains.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources

import textclean
from textclean import Document, Rule
from textclean.outlets import registrable_domain
from textclean.rules import load_rules

__all__ = ["DOMAINS", "OUTLET", "rules", "textclean_outlet", "textclean_rules"]

#: The outlet name these rules are limited to.
OUTLET = "rt"
#: Registrable domains whose documents are RT's ("russian.rt.com" counts as "rt.com").
DOMAINS = frozenset({"rt.com"})


@functools.cache
def rules() -> tuple[Rule, ...]:
    """The rules of ``rules.toml``, read once."""
    with resources.as_file(resources.files(__name__).joinpath("rules.toml")) as path:
        return load_rules(path)


@textclean.hookimpl
def textclean_rules() -> Sequence[Rule]:
    return rules()


@textclean.hookimpl
def textclean_outlet(doc: Document) -> str | None:
    return OUTLET if registrable_domain(doc.meta.url) in DOMAINS else None

"""textclean-express: boilerplate rules for the Express (express.co.uk).

Scraped Express articles carry photo captions whose credit is glued to the caption
("GETTY*IGThe ruthless Russian leader said ...") or closes it ("... (Image: GETTY)"), teaser
links tagged "[LATEST]" or "[ANALYSIS]" under a "DON'T MISS" header, and the lines of the
newsletter box. The rules are data in ``rules.toml`` beside this module and apply only to
documents whose outlet is ``"express"``, which :func:`textclean_outlet` names for every URL on
its domain.
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
OUTLET = "express"
#: Registrable domains whose documents are the Express's.
DOMAINS = frozenset({"express.co.uk"})


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

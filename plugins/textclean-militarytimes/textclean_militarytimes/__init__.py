"""textclean-militarytimes: boilerplate rules for the Military Times family of sites.

Military Times, Army Times, Navy Times, Air Force Times, Marine Corps Times, Defense News,
C4ISRNET and Federal Times share one page template, so they share its debris: the one-sentence
author bio that closes an article ("Shawn Snow is the senior reporter for Marine Corps Times and a
Marine Corps veteran."), the newsletter sign-up box and photo captions ending in a service credit.
The rules are data in ``rules.toml`` beside this module and apply only to documents whose outlet
is ``"militarytimes"``, which :func:`textclean_outlet` names for every URL on these domains.
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
OUTLET = "militarytimes"
#: Registrable domains of the sites that share the template.
DOMAINS = frozenset({
    "militarytimes.com",
    "marinecorpstimes.com",
    "armytimes.com",
    "navytimes.com",
    "airforcetimes.com",
    "defensenews.com",
    "c4isrnet.com",
    "federaltimes.com",
})


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

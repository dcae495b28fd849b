"""textclean-example: the smallest useful textclean plugin, to copy for a new outlet.

A plugin is a module with functions marked ``@textclean.hookimpl`` and named after the hooks in
``textclean.hookspecs``. This one implements two:

- ``textclean_rules`` gives the ``boilerplate`` step the rules in ``rules.toml``: whole lines
  this outlet prints around its articles that are not news;
- ``textclean_outlet`` names the outlet of a document from its URL, so those rules (limited to
  the outlet ``"example"``) apply to this outlet's documents only.

textclean finds the module through the entry point in ``pyproject.toml``; ``textclean plugins``
lists it once the package is installed.
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

#: The outlet name: every rule in rules.toml has ``outlets = ["example"]``.
OUTLET = "example"
#: Registrable domains of the outlet: "https://www.example.com/news/1" and
#: "https://news.example.com/1" both have the registrable domain "example.com".
DOMAINS = frozenset({"example.com"})


@functools.cache
def rules() -> tuple[Rule, ...]:
    """The rules of ``rules.toml``, read once. ``importlib.resources`` finds the file inside the
    installed package, wherever it was installed."""
    with resources.as_file(resources.files(__name__).joinpath("rules.toml")) as path:
        return load_rules(path)


@textclean.hookimpl
def textclean_rules() -> Sequence[Rule]:
    # Called once when a pipeline is built, never per document.
    return rules()


@textclean.hookimpl
def textclean_outlet(doc: Document) -> str | None:
    # Called per document whose outlet is not known yet (after the URL was extracted, before the
    # boilerplate step). Return None for documents of other outlets: the next plugin is asked.
    return OUTLET if registrable_domain(doc.meta.url) in DOMAINS else None

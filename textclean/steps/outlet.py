"""The ``outlet`` step (stage extract, right after ``urls``): settle which outlet a document is.

Rules, outlet plugins' boilerplate above all, may be limited to outlets, so every later step needs
to know it. The outlet is decided once, in this order, and the first answer wins:

1. given explicitly (``--outlet``, ``process(outlet=...)``, or already in ``meta.outlet``);
2. the configured ``[tool.textclean.outlets]`` map, by source path, then by the URL's host;
3. the plugins' ``textclean_outlet`` hooks, called through pluggy: ``firstresult``, in pluggy's
   order (``tryfirst`` first; the built-in answer of last resort, the URL's registrable domain
   such as ``"rt.com"``, is ``trylast``).

It runs after ``urls`` so that the URL of a source footer (``meta.url``) is known. ``meta.outlet``
records the answer and ``meta.outlet_from`` where it came from: ``explicit``, ``config``, ``url``
(the built-in domain lookup) or ``plugin:<name>``. The text never changes. ``--skip outlet``
leaves every document without an outlet unless one is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textclean.document import Document
from textclean.hookspecs import hookimpl
from textclean.step import Context, Stage, Step

__all__ = ["DOMAIN_PLUGIN", "Outlet", "detect_outlet"]

#: The plugin whose answer is the URL's registrable domain: its answers are recorded as ``url``.
DOMAIN_PLUGIN = "outlets"


def detect_outlet(doc: Document, ctx: Context) -> tuple[str, str] | None:
    """The outlet of ``doc`` and where it came from, or None; the document's own outlet is not
    consulted (the step keeps it)."""
    if ctx.outlets is not None:
        outlet = ctx.outlets.lookup(doc)
        if outlet is not None:
            return outlet, "config"
    if ctx.hooks is None:
        return None
    found = ctx.hooks.outlet(doc)
    if found is None:
        return None
    outlet, plugin = found
    if plugin is None:  # a hook wrapper's answer
        return outlet, "plugin"
    return outlet, "url" if plugin == DOMAIN_PLUGIN else f"plugin:{plugin}"


@dataclass(frozen=True)
class Outlet(Step):
    """Set ``meta.outlet`` (and ``meta.outlet_from``) when the document has none yet."""

    name = "outlet"
    stage = Stage.EXTRACT
    order = 20
    reads = "meta"

    def __call__(self, doc: Document, ctx: Context) -> Document:
        if doc.meta.outlet:
            return doc
        found = detect_outlet(doc, ctx)
        if found is None:
            return doc
        outlet, origin = found
        return doc.revise(outlet=outlet, outlet_from=origin)


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Outlet,)

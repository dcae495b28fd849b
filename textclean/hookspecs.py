"""The hooks a textclean plugin may implement.

Hooks collect; the pipeline decides. Every hook but ``textclean_outlet`` is called exactly once,
when a :class:`~textclean.Pipeline` is built, and its results are gathered per plugin so each step,
rule and alias group is known by the plugin that contributed it. Pluggy's call order never decides
the order of the pipeline: steps sort by ``(stage, order, name)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from textclean.aliases import AliasGroup
    from textclean.document import Document
    from textclean.rules import Rule
    from textclean.step import Step

PROJECT = "textclean"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def textclean_steps() -> Sequence[type[Step]]:
    """Return the step classes this plugin adds to the pipeline.

    Called once per pipeline build. Each class is a frozen dataclass subclass of
    :class:`textclean.Step` with a unique ``name`` (one lowercase word), a ``stage`` and an
    ``order`` inside that stage; its dataclass fields are the options a user sets under
    ``[tool.textclean.steps.<name>]``.

    Results of all plugins are concatenated. A step name contributed by two plugins is an error
    naming both. The pipeline orders the steps by ``(stage, order, name)``; the order in which
    pluggy calls plugins has no effect. Steps of the stages EXTRACT to CANONICALIZE settle: one
    runs again when a later one changed what it reads (its ``reads`` class attribute), and
    DESCRIBE steps change metadata only.

    A step must be idempotent (``step(step(doc)) == step(doc)``), total (any text goes through
    without raising) and accountable (every change of the text is recorded as an
    :class:`textclean.Edit`): :mod:`textclean.testing` checks all three.
    """


@hookspec
def textclean_rules() -> Sequence[Rule]:
    """Return the line rules this plugin adds to the rule book of the ``boilerplate`` step.

    Called once per pipeline build. A rule's ``id`` is ``<scope>.<kebab-case-name>``; its
    ``pattern`` (the ``regex`` module's syntax) must match a whole stripped line, never a part of
    one. Set ``outlets`` to restrict a rule to documents of those outlets. Give ``examples`` that
    must match and ``counterexamples`` (real article sentences) that must not: tests check both.

    Results of all plugins are concatenated in plugin registration order (built-ins first). A rule
    id contributed twice is an error naming both plugins. Users switch a rule off by id with
    ``disable``. Rules from plugins run under a ``regex`` timeout.
    """


@hookspec
def textclean_aliases() -> Sequence[AliasGroup]:
    """Return the alias groups this plugin adds to the table of the ``aliases`` step.

    Called once per pipeline build. Each :class:`textclean.AliasGroup` names one canonical
    spelling and the variants rewritten to it (whole words, case-sensitive unless the group says
    otherwise). Results of all plugins are merged into one table compiled once; a variant claimed
    by two groups, or a canonical form that another group would rewrite, is an error naming the
    groups and plugins involved.
    """


@hookspec(firstresult=True)
def textclean_outlet(doc: Document) -> str | None:
    """Return the outlet of ``doc`` (for example ``"rt"``), or None to let others decide.

    Called by the built-in ``outlet`` step (stage extract, right after ``urls``) for a document
    whose outlet was neither given explicitly nor found in the configured
    ``[tool.textclean.outlets]`` map, so ``doc.meta.url`` and ``doc.meta.source`` are known.
    Answer from the metadata: the step runs again only when the metadata changed. The first
    non-None answer wins (``firstresult``): plugins are asked in pluggy's order, so mark a
    generic guess ``trylast``. The built-in answer, the URL's registrable domain
    (``"rt.com"``), is ``trylast``.

    Unlike the other hooks, the implementations are collected when the pipeline is built and
    called per document by the pipeline itself, so an implementation must be a plain module-level
    function (picklable) and must not depend on the plugin manager.
    """

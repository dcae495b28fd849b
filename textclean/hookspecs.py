"""The hooks a textclean plugin may implement.

Hooks collect; the pipeline decides. Every hook is called through pluggy's hook caller, so
pluggy orders the implementations (``tryfirst`` ones first, then the others last registered
first, then ``trylast`` ones, first registered first) and runs hook wrappers
(``@hookimpl(wrapper=True)``) around them. Every hook but ``textclean_outlet`` is called exactly
once, when a :class:`~textclean.Pipeline` is built; each result is known by the plugin whose
implementation returned it. Pluggy's call order never decides the order of the pipeline: steps
sort by ``(stage, order, name)``; it decides only which of two rules is tried first.
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

    Results of all plugins are gathered. A step with the name of a built-in step replaces it; a
    step name contributed by two plugins is an error naming both. The pipeline orders the steps
    by ``(stage, order, name)``; the order in which pluggy calls plugins has no effect. Steps of
    the stages EXTRACT to CANONICALIZE settle: one runs again when a later one changed what it
    reads (its ``reads`` class attribute), and DESCRIBE steps change metadata only. A step may
    build tables once per pipeline and share them (:meth:`textclean.Step.provide`).

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

    Results are gathered layer by layer (built-in, installed plugins, the configuration's rules
    files) and, inside a layer, in pluggy's call order: a line is removed by the first rule that
    matches it, so ``tryfirst`` puts a plugin's rules before other plugins'. A rule with the id of
    a rule of an earlier layer replaces it, in its place; two rules of one layer with one id are
    an error naming both plugins. Users switch a rule off by id with ``disable``. Rules from
    plugins run under a ``regex`` timeout. Return a sequence (None counts as an empty one).
    """


@hookspec
def textclean_aliases() -> Sequence[AliasGroup]:
    """Return the alias groups this plugin adds to the table of the ``aliases`` step.

    Called once per pipeline build. Each :class:`textclean.AliasGroup` names one canonical
    spelling and the variants rewritten to it (whole words, case-sensitive unless the group says
    otherwise). Results of all plugins are merged into one table compiled once. A group replaces
    every group of an earlier layer (built-in, then installed plugins, then the configuration's
    alias files) it clashes with: one that shares a name with it, or that the table could not
    hold beside it. Two groups of different plugins of one layer that clash are an error naming
    both; so is a clash inside one plugin's groups.
    """


@hookspec(firstresult=True)
def textclean_outlet(doc: Document) -> str | None:
    """Return the outlet of ``doc`` (for example ``"rt"``), or None to let others decide.

    Called through pluggy by the built-in ``outlet`` step (stage extract, right after ``urls``)
    for each document whose outlet was neither given explicitly nor found in the configured
    ``[tool.textclean.outlets]`` map, so ``doc.meta.url`` and ``doc.meta.source`` are known.
    Answer from the metadata: the step runs again only when the metadata changed. The first
    non-None answer wins (``firstresult``), in pluggy's order: ``tryfirst`` implementations are
    asked first; the built-in answer, the URL's registrable domain (``"rt.com"``), is
    ``trylast`` and, registered first, is asked before any plugin's ``trylast`` guess. The
    answering plugin is recorded as ``meta.outlet_from = "plugin:<name>"``.

    Unlike the other hooks, this one is called per document, in worker processes too: a
    pipeline keeps its plugins' names and, in a process that did not build it, makes a plugin
    manager of its own on first use. Keep an implementation fast and free of state.
    """

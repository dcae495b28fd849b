"""Steps, the stages that order them, and the context they read shared tables from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any, ClassVar

from textclean.errors import PluginError

if TYPE_CHECKING:
    from textclean.aliases import AliasTable
    from textclean.document import Document
    from textclean.outlets import OutletMap
    from textclean.plugins import DocumentHooks
    from textclean.rules import RuleBook

__all__ = ["READS", "Context", "Stage", "Step"]

#: The values of :attr:`Step.reads`, from the narrowest to the widest.
READS = ("meta", "lines", "document")


class Stage(IntEnum):
    """The fixed order of the pipeline. Steps sort by (stage, order, name), never install order.

    Collapsing comes before canonicalising: a doubled line hides the alias in it from whole-word
    matching ("Sergey LavrovSergey Lavrov"), so it is made one copy first. The steps of the
    stages from EXTRACT to CANONICALIZE then settle in a bounded fixed-point round (a step whose
    input changed after it ran runs again), because each of them can uncover work for an earlier
    one. REPAIR runs once before them, DESCRIBE (metadata only) and TIDY once after.
    """

    REPAIR = 10
    EXTRACT = 20
    REMOVE = 30
    COLLAPSE = 40
    CANONICALIZE = 50
    DESCRIBE = 60
    TIDY = 70


@dataclass(frozen=True)
class Context:
    """Tables built once per pipeline and shared by every step and document.

    ``rules`` and ``aliases`` are the rule book and alias table gathered from every plugin and
    the configuration; ``outlets`` is the configured outlet map and ``hooks`` calls the plugins'
    per-document hooks through pluggy (both read by the ``outlet`` step). ``resources`` holds
    what steps provide for themselves and each other (:meth:`Step.provide`), by name.
    ``explain`` asks steps to record, as edits whose ``before`` equals ``after`` and whose
    ``note`` says why, what they looked at and deliberately left alone.
    """

    rules: RuleBook
    aliases: AliasTable
    outlets: OutletMap | None = None
    hooks: DocumentHooks | None = None
    explain: bool = False
    resources: Mapping[str, Any] = field(default_factory=dict)

    def resource(self, name: str) -> Any:
        """The resource ``name`` a step of this pipeline provides; a one-line error naming
        what is there when none does."""
        try:
            return self.resources[name]
        except KeyError:
            known = ", ".join(sorted(self.resources)) or "none"
            raise PluginError(f"no step of this pipeline provides the resource '{name}' "
                              f"(provided: {known})") from None


@dataclass(frozen=True)
class Step:
    """One idempotent transform of a document.

    Subclasses are frozen dataclasses whose fields are their options, so
    ``[tool.textclean.steps.headlines]`` in a config becomes ``Headlines(**options)``. They set the
    class attributes ``name`` (one lowercase word, unique across plugins), ``stage`` and ``order``
    (the position inside the stage), and implement ``__call__``, which must return a new document
    whose every text change is explained by an :class:`~textclean.Edit`.

    ``reads`` tells the settle round when a step of the stages EXTRACT to CANONICALIZE can have
    new work after a later step changed the document: ``"document"`` (the default: after any
    change), ``"lines"`` (it judges each line on its own, with the metadata, so a change that
    only removed whole lines never gives it work) or ``"meta"`` (it reads only the metadata).
    A ``"lines"`` step is asked again only about the lines it has not seen (as one small
    document), since it leaves the lines of its own output alone; it runs on the whole
    document when it changes one of them.
    """

    name: ClassVar[str]
    stage: ClassVar[Stage]
    order: ClassVar[int] = 0
    reads: ClassVar[str] = "document"

    def provide(self, ctx: Context) -> Mapping[str, Any]:
        """What this step builds once per pipeline and shares, by name, with every step
        (``ctx.resource(name)``): a gazetteer, a compiled pattern, a table read from its options.

        Called once when the pipeline is built, in pipeline order, with the context so far (the
        rule book, the alias table and what earlier steps provided). Each value must pickle, as
        the pipeline does to reach worker processes, and must not change once built. Name them
        ``<step>.<what>``; a name provided by two steps is an error naming both. Provides
        nothing unless overridden.
        """
        return {}

    def __call__(self, doc: Document, ctx: Context) -> Document:
        raise NotImplementedError(f"step {type(self).__name__} does not implement __call__")

"""Steps, the stages that order them, and the context they read shared tables from."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from textclean.aliases import AliasTable
    from textclean.document import Document
    from textclean.rules import RuleBook

__all__ = ["Context", "Stage", "Step"]


class Stage(IntEnum):
    """The fixed order of the pipeline. Steps sort by (stage, order, name), never install order."""

    REPAIR = 10
    EXTRACT = 20
    REMOVE = 30
    CANONICALIZE = 40
    COLLAPSE = 50
    TIDY = 60


@dataclass(frozen=True)
class Context:
    """Tables compiled once per pipeline and shared by every step and document."""

    rules: RuleBook
    aliases: AliasTable


@dataclass(frozen=True)
class Step:
    """One idempotent transform of a document.

    Subclasses are frozen dataclasses whose fields are their options, so
    ``[tool.textclean.steps.headlines]`` in a config becomes ``Headlines(**options)``. They set the
    class attributes ``name`` (one lowercase word, unique across plugins), ``stage`` and ``order``
    (the position inside the stage), and implement ``__call__``, which must return a new document
    whose every text change is explained by an :class:`~textclean.Edit`.
    """

    name: ClassVar[str]
    stage: ClassVar[Stage]
    order: ClassVar[int] = 0

    def __call__(self, doc: Document, ctx: Context) -> Document:
        raise NotImplementedError(f"step {type(self).__name__} does not implement __call__")

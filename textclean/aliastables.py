"""The alias tables a user works with: checking a file, and listing the tables in force, each
group with its layer and the groups of earlier layers it replaces."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from textclean.aliases import AliasGroup, AliasTable, check_examples, load_aliases
from textclean.errors import RuleError
from textclean.layers import Contribution, Layered, layer
from textclean.pipeline import Pipeline

__all__ = ["AliasSource", "CheckResult", "check_alias_file", "groups_in_force", "render_groups"]


@dataclass(frozen=True)
class CheckResult:
    """What ``textclean aliases check`` found: the file's groups and variants, the groups in
    force it would replace (one line each), and problems with its examples (load errors and
    conflicts are raised, not listed)."""

    groups: int
    variants: int
    problems: tuple[str, ...]
    overrides: tuple[str, ...] = ()


@dataclass(frozen=True)
class AliasSource:
    """One group in force: where it comes from (a plugin name, or a config alias file), its
    layer, and the groups of earlier layers it replaces (``canonical (source)``)."""

    group: AliasGroup
    source: str
    layer: str = "builtin"
    replaces: tuple[str, ...] = ()


def _source(contribution: Contribution[AliasGroup]) -> str:
    return contribution.where or contribution.plugin


def groups_in_force(pipeline: Pipeline) -> list[AliasSource]:
    """Every alias group of ``pipeline`` with its plugin or, for a group from the
    configuration's ``aliases`` files, the file; its layer; and what it replaces."""
    layered = pipeline.layered
    return [
        AliasSource(c.item, _source(c), c.layer, tuple(
            f"{o.replaced.item.canonical} ({_source(o.replaced)})"
            for o in layered.overrides if o.by is c
        ))
        for c in layered.aliases
    ]


def _same_file(contribution: Contribution[AliasGroup], path: Path) -> bool:
    return bool(contribution.where) and Path(contribution.where).resolve() == path.resolve()


def check_alias_file(path: Path, in_force: Layered | None = None) -> CheckResult:
    """Check an alias file with the rules applied when it is loaded: its keys and values, the
    table it makes alone (a variant in two groups, a variant equal to a canonical form,
    containment and overlap as whole words), and, given ``in_force`` (a pipeline's layers), as
    a file of the configuration beside the groups in force: it replaces the groups of plugins
    it clashes with (listed in the result), and a clash with another file of the configuration
    is an error. Raises :class:`RuleError` (one line) on the first problem; the file's examples
    and counterexamples that do not hold are returned as problems."""
    groups = load_aliases(path)
    try:
        table = AliasTable(groups, tuple(str(path) for _ in groups))
    except RuleError as exc:
        raise RuleError(f"{path}: {exc}") from None
    overrides: tuple[str, ...] = ()
    if in_force is not None:
        others = [c for c in in_force.aliases if not _same_file(c, path)]
        others += [o.replaced for o in in_force.overrides if _same_file(o.by, path)]
        mine = [Contribution(g, "config", "config", str(path)) for g in groups]
        layered = layer([], [], [*others, *mine])
        if layered.conflicts:
            raise RuleError(f"{path}: beside the tables in force: "
                            f"{layered.conflicts[0].message()}")
        try:
            AliasTable(tuple(c.item for c in layered.aliases),
                       tuple(_source(c) for c in layered.aliases))
        except RuleError as exc:
            raise RuleError(f"{path}: beside the tables in force: {exc}") from None
        overrides = tuple(o.describe() for o in layered.overrides)
    problems = tuple(check_examples(groups, table))
    return CheckResult(len(groups), sum(len(g.variants) for g in groups), problems, overrides)


def render_groups(console: Console, sources: Sequence[AliasSource]) -> None:
    """The groups in force as a table: canonical form, variants, where each comes from, its
    layer and the groups it replaces."""
    table = Table(title=f"{len(sources)} alias groups in force")
    for column in ("canonical", "variants", "from", "layer", "replaces"):
        table.add_column(column)
    for item in sources:
        table.add_row(item.group.canonical, ", ".join(item.group.variants), item.source,
                      item.layer, ", ".join(item.replaces) or "-")
    console.print(table)

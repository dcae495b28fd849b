"""The alias tables a user works with: checking a file, and listing the tables in force."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from textclean.aliases import AliasGroup, AliasTable, check_examples, load_aliases
from textclean.config import Config
from textclean.errors import RuleError
from textclean.pipeline import Pipeline

__all__ = ["AliasSource", "CheckResult", "check_alias_file", "groups_in_force", "render_groups"]


@dataclass(frozen=True)
class CheckResult:
    """What ``textclean aliases check`` found: the file's groups and variants, and problems
    with their examples (load errors are raised, not listed)."""

    groups: int
    variants: int
    problems: tuple[str, ...]


@dataclass(frozen=True)
class AliasSource:
    """One group in force and where it comes from: a plugin name, or a config alias file."""

    group: AliasGroup
    source: str


def _config_file_of(cfg: Config) -> dict[tuple[str, tuple[str, ...]], str]:
    found = {}
    for entry in cfg.aliases:
        path = cfg.resolve(entry)
        for group in load_aliases(path):
            found[group.canonical, group.variants] = str(path)
    return found


def groups_in_force(pipeline: Pipeline, cfg: Config) -> list[AliasSource]:
    """Every alias group of ``pipeline`` (built from ``cfg``), with its plugin, or for a group
    from the config's ``aliases`` files, the file."""
    files = _config_file_of(cfg)
    table = pipeline.context.aliases
    return [
        AliasSource(group, files.get((group.canonical, group.variants), source)
                    if source == "config" else source)
        for group, source in zip(table.groups, table.sources, strict=True)
    ]


def check_alias_file(path: Path, in_force: AliasTable | None = None) -> CheckResult:
    """Check an alias file with the rules applied when it is loaded: its keys and values, the
    table it makes alone (a variant in two groups, a variant equal to a canonical form,
    containment and overlap as whole words), and, given ``in_force``, beside the groups in
    force. Raises :class:`RuleError` (one line) on the first such problem; the file's examples
    and counterexamples that do not hold are returned as problems."""
    groups = load_aliases(path)
    try:
        table = AliasTable(groups, tuple(str(path) for _ in groups))
    except RuleError as exc:
        raise RuleError(f"{path}: {exc}") from None
    if in_force is not None:
        others = [(g, s) for g, s in zip(in_force.groups, in_force.sources, strict=True)
                  if not (s == "config" and g in groups)]
        try:
            AliasTable((*[g for g, _ in others], *groups),
                       (*[s for _, s in others], *(str(path) for _ in groups)))
        except RuleError as exc:
            raise RuleError(f"{path}: beside the tables in force: {exc}") from None
    problems = tuple(check_examples(groups, table))
    return CheckResult(len(groups), sum(len(g.variants) for g in groups), problems)


def render_groups(console: Console, sources: Sequence[AliasSource]) -> None:
    """The groups in force as a table: canonical form, variants, and where each comes from."""
    table = Table(title=f"{len(sources)} alias groups in force")
    for column in ("canonical", "variants", "from"):
        table.add_column(column)
    for item in sources:
        table.add_row(item.group.canonical, ", ".join(item.group.variants), item.source)
    console.print(table)

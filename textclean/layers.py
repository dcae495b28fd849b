"""Layers: built-in tables < installed plugins < the user's config, and what each layer replaces.

Every step, rule and alias group comes from one layer: ``builtin`` (textclean's own plugins),
``plugins`` (installed plugins and plugins named in the configuration) or ``config`` (the
configuration's own ``rules`` and ``aliases`` files, and ``--rules``). A later layer replaces
what an earlier one gave: a step of the same name, a rule of the same id (in its place in the
rule book, so it is tried in the same order), and every alias group it clashes with (shares a
name, or could not stand in one table with it). Two contributions of one layer that collide are
a :class:`Conflict`: an error for a pipeline build, one line naming both and how to switch one
off, and a row of ``textclean plugins``.

Layering decides which groups enter the alias table; the table itself checks and compiles them
as it always does.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import regex

from textclean.aliases import AliasGroup, AliasTable, load_aliases
from textclean.config import Config
from textclean.errors import RuleError
from textclean.plugins import Loaded, collect
from textclean.rules import Rule, load_rules
from textclean.step import Step

__all__ = ["LAYERS", "Conflict", "Contribution", "Layered", "Override", "gather", "layer"]

#: The layers, from the first (replaced by the others) to the last.
LAYERS = ("builtin", "plugins", "config")

T = TypeVar("T")


@dataclass(frozen=True)
class Contribution(Generic[T]):
    """One step class, rule or alias group, with the plugin and layer it comes from. ``where``
    names a configuration file for the config layer."""

    item: T
    plugin: str
    layer: str
    where: str = ""

    @property
    def label(self) -> str:
        if self.layer == "config":
            return f"the file {self.where}" if self.where else "the configuration"
        return f"plugin '{self.plugin}'"

    @property
    def key(self) -> str:
        """The name users know it by: step name, rule id, or alias group id."""
        item = self.item
        if isinstance(item, Rule):
            return item.id
        if isinstance(item, AliasGroup):
            return item.rule_id
        return str(getattr(item, "name", item))

    @property
    def kind(self) -> str:
        """``rule``, ``alias group`` or ``step``."""
        if isinstance(self.item, Rule):
            return "rule"
        return "alias group" if isinstance(self.item, AliasGroup) else "step"


def _describe(c: Contribution[Any]) -> str:
    if isinstance(c.item, AliasGroup):
        return f"alias group '{c.item.canonical}' ({c.key})"
    return f"{c.kind} '{c.key}'"


@dataclass(frozen=True)
class Override:
    """A contribution of a later layer that replaced one of an earlier layer."""

    by: Contribution[Any]
    replaced: Contribution[Any]

    def describe(self) -> str:
        return (f"{_describe(self.by)} of {self.by.label} replaces {_describe(self.replaced)} "
                f"of {self.replaced.label}")


@dataclass(frozen=True)
class Conflict:
    """Two contributions of one layer that cannot both be in a pipeline. ``reason`` says why
    two alias groups clash."""

    first: Contribution[Any]
    second: Contribution[Any]
    reason: str = ""

    def message(self) -> str:
        """One line: what collides, from where, and which ``disable`` key switches one off."""
        first, second = self.first, self.second
        if isinstance(first.item, AliasGroup):
            what = (f"alias group '{first.item.canonical}' of {first.label} and alias group "
                    f"'{second.item.canonical}' of {second.label} clash"
                    f"{': ' + self.reason if self.reason else ''}")
        else:
            what = (f"{first.kind} '{first.key}' is contributed by both {first.label} "
                    f"and {second.label}")
        return f"{what} ({_layer_words(first.layer)}); {self.fix()}"

    def fix(self) -> str:
        first, second = self.first, self.second
        if first.layer == "config":
            if first.key != second.key:
                return (f'switch one off with disable = ["{first.key}"] or '
                        f'disable = ["{second.key}"], or keep one file')
            return f'keep it in one file (disable = ["{first.key}"] switches off both)'
        plugins = f'disable = ["{first.plugin}"] or disable = ["{second.plugin}"]'
        if first.plugin == second.plugin:
            plugins = f'disable = ["{first.plugin}"]'
        if isinstance(first.item, AliasGroup) and first.key != second.key:
            return (f"switch one plugin off with {plugins}, or one group with "
                    f'disable = ["{first.key}"] or disable = ["{second.key}"]')
        return f"switch one off with {plugins}"


def _layer_words(layer: str) -> str:
    return {"builtin": "one layer: built-in", "plugins": "one layer: plugins",
            "config": "one layer: the configuration"}[layer]


@dataclass(frozen=True)
class Layered:
    """What a pipeline is built from, once the layers are applied."""

    steps: Mapping[str, Contribution[type[Step]]] = field(default_factory=dict)
    rules: tuple[Contribution[Rule], ...] = ()
    aliases: tuple[Contribution[AliasGroup], ...] = ()
    overrides: tuple[Override, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    #: Every step name, and every step name, rule id and alias group id, before ``disable``.
    known_steps: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()


def layer(
    steps: Iterable[Contribution[type[Step]]],
    rules: Iterable[Contribution[Rule]],
    aliases: Iterable[Contribution[AliasGroup]],
    rank: Mapping[str, int] | None = None,
) -> Layered:
    """Apply the layers to contributions given in each layer's order. Nothing is raised: the
    conflicts are listed, each naming first the plugin of ``rank`` (registration order) that
    comes first, and the contribution met second in a conflict is left out."""
    overrides: list[Override] = []
    conflicts: list[Conflict] = []
    steps_by: dict[str, Contribution[type[Step]]] = {}
    for step in _by_layer(steps):
        _place(steps_by, step.key, step, overrides, conflicts)
    rules_by: dict[str, Contribution[Rule]] = {}
    for rule in _by_layer(rules):
        _place(rules_by, rule.key, rule, overrides, conflicts)
    groups = _layer_groups(_by_layer(aliases), overrides, conflicts)
    order = rank or {}
    ranked = [Conflict(*sorted((c.first, c.second), key=lambda x: order.get(x.plugin, 0)),
                       reason=c.reason) for c in conflicts]
    return Layered(steps_by, tuple(rules_by.values()), tuple(groups), tuple(overrides),
                   tuple(ranked))


def _by_layer(items: Iterable[Contribution[T]]) -> list[Contribution[T]]:
    return sorted(items, key=lambda c: LAYERS.index(c.layer))  # stable: keeps each layer's order


def _place(table: dict[str, Contribution[T]], key: str, new: Contribution[T],
           overrides: list[Override], conflicts: list[Conflict]) -> None:
    old = table.get(key)
    if old is None:
        table[key] = new
    elif old.layer == new.layer:
        conflicts.append(Conflict(old, new))
    else:
        table[key] = new  # in the place of the one it replaces
        overrides.append(Override(new, old))


@functools.cache
def _word() -> regex.Pattern[str]:
    return regex.compile(r"[\w\p{M}]+")


def _words(group: AliasGroup) -> set[str]:
    return {word for name in (group.canonical, *group.variants)
            for word in _word().findall(name.casefold())}


def clash(a: Contribution[AliasGroup], b: Contribution[AliasGroup]) -> str | None:
    """Why groups ``a`` and ``b`` cannot stand in one table (the table's own words), or None."""
    try:
        AliasTable((a.item, b.item), (a.plugin, b.plugin))
    except RuleError as exc:
        return str(exc).removeprefix("alias table: ")
    return None


def _layer_groups(
    groups: Sequence[Contribution[AliasGroup]],
    overrides: list[Override],
    conflicts: list[Conflict],
) -> list[Contribution[AliasGroup]]:
    """The groups that enter the table. A group replaces the groups of earlier layers it clashes
    with; two groups of different plugins in one (non built-in) layer that clash conflict.
    Only groups sharing a word can clash, so only those pairs are tried."""
    kept: list[Contribution[AliasGroup]] = []
    words: dict[int, set[str]] = {}
    for new in groups:
        new_words = words[id(new)] = _words(new.item)
        clashes = [(old, reason) for old in kept
                   if _may_clash(old, new) and not new_words.isdisjoint(words[id(old)])
                   for reason in [clash(old, new)] if reason is not None]
        same_layer = [(old, reason) for old, reason in clashes if old.layer == new.layer]
        if same_layer:
            conflicts.append(Conflict(same_layer[0][0], new, same_layer[0][1]))
            continue
        for old, _ in clashes:
            kept.remove(old)
            overrides.append(Override(new, old))
        kept.append(new)
    return kept


def _may_clash(old: Contribution[AliasGroup], new: Contribution[AliasGroup]) -> bool:
    """Whether a clash of the two is for layering to settle. The built-in table and each
    plugin's own groups are checked whole by the table itself."""
    if old.layer == new.layer:
        return old.layer != "builtin" and (old.plugin, old.where) != (new.plugin, new.where)
    return True


def gather(cfg: Config, loaded: Loaded) -> Layered:
    """What the plugins of ``loaded`` and the files of ``cfg`` contribute, minus the rules and
    alias groups ``cfg`` disables, with the layers applied."""
    found = collect(loaded.manager)
    layer_of = {info.name: info.layer for info in loaded.infos}
    rank = {info.name: index for index, info in enumerate(loaded.infos)}
    disabled = set(cfg.disable)
    rules = [Contribution(rule, plugin, layer_of[plugin]) for rule, plugin in found.rules]
    for entry in cfg.rules:
        path = cfg.resolve(entry)
        rules += [Contribution(rule, "config", "config", path) for rule in load_rules(path)]
    aliases = [Contribution(g, plugin, layer_of[plugin]) for g, plugin in found.aliases]
    for entry in cfg.aliases:
        path = cfg.resolve(entry)
        aliases += [Contribution(g, "config", "config", path) for g in load_aliases(path)]
    steps = [Contribution(step, plugin, layer_of[plugin]) for step, plugin in found.steps]
    layered = layer([c for c in steps if c.key not in disabled],
                    [c for c in rules if c.key not in disabled],
                    [c for c in aliases if c.key not in disabled], rank)
    known_steps = frozenset(c.key for c in steps)
    return dataclasses.replace(
        layered, known_steps=known_steps,
        known=known_steps | {c.key for c in rules} | {c.key for c in aliases},
    )

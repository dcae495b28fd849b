"""Alias tables as data: groups of one canonical spelling and the variants that mean it."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textclean.errors import RuleError

__all__ = ["AliasGroup", "AliasTable", "aliases_from_data", "load_aliases"]

_GROUP_KEYS = ("canonical", "variants", "case_sensitive", "examples", "counterexamples")


@dataclass(frozen=True)
class AliasGroup:
    """One entity: its ``canonical`` spelling and the ``variants`` rewritten to it.

    ``examples`` are ``[before, after]`` pairs the table must produce, ``counterexamples`` texts it
    must leave alone; both are checked by tests.
    """

    canonical: str
    variants: tuple[str, ...]
    case_sensitive: bool = True
    examples: tuple[tuple[str, str], ...] = ()
    counterexamples: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.canonical, str) or not self.canonical.strip():
            raise RuleError("alias group: canonical must be a non-empty string")
        if isinstance(self.variants, str):
            raise RuleError(f"alias group '{self.canonical}': variants must be a list of strings")
        variants = tuple(self.variants)
        if not variants or not all(isinstance(v, str) and v.strip() for v in variants):
            raise RuleError(f"alias group '{self.canonical}': variants must be non-empty strings")
        object.__setattr__(self, "variants", variants)
        object.__setattr__(self, "examples", tuple(tuple(pair) for pair in self.examples))
        object.__setattr__(self, "counterexamples", tuple(self.counterexamples))
        for pair in self.examples:
            if len(pair) != 2:
                raise RuleError(
                    f"alias group '{self.canonical}': each example is a [before, after] pair"
                )


@dataclass(frozen=True)
class AliasTable:
    """Every alias group of a pipeline; ``sources[i]`` names the plugin of ``groups[i]``."""

    groups: tuple[AliasGroup, ...] = ()
    sources: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.groups)


def aliases_from_data(data: Mapping[str, Any], *, source: str) -> tuple[AliasGroup, ...]:
    """Groups from parsed TOML: an ``[[aliases]]`` array of tables with the keys of AliasGroup."""
    unknown = set(data) - {"aliases"}
    if unknown:
        raise RuleError(
            f"{source}: unknown top-level key '{sorted(unknown)[0]}' (expected 'aliases')"
        )
    entries = data.get("aliases", [])
    if not isinstance(entries, list):
        raise RuleError(f"{source}: 'aliases' must be an array of tables ([[aliases]])")
    groups = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise RuleError(f"{source}: aliases[{index}] must be a table")
        extra = set(entry) - set(_GROUP_KEYS)
        if extra:
            raise RuleError(f"{source}: aliases[{index}]: unknown key '{sorted(extra)[0]}'")
        try:
            groups.append(AliasGroup(**entry))
        except (RuleError, TypeError) as exc:
            raise RuleError(f"{source}: aliases[{index}]: {exc}") from None
    return tuple(groups)


def load_aliases(path: str | Path) -> tuple[AliasGroup, ...]:
    """Read alias groups from a TOML file; problems are one-line errors naming the file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"{path}: cannot read alias file: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: invalid TOML: {exc}") from None
    return aliases_from_data(data, source=str(path))


"""Plugins as data: a package whose ``plugin.toml`` names an outlet, its domains and path globs,
its line rules and its alias groups, each with examples and counterexamples. No Python needed.

A plugin package holds ``plugin.toml`` in its package folder (a folder without
``__init__.py`` is a namespace package, importable all the same) and names that package in the
``textclean`` entry-point group. textclean reads the file once per process and registers hooks
made from it (:func:`data_hooks`), exactly as a module's are registered: ``textclean_rules``
gives the rules, ``textclean_aliases`` the groups and ``textclean_outlet`` names the outlet of a
document whose source path matches one of ``paths`` or whose URL's host is one of ``domains``
or under one. A package with Python hooks may ship a ``plugin.toml`` too: its hooks and the
file's are one plugin.

The keys (an unknown key is a one-line error naming the file)::

    [outlet]
    name = "rt"                        # the outlet the plugin names and its rules are for
    description = "RT (rt.com)."
    domains = ["rt.com"]               # a document whose URL's host is one of these or under one
    paths = ["rt/**"]                  # a document whose path under the input folder matches
    examples = ["https://russian.rt.com/world/1"]     # URLs (with "://") or paths it must name
    counterexamples = ["https://www.rte.ie/news/1"]   # ... and URLs or paths it must not

    [[rules]]                          # the keys of textclean.Rule, as in any rules file
    [[aliases]]                        # the keys of textclean.AliasGroup, as in any alias file

    [[documents]]                      # whole documents: what outlet, boilerplate and aliases
    url = "https://www.rt.com/news/1"  # steps leave of ``text`` (url, outlet, source optional)
    text = "..."
    cleaned = "..."
    rules = ["rt.short-url"]           # optional: the rules of the edits, in order
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from textclean.aliases import AliasGroup, aliases_from_data
from textclean.config import did_you_mean
from textclean.document import Document
from textclean.errors import PluginError, RuleError
from textclean.globs import PathGlobs
from textclean.hookspecs import hookimpl
from textclean.rules import Rule, rules_from_data

__all__ = [
    "DATA_FILE",
    "DocumentExample",
    "OutletData",
    "PluginData",
    "data_file_of",
    "data_hooks",
    "load_plugin_data",
    "plugin_data",
]

#: The name of the data file inside a plugin package.
DATA_FILE = "plugin.toml"

_TOP_KEYS = ("outlet", "rules", "aliases", "documents")
_OUTLET_KEYS = ("name", "description", "domains", "paths", "examples", "counterexamples")
_DOCUMENT_KEYS = ("text", "cleaned", "url", "outlet", "source", "rules")
_OUTLET_NAME = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}"
                        r"[a-z0-9])?)+")


@dataclass(frozen=True)
class OutletData:
    """The ``[outlet]`` table: which documents are the outlet's."""

    name: str
    description: str = ""
    domains: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()

    def lookup(self, doc: Document) -> str | None:
        """The outlet's name if ``doc``'s source path matches a glob of ``paths`` or its URL's
        host is one of ``domains`` or under one; else None."""
        source = doc.meta.source
        if source and self.paths and PathGlobs(self.paths).match(source.replace("\\", "/")):
            return self.name
        if self.domains and doc.meta.url:
            host = _host(doc.meta.url)
            while host:
                if host in self.domains:
                    return self.name
                _, _, host = host.partition(".")
        return None


@functools.lru_cache(maxsize=1024)
def _host(url: str) -> str:
    """The lowercased host of ``url``, remembered: every outlet plugin asks it of the same
    document's URL."""
    try:
        host = urlsplit(url if "://" in url else "http://" + url).hostname
    except ValueError:
        return ""
    return (host or "").lower()


@dataclass(frozen=True)
class DocumentExample:
    """A whole document of the plugin's ``[[documents]]`` and what it must become."""

    text: str
    cleaned: str
    url: str | None = None
    outlet: str | None = None
    source: str | None = None
    rules: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PluginData:
    """Everything a ``plugin.toml`` says, checked."""

    path: str
    outlet: OutletData | None = None
    rules: tuple[Rule, ...] = ()
    aliases: tuple[AliasGroup, ...] = ()
    documents: tuple[DocumentExample, ...] = ()


def _strings(where: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PluginError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _unknown(where: str, table: Mapping[str, Any], known: Sequence[str], prefix: str) -> None:
    for key in table:
        if key not in known:
            raise PluginError(f"{where}: unknown key '{prefix}{key}'{did_you_mean(key, known)}")


def _outlet(where: str, table: Any) -> OutletData:
    if not isinstance(table, dict):
        raise PluginError(f"{where}: 'outlet' must be a table ([outlet])")
    _unknown(where, table, _OUTLET_KEYS, "outlet.")
    name = table.get("name")
    if not isinstance(name, str) or not _OUTLET_NAME.fullmatch(name):
        raise PluginError(f"{where}: outlet.name must be a lowercase name such as 'rt' or "
                          "'le-monde'")
    description = table.get("description", "")
    if not isinstance(description, str):
        raise PluginError(f"{where}: outlet.description must be a string")
    domains = tuple(d.lower().removeprefix("www.")
                    for d in _strings(where, "outlet.domains", table.get("domains", [])))
    for domain in domains:
        if not _DOMAIN.fullmatch(domain):
            raise PluginError(f"{where}: outlet.domains: {domain!r} is not a domain such as "
                              "'example.co.uk'")
    return OutletData(
        name=name,
        description=description,
        domains=domains,
        paths=_strings(where, "outlet.paths", table.get("paths", [])),
        examples=_strings(where, "outlet.examples", table.get("examples", [])),
        counterexamples=_strings(where, "outlet.counterexamples",
                                 table.get("counterexamples", [])),
    )


def _documents(where: str, entries: Any) -> tuple[DocumentExample, ...]:
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise PluginError(f"{where}: 'documents' must be an array of tables ([[documents]])")
    found = []
    for index, entry in enumerate(entries):
        _unknown(where, entry, _DOCUMENT_KEYS, f"documents[{index}].")
        if not isinstance(entry.get("text"), str) or not isinstance(entry.get("cleaned"), str):
            raise PluginError(f"{where}: documents[{index}] needs 'text' and 'cleaned' strings")
        for key in ("url", "outlet", "source"):
            if not isinstance(entry.get(key, ""), str):
                raise PluginError(f"{where}: documents[{index}].{key} must be a string")
        rules = entry.get("rules")
        found.append(DocumentExample(
            text=entry["text"], cleaned=entry["cleaned"], url=entry.get("url"),
            outlet=entry.get("outlet"), source=entry.get("source"),
            rules=None if rules is None else _strings(where, f"documents[{index}].rules", rules),
        ))
    return tuple(found)


def parse_plugin_data(data: Mapping[str, Any], *, where: str) -> PluginData:
    """A :class:`PluginData` from parsed TOML; any problem is a one-line error naming ``where``."""
    _unknown(where, data, _TOP_KEYS, "")
    try:
        rules = rules_from_data({"rules": data.get("rules", [])}, source=where)
        aliases = aliases_from_data({"aliases": data.get("aliases", [])}, source=where)
    except RuleError as exc:
        raise PluginError(str(exc)) from None
    return PluginData(
        path=where,
        outlet=_outlet(where, data["outlet"]) if "outlet" in data else None,
        rules=rules,
        aliases=aliases,
        documents=_documents(where, data.get("documents", [])),
    )


def load_plugin_data(path: str | os.PathLike[str]) -> PluginData:
    """Read and check a ``plugin.toml``: once per process while the file is unchanged."""
    info = os.stat(path)
    return _load(str(path), info.st_size, info.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _load(path: str, size: int, mtime_ns: int) -> PluginData:
    return parse_plugin_data(_toml(path, size, mtime_ns), where=path)


@functools.lru_cache(maxsize=256)
def _toml(path: str, size: int, mtime_ns: int) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PluginError(f"{path}: cannot read: {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PluginError(f"{path}: invalid TOML: {exc}") from None


def data_file_of(module: ModuleType | object) -> Path | None:
    """The ``plugin.toml`` of a plugin package (in its folder, or one of the folders of a
    namespace package), or None: a plain module, or a package without one."""
    for folder in getattr(module, "__path__", None) or ():
        candidate = Path(folder) / DATA_FILE
        if candidate.is_file():
            return candidate
    return None


def plugin_data(module: str | ModuleType) -> PluginData | None:
    """The data of a plugin package named by module name or given as a module, or None."""
    if isinstance(module, str):
        import importlib

        module = importlib.import_module(module)
    path = data_file_of(module)
    return None if path is None else load_plugin_data(path)


def data_hooks(path: str | os.PathLike[str]) -> dict[str, Callable[..., Any]]:
    """The hook implementations made from the ``plugin.toml`` at ``path``, by hook name: only
    those it has data for. Its rules and groups are checked and compiled when their hook is
    first called, not before: a worker that needs only the outlet hook never compiles them."""
    info = os.stat(path)
    where, key = str(path), (str(path), info.st_size, info.st_mtime_ns)
    data = _toml(*key)
    _unknown(where, data, _TOP_KEYS, "")
    hooks: dict[str, Callable[..., Any]] = {}
    if data.get("rules"):

        @hookimpl
        def textclean_rules() -> Sequence[Rule]:
            return _load(*key).rules

        hooks["textclean_rules"] = textclean_rules
    if data.get("aliases"):

        @hookimpl
        def textclean_aliases() -> Sequence[AliasGroup]:
            return _load(*key).aliases

        hooks["textclean_aliases"] = textclean_aliases
    outlet = _outlet(where, data["outlet"]) if "outlet" in data else None
    if outlet is not None and (outlet.domains or outlet.paths):
        lookup = outlet.lookup

        @hookimpl
        def textclean_outlet(doc: Document) -> str | None:
            return lookup(doc)

        hooks["textclean_outlet"] = textclean_outlet
    return hooks

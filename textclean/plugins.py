"""Finding plugins and collecting what they contribute, each piece tagged with its plugin.

Built-in features are plugins listed in :data:`BUILTIN_PLUGINS` and registered exactly like
third-party ones. A fresh plugin manager is made for every pipeline build and dropped afterwards.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata as metadata
import importlib.util
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import pluggy

from textclean import hookspecs
from textclean._version import __version__
from textclean.aliases import AliasGroup
from textclean.errors import PluginError
from textclean.rules import Rule
from textclean.step import Step

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "Collected",
    "PluginInfo",
    "collect",
    "plugin_manager",
]

ENTRY_POINT_GROUP = "textclean"

#: Module names of the built-in plugins, registered in this order before any other plugin.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "textclean.steps.encoding",
    "textclean.steps.markdown",
    "textclean.steps.urls",
    "textclean.steps.outlet",
    "textclean.steps.boilerplate",
    "textclean.steps.pagetext",
    "textclean.steps.headlines",
    "textclean.steps.aliases",
    "textclean.steps.title",
    "textclean.steps.date",
    "textclean.steps.whitespace",
    "textclean.outlets",
)

Origin = Literal["builtin", "entry-point", "config"]


@dataclass(frozen=True)
class PluginInfo:
    """What is known about one registered plugin, without keeping the plugin manager."""

    name: str
    origin: Origin
    module: str
    distribution: str | None = None
    version: str | None = None
    hooks: tuple[str, ...] = ()


@dataclass
class Loaded:
    """A plugin manager with the plugins it holds, and the warnings loading them gave."""

    manager: pluggy.PluginManager
    infos: list[PluginInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _builtin_name(module: str) -> str:
    return module.rsplit(".", 1)[-1]


def _import_path(path: Path) -> ModuleType:
    """Import a plugin from a ``.py`` file under a stable module name, so that steps defined in
    it pickle by reference in worker processes."""
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    module_name = f"textclean_local_{path.stem}"
    existing = sys.modules.get(module_name)
    if existing is not None and getattr(existing, "__file__", None) == str(path):
        return existing
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


@functools.cache
def _top_level_distributions() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def _distribution_of(module: str) -> tuple[str | None, str | None]:
    """The distribution and version that ship ``module``, for plugins named by module."""
    top = module.split(".", 1)[0]
    if top.startswith("textclean_local_"):
        return None, None
    names = _top_level_distributions().get(top, [])
    if not names:
        return None, None
    try:
        return names[0], metadata.version(names[0])
    except metadata.PackageNotFoundError:
        return names[0], None


def plugin_manager(
    extra: Iterable[str] = (),
    *,
    disabled: Iterable[str] = (),
    strict: bool = False,
    entry_points: bool = True,
) -> Loaded:
    """A fresh manager with the built-ins, the ``textclean`` entry points and ``extra`` plugins
    (module names or ``.py`` paths) registered, minus those named in ``disabled``.

    An installed plugin that fails to import is a warning (an error when ``strict``); a plugin
    named explicitly in ``extra`` that fails is always an error. A misspelt hook is an error.
    """
    disabled = set(disabled)
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    loaded = Loaded(pm)

    for module_name in BUILTIN_PLUGINS:
        name = _builtin_name(module_name)
        if name in disabled:
            continue
        _register(loaded, importlib.import_module(module_name), name,
                  PluginInfo(name, "builtin", module_name, "textclean", __version__))

    if entry_points:
        for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = ep.dist.name if ep.dist is not None else None
            version = ep.dist.version if ep.dist is not None else None
            if ep.name in disabled or (dist is not None and dist in disabled):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                message = (f"plugin '{ep.name}' (distribution {dist or 'unknown'}) failed to "
                           f"load: {type(exc).__name__}: {exc}")
                if strict:
                    raise PluginError(message) from None
                loaded.warnings.append(message)
                continue
            _register(loaded, plugin, ep.name,
                      PluginInfo(ep.name, "entry-point", ep.value, dist, version))

    for entry in extra:
        if entry in disabled:
            continue
        try:
            if entry.endswith(".py") or "/" in entry:
                plugin = _import_path(Path(entry))
                name = Path(entry).stem
            else:
                plugin = importlib.import_module(entry)
                name = entry
        except Exception as exc:
            raise PluginError(
                f"plugin '{entry}' failed to load: {type(exc).__name__}: {exc}"
            ) from None
        dist, version = _distribution_of(plugin.__name__)
        _register(loaded, plugin, name,
                  PluginInfo(name, "config", plugin.__name__, dist, version))

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin '{_plugin_of_error(pm, exc)}': {exc}") from None
    return loaded


def _plugin_of_error(pm: pluggy.PluginManager, exc: pluggy.PluginValidationError) -> str:
    return pm.get_name(exc.plugin) or "?"


def _register(loaded: Loaded, plugin: Any, name: str, info: PluginInfo) -> None:
    pm = loaded.manager
    if pm.is_registered(plugin):
        return
    if pm.get_plugin(name) is not None:
        other = next(i for i in loaded.infos if i.name == name)
        raise PluginError(
            f"two plugins are named '{name}': {other.module} ({other.origin}) "
            f"and {info.module} ({info.origin})"
        )
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin '{name}': {exc}") from None
    hooks = tuple(sorted(
        caller.name for caller in pm.get_hookcallers(plugin) or ()
    ))
    loaded.infos.append(PluginInfo(info.name, info.origin, info.module, info.distribution,
                                   info.version, hooks))


@dataclass
class Collected:
    """Everything the plugins contributed, each piece with the name of its plugin."""

    steps: dict[str, tuple[type[Step], str]] = field(default_factory=dict)
    rules: dict[str, tuple[Rule, str]] = field(default_factory=dict)
    aliases: list[tuple[AliasGroup, str]] = field(default_factory=list)
    outlet_detectors: list[tuple[Callable[..., str | None], str]] = field(default_factory=list)


def _results(pm: pluggy.PluginManager, hook: str) -> Iterable[tuple[str, Any]]:
    """Call each implementation of a collecting hook once, in registration order, with the
    name of its plugin."""
    caller = getattr(pm.hook, hook)
    impls = sorted(caller.get_hookimpls(), key=lambda impl: _registration_index(pm, impl.plugin))
    for impl in impls:
        try:
            result = impl.function()
        except Exception as exc:
            raise PluginError(
                f"plugin '{impl.plugin_name}': {hook}() raised {type(exc).__name__}: {exc}"
            ) from None
        if result is None:
            continue
        if isinstance(result, str | bytes) or not isinstance(result, Iterable):
            raise PluginError(f"plugin '{impl.plugin_name}': {hook}() must return a sequence")
        yield impl.plugin_name, result


def _registration_index(pm: pluggy.PluginManager, plugin: Any) -> int:
    for index, (_, registered) in enumerate(pm.list_name_plugin()):
        if registered is plugin:
            return index
    return len(pm.list_name_plugin())


def collect(pm: pluggy.PluginManager) -> Collected:
    """Gather steps, rules, aliases and outlet detectors from every registered plugin,
    rejecting duplicates with an error that names both plugins."""
    found = Collected()
    for plugin, steps in _results(pm, "textclean_steps"):
        for step in steps:
            if not (isinstance(step, type) and issubclass(step, Step)):
                raise PluginError(
                    f"plugin '{plugin}': textclean_steps() returned {step!r}, not a Step class"
                )
            name = getattr(step, "name", None)
            if not isinstance(name, str) or not name.isidentifier() or not name.islower():
                raise PluginError(f"plugin '{plugin}': step {step.__name__} needs a lowercase "
                                  "'name' class attribute")
            if name in found.steps:
                raise PluginError(f"step '{name}' is contributed by both plugin "
                                  f"'{found.steps[name][1]}' and plugin '{plugin}'")
            found.steps[name] = (step, plugin)
    for plugin, rules in _results(pm, "textclean_rules"):
        for rule in rules:
            if not isinstance(rule, Rule):
                raise PluginError(
                    f"plugin '{plugin}': textclean_rules() returned {rule!r}, not a Rule"
                )
            if rule.id in found.rules:
                raise PluginError(f"rule '{rule.id}' is contributed by both plugin "
                                  f"'{found.rules[rule.id][1]}' and plugin '{plugin}'")
            found.rules[rule.id] = (rule, plugin)
    for plugin, groups in _results(pm, "textclean_aliases"):
        for group in groups:
            if not isinstance(group, AliasGroup):
                raise PluginError(
                    f"plugin '{plugin}': textclean_aliases() returned {group!r}, not an AliasGroup"
                )
            found.aliases.append((group, plugin))
    # Per-document hook: keep the functions in pluggy's own call order (tryfirst ... trylast).
    for impl in reversed(pm.hook.textclean_outlet.get_hookimpls()):
        found.outlet_detectors.append((impl.function, impl.plugin_name))
    return found

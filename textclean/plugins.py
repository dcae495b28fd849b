"""Finding plugins, registering them with pluggy, and calling their hooks through pluggy with
each contribution known by its plugin.

Built-in features are plugins listed in :data:`BUILTIN_PLUGINS` and registered exactly like
third-party ones. A fresh plugin manager is made for every pipeline build; a built pipeline
keeps only what is needed to make one again (:class:`PluginInfo`), so it pickles.

Each plugin is registered as one :class:`PluginHooks` object: the hook implementations of its
module, and those made from its ``plugin.toml`` (:mod:`textclean.plugindata`). Hooks are called
through the hook caller (``pm.hook.textclean_rules()``): pluggy orders the implementations
(``tryfirst``, then the last registered first, then ``trylast``), runs hook wrappers around them
and applies ``firstresult`` from the spec. What each plugin contributed is read from pluggy's
own :meth:`~pluggy.HookCaller.get_hookimpls`: an implementation's result is paired with it by
pluggy's call order, for which each implementation is registered so that it gives exactly one
result (None becomes an empty tuple), an exception in it names its plugin, and an answer of
``textclean_outlet`` carries the name of its plugin.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata as metadata
import importlib.util
import inspect
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import pluggy

from textclean import hookspecs
from textclean._version import __version__
from textclean.aliases import AliasGroup
from textclean.document import Document
from textclean.errors import PluginError
from textclean.plugindata import data_file_of, data_hooks
from textclean.rules import Rule
from textclean.step import Step

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "Collected",
    "DocumentHooks",
    "OutletAnswer",
    "PluginHooks",
    "PluginInfo",
    "collect",
    "manager_for",
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

#: Hooks whose every implementation is called and whose results are gathered, at build time.
COLLECTING_HOOKS = ("textclean_steps", "textclean_rules", "textclean_aliases")


@dataclass(frozen=True)
class PluginInfo:
    """What is known about one registered plugin, and how to load it again in another process:
    ``source`` is the module name, the entry point's value, or the ``.py`` path."""

    name: str
    origin: Origin
    module: str
    distribution: str | None = None
    version: str | None = None
    hooks: tuple[str, ...] = ()
    source: str = ""
    data_file: str | None = None
    form: Literal["code", "data", "code+data"] = "code"

    @property
    def layer(self) -> str:
        """``builtin`` for textclean's own plugins, ``plugins`` for every other."""
        return "builtin" if self.origin == "builtin" else "plugins"


@dataclass
class Loaded:
    """A plugin manager with the plugins it holds, and the warnings loading them gave."""

    manager: pluggy.PluginManager
    infos: list[PluginInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    modules: dict[int, str] = field(default_factory=dict)
    #: Names and distributions of every installed plugin, loaded or disabled.
    installed: set[str] = field(default_factory=set)

    def names(self) -> set[str]:
        """Every name a user may call a plugin by: those loaded, their distributions, and
        those of installed plugins that were disabled."""
        return {info.name for info in self.infos} | self.installed | {
            info.distribution for info in self.infos
            if info.distribution and info.origin != "builtin"
        }


class OutletAnswer(str):
    """An answer of ``textclean_outlet`` with the name of the plugin that gave it."""

    plugin: str

    def __new__(cls, value: str, plugin: str) -> OutletAnswer:
        answer = super().__new__(cls, value)
        answer.plugin = plugin
        return answer


class PluginHooks:
    """What textclean registers with pluggy for one plugin: the hook implementations of its
    module (or object), with their markers and signatures, and those made from its
    ``plugin.toml``. pluggy reads their options (``tryfirst``, ``trylast``, ``wrapper``,
    ``specname``) as usual."""

    def __init__(self, name: str, module: Any, pm: pluggy.PluginManager,
                 data: dict[str, Callable[..., Any]]) -> None:
        self._textclean_name = name
        self._textclean_module = getattr(module, "__name__", repr(module))
        code = False
        for attr in _routines(module):
            opts = pm.parse_hookimpl_opts(module, attr)
            if opts is not None:
                code = True
                function = getattr(module, attr)
                setattr(self, attr, _attributed(function, name, opts.get("specname") or attr,
                                                opts))
        self._textclean_form = "code+data" if code and data else ("data" if data else "code")
        for hook, function in data.items():
            if hasattr(self, hook):
                raise PluginError(f"plugin '{name}': {hook} is implemented both by its module "
                                  "and by its plugin.toml; keep one")
            setattr(self, hook, _attributed(function, name, hook, {}))

    def __repr__(self) -> str:
        return f"<textclean plugin {self._textclean_name!r} ({self._textclean_module})>"


def _routines(plugin: Any) -> Iterable[str]:
    """The names pluggy may find a hook implementation under: for a module, those of its own
    functions (asking pluggy about every imported name and class would cost more than the rest
    of a build); for any other object, every name."""
    if isinstance(plugin, ModuleType):
        return [attr for attr, value in vars(plugin).items() if inspect.isroutine(value)]
    return dir(plugin)


def _attributed(function: Callable[..., Any], plugin: str, hook: str,
                opts: Any) -> Callable[..., Any]:
    """``function`` as registered: one result per call, errors and outlet answers naming
    ``plugin``. Wrappers are left as they are: they see and return what pluggy gives them."""
    if opts.get("wrapper") or opts.get("hookwrapper"):
        return function
    outlet = hook == "textclean_outlet"

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            result = function(*args, **kwargs)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(
                f"plugin '{plugin}': {hook} raised {type(exc).__name__}: {exc}"
            ) from exc
        if outlet:
            return result if not isinstance(result, str) else OutletAnswer(result, plugin)
        return () if result is None else result

    return call


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


def _load_named(entry: str) -> tuple[Any, str]:
    """A plugin named in the configuration or with ``--plugin``, and its name."""
    if entry.endswith(".py") or "/" in entry:
        return _import_path(Path(entry)), Path(entry).stem
    return importlib.import_module(entry), entry


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
    loaded = Loaded(_new_manager())

    for module_name in BUILTIN_PLUGINS:
        name = _builtin_name(module_name)
        if name in disabled:
            continue
        _register(loaded, importlib.import_module(module_name), name,
                  PluginInfo(name, "builtin", module_name, "textclean", __version__,
                             source=module_name))

    if entry_points:
        for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = ep.dist.name if ep.dist is not None else None
            version = ep.dist.version if ep.dist is not None else None
            loaded.installed.update(n for n in (ep.name, dist) if n)
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
                      PluginInfo(ep.name, "entry-point", ep.value, dist, version,
                                 source=ep.value))

    for entry in extra:
        if entry in disabled:
            continue
        try:
            plugin, name = _load_named(entry)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(
                f"plugin '{entry}' failed to load: {type(exc).__name__}: {exc}"
            ) from None
        dist, version = _distribution_of(plugin.__name__)
        _register(loaded, plugin, name,
                  PluginInfo(name, "config", plugin.__name__, dist, version, source=entry))

    _check_pending(loaded.manager)
    return loaded


def manager_for(infos: Sequence[PluginInfo]) -> pluggy.PluginManager:
    """A fresh manager holding the plugins of ``infos`` again, as a pipeline built elsewhere
    had them (in a worker process, after unpickling)."""
    loaded = Loaded(_new_manager())
    for info in infos:
        if info.origin == "builtin":
            plugin = importlib.import_module(info.source)
        elif info.origin == "entry-point":
            plugin = metadata.EntryPoint(info.name, info.source, ENTRY_POINT_GROUP).load()
        else:
            plugin = _load_named(info.source)[0]
        _register(loaded, plugin, info.name, info)
    _check_pending(loaded.manager)
    return loaded.manager


def _new_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def _check_pending(pm: pluggy.PluginManager) -> None:
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin '{pm.get_name(exc.plugin) or '?'}': {exc}") from None


def _register(loaded: Loaded, plugin: Any, name: str, info: PluginInfo) -> None:
    pm = loaded.manager
    if id(plugin) in loaded.modules:  # the same module installed and named in the config
        return
    if pm.get_plugin(name) is not None:
        other = next(i for i in loaded.infos if i.name == name)
        raise PluginError(
            f"two plugins are named '{name}': {other.module} ({other.origin}) "
            f"and {info.module} ({info.origin})"
        )
    data_file = data_file_of(plugin)
    data = data_hooks(data_file) if data_file is not None else {}
    hooks = PluginHooks(name, plugin, pm, data)
    try:
        pm.register(hooks, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin '{name}': {exc}") from None
    loaded.modules[id(plugin)] = name
    callers = tuple(sorted(caller.name for caller in pm.get_hookcallers(hooks) or ()))
    loaded.infos.append(PluginInfo(
        info.name, info.origin, info.module, info.distribution, info.version, callers,
        info.source, None if data_file is None else str(data_file), hooks._textclean_form,
    ))


@dataclass
class Collected:
    """What each plugin contributed, as ``(item, plugin name)`` in pluggy's call order."""

    steps: list[tuple[type[Step], str]] = field(default_factory=list)
    rules: list[tuple[Rule, str]] = field(default_factory=list)
    aliases: list[tuple[AliasGroup, str]] = field(default_factory=list)


def _results(pm: pluggy.PluginManager, hook: str) -> Iterator[tuple[str, Any]]:
    """Call a collecting hook once through pluggy and pair each result with the plugin whose
    implementation gave it, by pluggy's call order (wrappers are not called for a result)."""
    caller = getattr(pm.hook, hook)
    impls = [impl for impl in reversed(caller.get_hookimpls())
             if not (impl.wrapper or impl.hookwrapper)]
    results = caller()
    if len(results) != len(impls):
        wrappers = sorted({impl.plugin_name for impl in caller.get_hookimpls()
                           if impl.wrapper or impl.hookwrapper})
        raise PluginError(
            f"{hook}: a hook wrapper (plugin {', '.join(repr(w) for w in wrappers) or '?'}) "
            f"gave {len(results)} results for {len(impls)} implementations: a wrapper may "
            "change what each implementation returned, not how many results there are"
        )
    for impl, result in zip(impls, results, strict=True):
        if isinstance(result, str | bytes) or not isinstance(result, Iterable):
            raise PluginError(f"plugin '{impl.plugin_name}': {hook}() must return a sequence")
        yield impl.plugin_name, result


def collect(pm: pluggy.PluginManager) -> Collected:
    """Call the collecting hooks once each and check what every plugin contributed."""
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
            found.steps.append((step, plugin))
    for plugin, rules in _results(pm, "textclean_rules"):
        for rule in rules:
            if not isinstance(rule, Rule):
                raise PluginError(
                    f"plugin '{plugin}': textclean_rules() returned {rule!r}, not a Rule"
                )
            found.rules.append((rule, plugin))
    for plugin, groups in _results(pm, "textclean_aliases"):
        for group in groups:
            if not isinstance(group, AliasGroup):
                raise PluginError(
                    f"plugin '{plugin}': textclean_aliases() returned {group!r}, not an AliasGroup"
                )
            found.aliases.append((group, plugin))
    return found


class DocumentHooks:
    """The hooks called per document (``textclean_outlet``), through pluggy.

    Plain data when pickled: the plugins as :class:`PluginInfo`. The plugin manager is the
    build's in the process that built the pipeline, and one made again on first use in any
    other process (a worker); it is never pickled.
    """

    def __init__(self, plugins: Sequence[PluginInfo],
                 manager: pluggy.PluginManager | None = None) -> None:
        self.plugins = tuple(plugins)
        self._outlet: Any = None if manager is None else manager.hook.textclean_outlet

    def outlet(self, doc: Document) -> tuple[str, str | None] | None:
        """The first answer of the plugins' ``textclean_outlet`` (``firstresult``) and the name
        of the plugin that gave it (None when a hook wrapper replaced the answer), or None when
        none answers."""
        caller = self._outlet
        if caller is None:
            caller = self._outlet = manager_for(self.plugins).hook.textclean_outlet
        answer = caller(doc=doc)
        if answer is None:
            return None
        plugin = getattr(answer, "plugin", None)
        if not isinstance(answer, str) or not answer:
            raise PluginError(f"plugin '{plugin or '?'}': textclean_outlet returned "
                              f"{answer!r}, not an outlet name")
        return str(answer), plugin

    def __getstate__(self) -> dict[str, Any]:
        return {"plugins": self.plugins}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.plugins = state["plugins"]
        self._outlet = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentHooks) and other.plugins == self.plugins

    def __hash__(self) -> int:
        return hash(self.plugins)

    def __repr__(self) -> str:
        return f"DocumentHooks({', '.join(p.name for p in self.plugins)})"

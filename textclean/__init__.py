"""textclean: clean and normalise scraped news text.

``clean(text)`` gives the cleaned text, ``process(text)`` the cleaned :class:`Document` with its
metadata and the edits that explain every change, and :class:`Pipeline` the reusable, picklable
object behind both. Plugin authors use :data:`hookimpl`, :class:`Step`, :class:`Stage`,
:class:`Rule` and :class:`AliasGroup`.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Any

from textclean._version import __version__

if TYPE_CHECKING:
    from textclean.aliases import AliasGroup
    from textclean.config import Config, load_config
    from textclean.document import Document, Edit, Meta
    from textclean.errors import (
        ConfigError,
        InputError,
        PluginError,
        RuleError,
        StepError,
        TextcleanError,
        UnsettledError,
    )
    from textclean.hookspecs import hookimpl
    from textclean.pipeline import ConfigLike, Pipeline
    from textclean.rules import Rule
    from textclean.step import Context, Stage, Step

#: Where each public name lives. They are imported on first use, so that ``import textclean``
#: (and with it ``textclean --version``) does not load the pipeline, its plugins and their
#: dependencies before they are needed.
_LAZY = {
    "AliasGroup": "textclean.aliases",
    "Config": "textclean.config",
    "load_config": "textclean.config",
    "Document": "textclean.document",
    "Edit": "textclean.document",
    "Meta": "textclean.document",
    "ConfigError": "textclean.errors",
    "InputError": "textclean.errors",
    "PluginError": "textclean.errors",
    "RuleError": "textclean.errors",
    "StepError": "textclean.errors",
    "TextcleanError": "textclean.errors",
    "UnsettledError": "textclean.errors",
    "hookimpl": "textclean.hookspecs",
    "Pipeline": "textclean.pipeline",
    "Rule": "textclean.rules",
    "Context": "textclean.step",
    "Stage": "textclean.step",
    "Step": "textclean.step",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'textclean' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups find it directly
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "AliasGroup",
    "Config",
    "ConfigError",
    "Context",
    "Document",
    "Edit",
    "InputError",
    "Meta",
    "Pipeline",
    "PluginError",
    "Rule",
    "RuleError",
    "Stage",
    "Step",
    "StepError",
    "TextcleanError",
    "UnsettledError",
    "__version__",
    "clean",
    "hookimpl",
    "load_config",
    "process",
]


@functools.lru_cache(maxsize=8)
def _cached_pipeline(config: Config) -> Pipeline:
    from textclean.pipeline import Pipeline

    return Pipeline(config)


def _pipeline_for(config: ConfigLike) -> Pipeline:
    from textclean.config import Config, load_config

    if config is None or isinstance(config, Config):
        return _cached_pipeline(config or Config())
    return _cached_pipeline(load_config(config))


def process(
    text: str,
    *,
    url: str | None = None,
    outlet: str | None = None,
    source: str | None = None,
    config: ConfigLike = None,
    explain: bool = False,
) -> Document:
    """Clean ``text`` and return the :class:`Document`: text, metadata and edits.

    ``config`` is a :class:`Config`, a path to a textclean.toml or pyproject.toml, or None for
    the defaults (built-in steps and installed plugins). Pipelines are built once per config and
    reused, so calling this in a loop is cheap. ``explain`` also records, as kept edits with a
    ``note``, what steps deliberately left alone (an alias named as an alias, say).
    """
    return _pipeline_for(config)(text, url=url, outlet=outlet, source=source, explain=explain)


def clean(
    text: str,
    *,
    url: str | None = None,
    outlet: str | None = None,
    config: ConfigLike = None,
) -> str:
    """Clean ``text`` and return only the cleaned text (see :func:`process`)."""
    return process(text, url=url, outlet=outlet, config=config).text

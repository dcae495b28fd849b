"""Optional dependencies: imported when a feature needs them, never by ``import textclean``."""

from __future__ import annotations

import importlib
from types import ModuleType

from textclean.errors import TextcleanError

__all__ = ["MissingExtraError", "require"]


class MissingExtraError(TextcleanError):
    """A feature needs an optional dependency that is not installed (CLI exit code 2)."""


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import ``module``, or raise a one-line error naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{feature} needs the '{extra}' extra ({module} is missing): "
            f"pip install 'textclean[{extra}]'"
        ) from None

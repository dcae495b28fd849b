"""Library errors: each carries a one-line message that the CLI prints as it is."""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "InputError",
    "PluginError",
    "RuleError",
    "StepError",
    "TextcleanError",
    "UnsettledError",
]


class TextcleanError(Exception):
    """Base of every error textclean raises on purpose; ``str(err)`` is one line for a user."""


class ConfigError(TextcleanError):
    """A configuration file or flag that cannot be used as written (CLI exit code 2)."""


class PluginError(TextcleanError):
    """A plugin that cannot be loaded or that contributes something invalid (CLI exit code 2)."""


class RuleError(TextcleanError):
    """A rule or alias table that is malformed, or whose examples do not hold."""


class InputError(TextcleanError):
    """An input or output location that cannot be used (CLI exit code 2)."""


class StepError(TextcleanError):
    """A step failed on one document; names the step and the plugin that contributed it."""

    def __init__(self, step: str, plugin: str, message: str) -> None:
        self.step = step
        self.plugin = plugin
        self.message = message
        super().__init__(f"step '{step}' (plugin '{plugin}') failed: {message}")

    def __reduce__(self) -> tuple[type[StepError], tuple[str, str, str]]:
        return (StepError, (self.step, self.plugin, self.message))


class UnsettledError(StepError):
    """A document that the pipeline's steps kept changing through every settle round: cleaning it
    again would change it again, so it fails instead of being written silently."""

    def __init__(self, steps: tuple[str, ...], plugin: str, changes: int) -> None:
        self.steps = tuple(steps)
        self.changes = changes
        names = ", ".join(f"'{name}'" for name in self.steps)
        message = (f"the document did not settle: {names} kept changing it "
                   f"(more than {changes} times)")
        super().__init__(self.steps[0], plugin, message)

    def __reduce__(  # type: ignore[override]
        self,
    ) -> tuple[type[UnsettledError], tuple[tuple[str, ...], str, int]]:
        return (UnsettledError, (self.steps, self.plugin, self.changes))

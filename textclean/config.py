"""Configuration: ``[tool.textclean]`` in pyproject.toml, or a textclean.toml, or flags.

Nothing is silently ignored: an unknown key is a one-line error naming the file and the key, with
a "did you mean" suggestion.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from textclean.errors import ConfigError

__all__ = [
    "CONFIG_KEYS",
    "Config",
    "did_you_mean",
    "discover_config",
    "find_config",
    "load_config",
]

CONFIG_KEYS = ("plugins", "disable", "steps", "outlets", "rules", "aliases", "strict_plugins")
CONFIG_FILE = "textclean.toml"


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """" (did you mean 'x'?)" for the closest choice, or "" when nothing is close."""
    close = difflib.get_close_matches(name, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _freeze_option(where: str, key: str, value: Any) -> Any:
    """Step options are scalars or lists of scalars; lists become tuples so Config hashes."""
    if isinstance(value, dict):
        raise ConfigError(f"{where}: '{key}' must be a value or a list, not a table")
    if isinstance(value, list):
        return tuple(_freeze_option(where, key, item) for item in value)
    return value


@dataclass(frozen=True)
class Config:
    """A parsed configuration: plain, hashable data (so pipelines built from it can be cached).

    ``steps`` maps a step name to its options (``order`` among them); ``outlets`` maps an outlet
    name to domains and path globs; ``rules`` and ``aliases`` are extra TOML files.
    """

    plugins: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    steps: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    outlets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rules: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    strict_plugins: bool = False
    path: str | None = field(default=None, compare=True)

    @property
    def where(self) -> str:
        """How errors name this configuration: its file, or "configuration" for flags only."""
        return self.path or "configuration"

    def step_options(self) -> dict[str, dict[str, Any]]:
        return {name: dict(options) for name, options in self.steps}

    def outlet_entries(self) -> dict[str, tuple[str, ...]]:
        return dict(self.outlets)

    def resolve(self, entry: str) -> str:
        """A path or module named in the config, with a relative file path made absolute
        against the config file's folder. Module names are returned unchanged."""
        looks_like_path = entry.endswith((".py", ".toml")) or "/" in entry or "\\" in entry
        if not looks_like_path or self.path is None:
            return entry
        candidate = Path(entry).expanduser()
        if not candidate.is_absolute():
            candidate = Path(self.path).parent / candidate
        return str(candidate)

    def with_flags(
        self,
        *,
        plugins: Iterable[str] = (),
        disable: Iterable[str] = (),
        strict_plugins: bool | None = None,
    ) -> Config:
        """This configuration with command-line flags added on top."""
        return replace(
            self,
            plugins=self.plugins + tuple(plugins),
            disable=self.disable + tuple(disable),
            strict_plugins=self.strict_plugins if strict_plugins is None else strict_plugins,
        )


def _expect(where: str, key: str, value: Any, kind: type | tuple[type, ...], what: str) -> None:
    if not isinstance(value, kind):
        raise ConfigError(f"{where}: '{key}' must be {what}, not {type(value).__name__}")


def _string_list(where: str, key: str, value: Any) -> tuple[str, ...]:
    _expect(where, key, value, list, "a list of strings")
    for item in value:
        _expect(where, key, item, str, "a list of strings")
    return tuple(value)


def config_from_data(data: Mapping[str, Any], *, where: str, prefix: str = "") -> Config:
    """Validate parsed TOML (the ``[tool.textclean]`` table or a textclean.toml) into a Config."""
    for key in data:
        if key not in CONFIG_KEYS:
            raise ConfigError(
                f"{where}: unknown key '{prefix}{key}'{did_you_mean(key, CONFIG_KEYS)}"
            )
    steps = data.get("steps", {})
    _expect(where, f"{prefix}steps", steps, dict, "a table of step tables")
    for name, options in steps.items():
        _expect(where, f"{prefix}steps.{name}", options, dict, "a table of options")
    if "order" in steps:
        raise ConfigError(
            f"{where}: '{prefix}steps.order' is not a step; set 'order' inside a step's table"
        )
    outlets = data.get("outlets", {})
    _expect(where, f"{prefix}outlets", outlets, dict, "a table of outlet = [domains or globs]")
    frozen_outlets = tuple(
        (name, _string_list(where, f"{prefix}outlets.{name}", entries))
        for name, entries in outlets.items()
    )
    strict = data.get("strict_plugins", False)
    _expect(where, f"{prefix}strict_plugins", strict, bool, "true or false")
    return Config(
        plugins=_string_list(where, f"{prefix}plugins", data.get("plugins", [])),
        disable=_string_list(where, f"{prefix}disable", data.get("disable", [])),
        steps=tuple(
            (name, tuple(
                (key, _freeze_option(where, f"{prefix}steps.{name}.{key}", value))
                for key, value in options.items()
            ))
            for name, options in steps.items()
        ),
        outlets=frozen_outlets,
        rules=_string_list(where, f"{prefix}rules", data.get("rules", [])),
        aliases=_string_list(where, f"{prefix}aliases", data.get("aliases", [])),
        strict_plugins=strict,
        path=where,
    )


def load_config(path: str | Path) -> Config:
    """Read a textclean.toml (keys at the top) or a pyproject.toml (keys under [tool.textclean])."""
    path = Path(path)
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{where}: no such configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("textclean", {})
        _expect(where, "tool.textclean", section, dict, "a table")
        return config_from_data(section, where=where, prefix="tool.textclean.")
    return config_from_data(data, where=where)


def _has_textclean_section(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{pyproject}: cannot read: {exc}") from None
    return "textclean" in data.get("tool", {})


def find_config(start: str | Path) -> Path | None:
    """The nearest textclean.toml, or pyproject.toml with a [tool.textclean] table, from
    ``start`` upward; None when there is none."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_textclean_section(pyproject):
            return pyproject
    return None


def discover_config(
    explicit: str | Path | None = None,
    *,
    input_dir: str | Path | None = None,
    cwd: str | Path | None = None,
) -> Config:
    """The configuration a command uses: ``explicit`` if given; else the nearest textclean.toml,
    or pyproject.toml with a ``[tool.textclean]`` table, from the working directory upward;
    else the defaults.

    A configuration names plugins, which are code, so it is never taken from an input tree: a
    file found inside ``input_dir`` (because the working directory is in it) is an error asking
    for ``--config``, never read.
    """
    if explicit is not None:
        return load_config(explicit)
    found = find_config(Path.cwd() if cwd is None else Path(cwd))
    if found is None:
        return Config()
    if input_dir is not None and found.resolve().is_relative_to(Path(input_dir).resolve()):
        raise ConfigError(
            f"{found}: found from the working directory, inside the input folder {input_dir}; "
            "a configuration is never read from an input tree (it can name plugins, which run "
            "as code): pass it with --config if you trust it, or run from another folder"
        )
    return load_config(found)

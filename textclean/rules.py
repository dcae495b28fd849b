"""Line rules as data: a pattern that must match a whole stripped line, with the examples that
prove it and the counterexamples that keep it from eating real sentences."""

from __future__ import annotations

import contextlib
import contextvars
import math
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from textclean.errors import RuleError
from textclean.linematch import LinePlan

__all__ = ["RULE_ID", "Rule", "RuleBook", "load_rules", "rules_from_data"]

RULE_ID = regex.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*")
_RULE_KEYS = ("id", "pattern", "description", "outlets", "examples", "counterexamples")


@dataclass(frozen=True)
class Rule:
    """A named pattern matched against the whole stripped line with ``regex.fullmatch``.

    A rule never matches part of a line: partial-line deletion is how scrapers lose words.
    ``outlets`` limits the rule to documents of those outlets (names such as ``"rt"`` or domains
    such as ``"rt.com"``); ``None`` means every document.
    """

    id: str
    pattern: str
    outlets: tuple[str, ...] | None = None
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    description: str = ""
    compiled: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not RULE_ID.fullmatch(self.id):
            raise RuleError(f"rule id {self.id!r} is not of the form 'scope.kebab-case-name'")
        if not isinstance(self.pattern, str) or not self.pattern:
            raise RuleError(f"rule '{self.id}': pattern must be a non-empty string")
        if not _deferred.get():
            object.__setattr__(self, "compiled", self._compile())
        object.__setattr__(self, "examples", _strings(self.id, "examples", self.examples))
        object.__setattr__(
            self, "counterexamples", _strings(self.id, "counterexamples", self.counterexamples)
        )
        if self.outlets is not None:
            object.__setattr__(self, "outlets", _strings(self.id, "outlets", self.outlets))

    def _compile(self) -> Any:
        try:
            return regex.compile(self.pattern, regex.VERSION0)
        except regex.error as exc:
            raise RuleError(f"rule '{self.id}': invalid pattern: {exc}") from None

    def __getattr__(self, name: str) -> Any:
        if name != "compiled":
            raise AttributeError(name)
        compiled = self._compile()  # a rule of textclean's own data, compiled on first use
        object.__setattr__(self, "compiled", compiled)
        return compiled

    def matches(self, line: str, *, timeout: float | None = None) -> bool:
        """True when the whole line, stripped of surrounding white space, matches."""
        return self.compiled.fullmatch(line.strip(), timeout=timeout) is not None

    def applies_to(self, outlet: str | None) -> bool:
        """True when the rule is generic, or ``outlet`` is one of its outlets."""
        return self.outlets is None or (outlet is not None and outlet in self.outlets)


def _strings(rule_id: str, key: str, values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise RuleError(f"rule '{rule_id}': {key} must be a list of strings, not a string")
    items = tuple(values)
    if not all(isinstance(item, str) for item in items):
        raise RuleError(f"rule '{rule_id}': {key} must be a list of strings")
    return items


@dataclass(frozen=True)
class RuleBook:
    """Every rule of a pipeline, with the plugin that contributed each one.

    Rules not in ``trusted`` (the built-ins, tested for linear time) run under a ``regex``
    timeout, so a catastrophic pattern from a plugin or a config file fails one document with an
    error naming the rule instead of hanging a run. ``timeout`` is their budget for a whole
    document, per started megabyte of its text (:meth:`budget_for`): every line they are
    matched against draws on it, so many slow lines cannot add up to a hang.
    """

    rules: tuple[Rule, ...] = ()
    plugin_of: Mapping[str, str] = field(default_factory=dict)
    timeout: float | None = None
    trusted: frozenset[str] = frozenset()
    _plans: dict[str | None, LinePlan] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def for_outlet(self, outlet: str | None) -> tuple[Rule, ...]:
        """The rules that apply to a document of ``outlet``, in book order."""
        return tuple(entry.rule for entry in self.plan(outlet).entries)

    def plan(self, outlet: str | None) -> LinePlan:
        """The matching plan for documents of ``outlet`` (built once, then cached)."""
        try:
            return self._plans[outlet]
        except KeyError:
            pass
        chosen = [rule for rule in self.rules if rule.applies_to(outlet)]
        generic = outlet is not None and all(rule.outlets is None for rule in chosen)
        if generic:  # most outlets have only the generic rules: share one plan
            plan = self.plan(None)
        else:
            plan = LinePlan.build(chosen, timeout=self.timeout, trusted=self.trusted,
                                  plugin_of=self.plugin_of)
        self._plans[outlet] = plan
        return plan

    def budget_for(self, size: int) -> float:
        """Seconds the untrusted rules may spend on a document of ``size`` characters."""
        if self.timeout is None:
            return math.inf
        return self.timeout * max(1, math.ceil(size / 1_000_000))

    def match(self, line: str, outlet: str | None) -> Rule | None:
        """The first rule for ``outlet`` that matches the whole stripped line, or None."""
        return self.plan(outlet).match(line)

    def __len__(self) -> int:
        return len(self.rules)

    def __getstate__(self) -> dict[str, Any]:
        return {"rules": self.rules, "plugin_of": dict(self.plugin_of), "timeout": self.timeout,
                "trusted": self.trusted}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "_plans", {})


#: Set while textclean's own rule files are read: their patterns, checked by the test suite,
#: are compiled on first use instead of when the pipeline is built, and those of outlets no
#: document belongs to never are. Rules from anywhere else are compiled, and so checked, at
#: once.
_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar("deferred", default=False)


@contextlib.contextmanager
def deferred_patterns() -> Iterator[None]:
    """Inside: rules made compile their patterns on first use (textclean's own data only)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def rules_from_data(data: Mapping[str, Any], *, source: str) -> tuple[Rule, ...]:
    """Rules from parsed TOML: a ``[[rules]]`` array of tables with the keys of :class:`Rule`."""
    unknown = set(data) - {"rules"}
    if unknown:
        raise RuleError(
            f"{source}: unknown top-level key '{sorted(unknown)[0]}' (expected 'rules')"
        )
    entries = data.get("rules", [])
    if not isinstance(entries, list):
        raise RuleError(f"{source}: 'rules' must be an array of tables ([[rules]])")
    rules = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise RuleError(f"{source}: rules[{index}] must be a table")
        extra = set(entry) - set(_RULE_KEYS)
        if extra:
            raise RuleError(f"{source}: rules[{index}]: unknown key '{sorted(extra)[0]}'")
        if "id" not in entry or "pattern" not in entry:
            raise RuleError(f"{source}: rules[{index}] needs both 'id' and 'pattern'")
        try:
            rules.append(Rule(**entry))
        except RuleError as exc:
            raise RuleError(f"{source}: {exc}") from None
    return tuple(rules)


def load_rules(path: str | Path) -> tuple[Rule, ...]:
    """Read rules from a TOML file; any problem is a one-line :class:`RuleError` naming the file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rules file: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: invalid TOML: {exc}") from None
    return rules_from_data(data, source=str(path))


def check_examples(rules: Sequence[Rule]) -> list[str]:
    """Problems with the rules' own examples: an example that does not match, or a
    counterexample that does. Empty when every rule keeps its promises."""
    problems = []
    for rule in rules:
        problems += [f"{rule.id}: example not matched: {ex!r}" for ex in rule.examples
                     if not rule.matches(ex)]
        problems += [f"{rule.id}: counterexample matched: {ex!r}" for ex in rule.counterexamples
                     if rule.matches(ex)]
    return problems

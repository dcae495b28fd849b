"""Markdown reference for rules, rendered from the rules themselves so the docs cannot drift.

``rules_markdown(rules)`` gives one section per rule (id, description, the outlets it applies to,
the lines it removes and the lines it keeps, and optionally its pattern); ``rules_table(rules)``
gives a one-line-per-rule summary table. Both take any sequence of :class:`~textclean.Rule`, so a
plugin author can document an outlet's rules the same way the built-in ones are documented.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textclean.rules import Rule

__all__ = ["bullets", "code", "prose", "rule_markdown", "rules_markdown", "rules_table"]

_BACKTICKS = re.compile(r"`+")
_MARKDOWN = re.compile(r"([\\`*_<>\[\]#|~])")
#: Up to the first ".", "!" or "?" that ends a sentence: not part of an ellipsis, and followed by
#: the end or by white space and a capital.
_FIRST_SENTENCE = re.compile(r"(.*?[^.][.!?])(?:\s+(?=[A-Z])|$)")


def rules_markdown(rules: Iterable[Rule], *, level: int = 3, pattern: bool = True) -> str:
    """One Markdown section per rule, in the order given, headed at ``level`` (1-6)."""
    return "\n".join(rule_markdown(rule, level=level, pattern=pattern) for rule in rules)


def rule_markdown(rule: Rule, *, level: int = 3, pattern: bool = True) -> str:
    """The Markdown section of one rule: heading, description, scope, examples, pattern."""
    if not 1 <= level <= 6:
        raise ValueError(f"heading level must be 1 to 6, not {level}")
    parts = [f"{'#' * level} {_code(rule.id)}"]
    if rule.description:
        parts.append(_prose(rule.description))
    parts.append(f"Applies to: {_scope(rule)}.")
    if rule.examples:
        parts.append("Removes lines such as:\n\n" + _bullets(rule.examples))
    if rule.counterexamples:
        parts.append("Keeps lines such as:\n\n" + _bullets(rule.counterexamples))
    if pattern:
        parts.append("Pattern (matched against the whole stripped line):\n\n"
                     + _fenced(rule.pattern.strip("\n")))
    return "\n\n".join(parts) + "\n"


def rules_table(rules: Iterable[Rule]) -> str:
    """A Markdown table: rule id, the outlets it applies to, the first sentence of its
    description."""
    rows = ["| Rule | Applies to | Removes |", "| --- | --- | --- |"]
    for rule in rules:
        summary = _prose(_first_sentence(" ".join(rule.description.split())))
        rows.append(f"| {_code(rule.id)} | {_cell(_scope(rule))} | {summary} |")
    return "\n".join(rows) + "\n"


def _scope(rule: Rule) -> str:
    if rule.outlets is None:
        return "every outlet"
    if not rule.outlets:
        return "no outlet"
    return "outlets " + ", ".join(_code(outlet) for outlet in rule.outlets)


def bullets(lines: Iterable[str]) -> str:
    """Lines as a Markdown list of inline code spans."""
    return _bullets(lines)


def code(text: str) -> str:
    """``text`` as an inline code span (see :func:`_code`)."""
    return _code(text)


def prose(text: str) -> str:
    """A description as one line of Markdown-escaped text (see :func:`_prose`)."""
    return _prose(text)


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {_code(line)}" for line in lines)


def _code(text: str) -> str:
    """``text`` as an inline code span that survives backticks and edge spaces in it."""
    if not text:
        return "` `"
    runs = [len(run) for run in _BACKTICKS.findall(text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fenced(text: str) -> str:
    runs = [len(run) for run in _BACKTICKS.findall(text)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return f"{fence}text\n{text}\n{fence}"


def _prose(text: str) -> str:
    """A description as one line of plain text: descriptions are not Markdown, so characters
    Markdown would read (``*``, ``<``, ``|`` ...) are escaped."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def _first_sentence(text: str) -> str:
    found = _FIRST_SENTENCE.match(text)
    return found.group(1) if found else text


def _cell(text: str) -> str:
    return text.replace("|", "\\|")

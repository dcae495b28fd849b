"""Reference Markdown generated from the code and data themselves, so the docs cannot drift.

``docs/steps.md`` holds markers such as ``<!-- textclean:options headlines -->``; the mkdocs hook
``docs/hooks.py`` calls :func:`expand` to replace each with a table built from the step's dataclass
fields, the rule book or the alias table of the built-in plugins.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap
from collections.abc import Callable
from functools import cache

import regex

from textclean.aliases import AliasGroup
from textclean.config import Config
from textclean.layers import Layered, gather
from textclean.plugins import plugin_manager
from textclean.ruledocs import bullets, code, prose, rules_markdown, rules_table
from textclean.step import Step

__all__ = ["MARKER", "aliases_table", "expand", "option_docs", "options_table",
           "pagetext_markdown"]

MARKER = regex.compile(r"<!--\s*textclean:(?P<kind>[a-z]+)(?:\s+(?P<arg>[a-z0-9_-]+))?\s*-->")


@cache
def _builtins() -> Layered:
    """What the built-in plugins contribute, without any installed plugin."""
    return gather(Config(), plugin_manager(entry_points=False))


def option_docs(cls: type[Step]) -> dict[str, str]:
    """Each option's documentation: the string after the field, or the ``#:`` comment before
    it, as written in the step's class body."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    body = ast.parse(source).body[0]
    lines = source.splitlines()
    docs: dict[str, str] = {}
    assert isinstance(body, ast.ClassDef)
    for index, node in enumerate(body.body):
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            continue
        following = body.body[index + 1] if index + 1 < len(body.body) else None
        if (isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)):
            docs[node.target.id] = " ".join(following.value.value.split())
            continue
        comments = []
        row = node.lineno - 2
        while row >= 0 and lines[row].strip().startswith("#:"):
            comments.insert(0, lines[row].strip()[2:].strip())
            row -= 1
        if comments:
            docs[node.target.id] = " ".join(comments)
    return docs


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def options_table(cls: type[Step]) -> str:
    """The options of a step as a Markdown table: name, type, default, meaning."""
    docs = option_docs(cls)
    rows = [
        f"Stage `{cls.stage.name.lower()}`, order {cls.order}. Options, under "
        f"`[tool.textclean.steps.{cls.name}]` (plus `order`):",
        "",
        "| option | type | default | meaning |",
        "| --- | --- | --- | --- |",
    ]
    fields = [f for f in dataclasses.fields(cls) if f.init]
    if not fields:
        return f"Stage `{cls.stage.name.lower()}`, order {cls.order}. No options besides `order`.\n"
    for f in fields:
        default = f.default
        if default is dataclasses.MISSING and f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
        rows.append(f"| `{f.name}` | `{_cell(str(kind))}` | `{_cell(repr(default))}` | "
                    f"{_cell(docs.get(f.name, ''))} |")
    return "\n".join(rows) + "\n"


def aliases_table(groups: tuple[AliasGroup, ...]) -> str:
    """The alias groups as a Markdown table: canonical form, variants, the variants that need
    evidence and the cue words that are evidence."""
    rows = ["| canonical | variants | ambiguous | cues |", "| --- | --- | --- | --- |"]
    for group in groups:
        variants = ", ".join(_cell(v) for v in group.variants)
        ambiguous = ", ".join(_cell(v) for v in group.ambiguous) or "-"
        cues = ", ".join(_cell(w) for w in group.cues) or "-"
        rows.append(f"| {_cell(group.canonical)} | {variants} | {ambiguous} | {cues} |")
    return "\n".join(rows) + "\n"


def pagetext_markdown() -> str:
    """The line features and notice vocabularies of the ``pagetext`` step, each with what it
    is, where its terms come from, and the lines it marks and the lines it must not."""
    from textclean.vocabulary import default_vocabulary, features

    parts = ["### Line features\n"]
    for feature in features():
        parts.append(f"#### `{feature.name}`\n\n{prose(feature.description)}\n")
        parts.append("Marks lines such as:\n\n" + bullets(feature.examples) + "\n")
        parts.append("Not lines such as:\n\n" + bullets(feature.counterexamples) + "\n")
    parts.append("### Notice vocabularies\n")
    for category in default_vocabulary().categories:
        parts.append(f"#### `pagetext.{category.name}`\n\n{prose(category.description)}\n")
        parts.append(f"Source: {prose(category.source)}\n")
        parts.append(f"Terms ({len(category.terms)}): "
                     + ", ".join(code(term) for term in category.terms) + "\n")
        parts.append("Marks lines such as:\n\n" + bullets(category.examples) + "\n")
        parts.append("Not lines such as:\n\n" + bullets(category.counterexamples) + "\n")
    return "\n".join(parts)


def _render(kind: str, arg: str | None) -> str:
    found = _builtins()
    if kind == "options" and arg in found.steps:
        return options_table(found.steps[arg].item)
    if kind == "rules":
        rules = [c.item for c in found.rules if arg is None or c.plugin == arg]
        return rules_table(rules) + "\n" + rules_markdown(rules, level=3)
    if kind == "aliases":
        return aliases_table(tuple(c.item for c in found.aliases))
    if kind == "pagetext":
        return pagetext_markdown()
    raise ValueError(f"unknown docs marker: textclean:{kind} {arg or ''}".strip())


def expand(markdown: str, render: Callable[[str, str | None], str] = _render) -> str:
    """Replace every ``<!-- textclean:KIND ARG -->`` marker with its generated Markdown."""
    return MARKER.sub(lambda m: render(m["kind"], m["arg"]), markdown)

"""mkdocs hook: fill the generated reference sections of the docs from the code and data."""

from __future__ import annotations

from typing import Any

from textclean.docgen import expand


def on_page_markdown(markdown: str, **_: Any) -> str:
    return expand(markdown)

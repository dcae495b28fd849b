"""JSON lines, edited in place: one record's text value and textclean's metadata are replaced
or added, and every other byte of the line stays as it was.

A line is parsed once, keeping where each top-level value starts and ends, so every field
textclean does not write passes through unchanged (its spelling of numbers, escapes, spacing,
key order) instead of being decoded and encoded again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from json.decoder import scanstring
from typing import Any

__all__ = ["BadLine", "JsonLine", "encode_value", "parse_line"]

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class BadLine(ValueError):
    """A line that is not one JSON object; the message says why, in JSON's own words."""


@dataclass(frozen=True, slots=True)
class JsonLine:
    """One parsed line: its text, the decoded value and the span of each top-level key's value
    (the last one, when a key repeats), and where its closing brace is."""

    text: str
    values: Mapping[str, Any]
    spans: Mapping[str, tuple[int, int]]
    close: int

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def with_values(self, replace: Mapping[str, str], append: Mapping[str, str]) -> str:
        """The line with the values of ``replace`` (keys it has) swapped for the given JSON
        texts, and the members of ``append`` (keys it lacks) added at its end."""
        cuts = sorted((self.spans[name], raw) for name, raw in replace.items())
        out: list[str] = []
        done = 0
        for (start, end), raw in cuts:
            out += (self.text[done:start], raw)
            done = end
        out.append(self.text[done:self.close])
        if append:
            members = ", ".join(f"{encode_value(name)}: {raw}" for name, raw in append.items())
            out.append(f", {members}" if self.spans else members)
        out.append(self.text[self.close:])
        return "".join(out)


def encode_value(value: Any) -> str:
    """``value`` as JSON text: non-ASCII written as it is, except what UTF-8 cannot hold (a lone
    surrogate), which is escaped."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, allow_nan=False)
    return text


def _bad(text: str) -> BadLine:
    """Why ``text`` is not a JSON object, as ``json`` says it."""
    try:
        value = json.loads(text)
    except ValueError as exc:
        return BadLine(f"invalid JSON: {exc.msg} at column {exc.colno}")
    kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")
    return BadLine(f"not a JSON object but {kind}")


def parse_line(text: str) -> JsonLine:
    """Parse one line holding a JSON object; :class:`BadLine` when it does not."""
    try:
        return _parse(text)
    except (ValueError, IndexError):
        raise _bad(text) from None


def _parse(text: str) -> JsonLine:
    index = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if text[index] != "{":
        raise ValueError
    index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
    values: dict[str, Any] = {}
    spans: dict[str, tuple[int, int]] = {}
    if text[index] != "}":
        while True:
            if text[index] != '"':
                raise ValueError
            key, index = scanstring(text, index + 1)
            index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
            if text[index] != ":":
                raise ValueError
            start = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
            value, index = _DECODER.raw_decode(text, start)
            values[key] = value
            spans[key] = (start, index)
            index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
            if text[index] == "}":
                break
            if text[index] != ",":
                raise ValueError
            index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
    close = index
    if _SPACE.match(text, close + 1).end() != len(text):  # type: ignore[union-attr]
        raise ValueError
    return JsonLine(text, values, spans, close)

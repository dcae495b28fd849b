"""The one table the harness prints: rows of samples per corpus column, medians, and the target
each ratio is held to, printed beside the numbers."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Target:
    """A bound a row must stay on the right side of, per column (``None``: every column)."""

    at_least: bool
    bounds: Mapping[str | None, float]
    text: str

    def check(self, column: str, value: float) -> str | None:
        bound = self.bounds.get(column, self.bounds.get(None))
        if bound is None:
            return None
        met = value >= bound if self.at_least else value <= bound
        return "met" if met else "short"


@dataclass
class Row:
    key: str
    label: str
    unit: str
    target: Target | None = None
    samples: dict[str, list[float]] = field(default_factory=dict)

    def value(self, column: str) -> float | None:
        found = self.samples.get(column)
        return statistics.median(found) if found else None


class Table:
    """Rows in the order they were first named; each holds samples by column."""

    def __init__(self, columns: Mapping[str, str]) -> None:
        self.columns = dict(columns)
        self.rows: dict[str, Row] = {}
        self.derived: set[str] = set()

    def row(self, key: str, label: str, unit: str, target: Target | None = None) -> Row:
        if key not in self.rows:
            self.rows[key] = Row(key, label, unit, target)
        return self.rows[key]

    def add(self, key: str, column: str, value: float, *, label: str, unit: str,
            target: Target | None = None) -> None:
        self.row(key, label, unit, target).samples.setdefault(column, []).append(value)

    def derive(self, key: str, label: str, unit: str, inputs: tuple[str, ...],
               combine: Callable[..., float], target: Target | None = None) -> None:
        """A row computed from the medians of other rows, column by column."""
        if not all(name in self.rows for name in inputs):
            return
        self._after(key, label, unit, target, max(inputs, key=list(self.rows).index))
        for column in self.columns:
            values = [self.rows[name].value(column) for name in inputs]
            if all(v is not None for v in values):
                self.add(key, column, combine(*values), label=label, unit=unit, target=target)

    def _after(self, key: str, label: str, unit: str, target: Target | None, anchor: str) -> None:
        """Name a new row and place it right after ``anchor``, beside the numbers it reads."""
        self.row(key, label, unit, target)
        self.derived.add(key)
        order = [name for name in self.rows if name != key]
        place = order.index(anchor) + 1
        while place < len(order) and order[place] in self.derived:
            place += 1  # after the rows already derived there, in the order they were made
        order.insert(place, key)
        self.rows = {name: self.rows[name] for name in order}

    def markdown(self) -> str:
        head = ["measure", "unit", *self.columns.values(), "target"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for row in self.rows.values():
            cells = [row.label, row.unit]
            verdicts = []
            for column, title in self.columns.items():
                value = row.value(column)
                cells.append("" if value is None else _number(value))
                if value is not None and row.target is not None:
                    verdict = row.target.check(column, value)
                    if verdict is not None:
                        verdicts.append(f"{title}: {verdict}" if len(row.samples) > 1
                                        else verdict)
            target = row.target.text if row.target else ""
            if verdicts:
                target += " (" + "; ".join(verdicts) + ")"
            cells.append(target)
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def to_json(self) -> list[dict[str, Any]]:
        return [
            {
                "key": row.key,
                "label": row.label,
                "unit": row.unit,
                "target": row.target.text if row.target else None,
                "values": {c: row.value(c) for c in self.columns if c in row.samples},
                "samples": row.samples,
            }
            for row in self.rows.values()
        ]


def _number(value: float) -> str:
    if value == 0:
        return "0"
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:.1f}"
    if size >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"

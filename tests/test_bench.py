"""The benchmark harness keeps working: its quick run produces every row with positive numbers.
No timing is asserted; the numbers of a quick run mean nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import MIXES, documents
from textclean import Pipeline
from textclean.testing import mojibake

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.harness", "--quick", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    data["stdout"] = done.stdout
    return data


def _rows(data: dict) -> dict[str, dict]:
    return {row["key"]: row for row in data["rows"]}


def test_every_step_of_the_default_pipeline_has_a_row_on_every_mix(quick):
    rows = _rows(quick)
    for step in Pipeline().steps:
        values = rows[f"step.{step.name}"]["values"]
        assert set(values) == set(MIXES)
        assert all(value > 0 for value in values.values())


@pytest.mark.parametrize("key", [
    "clean", "step.between", "encoding", "ftfy.default", "ftfy.encoding", "cleantext",
    "ref.regex", "ref.split", "ratio.ftfy", "ratio.encoding", "ratio.cleantext",
])
def test_throughput_rows_and_ratios_cover_every_mix(quick, key):
    values = _rows(quick)[key]["values"]
    assert set(values) == set(MIXES)
    assert all(value > 0 for value in values.values())


@pytest.mark.parametrize("key", [
    "alias.build", "alias.scan10", "alias.scan", "ratio.alias",
    "files.floor", "files.run1", "files.run2", "rss.run1", "rss.run2", "ratio.floor", "ratio.jobs",
    "start.python", "start.import", "start.version", "start.pipeline", "start.builtin",
    "scale.total", "scale.mbs", "scale.start", "scale.peak", "scale.rss", "rss.harness",
])
def test_single_rows_have_a_positive_number(quick, key):
    values = _rows(quick)[key]["values"]
    assert len(values) == 1
    assert all(value > 0 for value in values.values())


def test_the_version_row_is_a_difference_that_is_reported(quick):
    assert "ratio.version" in _rows(quick)


def test_every_step_has_a_scaling_row(quick):
    rows = _rows(quick)
    for step in Pipeline().steps:
        assert rows[f"scale.{step.name}"]["values"]["docs10"] > 0


def test_the_table_is_printed_with_its_targets(quick):
    table = quick["stdout"]
    assert "| measure | unit |" in table
    assert "≥ 4x (stretch 8x) on 10% docs" in table
    assert quick["corpus"]["docs10"]["documents"] > 0


def test_the_corpus_is_deterministic_and_garbled_as_named():
    clean = documents("clean", 0.05)
    assert clean == documents("clean", 0.05)
    assert len(set(clean)) == len(clean)
    garbled = documents("docs10", 0.05)
    changed = [a != b for a, b in zip(clean, garbled, strict=True)]
    assert changed == [number % 10 == 9 for number in range(len(clean))]
    lines = documents("lines33", 0.05)[0].split("\n")
    originals = clean[0].split("\n")
    assert lines == [mojibake(line) if number % 3 == 2 else line
                     for number, line in enumerate(originals)]
    assert lines != originals


def test_synthetic_pages_stand_in_when_no_saved_pages_are_given(tmp_path):
    pages = documents("pages", 0.02, tmp_path / "missing.jsonl")
    assert pages
    for page in pages:
        lines = page.split("\n")
        assert "Related articles" in lines
        assert len(lines) > 20

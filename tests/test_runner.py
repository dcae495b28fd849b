"""Runs over trees: resume, force, fault isolation and order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textclean import Pipeline
from textclean.runner import RunOptions, run_tree


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for index in range(12):
        (root / f"doc{index:02d}.txt").write_text(f"Paragraph {index}  \n\n\n\nEnd {index}")
    return root


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


def without_timing(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "timing"} for r in items]


def test_a_rerun_reuses_finished_documents(tree, tmp_path):
    out = tmp_path / "out"
    first = run_tree(Pipeline(), tree, out)
    assert (first.ok, first.reused) == (12, 0)
    before = records(out)
    second = run_tree(Pipeline(), tree, out)
    assert (second.ok, second.reused) == (12, 12)
    assert records(out) == before


def test_a_changed_input_or_pipeline_is_redone(tree, tmp_path):
    out = tmp_path / "out"
    run_tree(Pipeline(), tree, out)
    (tree / "doc03.txt").write_text("changed")
    assert run_tree(Pipeline(), tree, out).reused == 11
    assert (out / "doc03.txt").read_text() == "changed\n"
    assert run_tree(Pipeline(skip="whitespace"), tree, out).reused == 0


def test_force_redoes_everything(tree, tmp_path):
    out = tmp_path / "out"
    run_tree(Pipeline(), tree, out)
    assert run_tree(Pipeline(), tree, out, RunOptions(force=True)).reused == 0
    assert len(records(out)) == 12


def test_a_deleted_output_is_redone(tree, tmp_path):
    out = tmp_path / "out"
    run_tree(Pipeline(), tree, out)
    (out / "doc05.txt").unlink()
    assert run_tree(Pipeline(), tree, out).reused == 11
    assert (out / "doc05.txt").exists()


def test_jobs_do_not_change_the_bytes(tree, tmp_path):
    run_tree(Pipeline(), tree, tmp_path / "one", RunOptions(jobs=1))
    run_tree(Pipeline(), tree, tmp_path / "two", RunOptions(jobs=2))
    assert without_timing(records(tmp_path / "one")) == without_timing(records(tmp_path / "two"))
    for path in (tmp_path / "one").glob("*.txt"):
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


def test_unreadable_file_fails_alone_with_the_os_error(tree, tmp_path, monkeypatch):
    real_read = Path.read_bytes

    def read_bytes(self):
        if self.name == "doc04.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    out = tmp_path / "out"
    summary = run_tree(Pipeline(), tree, out)
    assert (summary.ok, summary.failed) == (11, 1)
    failed = [r for r in records(out) if r["status"] == "failed"]
    assert failed == [{**failed[0], "path": "doc04.txt", "error": "cannot read: Permission denied"}]
    assert not (out / "doc04.txt").exists()


def test_summary_counts(tree, tmp_path):
    summary = run_tree(Pipeline(), tree, tmp_path / "out")
    assert summary.files == 12
    assert summary.bytes_in > summary.bytes_out > 0
    assert summary.mb_per_second > 0

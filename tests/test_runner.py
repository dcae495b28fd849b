"""Runs over trees: resume, force, fault isolation and order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textclean import Pipeline
from textclean.io import TreeReader
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
    real_read = TreeReader.read

    def read(self, rel):
        if rel == "doc04.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(self, rel)

    monkeypatch.setattr(TreeReader, "read", read)  # workers are forked: they see it too
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


def test_bad_inputs_are_reported_and_never_stop_the_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (src / "empty.txt").write_bytes(b"")
    odd_name = "caf\u00e9 d\u00e9j\u00e0.txt"
    (src / odd_name).write_text("Caf\u00e9 owners said so.\n", encoding="utf-8")
    legacy = "The caf\u00e9\u2019s owner said \u201cno\u201d.\n"
    (src / "cp1252.txt").write_bytes(legacy.encode("cp1252"))
    utf8 = "Caf\u00e9 owners in Z\u00fcrich said \u201cno\u201d \u2014 twice.".encode()
    (src / "bad-bytes.txt").write_bytes(utf8 + b" One bad byte \xff here.\n")
    (src / "bom.txt").write_bytes("\ufeffWith a byte order mark.\n".encode("utf-8"))
    out = tmp_path / "out"
    summary = run_tree(Pipeline(), src, out)
    assert (summary.ok, summary.skipped, summary.failed) == (5, 1, 0)
    by_path = {r["path"]: r for r in records(out)}
    assert by_path["binary.txt"]["status"] == "skipped" and by_path["binary.txt"]["reason"]
    assert not (out / "binary.txt").exists()
    assert (out / "empty.txt").read_bytes() == b""
    assert (out / odd_name).read_text(encoding="utf-8") == "Caf\u00e9 owners said so.\n"
    assert (out / "cp1252.txt").read_text(encoding="utf-8") == legacy
    assert by_path["bad-bytes.txt"]["status"] == "ok"
    assert any("U+FFFD" in w for w in by_path["bad-bytes.txt"]["warnings"])
    assert (out / "bom.txt").read_text(encoding="utf-8") == "With a byte order mark.\n"

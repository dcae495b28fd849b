"""Runs over trees: resume, force, fault isolation and order."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import textclean
from textclean import Config, ConfigError, Pipeline
from textclean.cli import app
from textclean.codehash import code_digest, code_roots
from textclean.io import TreeReader
from textclean.manifest import ManifestRecord
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


# -- the resume key: what a rerun may trust -------------------------------------------------


def outlet_pipeline() -> Pipeline:
    return Pipeline(Config(outlets=(("rt", ("rt.com",)),)))


def test_adding_an_outlet_redoes_every_document(tree, tmp_path):
    out = tmp_path / "out"
    run_tree(outlet_pipeline(), tree, out)
    again = run_tree(outlet_pipeline(), tree, out, RunOptions(outlet="rt"))
    assert again.reused == 0
    assert {r["outlet"] for r in records(out)} == {"rt"}
    assert run_tree(outlet_pipeline(), tree, out, RunOptions(outlet="rt")).reused == 12


def test_an_output_overwritten_with_garbage_is_redone(tree, tmp_path):
    out = tmp_path / "out"
    run_tree(Pipeline(), tree, out)
    good = (out / "doc03.txt").read_bytes()
    (out / "doc03.txt").write_bytes(b"\x00garbage")
    assert run_tree(Pipeline(), tree, out).reused == 11
    assert (out / "doc03.txt").read_bytes() == good


@pytest.mark.parametrize("damage", [
    lambda r: {**r, "bytes_in": "12"},
    lambda r: {**r, "status": "done"},
    lambda r: {**r, "urls": "https://a.b"},
    lambda r: {k: v for k, v in r.items() if k != "key"},
    lambda r: {**r, "surprise": 1},
    lambda r: {**r, "path": "../../elsewhere.txt"},
    lambda r: [r],
], ids=["str-count", "status", "urls-str", "no-key", "unknown-key", "escaping-path", "list"])
def test_a_record_that_does_not_validate_means_not_done(tree, tmp_path, damage):
    out = tmp_path / "out"
    run_tree(Pipeline(), tree, out)
    lines = (out / "manifest.jsonl").read_text().splitlines()
    lines[3] = json.dumps(damage(json.loads(lines[3])))
    (out / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    again = run_tree(Pipeline(), tree, out)
    assert (again.ok, again.reused) == (12, 11)
    assert [r["path"] for r in records(out)] == [f"doc{i:02d}.txt" for i in range(12)]
    assert all(ManifestRecord.from_json(r) for r in records(out))


def test_an_input_deleted_since_the_last_run_is_reported_then_removed_on_request(tree,
                                                                                 tmp_path):
    out = tmp_path / "out"
    run_tree(Pipeline(), tree, out)
    (tree / "doc05.txt").unlink()
    again = run_tree(Pipeline(), tree, out)
    assert again.stale == ["doc05.txt"]
    assert (out / "doc05.txt").exists()
    assert "doc05.txt" in [r["path"] for r in records(out)]  # still reported next time
    assert run_tree(Pipeline(), tree, out).stale == ["doc05.txt"]
    cleaned = run_tree(Pipeline(), tree, out, RunOptions(delete_stale=True))
    assert (cleaned.stale, cleaned.stale_removed) == ([], 1)
    assert not (out / "doc05.txt").exists()
    assert "doc05.txt" not in [r["path"] for r in records(out)]


def test_a_stale_output_changed_by_hand_is_kept_and_still_listed(tree, tmp_path):
    out = tmp_path / "out"
    run_tree(Pipeline(), tree, out)
    (tree / "doc05.txt").unlink()
    (out / "doc05.txt").write_text("my own notes\n")
    summary = run_tree(Pipeline(), tree, out, RunOptions(delete_stale=True))
    assert (summary.stale, summary.stale_removed) == (["doc05.txt"], 0)
    assert (out / "doc05.txt").read_text() == "my own notes\n"


def test_the_run_command_lists_stale_outputs(tree, tmp_path):
    out = tmp_path / "out"
    run_tree(Pipeline(), tree, out)
    (tree / "doc05.txt").unlink()
    result = CliRunner().invoke(app, ["run", str(tree), "-o", str(out)])
    assert result.exit_code == 0
    assert "stale: doc05.txt" in result.output and "--delete-stale" in result.output
    removed = CliRunner().invoke(app, ["run", str(tree), "-o", str(out), "--delete-stale"])
    assert "removed 1 output whose input is gone" in removed.output


# -- edits: counted in the manifest, in full on request -------------------------------------


def test_the_manifest_counts_edits_and_full_edits_stream_to_edits_jsonl(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("One.  \nShare\n\n\n\nTwo.  \n")
    (src / "b.txt").write_text("Clean.\n")
    out = tmp_path / "out"
    run_tree(Pipeline(), src, out, RunOptions(edits="full"))
    by_path = {r["path"]: r for r in records(out)}
    lines = [json.loads(line) for line in (out / "edits.jsonl").read_text().splitlines()]
    assert {line["path"] for line in lines} == {"a.txt"}
    assert [line["n"] for line in lines] == list(range(len(lines)))
    assert dict(Counter(line["rule"] for line in lines)) == by_path["a.txt"]["edits"]
    assert by_path["b.txt"]["edits"] == {}
    assert {"before", "after", "step", "line"} <= set(lines[0])
    run_tree(Pipeline(), src, tmp_path / "counts")
    assert not (tmp_path / "counts" / "edits.jsonl").exists()


def test_full_edits_resume_and_a_damaged_edits_file_redoes_its_documents(tree, tmp_path):
    out = tmp_path / "out"
    full = RunOptions(edits="full")
    run_tree(Pipeline(), tree, out, full)
    edits = (out / "edits.jsonl").read_bytes()
    assert run_tree(Pipeline(), tree, out, full).reused == 12
    assert (out / "edits.jsonl").read_bytes() == edits
    # Switching the mode changes what a run writes: everything is redone.
    assert run_tree(Pipeline(), tree, out).reused == 0
    run_tree(Pipeline(), tree, out, full)
    (out / "edits.jsonl").write_bytes(edits.replace(b'"doc04.txt", "n": 0', b'"doc04.txt", "n": 9'))
    again = run_tree(Pipeline(), tree, out, full)
    assert again.reused == 11
    assert (out / "edits.jsonl").read_bytes() == edits


def test_jobs_do_not_change_the_edits_file(tree, tmp_path):
    run_tree(Pipeline(), tree, tmp_path / "one", RunOptions(jobs=1, edits="full"))
    run_tree(Pipeline(), tree, tmp_path / "two", RunOptions(jobs=2, edits="full"))
    assert (tmp_path / "one" / "edits.jsonl").read_bytes() == (
        tmp_path / "two" / "edits.jsonl").read_bytes()


def test_a_huge_single_line_gives_a_small_manifest(tmp_path, seeds_dir):
    seed = " ".join(" ".join(p.read_text().split()) for p in sorted(seeds_dir.glob("*.txt")))
    src = tmp_path / "in"
    src.mkdir()
    (src / "big.txt").write_text((seed + " ") * (3_000_000 // len(seed)))
    out = tmp_path / "out"
    summary = run_tree(Pipeline(), src, out)
    assert summary.ok == 1 and summary.bytes_in > 2_900_000
    assert (out / "manifest.jsonl").stat().st_size < 4_000


# -- things that would do nothing say so -----------------------------------------------------


def test_an_empty_input_folder_warns(tmp_path):
    (tmp_path / "in").mkdir()
    summary = run_tree(Pipeline(), tmp_path / "in", tmp_path / "out")
    assert summary.files == 0
    assert summary.warnings == [f"nothing to clean: {tmp_path / 'in'} holds no files "
                                "(--include the default: .txt .html .htm .jsonl .ndjson .json "
                                ".parquet, plain or .gz/.bz2/.xz/.zst)"]


def test_a_folder_without_an_included_extension_says_what_is_taken_and_found(tmp_path):
    src = tmp_path / "in"
    (src / "x").mkdir(parents=True)
    for name in ("a.md", "b.md", "x/c.csv"):
        (src / name).write_text("Text.\n")
    result = CliRunner().invoke(app, ["run", str(src), "-o", str(tmp_path / "out"),
                                      "--include", "*.txt"])
    assert result.exit_code == 0
    assert (f"textclean: warning: nothing to clean: no file under {src} matches --include "
            "*.txt; found 3 other files: .md (2), .csv (1)") in result.output


def test_an_unknown_outlet_is_an_error_with_a_suggestion(tree, tmp_path, seeds_dir):
    config = str(seeds_dir / "textclean.toml")
    result = CliRunner().invoke(app, ["run", str(tree), "-o", str(tmp_path / "out"),
                                      "--config", config, "--outlet", "moscowtime"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "textclean: error: --outlet: unknown outlet 'moscowtime' (did you mean 'moscowtimes'?)"
    )
    assert not (tmp_path / "out").exists()
    clean = CliRunner().invoke(app, ["clean", "-", "--outlet", "rtt", "--config", config],
                               input="x\n")
    assert clean.exit_code == 2 and "did you mean 'rt'" in clean.output
    with pytest.raises(ConfigError, match="unknown outlet"):
        run_tree(Pipeline(), tree, tmp_path / "o", RunOptions(outlet="nowhere"))


def test_only_and_skip_naming_the_same_step_is_an_error():
    with pytest.raises(ConfigError, match="--only and --skip both name step 'aliases'"):
        Pipeline(only=["aliases"], skip=["aliases"])


# -- plugin code and data are part of the key ------------------------------------------------

PLUGIN = '''\
from dataclasses import dataclass
from textclean import Edit, Stage, Step, hookimpl

@dataclass(frozen=True)
class Shout(Step):
    name = "shout"
    stage = Stage.TIDY
    order = 200

    def __call__(self, doc, ctx):
        new = doc.text.{method}()
        if new == doc.text:
            return doc
        return doc.revise(new, Edit("shout.case", before=doc.text, after=new))

@hookimpl
def textclean_steps():
    return [Shout]
'''


def test_a_plugin_whose_code_changed_redoes_its_documents(tree, tmp_path):
    # Same step name, options and repr; only the code differs. Each run is a fresh process,
    # as a user's runs are.
    plugin = tmp_path / "shout.py"
    out = tmp_path / "out"
    command = [sys.executable, "-m", "textclean", "run", str(tree), "-o", str(out),
               "--plugin", str(plugin)]
    plugin.write_text(PLUGIN.format(method="upper"))
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert (out / "doc00.txt").read_text().startswith("PARAGRAPH 0")
    plugin.write_text(PLUGIN.format(method="lower"))
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert re.search(r"reused from an earlier run\D*0\b", done.stdout), done.stdout
    assert (out / "doc00.txt").read_text().startswith("paragraph 0")


def test_the_code_digest_covers_a_plugin_package_and_its_data_files(tmp_path, monkeypatch):
    package = tmp_path / "textclean_digest_probe"
    package.mkdir()
    (package / "__init__.py").write_text("VALUE = 1\n")
    (package / "rules.toml").write_text("[[rules]]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("textclean_digest_probe")
    try:
        first = code_digest(["textclean_digest_probe"])
        (package / "rules.toml").write_text("[[rules]]\nid = 'x.y'\n")
        second = code_digest(["textclean_digest_probe"])
        (package / "__init__.py").write_text("VALUE = 2\n")
        third = code_digest(["textclean_digest_probe"])
    finally:
        sys.modules.pop("textclean_digest_probe", None)
    assert len({first, second, third}) == 3
    assert code_roots(["textclean.steps.whitespace"]) == [Path(textclean.__file__).parent]

"""The command line, end to end: in-process with CliRunner, and once as a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textclean import __version__
from textclean.cli import app

runner = CliRunner()

MANIFEST_KEYS = {"path", "status", "url", "urls", "title", "outlet", "warnings", "edits"}


def invoke(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "in"
    (root / "sub dir").mkdir(parents=True)
    (root / "a.txt").write_text("First line  \r\n\r\n\r\nSecond line", encoding="utf-8")
    (root / "sub dir" / "b.txt").write_text("Only line\n", encoding="utf-8")
    (root / "notes.md").write_text("not included\n", encoding="utf-8")
    return root


def manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"textclean {__version__}"


def test_run_mirrors_the_tree_and_writes_the_manifest(corpus, tmp_path):
    out = tmp_path / "out"
    result = invoke("run", str(corpus), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "a.txt").read_text() == "First line\n\nSecond line\n"
    assert (out / "sub dir" / "b.txt").read_text() == "Only line\n"
    assert not (out / "notes.md").exists()
    records = manifest(out)
    assert [r["path"] for r in records] == ["a.txt", "sub dir/b.txt"]
    for record in records:
        assert set(record) >= MANIFEST_KEYS
        assert record["status"] == "ok"
        assert all(isinstance(count, int) and count > 0 for count in record["edits"].values())
    assert records[0]["edits"]["whitespace.trailing"] == 1
    assert records[0]["edits"]["whitespace.blank-lines"] == 1
    assert "files ok" in result.output and "MB/s" in result.output


def test_run_include_and_exclude(corpus, tmp_path):
    out = tmp_path / "out"
    result = invoke("run", str(corpus), "-o", str(out), "--include", "**/*.md",
                    "--include", "*.txt", "--exclude", "sub dir/*")
    assert result.exit_code == 0, result.output
    assert [r["path"] for r in manifest(out)] == ["a.txt", "notes.md"]


def test_run_with_jobs_gives_the_same_bytes(corpus, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert invoke("run", str(corpus), "-o", str(one), "--jobs", "1").exit_code == 0
    assert invoke("run", str(corpus), "-o", str(two), "--jobs", "2").exit_code == 0
    strip = [{k: v for k, v in r.items() if k != "timing"} for r in manifest(one)]
    assert strip == [{k: v for k, v in r.items() if k != "timing"} for r in manifest(two)]
    assert (one / "a.txt").read_bytes() == (two / "a.txt").read_bytes()


def test_run_only_and_skip(corpus, tmp_path):
    out = tmp_path / "out"
    result = invoke("run", str(corpus), "-o", str(out), "--skip", "whitespace,encoding")
    assert result.exit_code == 0
    assert (out / "a.txt").read_bytes() == b"First line  \r\n\r\n\r\nSecond line"


def test_run_refuses_output_inside_input(corpus):
    result = invoke("run", str(corpus), "-o", str(corpus / "out"))
    assert result.exit_code == 2
    assert "must be outside input folder" in result.output


def test_broken_config_is_one_line_and_exit_2(corpus, tmp_path):
    bad = tmp_path / "textclean.toml"
    bad.write_text("plugns = []\n")
    result = invoke("run", str(corpus), "-o", str(tmp_path / "out"), "--config", str(bad))
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [f"textclean: error: {bad}: unknown key 'plugns' (did you mean 'plugins'?)"]


def test_unknown_step_in_only_is_exit_2(corpus, tmp_path):
    result = invoke("run", str(corpus), "-o", str(tmp_path / "o"), "--only", "whitespac")
    assert result.exit_code == 2
    assert "unknown step 'whitespac' (did you mean 'whitespace'?)" in result.output


def test_usage_error_is_exit_2(tmp_path):
    assert invoke("run", str(tmp_path)).exit_code == 2


def test_a_failing_document_fails_alone_and_exits_1(corpus, tmp_path):
    plugin = tmp_path / "explode.py"
    plugin.write_text(
        "from dataclasses import dataclass\n"
        "from textclean import Stage, Step, hookimpl\n"
        "@dataclass(frozen=True)\n"
        "class Explode(Step):\n"
        "    name = 'explode'\n"
        "    stage = Stage.REMOVE\n"
        "    def __call__(self, doc, ctx):\n"
        "        if 'Only' in doc.text:\n"
        "            raise RuntimeError('no Only allowed')\n"
        "        return doc\n"
        "@hookimpl\n"
        "def textclean_steps():\n"
        "    return [Explode]\n"
    )
    out = tmp_path / "out"
    result = invoke("run", str(corpus), "-o", str(out), "--plugin", str(plugin))
    assert result.exit_code == 1
    records = {r["path"]: r for r in manifest(out)}
    assert records["a.txt"]["status"] == "ok"
    failed = records["sub dir/b.txt"]
    assert failed["status"] == "failed"
    assert failed["step"] == "explode" and failed["plugin"] == "explode"
    assert "RuntimeError: no Only allowed" in failed["error"]
    assert not (out / "sub dir" / "b.txt").exists()
    assert "Traceback" in (out / "textclean-errors.log").read_text()
    assert "Traceback" not in result.output


def test_clean_reads_a_file_or_stdin():
    assert invoke("clean", "-", stdin="a  \n\n\n\nb").output == "a\n\nb\n"


def test_clean_file(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"caf\xe9 au lait\r\n")
    result = invoke("clean", str(path))
    assert result.exit_code == 0
    assert "au lait\n" in result.output


def test_diff_labels_each_change_with_step_and_rule(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("a  \n\n\n\nb")
    result = invoke("diff", str(path))
    assert result.exit_code == 0
    assert "@@ whitespace: whitespace.trailing line 1" in result.output
    assert "@@ whitespace: whitespace.blank-lines" in result.output


def test_plugins_lists_the_builtins():
    result = invoke("plugins", "--json")
    assert result.exit_code == 0
    listing = json.loads(result.output)
    names = {p["name"] for p in listing["plugins"]}
    assert {"whitespace", "outlets"} <= names
    assert listing["steps"][-1] == "whitespace"
    table = invoke("plugins")
    assert table.exit_code == 0 and "whitespace" in table.output and "builtin" in table.output


def test_real_subprocess_run_on_the_seed_corpus(tmp_path, seeds_dir):
    corpus = tmp_path / "seeds"
    shutil.copytree(seeds_dir, corpus)
    out = tmp_path / "out"
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "textclean", "run", str(corpus), "-o", str(out), "--jobs", "2"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    records = manifest(out)
    assert len(records) == len(list(seeds_dir.glob("*.txt"))) == 5
    assert all(r["status"] == "ok" for r in records)
    names = sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert sorted(p.name for p in out.glob("*.txt")) == names


def test_clean_and_diff_explain_what_they_left_alone(tmp_path):
    path = tmp_path / "named.txt"
    text = "Islamic State [formerly ISIS, or ISIL] lost Mosul.\n"
    path.write_text(text, encoding="utf-8")
    plain = invoke("clean", str(path))
    explained = invoke("clean", str(path), "--explain")
    assert plain.exit_code == explained.exit_code == 0
    assert plain.stdout == explained.stdout == text
    assert "kept: named as an alias" in explained.stderr and "kept" not in plain.stderr
    diff = invoke("diff", str(path), "--explain")
    assert diff.exit_code == 0
    assert "@@ aliases: aliases.islamic-state line 1: kept: named as an alias" in diff.stdout
    assert "0 edits, 2 kept" in diff.stdout
    assert invoke("diff", str(path)).stdout.strip() == "no changes"


def test_the_outlet_step_is_listed_and_can_be_skipped(tmp_path):
    listing = json.loads(invoke("plugins", "--json").stdout)
    assert listing["steps"].index("urls") + 1 == listing["steps"].index("outlet")
    path = tmp_path / "rt.txt"
    path.write_text("Get short URL\n\nBody text.\n", encoding="utf-8")
    url = "https://www.rt.com/news/1"
    assert invoke("clean", str(path), "--url", url).stdout == "Body text.\n"
    skipped = invoke("clean", str(path), "--url", url, "--skip", "outlet")
    assert skipped.stdout == "Get short URL\n\nBody text.\n"

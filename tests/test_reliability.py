"""Nothing lost, nothing hangs: kill -9 and resume, Ctrl-C, fail-fast, and fault isolation."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from textclean.io import TEMP_PREFIX

FILES = 3000


def make_corpus(root: Path, seeds_dir: Path, count: int) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    for index in range(count):
        folder = root / f"part{index % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        text = seeds[index % len(seeds)] + f"\n\nDocument number {index}.\n"
        (folder / f"doc {index:05d}.txt").write_text(text, encoding="utf-8")


def start_run(src: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "textclean", "run", str(src), "-o", str(out), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )


def manifest_lines(out: Path) -> int:
    try:
        return (out / "manifest.jsonl").read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def wait_for_lines(out: Path, proc: subprocess.Popen, at_least: int, polls: int = 12_000
                   ) -> None:
    """Wait until the manifest has ``at_least`` lines, polling a bounded number of times (a
    hang guard, not a timer)."""
    for _ in range(polls):
        if manifest_lines(out) >= at_least:
            return
        assert proc.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.01)
    pytest.fail("the run made no progress")


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.txt"))}


def stable_manifest(out: Path) -> list[dict]:
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    return [{k: v for k, v in r.items() if k != "timing"} for r in records]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, request) -> Path:
    root = tmp_path_factory.mktemp("reliability") / "in"
    make_corpus(root, Path(__file__).parent.parent / "corpora" / "seeds", FILES)
    return root


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reference") / "out"
    done = subprocess.run([sys.executable, "-m", "textclean", "run", str(corpus), "-o", str(out),
                           "--jobs", "2"], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return out


def test_kill_9_then_rerun_is_byte_identical_to_an_uninterrupted_run(corpus, reference, tmp_path):
    out = tmp_path / "out"
    proc = start_run(corpus, out, "--jobs", "2")
    wait_for_lines(out, proc, FILES // 5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    done_before = manifest_lines(out)
    assert 0 < done_before < FILES
    # Whatever is visible under its final name is complete.
    expected = outputs(reference)
    for name, data in outputs(out).items():
        assert data == expected[name], f"{name} is half-written"
    rerun = subprocess.run([sys.executable, "-m", "textclean", "run", str(corpus), "-o", str(out),
                            "--jobs", "2"], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert outputs(out) == expected
    assert stable_manifest(out) == stable_manifest(reference)
    assert not list(out.rglob(f"{TEMP_PREFIX}*"))
    reused = re.search(r"reused from an earlier run\D*(\d+)", rerun.stdout)
    assert reused is not None and int(reused.group(1)) >= done_before - 2


def test_ctrl_c_stops_cleanly_with_exit_130_and_keeps_finished_documents(corpus, reference,
                                                                         tmp_path):
    out = tmp_path / "out"
    proc = start_run(corpus, out, "--jobs", "2")
    wait_for_lines(out, proc, FILES // 10)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr.decode()
    assert "interrupted" in stderr.decode()
    records = stable_manifest(out)
    assert 0 < len(records) < FILES
    expected = outputs(reference)
    for record in records:
        assert (out / record["path"]).read_bytes() == expected[record["path"]]
    assert not list(out.rglob(f"{TEMP_PREFIX}*"))


def test_fail_fast_stops_at_the_first_failure(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for index in range(40):
        (src / f"{index:02d}.txt").write_text("boom\n" if index == 5 else "fine\n")
    plugin = tmp_path / "boom.py"
    plugin.write_text(
        "from dataclasses import dataclass\n"
        "from textclean import Stage, Step, hookimpl\n"
        "@dataclass(frozen=True)\n"
        "class Boom(Step):\n"
        "    name = 'boom'\n"
        "    stage = Stage.REMOVE\n"
        "    def __call__(self, doc, ctx):\n"
        "        if 'boom' in doc.text:\n"
        "            raise ValueError('boom')\n"
        "        return doc\n"
        "@hookimpl\n"
        "def textclean_steps():\n"
        "    return [Boom]\n"
    )
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "textclean", "run", str(src), "-o", str(out),
                           "--plugin", str(plugin), "--fail-fast"], capture_output=True, text=True)
    assert done.returncode == 1
    records = stable_manifest(out)
    assert [r["status"] for r in records] == ["ok"] * 5 + ["failed"]
    assert "ValueError: boom" in records[-1]["error"]

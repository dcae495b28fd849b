"""Fault injection: plugins that exit or return what cannot be written, dying workers and
parents, concurrent runs, FIFOs, swapped symlinks, undecodable names, full disks and read-only
folders. Each fails one document or stops the run with one line; nothing is lost or damaged."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import textclean.io
import textclean.manifest
import textclean.runner
from textclean import InputError, Pipeline
from textclean.cli import app
from textclean.manifest import read_manifest
from textclean.runner import RunOptions, run_tree

STEP = '''\
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from textclean import Edit, Stage, Step, hookimpl

@dataclass(frozen=True)
class Fault(Step):
    name = "fault"
    stage = Stage.REMOVE

    def __call__(self, doc, ctx):
{body}
        return doc

@hookimpl
def textclean_steps():
    return [Fault]
'''


def write_plugin(folder: Path, body: str, name: str = "fault") -> Path:
    path = folder / f"{name}.py"
    indented = "\n".join("        " + line for line in body.strip().splitlines())
    path.write_text(STEP.format(body=indented))
    return path


def make_tree(root: Path, count: int = 20, poison: int | None = 7) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        word = "POISON" if index == poison else "fine"
        (root / f"doc{index:02d}.txt").write_text(f"Paragraph {index} is {word}.\n")
    return root


def records(out: Path) -> dict[str, dict]:
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["path"]: record for record in map(json.loads, lines)}


def poll(condition, *, tries: int = 2400, pause: float = 0.05) -> bool:
    """Wait for ``condition`` by polling a bounded number of times (a hang guard, not a timer)."""
    for _ in range(tries):
        if condition():
            return True
        time.sleep(pause)
    return condition()


# -- a plugin step that exits, or returns what cannot be written -----------------------------

FAULTS = {
    "sys.exit": ("sys.exit(3)", "called sys.exit(3)"),
    "os._exit": ("os._exit(7)", "the worker process exited with code 7"),
    "KeyboardInterrupt": ("raise KeyboardInterrupt", "KeyboardInterrupt"),
    "lone surrogate": (
        'return doc.revise(doc.text + "\\udc80", Edit("fault.bad", before="", after="\\udc80"))',
        "not valid Unicode",
    ),
    "set in extra": ('return doc.revise(extra={"fault": {1, 2}})',
                     "meta.extra cannot be written to the manifest"),
    "int in meta": ("return doc.revise(outlet_from=42)", "'outlet_from' must be a string or null"),
}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_faulty_plugin_step_fails_only_its_document(tmp_path, fault, jobs):
    action, message = FAULTS[fault]
    plugin = write_plugin(tmp_path, f'if "POISON" in doc.text:\n    {action}')
    src = make_tree(tmp_path / "in")
    out = tmp_path / "out"
    summary = run_tree(Pipeline(plugins=[str(plugin)]), src, out, RunOptions(jobs=jobs))
    assert (summary.ok, summary.failed) == (19, 1)
    by_path = records(out)
    assert [p for p, r in by_path.items() if r["status"] != "ok"] == ["doc07.txt"]
    assert message in by_path["doc07.txt"]["error"]
    assert not (out / "doc07.txt").exists()
    assert all((out / f"doc{i:02d}.txt").exists() for i in range(20) if i != 7)


def test_a_worker_killed_mid_chunk_retries_the_chunk_one_by_one_and_blames_one_document(
        tmp_path):
    # Two poisoned documents in the same chunk of eight: each is found and blamed alone.
    plugin = write_plugin(tmp_path, 'if "POISON" in doc.text:\n    os.kill(os.getpid(), 9)')
    src = make_tree(tmp_path / "in", count=24, poison=3)
    (src / "doc05.txt").write_text("Also POISON.\n")
    out = tmp_path / "out"
    summary = run_tree(Pipeline(plugins=[str(plugin)]), src, out, RunOptions(jobs=2))
    assert (summary.ok, summary.failed) == (22, 2)
    failed = {p: r["error"] for p, r in records(out).items() if r["status"] == "failed"}
    assert set(failed) == {"doc03.txt", "doc05.txt"}
    assert all("killed by SIGKILL" in error for error in failed.values())


def test_os_exit_through_the_command_with_two_jobs_exits_1_without_a_traceback(tmp_path):
    plugin = write_plugin(tmp_path, 'if "POISON" in doc.text:\n    os._exit(1)')
    src = make_tree(tmp_path / "in")
    done = subprocess.run(
        [sys.executable, "-m", "textclean", "run", str(src), "-o", str(tmp_path / "out"),
         "--jobs", "2", "--plugin", str(plugin)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "BrokenProcessPool" not in done.stderr + done.stdout
    assert "failed: doc07.txt: the worker process exited with code 1" in done.stdout


# -- processes: a parent killed with -9, two runs on one folder ------------------------------


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_workers_exit_when_the_parent_is_killed_with_9(tmp_path):
    plugin = write_plugin(tmp_path, "time.sleep(0.2)")
    src = make_tree(tmp_path / "in", count=200, poison=None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "textclean", "run", str(src), "-o", str(tmp_path / "out"),
         "--jobs", "2", "--plugin", str(plugin)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        assert poll(lambda: len(children_of(proc.pid)) >= 2), "no workers started"
        workers = children_of(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # the parent alone, not its process group
        proc.wait()
        assert poll(lambda: not any(alive(pid) for pid in workers)), "workers outlived parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def test_a_second_run_on_the_same_output_folder_stops_naming_the_first(tmp_path):
    started, release = tmp_path / "started", tmp_path / "release"
    plugin = write_plugin(tmp_path, (
        f"Path({str(started)!r}).touch()\n"
        f"for _ in range(1200):\n"
        f"    if Path({str(release)!r}).exists():\n"
        f"        break\n"
        f"    time.sleep(0.05)"
    ))
    src = make_tree(tmp_path / "in", count=4, poison=None)
    out = tmp_path / "out"
    first = subprocess.Popen(
        [sys.executable, "-m", "textclean", "run", str(src), "-o", str(out),
         "--plugin", str(plugin)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert poll(started.exists), "the first run never started cleaning"
        second = CliRunner().invoke(app, ["run", str(src), "-o", str(out)])
        assert second.exit_code == 2
        assert f"in use by another textclean run (pid {first.pid})" in second.output
    finally:
        release.touch()
        _, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    assert len(list(read_manifest(out / "manifest.jsonl"))) == 4
    assert CliRunner().invoke(app, ["run", str(src), "-o", str(out)]).exit_code == 0


# -- what the walk found is not what is read -------------------------------------------------


def test_a_fifo_in_the_input_is_skipped_and_never_blocks(tmp_path):
    src = make_tree(tmp_path / "in", count=3, poison=None)
    os.mkfifo(src / "pipe.txt")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "textclean", "run", str(src), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    record = records(out)["pipe.txt"]
    assert record["status"] == "skipped"
    assert record["reason"] == "not a regular file: a FIFO (not read)"


@pytest.fixture
def secret(tmp_path) -> Path:
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "b.txt").write_text("THE SECRET KEY\n")
    (folder / "c.txt").write_text("THE SECRET FOLDER\n")
    return folder


def test_a_file_swapped_for_a_symlink_after_the_walk_is_not_followed(tmp_path, secret,
                                                                    monkeypatch):
    src = make_tree(tmp_path / "in", count=3, poison=None)
    (src / "b.txt").write_text("harmless\n")
    (src / "sub").mkdir()
    (src / "sub" / "c.txt").write_text("harmless too\n")
    real_walk = textclean.runner.walk

    def walk_then_swap(*args, **kwargs):
        entries = real_walk(*args, **kwargs)
        (src / "b.txt").unlink()
        os.symlink(secret / "b.txt", src / "b.txt")
        (src / "sub" / "c.txt").unlink()
        (src / "sub").rmdir()
        os.symlink(secret, src / "sub")
        return entries

    monkeypatch.setattr(textclean.runner, "walk", walk_then_swap)
    out = tmp_path / "out"
    summary = run_tree(Pipeline(), src, out)
    assert (summary.ok, summary.skipped) == (3, 2)
    by_path = records(out)
    assert by_path["b.txt"]["reason"] == "not a regular file: a symbolic link (not read)"
    assert "symbolic link" in by_path["sub/c.txt"]["reason"]
    assert not (out / "b.txt").exists() and not (out / "sub" / "c.txt").exists()
    written = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert b"SECRET" not in written


def test_an_undecodable_file_name_round_trips_and_reruns(tmp_path):
    src = make_tree(tmp_path / "in", count=3, poison=None)
    raw = os.fsencode(src) + b"/b\xff.txt"
    fd = os.open(raw, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"Text under an odd name.  \n")
    os.close(fd)
    out = tmp_path / "out"
    first = run_tree(Pipeline(), src, out)
    assert (first.ok, first.failed) == (4, 0)
    manifest = (out / "manifest.jsonl").read_bytes()
    manifest.decode("utf-8")  # still UTF-8: the odd byte is an escape
    assert "b\udcff.txt" in records(out)
    with open(os.fsencode(out) + b"/b\xff.txt", "rb") as handle:
        assert handle.read() == b"Text under an odd name.\n"
    again = run_tree(Pipeline(), src, out)
    assert (again.ok, again.reused) == (4, 4)
    assert (out / "manifest.jsonl").read_bytes() == manifest


# -- the file system says no ----------------------------------------------------------------


def deny_writes(monkeypatch, folder: Path, code: int) -> None:
    """Make every write under ``folder`` fail with ``code``, as a read-only mount or a folder
    without write permission does (the tests may run as root, which permissions do not stop)."""
    real_open, real_mkdir = os.open, os.mkdir
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT
    root = os.fsencode(folder)

    def inside(path, dir_fd=None) -> bool:
        return dir_fd is None and os.fsencode(os.path.abspath(path)).startswith(root)

    def guarded_open(path, flags, mode=0o777, *, dir_fd=None):
        if flags & writing and inside(path, dir_fd):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    def guarded_mkdir(path, mode=0o777, *, dir_fd=None):
        if inside(path, dir_fd):
            raise OSError(code, os.strerror(code), str(path))
        return real_mkdir(path, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(os, "mkdir", guarded_mkdir)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def one_line(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("textclean: error")]
    assert len(errors) == 1, result.output
    return errors[0]


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_read_only_output_folder_is_one_line_and_nothing_changes(tmp_path, monkeypatch, code):
    src = make_tree(tmp_path / "in", poison=None)
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["run", str(src), "-o", str(out)]).exit_code == 0
    (src / "doc03.txt").write_text("Changed since.\n")
    before = snapshot(out)
    deny_writes(monkeypatch, out, code)
    line = one_line(CliRunner().invoke(app, ["run", str(src), "-o", str(out)]))
    assert os.strerror(code) in line
    monkeypatch.undo()
    assert snapshot(out) == before


def test_a_new_output_folder_that_cannot_be_made_is_one_line(tmp_path, monkeypatch):
    src = make_tree(tmp_path / "in", poison=None)
    deny_writes(monkeypatch, tmp_path / "ro", errno.EACCES)
    line = one_line(CliRunner().invoke(app, ["run", str(src), "-o", str(tmp_path / "ro" / "o")]))
    assert "cannot make output folder" in line and "Permission denied" in line


def test_a_full_disk_fails_the_documents_and_keeps_earlier_outputs(tmp_path, monkeypatch):
    src = make_tree(tmp_path / "in", poison=None)
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["run", str(src), "-o", str(out)]).exit_code == 0
    before = snapshot(out)

    def full(fd, chunks):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(textclean.io, "_write_all", full)
    result = CliRunner().invoke(app, ["run", str(src), "-o", str(out), "--force"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "failed: doc00.txt: cannot write output: No space left on device" in result.output
    outputs = {k: v for k, v in snapshot(out).items() if k.endswith(".txt")}
    assert outputs == {k: v for k, v in before.items() if k.endswith(".txt")}
    assert {r["status"] for r in records(out).values()} == {"failed"}
    assert not list(out.glob(f"{textclean.io.TEMP_PREFIX}*"))


def test_a_full_disk_under_the_manifest_is_one_line_and_keeps_its_records(tmp_path,
                                                                          monkeypatch):
    src = make_tree(tmp_path / "in", poison=None)
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["run", str(src), "-o", str(out)]).exit_code == 0
    kept = list(read_manifest(out / "manifest.jsonl"))
    (src / "doc03.txt").write_text("Changed since.\n")

    def full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))

    monkeypatch.setattr(textclean.manifest._Log, "_write", full)
    line = one_line(CliRunner().invoke(app, ["run", str(src), "-o", str(out)]))
    assert line.endswith("manifest.jsonl: No space left on device")
    assert list(read_manifest(out / "manifest.jsonl")) == kept


def test_a_manifest_that_is_a_folder_is_one_line_and_left_alone(tmp_path):
    src = make_tree(tmp_path / "in", poison=None)
    out = tmp_path / "out"
    (out / "manifest.jsonl").mkdir(parents=True)
    line = one_line(CliRunner().invoke(app, ["run", str(src), "-o", str(out)]))
    assert "manifest.jsonl: is a folder" in line
    assert (out / "manifest.jsonl").is_dir()
    assert not list(out.glob("doc*.txt"))


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_outputs_and_manifest_follow_the_umask_like_cp(tmp_path, umask):
    src = make_tree(tmp_path / "in", count=3, poison=None)
    (src / "sub").mkdir()
    (src / "sub" / "x.txt").write_text("Text.\n")
    old = os.umask(umask)
    try:
        run_tree(Pipeline(), src, tmp_path / "out", RunOptions(edits="full"))
    finally:
        os.umask(old)
    expected = 0o666 & ~umask
    for name in ("doc00.txt", "sub/x.txt", "manifest.jsonl", "edits.jsonl"):
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == expected, name


def test_an_unwritable_output_fails_its_document_with_the_os_error(tmp_path, monkeypatch):
    src = make_tree(tmp_path / "in", count=4, poison=None)
    out = tmp_path / "out"
    real = textclean.io.OutputWriter.write

    def write(self, rel, data):
        if rel == "doc02.txt":
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real(self, rel, data)

    monkeypatch.setattr(textclean.io.OutputWriter, "write", write)
    summary = run_tree(Pipeline(), src, out)
    assert (summary.ok, summary.failed) == (3, 1)
    assert records(out)["doc02.txt"]["error"] == "cannot write output: Permission denied"


def test_library_errors_are_input_errors(tmp_path):
    (tmp_path / "out" / "manifest.jsonl").mkdir(parents=True)
    with pytest.raises(InputError, match="is a folder"):
        run_tree(Pipeline(), make_tree(tmp_path / "in"), tmp_path / "out")

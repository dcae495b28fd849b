"""What reaches a terminal is shown, never obeyed: escape sequences from texts and file names
are made visible, and rich markup in data is printed as written."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from typer.testing import CliRunner

from textclean import Pipeline
from textclean.cli import app
from textclean.report import visible
from textclean.runner import run_tree

OSC52 = "\x1b]52;c;aGVsbG8=\x07"  # writes "hello" to the clipboard of many terminals
CLEAR = "\x1b[2J"


def test_visible_escapes_controls_surrogates_and_bidi_overrides():
    assert visible(f"a{OSC52}b") == "a\\x1b]52;c;aGVsbG8=\\x07b"
    assert visible("\u202egnp.exe \udcff \x9b1m") == "\\u202egnp.exe \\udcff \\x9b1m"
    assert visible("two\nlines\tand tab") == "two\nlines\tand tab"
    assert visible("two\nlines", newlines=False) == "two\\x0alines"
    assert visible("Café, 東京, مرحبا, emoji \u200d") == "Café, 東京, مرحبا, emoji \u200d"


def test_diff_shows_escape_sequences_instead_of_sending_them(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text(f"Evil {OSC52} line  \n\n\n\nnext [bold red]markup[/]  \n")
    result = CliRunner().invoke(app, ["diff", str(path)])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]52;c;aGVsbG8=\\x07" in result.output
    assert "[bold red]markup[/]" in result.output


def test_failed_lines_show_escapes_in_file_names_and_errors(tmp_path):
    plugin = tmp_path / "boom.py"
    plugin.write_text(
        "from dataclasses import dataclass\n"
        "from textclean import Stage, Step, hookimpl\n"
        "@dataclass(frozen=True)\n"
        "class Boom(Step):\n"
        "    name = 'boom'\n"
        "    stage = Stage.REMOVE\n"
        "    def __call__(self, doc, ctx):\n"
        f"        raise ValueError({CLEAR!r} + doc.text)\n"
        "@hookimpl\n"
        "def textclean_steps():\n"
        "    return [Boom]\n"
    )
    src = tmp_path / "in"
    src.mkdir()
    (src / f"a{CLEAR}b.txt").write_text(f"{OSC52}\n")
    out = tmp_path / "out[bold]x[/bold]"
    result = CliRunner().invoke(app, ["run", str(src), "-o", str(out), "--plugin", str(plugin)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "failed: a\\x1b[2Jb.txt: step 'boom'" in result.output
    assert "ValueError: \\x1b[2J" in result.output
    assert f"manifest: {out}/manifest.jsonl" in result.output  # markup printed as written


def test_error_lines_show_escapes_in_file_names(tmp_path):
    name = str(tmp_path / f"missing{OSC52}.txt")
    result = CliRunner().invoke(app, ["clean", name])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "missing\\x1b]52" in result.output


def test_the_summary_of_an_undecodable_name_prints(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    fd = os.open(os.fsencode(src) + b"/odd\xff.txt", os.O_WRONLY | os.O_CREAT, 0o644)
    os.close(fd)
    os.mkfifo(src / f"pipe{CLEAR}.txt")
    assert run_tree(Pipeline(), src, tmp_path / "a").skipped == 1
    result = CliRunner().invoke(app, ["run", str(src), "-o", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output


def test_clean_makes_text_visible_on_a_terminal_and_keeps_bytes_in_a_pipe():
    # The encoding step drops most control characters; without it they reach the output.
    text = f"Hello {OSC52} there.\n"
    command = [sys.executable, "-m", "textclean", "clean", "-", "--only", "whitespace"]
    piped = subprocess.run(command, input=text, capture_output=True, text=True)
    assert piped.stdout == text
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(command,
                              input=text.encode(), stdout=follower, stderr=subprocess.PIPE)
        assert done.returncode == 0, done.stderr
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert b"\x1b" not in shown
    assert b"\\x1b]52;c;aGVsbG8=\\x07" in shown


def test_the_plugin_table_prints_markup_as_written(tmp_path):
    plugin = tmp_path / "weird[bold]x.py"
    plugin.write_text("")
    result = CliRunner().invoke(app, ["plugins", "--plugin", str(plugin)],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 0
    assert "weird[bold]x" in result.output

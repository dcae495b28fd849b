"""A plain ``pip install textclean`` gives a working command: every import is declared, and bad
arguments are one line and exit 2, never a traceback."""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textclean.cli import app

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "textclean"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def requirement_name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ (]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def declared(extras: bool) -> dict[str, str]:
    found = {requirement_name(r): r for r in PROJECT["dependencies"]}
    if extras:
        for group in PROJECT["optional-dependencies"].values():
            found.update((requirement_name(r), r) for r in group)
    return found


def imported_top_levels(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"textclean", "__future__"}


def distributions_of(module: str) -> set[str]:
    return {d.lower().replace("_", "-") for d in metadata.packages_distributions().get(module, ())}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_every_import_of_the_package_is_a_declared_dependency_with_a_minimum(path):
    deps = declared(extras=True)
    for module in imported_top_levels(path):
        owners = distributions_of(module)
        assert owners & set(deps), f"{path.name} imports {module!r}, not declared in pyproject"
        for owner in owners & set(deps):
            assert ">=" in deps[owner], f"{owner} has no minimum version"


def closure(names: set[str]) -> set[str]:
    """The declared distributions and everything they require, extras aside."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        todo.extend(requirement_name(r) for r in requires if "extra ==" not in r)
    return seen


def test_the_command_loads_only_base_dependencies_and_what_they_need():
    # In a fresh process, as a plain install runs it: every module loaded by the command
    # belongs to a base dependency or to one of theirs (click comes only through mkdocs here).
    code = (
        "import json, sys\n"
        "from textclean.cli import app\n"
        "try:\n    app(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    allowed = closure(set(declared(extras=False))) | {"textclean"}
    outside = {}
    for module in loaded - set(sys.stdlib_module_names) - {"textclean", "_distutils_hack"}:
        owners = distributions_of(module)
        if owners and not owners & allowed:
            outside[module] = sorted(owners)
    assert outside == {}


def test_version_and_clean_work_without_click_installed():
    code = (
        "import sys\n"
        "sys.modules['click'] = None  # as in a fresh install: importing it fails\n"
        "from textclean.cli import main\n"
        "sys.argv = ['textclean', *sys.argv[1:]]\n"
        "main()\n"
    )
    version = subprocess.run([sys.executable, "-c", code, "--version"], capture_output=True,
                             text=True)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("textclean ")
    cleaned = subprocess.run([sys.executable, "-c", code, "clean", "-"], input="text  \n",
                             capture_output=True, text=True)
    assert (cleaned.returncode, cleaned.stdout) == (0, "text\n"), cleaned.stderr


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert lines[0].startswith("textclean: error: ")
    return lines[0]


def test_clean_of_a_missing_file_is_one_line_and_exit_2(tmp_path):
    line = one_line_error(CliRunner().invoke(app, ["clean", str(tmp_path / "missing.txt")]))
    assert line.endswith("missing.txt: no such file")


def test_clean_of_a_folder_is_one_line_and_exit_2(tmp_path):
    line = one_line_error(CliRunner().invoke(app, ["clean", str(tmp_path)]))
    assert "is a folder" in line


def test_clean_of_binary_standard_input_is_one_line_and_exit_2():
    noise = bytes(range(256)) * 16
    line = one_line_error(CliRunner().invoke(app, ["clean", "-"], input=noise))
    assert "standard input: binary file" in line


def test_a_real_subprocess_gives_exit_2_and_no_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "textclean", "clean", str(tmp_path / "x.txt")],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == f"textclean: error: {tmp_path / 'x.txt'}: no such file"


RUN_WITHOUT_EXTRAS = """\
import sys
for name in ("pyarrow", "zstandard", "trafilatura", "dask", "distributed", "pandas"):
    sys.modules[name] = None  # as in a plain install: importing them fails
from textclean.cli import main
sys.argv = ["textclean", "run", sys.argv[1], "-o", sys.argv[2]]
main()
"""


def test_a_plain_install_cleans_text_json_lines_and_gzip_and_skips_what_needs_an_extra(
        tmp_path):
    import gzip

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Text.  \n")
    (src / "b.jsonl").write_text('{"text": "One.  "}\n')
    (src / "c.jsonl.gz").write_bytes(gzip.compress(b'{"text": "Two."}\n', mtime=0))
    (src / "d.html").write_text("<html><body><p>Page.</p></body></html>")
    (src / "e.txt.zst").write_bytes(b"(zstd bytes)")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", RUN_WITHOUT_EXTRAS, str(src), str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (out / "a.txt").read_text() == "Text.\n"
    assert json.loads((out / "b.jsonl").read_text())["text"] == "One.\n"
    assert json.loads(gzip.decompress((out / "c.jsonl.gz").read_bytes()))["text"] == "Two.\n"
    records = {r["path"]: r for r in map(json.loads, (out / "manifest.jsonl").read_text()
                                         .splitlines())}
    assert "pip install 'textclean[html]'" in records["d.html"]["reason"]
    assert "pip install 'textclean[zstd]'" in records["e.txt.zst"]["reason"]

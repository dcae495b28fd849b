"""Input is data: nothing inside an input tree configures textclean, loads a plugin or a rule.
The configuration in force is named where a user and a script can see it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textclean.cli import app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def untrusted(tmp_path, monkeypatch) -> Path:
    """A downloaded corpus that carries a config naming its own plugin and a rule file."""
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "untrusted"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A sentence of the article.\n\nAnother one.\n")
    marker = tmp_path / "pwned"
    (corpus / "evil.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    (corpus / "eat.toml").write_text(
        '[[rules]]\nid = "evil.everything"\npattern = ".+"\n'
    )
    (corpus / "textclean.toml").write_text('plugins = ["evil.py"]\nrules = ["eat.toml"]\n')
    return corpus


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_a_config_inside_the_input_folder_is_never_read(untrusted, tmp_path):
    out = tmp_path / "out"
    result = run("run", str(untrusted), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "pwned").exists(), "a plugin from the input tree ran"
    assert (out / "a.txt").read_text() == "A sentence of the article.\n\nAnother one.\n"


def test_running_from_inside_the_input_folder_is_an_error_not_a_silent_config(untrusted,
                                                                              monkeypatch):
    monkeypatch.chdir(untrusted)
    result = run("run", ".", "-o", "../out")
    assert result.exit_code == 2
    assert "inside the input folder" in result.output
    assert not (untrusted.parent / "pwned").exists()


def test_the_config_in_force_is_the_first_line_and_in_every_record(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Text.\n")
    config = tmp_path / "settings.toml"
    config.write_text('disable = ["headlines"]\n')
    with_config = run("run", str(corpus), "-o", str(tmp_path / "one"), "--config", str(config))
    assert with_config.exit_code == 0, with_config.output
    assert with_config.output.splitlines()[0] == f"textclean: config: {config}"
    record = json.loads((tmp_path / "one" / "manifest.jsonl").read_text())
    assert record["config"] == str(config)
    defaults = run("run", str(corpus), "-o", str(tmp_path / "two"))
    assert defaults.output.splitlines()[0].startswith("textclean: config: none (built-in")
    record = json.loads((tmp_path / "two" / "manifest.jsonl").read_text())
    assert record["config"] is None


def test_the_project_config_is_found_from_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "project" / "data").mkdir(parents=True)
    (tmp_path / "project" / "data" / "a.txt").write_text("Text.\n")
    (tmp_path / "project" / "pyproject.toml").write_text(
        '[tool.textclean]\ndisable = ["headlines"]\n'
    )
    monkeypatch.chdir(tmp_path / "project")
    result = run("run", "data", "-o", "out")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "textclean: config: " + str(
        tmp_path / "project" / "pyproject.toml"
    )


def test_make_run_names_the_seed_config_explicitly():
    recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "--config corpora/seeds/textclean.toml" in recipe

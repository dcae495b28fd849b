"""`textclean aliases discover | check | show`, end to end in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textclean.aliases import load_aliases
from textclean.cli import app

runner = CliRunner()

ARTICLE = (
    "Iraqi Prime Minister Haidar al-Abadi met Russian Foreign Minister Sergey Lavrov on "
    "Thursday.\nLater, Haidar al-Abadi and the foreign minister spoke to reporters.\n"
)
OTHER = "Prime Minister Haider al-Abadi said the talks went well.\n"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (articles / "b.txt").write_text(OTHER, encoding="utf-8")
    return tmp_path


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_discover_writes_a_loadable_proposal_fitted_to_the_tables_in_force(project):
    result = invoke("aliases", "discover", "articles", "-o", "proposed.toml")
    assert result.exit_code == 0, result.output
    # Haidar/Haider al-Abadi is in the built-in table: nothing new to propose.
    assert "already in force as 'Haider al-Abadi'" in result.output
    assert load_aliases(project / "proposed.toml") == ()


def test_discover_with_keep_known_proposes_every_group(project):
    result = invoke("aliases", "discover", "articles", "-o", "proposed.toml", "--keep-known")
    assert result.exit_code == 0, result.output
    groups = load_aliases(project / "proposed.toml")
    assert [(g.canonical, g.variants) for g in groups] == [("Haidar al-Abadi",
                                                            ("Haider al-Abadi",))]
    text = (project / "proposed.toml").read_text(encoding="utf-8")
    assert "# 2 mentions: Iraqi Prime Minister Haidar al-Abadi met" in text


def test_discover_reads_a_list_of_names(project):
    (project / "names.txt").write_text(
        "# people\nAhmad Jibril\nAhmad Jabril\n\nAhmad Jibril\nYusuf Karimi\n", encoding="utf-8")
    result = invoke("aliases", "discover", "--names", "names.txt", "-o", "out.toml")
    assert result.exit_code == 0, result.output
    assert [(g.canonical, g.variants) for g in load_aliases(project / "out.toml")] == [
        ("Ahmad Jibril", ("Ahmad Jabril",))]


def test_discover_without_input_is_a_one_line_error(project):
    result = invoke("aliases", "discover", "-o", "out.toml")
    assert result.exit_code == 2
    assert "nothing to read" in result.output
    assert not (project / "out.toml").exists()


def test_a_reviewed_proposal_is_used_like_any_alias_file(project):
    (project / "reviewed.toml").write_text(
        '[[aliases]]\ncanonical = "Muammar Gaddafi"  # 3 mentions\n'
        'variants = ["Moammar Gadhafi"]\ndescription = "Proposed."\n', encoding="utf-8")
    (project / "textclean.toml").write_text('aliases = ["reviewed.toml"]\n', encoding="utf-8")
    (project / "c.txt").write_text("Moammar Gadhafi spoke.\n", encoding="utf-8")
    assert invoke("clean", "c.txt").output == "Muammar Gaddafi spoke.\n"
    shown = invoke("aliases", "show", "--json")
    assert shown.exit_code == 0, shown.output
    sources = {g["canonical"]: g["source"] for g in json.loads(shown.output)}
    assert sources["Muammar Gaddafi"] == str(project / "reviewed.toml")
    assert sources["Sergei Lavrov"] == "aliases"
    checked = invoke("aliases", "check", "reviewed.toml")
    assert checked.exit_code == 0, checked.output
    assert "1 groups, 1 variants: ok" in checked.output


def test_show_prints_a_table_of_the_groups_in_force(project):
    result = invoke("aliases", "show")
    assert result.exit_code == 0
    assert "Sergei Lavrov" in result.output and "aliases" in result.output


def test_check_reports_a_table_that_would_not_load(project):
    (project / "bad.toml").write_text(
        '[[aliases]]\ncanonical = "Sergei Lavrov"\nvariants = ["Sergei Lavrov"]\n',
        encoding="utf-8")
    result = invoke("aliases", "check", "bad.toml", "--alone")
    assert result.exit_code == 2
    assert "lists its canonical form as a variant" in result.output


def test_check_reports_the_groups_of_plugins_the_file_would_replace(project):
    (project / "house.toml").write_text(
        '[[aliases]]\ncanonical = "Sergey Lavrov"\nvariants = ["Sergej Lavrov", "Sergei Lavrov"]\n',
        encoding="utf-8")
    result = invoke("aliases", "check", "house.toml")
    assert result.exit_code == 0, result.output
    assert ("alias group 'Sergey Lavrov' (aliases.sergey-lavrov) of the file house.toml replaces "
            "alias group 'Sergei Lavrov' (aliases.sergei-lavrov) of plugin 'aliases'") \
        in result.output
    (project / "textclean.toml").write_text('aliases = ["house.toml"]\n', encoding="utf-8")
    (project / "c.txt").write_text("Sergei Lavrov and Sergej Lavrov spoke.\n", encoding="utf-8")
    assert invoke("clean", "c.txt").output == "Sergey Lavrov and Sergey Lavrov spoke.\n"
    shown = {g["canonical"]: g for g in json.loads(invoke("aliases", "show", "--json").output)}
    assert "Sergei Lavrov" not in shown
    house = shown["Sergey Lavrov"]
    assert (house["layer"], house["replaces"]) == ("config", ["Sergei Lavrov (aliases)"])
    assert shown["Islamic State"]["layer"] == "builtin"


def test_check_reports_a_clash_with_another_file_of_the_configuration(project):
    (project / "one.toml").write_text(
        '[[aliases]]\ncanonical = "Muammar Gaddafi"\nvariants = ["Moammar Gadhafi"]\n',
        encoding="utf-8")
    (project / "two.toml").write_text(
        '[[aliases]]\ncanonical = "Muammar al-Gaddafi"\nvariants = ["Moammar Gadhafi"]\n',
        encoding="utf-8")
    (project / "textclean.toml").write_text('aliases = ["one.toml"]\n', encoding="utf-8")
    assert invoke("aliases", "check", "two.toml", "--alone").exit_code == 0
    result = invoke("aliases", "check", "two.toml")
    assert result.exit_code == 2
    assert "beside the tables in force" in result.output
    assert "one layer: the configuration" in result.output


def test_check_reports_examples_that_do_not_hold(project):
    (project / "examples.toml").write_text(
        '[[aliases]]\ncanonical = "Muammar Gaddafi"\nvariants = ["Moammar Gadhafi"]\n'
        'examples = [["Moammar Gadhafi said", "Gaddafi said"]]\n', encoding="utf-8")
    result = invoke("aliases", "check", "examples.toml", "--alone")
    assert result.exit_code == 1
    assert "example 'Moammar Gadhafi said'" in result.output

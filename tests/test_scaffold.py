"""``new_plugin`` writes a package that installs, passes its own tests unchanged and is listed by
``textclean plugins``; bad names, bad domains and existing folders are one-line errors."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textclean.cli import app
from textclean.errors import InputError
from textclean.rules import rules_from_data
from textclean.scaffold import new_plugin, render
from textclean.testing import check_rules

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """A generated plugin, installed by pip into a folder of its own (put on PYTHONPATH)."""
    work = tmp_path_factory.mktemp("scaffold")
    package = new_plugin("acme-news", work / "src", domains=["acme-news.co.uk"])
    site = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "--target", str(site), str(package)],
        check=True, capture_output=True,
    )
    return package, site


def run(site: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run([sys.executable, *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def test_a_generated_plugin_passes_its_own_tests_once_installed(installed):
    package, site = installed
    # Run from outside the package, so the tests import the installed copy, not the source.
    result = run(site, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests"),
                 cwd=site.parent)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_a_generated_plugin_is_listed_by_textclean_plugins(installed):
    _, site = installed
    result = run(site, "-m", "textclean", "plugins", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    plugin = next(p for p in listing["plugins"] if p["name"] == "acme-news")
    assert plugin["origin"] == "entry-point"
    assert (plugin["distribution"], plugin["version"]) == ("textclean-acme-news", "0.1.0")
    assert plugin["module"] == "textclean_acme_news"
    assert set(plugin["hooks"]) == {"textclean_rules", "textclean_outlet"}
    assert plugin["rules"] == 1 and plugin["steps"] == []


def test_a_generated_plugin_names_the_outlet_of_its_domains(installed):
    _, site = installed
    code = ("import textclean; d = textclean.process('x', url='https://www.acme-news.co.uk/a');"
            "print(d.meta.outlet, d.meta.outlet_from)")
    result = run(site, "-c", code)
    assert result.stdout.split() == ["acme-news", "plugin:acme-news"], result.stderr


def test_the_files_make_a_package_with_the_entry_point_and_its_rules():
    files = render("le-monde", ["lemonde.fr"])
    assert set(files) == {
        "pyproject.toml", "README.md", "textclean_le_monde/__init__.py",
        "textclean_le_monde/rules.toml", "tests/test_le_monde.py",
    }
    project = tomllib.loads(files["pyproject.toml"])
    assert project["project"]["name"] == "textclean-le-monde"
    assert project["project"]["version"] == "0.1.0"
    assert project["project"]["dependencies"] == ["textclean>=0.1"]
    assert project["project"]["entry-points"]["textclean"] == {"le-monde": "textclean_le_monde"}
    assert project["tool"]["setuptools"]["package-data"] == {"textclean_le_monde": ["rules.toml"]}
    rules = rules_from_data(tomllib.loads(files["textclean_le_monde/rules.toml"]), source="x")
    check_rules(rules)
    assert [(r.id, r.outlets) for r in rules] == [("le-monde.support-appeal", ("le-monde",))]
    assert 'DOMAINS: frozenset[str] = frozenset({"lemonde.fr"})' in files[
        "textclean_le_monde/__init__.py"]
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed")
def test_the_generated_code_is_ruff_clean(tmp_path):
    package = new_plugin("acme", tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", str(ROOT / "pyproject.toml"),
         str(package)], capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout


def test_new_plugin_returns_the_package_folder_it_wrote(tmp_path):
    package = new_plugin("guardian", tmp_path / "new" / "dir", domains=["TheGuardian.com"])
    assert package == tmp_path / "new" / "dir" / "textclean-guardian"
    assert (package / "textclean_guardian" / "rules.toml").is_file()
    assert '"theguardian.com"' in (package / "textclean_guardian" / "__init__.py").read_text()
    assert [p.name for p in package.parent.iterdir()] == ["textclean-guardian"]


@pytest.mark.parametrize("name", [
    "Guardian", "my_outlet", "-guardian", "guardian-", "le--monde", "", "le monde", "café",
    "../evil",
])
def test_a_name_that_is_not_lowercase_words_joined_by_hyphens_is_refused(tmp_path, name):
    with pytest.raises(InputError, match="plugin name") as info:
        new_plugin(name, tmp_path)
    assert "\n" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("domain", "hint"), [
    ("https://www.bbc.co.uk/news", "bbc.co.uk"),
    ("www.rt.com", "rt.com"),
    ("news.example.com", "example.com"),
    ("localhost", None),
    ("", None),
])
def test_a_domain_that_is_not_registrable_is_refused_with_a_suggestion(tmp_path, domain, hint):
    with pytest.raises(InputError, match="registrable domain") as info:
        new_plugin("acme", tmp_path, domains=[domain])
    assert (f"did you mean '{hint}'" in str(info.value)) == (hint is not None)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_never_overwritten(tmp_path):
    existing = tmp_path / "textclean-acme"
    existing.mkdir()
    (existing / "mine.txt").write_text("keep me")
    with pytest.raises(InputError, match="already exists") as info:
        new_plugin("acme", tmp_path)
    assert "\n" not in str(info.value)
    assert [p.name for p in existing.iterdir()] == ["mine.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["textclean-acme"]


def test_a_destination_that_cannot_hold_a_folder_is_an_input_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(InputError, match="cannot write"):
        new_plugin("acme", blocker)


def test_the_cli_command_writes_the_package_and_maps_errors(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["new-plugin", "acme", "--outlet-domain", "acme.com",
                                 "--dest", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "textclean-acme" / "pyproject.toml").is_file()
    again = runner.invoke(app, ["new-plugin", "acme", "--dest", str(tmp_path)])
    assert again.exit_code == 2
    assert "already exists" in again.output

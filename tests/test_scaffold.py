"""``new_plugin`` copies the example plugin, renamed: a data package (or one with a step) that
installs, passes its own tests unchanged and is listed by ``textclean plugins``; bad names, bad
domains and existing folders are one-line errors."""

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
from textclean.plugindata import parse_plugin_data
from textclean.scaffold import STEP_FILES, TEMPLATE_FILES, new_plugin, render
from textclean.testing import check_rules

ROOT = Path(__file__).resolve().parent.parent


EXAMPLE = ROOT / "plugins" / "textclean-example"


def install(package: Path, site: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "--target", str(site), str(package)],
        check=True, capture_output=True,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """A generated plugin (data and a step), installed by pip into a folder of its own (put
    on PYTHONPATH), beside a data-only one."""
    work = tmp_path_factory.mktemp("scaffold")
    package = new_plugin("acme-news", work / "src", domains=["acme-news.co.uk"], with_step=True)
    data_only = new_plugin("beta", work / "src", domains=["beta-news.com"])
    site = work / "site"
    install(package, site)
    install(data_only, site)
    return package, site


def run(site: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run([sys.executable, *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.parametrize("folder", ["textclean-acme-news", "textclean-beta"])
def test_a_generated_plugin_passes_its_own_tests_once_installed(installed, folder):
    package, site = installed
    # Run from outside the package, so the tests import the installed copy, not the source.
    result = run(site, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                 str(package.parent / folder / "tests"), cwd=site.parent)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_generated_plugins_are_listed_by_textclean_plugins(installed):
    _, site = installed
    result = run(site, "-m", "textclean", "plugins", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    rows = {p["name"]: p for p in listing["plugins"]}
    acme, beta = rows["acme-news"], rows["beta"]
    assert acme["origin"] == beta["origin"] == "entry-point"
    assert (acme["distribution"], acme["version"]) == ("textclean-acme-news", "0.1.0")
    assert acme["module"] == "textclean_acme_news"
    assert (acme["form"], beta["form"]) == ("code+data", "data")
    assert set(acme["hooks"]) == {"textclean_steps", "textclean_rules", "textclean_outlet"}
    assert set(beta["hooks"]) == {"textclean_rules", "textclean_outlet"}
    assert acme["rules"] == beta["rules"] == 1
    assert [s["name"] for s in acme["steps"]] == ["acme_news"] and beta["steps"] == []


def test_a_generated_plugin_names_the_outlet_of_its_domains(installed):
    _, site = installed
    code = ("import textclean; d = textclean.process('x', url='https://www.acme-news.co.uk/a');"
            "print(d.meta.outlet, d.meta.outlet_from)")
    result = run(site, "-c", code)
    assert result.stdout.split() == ["acme-news", "plugin:acme-news"], result.stderr


def test_the_example_plugin_is_the_template_renamed_to_itself():
    files = render("example", ["example.com"], with_step=True, display="Example News")
    assert set(files) == set(TEMPLATE_FILES) | set(STEP_FILES)
    for relative, text in files.items():
        assert text == (EXAMPLE / relative).read_text(encoding="utf-8"), relative
    on_disk = {str(p.relative_to(EXAMPLE)) for p in EXAMPLE.rglob("*") if p.is_file()
               and not {"__pycache__", ".pytest_cache"} & set(p.parts)
               and not any(part.endswith(".egg-info") for part in p.parts)}
    assert on_disk == set(files)


def test_by_default_the_package_is_data_and_with_a_step_it_has_python():
    data = render("le-monde", ["lemonde.fr"])
    assert set(data) == {"pyproject.toml", "README.md", "textclean_le_monde/plugin.toml",
                         "tests/test_le_monde.py"}
    stepped = render("le-monde", ["lemonde.fr"], with_step=True)
    assert set(stepped) - set(data) == {"textclean_le_monde/__init__.py", "tests/test_step.py"}
    assert 'name = "le_monde"' in stepped["textclean_le_monde/__init__.py"]
    for path, text in stepped.items():
        assert "textclean_example" not in text and "Example News" not in text, path
        if path.endswith(".py"):
            compile(text, path, "exec")


def test_the_files_make_a_package_with_the_entry_point_and_its_data():
    files = render("le-monde", ["lemonde.fr", "lemonde.com"])
    project = tomllib.loads(files["pyproject.toml"])
    assert project["project"]["name"] == "textclean-le-monde"
    assert project["project"]["version"] == "0.1.0"
    assert project["project"]["dependencies"] == ["textclean>=0.1"]
    assert project["project"]["entry-points"]["textclean"] == {"le-monde": "textclean_le_monde"}
    assert project["tool"]["setuptools"]["package-data"] == {"textclean_le_monde": ["plugin.toml"]}
    data = parse_plugin_data(tomllib.loads(files["textclean_le_monde/plugin.toml"]), where="x")
    check_rules(data.rules)
    assert [(r.id, r.outlets) for r in data.rules] == [("le-monde.support-appeal", ("le-monde",))]
    assert data.outlet is not None
    assert (data.outlet.name, data.outlet.domains) == ("le-monde", ("lemonde.fr", "lemonde.com"))
    without = parse_plugin_data(tomllib.loads(render("acme")["textclean_acme/plugin.toml"]),
                                where="x")
    assert without.outlet is not None and without.outlet.domains == ("acme.invalid",)


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed")
def test_the_generated_code_is_ruff_clean(tmp_path):
    package = new_plugin("acme", tmp_path, with_step=True)
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", str(ROOT / "pyproject.toml"),
         str(package)], capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout


def test_new_plugin_returns_the_package_folder_it_wrote(tmp_path):
    package = new_plugin("guardian", tmp_path / "new" / "dir", domains=["TheGuardian.com"])
    assert package == tmp_path / "new" / "dir" / "textclean-guardian"
    assert 'domains = ["theguardian.com"]' in (
        package / "textclean_guardian" / "plugin.toml").read_text(encoding="utf-8")
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
    assert (tmp_path / "textclean-acme" / "textclean_acme" / "plugin.toml").is_file()
    assert not (tmp_path / "textclean-acme" / "textclean_acme" / "__init__.py").exists()
    stepped = runner.invoke(app, ["new-plugin", "beta", "--with-step", "--dest", str(tmp_path)])
    assert stepped.exit_code == 0, stepped.output
    assert (tmp_path / "textclean-beta" / "textclean_beta" / "__init__.py").is_file()
    again = runner.invoke(app, ["new-plugin", "acme", "--dest", str(tmp_path)])
    assert again.exit_code == 2
    assert "already exists" in again.output

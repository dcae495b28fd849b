"""Real plugin packages, installed with pip, are found through their entry points: a plugin of
each hook, a house style that overrides built-in tables, two plugins that conflict, and an
outlet plugin that is only data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "textclean-sample"


def pip_install(source: Path, target: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "--target", str(target), str(source)],
        check=True, capture_output=True,
    )


def installed(tmp_path_factory, *packages: Path) -> Path:
    """``packages`` installed by pip into a folder of their own, put on PYTHONPATH below."""
    work = tmp_path_factory.mktemp("plugin")
    target = work / "site"
    for package in packages:
        source = work / package.name
        shutil.copytree(package, source)
        pip_install(source, target)
    return target


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The sample plugin, installed."""
    return installed(tmp_path_factory, FIXTURE)


def textclean(site: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, "-m", "textclean", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=120)


def test_installed_plugin_is_listed_with_its_version_and_steps(site):
    result = textclean(site, "plugins", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    sample = next(p for p in listing["plugins"] if p["name"] == "sample")
    assert sample["origin"] == "entry-point"
    assert (sample["distribution"], sample["version"]) == ("textclean-sample", "1.2.3")
    assert [s["name"] for s in sample["steps"]] == ["shout"]
    assert sample["rules"] == 2 and sample["aliases"] == 1
    assert set(sample["hooks"]) == {"textclean_steps", "textclean_rules", "textclean_aliases",
                                    "textclean_outlet"}
    assert listing["steps"].index("shout") < listing["steps"].index("whitespace")


def test_installed_plugin_step_runs_in_clean(site):
    result = textclean(site, "clean", "-", stdin="a SAMPLE-MARKER here\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "a sample-marker here\n"


@pytest.mark.parametrize("name", ["sample", "textclean-sample"])
def test_installed_plugin_is_disabled_by_entry_point_or_distribution_name(site, name):
    result = textclean(site, "clean", "-", "--disable", name, stdin="a SAMPLE-MARKER here\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "a SAMPLE-MARKER here\n"


def test_installed_plugin_outlet_detector_is_used(site):
    code = ("import textclean; d = textclean.process('x', url='https://sample-outlet.example/a');"
            "print(d.meta.outlet, d.meta.outlet_from)")
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["sampleoutlet", "plugin:sample"], result.stderr


def test_installed_plugin_rules_and_aliases_apply_through_clean(site):
    text = "Sample widget\n\nSampel Canonical spoke on Monday.\nSample Outlet footer\n"
    result = textclean(site, "clean", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Sample Canonical spoke on Monday.\nSample Outlet footer\n"
    scoped = textclean(site, "clean", "-", "--url", "https://sample-outlet.example/a", stdin=text)
    assert scoped.stdout == "Sample Canonical spoke on Monday.\n"


def test_installed_plugin_works_through_run(site, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Sample widget\nA story.\n\nOriginal url: "
                               "https://sample-outlet.example/x\nSample Outlet footer\n")
    result = textclean(site, "run", str(src), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "a.txt").read_text() == "A story.\n"
    record = json.loads((tmp_path / "out" / "manifest.jsonl").read_text())
    assert (record["outlet"], record["outlet_from"]) == ("sampleoutlet", "plugin:sample")
    assert {"sample.lone-sample-widget", "sample.outlet-footer"} <= set(record["edits"])


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory) -> Path:
    """A plugin package whose module fails to import, installed like any other."""
    work = tmp_path_factory.mktemp("broken")
    source = work / "src"
    (source / "textclean_broken").mkdir(parents=True)
    (source / "textclean_broken" / "__init__.py").write_text("raise ImportError('no backend')\n")
    (source / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "textclean-broken"\nversion = "0.0.1"\n'
        '[project.entry-points.textclean]\nbroken = "textclean_broken"\n'
    )
    target = work / "site"
    pip_install(source, target)
    return target


def test_a_plugin_that_fails_to_import_is_a_warning_and_the_run_goes_on(broken_site, tmp_path):
    result = textclean(broken_site, "clean", "-", stdin="Share\nText.\n")
    assert result.returncode == 0
    assert result.stdout == "Text.\n"
    assert ("plugin 'broken' (distribution textclean-broken) failed to load: "
            "ImportError: no backend") in result.stderr
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Text.\n")
    strict = textclean(broken_site, "run", str(src), "-o", str(tmp_path / "out"),
                       "--strict-plugins")
    assert strict.returncode == 2
    assert strict.stderr.strip().splitlines()[-1].startswith("textclean: error: plugin 'broken'")


# -- layers: a house style overrides built-in tables ---------------------------------------------

ZELENSKY = "Volodymyr Zelensky said.\nREAD MORE: Kremlin rejects sanctions\nRead more\n"


@pytest.fixture(scope="module")
def house_site(tmp_path_factory) -> Path:
    return installed(tmp_path_factory, FIXTURES / "textclean-housestyle")


def test_a_plugin_overrides_a_builtin_alias_group_and_rule_and_plugins_shows_it(house_site):
    result = textclean(house_site, "plugins", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert listing["conflicts"] == []
    house = next(p for p in listing["plugins"] if p["name"] == "housestyle")
    assert (house["layer"], house["rules"], house["aliases"]) == ("plugins", 1, 1)
    assert house["overrides"] == [
        {"kind": "rule", "id": "generic.read-more", "replaces": "generic.read-more",
         "of": "boilerplate", "layer": "builtin"},
        {"kind": "alias group", "id": "aliases.volodymyr-zelenskyy",
         "replaces": "aliases.volodymyr-zelensky", "of": "aliases", "layer": "builtin"},
    ]
    table = textclean(house_site, "plugins")
    assert table.returncode == 0, table.stderr
    assert ("override: alias group 'Volodymyr Zelenskyy' (aliases.volodymyr-zelenskyy) of "
            "plugin 'housestyle' replaces alias group 'Volodymyr Zelensky' "
            "(aliases.volodymyr-zelensky) of plugin 'aliases'") in " ".join(table.stdout.split())


def test_clean_applies_the_house_style_and_without_it_the_builtin_tables(house_site):
    result = textclean(house_site, "clean", "-", stdin=ZELENSKY)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Volodymyr Zelenskyy said.\nREAD MORE: Kremlin rejects sanctions\n"
    builtin = textclean(house_site, "clean", "-", "--disable", "housestyle", stdin=ZELENSKY)
    assert builtin.returncode == 0, builtin.stderr
    assert builtin.stdout == "Volodymyr Zelensky said.\n"
    diff = textclean(house_site, "diff", "-", stdin=ZELENSKY)
    assert "@@ aliases: aliases.volodymyr-zelenskyy line 1" in diff.stdout
    assert "@@ boilerplate: generic.read-more line 3" in diff.stdout


# -- layers: two installed plugins that claim the same rule id and variant ------------------------

CONFLICTING = """[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"
[project]
name = "textclean-{name}"
version = "1.0.0"
[project.entry-points.textclean]
{name} = "textclean_{name}"
[tool.setuptools]
packages = ["textclean_{name}"]
[tool.setuptools.package-data]
textclean_{name} = ["plugin.toml"]
"""
CONFLICTING_DATA = """[[rules]]
id = "shared.footer"
pattern = '(?i){name} footer'
[[aliases]]
canonical = "{canonical}"
variants = ["Gadhafi"]
"""


@pytest.fixture(scope="module")
def conflict_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("conflict")
    for name, canonical in (("left", "Muammar Gaddafi"), ("right", "Moammar Qaddafi")):
        (work / name / f"textclean_{name}").mkdir(parents=True)
        (work / name / "pyproject.toml").write_text(CONFLICTING.format(name=name))
        (work / name / f"textclean_{name}" / "plugin.toml").write_text(
            CONFLICTING_DATA.format(name=name, canonical=canonical))
    return installed(tmp_path_factory, work / "left", work / "right")


def test_two_conflicting_plugins_are_a_one_line_error_naming_both(conflict_site):
    result = textclean(conflict_site, "clean", "-", stdin="Text.\n")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "textclean: error: rule 'shared.footer' is contributed by both plugin 'left' and plugin "
        "'right' (one layer: plugins); switch one off with disable = [\"left\"] or "
        "disable = [\"right\"]"
    ]
    fixed = textclean(conflict_site, "clean", "-", "--disable", "right", stdin="Gadhafi spoke.\n")
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout == "Muammar Gaddafi spoke.\n"


def test_plugins_still_lists_both_conflicting_plugins_and_the_conflicts(conflict_site):
    result = textclean(conflict_site, "plugins", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert {"left", "right"} <= {p["name"] for p in listing["plugins"]}
    assert len(listing["conflicts"]) == 2
    assert listing["conflicts"][1].startswith(
        "alias group 'Muammar Gaddafi' of plugin 'left' and alias group 'Moammar Qaddafi' of "
        "plugin 'right' clash: ")
    table = textclean(conflict_site, "plugins")
    assert table.returncode == 0 and "conflict: rule 'shared.footer'" in table.stdout


# -- an outlet plugin that is only data ----------------------------------------------------------

GAZETTE = "Council approves bus lanes\nSubscribe to the Gazette!\nThe vote was at Gazette Towers.\n"


@pytest.fixture(scope="module")
def gazette_site(tmp_path_factory) -> Path:
    return installed(tmp_path_factory, FIXTURES / "textclean-gazette")


def test_a_data_only_plugin_installs_without_python(gazette_site):
    files = sorted(p.name for p in (gazette_site / "textclean_gazette").iterdir())
    assert files == ["plugin.toml"]
    listing = json.loads(textclean(gazette_site, "plugins", "--json").stdout)
    gazette = next(p for p in listing["plugins"] if p["name"] == "gazette")
    assert (gazette["form"], gazette["origin"], gazette["rules"], gazette["aliases"]) == (
        "data", "entry-point", 1, 1)
    assert set(gazette["hooks"]) == {"textclean_rules", "textclean_aliases", "textclean_outlet"}


def test_a_data_only_plugin_names_its_outlet_by_url_and_applies_its_rules(gazette_site):
    result = textclean(gazette_site, "clean", "-", "--url", "https://www.dailygazette.co.uk/a",
                       stdin=GAZETTE)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Council approves bus lanes\nThe vote was at Gazette Tower.\n"
    elsewhere = textclean(gazette_site, "clean", "-", "--url", "https://www.gazette.com/a",
                          stdin=GAZETTE)
    assert elsewhere.stdout == "Council approves bus lanes\nSubscribe to the Gazette!\n" \
        "The vote was at Gazette Tower.\n"
    code = ("import textclean; d = textclean.process('x', url='https://news.dailygazette.co.uk/1');"
            "print(d.meta.outlet, d.meta.outlet_from)")
    env = {**os.environ, "PYTHONPATH": str(gazette_site)}
    process = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert process.stdout.split() == ["gazette", "plugin:gazette"], process.stderr


def test_a_data_only_plugin_works_through_run_by_url_and_by_path(gazette_site, tmp_path):
    src = tmp_path / "in"
    (src / "gazette" / "2024").mkdir(parents=True)
    (src / "gazette" / "2024" / "a.txt").write_text(GAZETTE)
    (src / "b.txt").write_text(GAZETTE + "\nOriginal url: https://www.dailygazette.co.uk/b\n")
    (src / "c.txt").write_text(GAZETTE)
    result = textclean(gazette_site, "run", str(src), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    records = {r["path"]: r for r in map(json.loads, (tmp_path / "out" / "manifest.jsonl")
                                         .read_text().splitlines())}
    for path in ("gazette/2024/a.txt", "b.txt"):
        assert (records[path]["outlet"], records[path]["outlet_from"]) == ("gazette",
                                                                           "plugin:gazette")
        assert records[path]["edits"]["gazette.subscribe"] == 1
        assert "Subscribe" not in (tmp_path / "out" / path).read_text()
    assert records["c.txt"]["outlet"] is None
    assert "Subscribe to the Gazette!" in (tmp_path / "out" / "c.txt").read_text()

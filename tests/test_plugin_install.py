"""A real plugin package, installed with pip, is found through its entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "textclean-sample"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The sample plugin installed by pip into a folder of its own, put on PYTHONPATH below."""
    work = tmp_path_factory.mktemp("plugin")
    source = work / "src"
    shutil.copytree(FIXTURE, source)
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "--target", str(target), str(source)],
        check=True, capture_output=True,
    )
    return target


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
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "--target", str(target), str(source)],
        check=True, capture_output=True,
    )
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

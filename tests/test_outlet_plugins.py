"""The outlet plugins in plugins/: each is a complete package of data (plugin.toml, the example
with an optional step), is found with its rules, applies its rules to its own outlet's documents
only, and on the seed articles removes exactly the lines it should (seed 003's closing author
bio, seed 004's glued caption, seed 002's dateline)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textclean import Document, Meta, Pipeline
from textclean.plugindata import PluginData, plugin_data
from textclean.testing import assert_accountable, assert_idempotent, check_rules, documents

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ROOT / "plugins"
SEEDS = ROOT / "corpora" / "seeds"

#: Outlet name -> Python module of its plugin package plugins/textclean-<outlet>.
OUTLETS = {
    "rt": "textclean_rt",
    "militarytimes": "textclean_militarytimes",
    "moscowtimes": "textclean_moscowtimes",
    "express": "textclean_express",
    "example": "textclean_example",
}

# The packages are installed in development by `make`; until then, import them from the tree.
for _folder in sorted(PLUGINS.glob("textclean-*")):
    if str(_folder) not in sys.path:
        sys.path.append(str(_folder))

def data_of(module: str) -> PluginData:
    found = plugin_data(module)
    assert found is not None and found.outlet is not None, module
    return found


DATA = {outlet: data_of(module) for outlet, module in OUTLETS.items()}
PIPELINE = Pipeline(plugins=list(OUTLETS.values()))
REMOVE = Pipeline(only=["outlet", "boilerplate"], plugins=list(OUTLETS.values()))
GENERIC = tuple(rule for rule in REMOVE.context.rules.rules if rule.outlets is None)
OTHER_OUTLETS = [None, "bbc.co.uk", *OUTLETS]


def plugin_edits(doc: Document) -> list[str]:
    """The ids of the edits made by rules of the outlet plugins."""
    return [edit.rule for edit in doc.edits if edit.rule.split(".", 1)[0] in OUTLETS]


def outlet_params():
    return pytest.mark.parametrize("outlet", list(OUTLETS))


# -- the packages -------------------------------------------------------------------------------


def test_the_plugins_folder_holds_exactly_the_known_packages():
    assert sorted(p.name for p in PLUGINS.iterdir() if p.is_dir() and not p.name.startswith(".")) \
        == sorted(f"textclean-{outlet}" for outlet in OUTLETS)


@outlet_params()
def test_each_package_installs_on_its_own_with_its_entry_point_and_data(outlet):
    folder = PLUGINS / f"textclean-{outlet}"
    module = OUTLETS[outlet]
    project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["build-system"]["build-backend"] == "setuptools.build_meta"
    assert project["project"]["name"] == f"textclean-{outlet}"
    assert project["project"]["version"] == "0.1.0"
    assert project["project"]["dependencies"] == ["textclean>=0.1"]
    assert project["project"]["entry-points"]["textclean"] == {outlet: module}
    assert project["tool"]["setuptools"]["packages"] == [module]
    assert project["tool"]["setuptools"]["package-data"] == {module: ["plugin.toml"]}
    assert (folder / module / "plugin.toml").is_file()
    assert (folder / "README.md").is_file()
    assert (folder / "tests" / f"test_{outlet}.py").is_file()
    assert outlet == DATA[outlet].outlet.name
    # The outlet packages are data; the example carries an optional step.
    python = sorted(p.name for p in (folder / module).glob("*.py"))
    assert python == (["__init__.py"] if outlet == "example" else [])


@outlet_params()
def test_each_plugin_is_found_with_its_hooks_and_its_rules_counted(outlet):
    module = OUTLETS[outlet]
    [info] = [p for p in PIPELINE.describe() if p["module"] == module]
    steps = {"textclean_steps"} if outlet == "example" else set()
    assert set(info["hooks"]) == {"textclean_rules", "textclean_outlet"} | steps
    assert info["form"] == ("code+data" if outlet == "example" else "data")
    assert info["rules"] == len(DATA[outlet].rules) > 0
    assert info["aliases"] == 0 and info["overrides"] == []


@outlet_params()
def test_every_rule_keeps_its_examples_and_runs_in_linear_time(outlet):
    check_rules(DATA[outlet].rules)


@outlet_params()
def test_every_rule_is_named_for_and_limited_to_its_outlet(outlet):
    for rule in DATA[outlet].rules:
        assert rule.id.startswith(f"{outlet}."), rule.id
        assert rule.outlets == (outlet,), rule.id
        assert rule.description and rule.examples and rule.counterexamples, rule.id


@outlet_params()
def test_every_rule_catches_a_line_the_generic_rules_miss(outlet):
    for rule in DATA[outlet].rules:
        assert any(not any(g.matches(line) for g in GENERIC) for line in rule.examples), rule.id


# -- outlets ------------------------------------------------------------------------------------

DOMAINS = [
    pytest.param(outlet, domain, id=domain)
    for outlet, data in DATA.items() for domain in sorted(data.outlet.domains)
]


@pytest.mark.parametrize(("outlet", "domain"), DOMAINS)
def test_documents_on_a_plugin_domain_get_its_outlet(outlet, domain):
    for url in (f"https://www.{domain}/news/1", f"https://{domain}/a?b=c"):
        doc = REMOVE("Text.\n", url=url)
        assert doc.meta.outlet == outlet
        assert doc.meta.outlet_from.startswith("plugin:")


@pytest.mark.parametrize("url", ["https://www.bbc.co.uk/news/1", "https://www.rte.ie/news/1",
                                 "https://www.express.com/shop", "https://example.org/a"])
def test_documents_on_other_domains_keep_the_built_in_outlet(url):
    doc = REMOVE("Text.\n", url=url)
    assert doc.meta.outlet_from == "url"
    assert doc.meta.outlet not in OUTLETS


# -- rules apply to their own outlet only ---------------------------------------------------------

OWN_LINES = [
    pytest.param(outlet, rule.id, line, id=f"{rule.id}-{index}")
    for outlet, data in DATA.items() for rule in data.rules
    for index, line in enumerate(rule.examples)
    if not any(g.matches(line) for g in GENERIC)
]
COUNTER_LINES = [
    pytest.param(outlet, rule.id, line, id=f"{rule.id}-{index}")
    for outlet, data in DATA.items() for rule in data.rules
    for index, line in enumerate(rule.counterexamples)
]


@pytest.mark.parametrize(("outlet", "rule_id", "line"), OWN_LINES)
def test_a_rule_line_leaves_its_outlet_documents_and_stays_in_every_other(outlet, rule_id, line):
    text = f"First sentence.\n{line}\nLast sentence.\n"
    for other in OTHER_OUTLETS:
        doc = REMOVE(text, outlet=other)
        if other == outlet:
            assert doc.text == "First sentence.\nLast sentence.\n"
            assert plugin_edits(doc) == [rule_id]
        else:
            assert doc.text == text, other
            assert plugin_edits(doc) == [], other


@pytest.mark.parametrize(("outlet", "rule_id", "line"), COUNTER_LINES)
def test_no_plugin_rule_removes_a_counterexample_whatever_the_outlet(outlet, rule_id, line):
    for other in OTHER_OUTLETS:
        assert plugin_edits(REMOVE(f"First.\n{line}\nLast.\n", outlet=other)) == []


# -- the seed articles --------------------------------------------------------------------------

SEED_OUTLETS = {"000": "rt", "002": "moscowtimes", "003": "militarytimes", "004": "express"}
EXPECTED = {
    ("002", "moscowtimes"): ["moscowtimes.dateline"],
    ("003", "militarytimes"): ["militarytimes.author-bio"],
    ("004", "express"): ["express.glued-caption-credit"],
}


def seed(number: str) -> str:
    [path] = SEEDS.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("outlet", [None, *OUTLETS])
def test_on_the_seeds_plugin_rules_fire_only_with_the_right_outlet(number, outlet):
    assert plugin_edits(REMOVE(seed(number), outlet=outlet)) == EXPECTED.get((number, outlet), [])


def test_seed_003_loses_its_closing_author_bio_and_keeps_the_last_paragraph():
    text = seed("003")
    url = "https://www.marinecorpstimes.com/news/your-marine-corps/2017/12/28/russia-iraq/"
    doc = REMOVE(text, url=url)
    assert doc.meta.outlet == "militarytimes"
    assert "Shawn Snow is the senior reporter" in text
    assert "Shawn Snow" not in doc.text
    assert "said Jennifer Cafarella, an expert on ISIS at the Institute for the Study of War." \
        in doc.text
    [bio] = [edit for edit in doc.edits if edit.rule == "militarytimes.author-bio"]
    assert bio.before == ("Shawn Snow is the senior reporter for Marine Corps Times and a Marine "
                          "Corps veteran.")


def test_seed_004_loses_its_glued_caption_and_keeps_the_sentences():
    doc = REMOVE(seed("004"), url="https://www.express.co.uk/news/world/628375/putin-syria")
    assert doc.meta.outlet == "express"
    assert "GETTY" not in doc.text and "ruthless Russian leader" not in doc.text
    assert "Defence minister Sergei Shoigu said, however," in doc.text


@pytest.mark.parametrize(("number", "outlet"), sorted(SEED_OUTLETS.items()))
def test_on_the_seeds_the_whole_pipeline_with_plugins_is_idempotent(number, outlet):
    assert_idempotent(PIPELINE, Document(seed(number), Meta(outlet=outlet, outlet_from="explicit")))


# -- contracts ----------------------------------------------------------------------------------

LINES = [line for data in DATA.values() for rule in data.rules
         for line in (*rule.examples, *rule.counterexamples)]


@settings(deadline=None)
@given(
    doc=documents(),
    lines=st.lists(st.sampled_from(LINES), max_size=4),
    outlet=st.sampled_from([None, *OUTLETS]),
)
def test_a_pipeline_with_every_plugin_stays_idempotent_and_accountable(doc, lines, outlet):
    text = "\n".join([doc.text, *lines])
    meta = Meta(url=doc.meta.url, outlet=outlet, outlet_from="explicit" if outlet else None)
    assert_idempotent(PIPELINE, Document(text, meta))
    assert_accountable(PIPELINE, Document(text, meta))


@outlet_params()
def test_each_package_passes_its_own_tests(outlet, tmp_path):
    folder = PLUGINS / f"textclean-{outlet}"
    path = os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env = {**os.environ, "PYTHONPATH": path}
    env.pop("PYTEST_ADDOPTS", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder / "tests")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_known_plugins_page_lists_every_package_domain_and_rule():
    page = (ROOT / "docs" / "plugins" / "known.md").read_text(encoding="utf-8")
    for outlet, data in DATA.items():
        row = f"| `textclean-{outlet}` | `{outlet}` | "
        assert row in page, outlet
        assert f" | {len(data.rules)} |" in page.split(row, 1)[1].split("\n", 1)[0], outlet
        for domain in data.outlet.domains:
            assert f"`{domain}`" in page, domain
        for rule in data.rules:
            assert f"| `{rule.id}` |" in page, rule.id

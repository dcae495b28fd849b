"""textclean.testing.plugin_suite: the contract of every plugin, as one test class that passes
for a good plugin, fails where a plugin breaks a promise, and holds only tests it has cases for."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

GOOD = """
[outlet]
name = "goodnews"
domains = ["goodnews.co.uk"]
paths = ["goodnews/**"]
examples = ["goodnews/2024/a.txt"]
counterexamples = ["https://www.goodnews.com/a"]

[[rules]]
id = "goodnews.subscribe"
description = "The subscription box."
outlets = ["goodnews"]
pattern = '(?i)subscribe\\s{1,3}to\\s{1,3}good\\s{1,3}news\\s{0,3}[.!]?'
examples = ["Subscribe to Good News!"]
counterexamples = ["Subscribe to Good News, the mayor said, was bad advice."]

[[documents]]
url = "https://www.goodnews.co.uk/1"
text = "Body.\\nSubscribe to Good News!\\n"
cleaned = "Body.\\n"
rules = ["goodnews.subscribe"]
"""

BAD = """
[outlet]
name = "badnews"
domains = ["badnews.co.uk"]
counterexamples = ["https://news.badnews.co.uk/a"]

[[rules]]
id = "badnews.subscribe"
description = "The subscription box, and too much."
outlets = ["badnews"]
pattern = '(?i)subscribe.{0,80}'
examples = ["Subscribe to Bad News!"]
counterexamples = ["Subscribe to Bad News, the mayor said, was bad advice."]

[[documents]]
url = "https://www.badnews.co.uk/1"
text = "Body.\\nSubscribe to Bad News!\\n"
cleaned = "Body.\\nSubscribe to Bad News!\\n"
"""

UNSTABLE = """
from dataclasses import dataclass
from textclean import Edit, Stage, Step, hookimpl


@dataclass(frozen=True)
class Grow(Step):
    name = "grow"
    stage = Stage.TIDY

    def __call__(self, doc, ctx):
        return doc.revise(doc.text + "!", Edit("unstable.grow", before="", after="!"))


@hookimpl
def textclean_steps():
    return [Grow]
"""

TESTS = """
from textclean.testing import plugin_suite

TestGood = plugin_suite("textclean_goodnews")
TestBad = plugin_suite("textclean_badnews")
TestUnstable = plugin_suite("textclean_unstable")
"""


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, str]:
    """Each test of the three suites, by class and test name (without parameters), with its
    worst outcome."""
    work = tmp_path_factory.mktemp("suite")
    for name, data in (("goodnews", GOOD), ("badnews", BAD)):
        (work / f"textclean_{name}").mkdir()
        (work / f"textclean_{name}" / "plugin.toml").write_text(data, encoding="utf-8")
    (work / "textclean_unstable.py").write_text(textwrap.dedent(UNSTABLE), encoding="utf-8")
    (work / "test_plugins.py").write_text(TESTS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(work), *sys.path])}
    env.pop("PYTEST_ADDOPTS", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "-q",
         "--hypothesis-seed=0", str(work / "test_plugins.py")],
        cwd=work, env=env, capture_output=True, text=True, timeout=600,
    )
    found: dict[str, str] = {}
    for outcome, test in re.findall(r"^(PASSED|FAILED|ERROR|SKIPPED)\S* \S*::(\w+::\w+)",
                                    result.stdout, re.MULTILINE):
        if found.get(test) != "FAILED":
            found[test] = outcome
    assert found, result.stdout[-3000:] + result.stderr[-2000:]
    return found


def test_a_good_plugin_passes_every_test_it_has(outcomes):
    good = {test: outcome for test, outcome in outcomes.items() if test.startswith("TestGood::")}
    assert set(good.values()) == {"PASSED"}
    assert set(good) == {
        "TestGood::test_the_pipeline_builds_with_the_plugin_and_pickles",
        "TestGood::test_rules_keep_their_promises_and_run_in_linear_time",
        "TestGood::test_an_example_line_leaves_a_document_of_its_outlet",
        "TestGood::test_an_example_line_stays_in_documents_of_other_outlets",
        "TestGood::test_a_counterexample_stays",
        "TestGood::test_the_outlet_is_named",
        "TestGood::test_other_outlets_are_not_named",
        "TestGood::test_a_document_cleans_to_what_the_plugin_says",
        "TestGood::test_the_pipeline_keeps_its_contracts_on_news",
    }


def test_a_broken_promise_fails_the_test_that_checks_it(outcomes):
    assert outcomes["TestBad::test_rules_keep_their_promises_and_run_in_linear_time"] == "FAILED"
    assert outcomes["TestBad::test_a_counterexample_stays"] == "FAILED"
    assert outcomes["TestBad::test_other_outlets_are_not_named"] == "FAILED"
    assert outcomes["TestBad::test_a_document_cleans_to_what_the_plugin_says"] == "FAILED"
    assert outcomes["TestBad::test_the_outlet_is_named"] == "PASSED"


def test_a_step_that_does_not_settle_fails_its_contracts(outcomes):
    assert outcomes["TestUnstable::test_each_step_keeps_its_contracts_on_its_own"] == "FAILED"
    assert outcomes["TestUnstable::test_the_pipeline_keeps_its_contracts_on_news"] == "FAILED"
    # A plugin without rules or data has no rule or outlet tests, rather than skipped ones.
    assert not any(test.startswith("TestUnstable::") and outcome == "SKIPPED"
                   for test, outcome in outcomes.items())
    assert "TestUnstable::test_a_counterexample_stays" not in outcomes


def test_the_outlet_packages_tests_are_the_suite_and_share_no_code():
    plugins = Path(__file__).resolve().parent.parent / "plugins"
    for folder in sorted(plugins.glob("textclean-*")):
        tests = sorted((folder / "tests").glob("test_*.py"))
        main = folder / "tests" / f"test_{folder.name.removeprefix('textclean-')}.py"
        assert main in tests
        body = ast.parse(main.read_text(encoding="utf-8")).body
        statements = [n for n in body[1:] if not isinstance(n, ast.Import | ast.ImportFrom)]
        [suite] = statements
        assert isinstance(suite, ast.Assign) and ast.unparse(suite.value).startswith(
            "plugin_suite("), folder.name

"""Building and running pipelines: collection, validation, order, accountability, pickling."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import pytest

import textclean
from textclean import Config, Document, Pipeline, PluginError, StepError


def plugin_file(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / f"{name}.py"
    header = textwrap.dedent("""
        from dataclasses import dataclass
        from textclean import Edit, Rule, AliasGroup, Stage, Step, hookimpl
    """)
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return str(path)


TOY_STEPS = """
@dataclass(frozen=True)
class Upper(Step):
    name = "upper"
    stage = Stage.COLLAPSE
    order = 5
    def __call__(self, doc, ctx):
        new = doc.text.upper()
        if new == doc.text:
            return doc
        return doc.revise(new, Edit("toy.upper", before=doc.text, after=new))

@dataclass(frozen=True)
class Marker(Step):
    name = "marker"
    stage = Stage.REPAIR
    order = 50
    suffix: str = "!"
    def __call__(self, doc, ctx):
        if doc.text.endswith(self.suffix):
            return doc
        return doc.revise(doc.text + self.suffix, Edit("toy.marker", before="", after=self.suffix))

@hookimpl
def textclean_steps():
    return [Upper, Marker]
"""


def test_steps_sort_by_stage_order_and_name_not_by_registration(tmp_path):
    pipeline = Pipeline(plugins=[plugin_file(tmp_path, "toys", TOY_STEPS)])
    names = [step.name for step in pipeline.steps]
    assert names.index("marker") < names.index("upper") < names.index("whitespace")
    stages = [step.stage for step in pipeline.steps]
    assert stages == sorted(stages)


def test_config_order_moves_a_step_within_its_stage(tmp_path):
    path = tmp_path / "textclean.toml"
    path.write_text(f'plugins = ["{plugin_file(tmp_path, "toys", TOY_STEPS)}"]\n'
                    "[steps.marker]\norder = -1\nsuffix = '?'\n", encoding="utf-8")
    pipeline = Pipeline(path)
    marker = next(step for step in pipeline.steps if step.name == "marker")
    assert marker.suffix == "?"
    described = {s["name"]: s for p in pipeline.describe() for s in p["steps"]}
    assert described["marker"]["order"] == -1


def test_edits_are_stamped_with_the_step_that_made_them(tmp_path):
    pipeline = Pipeline(plugins=[plugin_file(tmp_path, "toys", TOY_STEPS)])
    doc = pipeline("abc")
    assert doc.text == "ABC!\n"
    assert [(e.step, e.rule) for e in doc.edits] == [
        ("marker", "toy.marker"), ("upper", "toy.upper"), ("whitespace", "whitespace.final-newline")
    ]


def test_only_runs_the_named_steps(tmp_path):
    toys = plugin_file(tmp_path, "toys", TOY_STEPS)
    pipeline = Pipeline(only=["upper"], plugins=[toys])
    assert [s.name for s in pipeline.steps] == ["upper"]
    assert pipeline("abc").text == "ABC"
    skipped = Pipeline(skip="upper,marker", plugins=[toys])
    assert {s.name for s in skipped.steps}.isdisjoint({"upper", "marker"})
    assert len(skipped.steps) == len(Pipeline().steps)


def test_disable_switches_off_a_step_or_a_plugin(tmp_path):
    toys = plugin_file(tmp_path, "toys", TOY_STEPS)
    without_upper = Pipeline(Config(disable=("upper",)), plugins=[toys])
    assert "upper" not in {s.name for s in without_upper.steps}
    assert "whitespace" not in {s.name for s in Pipeline(Config(disable=("whitespace",))).steps}


def test_pipeline_accepts_documents_and_keeps_their_meta():
    doc = Pipeline()(Document("a"), url="https://www.rt.com/news/1", source="x/a.txt")
    assert doc.meta.url == "https://www.rt.com/news/1"
    assert doc.meta.source == "x/a.txt"
    with pytest.raises(TypeError):
        Pipeline()(b"bytes")  # type: ignore[arg-type]


def test_a_step_changing_text_without_an_edit_is_an_error(tmp_path):
    sneaky = plugin_file(tmp_path, "sneaky", """
@dataclass(frozen=True)
class Sneaky(Step):
    name = "sneaky"
    stage = Stage.REMOVE
    def __call__(self, doc, ctx):
        return doc.revise(doc.text.replace("secret", ""))

@hookimpl
def textclean_steps():
    return [Sneaky]
""")
    with pytest.raises(StepError, match="step 'sneaky' .plugin 'sneaky'. failed: changed the text "
                                        "without recording an edit"):
        Pipeline(plugins=[sneaky])("a secret word")


def test_a_step_that_raises_fails_with_its_name_and_plugin(tmp_path):
    broken = plugin_file(tmp_path, "broken", """
@dataclass(frozen=True)
class Broken(Step):
    name = "broken"
    stage = Stage.REMOVE
    def __call__(self, doc, ctx):
        raise ZeroDivisionError("boom")

@hookimpl
def textclean_steps():
    return [Broken]
""")
    with pytest.raises(StepError) as info:
        Pipeline(plugins=[broken])("text")
    assert (info.value.step, info.value.plugin) == ("broken", "broken")
    assert "ZeroDivisionError: boom" in str(info.value)
    assert pickle.loads(pickle.dumps(info.value)).step == "broken"


def test_duplicate_step_names_name_both_plugins(tmp_path):
    first = plugin_file(tmp_path, "first", TOY_STEPS)
    second = plugin_file(tmp_path, "second", TOY_STEPS)
    with pytest.raises(PluginError, match="step 'upper' is contributed by both plugin 'first' "
                                          "and plugin 'second'"):
        Pipeline(plugins=[first, second])


def test_duplicate_rule_ids_name_both_plugins(tmp_path):
    body = """
@hookimpl
def textclean_rules():
    return [Rule("toy.lone-x", r"x")]
"""
    with pytest.raises(PluginError, match="rule 'toy.lone-x' is contributed by both plugin 'r1' "
                                          "and plugin 'r2'"):
        Pipeline(plugins=[plugin_file(tmp_path, "r1", body), plugin_file(tmp_path, "r2", body)])


def test_a_misspelt_hook_is_an_error(tmp_path):
    typo = plugin_file(tmp_path, "typo", """
@hookimpl
def textclean_step():
    return []
""")
    with pytest.raises(PluginError, match="plugin 'typo'.*textclean_step"):
        Pipeline(plugins=[typo])


def test_a_plugin_that_fails_to_import_is_named(tmp_path):
    bad = plugin_file(tmp_path, "badimport", "import does_not_exist_anywhere\n")
    with pytest.raises(PluginError, match="plugin '.*badimport.py' failed to load: "
                                          "ModuleNotFoundError"):
        Pipeline(plugins=[bad])
    with pytest.raises(PluginError, match="plugin 'no_such_module_x' failed to load"):
        Pipeline(plugins=["no_such_module_x"])


def test_a_hook_returning_the_wrong_thing_is_an_error(tmp_path):
    wrong = plugin_file(tmp_path, "wrong", """
@hookimpl
def textclean_rules():
    return ["not a rule"]
""")
    with pytest.raises(PluginError, match="'wrong': textclean_rules.. returned 'not a rule'"):
        Pipeline(plugins=[wrong])


def test_pipelines_pickle_without_a_plugin_manager_and_give_the_same_output(tmp_path):
    pipeline = Pipeline(plugins=[plugin_file(tmp_path, "toys", TOY_STEPS)])
    blob = pickle.dumps(pipeline)
    assert b"PluginManager" not in blob
    copy = pickle.loads(blob)
    text = "Some text\r\n\r\n\r\nmore  "
    assert copy(text) == pipeline(text)
    assert copy.fingerprint == pipeline.fingerprint


def test_the_fingerprint_follows_the_configuration():
    plain = Pipeline()
    assert plain.fingerprint == Pipeline().fingerprint
    assert plain.fingerprint != Pipeline(Config(disable=("whitespace",))).fingerprint


def test_outlet_comes_from_explicit_then_config_then_plugins_then_domain(tmp_path):
    detector = plugin_file(tmp_path, "detector", """
@hookimpl
def textclean_outlet(doc):
    return "detected" if doc.meta.url and "example.org" in doc.meta.url else None
""")
    cfg = Config(outlets=(("mapped", ("mapped.com", "feeds/mapped/**")),))
    pipeline = Pipeline(cfg, plugins=[detector])
    assert pipeline("x", url="https://mapped.com/a", outlet="given").meta.outlet == "given"
    doc = pipeline("x", url="https://news.mapped.com/a")
    assert (doc.meta.outlet, doc.meta.outlet_from) == ("mapped", "config")
    assert pipeline("x", source="feeds/mapped/2015/a.txt").meta.outlet == "mapped"
    doc = pipeline("x", url="https://www.example.org/a")
    assert (doc.meta.outlet, doc.meta.outlet_from) == ("detected", "plugin:detector")
    doc = pipeline("x", url="https://www.bbc.co.uk/news/1")
    assert (doc.meta.outlet, doc.meta.outlet_from) == ("bbc.co.uk", "url")
    assert pipeline("x").meta.outlet is None


def test_clean_and_process_are_the_default_pipeline():
    assert textclean.clean("a  \r\n\r\n\r\nb") == "a\n\nb\n"
    doc = textclean.process("a", url="https://www.bbc.co.uk/x", source="s.txt")
    assert (doc.text, doc.meta.url, doc.meta.source) == ("a\n", "https://www.bbc.co.uk/x", "s.txt")
    assert doc.meta.outlet == "bbc.co.uk"


def test_clean_accepts_a_config_path(tmp_path):
    path = tmp_path / "textclean.toml"
    path.write_text('disable = ["whitespace"]\n', encoding="utf-8")
    assert textclean.clean("a  ", config=path) == "a  "


# -- layers and resources ---------------------------------------------------------------------

def test_a_plugin_step_with_the_name_of_a_builtin_one_replaces_it(tmp_path):
    own = plugin_file(tmp_path, "own_whitespace", """
@dataclass(frozen=True)
class Whitespace(Step):
    name = "whitespace"
    stage = Stage.TIDY
    def __call__(self, doc, ctx):
        return doc

@hookimpl
def textclean_steps():
    return [Whitespace]
""")
    pipeline = Pipeline(plugins=[own])
    assert pipeline.plugin_of("whitespace") == "own_whitespace"
    assert pipeline("a  ").text == "a  "
    [row] = [p for p in pipeline.describe() if p["name"] == "own_whitespace"]
    assert row["overrides"] == [{"kind": "step", "id": "whitespace", "replaces": "whitespace",
                                 "of": "whitespace", "layer": "builtin"}]


def test_a_rules_file_of_the_configuration_replaces_a_plugin_rule_of_the_same_id(tmp_path):
    (tmp_path / "mine.toml").write_text(
        '[[rules]]\nid = "generic.read-more"\npattern = "Read more"\n', encoding="utf-8")
    pipeline = Pipeline(Config(rules=(str(tmp_path / "mine.toml"),)), only=["boilerplate"])
    assert pipeline("A.\nREAD MORE: x\nRead more\n").text == "A.\nREAD MORE: x\n"
    assert pipeline.context.rules.plugin_of["generic.read-more"] == "config"
    ids = [r.id for r in pipeline.context.rules.rules]
    assert ids.index("generic.read-more") == [r.id for r in Pipeline().context.rules.rules].index(
        "generic.read-more")


RESOURCES = """
import re

@dataclass(frozen=True)
class Tagger(Step):
    name = "tagger"
    stage = Stage.REMOVE
    words: tuple = ("alpha", "beta")
    def provide(self, ctx):
        return {"tagger.words": re.compile("|".join(self.words))}
    def __call__(self, doc, ctx):
        return doc

@dataclass(frozen=True)
class Counter(Step):
    name = "counter"
    stage = Stage.DESCRIBE
    def __call__(self, doc, ctx):
        found = len(ctx.resource("tagger.words").findall(doc.text))
        return doc if doc.meta.extra.get("counter") == found else doc.revise(
            extra={**doc.meta.extra, "counter": found})

@hookimpl
def textclean_steps():
    return [Tagger, Counter]
"""


def test_a_step_provides_a_resource_once_per_pipeline_and_steps_share_it(tmp_path):
    path = tmp_path / "textclean.toml"
    path.write_text(f'plugins = ["{plugin_file(tmp_path, "tags", RESOURCES)}"]\n'
                    '[steps.tagger]\nwords = ["gamma"]\n', encoding="utf-8")
    pipeline = Pipeline(path)
    assert pipeline.context.resources["tagger.words"].pattern == "gamma"
    assert pipeline("gamma alpha gamma").meta.extra["counter"] == 2
    copy = pickle.loads(pickle.dumps(pipeline))
    assert copy("gamma").meta.extra["counter"] == 1


def test_a_missing_or_doubly_provided_resource_is_a_one_line_error(tmp_path):
    tags = plugin_file(tmp_path, "tags", RESOURCES)
    with pytest.raises(StepError, match="no step of this pipeline provides the resource "
                                        "'tagger.words'"):
        Pipeline(plugins=[tags], skip=["tagger"])("alpha")
    twice = plugin_file(tmp_path, "twice", """
@dataclass(frozen=True)
class Again(Step):
    name = "again"
    stage = Stage.TIDY
    def provide(self, ctx):
        return {"tagger.words": None}
    def __call__(self, doc, ctx):
        return doc

@hookimpl
def textclean_steps():
    return [Again]
""")
    with pytest.raises(PluginError, match="resource 'tagger.words' is provided both by plugin "
                                          "'tags': step 'tagger' and by plugin 'twice': step "
                                          "'again'"):
        Pipeline(plugins=[tags, twice])


def test_a_data_plugin_named_in_the_config_works_and_its_file_is_in_the_fingerprint(
    tmp_path, monkeypatch
):
    package = tmp_path / "textclean_localdata"
    package.mkdir()
    data = package / "plugin.toml"
    data.write_text('[outlet]\nname = "local"\ndomains = ["local-news.org"]\n'
                    '[[rules]]\nid = "local.footer"\noutlets = ["local"]\n'
                    'pattern = "Local footer"\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = Pipeline(plugins=["textclean_localdata"])
    doc = first("Body.\nLocal footer\n", url="https://www.local-news.org/1")
    assert (doc.text, doc.meta.outlet_from) == ("Body.\n", "plugin:textclean_localdata")
    data.write_text(data.read_text(encoding="utf-8").replace("Local footer", "Local footnote"),
                    encoding="utf-8")
    second = Pipeline(plugins=["textclean_localdata"])
    assert second.fingerprint != first.fingerprint
    assert second("Local footer\n", outlet="local").text == "Local footer\n"

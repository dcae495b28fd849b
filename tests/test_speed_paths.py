"""The fast paths give what the slow ones gave: start-up that loads only what a command needs,
edits stamped without ``dataclasses.replace``, a settle round that asks a line step only about
new lines, a run profile that changes nothing it writes, and outputs written through the
writer's own temporaries. No test here measures time: ``benchmarks/harness.py`` does."""

from __future__ import annotations

import dataclasses
import json
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textclean import Document, Edit, Pipeline
from textclean.cli import app
from textclean.document import removals, stamped
from textclean.errors import RuleError
from textclean.io import TEMP_PREFIX, OutputWriter
from textclean.rules import Rule, deferred_patterns
from textclean.runner import FILE_WORK, PIPELINE_OVERHEAD, RunOptions, run_tree

ROOT = Path(__file__).resolve().parent.parent


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )
    return set(done.stdout.split())


# -- start-up ---------------------------------------------------------------------------------

def test_the_version_command_loads_neither_the_pipeline_nor_rich():
    modules = _modules_after(
        "import sys\nfrom textclean.cli import main\nsys.argv = ['textclean', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    for heavy in ("textclean.pipeline", "textclean.aliases", "textclean.learn",
                  "textclean.discover", "textclean.runner", "rich.table", "rich.progress",
                  "ftfy", "pluggy"):
        assert heavy not in modules, heavy


def test_import_textclean_loads_its_names_on_first_use():
    modules = _modules_after("import textclean")
    assert "textclean.pipeline" not in modules
    assert "textclean.aliases" not in modules
    import textclean
    from textclean.pipeline import Pipeline as Loaded

    assert textclean.Pipeline is Loaded
    namespace: dict[str, object] = {}
    exec("from textclean import *", namespace)
    assert set(textclean.__all__) <= set(namespace)
    with pytest.raises(AttributeError):
        textclean.no_such_name  # noqa: B018


def test_builtin_rules_compile_on_first_use_and_others_at_once():
    with deferred_patterns():
        lazy = Rule("test.lazy", r"Share( this)?")
        broken = Rule("test.broken", "(")
    assert "compiled" not in vars(lazy)
    assert lazy.matches("Share this")
    assert "compiled" in vars(lazy)
    with pytest.raises(RuleError, match="test.broken"):
        broken.matches("(")
    with pytest.raises(RuleError, match="invalid pattern"):
        Rule("test.eager", "(")


# -- edits ------------------------------------------------------------------------------------

@pytest.mark.parametrize("edit", [
    Edit("aliases.x", "Sergey", "Sergei", 3),
    Edit("encoding.mojibake", "cafÃ©", "café", 0, note="why"),
    Edit("headlines.repeated-line", "Title", "", 9, step="other"),
])
def test_stamping_gives_what_dataclasses_replace_gives(edit):
    fast = stamped(edit, "aliases")
    assert fast == dataclasses.replace(edit, step="aliases")
    assert type(fast) is Edit
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.step = "x"  # type: ignore[misc]


def test_an_edit_already_stamped_is_kept_and_a_subclass_stays_one():
    edit = Edit("aliases.x", "a", "b", 1, step="aliases")
    assert stamped(edit, "aliases") is edit

    @dataclasses.dataclass(frozen=True, slots=True)
    class Special(Edit):
        extra: str = ""

    special = stamped(Special("r.x", "a", "b", extra="kept"), "step")
    assert isinstance(special, Special) and special.extra == "kept" and special.step == "step"


def test_removal_edits_built_in_c_equal_edits_built_one_by_one():
    rules, befores, lines = ["pagetext.short: 9 chars", "pagetext.date"], ["Home", "May 3"], [1, 7]
    built = removals(rules, befores, lines)
    assert built == [Edit(r, b, "", n) for r, b, n in zip(rules, befores, lines, strict=True)]
    assert all(type(edit) is Edit for edit in built)
    assert hash(built[0]) == hash(Edit(rules[0], befores[0], "", 1))
    assert pickle.loads(pickle.dumps(built)) == built
    assert removals([], [], []) == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        built[0].rule = "x"  # type: ignore[misc]


# -- the settle round -------------------------------------------------------------------------

LINE_STEP = """
from dataclasses import dataclass
from textclean import Edit, Stage, Step, hookimpl

ASKED = []

@dataclass(frozen=True)
class DropMarked(Step):
    name = "dropmarked"
    stage = Stage.REMOVE
    order = 50
    reads = "lines"

    def __call__(self, doc, ctx):
        ASKED.append(doc.text)
        lines = doc.text.split("\\n")
        kept = [line for line in lines if line != "Islamic State marker line"]
        if len(kept) == len(lines):
            return doc
        edits = [Edit("dropmarked.line", before=line, line=number)
                 for number, line in enumerate(lines, 1) if line == "Islamic State marker line"]
        return doc.revise("\\n".join(kept), *edits)

@hookimpl
def textclean_steps():
    return (DropMarked,)
"""


@pytest.fixture
def line_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "dropmarked_plugin.py").write_text(textwrap.dedent(LINE_STEP), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import dropmarked_plugin

    dropmarked_plugin.ASKED.clear()
    yield dropmarked_plugin
    sys.modules.pop("dropmarked_plugin", None)


def test_a_line_step_is_asked_again_only_about_new_lines(line_step):
    pipeline = Pipeline(plugins=["dropmarked_plugin"])
    text = ("Sergey Lavrov said so on Tuesday in Moscow.\n\nA line that stays as it is.\n"
            "ISIS marker line\n\nAnother line that stays.\n")
    result = pipeline(text)
    # the first run sees the whole document; after aliases rewrote two lines, the step is
    # asked about those two alone, and the second makes it remove one
    assert "A line that stays as it is." in line_step.ASKED[0]
    second = line_step.ASKED[1]
    assert "A line that stays as it is." not in second
    assert "Islamic State marker line" in second and "Sergei Lavrov said so" in second
    assert "Islamic State marker line" not in result.text
    assert [e.rule for e in result.edits if e.step == "dropmarked"] == ["dropmarked.line"]


def test_asking_about_new_lines_gives_the_text_a_full_rerun_gives(line_step):
    pipeline = Pipeline(plugins=["dropmarked_plugin"])
    texts = ["ISIS marker line\n\nSergey Lavrov\n", "Nothing to do here.\n",
             "Islamic State marker line\nISIS marker line\nISIS marker line\n",
             "ISIS marker lineISIS marker line\n\nBody.\n"]
    for text in texts:
        # explain turns the question off: every rerun is a full one
        assert pipeline(text).text == pipeline(text, explain=True).text


def test_timings_name_every_step_and_change_nothing():
    pipeline = Pipeline()
    text = "Sergey LavrovSergey Lavrov\n\nShare\n\nBody text about ISIS fighters.\n"
    timings: dict[str, float] = {}
    assert pipeline(text, timings=timings) == pipeline(text)
    assert set(timings) == {step.name for step in pipeline.steps}
    assert not [name for name, spent in timings.items() if not spent >= 0.0]


def test_warm_up_changes_no_output_and_survives_a_failing_step(tmp_path):
    pipeline = Pipeline()
    text = "Sergey Lavrov said.\n\nShare\n"
    before = pipeline(text)
    pipeline.warm_up()
    assert pipeline(text) == before
    plugin = tmp_path / "breaks_on_sample.py"
    plugin.write_text(textwrap.dedent("""
        from dataclasses import dataclass
        from textclean import Stage, Step, hookimpl

        @dataclass(frozen=True)
        class Breaks(Step):
            name = "breaks"
            stage = Stage.TIDY
            order = 900

            def __call__(self, doc, ctx):
                if "Warm-up" in doc.text:
                    raise ValueError("no")
                return doc

        @hookimpl
        def textclean_steps():
            return (Breaks,)
    """), encoding="utf-8")
    Pipeline(plugins=[str(plugin)]).warm_up()


# -- runs -------------------------------------------------------------------------------------

def _tree(root: Path) -> Path:
    source = root / "in"
    for index in range(12):
        folder = source / f"f{index % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index}.txt").write_text(
            f"Headline {index} About Sergey Lavrov\n\nISIS fighters said so. Share\n\nShare\n",
            encoding="utf-8")
    return source


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_profiled_run_writes_what_a_plain_run_writes(tmp_path, jobs):
    source = _tree(tmp_path)
    pipeline = Pipeline()
    plain = run_tree(pipeline, source, tmp_path / "plain", RunOptions(jobs=jobs))
    profiled = run_tree(pipeline, source, tmp_path / "profiled",
                        RunOptions(jobs=jobs, profile=True))
    assert not plain.step_seconds
    names = {name for name, _, _ in profiled.profile()}
    assert {step.name for step in pipeline.steps} | {PIPELINE_OVERHEAD, FILE_WORK} == names
    assert profiled.profiled_bytes == plain.bytes_in
    for path in sorted((tmp_path / "plain").rglob("*.txt")):
        twin = tmp_path / "profiled" / path.relative_to(tmp_path / "plain")
        assert twin.read_bytes() == path.read_bytes()
    records = [json.loads(line) for line in
               (tmp_path / "profiled" / "manifest.jsonl").read_text().splitlines()]
    assert len(records) == 12 and all(r["status"] == "ok" for r in records)


def test_the_run_command_prints_the_profile(tmp_path):
    source = _tree(tmp_path)
    result = CliRunner().invoke(app, ["run", str(source), "-o", str(tmp_path / "out"),
                                      "--profile"])
    assert result.exit_code == 0, result.output
    assert "profile: seconds per step" in result.output
    assert "aliases" in result.output and "MB/s" in result.output


def test_the_writer_leaves_no_temporary_and_remakes_a_folder_that_went(tmp_path):
    writer = OutputWriter(tmp_path, 0o644)
    writer.write("a/b/one.txt", b"1")
    writer.write("a/b/two.txt", [b"2", b"2"])
    writer.write("top.txt", b"top")
    (tmp_path / "a" / "b" / "one.txt").unlink()
    (tmp_path / "a" / "b" / "two.txt").unlink()
    (tmp_path / "a" / "b").rmdir()
    writer.write("a/b/three.txt", b"3")
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert names == ["a", "a/b", "a/b/three.txt", "top.txt"]
    assert not any(name.startswith(TEMP_PREFIX) for name in names)
    assert (tmp_path / "a" / "b" / "three.txt").stat().st_mode & 0o777 == 0o644


def test_a_document_is_a_document_again_after_the_round():
    # the pipeline hands back Documents only, with every edit stamped with its step
    doc = Pipeline()(Document("Sergey Lavrov\n\nShare\n"))
    assert all(edit.step for edit in doc.edits)


# -- alias context ----------------------------------------------------------------------------

def test_the_naming_hint_asks_the_pattern_where_lower_case_differs_from_ignoring_case():
    import re

    from textclean import alias_context

    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    letters = set(re.compile("(?i)[a-z]").findall(every)) - set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    differing = {c for c in letters if len(c.lower()) != 1 or not c.lower().isascii()}
    assert differing == set(alias_context._CASE_ONLY_IN_PATTERNS)
    for tail in ("formerly known as ", "ALSO ", "a.k.a ", "the KNOWN", "(", "aIso",
                 "\u017fo also", "al\u017fo ", "\u0130S once", "\u212anown as ", "“dubbed ",
                 "plain words here ", "r\u0131ght", "ONCE", "on\u0441e"):
        assert alias_context._naming_hint(tail) == (
            alias_context._NAMING_HINT.search(tail) is not None), tail


def test_line_steps_asked_about_the_same_two_texts_share_one_probe():
    from textclean.pipeline import _Probes

    probes = _Probes()
    last = "Kept line.\nOld line.\n"
    doc = Document("Kept line.\nNew line b.\nNew line a.\n")
    probe = probes.probe_of(last, doc)
    assert probe is not None and probe.text == "New line a.\nNew line b."
    assert probes.probe_of(last, doc) is probe  # the next line step gets the same document
    assert probes.probe_of(doc.text, doc) is None  # no new line: nothing to ask
    other = Document(doc.text, dataclasses.replace(doc.meta, outlet="rt"))
    assert probes.probe_of(last, other).meta.outlet == "rt"  # the metadata is the document's


def test_headlines_asks_only_a_line_that_comes_back_whether_it_reads_as_prose(monkeypatch):
    import textclean.steps.headlines as headlines

    asked: list[str] = []
    real = headlines.reads_as_prose

    def recording(key: str) -> bool:
        asked.append(key)
        return real(key)

    monkeypatch.setattr(headlines, "reads_as_prose", recording)
    copy = "A paragraph that the scraper printed twice, word for word."
    text = "\n".join([copy, "Another paragraph of the article, printed only once here.",
                      "A third paragraph, long enough to count as one, also once.", copy])
    result = Pipeline(only=["headlines"])(text)
    assert asked == [copy]
    assert result.text.count(copy) == 1

"""The boilerplate step: whole lines named by a rule go, every other line stays, each removal is
an edit; the shipped rules keep their examples and counterexamples; the rule docs render."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textclean import Config, Document, Meta, Pipeline, Rule, RuleError, Stage, StepError
from textclean.aliases import AliasTable
from textclean.linematch import max_match_length
from textclean.ruledocs import rule_markdown, rules_markdown, rules_table
from textclean.rules import RuleBook, load_rules
from textclean.step import Context
from textclean.steps.boilerplate import Boilerplate, generic_rules

PLUGIN = "textclean.steps.boilerplate"
PIPELINE = Pipeline(only=["boilerplate"], plugins=[PLUGIN])
SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds"
TOML = Path(__file__).resolve().parent.parent / "textclean" / "data" / "boilerplate.toml"
RULES = load_rules(TOML)


def clean(text: str, *, outlet: str | None = None, ctx: Context | None = None) -> Document:
    return Boilerplate()(Document(text, Meta(outlet=outlet)), ctx or PIPELINE.context)


def context(*rules: Rule, timeout: float | None = None) -> Context:
    return Context(rules=RuleBook(rules=rules, timeout=timeout), aliases=AliasTable())


# -- the shipped rules --------------------------------------------------------------------------

EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.id}-{index}")
    for rule in RULES for index, example in enumerate(rule.examples)
]
COUNTEREXAMPLES = [
    pytest.param(rule, sentence, id=f"{rule.id}-{index}")
    for rule in RULES for index, sentence in enumerate(rule.counterexamples)
]


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_every_example_matches_its_rule_and_the_step_removes_it(rule, example):
    assert rule.matches(example)
    doc = clean(f"Before.\n{example}\nAfter.\n")
    assert doc.text == "Before.\nAfter.\n"
    assert [(e.rule, e.line) for e in doc.edits] == [(rule.id, 2)]


@pytest.mark.parametrize(("rule", "sentence"), COUNTEREXAMPLES)
def test_no_counterexample_matches_and_the_step_keeps_it(rule, sentence):
    assert not rule.matches(sentence)
    doc = Document(f"Before.\n{sentence}\nAfter.\n")
    assert Boilerplate()(doc, PIPELINE.context) is doc


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_is_generic_documented_and_shown_both_ways(rule):
    assert rule.id.startswith("generic.")
    assert rule.outlets is None
    assert rule.description
    assert rule.examples and rule.counterexamples


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_has_a_length_bound_so_long_lines_skip_it(rule):
    width = max_match_length(rule.pattern)
    assert width is not None and width <= 500
    assert all(len(example) <= width for example in rule.examples)


#: A pattern that backtracks catastrophically never finishes on a near miss of a few hundred
#: characters (its work multiplies with each one), while a sound rule answers in microseconds:
#: a guard this far above both tells them apart on any machine, however loaded. How long the
#: rules really take is measured by ``benchmarks/linear.py --rules``.
BACKTRACK_GUARD = 2.0


def near_misses(rule: Rule) -> list[str]:
    """Lines built from a rule's own examples, repeated up to its length bound: the inputs most
    likely to make a pattern backtrack."""
    width = max_match_length(rule.pattern)
    return [(joiner.join([piece] * (width // max(len(piece), 1) + 1)))[:width] + "!"
            for piece in (*rule.examples, *rule.counterexamples)
            for joiner in (" ", "/", " | ", "")]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_gives_an_answer_on_repeated_near_misses(rule):
    for line in near_misses(rule):
        try:
            rule.matches(line, timeout=BACKTRACK_GUARD)
        except TimeoutError:
            pytest.fail(f"{rule.id} backtracks catastrophically on {line[:60]!r}...")


def test_rule_ids_are_unique():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))


def test_the_plugin_contributes_the_step_and_the_rules():
    assert [step.name for step in PIPELINE.steps] == ["boilerplate"]
    assert Boilerplate.stage is Stage.REMOVE
    book = PIPELINE.context.rules
    assert set(RULES) <= set(book.rules)
    assert {book.plugin_of[rule.id] for rule in RULES} <= {PLUGIN, "boilerplate"}
    assert generic_rules() == RULES


# -- the seeds ----------------------------------------------------------------------------------

SEED_REMOVALS = {
    "000_ca9c1118ffa9e26f.txt": [
        (5, "generic.read-more",
         "READ MORE: ISIS claims full control of Ramadi after Iraqi troops abandon positions "
         "(VIDEO)"),
        (13, "generic.read-more",
         "READ MORE: ISIS fighters enter ruins of ancient Palmyra after taking full control of "
         "city - reports"),
        (18, "generic.read-more",
         "READ MORE: Disturbing footage of ISIS punishing own fighters for smoking"),
    ],
    "001_5fb19082c0f39545.txt": [],
    "002_579868386fe43ed7.txt": [(27, "generic.original-url", "Original url:")],
    "003_b94d6a4dc8d9293a.txt": [
        (31, "generic.in-other-news", "In Other News"),
        (32, "generic.load-more", "Load More"),
    ],
    "004_25c2772c34d9ed79.txt": [
        (1, "generic.share-widget", "Share"),
        (7, "generic.advertisement", "Advertisement"),
        (37, "generic.advertisement", "Advertisement"),
    ],
}


def test_every_seed_has_its_expected_removals():
    assert sorted(path.name for path in SEEDS.glob("*.txt")) == sorted(SEED_REMOVALS)


@pytest.mark.parametrize(("name", "removals"), SEED_REMOVALS.items())
def test_seed_loses_exactly_its_boilerplate_lines(name, removals):
    text = (SEEDS / name).read_text(encoding="utf-8")
    doc = clean(text)
    assert [(e.line, e.rule, e.before) for e in doc.edits] == removals
    assert all(e.after == "" for e in doc.edits)
    removed = {line for line, _, _ in removals}
    lines = text.split("\n")
    assert doc.text == "\n".join(line for n, line in enumerate(lines, 1) if n not in removed)


def test_a_caption_glued_to_a_credit_is_kept():
    line = "GETTY*IGThe ruthless Russian leader said Russia will'immediately destroy any target"
    assert clean(line + "\n").edits == ()


# -- the step -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("Share", ""),
        ("Share\n", ""),
        ("a\nShare", "a"),
        ("a\nShare\n", "a\n"),
        ("Share\na\n", "a\n"),
        ("a\n\nAdvertisement\n\nb\n", "a\n\n\nb\n"),
        ("a\r\nShare\r\nb\r\n", "a\r\nb\r\n"),
        ("  Share  \n\tAdvertisement\t\na\n", "a\n"),
        (" " * 1000 + "\nShare\n", " " * 1000 + "\n"),
        ("\t" * 300 + "Share" + " " * 300, ""),
        ("Share prices fell 3% on Monday.\n", "Share prices fell 3% on Monday.\n"),
    ],
)
def test_whole_lines_go_with_their_line_break_and_blank_lines_stay(text, expected):
    assert clean(text).text == expected


def test_an_edit_holds_the_whole_original_line_and_its_number():
    doc = clean("Title\n\n  Share  \r\nBody.\n")
    assert [e.to_dict() for e in doc.edits] == [
        {"step": "", "rule": "generic.share-widget", "before": "  Share  \r", "after": "",
         "line": 3}
    ]


def test_a_document_without_boilerplate_is_returned_itself():
    doc = Document("Moscow and Baghdad have been expanding military cooperation.\n")
    assert Boilerplate()(doc, PIPELINE.context) is doc


def test_the_step_only_uses_rules_from_the_context():
    assert Boilerplate()(Document("Share\n"), context()).text == "Share\n"


def test_a_disabled_rule_is_not_applied():
    pipeline = Pipeline(Config(disable=("generic.share-widget",)), only=["boilerplate"],
                        plugins=[PLUGIN])
    doc = Boilerplate()(Document("Share\nAdvertisement\n"), pipeline.context)
    assert doc.text == "Share\n"


def test_rules_from_a_config_file_apply(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[rules]]\nid = "local.footer"\npattern = "(?i)this article first appeared on .{1,40}"\n',
        encoding="utf-8",
    )
    pipeline = Pipeline(Config(rules=(str(rules),)), only=["boilerplate"], plugins=[PLUGIN])
    doc = Boilerplate()(Document("Body.\nThis article first appeared on Example.\n"),
                        pipeline.context)
    assert doc.text == "Body.\n"
    assert [e.rule for e in doc.edits] == ["local.footer"]


@pytest.mark.parametrize(("outlet", "removed"), [("express.co.uk", True), ("rt", False),
                                                 (None, False)])
def test_an_outlet_rule_applies_only_to_its_outlet(outlet, removed):
    rule = Rule("express.caption-credit", r"GETTY\*IG", outlets=("express.co.uk",))
    doc = clean("GETTY*IG\n", outlet=outlet, ctx=context(rule))
    assert (doc.text == "") is removed


def test_the_first_matching_rule_in_book_order_names_the_edit():
    first = Rule("a.first", "Share")
    second = Rule("b.second", "(?i)share")
    doc = clean("Share\n", ctx=context(first, second))
    assert [e.rule for e in doc.edits] == ["a.first"]


def test_a_rule_without_a_length_bound_still_sees_long_lines():
    rule = Rule("example.unbounded", r"-+")
    doc = clean("-" * 5000 + "\nText.\n", ctx=context(rule))
    assert doc.text == "Text.\n"


def test_a_rule_from_elsewhere_runs_under_the_rule_book_timeout():
    rule = Rule("example.catastrophic", r"(?:a|aa)+b")
    with pytest.raises(RuleError, match=r"rule 'example.catastrophic' .* backtracks too much"):
        clean("a" * 60 + "\n", ctx=context(rule, timeout=0.01))


def test_a_catastrophic_plugin_rule_fails_one_document_naming_the_rule(tmp_path):
    plugin = tmp_path / "slowrule.py"
    plugin.write_text(
        "from textclean import Rule, hookimpl\n"
        "@hookimpl\n"
        "def textclean_rules():\n"
        "    return [Rule('slow.catastrophic', r'(?:a|aa)+b')]\n"
    )
    pipeline = Pipeline(plugins=[str(plugin)])
    object.__setattr__(pipeline.context.rules, "timeout", 0.05)
    with pytest.raises(StepError, match=r"rule 'slow.catastrophic' .plugin 'slowrule'."):
        pipeline("a" * 80 + "\n")
    assert pipeline("fine\n").text == "fine\n"


def test_plugin_rules_share_one_time_budget_per_document(tmp_path):
    # Each line stays far under the budget alone; together they would take many times it.
    # The budget fires once the document has used it up, long before the last line.
    plugin = tmp_path / "slowlines.py"
    plugin.write_text(
        "from textclean import Rule, hookimpl\n"
        "@hookimpl\n"
        "def textclean_rules():\n"
        "    return [Rule('slow.lines', r'(?:a|aa)+b')]\n"
    )
    pipeline = Pipeline(plugins=[str(plugin)])
    object.__setattr__(pipeline.context.rules, "timeout", 0.5)
    lines = 400
    with pytest.raises(StepError) as info:
        pipeline("a" * 27 + "\n" * 2 + ("a" * 27 + "\n") * (lines - 1))
    message = str(info.value)
    assert "rule 'slow.lines' (plugin 'slowlines') used up the 0.5 s" in message
    matched = int(re.search(r"after (\d+) lines", message).group(1))
    assert 1 <= matched < lines


def test_the_budget_grows_with_the_size_of_the_document():
    book = RuleBook(timeout=2.0)
    assert book.budget_for(10) == 2.0
    assert book.budget_for(1_000_000) == 2.0
    assert book.budget_for(200_000_001) == 402.0


LINES = st.sampled_from([
    "Share", "  Share  ", "READ MORE: Putin orders troops home", "Advertisement", "GETTY",
    "In Other News", "Load More", "Share prices fell 3% on Monday.", "Reuters reported it.",
    "", " ", "\r", "Photo: Reuters/John Doe", "Original url:", "Moscow and Baghdad agreed.",
])


@given(st.lists(st.one_of(LINES, st.text(max_size=30)), max_size=20))
def test_boilerplate_is_idempotent(lines):
    once = clean("\n".join(lines))
    twice = Boilerplate()(once, PIPELINE.context)
    assert twice.text == once.text
    assert twice.meta == once.meta


SHIPPED_LINES = st.sampled_from([line for rule in RULES
                                 for line in (*rule.examples, *rule.counterexamples)])


ONE_LINE = st.text(st.characters(blacklist_characters="\n"), max_size=40)


NEAR_LINES = st.one_of(
    SHIPPED_LINES.map(str.upper),
    SHIPPED_LINES.map(str.lower),
    st.tuples(SHIPPED_LINES, ONE_LINE).map("".join),
    st.tuples(ONE_LINE, SHIPPED_LINES).map("".join),
)


@given(st.lists(st.one_of(SHIPPED_LINES, NEAR_LINES, LINES, ONE_LINE), max_size=12))
def test_the_step_removes_what_the_rule_book_matches_and_nothing_else(lines):
    # The length bounds and the prefix probes only skip rules that could not match.
    book = PIPELINE.context.rules
    expected = [(n, book.match(line, None).id) for n, line in enumerate(lines, 1)
                if book.match(line, None) is not None]
    doc = clean("\n".join(lines))
    assert [(e.line, e.rule) for e in doc.edits] == expected


def _first_rule_by_brute_force(rules, line):
    stripped = line.strip()
    return next((rule for rule in rules if rule.compiled.fullmatch(stripped)), None)


@given(st.lists(st.one_of(SHIPPED_LINES, NEAR_LINES, LINES, ONE_LINE), max_size=12))
def test_a_plan_finds_the_rule_trying_every_rule_on_every_line_finds(lines):
    # A fresh plan each time, and a shared one whose prefix memory has seen many lines.
    fresh = RuleBook(rules=RULES).plan(None)
    shared = PIPELINE.context.rules.plan(None)
    text = "\n".join(lines)
    expected = [(number, _first_rule_by_brute_force(RULES, line))
                for number, line in enumerate(lines, 1)]
    expected = [(number, rule) for number, rule in expected if rule is not None]
    for plan in (fresh, shared):
        found = list(plan.matches(text))
        assert [(number, rule) for number, _, _, rule in found] == expected
        assert all(text[start:end] == lines[number - 1] for number, start, end, _ in found)


@given(st.text(max_size=3))
def test_the_rules_remembered_for_a_prefix_are_those_a_match_can_start_with(prefix):
    plan = RuleBook(rules=RULES).plan(None)
    expected = [entry.rule for entry in plan.entries
                if entry.probe.fullmatch(prefix, partial=True) is not None]
    assert [candidate[0] for candidate in plan.candidates(prefix)] == expected


@given(st.text())
def test_boilerplate_takes_any_text_and_only_removes_whole_lines(text):
    doc = clean(text)
    lines = text.split("\n")
    removed = {edit.line for edit in doc.edits}
    assert all(edit.before == lines[edit.line - 1] for edit in doc.edits)
    if doc.edits:
        assert doc.text == "\n".join(line for n, line in enumerate(lines, 1) if n not in removed)
    else:
        assert doc.text == text


# -- length bounds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "width"),
    [
        ("abc", 3),
        (r"(?i)read\s{1,3}more", 11),
        (r"\p{Lu}[\p{L}\p{M}]{0,4}", 5),
        (r"(?x) a \s{0,2} b", 4),
        (r"(?=.{1,20}\Z)(?:ab)+", 20),
        (r"(?=.{1,20})x{0,5}", 5),
        (r"\\p{Lu}", 6),
        (r"a+", None),
        (r".*", None),
        (r"(?=.{1,20})a+", None),
        (r"(?:abc){e<=1}", None),
        (r"(?V1)[[a-z]--[aeiou]]", None),
        (r"\L<words>", None),
    ],
)
def test_max_match_length(pattern, width):
    assert max_match_length(pattern) == width


# -- rule docs ----------------------------------------------------------------------------------


def test_rule_docs_show_id_description_scope_examples_and_pattern():
    rule = Rule("rt.share-row", "Share|Tweet", outlets=("rt", "rt.com"),
                examples=("Share", "Tweet"), counterexamples=("Share prices fell.",),
                description="A share row. Seen on *RT* pages <sometimes>.")
    text = rule_markdown(rule)
    assert text.startswith("### `rt.share-row`\n\n")
    assert "A share row. Seen on \\*RT\\* pages \\<sometimes\\>." in text
    assert "Applies to: outlets `rt`, `rt.com`." in text
    assert "Removes lines such as:\n\n- `Share`\n- `Tweet`" in text
    assert "Keeps lines such as:\n\n- `Share prices fell.`" in text
    assert "```text\nShare|Tweet\n```" in text
    assert "```" not in rule_markdown(rule, pattern=False)
    assert rule_markdown(rule, level=2).startswith("## ")


@pytest.mark.parametrize(
    ("example", "span"),
    [("a`b", "``a`b``"), ("`x`", "`` `x` ``"), (" lead", "`  lead `"), ("", "` `")],
)
def test_rule_docs_quote_examples_with_backticks_and_spaces(example, span):
    rule = Rule("x.y", "z", examples=(example,))
    assert f"- {span}" in rule_markdown(rule)


def test_rule_docs_fence_a_pattern_that_holds_backticks():
    text = rule_markdown(Rule("x.y", "a```b"))
    assert "````text\na```b\n````" in text


def test_rule_docs_reject_a_bad_heading_level():
    with pytest.raises(ValueError, match="heading level"):
        rule_markdown(Rule("x.y", "z"), level=7)


def test_rules_markdown_has_a_section_per_rule_in_order():
    text = rules_markdown(RULES)
    positions = [text.index(f"### `{rule.id}`") for rule in RULES]
    assert positions == sorted(positions)


def test_rules_table_has_a_row_per_rule_with_the_first_sentence():
    rules = (
        Rule("a.b", "x", description="Removes x. Then more words."),
        Rule("a.c", "y|z", outlets=("rt",), description="Either y | z ... or not. Done."),
    )
    rows = rules_table(rules).splitlines()
    assert rows[:2] == ["| Rule | Applies to | Removes |", "| --- | --- | --- |"]
    assert rows[2] == "| `a.b` | every outlet | Removes x. |"
    assert rows[3] == "| `a.c` | outlets `rt` | Either y \\| z ... or not. |"
    assert len(rules_table(RULES).splitlines()) == len(RULES) + 2

"""Per-outlet learned boilerplate: repeated lines of one outlet become escaped-literal rules."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest
import regex
from typer.testing import CliRunner

from textclean import Config, Pipeline, load_config
from textclean.cli import app
from textclean.learn import LineCounter, learn_tree, literal_pattern, profile_toml
from textclean.rules import load_rules

OUTLET = "example.com"
NAVIGATION = ["Home", "World (Europe)", "Sport [Live]", "Markets * Today", "Skip to content"]
FOOTER = ["Subscribe now for $1.99", "© 2015 Example Media. All rights reserved.",
          "Contact us: desk@example.com"]
PROMO = "Promo: read our weekly newsletter *free*"
_VOCABULARY = """the of and a to in is was for on that with as by at from it his an were are which
this be has had not but or their minister government report market city police company election
court army council budget rain bridge village school"""
WORDS = _VOCABULARY.split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(18, 30))).capitalize() + "."


def corpus(count: int = 300, seed: int = 7) -> list[str]:
    """Pages of one outlet: shared navigation and footer, a promo on a third of them, a
    comment counter whose number varies, unique paragraphs, and quotes of earlier pages (each
    quote in at most a few pages)."""
    rng = random.Random(seed)
    pages: list[str] = []
    quotes: list[str] = []
    for number in range(count):
        own = [sentence(rng) for _ in range(rng.randint(3, 6))]
        lines = list(NAVIGATION)
        lines += own
        if quotes and rng.random() < 0.5:
            lines.append(rng.choice(quotes[-20:]))  # quoting a recent page
        if number % 3 == 0:
            lines.append(PROMO)
        lines.append(f"{rng.randint(1, 999)} comments")
        lines += FOOTER
        quotes.append(own[0])
        pages.append("\n\n".join(lines) + "\n")
    return pages


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("outlet") / "in"
    root.mkdir()
    for number, text in enumerate(corpus()):
        (root / f"{number:03}.txt").write_text(text, encoding="utf-8")
    return root


def learned_lines(counter: LineCounter) -> set[str]:
    return {line.text for line in counter.learned()}


def test_shared_navigation_footer_and_promo_are_learned_and_article_text_and_quotes_are_not():
    counter = LineCounter(min_docs=5, min_share=0.2)
    for text in corpus():
        counter.add(text, OUTLET)
    learned = learned_lines(counter)
    assert set(NAVIGATION) | set(FOOTER) | {PROMO} <= learned
    comments = learned - set(NAVIGATION) - set(FOOTER) - {PROMO}
    assert len(comments) == 1 and next(iter(comments)).endswith(" comments")
    counts = {line.text: (line.documents, line.of) for line in counter.learned()}
    assert counts["Home"] == (300, 300) and counts[PROMO] == (100, 300)


def test_a_line_below_the_share_or_the_count_is_not_learned():
    counter = LineCounter(min_docs=5, min_share=0.5)
    for text in corpus():
        counter.add(text, OUTLET)
    assert PROMO not in learned_lines(counter)  # in a third of the pages
    few = LineCounter(min_docs=5, min_share=0.1)
    for text in corpus(count=4):
        few.add(text, OUTLET)
    assert not learned_lines(few)  # four documents are fewer than min_docs


def test_lines_are_counted_per_outlet():
    counter = LineCounter(min_docs=5, min_share=0.5)
    for number, text in enumerate(corpus(count=60)):
        counter.add(text if number % 2 else text.replace("Home", "Accueil"), "a" if number % 2
                    else "b")
    by_outlet = {(line.outlet, line.text) for line in counter.learned()}
    assert ("a", "Home") in by_outlet and ("b", "Accueil") in by_outlet
    assert ("b", "Home") not in by_outlet and ("a", "Accueil") not in by_outlet
    rules = {rule.id: rule for rule in counter.rules()}
    home = next(rule for rule in rules.values() if rule.examples == ("Home",))
    assert home.outlets == ("a",) and home.id.startswith("learned.a-")


def test_memory_stays_bounded_while_frequent_lines_keep_their_counts():
    counter = LineCounter(min_docs=5, min_share=0.2)  # forgets below 2% of the documents
    for number in range(5000):
        unique = "\n".join(f"line {number} word{k} unique" for k in range(20))
        counter.add(f"Home\nFooter line\n{unique}\nA{number % 10} section", OUTLET)
    assert len(counter) < 20 * counter.width * 2
    counts = {line.text: line.documents for line in counter.learned()}
    assert counts["Home"] == 5000 and counts["Footer line"] == 5000
    assert "A0 section" not in counts  # digits fold: every "A<n> section" is one line
    assert counts["A1 section"] == 5000


def test_patterns_are_escaped_literals_that_fold_only_white_space_and_digits():
    for line in NAVIGATION + FOOTER + [PROMO, "(?i).*", "a|b", r"\d+ \w+", "[x]{2,}"]:
        pattern = literal_pattern(line)
        assert regex.fullmatch(pattern, line)
        assert regex.fullmatch(pattern, line.replace(" ", "  \t"))
        assert not regex.fullmatch(pattern, line + "x")
    assert regex.fullmatch(literal_pattern("941 comments"), "12 comments")
    assert not regex.fullmatch(literal_pattern("Sport [Live]"), "Sport L")
    assert not regex.fullmatch(literal_pattern("(?i).*"), "anything")
    assert not regex.fullmatch(literal_pattern("a|b"), "a")


def test_the_profile_is_a_rules_file_with_counts_that_loads_back(tmp_path):
    counter = LineCounter()
    for text in corpus():
        counter.add(text, OUTLET)
    text = profile_toml(counter.rules(), header="Learned for the test.")
    assert text.startswith("# Learned for the test.\n")
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    rules = load_rules(path)
    assert {rule.examples[0] for rule in rules} >= set(NAVIGATION)
    for rule in rules:
        assert rule.outlets == (OUTLET,)
        assert rule.matches(rule.examples[0])
        assert "of 300 documents of outlet 'example.com'" in rule.description
    assert "learned.example-com-1" in tomllib.loads(text)["rules"][0]["id"]


def test_learn_tree_gives_each_document_the_outlet_the_pipeline_gives_it(tree, tmp_path):
    config = tmp_path / "textclean.toml"
    config.write_text('[outlets]\nexample = ["*.txt"]\n', encoding="utf-8")
    counter, passed_over = learn_tree(load_config(config), tree)
    assert passed_over == 0
    assert {line.outlet for line in counter.learned()} == {"example"}
    counter, _ = learn_tree(Config(), tree, outlet="other")
    assert {line.outlet for line in counter.learned()} == {"other"}


def test_learn_then_clean_with_the_profile_removes_the_learned_lines(tree, tmp_path):
    profile = tmp_path / "profile.toml"
    runner = CliRunner()
    result = runner.invoke(app, ["learn", str(tree), "-o", str(profile), "--outlet", OUTLET])
    assert result.exit_code == 0, result.output
    assert "rules for 1 outlets" in result.output
    page = tree / "007.txt"
    result = runner.invoke(app, ["clean", str(page), "--outlet", OUTLET, "--rules",
                                 str(profile)])
    assert result.exit_code == 0, result.output
    original = page.read_text(encoding="utf-8")
    for line in NAVIGATION + FOOTER:
        assert line in original and line not in result.output
    paragraphs = [line for line in original.splitlines() if len(line) > 80]
    assert paragraphs and all(line in result.output for line in paragraphs)
    other = runner.invoke(app, ["clean", str(page), "--outlet", "rt", "--rules",
                                str(profile)])
    assert other.exit_code == 0, other.output
    assert "Sport [Live]" in other.output  # the rules are the outlet's only


def test_run_learn_writes_the_profile_beside_the_manifest_and_applies_it(tree, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(tree), "-o", str(out), "--learn", "--outlet",
                                      OUTLET])
    assert result.exit_code == 0, result.output
    rules = load_rules(out / "learned.toml")
    assert len(rules) == 10
    cleaned = (out / "000.txt").read_text(encoding="utf-8")
    assert "Skip to content" not in cleaned and "Sport [Live]" not in cleaned
    assert "learned.example-com-" in (out / "manifest.jsonl").read_text(encoding="utf-8")
    assert not list(tree.glob("*.toml"))  # the input folder is never written to


def test_the_rules_flag_is_taken_from_the_working_directory(tree, tmp_path, monkeypatch):
    profile = tmp_path / "profile.toml"
    counter, _ = learn_tree(Config(), tree, outlet=OUTLET)
    profile.write_text(profile_toml(counter.rules()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["clean", str(tree / "001.txt"), "--outlet", OUTLET,
                                      "--rules", "profile.toml"])
    assert result.exit_code == 0, result.output
    assert "Skip to content" not in result.output


def test_bad_input_is_one_line_and_exit_code_2(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(app, ["learn", str(tmp_path / "nope"), "-o", str(tmp_path / "p")])
    assert missing.exit_code == 2 and "not a folder" in missing.output
    assert runner.invoke(app, ["learn", str(tmp_path), "-o", "p", "--min-docs", "1"]).exit_code == 2
    bad_rules = tmp_path / "bad.toml"
    bad_rules.write_text("[[rules]]\nid = 'x'\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Home\n", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(tmp_path / "a.txt"), "--rules", str(bad_rules)])
    assert result.exit_code == 2 and "bad.toml" in result.output


def test_a_pipeline_with_a_learned_profile_in_its_config_applies_it(tree, tmp_path):
    counter, _ = learn_tree(Config(), tree, outlet=OUTLET)
    (tmp_path / "profile.toml").write_text(profile_toml(counter.rules()), encoding="utf-8")
    config = tmp_path / "textclean.toml"
    config.write_text('rules = ["profile.toml"]\n', encoding="utf-8")
    doc = Pipeline(load_config(config))((tree / "003.txt").read_text(encoding="utf-8"),
                                        outlet=OUTLET)
    assert "Markets * Today" not in doc.text
    assert any(edit.rule.startswith("learned.") for edit in doc.edits)

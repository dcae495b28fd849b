"""Alias discovery: romanisation folds, name matching, finding names in text, proposals."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from textclean import AliasGroup
from textclean.aliases import AliasTable, aliases_from_data, load_aliases
from textclean.discover import (
    AliasDiscovery,
    ProposedGroup,
    discover,
    input_texts,
    proposals_to_toml,
    reconcile,
    table_form,
)
from textclean.extras import MissingExtraError, require
from textclean.namefind import find_mentions
from textclean.namematch import NameMatcher, name_words
from textclean.romanization import Romanizer, load_folds, load_vowel_pairs

SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds"
ROMANIZER = Romanizer()
MATCHER = NameMatcher(ROMANIZER)


def spellings(group: AliasGroup) -> set[str]:
    return {group.canonical, *group.variants}


# -- folds, vowels and the matcher: data with examples and counterexamples ---------------------


@pytest.mark.parametrize("rule", load_folds(), ids=lambda r: r.id)
def test_every_fold_keeps_its_examples_and_counterexamples(rule):
    assert rule.examples, f"{rule.id} has no example"
    for a, b in rule.examples:
        assert ROMANIZER.fold(a) == ROMANIZER.fold(b), (a, b)
    for a, b in rule.counterexamples:
        assert ROMANIZER.fold(a) != ROMANIZER.fold(b), (a, b)


def test_vowel_pairs_keep_their_examples_and_counterexamples():
    pairs = load_vowel_pairs()
    for a, b in pairs.examples:
        assert ROMANIZER.vowel_variants(ROMANIZER.fold(a), ROMANIZER.fold(b)), (a, b)
    for a, b in pairs.counterexamples:
        assert not ROMANIZER.vowel_variants(ROMANIZER.fold(a), ROMANIZER.fold(b)), (a, b)


def test_folding_romanises_other_scripts_and_diacritics():
    assert ROMANIZER.fold("Сергей") == ROMANIZER.fold("Sergei")
    assert ROMANIZER.fold("Łukasz") == ROMANIZER.fold("Lukasz")


@pytest.mark.parametrize("a, b", name_words()["examples"])
def test_the_matcher_joins_spellings_of_one_name(a, b):
    assert MATCHER.matches(MATCHER.parse(a), MATCHER.parse(b))


@pytest.mark.parametrize("a, b", name_words()["counterexamples"])
def test_the_matcher_keeps_different_people_apart(a, b):
    assert not MATCHER.matches(MATCHER.parse(a), MATCHER.parse(b))


def test_particles_are_left_out_but_a_leading_one_of_two_words_is_a_given_name():
    assert MATCHER.parse("Muqtada al-Sadr").tokens == MATCHER.parse("Muqtada Sadr").tokens
    assert len(MATCHER.parse("Al Gore").tokens) == 2


def test_a_name_written_together_matches_its_parts():
    assert MATCHER.matches(MATCHER.parse("Abdulrahman Ahmed"), MATCHER.parse("Abdul Rahman Ahmed"))


# -- finding names in running text ----------------------------------------------------------


def names_in(text: str) -> list[str]:
    return [m.name for m in find_mentions(text)]


def test_titles_are_cut_and_particles_and_initials_kept():
    text = ("Russian Foreign Minister Sergei Lavrov met Iraqi Prime Minister Haider al-Abadi. "
            "President George W. Bush spoke of Osama bin Laden.")
    assert names_in(text) == ["Sergei Lavrov", "Haider al-Abadi", "George W. Bush",
                              "Osama bin Laden"]


def test_acronyms_possessives_and_punctuation_end_a_name():
    assert names_in("Russia's FM Sergey Lavrov, and Putin.") == ["Russia", "Sergey Lavrov", "Putin"]


def test_names_are_found_in_any_cased_script():
    assert names_in("Глава МИД Сергей Лавров сказал, что Ангела Меркель права.") == [
        "Глава", "Сергей Лавров", "Ангела Меркель"]


def test_headlines_in_title_case_are_skipped():
    assert names_in("Lavrov Underlines Anti-IS Efforts In Baghdad") == []


def test_the_corpus_tells_ordinary_capitalised_words_from_names():
    collector = AliasDiscovery()
    collector.add_text("Meanwhile Sergei Lavrov said so.\nThe talks went on, meanwhile.\n"
                       "Later, meanwhile, they left.")
    assert "Sergei Lavrov" in collector._final_spellings()
    assert "Meanwhile Sergei Lavrov" not in collector._final_spellings()


# -- proposals ------------------------------------------------------------------------------


def test_spelling_variants_are_grouped_with_the_most_frequent_as_canonical():
    names = ["Muammar Gaddafi"] * 3 + ["Moammar Gadhafi", "Muammar Qaddafi", "Ahmed Karimi"]
    groups = discover(names, names=True)
    assert [spellings(g) for g in groups] == [
        {"Muammar Gaddafi", "Moammar Gadhafi", "Muammar Qaddafi"}]
    assert groups[0].canonical == "Muammar Gaddafi"
    assert dict(groups[0].counts)["Muammar Gaddafi"] == 3
    assert isinstance(groups[0], AliasGroup) and 0 < groups[0].confidence <= 1


def test_a_preferred_spelling_becomes_canonical():
    groups = discover(["Sergey Lavrov", "Sergey Lavrov", "Sergei Lavrov"], names=True,
                      prefer=["Sergei Lavrov"])
    assert groups[0].canonical == "Sergei Lavrov"


def test_people_sharing_a_surname_or_a_given_name_are_not_merged():
    names = ["Bashar al-Assad", "Bashar al-Asad", "Asma al-Assad", "Sergei Lavrov",
             "Sergei Ivanov", "Ivan Petrov", "Ivana Petrova"]
    groups = discover(names, names=True)
    assert [spellings(g) for g in groups] == [{"Bashar al-Assad", "Bashar al-Asad"}]


def test_two_spellings_in_one_sentence_are_two_people():
    text = "Ahmad Jabril met Ahmad Jibril in Gaza.\n"
    assert discover([text]) == []
    assert discover([text.replace(" met ", ". Later "), "Ahmad Jibril said so.\n"]) != []


def test_min_count_and_min_confidence_leave_out_weak_proposals():
    names = ["Sergey Lavrov", "Sergei Lavrov", "Sergei Lavrov"]
    assert discover(names, names=True, min_count=2) == []
    assert discover(names, names=True, min_confidence=1.01) == []


def test_memory_is_bounded_by_forgetting_the_rarest_spellings():
    collector = AliasDiscovery(max_spellings=10)
    collector.add_name("Sergei Lavrov", count=5)
    for number in range(20):
        collector.add_name(f"Name{number} Person")
    assert len(collector.spellings) <= 11
    assert "Sergei Lavrov" in collector.spellings


def test_table_form_keeps_what_a_table_can_hold():
    assert table_form("'Abdallah  Hadi'") == "Abdallah Hadi"
    assert table_form("''") == ""


# -- the written table ---------------------------------------------------------------------


def test_the_written_proposal_loads_as_an_alias_table(tmp_path):
    names = ["Muammar Gaddafi", "Muammar Gaddafi", "Moammar Gadhafi", "Yevgeny Prigozhin",
             "Evgeniy Prigozhin", 'Ali "Chemical" Majid', "Ali Majeed"]
    groups = discover(names, names=True)
    path = tmp_path / "proposed.toml"
    path.write_text(proposals_to_toml(groups, ["a header"]), encoding="utf-8")
    loaded = load_aliases(path)
    assert [(g.canonical, g.variants) for g in loaded] == [
        (g.canonical, g.variants) for g in groups]
    AliasTable(loaded)
    text = path.read_text(encoding="utf-8")
    assert "# a header" in text and "# 2 mentions" in text and "# confidence" in text


def test_contexts_are_written_as_comments():
    groups = discover(["Sergey Lavrov said so.\n", "Sergei Lavrov said no.\n",
                       "Sergei Lavrov left.\n"])
    text = proposals_to_toml(groups)
    assert "Sergey Lavrov said so." in text
    assert aliases_from_data(tomllib.loads(text), source="x")[0].canonical == "Sergei Lavrov"


def test_a_surname_group_clashing_with_a_full_name_group_is_left_out():
    names = ["Sergei Lavrov", "Sergey Lavrov", "Lavrov", "Lavrow"]
    groups = discover(names, names=True)
    assert [spellings(g) for g in groups] == [{"Sergei Lavrov", "Sergey Lavrov"}]
    AliasTable(groups)


def test_proposals_are_fitted_to_the_tables_in_force():
    in_force = AliasTable((AliasGroup("Sergei Lavrov", ("Sergey Lavrov",)),))
    proposed = discover(["Sergey Lavrov", "Sergej Lavrov", "Sergei Lavrov",
                         "Haider al-Abadi", "Haidar al-Abadi"], names=True)
    fitted, notes = reconcile(proposed, in_force)
    by_canonical = {g.canonical: g for g in fitted}
    assert by_canonical["Sergei Lavrov"].variants == ("Sergej Lavrov",)
    assert "Haider al-Abadi" in by_canonical or "Haidar al-Abadi" in by_canonical
    assert any("joins 'Sergei Lavrov'" in note for note in notes)
    AliasTable((*in_force.groups, *fitted))


# -- the seed articles, respelled -------------------------------------------------------------

#: The people of the seed articles and the spellings the respelled copies give them.
PEOPLE = {
    "Sergei Lavrov": ["Sergei Lavrov", "Sergey Lavrov"],
    "Haider al-Abadi": ["Haider al-Abadi", "Haidar al-Abadi"],
    "Vladimir Putin": ["Vladimir Putin", "Wladimir Putin"],
    "Bashar al-Assad": ["Bashar al-Assad", "Bashar Assad", "Bashar al-Asad"],
    "Valery Gerasimov": ["Valery Gerasimov", "Valeriy Gerasimov"],
    "Gennady Gatilov": ["Gennady Gatilov", "Gennadiy Gatilov"],
    "Sergei Shoigu": ["Sergei Shoigu", "Sergey Shoygu"],
    "John Kerry": ["John Kerry"],
    "Joe Biden": ["Joe Biden"],
    "Steve Warren": ["Steve Warren"],
    "Ryan Dillon": ["Ryan Dillon"],
}
RESPELL = {
    "Sergei Lavrov": "Sergey Lavrov", "Sergey Lavrov": "Sergei Lavrov",
    "Haider al-Abadi": "Haidar al-Abadi", "Haidar al-Abadi": "Haider al-Abadi",
    "Vladimir Putin": "Wladimir Putin", "Bashar al-Assad": "Bashar al-Asad",
    "Valery Gerasimov": "Valeriy Gerasimov", "Gennady Gatilov": "Gennadiy Gatilov",
    "Sergei Shoigu": "Sergey Shoygu",
}


def respelled(text: str) -> str:
    """``text`` with every listed spelling swapped for the other, in one pass."""
    pattern = re.compile("|".join(re.escape(k) for k in sorted(RESPELL, key=len, reverse=True)))
    return pattern.sub(lambda m: RESPELL[m.group()], text)


def test_the_respelled_seed_articles_give_the_builtin_person_groups_and_merge_no_two_people():
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    corpus = seeds + [respelled(text) for text in seeds]
    assert any("Wladimir Putin" in text for text in corpus)
    groups = discover(corpus)
    found = [spellings(g) for g in groups]
    assert any({"Sergey Lavrov", "Sergei Lavrov"} <= s for s in found)
    assert any({"Haidar al-Abadi", "Haider al-Abadi"} <= s for s in found)
    assert any({"Vladimir Putin", "Wladimir Putin"} <= s for s in found)
    person_of = {spelling: person for person, names in PEOPLE.items() for spelling in names}
    for group in found:
        people = {person_of.get(s, s) for s in group}
        assert len(people) == 1, group
    AliasTable(groups)


# -- inputs, extras, laziness ----------------------------------------------------------------


def test_input_texts_reads_folders_and_files_and_reports_what_it_skips(tmp_path):
    (tmp_path / "a.txt").write_text("Sergey Lavrov said.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (tmp_path / "c.md").write_text("not read", encoding="utf-8")
    skipped = []
    texts = list(input_texts([tmp_path], on_skip=lambda path, why: skipped.append(path)))
    assert texts == ["Sergey Lavrov said."]
    assert skipped == ["b.txt"]
    assert list(input_texts([tmp_path / "c.md"])) == ["not read"]


def test_a_missing_extra_is_a_one_line_error_naming_it(monkeypatch):
    real = importlib.import_module

    def fake(name, *args):
        if name == "rapidfuzz":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(MissingExtraError, match=r"'discover' extra.*textclean\[discover\]"):
        require("rapidfuzz", "discover", "alias discovery")


def test_importing_textclean_does_not_import_the_discovery_libraries():
    code = ("import sys, textclean, textclean.aliases, textclean.cli; "
            "print(sorted(m for m in ('rapidfuzz', 'jellyfish', 'anyascii') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_textclean_aliases_discover_is_the_discovery_api():
    from textclean import aliases

    groups = aliases.discover(["Sergey Lavrov", "Sergei Lavrov"], names=True)
    assert isinstance(groups[0], ProposedGroup)

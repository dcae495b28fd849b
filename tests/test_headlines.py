"""The headlines step: a line that repeats one unit becomes the unit once; a copy of the previous
non-blank line or of an earlier paragraph goes; first occurrences, short repeats and the
repetitions of ordinary language stay; one run reaches a fixed point, in linear time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from linearity import assert_linear_work

from textclean import ConfigError, Document, Meta, Pipeline, Rule, Stage, load_config
from textclean.aliases import AliasTable
from textclean.rules import RuleBook
from textclean.step import Context
from textclean.steps.headlines import Headlines, fold, reads_as_prose, repetition_period
from textclean.testing import assert_accountable, assert_idempotent, texts

PLUGIN = "textclean.steps.headlines"
PIPELINE = Pipeline(only=["headlines"], plugins=[PLUGIN])
TIDY = Pipeline(only=["headlines", "whitespace"], plugins=[PLUGIN])
CTX = PIPELINE.context
SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds"

H = "Russia, Iraq to Expand Military Cooperation"  # 43 characters, a headline and a paragraph
M = "Lavrov Underlines Anti-IS Efforts"  # 33 characters: a sub-heading, shorter than a paragraph
P = "Lavrov told reporters Moscow would make every effort to help the Baghdad government."
CJK = "中国外交部发言人在例行记者会上表示，中方对此表示关切。"


def run(text: str, step: Headlines | None = None) -> Document:
    return (step or Headlines())(Document(text), CTX)


def lines_of(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def replay(text: str, doc: Document) -> str:
    """The input with the step's edits applied one by one: equal to the output when every change
    is an edit whose ``before`` is exactly what the line held at that moment."""
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines, breaks = parts[0::2], [*parts[1::2], ""]
    gone = set()
    for edit in doc.edits:
        index = edit.line - 1
        assert lines[index] == edit.before, edit
        if edit.rule == "headlines.doubled-line":
            lines[index] = edit.after
        else:
            assert edit.after == ""
            gone.add(index)
    kept = [i for i in range(len(lines)) if i not in gone]
    out = [lines[i] + breaks[i] for i in kept]
    if kept and kept[-1] != len(lines) - 1:
        out[-1] = lines[kept[-1]]
    return "".join(out)


def first_occurrences(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(key for key in map(fold, lines) if key))


# -- one line that repeats one unit ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (H + H, H),
        (H * 3, H),
        (H + " " + H, H),
        (H + "  " + H, H),
        (H + "\t" + H, H),
        (H + " | " + H, H),
        (H + " | " + H + " | " + H, H),
        (H + " - " + H, H),
        (H + " – " + H, H),
        (H + " — " + H, H),
        (H + " • " + H, H),
        (M + M, M),
        (M + " " + M, M),
        ("World NewsWorld News", "World News"),
        (CJK + CJK, CJK),
        (CJK + " " + CJK + " " + CJK, CJK),
        ("  " + H + H + "  ", "  " + H + "  "),  # indentation and trailing blanks kept
        ("Russia,  Iraq to Expand Military Cooperation" + H, H),  # copies compared folded
        (f"{M} | {M} - {M} | {M}", M),  # a repetition of a repetition, in one run
    ],
)
def test_a_line_that_repeats_one_unit_becomes_the_unit_once(line, expected):
    doc = run(f"Before.\n{line}\nAfter.\n")
    assert doc.text == f"Before.\n{expected}\nAfter.\n"
    assert [(e.rule, e.before, e.after, e.line) for e in doc.edits] == [
        ("headlines.doubled-line", line, expected, 2)
    ]


@pytest.mark.parametrize(
    "line",
    [
        "ha ha", "Ha ha ha", "hahahahahaha", "Bye bye", "la la la", "No no no", "aaaa",
        "1111", "----", "==========", "* * * * * *", "couscous", "New York, New York",
        "Sing Sing", "Walla Walla", "Baden-Baden", "Bora Bora", "Pago Pago", "Sirhan Sirhan",
        "Tora! Tora! Tora!", "Lock her up! Lock her up!", "Four more years! Four more years!",
        "Black lives matter! Black lives matter!", "Que sera, sera",
        "2,000 2,000", "2015-2015", "https://x.com/a https://x.com/a",
        # a short headline printed twice stays doubled: the cheaper mistake
        "Ramadi Falls Ramadi Falls",
        # sentences that repeat themselves inside are not a line that is a repetition
        "Going, going, gone.",
        "The more you know, the more you know.",
        "He said it again and again and again, and then once more.",
        "Sirhan Sirhan was convicted of the killing of Robert Kennedy in 1968.",
        f"{H}: {H}",  # a colon is not a separator between copies
        f"{H} {H}.",  # not the same unit twice
        f"{H} ({H})",
    ],
)
def test_language_that_repeats_itself_stays(line):
    doc = Document(f"Before.\n{line}\nAfter.\n")
    assert Headlines()(doc, CTX) is doc


@pytest.mark.parametrize(
    ("line", "unit"),
    [(H + H, H), (f"  {H}  |\t{H} ", H), (f"{M} | {M} - {M} | {M}", M), (H, None),
     ("Sing Sing", None)],
)
def test_repeated_unit_tells_other_steps_what_a_line_collapses_to(line, unit):
    assert Headlines().repeated_unit(line) == unit


def test_a_doubled_widget_collapses_and_the_settle_round_removes_it():
    book = Context(RuleBook((Rule("generic.share", r"(?i)share this article"),)), AliasTable())
    text = "Share this articleShare this article\n"
    assert Headlines()(Document(text), book).text == "Share this article\n"
    doc = Pipeline()("Share this articleShare this article\n\nBody text.\n")
    assert doc.text == "Body text.\n"
    assert [(e.step, e.rule) for e in doc.edits if e.step != "whitespace"] == [
        ("headlines", "headlines.doubled-line"), ("boilerplate", "generic.share-widget"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "https://www.themoscowtimes.com/2015/05/21/a46749" * 2,
        "Read the full report at https://x.com/a/b" * 2,
        "Read the full report at www.example.org/report" * 3,
    ],
)
def test_glued_copies_of_a_url_are_left_alone(line):
    doc = Document(line)  # one longer URL to the urls step, which has listed it already
    assert Headlines()(doc, CTX) is doc


def test_copies_of_a_url_with_a_space_between_collapse():
    line = "Read the full report at https://x.com/a/b"
    assert run(f"{line} | {line}").text == line


def test_the_step_never_touches_the_metadata():
    doc = Headlines()(Document(f"{H}{H}\n\nBody.\n", Meta(title=H + H)), CTX)
    assert (doc.text, doc.meta.title) == (f"{H}\n\nBody.\n", H + H)
    assert Pipeline()(f"{H}{H}\n\nBody text.\n").meta.title == H


# -- a copy of the previous non-blank line -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{H}\n{H}\nBody.\n", f"{H}\nBody.\n"),
        (f"{H}\n\n{H}\n\nBody.\n", f"{H}\n\n\nBody.\n"),
        (f"{H}\n{H}\n{H}\n", f"{H}\n"),
        (f"{M}\n\n{M}\n", f"{M}\n\n"),
        (f"{H}  \n\n\t{H}\nBody.\n", f"{H}  \n\nBody.\n"),  # compared whitespace-folded
        (f"{CJK}\n{CJK}\n", f"{CJK}\n"),
        (f"{H}\n{H}", H),  # the last line goes with the break before it
        (f"Body.\n\n{M}\n\n{M}", f"Body.\n\n{M}\n"),
    ],
)
def test_a_copy_of_the_previous_non_blank_line_goes(text, expected):
    doc = run(text)
    assert doc.text == expected
    assert {e.rule for e in doc.edits} == {"headlines.repeated-line"}


@pytest.mark.parametrize(
    "text",
    [
        "Yes.\nYes.\n",  # a transcript, a table column
        "12\n12\n",
        "Advertisement\n\nAdvertisement\n",  # boilerplate, the boilerplate step's business
        "* * *\n* * *\n",
        "Ramadi Falls\n\nRamadi Falls\n",  # shorter than a headline's usual 20 characters
        "I love you\nI love you\n",
        "Walla Walla\nWalla Walla\n",
        f"{H}\n{H.upper()}\n",  # case is kept
        f"{H}\n{H}.\n",
    ],
)
def test_short_or_different_lines_in_a_row_stay(text):
    doc = Document(text)
    assert Headlines()(doc, CTX) is doc


# -- a paragraph repeated further down ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{P}\nOne.\n{P}\nTwo.\n", f"{P}\nOne.\nTwo.\n"),
        (f"{P}\n\nOne.\n\n{P}\n\nTwo.\n", f"{P}\n\nOne.\n\n\nTwo.\n"),
        (f"{H}\n\nOne.\n\n{H}\n", f"{H}\n\nOne.\n\n"),
        (f"{P}\nOne.\n  {P.replace(' ', '  ')}\t\nTwo.\n{P}\n", f"{P}\nOne.\nTwo.\n"),
    ],
)
def test_a_paragraph_repeated_later_keeps_its_first_occurrence(text, expected):
    doc = run(text)
    assert doc.text == expected
    assert {e.rule for e in doc.edits} == {"headlines.repeated-paragraph"}


@pytest.mark.parametrize(
    "repeated",
    [
        "Advertisement", "* * *", "Background", "Share", "May 21, 2015", "Islamic State advances",
        M,  # a sub-heading may come back as a heading further down
        "READ MORE: ISIS claims Ramadi",
    ],
)
def test_short_lines_repeated_later_stay(repeated):
    doc = Document(f"{repeated}\n\n{P}\n\n{repeated}\n\n{H}\n\n{repeated}\n")
    assert Headlines()(doc, CTX) is doc


PROSE = [
    P, H, "中国外交部发言人在例行记者会上表示，中方对此表示关切，并呼吁各方保持克制，"
    "通过对话解决分歧。",
    "Rescuers rush to help whale stranded in Scottish loch",
    "“One girl can be silenced, but a nation of girls telling their stories becomes free”",
    "Tom Ford on Dressing Melania Trump: 'She's Not Necessarily My Image'",
    "(Reuters) Security forces stormed the museum, freeing hostages and ending a siege.",
    "Lavrov said the offer, made in 2014 and again on 9/11, stands for Iraq and/or Syria.",
    "Президент заявил, что Россия готова помочь Ираку в борьбе с боевиками.",
]
NOT_PROSE = [
    "FROM unnest(array[2, 3, 5, 2, 3, 12, 5, 3, 4]) AS n;",  # code
    "AVG(entries) OVER status_window as mean_entries,",
    "ROWS BETWEEN 60 PRECEDING AND CURRENT ROW",  # all capitals
    "data-cover-adapter=\"vendor/mocha-blanket.js\"></script>",
    "1 files updated, 0 files merged, 0 files removed, 0 files unresolved",  # shell output
    "added 1 changesets with 1 changes to 1 files (+1 heads)",
    "(run 'hg heads' to see heads, 'hg merge' to merge)",
    "400 │ 2020-08-01 18:00:00+00 │ 24 │ 6.823777205473068 │ t",  # table rows
    "Farm Heroes Super Saga | 71.1 MB | 13.4 MB (-81%) | 8.0 MB (-89%)",
    "Origin: https://drinks-unhosted.5apps.com",  # headers and requests
    "PUT /storage/michiel/myfavoritedrinks/test HTTP/1.1",
    "Then edit Bob’s repository configuration:",  # a lead-in to what follows
    "in the valley below, where the river had already broken its banks twice",  # hard-wrapped
    "^ Bogue, Mike (September 26, 2017). Apocalypse Then. McFarland",
]


@pytest.mark.parametrize("line", PROSE)
def test_a_line_that_reads_as_prose_goes_when_it_comes_back(line):
    assert reads_as_prose(fold(line))
    assert run(f"{line}\n{M}\n{line}\n").text == f"{line}\n{M}\n"


@pytest.mark.parametrize("line", NOT_PROSE)
def test_code_output_tables_and_lead_ins_that_come_back_stay(line):
    assert not reads_as_prose(fold(line))
    text = f"{line}\n{M}\n{line}\n{P}\n{line}\n"
    assert run(text).text == text


def test_a_technical_text_keeps_its_repeated_code_and_output():
    session = ["$ hg pull", "pulling from ../alice", "searching for changes",
               "added 1 changesets with 1 changes to 1 files", "$ hg update",
               "1 files updated, 0 files merged, 0 files removed, 0 files unresolved"]
    text = "\n".join([P, *session, "Then Bob pulls again, and sees the same thing:", *session])
    assert run(text).text == text


def test_a_paragraph_in_another_case_is_not_a_copy():
    doc = Document(f"{P}\nOne.\n{P.upper()}\n")
    assert Headlines()(doc, CTX) is doc


# -- one run is a fixed point ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # collapsing makes the line a copy of the one before it
        (f"{H}\n\n{H}{H}\n\nBody.\n", f"{H}\n\n\nBody.\n"),
        (f"{H}{H}\n{H} | {H}\n{H}\n", f"{H}\n"),
        (f"{M}\n{M} {M}\n", f"{M}\n"),
        # collapsing makes the line a copy of an earlier paragraph
        (f"{P}\nOne.\n{P} {P}\n", f"{P}\nOne.\n"),
        # removing a later paragraph makes two copies of a sub-heading adjacent
        (f"{P}\n{M}\n{P}\n{M}\nTwo.\n", f"{P}\n{M}\nTwo.\n"),
        (f"{P}\n\n{M}\n\n{P}\n\n{M}\n", f"{P}\n\n{M}\n\n\n"),
    ],
)
def test_collapsing_and_removing_reach_a_fixed_point_in_one_run(text, expected):
    once = run(text)
    assert once.text == expected
    assert Headlines()(once, CTX) is once


def test_every_change_is_an_edit_with_rule_before_after_and_line():
    text = f"{H}\n\n{H}{H}\n\n{P}\n\n{M}\n{M}\n\n{P}\n"
    doc = run(text)
    assert [(e.rule, e.before, e.after, e.line) for e in doc.edits] == [
        ("headlines.doubled-line", H + H, H, 3),
        ("headlines.repeated-line", H, "", 3),
        ("headlines.repeated-line", M, "", 8),
        ("headlines.repeated-paragraph", P, "", 10),
    ]
    assert doc.text == f"{H}\n\n\n{P}\n\n{M}\n\n"
    assert replay(text, doc) == doc.text
    assert all(edit.step == "" for edit in doc.edits)  # the pipeline stamps the step
    assert [e.step for e in PIPELINE(text).edits] == ["headlines"] * 4


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_every_kind_of_line_break_ends_a_line(ending):
    text = ending.join([H, "", H + H, "", P, "One.", P, ""])
    doc = run(text)
    assert doc.text == ending.join([H, "", "", P, "One.", ""])
    assert [(e.rule, e.line) for e in doc.edits] == [
        ("headlines.doubled-line", 3), ("headlines.repeated-line", 3),
        ("headlines.repeated-paragraph", 7),
    ]


def test_line_breaks_of_the_kept_lines_are_kept():
    assert run(f"{H}\r\n{H}\n{P}\r{P}").text == f"{H}\r\n{P}"


def test_clean_text_is_returned_untouched():
    doc = Document(f"{H}\n\n{P}\n\n{M}\n")
    assert Headlines()(doc, CTX) is doc


# -- the seed articles -------------------------------------------------------------------------


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_001_has_its_headline_once_and_every_other_line_kept():
    text = seed("001")
    doc = run(text)
    before, after = lines_of(text), lines_of(doc.text)
    assert before[2] == H + H
    assert after.count(H) == 1 and after[0] == H
    assert after == before[:2] + before[3:]
    assert [(e.rule, e.line) for e in doc.edits] == [
        ("headlines.doubled-line", 3), ("headlines.repeated-line", 3)
    ]


def test_seed_002_keeps_the_first_occurrence_of_its_repeated_paragraph():
    sentence = ("Lavrov told reporters Moscow would make every effort to help the Baghdad "
                "government push back the militants.")
    text = seed("002")
    before = lines_of(text)
    first = before.index(sentence)
    second = before.index(sentence, first + 1)
    doc = run(text)
    after = lines_of(doc.text)
    assert after.count(sentence) == 1 and after.index(sentence) == first
    assert after == before[:second] + before[second + 1:]
    assert [(e.rule, e.before, e.line) for e in doc.edits] == [
        ("headlines.repeated-paragraph", sentence, second + 1)
    ]


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_seeds_without_copies_are_untouched(prefix):
    doc = Document(seed(prefix))  # 004 has "Advertisement" twice: short, not in a row
    assert Headlines()(doc, CTX) is doc


# -- options -----------------------------------------------------------------------------------


def test_thresholds_and_separators_are_options():
    loose = Headlines(min_unit=4, min_repeat=4, min_words=1, separators=(" :: ",))
    assert run("Sing Sing", loose).text == "Sing"
    assert run("Bora Bora :: Bora Bora", loose).text == "Bora"  # reduced until nothing repeats
    assert run("Yes.\nYes.\n", loose).text == "Yes.\n"
    assert run(f"{H} | {H}", loose).text == f"{H} | {H}"  # separators replace the default ones
    assert run(f"{P}\nx\n{P}\n", Headlines(min_paragraph=200)).text == f"{P}\nx\n{P}\n"


def test_options_come_from_the_configuration(tmp_path):
    path = tmp_path / "textclean.toml"
    path.write_text('[steps.headlines]\nmin_repeat = 4\nmin_words = 1\nseparators = [" :: "]\n',
                    encoding="utf-8")
    pipeline = Pipeline(load_config(path), only=["headlines"], plugins=[PLUGIN])
    assert pipeline.steps == (Headlines(min_repeat=4, min_words=1, separators=(" :: ",)),)
    assert pipeline("Bora Bora :: Bora Bora\n").text == "Bora\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_unit": 0}, "min_unit must be a positive integer"),
        ({"min_paragraph": "40"}, "min_paragraph must be a positive integer"),
        ({"min_words": True}, "min_words must be a positive integer"),
        ({"separators": " | "}, "separators must be a list of strings"),
        ({"separators": (" | ", 3)}, "separators must be a list of strings"),
        ({"separators": 3}, "separators must be a list of strings"),
        ({"separators": ("  ",)}, "needs a character other than white space"),
        ({"separators": ("",)}, "needs a character other than white space"),
        ({"separators": (" |\n",)}, "no line break"),
    ],
)
def test_bad_options_are_one_line_errors(options, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Headlines(**options)


def test_a_bad_option_in_the_configuration_names_the_step(tmp_path):
    path = tmp_path / "textclean.toml"
    path.write_text("[steps.headlines]\nmin_unit = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"steps\.headlines: min_unit must be"):
        Pipeline(load_config(path), only=["headlines"], plugins=[PLUGIN])


def test_separators_are_folded_like_the_lines_they_separate():
    assert Headlines(separators=("\t|  ", "|", " | ")).separators == (" | ", "|")


def test_the_step_runs_after_removing_and_before_the_aliases_stage():
    (step,) = PIPELINE.steps
    assert isinstance(step, Headlines) and step.name == "headlines"
    assert Stage.REMOVE < step.stage == Stage.COLLAPSE < Stage.CANONICALIZE < Stage.TIDY
    assert [s.name for s in TIDY.steps] == ["headlines", "whitespace"]


# -- the period of a line ----------------------------------------------------------------------


def prefix_function(text: str) -> list[int]:
    """The KMP failure function: pi[i] is the length of the longest proper prefix of
    text[:i + 1] that is also its suffix."""
    pi = [0] * len(text)
    k = 0
    for i in range(1, len(text)):
        while k and text[k] != text[i]:
            k = pi[k - 1]
        if text[k] == text[i]:
            k += 1
        pi[i] = k
    return pi


@pytest.mark.parametrize(
    ("text", "period"),
    [("", 0), ("a", 1), ("aa", 1), ("ab", 2), ("abab", 2), ("ababa", 5), ("abcabcabc", 3),
     ("aabaab", 3), (H + H, len(H)), (H + " " + H + " ", len(H) + 1)],
)
def test_repetition_period(text, period):
    assert repetition_period(text) == period


@given(st.text(alphabet="ab ", max_size=40) | st.builds(
    lambda unit, k: unit * k, st.text(alphabet="abc", min_size=1, max_size=8), st.integers(1, 5)
))
def test_repetition_period_is_the_prefix_function_period(text):
    if text:
        p = len(text) - prefix_function(text)[-1]
        assert repetition_period(text) == (p if len(text) % p == 0 else len(text))


@pytest.mark.parametrize(
    ("make", "size"),
    [
        (lambda n: "ab" * n, 1_000_000),
        (lambda n: "a" * n + "b", 2_000_000),
        (lambda n: ("a" * 999 + "b") * n + "a", 2_000),
        (lambda n: H * n, 2_000_000 // len(H)),
        (lambda n: " ".join([H] * n), 2_000_000 // len(H)),
        (lambda n: " | ".join([H] * n) + " |", 2_000_000 // len(H)),
        (lambda n: "Islamic State advances. " * n, 100_000),
    ],
    ids=["ab", "a-then-b", "near-periodic", "glued", "spaced", "piped-almost", "prose"],
)
def test_a_2mb_line_goes_through_in_linear_time(make, size):
    once = run(make(size))
    assert run(once.text).edits == ()
    assert_linear_work(run, make, max(size // 200, 10))  # wall-clock ratios: benchmarks/linear.py


def test_many_copies_go_through_in_linear_time():
    doc = run("\n\n".join([H, P, M, M] * 25_000))
    assert [line for line in lines_of(doc.text) if line] == [H, P, M]
    assert len(doc.edits) == 4 * 25_000 - 3
    assert_linear_work(run, lambda n: "\n\n".join([H, P, M, M] * n), 250)


# -- contracts, on texts built from a small alphabet of lines ----------------------------------

UNITS = (H, M, P, CJK, "Ramadi Falls", "World News", "Yes.", "Background", "* * *", "ha",
         f"{M} | {M}", "x - x")
SEPARATORS = ("", " ", "  ", "\t", " | ", " - ", " — ")


def _repeat(unit: str, sep: str, times: int) -> str:
    return sep.join([unit] * times)


def _lines() -> st.SearchStrategy[str]:
    unit = st.sampled_from(UNITS)
    pads = st.sampled_from(["", " ", "\t"])
    simple = st.one_of(
        unit,
        st.builds(_repeat, unit, st.sampled_from(SEPARATORS), st.integers(2, 3)),
        st.builds(lambda u, a, b: a + u.replace(" ", "  ", 1) + b, unit, pads, pads),
        st.sampled_from(["", " ", "\t"]),
    )
    return simple | st.builds(_repeat, simple, st.sampled_from(SEPARATORS), st.integers(2, 3))


ALPHABET_TEXTS = st.builds(
    lambda lines, ending: ending.join(lines),
    st.lists(_lines(), max_size=12),
    st.sampled_from(["\n", "\r\n", "\r"]),
)


TOKEN_DIFF_MISREADS = (
    f"{H}\nRamadi Falls\n{H}\nRamadi Falls Ramadi Falls",
    f"{H}{H}\nShare\n{H}\nShare\n",
)


@given(ALPHABET_TEXTS)
@example(TOKEN_DIFF_MISREADS[0])
@example(TOKEN_DIFF_MISREADS[1])
@example(f"{H}\n\n{H}{H}\n")
@example(f"{P}\n{M}\n{P}\n{M}\n")
@example(f"{M} | {M} - {M} | {M}")
def test_the_step_is_idempotent_and_accountable(text):
    once = assert_idempotent(Headlines(), text, CTX)
    assert replay(text, once) == once.text


@given(ALPHABET_TEXTS)
def test_every_distinct_line_keeps_its_first_occurrence(text):
    step = Headlines()
    collapsed = [step.repeated_unit(line) or line for line in lines_of(text)]
    assert first_occurrences(lines_of(run(text).text)) == first_occurrences(collapsed)


@given(ALPHABET_TEXTS)
def test_headlines_then_whitespace_is_idempotent(text):
    assert_idempotent(TIDY, text)


@given(texts())
def test_the_step_keeps_the_contracts_on_news_debris(text):
    once = assert_idempotent(Headlines(), text, CTX)
    assert replay(text, once) == once.text
    assert_idempotent(TIDY, text)


@given(st.text())
def test_the_step_is_total(text):
    doc = run(text)
    assert replay(text, doc) == doc.text


# Once misread by an alignment-based accountability check, which paired a removed copy with the
# wrong neighbour and reported a kept token as lost; kept as regression cases.
@pytest.mark.parametrize("text", TOKEN_DIFF_MISREADS)
def test_removed_copies_are_accounted_for(text):
    assert_accountable(Headlines(), text, CTX)

"""The ``encoding`` step: what it repairs, what it leaves alone, its options, and its contracts
(idempotent, total, every change an edit), including every counterexample hypothesis found."""

from __future__ import annotations

import functools
import itertools
import random

import ftfy
import pytest
import regex
from ftfy.badness import is_bad
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textclean.document import Document, Edit
from textclean.errors import ConfigError
from textclean.pipeline import Pipeline
from textclean.steps.encoding import RULES, Encoding, _machinery, unescape_entities
from textclean.testing import ENTITIES, ODD_CHARACTERS, assert_idempotent, mojibake, texts

RULE_ID = regex.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*")


@functools.cache
def pipeline() -> Pipeline:
    return Pipeline(only=["encoding"], plugins=["textclean.steps.encoding"])


@functools.cache
def with_whitespace() -> Pipeline:
    return Pipeline(only=["encoding", "whitespace"], plugins=["textclean.steps.encoding"])


def run(text: str, step: Encoding | None = None) -> Document:
    return (step or Encoding())(Document(text), pipeline().context)


# -- what it repairs ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected", "rules"), [
    ("donâ€™t", "don’t", ["encoding.mojibake"]),
    ("CafÃ© owners in ZÃ¼rich", "Café owners in Zürich", ["encoding.mojibake"]),
    ("â€œWe will make all efforts,â€\x9d Lavrov said.", "“We will make all efforts,” Lavrov said.",
     ["encoding.mojibake"]),
    (mojibake("The franc’s rise — and more.", codec="latin-1"), "The franc’s rise — and more.",
     ["encoding.mojibake"]),
    (mojibake("Zürich’s café", times=2), "Zürich’s café", ["encoding.mojibake"]),
    ("voilÃ le travail", "voilà le travail", ["encoding.mojibake"]),
    ("Tom &amp; Jerry", "Tom & Jerry", ["encoding.html-entities"]),
    ("Russia&#8217;s FM", "Russia’s FM", ["encoding.html-entities"]),
    ("10&nbsp;km", "10\xa0km", ["encoding.html-entities"]),
    ("P&eacute;rez &quot;said&quot;", "Pérez \"said\"", ["encoding.html-entities"]),
    ("AT&amp;amp;T", "AT&T", ["encoding.html-entities"]),
    ("&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>", ["encoding.html-entities"]),
    ("<https://x.org/?a=1&amp;b=2>", "<https://x.org/?a=1&b=2>", ["encoding.html-entities"]),
    ("CafÃ© &amp; bar", "Café & bar", ["encoding.html-entities", "encoding.mojibake"]),
    ("Cafe\u0301", "Café", ["encoding.nfc"]),
    ("It costs 5\x85 or more", "It costs 5… or more", ["encoding.c1-controls"]),
    ("\ufeffMoscow", "Moscow", ["encoding.control-chars"]),
    ("a\x0bb\x00c", "abc", ["encoding.control-chars"]),
    ("\x1b[31mred\x1b[0m", "red", ["encoding.terminal-escapes"]),
    ("ﬁnal ﬂight", "final flight", ["encoding.ligatures"]),
    ("\ud83d\udca9 and \ud800", "💩 and \ufffd", ["encoding.surrogates"]),
    ("one\rtwo", "one\ntwo", ["encoding.line-breaks"]),
    ("one\u2028two\u2029three", "one\ntwo\nthree", ["encoding.line-breaks"]),
    ("one&#10;two", "one\ntwo", ["encoding.html-entities"]),
])
def test_repairs_a_line_and_names_the_fix(text, expected, rules):
    doc = run(text)
    assert doc.text == expected
    assert [edit.rule for edit in doc.edits] == rules
    assert doc.edits[0].before == text
    assert doc.edits[-1].after == expected
    assert all(edit.line == 1 and edit.step == "" for edit in doc.edits)


def test_crlf_line_ends_become_lf_in_one_edit_without_shifting_line_numbers():
    doc = run("first\r\nsecond\r\nCafÃ©\r\n")
    assert doc.text == "first\nsecond\nCafé\n"
    assert doc.edits[0] == Edit("encoding.line-breaks", before="\r\r\r", after="", line=0)
    assert doc.edits[1] == Edit("encoding.mojibake", before="CafÃ©", after="Café", line=3)


def test_edits_carry_the_line_number_of_the_text_received():
    doc = run("Clean line.\n\nSecond “clean” line.\nRussia&#8217;s FM\nlast")
    assert [(e.rule, e.line) for e in doc.edits] == [("encoding.html-entities", 4)]


def test_a_line_split_by_a_fix_keeps_its_own_line_number():
    doc = run("a\nx&#13;&#10;CafÃ©\nb")
    assert doc.text == "a\nx\nCafé\nb"
    assert [(e.rule, e.line) for e in doc.edits] == [
        ("encoding.html-entities", 2), ("encoding.line-breaks", 2), ("encoding.mojibake", 2)]


@pytest.mark.parametrize("rule", sorted(set(RULES.values()) | {"encoding.ftfy"}))
def test_rule_ids_have_the_shape_of_rule_ids(rule):
    assert RULE_ID.fullmatch(rule)


# -- what it leaves alone -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Moscow and Baghdad have been expanding military cooperation, Putin said.",
    "“We will make all efforts to meet [Iraq’s] possible requests,” Lavrov told reporters.",
    "Café owners in Zürich say the franc’s rise has cost them 10% of their trade — and more.",
    "Die Größe der Straße überrascht; Ça va, naïve coöperation.",
    "The fund paid £5m and €10m – about ¥1bn – in 2015…",
    "AT&T and Q&A sessions; R&D rose 5% & more",
    "Use &nbsp without a semicolon, or this&not that",
    "if x < 5 & y > 3",
    "Президент заявил, что Россия готова помочь Ираку.",
    "中国外交部发言人在例行记者会上表示，中方对此表示关切（全文）。",
    "ＬＯＵＤ　ＮＯＩＳＥＳ and ｶﾀｶﾅ stay as they are",
    "قال المتحدث إن المفاوضات ستستمر الأسبوع المقبل.",
    "Αθήνα: ο πρωθυπουργός δήλωσε ότι «η Ελλάδα» θα στηρίξει.",
    "Emoji stay 👍🏽 and ZWJ stays 👩\u200d💻 with a\u00a0no-break space",
    "Tabs\tstay and a form feed \x0c stays too",
    "Ligature-free 'straight' and “curly” quotes both stay",
    "",
    "\n\n",
])
def test_leaves_clean_text_alone(text):
    doc = Document(text + "\nsecond line\n")
    assert run(doc.text).edits == ()
    assert Encoding()(doc, pipeline().context) is doc


# -- options ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("options", "text", "expected", "rule"), [
    ({"uncurl_quotes": True}, "“It’s”", "\"It's\"", "encoding.uncurl-quotes"),
    ({"fix_character_width": True}, "ＬＯＵＤ　ＮＯＩＳＥＳ", "LOUD NOISES",
     "encoding.character-width"),
    ({"normalization": "NFKC"}, "10³ km²", "103 km2", "encoding.nfkc"),
    ({"normalization": "nfd"}, "é", "e\u0301", "encoding.nfd"),
])
def test_options_turn_on_fixes_that_are_off_by_default(options, text, expected, rule):
    assert run(text).text == text
    doc = run(text, Encoding(**options))
    assert doc.text == expected
    assert [edit.rule for edit in doc.edits] == [rule]


@pytest.mark.parametrize(("options", "text"), [
    ({"unescape_html": False}, "Tom &amp; Jerry"),
    ({"fix_latin_ligatures": False}, "ﬁnal"),
    ({"normalization": None}, "Cafe\u0301"),
    ({"normalization": "none"}, "Cafe\u0301"),
])
def test_options_turn_off_default_fixes(options, text):
    assert run(text).edits
    assert run(text, Encoding(**options)).edits == ()


@pytest.mark.parametrize(("options", "message"), [
    ({"uncurl_quotes": "yes"}, "option 'uncurl_quotes' must be true or false, not 'yes'"),
    ({"unescape_html": 1}, "option 'unescape_html' must be true or false, not 1"),
    ({"normalization": "NFX"}, "option 'normalization' must be one of NFC, NFKC, NFD, NFKD or"),
    ({"normalization": True}, "option 'normalization' must be one of"),
])
def test_invalid_options_are_clear_errors(options, message):
    with pytest.raises(ValueError, match=regex.escape(message)):
        Encoding(**options)


def test_option_values_are_canonical_so_equal_configs_fingerprint_alike():
    assert Encoding(normalization="nfc") == Encoding()
    assert Encoding(normalization="none") == Encoding(normalization=None)


def test_a_bad_option_in_config_is_a_config_error(tmp_path):
    config = tmp_path / "textclean.toml"
    config.write_text("[steps.encoding]\nnormalization = 'NFX'\n")
    with pytest.raises(ConfigError, match="steps.encoding: option 'normalization'"):
        Pipeline(config, plugins=["textclean.steps.encoding"])


def test_loads_as_a_plugin_in_the_repair_stage():
    assert [step.name for step in pipeline().steps] == ["encoding"]
    doc = pipeline()("donâ€™t &amp; won’t")
    assert doc.text == "don’t & won’t"
    assert {edit.step for edit in doc.edits} == {"encoding"}


# -- idempotence --------------------------------------------------------------------------------

STEPS = [
    Encoding(),
    Encoding(uncurl_quotes=True, fix_character_width=True),
    Encoding(normalization="NFKC"),
    Encoding(normalization="NFD"),
    Encoding(unescape_html=False, normalization=None),
    Encoding(fix_latin_ligatures=False),
]

#: Inputs on which ftfy.fix_text, or an earlier version of this step, was not idempotent.
COUNTEREXAMPLES = [
    "&amp;\r‹",              # ftfy: a "\r" fixed into "\n" changes the next pass's segments
    "&amp;\u2028‹",
    "&#10;&amp;amp;",        # an entity that makes a line break
    "x&#13;&#10;y",          # once came out "x\n\ny": "\r\n" split before it was joined
    "â€¨CafÃ©",             # mojibake of U+2028, then more mojibake on the new line
    "&amp;amp;amp;",         # nested escapes
    "&amp;lt;b&amp;gt;",     # unescaping makes a "<" (ftfy's auto mode then stops)
    "&lt; &amp;amp;",
    "&am&#112;;",            # a replacement completes an entity to its left
    "&&#97;mp;",
    "&amp&semi;",
    "＆amp;",                 # width folding makes an entity (with fix_character_width)
    "\r\n\r",
    "a\r\r\nb",
    "e\u0301\u0301\u0323",   # combining marks reorder and compose
    "\u0958",                # NFC decomposes this one
    "ﬁ\u0301",
    mojibake("“Ã©” — don’t", times=2),
    mojibake("a\u2028b “x” café"),
    "\xa0Ã\xa0\xa0Ã",
    "Ã \u2028Ã ",
    "\ud83d\r\udca9",        # a surrogate pair split by a line break
    "\ud800&#10;\udc00",
    "Ã\ud83d&nbsp;",         # see test_trailing_white_space_is_kept_out_of_the_repair
    "Ã\ufffd\xa0",
    "&amp;\r&#10;&amp;",
]


@pytest.mark.parametrize("step", STEPS, ids=repr)
@pytest.mark.parametrize("text", COUNTEREXAMPLES)
def test_idempotent_on_known_counterexamples(text, step):
    assert_idempotent(step, text)


ATOMS = [*ENTITIES, *ODD_CHARACTERS, "&", "amp;", "#10;", "#13;", ";", "#", "\n", "\r\n", "<",
         "Ã", "Â", "©", "â€", "™", "\x9d", "\x81", "\xa0", " ", "e", "é", "\u0301", "\u0300",
         "‹", "“", "”", "’", "\ud83d", "\udca9", "\ud800", "ﬁ", "＆", "ｱ", "\u3000", "Œ", "œ",
         "вЂ", "Ђ", "Ø", "Ù", "£", "€", "&#x2028;", "&#133;", "&#38;", "&#0;", "\x1b[31m",
         "\ufeff", "\u0958", "x"]
tricky = st.lists(st.one_of(st.sampled_from(ATOMS), st.text(max_size=3)), max_size=24).map("".join)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(tricky, texts(), st.text()), st.sampled_from(STEPS))
def test_idempotent_and_accountable_on_any_text(text, step):
    once = assert_idempotent(step, text)
    assert (once.text != text) == bool(once.edits)
    lines = text.replace("\r\n", "\n").split("\n")
    first_edit_of_line: dict[int, Edit] = {}
    for edit in once.edits:
        assert RULE_ID.fullmatch(edit.rule)
        first_edit_of_line.setdefault(edit.line, edit)
    for number, edit in first_edit_of_line.items():
        if number:
            assert edit.before == lines[number - 1]


# -- the gate: the lines that skip ftfy are lines ftfy would not change -------------------------

SUSPECT = sorted({c for c in ftfy.badness.BADNESS_RE.pattern if ord(c) > 0x7F}
                 | set("ВГРСвўЂβπΆΒΓΞΟ") | {chr(c) for c in range(0x20, 0x7F)} | {"\xa0"})


def test_gate_finds_every_pair_that_ftfy_calls_mojibake():
    gate = _machinery(Encoding()).ftfy
    alphabet = SUSPECT + sorted(set("".join(ftfy.badness.MOJIBAKE_CATEGORIES.values())))
    missed = [a + b for a, b in itertools.product(alphabet, repeat=2)
              if is_bad(a + b) and not gate.search(a + b)]
    assert missed == []


def test_gate_finds_every_longer_string_that_ftfy_calls_mojibake():
    gate = _machinery(Encoding()).ftfy
    rng = random.Random(2015)
    alphabet = [*SUSPECT, *"ÃÂ ØÙ"]
    samples = ("".join(rng.choice(alphabet) for _ in range(rng.randint(3, 6)))
               for _ in range(50_000))
    missed = [s for s in samples if is_bad(s) and not gate.search(s)]
    assert missed == []


@given(st.text(alphabet=st.sampled_from([*SUSPECT, *"ÃÂ\x80\x9d"]), max_size=12))
def test_a_line_the_gate_lets_pass_is_one_ftfy_leaves_alone(line):
    gate = _machinery(Encoding()).ftfy
    if not gate.search(line):
        assert not is_bad(line)


@pytest.mark.parametrize("text", [
    mojibake("“We will make all efforts,” Lavrov said of Zürich’s café — £5, €10."),
    mojibake("Президент заявил, что «Россия» готова помочь."),
    mojibake("Café owners in Zürich say the franc’s rise", codec="latin-1"),
    "Die Größe der Straße überrascht; Ça va, naïve coöperation.",
])
def test_same_result_as_ftfy_encoding_fixes_on_news_lines(text):
    config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
    assert run(text).text == ftfy.fix_text(text, config)


# -- linear time and totality ---------------------------------------------------------------------

def test_deeply_nested_entities_unescape_in_one_linear_pass():
    nested = "&" + "amp;" * 200_000
    assert unescape_entities(nested) == "&"
    assert unescape_entities("&am&#112;; &&#97;mp;lt; x") == "& < x"


@pytest.mark.parametrize("unit", ["donâ€™t Ã© â€œquotedâ€\x9d ", "&amp;", "’“", "e\u0301"])
def test_a_long_single_line_goes_through(unit):
    line = unit * (200_000 // len(unit))
    once = run(line)
    assert run(once.text).edits == ()


@pytest.mark.parametrize("text", ["\ud800", "\udfff\ud800", "a\ud800\nb", "\x00" * 5, "\ufffd"])
def test_never_raises_on_odd_strings(text):
    assert_idempotent(Encoding(), text)

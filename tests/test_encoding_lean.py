"""The encoding step's lean path gives exactly what ftfy's whole path gives: the same text and
the same explanation (so the same edits, named by the same rules), on generated text, on
mojibake made in many encodings, and on cases written after the kinds in ftfy's own test suite
(mojibake found in the wild, synthetic edge cases, and negatives that only look like mojibake)."""

from __future__ import annotations

from unittest import mock

import ftfy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from textclean.document import Document
from textclean.pipeline import Pipeline
from textclean.steps import encoding
from textclean.steps.encoding import Encoding, _fix_lean, _machinery
from textclean.testing import mojibake, texts

CONFIGS = [
    Encoding(),
    Encoding(uncurl_quotes=True, fix_character_width=True),
    Encoding(fix_latin_ligatures=False, normalization=None),
    Encoding(normalization="NFKC"),
]


def full(text: str, step: Encoding) -> tuple[str, list[tuple[str, str]]]:
    fixed, plan = ftfy.fix_and_explain(text, _machinery(step).config)
    return fixed, [tuple(action) for action in plan or []]


def lean(text: str, step: Encoding) -> tuple[str, list[tuple[str, str]]]:
    fixed, plan = _fix_lean(text, _machinery(step))
    return fixed, [tuple(action) for action in plan]


def assert_same(text: str) -> None:
    for step in CONFIGS:
        assert lean(text, step) == full(text, step), (step, text)


# -- cases of the kinds ftfy tests itself on ---------------------------------------------------

WORDS = ["בהודעה", "رسالة", "Ελλάδα", "Москва", "Zürich’s café", "“quoted” — text…", "août",
         "HÔTEL", "CÙIS", "åklagarmyndighets", "voilà le travail", "≥40\\%", "中文", "日本語",
         "한국어", "ĂŞŢ", "Łódź", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀"]
CODECS = ["latin-1", "sloppy-windows-1252", "sloppy-windows-1250", "sloppy-windows-1251",
          "macroman", "cp437", "iso-8859-2"]


def _garbled() -> list[str]:
    cases = []
    for word in WORDS:
        for codec in CODECS:
            cases.append(word.encode("utf-8").decode(codec, errors="replace"))
        cases.append(mojibake(word, times=2))
        cases.append(mojibake(word) + " and clean text after it")
    return cases


CASES = [
    *_garbled(),
    # Windows-1252 mojibake with a lost byte (sloppy decoding turned it into U+FFFD)
    "â€œlossy decodingâ€\ufffd",
    "â€œmismatched quotesâ€¦”",
    "\u00e2\u0080\u009cmismatched quotes\u0085\u0094",
    # a no-break space that became a plain space inside a UTF-8 sequence
    "voilÃ le travail", "voilÃ  le travail", "Ã  la carte", "â€ test",
    # negatives: text that only looks like mojibake
    "I'm not such a fan of Charlotte Brontë…”", "AHÅ™, the new sofa from IKEA",
    "ВІКІ is Ukrainian for WIKI", "a radius of 10 Å—", "!YO SÉ¡", "NICIODATĂ\u00a0",
    "NICIODATĂ™", "TRANSFORMATORIŲ™", "HÅØYA ER BLÅØYD", "Ō¬o", "ПоздравЂаво",
    "There are a lot of Ã’s in mojibake text",
    # control characters, C1 controls, escapes, surrogates, ligatures, width, normalisation
    "These control characters \u001a are apparently intentional \u0081",
    "Here's a control character: \u001a", "It costs 5\x85 or more", "\x80\x81\x8d\x9d\x9f",
    "\ufeffMoscow", "a\x0bb\x00c\x7f", "\x1b[31mred\x1b[0m", "\x1bnot an escape",
    "\ud83d\udca9 and \ud800", "ﬁnal ﬂight", "ＬＯＵＤ　ＮＯＩＳＥＳ ｶﾀｶﾅ", "Cafe\u0301",
    "\u2018single\u2019 \u201cdouble\u201d \u02bc", "\u206a\ufff9\ufffc", "question? marks?",
    "Ã?", "Â\u00a0", "Ã\ufffd\xa0", "caf\xc3\xa9\x1a", "",
]


@pytest.mark.parametrize("text", CASES)
def test_lean_repair_is_ftfys_repair_on_known_cases(text):
    assert_same(text)


def test_the_cases_exercise_every_kind_of_fix():
    kinds = {action for text in CASES for action in full(text, CONFIGS[1])[1]}
    assert {("encode", "sloppy-windows-1252"), ("transcode", "restore_byte_a0"),
            ("transcode", "replace_lossy_sequences"), ("apply", "remove_control_chars"),
            ("apply", "fix_latin_ligatures"), ("apply", "fix_surrogates"),
            ("apply", "remove_terminal_escapes"), ("apply", "fix_character_width"),
            ("apply", "uncurl_quotes"), ("normalize", "NFC")} <= kinds


# -- generated text ------------------------------------------------------------------------------

SUSPECT = (
    [chr(c) for c in range(0x80, 0x100)] + list("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")
    + list("ВЂвЃђѓ‚„…†‡€‰Љ‹ЊЌЋЏ") + list("ĂăŞşŢţŁł") + ["\u2500", "\u2502", "\u2591", "\u03a9"]
    + ["?", "\ufffd", "\x1a", " ", "a", "e", "\x1b", "[", "m", "\ud83d", "\udca9", "ﬁ", "Ａ",
       "\u0301", "\ufeff", "\x00", "\u02bc"]
)


@given(st.text(st.sampled_from(SUSPECT), max_size=30))
def test_lean_repair_is_ftfys_repair_on_suspect_characters(text):
    assert_same(text)


@given(texts())
def test_lean_repair_is_ftfys_repair_on_news_debris(text):
    for line in text.replace("\r", "\n").split("\n"):
        assert_same(line)


@given(st.text(max_size=40), st.sampled_from(CODECS), st.integers(1, 2))
def test_lean_repair_is_ftfys_repair_on_mojibake_of_any_text(text, codec, times):
    for _ in range(times):
        text = text.encode("utf-8", errors="surrogatepass").decode(codec, errors="replace")
    assert_same(text)


# -- the step: same text, same edits -------------------------------------------------------------

CONTEXT = Pipeline(only=["encoding"]).context


def _full_path(text, machinery):
    fixed, plan = ftfy.fix_and_explain(text, machinery.config)
    return fixed, list(plan or [])


@given(texts())
def test_the_step_makes_the_same_edits_through_either_path(text):
    for step in CONFIGS:
        lean_doc = step(Document(text), CONTEXT)
        with mock.patch.object(encoding, "_fix_lean", _full_path):
            full_doc = step(Document(text), CONTEXT)
        assert lean_doc.text == full_doc.text
        assert lean_doc.edits == full_doc.edits



# -- what the lean path saves, and its fallback ----------------------------------------------------

def test_a_garbled_line_asks_ftfy_for_one_repair_step_only():
    # ftfy's whole path takes four: two rounds, each repeating the step until nothing changes.
    calls = []
    real = encoding._ONE_STEP

    def counting(text, config):
        calls.append(text)
        return real(text, config)

    with mock.patch.object(encoding, "_ONE_STEP", counting):
        fixed, plan = _fix_lean("CafÃ© owners in ZÃ¼rich", _machinery(Encoding()))
    assert fixed == "Café owners in Zürich"
    assert [tuple(step) for step in plan] == [("encode", "latin-1"),
                                              ("decode", "utf-8")]
    assert calls == ["CafÃ© owners in ZÃ¼rich"]


@pytest.mark.parametrize("text", ["CafÃ© &amp; \x1b[1mbar\ufeff", "ﬁnal Cafe\u0301", "plain"])
def test_without_ftfys_step_function_the_whole_path_runs(text):
    with mock.patch.object(encoding, "_ONE_STEP", None):
        assert lean(text, Encoding()) == full(text, Encoding())

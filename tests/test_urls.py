"""The urls step: a source footer becomes meta.url and leaves the text, every other URL is listed
in meta.urls once, and kept, removed or replaced; each change is an edit; a second run changes
nothing, text or meta."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from linearity import assert_linear_work

from textclean import Document, Meta, Pipeline, Stage
from textclean.config import config_from_data
from textclean.errors import ConfigError
from textclean.steps.urls import Urls, find_urls, source_footer
from textclean.testing import assert_accountable, assert_idempotent, documents

PLUGIN = "textclean.steps.urls"
PIPELINE = Pipeline(only=["urls"], plugins=[PLUGIN])
CTX = PIPELINE.context
SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds"
MTIMES = ("https://www.themoscowtimes.com/2015/05/21/"
          "russias-putin-lavrov-vow-to-assist-in-iraqs-fight-against-islamic-state-a46749")


def run(text: str, *, url: str | None = None, urls: tuple[str, ...] = (), **options) -> Document:
    return Urls(**options)(Document(text, Meta(url=url, urls=urls)), CTX)


# -- what a URL is ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See https://x.com/a for more.", ["https://x.com/a"]),
        ("(https://x.com/a).", ["https://x.com/a"]),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("(see https://en.wikipedia.org/wiki/Foo_(bar)).",
         ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("[the report](https://x.com/r.pdf)", ["https://x.com/r.pdf"]),
        ("<https://rt.com/news/1>", ["https://rt.com/news/1"]),
        ("“https://x.com/a,” he wrote.", ["https://x.com/a"]),
        ("'https://x.com/a'", ["https://x.com/a"]),
        ("Visit www.example.org/path?x=1, or HTTP://EXAMPLE.COM/A!",
         ["www.example.org/path?x=1", "HTTP://EXAMPLE.COM/A"]),
        ("https://x.com/a?b=1&c=2#frag;", ["https://x.com/a?b=1&c=2#frag"]),
        ("**https://x.com/a**", ["https://x.com/a"]),
        ("见 https://x.com/a。", ["https://x.com/a"]),
        ("two: https://a.com/1 https://b.com/2.", ["https://a.com/1", "https://b.com/2"]),
        ("https://a.com/x?u=http://b.com/y", ["https://a.com/x?u=http://b.com/y"]),
        ("http://www.rt.com", ["http://www.rt.com"]),
    ],
)
def test_urls_are_found_with_trailing_punctuation_trimmed(text, expected):
    assert [found.url for found in find_urls(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The http protocol and the www are old.",
        "http:// and https:// alone",
        "www. is not a host",
        "user@www.example.com",
        "xhttp://glued.example",
        "file.www.example.com",
        "mailto:press@example.com",
        "a.b.c.d, e.g. i.e. U.S. 3.14",
    ],
)
def test_text_without_a_url_has_none(text):
    assert list(find_urls(text)) == []


# -- source footers -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "body", "url"),
    [
        ("Body.\n\nOriginal url:\n\n<https://rt.com/a>\n", "Body.\n\n", "https://rt.com/a"),
        ("Body.\nOriginal url: https://rt.com/a\n", "Body.\n", "https://rt.com/a"),
        ("Body.\nOriginal URL:\nhttps://rt.com/a", "Body.", "https://rt.com/a"),
        ("Body.\nSource: <https://rt.com/a>\n", "Body.\n", "https://rt.com/a"),
        ("Body.\nSource URL: https://rt.com/a\n", "Body.\n", "https://rt.com/a"),
        ("Body.\nOriginally published at https://rt.com/a.\n", "Body.\n", "https://rt.com/a"),
        ("Body.\nRead the original article: https://rt.com/a\n", "Body.\n", "https://rt.com/a"),
        ("Body.\nOriginal article: www.rt.com/a\n", "Body.\n", "www.rt.com/a"),
        ("Body.\n  source -  https://rt.com/a  \n", "Body.\n", "https://rt.com/a"),
        ("Source: https://rt.com/a\nBody.\n", "Body.\n", "https://rt.com/a"),
        ("Body.\r\n\r\nOriginal url:\r\n\r\n<https://rt.com/a>\r\n", "Body.\r\n\r\n",
         "https://rt.com/a"),
    ],
)
def test_a_source_footer_leaves_the_text_and_becomes_meta_url(text, body, url):
    doc = run(text)
    assert (doc.text, doc.meta.url, doc.meta.urls) == (body, url, ())
    assert [edit.rule for edit in doc.edits] == ["urls.source-footer"]


@pytest.mark.parametrize(
    "line",
    [
        "Source: officials said the plan would be announced on Monday.",
        "Source: Reuters, https://reuters.com/a",
        "Source: https://reuters.com/a and the ministry",
        "Original url: see https://rt.com/a",
        "The source: https://rt.com/a",
        "Sources: https://rt.com/a",
        "Read more at https://rt.com/a",
        "Original url:",
        "https://rt.com/a",
    ],
)
def test_a_line_with_other_words_is_never_a_footer(line):
    text = f"Body.\n{line}\n"
    doc = run(text)
    assert doc.text == text
    assert doc.meta.url is None
    assert source_footer(line) in (None, (True, None))


def test_a_label_before_a_line_with_other_words_is_kept():
    text = "Source:\nThe ministry, https://gov.example/report\n"
    doc = run(text)
    assert doc.text == text
    assert (doc.meta.url, doc.meta.urls) == (None, ("https://gov.example/report",))


def test_the_edit_holds_the_label_the_blank_lines_and_the_url_line():
    doc = run("Body.\n\nOriginal url:\n\n<https://rt.com/a>")
    assert [(e.rule, e.before, e.after, e.line) for e in doc.edits] == [
        ("urls.source-footer", "Original url:\n\n<https://rt.com/a>", "", 3)
    ]


def test_the_first_of_several_footers_is_meta_url_and_the_others_are_listed():
    text = ("Source: https://a.com/1\nBody https://x.com/in.\n"
            "Original url:\nhttps://b.com/2\nSource: https://a.com/1\n")
    doc = run(text)
    assert doc.text == "Body https://x.com/in.\n"
    assert doc.meta.url == "https://a.com/1"
    assert doc.meta.urls == ("https://x.com/in", "https://b.com/2")
    assert [e.line for e in doc.edits] == [1, 3, 5]


def test_a_footer_uncovered_by_removing_another_goes_too():
    text = "Body.\nSource:\nOriginal url: https://a.com/1\nhttps://b.com/2\n"
    doc = run(text)
    assert doc.text == "Body.\n"
    assert (doc.meta.url, doc.meta.urls) == ("https://a.com/1", ("https://b.com/2",))


def test_a_line_the_boilerplate_rules_remove_between_label_and_url_goes_with_them():
    doc = run("Body.\nSource:\nShare\n\n<https://rt.com/a>\n")
    assert (doc.text, doc.meta.url) == ("Body.\n", "https://rt.com/a")
    assert doc.edits[0].before == "Source:\nShare\n\n<https://rt.com/a>"


@pytest.mark.parametrize(
    ("given", "urls"),
    [
        ("https://caller.example/a", ("https://rt.com/a",)),
        ("https://rt.com/a", ()),
    ],
)
def test_a_url_given_by_the_caller_is_kept_and_the_footer_still_goes(given, urls):
    doc = run("Body.\nOriginal url: https://rt.com/a\n", url=given)
    assert doc.text == "Body.\n"
    assert (doc.meta.url, doc.meta.urls) == (given, urls)


def test_the_seed_footer_is_found():
    doc = run((SEEDS / "002_579868386fe43ed7.txt").read_text(encoding="utf-8"))
    assert doc.meta.url == MTIMES
    assert "Original url" not in doc.text and "themoscowtimes" not in doc.text
    assert doc.text.endswith("without giving details of the weapons.\n")


@pytest.mark.parametrize(
    "name", sorted(p.name for p in SEEDS.glob("*.txt") if not p.name.startswith("002"))
)
def test_seeds_without_urls_are_returned_untouched(name):
    doc = Document((SEEDS / name).read_text(encoding="utf-8"))
    assert Urls()(doc, CTX) is doc


# -- inline URLs --------------------------------------------------------------------------------

def test_inline_urls_are_kept_and_listed_once_in_order_by_default():
    text = "See https://b.com/x.\nAlso www.a.org and https://b.com/x again (https://c.com).\n"
    doc = run(text)
    assert doc.text == text and doc.edits == ()
    assert doc.meta.urls == ("https://b.com/x", "www.a.org", "https://c.com")


@pytest.mark.parametrize(
    ("text", "removed", "replaced"),
    [
        ("See https://x.com/a for more.", "See for more.", "See <URL> for more."),
        ("Details at https://x.com/a.", "Details at.", "Details at <URL>."),
        ("Details (https://x.com/a).", "Details.", "Details (<URL>)."),
        ("Read [it](https://x.com/a) now", "Read [it] now", "Read [it](<URL>) now"),
        ("https://x.com/a is down", "is down", "<URL> is down"),
        ("  https://x.com/a https://y.com/b and more", "  and more", "  <URL> <URL> and more"),
        ("Links: https://x.com/a, https://y.com/b.", "Links:,.", "Links: <URL>, <URL>."),
        ("https://x.com/a", "", "<URL>"),
        ("He said “https://x.com/a” twice.", "He said twice.", "He said “<URL>” twice."),
    ],
)
def test_inline_urls_can_be_removed_or_replaced(text, removed, replaced):
    for inline, expected in (("remove", removed), ("placeholder", replaced)):
        doc = run(text, inline=inline)
        assert doc.text == expected, inline
        assert {edit.rule for edit in doc.edits} == {"urls.inline"}
        assert all(edit.line == 1 for edit in doc.edits)
        assert run(doc.text, inline=inline, urls=doc.meta.urls).text == expected


def test_an_inline_edit_names_the_words_it_changed():
    doc = run("Details at https://x.com/a. Then (www.y.org) ok", inline="remove")
    assert [(e.before, e.after) for e in doc.edits] == [
        ("at https://x.com/a.", "at."), ("(www.y.org)", ""),
    ]


def test_a_wrapper_stays_when_removing_it_would_glue_a_new_url():
    doc = run("http://<https://a.b/c>a", inline="remove")
    assert doc.text == "http://<>a"
    assert run(doc.text, inline="remove").edits == ()


def test_the_placeholder_option_is_used():
    assert run("See https://x.com/a.", inline="placeholder", placeholder="[link]").text == (
        "See [link]."
    )


def test_a_second_run_over_removed_urls_keeps_the_metadata():
    once = run("Body https://x.com/a.\nSource: https://rt.com/a\n", inline="remove")
    assert (once.text, once.meta.url, once.meta.urls) == (
        "Body.\n", "https://rt.com/a", ("https://x.com/a",)
    )
    again = Urls(inline="remove")(once, CTX)
    assert again.meta == once.meta and again.text == once.text


def test_urls_already_listed_come_first():
    doc = run("See https://b.com and https://a.com.", urls=("https://a.com", "https://z.com"))
    assert doc.meta.urls == ("https://a.com", "https://z.com", "https://b.com")


# -- options and the pipeline -------------------------------------------------------------------

@pytest.mark.parametrize(
    "options",
    [{"inline": "drop"}, {"placeholder": ""}, {"placeholder": "a\nb"},
     {"placeholder": "http://x"}, {"placeholder": "[url.]"}],
)
def test_bad_options_are_refused(options):
    with pytest.raises(ValueError):
        Urls(**options)


def test_options_come_from_the_config():
    config = config_from_data({"steps": {"urls": {"inline": "placeholder"}}}, where="test")
    pipeline = Pipeline(config, only=["urls"], plugins=[PLUGIN])
    doc = pipeline("See https://x.com/a.")
    assert doc.text == "See <URL>."
    assert [(e.step, e.rule) for e in doc.edits] == [("urls", "urls.inline")]
    with pytest.raises(ConfigError, match="inline"):
        Pipeline(config_from_data({"steps": {"urls": {"inline": "nope"}}}, where="test"),
                 only=["urls"], plugins=[PLUGIN])


def test_the_plugin_contributes_the_step_before_title():
    assert [step.name for step in PIPELINE.steps] == ["urls"]
    assert (Urls.stage, Urls.order) == (Stage.EXTRACT, 10)


# -- contracts ----------------------------------------------------------------------------------

URL_PIECES = st.sampled_from([
    "a", "b", " ", "  ", ".", ",", "(", ")", "<", ">", "[", "]", '"', "'", "“", "”", ":", "/",
    "\n", "\n\n", "\r\n", "\t", "http://", "https://", "www.", "WWW.", "x.com", "Source:",
    "Original url:", "Originally published at ", "Read the original article: ", "#", "-",
    "<https://a.b/c>", "(https://en.wiki/Foo_(bar)).", "https://x.com/a", "é", "ж",
    "\x1c", "\u00a0", "\u2028", "\u3002",
])
URL_TEXTS = st.lists(URL_PIECES, max_size=40).map("".join)
STEPS = [Urls(), Urls(inline="remove"), Urls(inline="placeholder")]


@given(st.sampled_from(STEPS), URL_TEXTS, st.sampled_from([None, "https://a.b/c", "x"]))
def test_urls_is_idempotent_and_accountable(step, text, url):
    doc = Document(text, Meta(url=url))
    assert_idempotent(step, doc, CTX)
    assert_accountable(step, doc, CTX)


@given(st.sampled_from(STEPS), documents())
def test_urls_is_idempotent_on_news_debris(step, doc):
    assert_idempotent(step, doc, CTX)


@given(st.sampled_from(STEPS), st.text())
def test_urls_takes_any_text(step, text):
    assert isinstance(step(Document(text), CTX), Document)


@pytest.mark.parametrize(
    ("make", "size"),
    [
        (lambda n: "http://" * n, 2_000_000 // 7),
        (lambda n: "www." * n, 2_000_000 // 4),
        (lambda n: "a." * n, 1_000_000),
        (lambda n: "http://x" + ")" * n, 2_000_000),
        (lambda n: " x https://a.b" * n, 2_000_000 // 14),
        (lambda n: "(<https://a.b>)" * n, 2_000_000 // 15),
        (lambda n: "Source:\n" * n + "https://a.b", 2_000_000 // 8),
    ],
    ids=["http", "www", "a-dot", "parens", "many-urls", "wrapped", "labels"],
)
@pytest.mark.parametrize("inline", ["keep", "remove"])
def test_a_2mb_line_goes_through_in_linear_time(make, size, inline):
    once = run(make(size), inline=inline)
    assert Urls(inline=inline)(once, CTX).edits == once.edits
    # Wall-clock ratios: benchmarks/linear.py.
    assert_linear_work(lambda text: run(text, inline=inline), make, size // 200)

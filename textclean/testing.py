"""Checks and hypothesis strategies for textclean's contracts, shared with plugin authors.

Needs the ``testing`` extra (``pip install textclean[testing]``). A plugin's tests are one line
(:func:`plugin_suite`: ``TestMine = plugin_suite("textclean_mine")``), plus what is its own;
the pieces of that suite are here to use on their own too::

    from hypothesis import given
    from textclean.testing import (
        assert_accountable, assert_idempotent, news_documents, pipeline_with,
    )

    pipeline = pipeline_with("textclean_myoutlet")

    @given(news_documents(pipeline))
    def test_my_plugin_keeps_the_contracts(doc):
        assert_idempotent(pipeline, doc)
        assert_accountable(pipeline, doc)

:func:`news_documents` composes news from the fragments the pipeline itself knows (every rule's
examples and counterexamples, every alias group's names and examples), so a plugin's own rules
and aliases are in the documents it draws without any work from its author.
"""

from __future__ import annotations

import functools
import types
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import ftfy.bad_codecs  # noqa: F401  - registers the "sloppy-windows-1252" codec
from hypothesis import strategies as st

from textclean.aliases import AliasTable
from textclean.config import Config
from textclean.document import Document, Meta
from textclean.pipeline import Pipeline
from textclean.rules import Rule, RuleBook
from textclean.step import Context, Step
from textclean.steps.date import top_dateline
from textclean.steps.urls import find_urls

__all__ = [
    "ADVERSARIAL_LINES",
    "assert_accountable",
    "assert_idempotent",
    "assert_rerun_agrees",
    "check_rules",
    "documents",
    "mojibake",
    "news_documents",
    "news_texts",
    "pages",
    "pipeline_with",
    "plugin_suite",
    "texts",
]

# -- a small sample of real-looking news debris ---------------------------------------------

PARAGRAPHS = (
    "Russia is ready to supply weapons to Iraq to aid the fight against Islamic State militants.",
    "“We will make all efforts to meet possible requests,” Lavrov told reporters on Thursday.",
    "Share prices fell 3% on Monday after the central bank raised interest rates.",
    "Advertisement revenue rose for the third quarter in a row, the company said.",
    "Read more about the plan in the report published by the ministry.",
    "The Pentagon said it would deliver 2,000 AT-4 anti-tank rockets to Iraq as soon as next week.",
    "Café owners in Zürich say the franc’s rise has cost them 10% of their trade — and more.",
    "Президент заявил, что Россия готова помочь Ираку.",
    "中国外交部发言人在例行记者会上表示，中方对此表示关切。",
    "قال المتحدث إن المفاوضات ستستمر الأسبوع المقبل.",
    "This is it: the vote is on Tuesday, and it is close.",
)
HEADLINES = (
    "Russia, Iraq to Expand Military Cooperation",
    "Putin Backs Syrian Rebels in Fight Against Islamic State Group",
    "Lavrov Underlines Anti-IS Efforts",
)
WIDGETS = (
    "Share", "Tweet", "Email", "Print", "Share this article", "Share on Facebook",
    "Facebook Twitter LinkedIn Email", "Advertisement", "Sponsored", "Load More", "In Other News",
    "Related articles", "READ MORE: ISIS claims full control of Ramadi (VIDEO)",
    "Read more: Putin meets Abadi in Moscow (PHOTOS)", "Sign up for our newsletter",
    "GETTY", "Image: AFP", "Photo: Reuters/John Doe", "Original url:",
)
ALIAS_CONTEXTS = (
    "Sergey Lavrov said", "Sergei Lavrov's remarks", "Haidar al-Abadi arrived", "Sergey Brin said",
    "ISIS-held towns", "anti-ISIS coalition", "IS's leader", "the IS advance", "ISIS/ISIL fighters",
    "Daesh is losing", "THIS IS IT", "Russia is ready", "Сергей Лавров заявил",
)
URLS = (
    "https://www.themoscowtimes.com/2015/05/21/a46749", "<https://rt.com/news/1>",
    "(https://example.com/a_(b)).", "www.example.org/path?x=1,", "see https://x.com/a.",
    "Original url:\n\n<https://www.rt.com/news/2>", "Source: https://www.reuters.com/world/x",
)
ENTITIES = ("&amp;", "&#8217;", "&nbsp;", "&quot;", "&lt;b&gt;", "&amp;amp;", "&#10;", "&eacute;")
ODD_CHARACTERS = ("\ufeff", "\u00a0", "\u200b", "\u200d", "e\u0301", "\u0301", "\u2028",
                  "\u2029", "\x85", "\x0c", "\t", "\r")
SEPARATORS = ("\n", "\n\n", "\n\n\n", "\r\n", "\r", " ", "", "\r\n\r\n")

#: Lines that make badly written patterns backtrack for a very long time.
ADVERSARIAL_LINES = (
    "a" * 5000 + "!",
    "READ MORE: " * 500,
    " " * 5000 + "x",
    "ab" * 5000,
    "Share " * 1000 + "x",
    "Photo: " + "Reuters/" * 800 + "!",
    "(" * 3000 + "x",
    "-" * 5000,
    "a." * 3000,
    "http://" * 1000,
)


def mojibake(text: str, *, codec: str = "sloppy-windows-1252", times: int = 1) -> str:
    """``text`` as it looks after its UTF-8 bytes were read as ``codec``, ``times`` times."""
    for _ in range(times):
        text = text.encode("utf-8").decode(codec, errors="replace")
    return text


def _pieces() -> st.SearchStrategy[str]:
    plain = st.sampled_from(PARAGRAPHS + HEADLINES)
    doubled = st.builds(
        lambda h, sep: h + sep + h, st.sampled_from(HEADLINES), st.sampled_from(["", " ", " | "])
    )
    garbled = st.builds(
        mojibake, plain, codec=st.sampled_from(["sloppy-windows-1252", "latin-1"]),
        times=st.integers(1, 2),
    )
    entity = st.builds(lambda p, e: p.replace(" ", f" {e} ", 1), plain, st.sampled_from(ENTITIES))
    return st.one_of(
        plain,
        doubled,
        garbled,
        entity,
        st.sampled_from(WIDGETS),
        st.sampled_from(ALIAS_CONTEXTS),
        st.sampled_from(URLS),
        st.sampled_from(ODD_CHARACTERS),
        st.text(max_size=40),
    )


#: Lines of a page around its article: menus, section lists, notices, bylines and dates.
MENU = (
    "Home", "World", "Business", "Sport", "Culture", "Video", "Opinion", "Latin America",
    "Entertainment & Arts", "Most Read", "Sign In", "Subscribe", "Newsletters", "Contact Us",
    "Privacy Policy", "Terms of Use", "Cookie Settings", "Skip to content", "More",
    "Obama Visits Prison, Says He Could Have Wound Up There", "Politik", "Wirtschaft",
    "Accueil", "Société", "Home | News | Sport", "World › Europe", "国际", "体育",
)
NOTICES = (
    "By Jane Doe", "May 21, 2015", "21.05.2015 12:46", "Jane Doe is a reporter covering Russia.",
    "© 2015 Example Media. All rights reserved.", "www.example.com",
    "We use cookies to improve your experience. By continuing to browse, you agree to the use "
    "of cookies.", "941 comments",
)
#: Lines that introduce a list, in an article ("...:") or in a page's footer ("Follow us:").
INTRODUCERS = ("How to check the level:", "Les mesures :", "具体步骤如下：", "Follow us:")
#: Sentences long and plain enough that three of them make a good paragraph.
_ENGLISH = tuple(p for p in PARAGRAPHS if p.isascii())


@st.composite
def pages(draw: st.DrawFn) -> str:
    """Whole pages dumped as text, one line per block: a menu, a headline, a byline, article
    paragraphs with widgets and lists after a colon between them, and a footer of lists and
    notices; with random lines of news debris and arbitrary text mixed in. They exercise steps
    that act only on what looks like a page (``pagetext``)."""
    lines: list[str] = draw(st.lists(st.sampled_from(MENU), min_size=10, max_size=40))
    lines.append(draw(st.sampled_from(HEADLINES)))
    lines += draw(st.lists(st.sampled_from(NOTICES), max_size=2))
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):  # a long paragraph: good content
            lines.append(" ".join(draw(st.permutations(_ENGLISH))[:3]))
        else:  # one to four sentences, in any of the sample languages
            lines.append(" ".join(draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=1,
                                                max_size=4))))
        if draw(st.integers(0, 3)) == 0:
            lines.append(draw(st.sampled_from(WIDGETS + NOTICES + MENU)))
        if draw(st.integers(0, 3)) == 0:  # a list after a colon, inside or after the article
            lines.append(draw(st.sampled_from(INTRODUCERS)))
            lines += draw(st.lists(st.sampled_from(MENU), min_size=1, max_size=25))
    lines += draw(st.lists(st.sampled_from(MENU + NOTICES + HEADLINES), max_size=40))
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(_pieces()))
    return draw(st.sampled_from(["\n", "\n\n"])).join(lines)


@st.composite
def texts(draw: st.DrawFn, max_pieces: int = 12) -> str:
    """Texts biased toward real news debris: paragraphs, widgets, mojibake, entities, doubled
    headlines, repeated paragraphs, URLs in wrappers, alias variants in context, odd line
    breaks and characters, other scripts, and arbitrary unicode."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=200))
    pieces = draw(st.lists(_pieces(), max_size=max_pieces))
    if pieces and draw(st.booleans()):
        pieces.append(draw(st.sampled_from(pieces)))  # a paragraph repeated later
    out = []
    for piece in pieces:
        out.append(piece)
        out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """Documents from :func:`texts`, sometimes with a URL or an outlet already known."""
    url = draw(st.none() | st.sampled_from(["https://www.rt.com/news/1", "https://example.org/a"]))
    outlet = draw(st.none() | st.sampled_from(["rt.com", "example"]))
    meta = Meta(url=url, outlet=outlet, outlet_from="explicit" if outlet else None)
    return Document(draw(texts()), meta)


# -- news composed from what a pipeline knows ------------------------------------------------

NEWS_HEADLINES = (
    *HEADLINES,
    "Russia's Putin, Lavrov Vow to Assist in Iraq's Fight Against Islamic State",
    "Sergey Lavrov Says Russia Is Ready to Arm Iraq",
    "ISIS Claims Attack on Kabul Airport",
    "IS Fighters Seize Palmyra as Army Withdraws",
    "Islamic State [formerly ISIS, or ISIL] Loses Ground",
    "Haidar al-Abadi Arrives in Moscow for Talks",
    "Kremlin Denies Report on Syria Talks",
)
NEWS_SENTENCES = (
    *PARAGRAPHS,
    "The company's IS department upgraded its servers.",
    "Economists still teach the IS-LM model.",
    '"IS" is a verb, the teacher said.',
    "The group, also known as Da'esh, lost Mosul.",
    "In another development, IS has taken over a strategic crossing.",
    "Officials said that IS militants captured the city on Thursday.",
    "The IS/IT budget grew by 4% this year.",
)
DATELINES = (
    "May 21, 2015", "Thursday, May 21, 2015", "21 May 2015", "2015-05-21", "Sept. 3, 2014",
    "May 21, 2015 10:30 AM EDT", "Published: May 21, 2015", "2015-05-21T10:30:00+03:00",
    "February 30, 2015", "Friday, May 21, 2015", "Updated: May 22, 2015", "May 21, 2015 — 15:52",
)
BYLINES = ("By Jane Doe", "By Shawn Snow and Jane Doe", "Photo: Reuters/John Doe", "Image: AFP")
FOOTER_LABELS = ("Original url:", "Source:", "Originally published at",
                 "Read the original article:", "Source URL:", "URL:")
NEWS_URLS = (
    "https://www.rt.com/news/1", "https://www.themoscowtimes.com/2015/05/21/a46749",
    "https://www.militarytimes.com/news/1", "https://www.express.co.uk/news/world/1",
    "https://example.com/news/1", "https://www.bbc.co.uk/news/1", "www.example.org/a?b=1",
    "https://x.com/ISIS", "https://en.wikipedia.org/wiki/Islamic_State_(group)",
)
DOUBLING = ("", " ", " | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 ", " \u2022 ", "  ")
LINE_BREAKS = ("\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "\n\n\n", " \n", "\n \n", "\u2028")
NAMING = ("formerly {}", "also known as {}", "known as {}", "a.k.a. {}", "(also {})",
          "(or {})", "\"{}\"", "\u201c{}\u201d", "{}, or {}", "{} ({})", "{}/{}")
AFFIXES = ("{}-held", "anti-{}", "{}'s", "{}\u2019s", "post-{}", "{}-LM", "{}/IT", "{} department",
           "{} fighters", "claimed by {}", "({})", "{}.", "it {}", "THE {} VOTE", "x{}", "{}x")


@functools.cache
def _default_pipeline() -> Pipeline:
    return Pipeline()


@functools.lru_cache(maxsize=16)
def _fragments(pipeline: Pipeline) -> dict[str, Any]:
    """What the pipeline's own tables say news looks like, as sets to draw a set from and then a
    member, so that every rule and every alias group is as likely as any other: every rule's
    examples (widgets, boilerplate) and counterexamples (sentences), every alias group's names
    and examples, and the examples of each outlet's own rules."""
    rules = pipeline.context.rules.rules
    groups = pipeline.context.aliases.groups
    by_outlet: dict[str, list[str]] = {}
    for rule in rules:
        for outlet in rule.outlets or ():
            by_outlet.setdefault(outlet, []).extend(rule.examples)
    return {
        "widgets": (WIDGETS, *(rule.examples for rule in rules if rule.examples)),
        "sentences": (
            NEWS_SENTENCES,
            *(rule.counterexamples for rule in rules if rule.counterexamples),
            *(g.counterexamples for g in groups if g.counterexamples),
        ),
        "alias_texts": tuple(before for g in groups for before, _ in g.examples),
        "groups": tuple((g.canonical, *g.variants) for g in groups) or (("Islamic State", "IS"),),
        "outlets": tuple(sorted(o for o, lines in by_outlet.items() if lines)),
        "by_outlet": {outlet: tuple(lines) for outlet, lines in by_outlet.items() if lines},
    }


def _pick(sets: tuple[tuple[str, ...], ...]) -> st.SearchStrategy[str]:
    """A member of one of ``sets``, each set as likely as any other."""
    return st.sampled_from(sets).flatmap(st.sampled_from)


@st.composite
def _alias_fragment(draw: st.DrawFn, parts: dict[str, Any]) -> str:
    """An alias name in and next to other words, URLs, naming phrases and other names."""
    kind = draw(st.integers(0, 5))
    names = _pick(parts["groups"])
    if kind == 0:
        return draw(st.sampled_from(AFFIXES)).format(draw(names))
    if kind == 1:
        group = draw(st.sampled_from(parts["groups"]))
        form = draw(st.sampled_from(NAMING))
        return form.format(*(draw(st.sampled_from(group)) for _ in range(form.count("{}"))))
    if kind == 2:
        name = draw(names)
        url = draw(st.sampled_from(NEWS_URLS))
        return draw(st.sampled_from([url + name, name + url, f"{name} {url}", f"{url}/{name}",
                                     f"<{url}>{name}"]))
    if kind == 3:
        name = draw(names)
        return name + draw(st.sampled_from(DOUBLING)) + name
    if kind == 4 and parts["alias_texts"]:
        return draw(st.sampled_from(parts["alias_texts"]))
    sentence = draw(_pick(parts["sentences"]))
    words = sentence.split(" ")
    at = draw(st.integers(0, len(words)))
    words.insert(at, draw(names))
    return " ".join(words)


@st.composite
def _footer(draw: st.DrawFn, parts: dict[str, Any], outlet: str | None) -> str:
    label = draw(st.sampled_from(FOOTER_LABELS))
    url = draw(st.sampled_from(NEWS_URLS))
    url = draw(st.sampled_from([url, f"<{url}>", f"{url}."]))
    between = draw(st.sampled_from(["\n", "\n\n", " ", "\n\n\n"]))
    if draw(st.booleans()):
        between += draw(_widget(parts, outlet)) + draw(st.sampled_from(["\n", "\n\n"]))
    return label + between + url


def _widget(parts: dict[str, Any], outlet: str | None) -> st.SearchStrategy[str]:
    """A widget or boilerplate line: as often as not one of the outlet's own, if it has any."""
    every = _pick(parts["widgets"])
    own = parts["by_outlet"].get(outlet) if outlet else None
    return st.one_of(st.sampled_from(own), every) if own else every


@st.composite
def _block(draw: st.DrawFn, parts: dict[str, Any], outlet: str | None) -> str:
    """One line or a few lines of news, maybe doubled, repeated, a heading or garbled; now and
    then a piece of the debris of :func:`texts` (odd characters, entities, arbitrary text)."""
    kind = draw(st.integers(0, 10))
    if kind == 10:  # debris, but never nothing: a news text holds at least one block of text
        return draw(_pieces().filter(bool))
    if kind <= 1:
        text = draw(st.sampled_from(NEWS_HEADLINES))
    elif kind == 2:
        text = draw(_widget(parts, outlet))
    elif kind == 3:
        text = draw(st.sampled_from(DATELINES + BYLINES))
    elif kind == 4:
        text = draw(_alias_fragment(parts))
    elif kind == 5:
        text = draw(_footer(parts, outlet))
    else:
        text = draw(_pick(parts["sentences"]))
    shape = draw(st.integers(0, 12))
    if shape == 0:
        text = text + draw(st.sampled_from(DOUBLING)) + text  # doubled or glued
    elif shape == 1:
        text = text + draw(st.sampled_from(LINE_BREAKS)) + text  # repeated on the next line
    elif shape == 2:
        text = "# " + text
    elif shape == 3:
        text = mojibake(text, codec=draw(st.sampled_from(["sloppy-windows-1252", "latin-1"])))
    elif shape == 4:
        text = text.upper()
    elif shape == 5:
        text = text.replace(" ", f" {draw(st.sampled_from(ENTITIES))} ", 1)
    return text


@st.composite
def news_texts(
    draw: st.DrawFn,
    pipeline: Pipeline | None = None,
    max_blocks: int = 10,
    outlet: str | None = None,
) -> str:
    """Texts composed of real news fragments: headlines (doubled, glued, repeated, as markdown
    headings), alias names in and next to other words, URLs and naming phrases, widget and
    boilerplate lines from every rule's examples, sentences from every counterexample,
    mojibake of any of them, datelines, bylines, source footers (with widgets between label
    and URL), paragraphs repeated later, mixed line endings, and some of the debris of
    :func:`texts`; never empty. ``pipeline`` (by default the built-ins and installed plugins)
    supplies the rules and aliases drawn from, each rule and group as likely as any other; for
    a document of ``outlet``, half the widgets are that outlet's own."""
    parts = _fragments(pipeline or _default_pipeline())
    blocks = draw(st.lists(_block(parts, outlet), min_size=1, max_size=max_blocks))
    if len(blocks) > 1 and draw(st.booleans()):
        blocks.insert(draw(st.integers(0, len(blocks))), draw(st.sampled_from(blocks)))
    out = [] if draw(st.integers(0, 5)) else [draw(st.sampled_from(LINE_BREAKS))]
    for block in blocks:
        out.append(block)
        out.append(draw(st.sampled_from(LINE_BREAKS)))
    if draw(st.booleans()):
        out.pop()
    return "".join(out)


@st.composite
def news_documents(draw: st.DrawFn, pipeline: Pipeline | None = None) -> Document:
    """Documents of :func:`news_texts`, sometimes with a URL (on an outlet's domain or not) or
    with one of the outlets the pipeline's rules are limited to."""
    pipeline = pipeline or _default_pipeline()
    outlets = _fragments(pipeline)["outlets"]
    url = draw(st.none() | st.sampled_from(NEWS_URLS))
    outlet = draw(st.sampled_from(outlets)) if outlets and draw(st.integers(0, 2)) else None
    meta = Meta(url=url, outlet=outlet, outlet_from="explicit" if outlet else None)
    return Document(draw(news_texts(pipeline, outlet=outlet)), meta)


# -- contracts --------------------------------------------------------------------------------

Transform = Pipeline | Step


def _run(transform: Transform, doc: Document, ctx: Context | None) -> Document:
    if isinstance(transform, Pipeline):
        return transform(doc)
    return transform(doc, ctx if ctx is not None else Context(RuleBook(), AliasTable()))


def _as_document(value: Document | str) -> Document:
    return value if isinstance(value, Document) else Document(value)


def assert_idempotent(
    transform: Transform, value: Document | str, ctx: Context | None = None
) -> Document:
    """Assert that running ``transform`` (a step or a pipeline) on its own output changes
    nothing: same text, same metadata, no new edit. Returns the first output."""
    once = _run(transform, _as_document(value), ctx)
    if isinstance(transform, Pipeline):
        again = transform(Document(once.text, once.meta))
        new_edits = again.edits
    else:
        again = _run(transform, once, ctx)
        new_edits = again.edits[len(once.edits):]
    name = getattr(transform, "name", "pipeline")
    assert again.text == once.text, (
        f"{name} is not idempotent: second run changed {once.text!r} into {again.text!r}"
    )
    assert again.meta == once.meta, (
        f"{name} is not idempotent: second run changed meta {once.meta!r} into {again.meta!r}"
    )
    assert not new_edits, f"{name} is not idempotent: second run made edits {new_edits!r}"
    return once


def assert_rerun_agrees(pipeline: Pipeline, value: Document | str) -> Document:
    """Assert that cleaning the output *text* again, with only what the caller gave (url,
    outlet, source, title, date of ``value``), gives the same text and the same metadata.

    Metadata read from text that the output no longer holds cannot come back from the text
    alone, so those fields are compared only when it is all still there: the date when it was
    given or its dateline is at the top of the output, and url, urls and outlet when no source
    footer left the text (its URL is ``meta.url``, or listed first in ``meta.urls``) and every
    listed URL is still in the output. Returns the first output."""
    doc = _as_document(value)
    once = pipeline(doc)
    given = doc.meta
    again = pipeline(Document(once.text, Meta(
        url=given.url, outlet=given.outlet, outlet_from=given.outlet_from, source=given.source,
        title=given.title, date=given.date,
    )))
    assert again.text == once.text, (
        f"pipeline output {once.text!r} changes when cleaned again: {again.text!r}"
    )
    problems = []
    if again.meta.title != once.meta.title:
        problems.append(f"title {once.meta.title!r} became {again.meta.title!r}")
    if once.meta.date in (given.date, top_dateline(once.text)) and (
        again.meta.date != once.meta.date
    ):
        problems.append(f"date {once.meta.date!r} became {again.meta.date!r}")
    left = {found.url for found in find_urls(once.text)}
    footers = any(edit.rule == "urls.source-footer" for edit in once.edits)
    if not footers and all(u in left for u in once.meta.urls):
        for field in ("url", "urls", "outlet"):
            if getattr(again.meta, field) != getattr(once.meta, field):
                problems.append(f"{field} {getattr(once.meta, field)!r} became "
                                f"{getattr(again.meta, field)!r}")
    assert not problems, "cleaning the output text again changed " + "; ".join(problems)
    return once


def assert_accountable(
    transform: Transform, value: Document | str, ctx: Context | None = None
) -> Document:
    """Assert that every piece of text ``transform`` removed or replaced appears in the
    ``before`` of one of the edits it recorded, and that changed text has edits at all."""
    doc = _as_document(value)
    result = _run(transform, doc, ctx)
    edits = result.edits[len(doc.edits):]
    name = getattr(transform, "name", "pipeline")
    if result.text != doc.text:
        assert edits, f"{name} changed the text without recording an edit"
    befores = [edit.before for edit in edits]
    words = {word for before in befores for word in before.split()}
    # Tokens the text holds fewer times than before were removed or rewritten somewhere: whole
    # (the token is inside a 'before') or in part ("ISIS-held" -> "Islamic State-held", or a
    # variant glued to a word: a word of a 'before' is inside the token).
    removed = Counter(doc.text.split()) - Counter(result.text.split())
    for token in removed:
        assert any(token in before for before in befores) or any(
            word in token for word in words
        ), f"{name} removed {token!r} without an edit whose 'before' holds it"
    return result


def check_rules(rules: Iterable[Rule], *, timeout: float = 0.5) -> None:
    """Assert that rule ids are unique, every example matches, no counterexample matches, and
    every pattern gives up or finishes within ``timeout`` seconds on adversarial lines."""
    seen: dict[str, Rule] = {}
    problems = []
    for rule in rules:
        if rule.id in seen:
            problems.append(f"{rule.id}: duplicate rule id")
        seen[rule.id] = rule
        problems += [f"{rule.id}: example not matched: {ex!r}"
                     for ex in rule.examples if not rule.matches(ex)]
        problems += [f"{rule.id}: counterexample matched: {ex!r}"
                     for ex in rule.counterexamples if rule.matches(ex)]
        for line in ADVERSARIAL_LINES:
            try:
                rule.matches(line, timeout=timeout)
            except TimeoutError:
                problems.append(f"{rule.id}: pattern took over {timeout}s on {line[:30]!r}...")
    assert not problems, "rule problems:\n" + "\n".join(problems)


def pipeline_with(
    *plugins: str | types.ModuleType,
    config: Config | None = None,
    only: Sequence[str] | None = None,
) -> Pipeline:
    """A pipeline with the built-ins, the installed plugins and ``plugins`` (modules or module
    names or ``.py`` paths) loaded, as a user would get it."""
    names = [p.__name__ if isinstance(p, types.ModuleType) else str(p) for p in plugins]
    return Pipeline(config, plugins=names, only=only)


def plugin_suite(module: str | types.ModuleType, *, config: Config | None = None) -> type:
    """A pytest test class with the checks every plugin needs, parametrised over the plugin's
    own rules, alias groups, outlet and steps: see :func:`textclean.suite.plugin_suite`.
    ``TestMine = plugin_suite("textclean_mine")`` in a test module is a plugin's whole
    contract."""
    from textclean.suite import plugin_suite as build

    return build(module, config=config)

"""Checks and hypothesis strategies for textclean's contracts, shared with plugin authors.

Needs the ``testing`` extra (``pip install textclean[testing]``). A plugin's own test can be::

    from hypothesis import given
    from textclean.testing import assert_accountable, assert_idempotent, pipeline_with, texts

    pipeline = pipeline_with("textclean_myoutlet")

    @given(texts())
    def test_my_plugin_keeps_the_contracts(text):
        assert_idempotent(pipeline, text)
        assert_accountable(pipeline, text)
"""

from __future__ import annotations

import types
from collections import Counter
from collections.abc import Iterable, Sequence

import ftfy.bad_codecs  # noqa: F401  - registers the "sloppy-windows-1252" codec
from hypothesis import strategies as st

from textclean.aliases import AliasTable
from textclean.config import Config
from textclean.document import Document, Meta
from textclean.pipeline import Pipeline
from textclean.rules import Rule, RuleBook
from textclean.step import Context, Step

__all__ = [
    "ADVERSARIAL_LINES",
    "assert_accountable",
    "assert_idempotent",
    "check_rules",
    "documents",
    "mojibake",
    "pages",
    "pipeline_with",
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
#: Sentences long and plain enough that three of them make a good paragraph.
_ENGLISH = tuple(p for p in PARAGRAPHS if p.isascii())


@st.composite
def pages(draw: st.DrawFn) -> str:
    """Whole pages dumped as text, one line per block: a menu, a headline, a byline, article
    paragraphs with widgets between them, and a footer of lists and notices; with random
    lines of news debris and arbitrary text mixed in. They exercise steps that act only on
    what looks like a page (``pagetext``)."""
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

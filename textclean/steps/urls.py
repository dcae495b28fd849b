"""The ``urls`` step (stage extract): a source-URL footer becomes ``meta.url``, every other URL is
listed in ``meta.urls``.

Scrapers and archive tools append the address an article came from ("Original url:" and the URL
on the next line, "Source: <https://...>", "Originally published at https://..."). It is
metadata, not prose: left in the text it ends up in every corpus line count, n-gram table and
language model trained on the output. Other URLs are part of what the article says ("details at
https://..."), so by default they stay in the text and are only listed.

``urls.source-footer``
    A whole line that is a source label ("Original url", "Source", "Source URL", "Original
    article", "Originally published at", "Read the original article", ...) followed by one URL,
    bare or in ``<>``, on the same line or on the next non-blank line. The label line, any blank
    lines between and the URL line are removed as one edit. A label line with other words, or a
    URL line with other words, is never a footer and never removed: "Source: officials said the
    plan would..." has no URL and stays. Footers are found anywhere in the text, since scrapers
    put them at the top as often as at the end. A label whose URL was removed may leave a bare
    label right before another URL line; that pair is a footer too, so the output holds no
    footer and a second run finds none.
``urls.inline``
    With ``inline = "remove"`` or ``"placeholder"``, each URL outside a footer is removed or
    replaced by ``placeholder``. The edit names the whitespace-separated word the URL was in
    (``before="(https://x.com/a)."``, ``after="."``): URLs never hold white space, so a change
    never reaches past that word, except that punctuation left alone after a removal is joined
    to the word before ("at https://x.com." becomes "at.", one edit holding both words). A URL
    wrapped in brackets or quotes is removed with them, unless what is left on both sides could
    join into a new URL; a word that becomes empty goes with the space before it (after it at
    the start of a line), so no double space is left. The placeholder may not hold ``:``, ``/``
    or ``.``, so it can never complete a URL that a second run would find.

What counts as a URL: ``http://`` or ``https://``, or ``www.``, followed by a letter or digit,
not glued to a word, a dot, a slash, ``@`` or ``-`` before it, and running up to white space or a
character a URL cannot hold (``<>"[]{}|\\^``, curly double quotes, guillemets). Trailing
punctuation, quotes and emphasis marks (``.,;:!?'"’”)]>*_…»`` and full-width forms) are not part
of it, except a ``)`` that closes a ``(`` inside the URL:
``https://en.wikipedia.org/wiki/Foo_(bar)`` keeps its parenthesis, ``(https://x.com/a).`` gives
``https://x.com/a``. The patterns have no nested quantifier and the trimming counts parentheses
once, so a 2 MB line of ``http://`` goes through in linear time.

Metadata:

- ``meta.url``: the caller's URL if one was given; otherwise the URL of the first footer.
- ``meta.urls``: the URLs already listed in the document, then every URL of the text in order,
  once each. The URL of a footer is listed too, unless it is ``meta.url``: so when the caller
  gave a URL and the footer names another one, nothing is lost. Listing what was already there
  first keeps a second run, over a text whose URLs were removed, from changing the metadata.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex

from textclean.document import Document, Edit
from textclean.hookspecs import hookimpl
from textclean.linematch import LinePlan
from textclean.step import Context, Stage, Step

__all__ = ["INLINE_MODES", "Urls", "find_urls", "source_footer"]

#: Values of the ``inline`` option.
INLINE_MODES = ("keep", "remove", "placeholder")

_BODY = r"[^\s\x00-\x1f\x7f<>\"\[\]{}|\\^`\u201c\u201d\u201e\u00ab\u00bb]*+"
_NOT_AFTER = r"(?<![\w.@/\-])"
# Two patterns, each led by a literal ("://", "www.") that the engine finds at memory speed; one
# pattern with both alternatives is ten times slower on text without URLs.
_HTTP = regex.compile(
    rf"://(?<={_NOT_AFTER}https?://)[\p{{L}}\p{{N}}]{_BODY}", regex.IGNORECASE
)
_WWW = regex.compile(rf"{_NOT_AFTER}www\.[\p{{L}}\p{{N}}]{_BODY}", regex.IGNORECASE)
_WWW_HINT = regex.compile(r"www\.", regex.IGNORECASE)
#: Characters a URL can be glued to or made of at its start: never left bare before a removal.
_JOINS = regex.compile(r"[\w.@/:\-]")
#: Characters that end a sentence or close a quote or bracket rather than belong to a URL.
_TRAILING = frozenset(".,;:!?'\"\u2019\u201d)]>*_\u2026\u00bb\u3002\uff0c\u3001\uff1b\uff1a"
                      "\uff01\uff1f\uff09")
#: Pairs removed with the URL they wrap.
_WRAPPERS = frozenset(
    {"()", "<>", "[]", '""', "''", "\u201c\u201d", "\u2018\u2019", "\u00ab\u00bb"}
)
_LABEL = regex.compile(
    r"""(?:
        original(?:\s+(?:url|link|source|article|story|post))
      | originally\s+(?:published|posted|appeared)(?:\s+(?:at|on|in))?
      | source(?:\s+(?:url|link))?
      | article\s+source
      | url
      | read\s+(?:the\s+)?(?:original|full)(?:\s+(?:article|story|post|report))?
        (?:\s+(?:here|at|on))?
      | (?:view|see)\s+(?:the\s+)?original(?:\s+(?:article|story|post))?(?:\s+(?:here|at|on))?
      | link\s+to\s+(?:the\s+)?original(?:\s+(?:article|story|post))?
    )(?!\w)[ \t]*+[:\-\u2013\u2014]?[ \t]*+""",
    regex.IGNORECASE | regex.VERBOSE,
)
_BREAK = regex.compile(r"(\r\n|\r|\n)")
_SPACE = regex.compile(r"\s")
_SPACE_BEFORE = regex.compile(r"\s", regex.REVERSE)
_SPACES = regex.compile(r"\s*+")
#: The characters ``\s`` matches, for ``str.strip``: words are runs of anything else.
_WS = "".join(chr(code) for code in range(0x3001) if _SPACE.match(chr(code)))


class Found(NamedTuple):
    """A URL and where it is in the string it was found in."""

    url: str
    start: int
    end: int


def _trimmed_end(text: str, start: int, end: int) -> int:
    """``end`` moved left past trailing punctuation, keeping a ``)`` that closes a ``(``."""
    opens = closes = -1  # counted on first need: most URLs end in a letter, digit or slash
    while end > start and text[end - 1] in _TRAILING:
        if text[end - 1] == ")":
            if opens < 0:
                opens, closes = text.count("(", start, end), text.count(")", start, end)
            if opens >= closes:
                break
            closes -= 1
        end -= 1
    return end


def find_urls(text: str) -> Iterator[Found]:
    """Every URL in ``text``, left to right, trailing punctuation trimmed."""
    http, www = _HTTP.finditer(text), _WWW.finditer(text)
    a, b = next(http, None), next(www, None)
    a_start = _scheme_start(text, a)
    done = 0  # where the last URL's match ended: a URL never starts inside another
    while a is not None or b is not None:
        if b is None or (a is not None and a_start < b.start()):
            match, start = a, a_start
            a = next(http, None)
            a_start = _scheme_start(text, a)
        else:
            match, start, b = b, b.start(), next(www, None)
        if start < done:
            continue
        done = match.end()
        end = _trimmed_end(text, start, done)
        yield Found(text[start:end], start, end)


def _scheme_start(text: str, match: regex.Match[str] | None) -> int:
    """Where the "http" or "https" before a match of :data:`_HTTP` (at "://") starts."""
    if match is None:
        return -1
    colon = match.start()
    return colon - 5 if text[colon - 1] in "sS" else colon - 4


def _has_url(line: str) -> bool:
    """A cheap test that is true for every line :func:`find_urls` finds a URL in. "www."
    holds "w." or "W." whatever its case, so most lines are refused by substring tests before
    the case-blind pattern runs."""
    return "://" in line or (
        ("w." in line or "W." in line) and _WWW_HINT.search(line) is not None
    )


def _url_only(text: str) -> str | None:
    """The URL when ``text`` (stripped) is one URL, bare or in ``<>``, maybe with a final dot."""
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    if not text or text[0] not in "hHwW":
        return None
    found = next(find_urls(text), None)
    if found is None or found.start:
        return None
    return found.url if text[found.end:] in ("", ".") else None


def source_footer(line: str) -> tuple[bool, str | None] | None:
    """Whether ``line`` is part of a source footer: ``(True, None)`` for a label alone,
    ``(False, url)`` for a label and its URL on one line, None for anything else."""
    text = line.strip()
    if not text or text[0] not in "oOsSaAuUrRvVlL":
        return None
    match = _LABEL.match(text)
    if match is None:
        return None
    rest = text[match.end():]
    if not rest:
        return True, None
    url = _url_only(rest)
    return None if url is None else (False, url)


@dataclass(frozen=True)
class Urls(Step):
    """Move source footers to ``meta.url``, list every other URL in ``meta.urls``, and keep,
    remove or replace the URLs left in the text."""

    name = "urls"
    stage = Stage.EXTRACT
    order = 10

    #: What to do with URLs outside footers: "keep", "remove" or "placeholder".
    inline: str = "keep"
    #: What a URL becomes with ``inline = "placeholder"``.
    placeholder: str = "<URL>"

    def __post_init__(self) -> None:
        if self.inline not in INLINE_MODES:
            raise ValueError(f"inline must be one of {', '.join(INLINE_MODES)}, "
                             f"not {self.inline!r}")
        if not isinstance(self.placeholder, str) or not self.placeholder.strip():
            raise ValueError("placeholder must be a non-blank string")
        if _BREAK.search(self.placeholder) or any(ch in self.placeholder for ch in ":/."):
            raise ValueError(f"placeholder {self.placeholder!r} must be one line without ':', "
                             "'/' or '.', so that it never makes a URL a second run would find")

    def __call__(self, doc: Document, ctx: Context) -> Document:
        text = doc.text
        if not _has_url(text):
            return doc  # no URL, so no footer either: most articles end here
        if "\r" in text:
            parts = _BREAK.split(text)
            lines, breaks = parts[0::2], [*parts[1::2], ""]
        else:
            lines = text.split("\n")
            breaks = ["\n"] * (len(lines) - 1) + [""]
        edits: list[Edit] = []
        footer_urls: dict[int, str] = {}  # line index of a footer's URL -> the URL
        plan = ctx.rules.plan(doc.meta.outlet)
        kept = _drop_footers(lines, breaks, edits, footer_urls, plan)

        url = doc.meta.url
        if url is None and footer_urls:
            url = footer_urls[min(footer_urls)]
        found: list[str] = []
        kept_set = set(kept) if footer_urls else None
        for index, line in enumerate(lines):
            if kept_set is not None and index not in kept_set:
                footer_url = footer_urls.get(index)
                if footer_url is not None and footer_url != url:
                    found.append(footer_url)
                continue
            if not _has_url(line):
                continue  # the cheap test first: most lines hold no URL
            in_line = list(find_urls(line))
            found.extend(item.url for item in in_line)
            if in_line and self.inline != "keep":
                lines[index] = self._rewrite(line, in_line, index + 1, edits)

        urls = tuple(dict.fromkeys((*doc.meta.urls, *found)))
        meta = {}
        if url != doc.meta.url:
            meta["url"] = url
        if urls != doc.meta.urls:
            meta["urls"] = urls
        if not edits:
            return doc.revise(**meta) if meta else doc
        if "\r" not in text:  # every break is "\n": the last kept line goes without one
            return doc.revise("\n".join([lines[i] for i in kept]), *edits, **meta)
        out = [lines[i] + breaks[i] for i in kept]
        if kept and kept[-1] != len(lines) - 1:
            out[-1] = lines[kept[-1]]  # the last line went: so does the break before it
        return doc.revise("".join(out), *edits, **meta)

    def _rewrite(self, line: str, urls: list[Found], number: int, edits: list[Edit]) -> str:
        """``line`` with its ``urls`` removed or replaced, one edit per word changed. Only the
        words that hold a URL are looked at, so a long line with many URLs stays linear."""
        out: list[str] = []
        pos = 0  # how much of ``line`` is copied to ``out`` or dropped
        has_word = False  # whether ``out`` holds a word
        last_edit: int | None = None  # the edit whose ``after`` is ``out[-1]``
        index = 0
        while index < len(urls):
            # The word (run of non-space) that holds urls[index], and the urls after it in it.
            space = _SPACE_BEFORE.search(line, pos, urls[index].start)
            start = pos if space is None else space.end()
            space = _SPACE.search(line, urls[index].end)
            end = len(line) if space is None else space.start()
            pieces, inner, done = [], start, index
            tail = ""  # the last character of the new word so far
            while done < len(urls) and urls[done].start < end:
                url = urls[done]
                cut, stop = url.start, url.end
                if self.inline == "remove" and _unwrap(line, cut, stop, inner, end, tail):
                    cut, stop = cut - 1, stop + 1
                replacement = self.placeholder if self.inline == "placeholder" else ""
                pieces += [line[inner:cut], replacement]
                tail = (replacement or line[inner:cut] or tail)[-1:]
                inner, done = stop, done + 1
            pieces.append(line[inner:end])
            word, new, index = line[start:end], "".join(pieces), done
            gap = line[pos:start]
            has_word = has_word or bool(gap.strip(_WS))
            if self.inline == "remove" and not new:
                edits.append(Edit("urls.inline", before=word, after="", line=number))
                if has_word:  # the word goes with the space before it
                    if gap.strip(_WS):
                        out.append(gap.rstrip(_WS))
                        last_edit = None
                    pos = end
                else:  # at the start of the line: with the space after it
                    if gap:
                        out.append(gap)
                    pos = _SPACES.match(line, end).end()
                continue
            if self.inline == "remove" and has_word and all(ch in _TRAILING for ch in new):
                # Punctuation left alone joins the word before it: "at https://x.com." -> "at."
                kept = gap.rstrip(_WS)
                between = gap[len(kept):]
                if kept:
                    out.append(kept)
                    last_edit = None
                if last_edit is not None:
                    before = edits[last_edit]
                    out[-1] += new
                    edits[last_edit] = Edit("urls.inline", before=before.before + between + word,
                                            after=out[-1], line=number)
                else:
                    head = out[-1]
                    space = _SPACE_BEFORE.search(head)
                    previous = head if space is None else head[space.end():]
                    out[-1] = head[:len(head) - len(previous)]
                    out.append(previous + new)
                    last_edit = len(edits)
                    edits.append(Edit("urls.inline", before=previous + between + word,
                                      after=out[-1], line=number))
                pos = end
                continue
            if gap:
                out.append(gap)
            out.append(new)
            last_edit = len(edits)
            edits.append(Edit("urls.inline", before=word, after=new, line=number))
            has_word = has_word or bool(new.strip(_WS))
            pos = end
        out.append(line[pos:])
        result = "".join(out)
        return result if result.strip(_WS) else ""


def _drop_footers(
    lines: list[str], breaks: list[str], edits: list[Edit], footer_urls: dict[int, str],
    plan: LinePlan,
) -> list[int]:
    """The indexes of the lines that are not part of a footer. A URL line closes the bare label
    that is the last non-blank line kept before it, like a bracket closes the last open one, so
    footers uncovered by removing another footer go too, in one pass. Between a label and its URL,
    a line the ``boilerplate`` step will remove ("Share") counts as blank and goes with them, so
    the footer is found whether that step has run or not."""
    kept: list[int] = []
    nonblank: list[int] = []  # positions in ``kept`` of its non-blank lines
    labels: set[int] = set()  # line indexes of bare labels
    for index, line in enumerate(lines):
        if not line.strip():
            kept.append(index)
            continue
        footer = source_footer(line)
        if footer is not None and not footer[0]:
            footer_urls[index] = footer[1] or ""
            edits.append(Edit("urls.source-footer", before=line, after="", line=index + 1))
            continue
        if nonblank and kept[nonblank[-1]] in labels:
            url = _url_only(line.strip())
            if url is not None:
                position = nonblank.pop()
                start = kept[position]
                before = "".join(lines[i] + breaks[i] for i in kept[position:]) + line
                del kept[position:]
                footer_urls[index] = url
                edits.append(Edit("urls.source-footer", before=before, after="",
                                  line=start + 1))
                continue
            if footer is None and plan.match(line) is not None:
                kept.append(index)
                continue
        if footer is not None:
            labels.add(index)
        nonblank.append(len(kept))
        kept.append(index)
    return kept


def _unwrap(line: str, cut: int, stop: int, inner: int, end: int, tail: str) -> bool:
    """Whether the URL at ``line[cut:stop]`` goes with the brackets or quotes around it, in a
    word that ends at ``end`` and whose new text so far ends with ``tail``. Only when what is
    left on both sides cannot join into a new URL ("http://<url>a" would give "http://a"): the
    word's start or a non-word character before, punctuation or the word's end after."""
    if not (inner < cut and stop < end and line[cut - 1] + line[stop] in _WRAPPERS):
        return False
    left = line[cut - 2] if cut - 1 > inner else tail
    return (not left or not _JOINS.match(left)) and (
        stop + 1 == end or line[stop + 1] in _TRAILING
    )


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Urls,)

"""Boilerplate removal on pages that nothing here was tuned on: the test pages of newspaper4k.

    python -m benchmarks.heldout [--cache DIR] [--worst 5] [--removed 20] [--speed]

The development pages (``benchmarks/boilerplate.py``) are what the thresholds were chosen on;
this corpus is not. It is built from the source distribution of newspaper4k 0.9.6, fetched from
the package index like any dependency (``pip download``, checked against its SHA-256): each of its
test pages (``tests/data/html/NAME.html``, 23 of them with an expected text: English, Arabic,
Burmese, Chinese, Japanese, Latvian, Spanish and Thai news pages) is paired with the article text
newspaper4k's own tests expect of it (``tests/data/txt/NAME.txt``), its language from
``tests/data/metadata/NAME.json`` where there is one. ``page_text`` is what a naive scraper
gives, as in the development set: every visible text node of ``<body>``, one line per block
element, white space collapsed, blank lines dropped.

The pages are third-party web content: they stay in the cache (``--cache``, by default
``.cache/heldout`` in the repository, which git ignores) and are never part of the project.
The tables are those of ``benchmarks/boilerplate.py``, on all the pages (none is a fixture).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import lxml.html
from lxml import etree

from benchmarks import boilerplate
from textclean.io import atomic_write

ROOT = Path(__file__).resolve().parent.parent
SDIST = "newspaper4k-0.9.6.tar.gz"
SDIST_SHA256 = "a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e"
DATA = "newspaper4k-0.9.6/tests/data/"
CORPUS = "newspaper4k_pages.jsonl"
PAGE_NAME = re.compile(re.escape(DATA) + r"html/(.+)\.html")

#: Elements that start and end a line of text.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "center",
    "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "legend", "li", "main", "menu",
    "nav", "ol", "option", "p", "pre", "section", "select", "summary", "table", "tbody", "td",
    "textarea", "tfoot", "th", "thead", "tr", "ul",
})
#: Elements whose text a browser does not show.
HIDDEN = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "head",
    "title", "meta", "link",
})
SPACES = re.compile(r"\s+")
INLINE_SPACES = re.compile(r"[^\S\n]+")
PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


def fetch(cache: Path) -> Path:
    """The newspaper4k source distribution in ``cache``, downloaded once and checked."""
    sdist = cache / SDIST
    if not sdist.is_file():
        download = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--no-binary", ":all:", "--dest", str(cache), "newspaper4k==0.9.6"],
            check=False,
        )
        if download.returncode or not sdist.is_file():
            sys.exit(f"could not download {SDIST} from the package index (pip download failed)")
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != SDIST_SHA256:
        sys.exit(f"{sdist}: SHA-256 {digest}, expected {SDIST_SHA256}")
    return sdist


def page_text(html: bytes) -> str:
    """What a naive scraper gives of a page (UTF-8, as all of these are): the text of
    ``<body>`` without hidden elements and comments, a line break around each block element,
    white space collapsed (line breaks of the source count only inside ``<pre>``), no blank
    lines."""
    root = lxml.html.document_fromstring(html, parser=PARSER)
    etree.strip_elements(root, *HIDDEN, with_tail=False)
    body = root.find("body")
    parts: list[str] = []
    preformatted = 0  # depth of <pre> elements around the text
    for event, element in etree.iterwalk(body if body is not None else root,
                                         events=("start", "end")):
        if element.tag in BLOCKS:
            parts.append("\n")
        if element.tag == "pre":
            preformatted += 1 if event == "start" else -1
        text = (element.text if event == "start" else element.tail) or ""
        parts.append(text if preformatted else SPACES.sub(" ", text))
    lines = (INLINE_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _language(metadata: dict[str, object]) -> str | None:
    """The page's language as its metadata gives it: the page's own ``lang``, else the one
    newspaper4k was told."""
    for key in ("meta_lang", "language"):
        value = metadata.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def build(cache: Path) -> Path:
    """The corpus as JSON Lines in ``cache`` (``id``, ``lang``, ``page_text``, ``gold``)."""
    corpus = cache / CORPUS
    if corpus.is_file():
        return corpus
    with tarfile.open(fetch(cache)) as archive:
        members = {m.name: m for m in archive.getmembers() if m.name.startswith(DATA)}

        def read(name: str) -> bytes | None:
            member = members.get(DATA + name)
            handle = archive.extractfile(member) if member else None
            return handle.read() if handle else None

        pages = sorted(m[1] for name in members if (m := PAGE_NAME.fullmatch(name)))
        records = []
        for page_id in pages:
            html, gold = read(f"html/{page_id}.html"), read(f"txt/{page_id}.txt")
            if not (html and gold):
                continue
            meta = read(f"metadata/{page_id}.json")
            records.append({"id": page_id, "lang": _language(json.loads(meta)) if meta else None,
                            "page_text": page_text(html), "gold": gold.decode("utf-8")})
    atomic_write(corpus, b"".join(
        json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records))
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Other options go to benchmarks/boilerplate.py: --speed, --repeats, --worst, "
               "--removed.")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "heldout",
                        help="where the source distribution and the corpus are kept")
    args, rest = parser.parse_known_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    boilerplate.main([str(build(args.cache)), "--all", *rest])


if __name__ == "__main__":
    main()

"""The benchmark corpus: deterministic news documents built from the seed articles, in four mixes.

- ``clean``: every document as written;
- ``docs10``: one document in ten garbled whole into mojibake (UTF-8 read as Windows-1252);
- ``lines33``: in every document, one line in three garbled;
- ``pages``: whole web pages as plain text (navigation, share widgets, related links, footers
  around the article), from the ``page_text`` of a JSON Lines file of saved pages when one is
  given and exists, otherwise built from the seeds and generic page furniture.

Every document is distinct (a seed article followed by paragraphs of the other seeds, chosen by a
generator seeded with the document's number), about 5 KB, so nothing is measured on one text
repeated. The same arguments always give the same bytes.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from textclean.testing import mojibake

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
#: The saved pages of the development corpora, outside the repository (never copied into it).
PAGES = ROOT.parent / "shared" / "corpora" / "dev" / "readability_pages.jsonl"

MIXES: dict[str, str] = {
    "clean": "clean",
    "docs10": "10% docs garbled",
    "lines33": "1/3 lines garbled",
    "pages": "page text",
}

#: Size a document grows to before the next one starts, in UTF-8 bytes.
DOCUMENT_BYTES = 5_400

NAVIGATION = (
    "Skip to main content", "Home", "News", "World", "Business", "Politics", "Opinion",
    "Sport", "Culture", "Video", "Podcasts", "Subscribe", "Sign in", "Search", "Menu",
)
SHARE = ("Share", "Tweet", "Email", "Print", "Share this article", "Facebook Twitter LinkedIn",
         "Copy link", "Comments", "Advertisement")
FOOTER = (
    "Related articles", "Most read", "Terms of Use", "Privacy Policy", "Cookie settings",
    "Contact us", "About us", "Careers", "Advertise with us", "Newsletters", "RSS",
    "© 2024 All rights reserved.",
)


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def _paragraphs(texts: list[str]) -> list[list[str]]:
    """Per seed, its lines long enough to be paragraphs (widgets and headlines left out)."""
    return [[line for line in text.split("\n") if len(line) >= 80] for text in texts]


def articles() -> Iterator[str]:
    """Distinct articles without end: seed ``n % 5``, then paragraphs of the other seeds."""
    seeds = seed_texts()
    pools = _paragraphs(seeds)
    number = 0
    while True:
        rng = random.Random(number)
        home = number % len(seeds)
        others = [p for index, pool in enumerate(pools) if index != home for p in pool]
        parts = [seeds[home].rstrip("\n")]
        size = len(parts[0].encode("utf-8"))
        for paragraph in rng.sample(others, len(others)):
            if size >= DOCUMENT_BYTES:
                break
            parts.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
        yield "\n".join(parts) + "\n"
        number += 1


def _garble_lines(text: str, every: int = 3) -> str:
    lines = text.split("\n")
    return "\n".join(mojibake(line) if index % every == every - 1 else line
                     for index, line in enumerate(lines))


def _synthetic_pages() -> Iterator[str]:
    for number, article in enumerate(articles()):
        rng = random.Random(-1 - number)
        head = rng.sample(NAVIGATION, 9)
        lines = article.rstrip("\n").split("\n")
        cut = rng.randrange(1, len(lines))
        share = rng.sample(SHARE, 5)
        related = [line[:70].rsplit(" ", 1)[0] for line in rng.sample(lines, 3)]
        body = [*lines[:cut], *share[:2], *lines[cut:]]
        tail = [*share[2:], "Related articles", *related, *rng.sample(FOOTER, 8)]
        yield "\n".join([*head, *body, *tail]) + "\n"


def _saved_pages(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        pages = [json.loads(line)["page_text"] for line in handle if line.strip()]
    pages = [page for page in pages if page.strip()]
    if not pages:
        raise ValueError(f"{path}: no page_text in any record")
    round_ = 0
    while True:
        for page in pages:
            yield page if round_ == 0 else f"{page}\n{round_}\n"
        round_ += 1


def documents(mix: str, megabytes: float, pages: Path | None = None) -> list[str]:
    """At least ``megabytes`` MB (UTF-8) of documents of ``mix``."""
    source = articles()
    if mix == "pages":
        saved = pages is not None and pages.is_file()
        source = _saved_pages(pages) if saved else _synthetic_pages()  # type: ignore[arg-type]
    docs: list[str] = []
    size = 0
    for number, text in enumerate(source):
        if size >= megabytes * 1_000_000:
            break
        if mix == "docs10" and number % 10 == 9:
            text = mojibake(text)
        elif mix == "lines33":
            text = _garble_lines(text)
        docs.append(text)
        size += len(text.encode("utf-8"))
    return docs


def pages_source(pages: Path | None) -> str:
    """What the ``pages`` mix is made of, for the report."""
    if pages is not None and pages.is_file():
        return f"page_text of {pages.name}"
    return "synthetic pages (seeds with navigation, share and footer lines)"


def write_tree(docs: list[str], root: Path) -> Path:
    """The documents as ``root/NNN/NNNNNN.txt``, a thousand to a folder; returns ``root``."""
    for number, text in enumerate(docs):
        folder = root / f"{number // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{number:06d}.txt").write_bytes(text.encode("utf-8"))
    return root

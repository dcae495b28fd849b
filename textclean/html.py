"""HTML pages to article text through trafilatura's extractor (the ``html`` extra), before the
pipeline: the extractor finds the article in the markup, and the pipeline's own steps clean what
it leaves (share lines, doubled headlines, aliases ...).

The page's metadata the extractor finds becomes the document's: ``title``, ``date`` and ``url``
as :class:`~textclean.document.Meta` fields, the author and site name under
``meta.extra["html"]``. Comments under an article are left out; tables are kept.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any

from textclean.document import Document, Meta
from textclean.extras import MissingExtraError, require

__all__ = ["EXTRA", "Extracted", "extract", "extractor_version", "missing_extra"]

EXTRA = "html"
_FEATURE = "HTML input"


@dataclass(frozen=True, slots=True)
class Extracted:
    """The article text of a page (empty when the extractor found none) and its metadata."""

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def document(self) -> Document:
        """The document the pipeline starts from."""
        meta = Meta(title=self.title, date=self.date, url=self.url,
                    extra={"html": self.extra} if self.extra else {})
        return Document(self.text, meta)


def missing_extra() -> str | None:
    """Why HTML cannot be read here (the extra is not installed), or None."""
    try:
        require("trafilatura", EXTRA, _FEATURE)
    except MissingExtraError as exc:
        return str(exc)
    return None


@functools.cache
def extractor_version() -> str:
    """The extractor's version: a part of the resume key of every HTML input."""
    require("trafilatura", EXTRA, _FEATURE)
    return f"trafilatura {version('trafilatura')}"


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def extract(html: str, *, url: str | None = None) -> Extracted:
    """The article of ``html`` and its metadata. ``url`` is the page's address when known
    (it helps the extractor, and is kept when the page names none)."""
    trafilatura = require("trafilatura", EXTRA, _FEATURE)
    found = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        deduplicate=False,
    )
    if found is None:
        return Extracted("", url=url)
    extra = {name: value for name in ("author", "sitename")
             if (value := _text(getattr(found, name, None))) is not None}
    return Extracted(
        text=getattr(found, "text", None) or "",
        title=_text(getattr(found, "title", None)),
        date=_text(getattr(found, "date", None)),
        url=_text(getattr(found, "url", None)) or url,
        extra=extra,
    )

"""Knowing a document's outlet: the configured map, and the built-in domain lookup (a plugin)."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from textclean.document import Document
from textclean.globs import PathGlobs
from textclean.hookspecs import hookimpl

__all__ = ["OutletMap", "registrable_domain"]


@functools.cache
def _extractor() -> Any:
    # Imported on first use: tldextract pulls in requests, a cost every command would pay.
    import tldextract

    # The public suffix list snapshot bundled with tldextract: no network, no cache directory.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@functools.lru_cache(maxsize=1024)
def registrable_domain(url: str | None) -> str | None:
    """The registrable domain of ``url`` ("https://www.bbc.co.uk/x" gives "bbc.co.uk"), or None.

    Remembered for recent URLs: every outlet plugin asks it of the same document's URL."""
    if not url:
        return None
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    domain = _extractor()(host).top_domain_under_public_suffix
    return domain or None


def _is_path_pattern(entry: str) -> bool:
    return "/" in entry or any(ch in entry for ch in "*?[{")


@dataclass(frozen=True)
class OutletMap:
    """``[tool.textclean.outlets]``: outlet name to domains ("rt.com") and path globs ("rt/**").

    An entry with "/" or a glob character is a glob (:mod:`textclean.globs`) matched against the
    document's source path (relative to the input directory); any other entry is a domain
    matched against the URL's host and its parent domains.
    """

    domains: Mapping[str, str] = field(default_factory=dict)
    paths: tuple[tuple[PathGlobs, str], ...] = ()

    @classmethod
    def from_config(cls, outlets: Mapping[str, Sequence[str]]) -> OutletMap:
        domains: dict[str, str] = {}
        paths: list[tuple[PathGlobs, str]] = []
        for outlet, entries in outlets.items():
            for entry in entries:
                if _is_path_pattern(entry):
                    paths.append((PathGlobs((entry,)), outlet))
                else:
                    domains[entry.lower().removeprefix("www.")] = outlet
        return cls(domains=domains, paths=tuple(paths))

    def lookup(self, doc: Document) -> str | None:
        """The configured outlet of ``doc``, by source path first, then by URL host."""
        source = doc.meta.source
        if source and self.paths:
            posix = source.replace("\\", "/")
            for globs, outlet in self.paths:
                if globs.match(posix):
                    return outlet
        if self.domains and doc.meta.url:
            host = (urlsplit(_with_scheme(doc.meta.url)).hostname or "").lower()
            while host:
                if host in self.domains:
                    return self.domains[host]
                _, _, host = host.partition(".")
        return None


def _with_scheme(url: str) -> str:
    return url if "://" in url else "http://" + url


@hookimpl(trylast=True)
def textclean_outlet(doc: Document) -> str | None:
    """The built-in answer of last resort: the registrable domain of the document's URL."""
    return registrable_domain(doc.meta.url)

"""Records (a JSON line, a Parquet row, a dict in a Dask bag): which fields textclean reads, how
one record is cleaned, and the metadata it writes back under one key.

A record is cleaned as one document. Its text comes from ``fields.text`` (or, with
``fields.html``, from the article an HTML field holds); ``fields.id``, ``fields.url`` and
``fields.outlet`` feed the document's ``source``, ``url`` and ``outlet``. The result is the
cleaned text and a metadata object of fixed shape (:data:`META_KEYS`), so every record of a
shard, and every row of a Parquet column, has the same fields. A record that cannot be cleaned
keeps its text as it was, and its metadata says ``"status": "failed"`` and why.
"""

from __future__ import annotations

import json
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textclean.document import Document, Edit
from textclean.errors import ConfigError, StepError
from textclean.html import extract
from textclean.pipeline import Pipeline

__all__ = [
    "META_KEYS",
    "MISSING",
    "RecordFields",
    "RecordResult",
    "clean_record",
    "failed_meta",
]

#: The keys of textclean's metadata in every record, in order.
META_KEYS = ("status", "error", "step", "plugin", "url", "urls", "title", "date", "outlet",
             "outlet_from", "edits", "warnings", "extra")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: What a record's getter returns for a field the record does not have.
MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class RecordFields:
    """Which fields of a record textclean reads, and the one it writes its metadata to."""

    text: str = "text"
    id: str | None = None
    url: str | None = None
    outlet: str | None = None
    html: str | None = None
    meta: str = "textclean"

    def check(self) -> None:
        """A :class:`ConfigError` for an empty name, or for the metadata field named as a field
        that is read (it would be overwritten)."""
        named = {"--text-field": self.text, "--id-field": self.id, "--url-field": self.url,
                 "--outlet-field": self.outlet, "--html-field": self.html,
                 "--meta-field": self.meta}
        for flag, name in named.items():
            if name is not None and not name:
                raise ConfigError(f"{flag} must not be empty")
        for flag, name in named.items():
            if flag != "--meta-field" and name == self.meta:
                raise ConfigError(f"{flag} and --meta-field both name '{name}': textclean's "
                                  "metadata would overwrite it")
        if self.html is not None and self.html == self.text:
            raise ConfigError(f"--html-field and --text-field both name '{self.text}': the "
                              "cleaned text would overwrite the HTML")

    def key(self) -> dict[str, str | None]:
        """The names, as part of a shard's resume key (they change what is written)."""
        return {"text": self.text, "id": self.id, "url": self.url, "outlet": self.outlet,
                "html": self.html, "meta": self.meta}


@dataclass(frozen=True, slots=True)
class RecordResult:
    """A cleaned record: the text to write (None: leave the record's text as it was), its
    metadata, and for a failure the traceback worth logging."""

    text: str | None
    meta: dict[str, Any]
    trace: str | None = None
    edits: tuple[Edit, ...] = ()

    @property
    def failed(self) -> bool:
        return self.meta["status"] == "failed"

    @property
    def error(self) -> str:
        return str(self.meta["error"])


def failed_meta(error: str, *, step: str | None = None, plugin: str | None = None
                ) -> dict[str, Any]:
    """The metadata of a record that could not be cleaned."""
    return {"status": "failed", "error": error, "step": step, "plugin": plugin, "url": None,
            "urls": [], "title": None, "date": None, "outlet": None, "outlet_from": None,
            "edits": {}, "warnings": [], "extra": None}


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", list: "a list",
             dict: "an object"}
    return names.get(type(value), type(value).__name__)


def _string(get: Callable[[str], Any], name: str, *, required: bool) -> str | None:
    """The string in field ``name``; ValueError saying what is wrong with it."""
    value = get(name)
    if value is MISSING or value is None:
        if required:
            raise ValueError(f"no field '{name}'" if value is MISSING
                             else f"field '{name}' is null")
        return None
    if not isinstance(value, str):
        raise ValueError(f"field '{name}' is {_type_name(value)}, not a string")
    return value


def _source(get: Callable[[str], Any], fields: RecordFields, where: str | None
            ) -> str | None:
    if fields.id is None:
        return where
    value = get(fields.id)
    if value is MISSING or value is None:
        return where
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _failure(exc: BaseException) -> RecordResult:
    if isinstance(exc, StepError):
        return RecordResult(None, failed_meta(str(exc), step=exc.step, plugin=exc.plugin),
                            traceback.format_exc())
    return RecordResult(None, failed_meta(f"{type(exc).__name__}: {exc}"),
                        traceback.format_exc())


def clean_record(
    pipeline: Pipeline,
    fields: RecordFields,
    get: Callable[[str], Any],
    *,
    outlet: str | None = None,
    where: str | None = None,
) -> RecordResult:
    """Clean the record whose fields ``get(name)`` returns (:data:`MISSING` when absent).

    ``outlet`` is the run's ``--outlet``, used when the record names none; ``where`` (the
    shard and line) is the document's ``source`` when there is no id field. Never raises for a
    bad record: the result says it failed, and why.
    """
    try:
        url = _string(get, fields.url, required=False) if fields.url else None
        named = _string(get, fields.outlet, required=False) if fields.outlet else None
        text = _string(get, fields.html or fields.text, required=True) or ""
    except ValueError as exc:
        return RecordResult(None, failed_meta(str(exc)))
    if fields.html is None:
        document = Document(text)
    else:
        try:
            document = extract(text, url=url).document()
        except Exception as exc:
            return RecordResult(None, failed_meta(
                f"the HTML extractor failed: {type(exc).__name__}: {exc}"),
                traceback.format_exc())
    try:
        doc = pipeline(document, url=url, outlet=named or outlet,
                       source=_source(get, fields, where))
    except (Exception, SystemExit) as exc:
        return _failure(exc)
    try:
        doc.text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return RecordResult(None, failed_meta(
            f"the cleaned text is not valid Unicode: {exc.reason} "
            f"(U+{ord(doc.text[exc.start]):04X}) at character {exc.start}"))
    meta = doc.meta
    try:
        extra = (json.loads(json.dumps(dict(meta.extra), allow_nan=False))
                 if meta.extra else None)
    except (TypeError, ValueError) as exc:
        return RecordResult(None, failed_meta(f"meta.extra cannot be written: {exc}"))
    bad = next((name for name in ("url", "title", "date", "outlet", "outlet_from")
                if not isinstance(getattr(meta, name), str | None)), None)
    if bad is None and not all(isinstance(url, str) for url in meta.urls):
        bad = "urls"
    if bad is not None:
        return RecordResult(None, failed_meta(
            f"a step left metadata that cannot be recorded: '{bad}' is "
            f"{type(getattr(meta, bad)).__name__}"))
    warnings = [] if doc.text or fields.html is None else ["the HTML holds no article text"]
    return RecordResult(doc.text, {
        "status": "ok", "error": None, "step": None, "plugin": None, "url": meta.url,
        "urls": list(meta.urls), "title": meta.title, "date": meta.date,
        "outlet": meta.outlet, "outlet_from": meta.outlet_from,
        "edits": dict(Counter(edit.rule.partition(":")[0] for edit in doc.edits)),
        "warnings": warnings, "extra": extra,
    }, edits=doc.edits)

"""Bytes to text: what a scraped file most plausibly says, or why it is not text at all.

The order is chosen for a news corpus, where nearly every file is UTF-8 and the rest is mostly
Windows-1252 or Latin-1:

1. a byte order mark decides (UTF-32 before UTF-16, whose mark is a prefix of UTF-32-LE's);
2. NUL bytes mean binary, unless they fall where ASCII text in BOM-less UTF-16 puts them;
3. strict UTF-8, the fast path: valid UTF-8 without NUL bytes is always text. A file that is
   mostly valid UTF-8 with a few bad bytes stays UTF-8, its bad bytes replaced with U+FFFD,
   rather than being guessed as something else;
4. Windows-1252 (a superset of Latin-1's printable characters, as browsers read both) when it
   decodes to Latin-script text; charset-normalizer's best guess otherwise.

Never raises: anything that is not text comes back with ``text=None`` and a reason.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

import charset_normalizer

__all__ = ["Decoded", "decode_bytes"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Above this share of non-ASCII letters, Windows-1252 text is really another script.
_MAX_NON_ASCII_LETTERS = 0.25
#: Above one control character in this many, a "text" is binary.
_CONTROL_RARITY = 20
#: Bytes a file needs before NUL bytes in every other place suggest UTF-16.
_MIN_UTF16 = 8
#: Characters read from the start of a text to judge it.
_SAMPLE = 1 << 16
_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text of a file and how it was read; ``text`` is None when the file was skipped,
    and ``skipped`` says why."""

    text: str | None
    encoding: str | None
    warnings: tuple[str, ...] = ()
    skipped: str | None = None


_tally = threading.local()


def _replace_counting(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _tally.bytes += error.end - error.start
    _tally.calls += 1
    return "\ufffd", error.end


codecs.register_error("textclean.replace", _replace_counting)


def _decode(data: bytes, encoding: str) -> tuple[str, int, int]:
    """``data`` decoded, each undecodable sequence replaced with U+FFFD; the number of
    undecodable bytes and of the U+FFFD put in their place."""
    try:
        return data.decode(encoding), 0, 0
    except UnicodeDecodeError:
        pass
    _tally.bytes = _tally.calls = 0
    text = data.decode(encoding, "textclean.replace")
    return text, _tally.bytes, _tally.calls


def _replaced(count: int, encoding: str) -> tuple[str, ...]:
    if not count:
        return ()
    noun = "byte" if count == 1 else "bytes"
    return (f"{count} undecodable {noun} replaced with U+FFFD ({encoding})",)


def _bomless_utf16(data: bytes) -> str | None:
    """The UTF-16 byte order of ``data`` if its NUL bytes sit where Latin-script text in
    UTF-16 puts them: in nearly every other byte, and nowhere else. Else None."""
    if len(data) < _MIN_UTF16 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    enough = len(data) // 2 * 9 // 10
    if odd >= enough and even == 0:
        return "utf-16-le"
    if even >= enough and odd == 0:
        return "utf-16-be"
    return None


def _truncated_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8 cut off inside its last character."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_text(text: str) -> bool:
    sample = text[:_SAMPLE]
    return len(_CONTROL.findall(sample)) <= max(1, len(sample) // _CONTROL_RARITY)


def _latin_script(text: str) -> bool:
    """Whether ``text`` (read as Windows-1252) looks like a Latin-script language rather than
    another script misread: few of its letters are outside ASCII."""
    sample = text[:_SAMPLE]
    ascii_letters = len(sample.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
    non_ascii_letters = len(_LETTER.findall("".join(_NON_ASCII.findall(sample))))
    letters = ascii_letters + non_ascii_letters
    return non_ascii_letters <= _MAX_NON_ASCII_LETTERS * letters and _looks_like_text(sample)


def decode_bytes(data: bytes) -> Decoded:
    """Decode the bytes of one file; see the module docstring for the order of attempts."""
    if not data:
        return Decoded("", "utf-8")
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name != "utf-8-sig":
                text, bad, _ = _decode(data[len(bom):], name)
                return Decoded(text, name, _replaced(bad, name))
            data, encoding = data[len(bom):], name
    if b"\x00" in data:
        return _nul_bytes(data)
    try:
        return Decoded(data.decode("utf-8"), encoding)
    except UnicodeDecodeError:
        pass
    text, bad, replacements = _decode(data, "utf-8")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    valid = non_ascii - replacements  # characters that were valid multi-byte UTF-8
    if valid >= bad or encoding == "utf-8-sig" or _truncated_utf8(data):
        return Decoded(text, encoding, _replaced(bad, encoding))
    return _guess(data)


def _nul_bytes(data: bytes) -> Decoded:
    encoding = _bomless_utf16(data)
    if encoding is not None:
        text, bad, _ = _decode(data, encoding)
        if "\x00" not in text and _looks_like_text(text) and bad <= len(data) // 100:
            warning = f"no byte order mark: read as {encoding} from the places of NUL bytes"
            return Decoded(text, encoding, (warning, *_replaced(bad, encoding)))
    return Decoded(None, None, skipped="binary file: contains NUL bytes")


def _guess(data: bytes) -> Decoded:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _latin_script(text):
        return Decoded(text, "cp1252", ("not UTF-8: read as cp1252",))
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return Decoded(None, None, skipped="binary file: no plausible text encoding")
    try:
        encoding = codecs.lookup(best.encoding).name
    except LookupError:
        encoding = best.encoding
    text, bad, _ = _decode(data, encoding)
    if not _looks_like_text(text):
        return Decoded(None, None, skipped="binary file: no plausible text encoding")
    return Decoded(text, encoding, (f"not UTF-8: read as {encoding} (guessed)",
                                    *_replaced(bad, encoding)))

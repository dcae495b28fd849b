"""The ``encoding`` step (stage repair): mojibake, HTML entities, stray controls and Unicode
normalisation, repaired line by line with ftfy so every fix is an edit naming what was wrong.

Defaults are the encoding fixes only. Quote uncurling and character-width folding are options,
off by default, because they damage typography and CJK text.

Four things make the step idempotent where ``ftfy.fix_text`` is not:

- line breaks ("\\r\\n", "\\r", U+2028, U+2029) become "\\n" before ftfy sees a line, and any
  line break a fix creates (``&#10;``, mojibake of U+2028) splits the line into lines that are
  fixed again on their own, exactly as a second run would see them;
- HTML entities are unescaped to a fixed point ("&amp;amp;" becomes "&"), in linear time;
- white space at the end of a line is kept out of the repair, so the ``whitespace`` step that
  strips it later cannot change what ftfy decides on the next run;
- each line is repaired until it stops changing (within a small bound); a line that would not
  settle is left as it was, which is a fixed point too.

Lines that cannot hold anything to repair skip ftfy: a single regex pass over the document finds
the candidates (a superset of what ftfy's mojibake heuristic ``is_bad`` matches, checked by the
tests), so clean text runs at regex speed rather than ftfy's.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import ftfy
from ftfy import FIXERS
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITIES, HTML_ENTITY_RE, LIGATURES, WIDTH_MAP

from textclean.document import Document, Edit
from textclean.hookspecs import hookimpl
from textclean.step import Context, Stage, Step

__all__ = ["NORMALIZATIONS", "RULES", "Encoding", "unescape_entities"]

#: Unicode normalisation forms the ``normalization`` option accepts (``None`` for none).
NORMALIZATIONS = ("NFC", "NFKC", "NFD", "NFKD")

#: Rule ids this step records, by the ftfy fixer (or our own fix) that made the change.
RULES: dict[str, str] = {
    "line_breaks": "encoding.line-breaks",
    "unescape_html": "encoding.html-entities",
    "mojibake": "encoding.mojibake",
    "decode_inconsistent_utf8": "encoding.mojibake",
    "restore_byte_a0": "encoding.mojibake",
    "replace_lossy_sequences": "encoding.mojibake",
    "fix_c1_controls": "encoding.c1-controls",
    "fix_latin_ligatures": "encoding.ligatures",
    "fix_character_width": "encoding.character-width",
    "uncurl_quotes": "encoding.uncurl-quotes",
    "fix_line_breaks": "encoding.line-breaks",
    "fix_surrogates": "encoding.surrogates",
    "remove_terminal_escapes": "encoding.terminal-escapes",
    "remove_control_chars": "encoding.control-chars",
    "NFC": "encoding.nfc",
    "NFKC": "encoding.nfkc",
    "NFD": "encoding.nfd",
    "NFKD": "encoding.nfkd",
}
_FALLBACK_RULE = "encoding.ftfy"

#: Rounds of repair a line gets before it is declared unsettled and left alone.
_MAX_ROUNDS = 8

_LINE_BREAKS = ("\r", "\u2028", "\u2029")

#: White space that ``str.rstrip`` removes and no repair changes ("\x85", "\x0b", "\x1c" to
#: "\x1f" and the line breaks are all repaired, so they are not in it).
_TRAILING = "\t\x0c \xa0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))


# -- HTML entities ------------------------------------------------------------------------------

def _entity(match: re.Match[str]) -> str:
    return _resolve(match.group(0))


def _resolve(entity: str) -> str:
    """What ftfy's ``unescape_html`` makes of one entity: named ones ending in ";" (plus
    all-caps Latin ones), and numeric references; anything else is left as written."""
    if entity in HTML_ENTITIES:
        return HTML_ENTITIES[entity]
    if entity.startswith("&#"):
        char = html.unescape(entity)
        return entity if ";" in char else char
    return entity


def unescape_entities(text: str) -> str:
    """Unescape HTML entities until none is left, so the result is a fixed point.

    "&amp;amp;" becomes "&", as repeating ftfy's ``unescape_html`` would, but in time linear in
    the text even for thousands of nested "&amp;": no entity overlaps another, so the fixed
    point does not depend on the order of replacements.
    """
    for _ in range(3):
        unescaped = HTML_ENTITY_RE.sub(_entity, text)
        if unescaped == text:
            return text
        text = unescaped
    return _unescape_nested(text)


def _unescape_nested(text: str) -> str:
    """One left-to-right pass; a replacement is pushed back onto the input so the entity it
    completes (with what came before or after) is resolved too. Every replacement is shorter
    than its entity, so the pass is linear."""
    out: list[str] = []
    pending = list(reversed(text))
    while pending:
        char = pending.pop()
        out.append(char)
        if char != ";":
            continue
        start = max(0, len(out) - 27)  # "&#" + 24 characters + ";" at most
        tail = "".join(out[start:])
        amp = tail.rfind("&")
        if amp < 0:
            continue
        entity = tail[amp:]
        if HTML_ENTITY_RE.fullmatch(entity):
            replacement = _resolve(entity)
            if replacement != entity:
                del out[start + amp:]
                pending.extend(reversed(replacement))
    return "".join(out)


# -- the gate: which lines are worth sending to ftfy --------------------------------------------

def _expand(chars: str) -> set[str]:
    """The characters of a regex character-class body such as "a-zÀ": ranges expanded."""
    found: set[str] = set()
    i = 0
    while i < len(chars):
        if i + 2 < len(chars) and chars[i + 1] == "-":
            found.update(chr(c) for c in range(ord(chars[i]), ord(chars[i + 2]) + 1))
            i += 3
        else:
            found.add(chars[i])
            i += 1
    return found


def _char_class(chars: Iterable[str]) -> str:
    """A regex character-class body for ``chars``, with runs written as ranges."""
    points = sorted({ord(c) for c in chars})
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        parts.append(_escape(points[i]) if i == j else f"{_escape(points[i])}-{_escape(points[j])}")
        i = j + 1
    return "".join(parts)


def _escape(point: int) -> str:
    return f"\\u{point:04x}" if point <= 0xFFFF else f"\\U{point:08x}"


def _mojibake_pattern() -> tuple[str, str]:
    """A fast regex that matches wherever ftfy's ``BADNESS_RE`` can.

    Every match of ``BADNESS_RE`` holds a C1 control, "Œ" or "œ", "Ã" or "Â" before a space,
    "вЂ"/"ВЂ", or two adjacent characters of its categories of which at least one is not a
    Greek or Cyrillic letter (those occur side by side in ordinary words). Returns the class of
    characters a match can start at (for the document-wide search) and the rest of the pattern.
    """
    categories = {name: _expand(chars) for name, chars in MOJIBAKE_CATEGORIES.items()}
    suspect = set().union(*categories.values())
    suspect |= {c for c in BADNESS_RE.pattern if ord(c) > 0x7F}
    others = set().union(*(chars for name, chars in categories.items()
                           if name not in ("lower_common", "upper_common")))
    letters = (categories["lower_common"] | categories["upper_common"]) - others
    marked = suspect - letters
    start = marked | {"\u0402"}
    lookbehinds = (
        "(?<=[\\x80-\\x9f\u0152\u0153])"      # C1 controls, Œ, œ
        "|(?<=[\u00c2\u00c3]) "                # "Â " and "Ã " (restore_byte_a0)
        f"|(?<=[{_char_class(marked)}])[{_char_class(suspect)}]"
        f"|(?<=[{_char_class(letters)}][{_char_class(marked)}])"
        "|(?<=[\u0432\u0412]\u0402)"           # вЂ, ВЂ: cp1251 mojibake of U+2000-U+206F
    )
    return _char_class(start), lookbehinds


class _Machinery(NamedTuple):
    """What one configuration of the step compiles once: its gates and ftfy's config."""

    lines: re.Pattern[str]   # a line with a match may need any repair
    ftfy: re.Pattern[str]    # a line with a match may need ftfy (or is not normalised)
    config: ftfy.TextFixerConfig
    mojibake: re.Pattern[str]  # no match: ftfy's encoding fix leaves the text as it is
    fixers: tuple[tuple[str, re.Pattern[str] | None], ...]  # ftfy's other fixers, in its order
    any_fixer: re.Pattern[str] | None  # no match: every fixer with a pattern is a no-op
    before_space: re.Pattern[str]  # a character outside ASCII followed by a space
    configs: dict[tuple[bool, bool], ftfy.TextFixerConfig]  # by (lossy, spaced): see _fix_lean


# -- the lean path: only the ftfy passes a piece needs ------------------------------------------

#: ftfy's one step of encoding repair. ``fix_encoding_and_explain`` repeats it until the text
#: stops changing, and so asks ftfy's mojibake heuristic ``is_bad`` about the repaired text,
#: where it fails slowly: about 150 µs on a 260-character line, against 1 µs for the gate's
#: regex. The function is private, so without it the step runs ftfy's whole path.
_ONE_STEP: Callable[[str, ftfy.TextFixerConfig], tuple[str, list[tuple[str, str]] | None]] | None
_ONE_STEP = getattr(ftfy, "_fix_encoding_one_step_and_explain", None)

#: ftfy's fixers after the encoding repair, in the order ``fix_and_explain`` runs them.
_FIXER_ORDER = ("fix_c1_controls", "fix_latin_ligatures", "fix_character_width",
                "uncurl_quotes", "fix_line_breaks", "fix_surrogates", "remove_terminal_escapes",
                "remove_control_chars")


def _fixer_triggers(name: str) -> set[str] | None:
    """The characters without which ftfy's fixer ``name`` returns its input unchanged, or
    None when the step does not know them (the fixer then always runs)."""
    if name == "fix_c1_controls":
        return {chr(c) for c in range(0x80, 0xA0)}
    if name == "fix_latin_ligatures":
        return {chr(c) for c in LIGATURES}
    if name == "fix_character_width":
        return {chr(c) for c in WIDTH_MAP}
    if name == "fix_surrogates":
        return {chr(c) for c in range(0xD800, 0xE000)}
    if name == "remove_terminal_escapes":
        return {"\x1b"}  # every ANSI escape starts with ESC
    if name == "remove_control_chars":
        return {chr(c) for c in CONTROL_CHARS}
    return None


def _fix_lean(text: str, machinery: _Machinery) -> tuple[str, list[tuple[str, str]]]:
    """What ``ftfy.fix_and_explain(text, machinery.config)`` returns, text and plan alike,
    with only the passes the text needs: ftfy's loop, in ftfy's order, where each pass is
    skipped when a cheap check shows it would return the text unchanged (and so record
    nothing). The tests hold it to ftfy's result on generated text and on cases of the kinds
    ftfy tests itself on."""
    config = machinery.config
    if _ONE_STEP is None or config.unescape_html or not config.fix_encoding:
        fixed, plan = ftfy.fix_and_explain(text, config)
        return fixed, list(plan or [])
    plan: list[tuple[str, str]] = []
    form = config.normalization
    while True:
        original = text
        while machinery.mojibake.search(text):  # fix_encoding_and_explain, gated
            # Two byte-level passes inside ftfy's step are no-ops that the text shows (~50% of
            # a repair's time), since a single-byte encoding maps each character to one byte:
            # replace_lossy_sequences changes only sequences holding a byte "?" or 0x1A, which
            # come from "?", "\x1a" and (sloppy codecs) "\ufffd"; restore_byte_a0 needs a byte
            # of 0x80 or more before a space, so a character outside ASCII before a space.
            lossy = "?" in text or "\x1a" in text or "\ufffd" in text
            spaced = machinery.before_space.search(text) is not None
            fixed, steps = _ONE_STEP(text, machinery.configs[lossy, spaced])
            if steps:
                plan.extend(steps)
            if fixed == text:
                break
            text = fixed
        if machinery.any_fixer is None or machinery.any_fixer.search(text):
            for name, trigger in machinery.fixers:
                if trigger is not None and not trigger.search(text):
                    continue
                fixed = FIXERS[name](text)
                if fixed != text:
                    plan.append(ftfy.ExplanationStep("apply", name))
                    text = fixed
        if form is not None and not unicodedata.is_normalized(form, text):
            plan.append(ftfy.ExplanationStep("normalize", form))
            text = unicodedata.normalize(form, text)
        if text == original:
            return text, plan


# -- the step ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Encoding(Step):
    """Repair text that was decoded or escaped wrongly somewhere between the newsroom and the
    scraper, recording each repaired line as an edit named for the fix."""

    name = "encoding"
    stage = Stage.REPAIR
    order = 100

    unescape_html: bool = True
    """Unescape HTML entities ("&amp;", "&#8217;", "&nbsp;") in every line, even one holding a
    "<" (ftfy's "auto" mode keeps them there, so one "<https://...>" would keep them)."""
    fix_latin_ligatures: bool = True
    """Replace Latin ligatures such as "ﬁ" with their letters (ftfy's default)."""
    uncurl_quotes: bool = False
    """Replace curly quotes with straight ones: off, it loses typography."""
    fix_character_width: bool = False
    """Fold fullwidth and halfwidth forms: off, it damages CJK text."""
    normalization: str | None = "NFC"
    """Unicode normalisation form applied to repaired lines, or None (or "none") for none."""

    def __post_init__(self) -> None:
        for option in ("unescape_html", "fix_latin_ligatures", "uncurl_quotes",
                       "fix_character_width"):
            value = getattr(self, option)
            if not isinstance(value, bool):
                raise ValueError(f"option '{option}' must be true or false, not {value!r}")
        form = self.normalization
        if isinstance(form, str) and form.upper() in (*NORMALIZATIONS, "NONE"):
            canonical = None if form.upper() == "NONE" else form.upper()
            object.__setattr__(self, "normalization", canonical)
        elif form is not None:
            raise ValueError(
                f"option 'normalization' must be one of {', '.join(NORMALIZATIONS)} or "
                f"'none', not {form!r}"
            )

    def __call__(self, doc: Document, ctx: Context) -> Document:
        text = doc.text
        edits: list[Edit] = []
        if "\r\n" in text:
            count = text.count("\r\n")
            text = text.replace("\r\n", "\n")
            edits.append(Edit(RULES["line_breaks"], before="\r" * count, after="", line=0))
        candidates = self._candidates(text)
        if candidates:
            lines = text.split("\n")
            changed = False
            for index in candidates:
                repaired = self._repair_line(lines[index], index + 1, edits)
                if repaired is not None:
                    lines[index] = repaired
                    changed = True
            if changed:
                text = "\n".join(lines)
        if not edits:
            return doc
        return doc.revise(text, *edits)

    # -- finding the lines ---------------------------------------------------------------------

    def _candidates(self, text: str) -> list[int]:
        """0-based numbers of the lines that may need a repair, in order."""
        found: set[int] = set()
        search = _machinery(self).lines.search
        pos = counted = line = 0
        while (match := search(text, pos)) is not None:
            line += text.count("\n", counted, match.start())
            counted = match.start()
            found.add(line)
            end = text.find("\n", counted)
            if end < 0:
                break
            pos = end + 1
        form = self.normalization
        if form is not None and not unicodedata.is_normalized(form, text):
            for index, line_text in enumerate(text.split("\n")):
                if not line_text.isascii() and not unicodedata.is_normalized(form, line_text):
                    found.add(index)
        return sorted(found)

    # -- repairing one line --------------------------------------------------------------------

    def _repair_line(self, line: str, number: int, edits: list[Edit]) -> str | None:
        """The repaired ``line`` (it may now hold "\\n"), with its edits appended to ``edits``;
        None if it needs nothing or would not settle."""
        own: list[Edit] = []
        # Each piece is (text, settled); a piece that went through a round unchanged is settled.
        pieces: list[tuple[str, bool]] = [(line, False)]
        for _ in range(_MAX_ROUNDS):
            if all(settled for _, settled in pieces):
                break
            next_pieces: list[tuple[str, bool]] = []
            for piece, settled in pieces:
                if settled:
                    next_pieces.append((piece, True))
                    continue
                repaired = self._repair_once(piece, number, own)
                if repaired == piece:
                    next_pieces.append((piece, True))
                else:
                    next_pieces.extend((part, False) for part in repaired.split("\n"))
            pieces = next_pieces
        else:
            if not all(settled for _, settled in pieces):
                return None
        if not own:
            return None
        edits.extend(own)
        return "\n".join(piece for piece, _ in pieces)

    def _repair_once(self, piece: str, number: int, edits: list[Edit]) -> str:
        """One round of every repair on a piece of a line, each change recorded.

        White space at the end of the piece is kept out of the repair: the ``whitespace`` step
        removes it later, and ftfy must not decide differently once it is gone (it does:
        "Ã\ufffd\xa0" is left alone, "Ã\ufffd" is fixed), or a second run would change more.
        """
        core = piece.rstrip(_TRAILING)
        trail = piece[len(core):]
        # Line breaks of the text first, so "\r" then "&#10;" is two breaks, as it is when the
        # text came with "\n" line ends; then those an entity made, so "&#13;&#10;" is one.
        if _has_line_break(core):
            return _break_lines(core, trail, number, edits)
        if self.unescape_html and "&" in core:
            fixed = unescape_entities(core)
            if fixed != core:
                edits.append(Edit(RULES["unescape_html"], before=core + trail,
                                  after=fixed + trail, line=number))
                core = fixed
                if _has_line_break(core):
                    return _break_lines(core, trail, number, edits)
                if "\n" in core:
                    return core + trail  # new lines, repaired one by one in the next round
        machinery = _machinery(self)
        form = self.normalization
        if machinery.ftfy.search(core) or (
            form is not None and not unicodedata.is_normalized(form, core)
        ):
            fixed, plan = _fix_lean(core, machinery)
            if fixed != core:
                edits.extend(_explain(core, fixed, plan or [], number, trail))
                core = fixed
        return core + trail


def _has_line_break(text: str) -> bool:
    return "\r" in text or "\u2028" in text or "\u2029" in text


def _break_lines(core: str, trail: str, number: int, edits: list[Edit]) -> str:
    """"\r\n", "\r", U+2028 and U+2029 as "\n"; the new lines are repaired one by one in
    the next round."""
    fixed = core.replace("\r\n", "\n")
    for brk in _LINE_BREAKS:
        fixed = fixed.replace(brk, "\n")
    edits.append(Edit(RULES["line_breaks"], before=core + trail, after=fixed + trail,
                      line=number))
    return fixed + trail


def _explain(
    before: str, after: str, plan: Sequence[tuple[str, str]], line: int, trail: str = ""
) -> list[Edit]:
    """One edit per kind of fix in ftfy's plan, replayed to find the text between them; if the
    replay does not reproduce ftfy's result, one edit named for the first fix. ``trail`` is the
    white space after the repaired text, shown in the edits as it is in the line."""
    groups: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for action, parameter in plan:
        current.append((action, parameter))
        if current[0][0] == "encode" and action != "decode":
            continue  # encode, transcode..., decode: one fix
        groups.append(current)
        current = []
    if not groups:
        return [Edit(_FALLBACK_RULE, before=before + trail, after=after + trail, line=line)]
    edits: list[Edit] = []
    text = before
    try:
        for steps in groups:
            rule, fixed = _rule_of(steps), _replay(text, steps)
            if fixed == text:
                continue
            if edits and edits[-1].rule == rule:
                edits[-1] = Edit(rule, before=edits[-1].before, after=fixed + trail, line=line)
            else:
                edits.append(Edit(rule, before=text + trail, after=fixed + trail, line=line))
            text = fixed
    except (UnicodeError, ValueError, LookupError):
        text = ""
    if text != after:
        return [Edit(_rule_of(groups[0]), before=before + trail, after=after + trail, line=line)]
    return edits


def _rule_of(steps: Sequence[tuple[str, str]]) -> str:
    action, parameter = steps[-1]
    if steps[0][0] == "encode":
        if action == "decode" and parameter == "windows-1252":
            return RULES["fix_c1_controls"]  # C1 controls read as Windows-1252
        return RULES["mojibake"]
    return RULES.get(parameter, _FALLBACK_RULE)


def _replay(text: str, steps: Sequence[tuple[str, str]]) -> str:
    if steps[0][0] == "normalize":
        return unicodedata.normalize(steps[0][1], text)  # type: ignore[arg-type]
    return ftfy.apply_plan(text, list(steps))


@functools.lru_cache(maxsize=32)
def _machinery(step: Encoding) -> _Machinery:
    special = {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"} | {"\x7f"}
    special |= {"\ufeff", "\ufff9", "\ufffa", "\ufffb", "\ufffc"}
    special |= {chr(c) for c in range(0x206A, 0x2070)}
    special |= {chr(c) for c in range(0xD800, 0xE000)}  # surrogates
    if step.fix_latin_ligatures:
        special |= {chr(c) for c in LIGATURES}
    if step.fix_character_width:
        special |= {chr(c) for c in WIDTH_MAP}
    if step.uncurl_quotes:
        special |= {"\u02bc"} | {chr(c) for c in range(0x2018, 0x2020)}
    ours = {*_LINE_BREAKS, "&"} if step.unescape_html else set(_LINE_BREAKS)
    config = ftfy.TextFixerConfig(
        unescape_html=False,
        fix_latin_ligatures=step.fix_latin_ligatures,
        fix_character_width=step.fix_character_width,
        uncurl_quotes=step.uncurl_quotes,
        fix_line_breaks=False,
        normalization=step.normalization,  # type: ignore[arg-type]
        explain=True,
    )
    start, mojibake = _mojibake_pattern()
    fixers = tuple(
        (name, _any_of(_fixer_triggers(name))) for name in _FIXER_ORDER if getattr(config, name)
    )
    patterned = [trigger.pattern for _, trigger in fixers if trigger is not None]
    any_fixer = None if len(patterned) < len(fixers) else re.compile("|".join(patterned))
    return _Machinery(_gate(special | ours), _gate(special), config,
                      re.compile(f"[{start}](?:{mojibake})"), fixers, any_fixer,
                      re.compile("[^\x00-\x7f] "), {
                          (lossy, spaced): config._replace(
                              replace_lossy_sequences=config.replace_lossy_sequences and lossy,
                              restore_byte_a0=config.restore_byte_a0 and spaced,
                          )
                          for lossy in (False, True) for spaced in (False, True)
                      })


def _any_of(chars: set[str] | None) -> re.Pattern[str] | None:
    return None if chars is None else re.compile(f"[{_char_class(chars)}]")


def _gate(singles: set[str]) -> re.Pattern[str]:
    """Match any of ``singles``, or where ftfy may see mojibake. One leading character class,
    so the regex engine skips the text between candidates at full speed."""
    start, mojibake = _mojibake_pattern()
    singles_class = _char_class(singles)
    return re.compile(f"[{singles_class}{start}](?:(?<=[{singles_class}])|{mojibake})")


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Encoding,)

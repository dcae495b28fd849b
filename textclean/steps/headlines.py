"""The ``headlines`` step (stage collapse): text that a scrape repeated appears once.

Scrapers print a headline twice (once as the page title, once as the article heading), glue the
two together ("TitleTitle"), or copy a paragraph from a teaser box into the body. Three rules undo
that, each removal or collapse one :class:`~textclean.Edit`:

``headlines.doubled-line``
    A line that is one unit repeated, glued ("TitleTitle") or with white space or a short
    separator between ("Title Title", "Title | Title", "Title - Title"), two or more times,
    becomes the unit once. Its indentation and trailing white space are kept.
``headlines.repeated-line``
    A line equal to the previous non-blank line is removed.
``headlines.repeated-paragraph``
    A line of paragraph length equal to any earlier line is removed.

Lines are compared by their whitespace-folded form (runs of white space are one space, the ends
stripped; case is kept), so trailing blanks, tabs or a stray double space do not hide a copy.
Lines end at "\\n", "\\r\\n" or "\\r", as the ``whitespace`` step later normalises them. The first
occurrence is always kept, so no distinct line is ever lost, only its copies; the blank lines
left around a removed line are the ``whitespace`` step's to collapse. A paragraph is a line, as
in scraped news: in hard-wrapped text a long line that comes back elsewhere goes on its own.

Repetition is also language, so each rule asks for a unit long enough to be a scraping accident:

* ``min_unit`` (10 characters, and a letter) for a glued unit: natural text glues only short
  words to themselves ("couscous", "hahaha", "1111"), while "World NewsWorld News" is debris.
* ``min_repeat`` (20 characters) and ``min_words`` (3) for a unit repeated with a separator or
  on the next non-blank line. Short phrases said twice are place names ("Walla Walla", "Bora
  Bora", "Baden-Baden", "New York, New York"), laughter and song ("ha ha", "la la la"), chants
  ("Lock her up! Lock her up!", "Four more years! Four more years!"), and, as consecutive lines,
  table cells ("Yes" under "Yes"), transcripts and poems. A headline has several words and
  mostly 20 or more characters; a shorter one stays doubled, the cheaper mistake. A unit
  written without spaces (Chinese, Japanese) is judged by its length alone.
* ``min_paragraph`` (40 characters, and a letter) for a copy further down: section headers
  ("Background"), "Advertisement", "* * *", datelines and bylines legitimately come back in an
  article, whereas a 40-character line is a sentence, and a sentence printed again word for word
  is a copy.

A line of copies glued together (or joined by a separator that does not start with a space) is left
alone when the unit holds a URL: "https://x.com/ahttps://x.com/a" reads as one longer
URL, which the ``urls`` step, running earlier, has already listed in ``meta.urls``, and a URL is
data, not a headline. Removing a copy of a whole line never changes a URL, since the first
occurrence keeps every URL the copy held.

The step runs in the collapse stage, after the remove stage and before ``aliases``: a doubled line
hides the alias in it from whole-word matching ("Sergey LavrovSergey Lavrov"), so it is made one
copy before aliases are read. A collapse can still give an earlier step work ("Share this
articleShare this article" is a widget only once collapsed) and a canonical spelling can make two
lines copies; the pipeline's settle round runs the earlier steps again for those documents.

Finding the unit of a repeated line is linear. By the prefix function (the KMP failure
function), a string ``s`` of length ``n`` is a repetition of its prefix of length
``p = n - pi[n - 1]`` when ``n % p == 0``, and is primitive otherwise. The same ``p`` is the
first position after 0 at which ``s`` occurs in ``s + s`` (a string equals its rotation by ``p``
exactly when ``p`` is a multiple of its primitive root's length), which :meth:`str.find`
computes in C in linear time (CPython's two-way search bounds the worst case), far faster than a
Python loop over the prefix function and without its list of ``n`` integers. The tests check the
two against each other. A unit repeated with a separator is the unit of the line with one more
separator appended: "A | A" + " | " is ("A | ") twice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from textclean.document import Document, Edit
from textclean.hookspecs import hookimpl
from textclean.step import Context, Stage, Step

__all__ = ["DEFAULT_SEPARATORS", "Headlines", "fold", "reads_as_prose", "repetition_period"]

#: Separators between the copies of a repeated headline, besides nothing and white space.
DEFAULT_SEPARATORS: tuple[str, ...] = (" | ", " - ", " – ", " — ", " · ", " • ")

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_LETTER = re.compile(r"[^\W\d_]")
_WORD_CHAR = re.compile(r"\w")
_TOKEN = re.compile(r"\S+")
_SPACES = re.compile(r"\s+")  # \s is exactly str.isspace(), what str.split() splits on
#: Longer lines are folded in one regex pass: a list of their words would cost about ten
#: times the line's size in memory.
_FOLD_BY_SPLIT = 10_000
_URL_HINT = re.compile(r"://|www\.", re.IGNORECASE)
#: Where a line that reads as prose starts: opening quotes or a bracket, then its first letter.
_PROSE_START = re.compile(r"[\"'“‘«„(¿¡]*([^\W\d_])")
#: What prose does not hold: code and markup characters, box drawing (tables), a URL or a
#: path ("/storage/notes"), a word glued to a bracket ("unnest(array", "NULLIF(").
_NOT_PROSE = re.compile(r"[{}<>=\\`|_\[\]\u2500-\u257f]|://|(?<!\S)/\w|\w\(")


def repetition_period(text: str) -> int:
    """The length of the shortest unit of which ``text`` is a whole repetition: ``len(text)``
    when it is primitive (or empty). Equal to ``n - pi[n - 1]`` of the prefix function when that
    divides ``n``; computed as the first rotation of ``text`` that equals it, in linear time."""
    if len(text) < 2:
        return len(text)
    return (text + text).find(text, 1)


def reads_as_prose(key: str) -> bool:
    """Whether a whitespace-folded line reads as prose, the only kind of line whose copy further
    down is removed: it begins, after opening quotes or a bracket, with a capital letter (or a
    letter without case); it is not all capitals; it does not end with a colon (a lead-in to the
    code, list or table that follows); and it holds no code or table characters (``{}<>=|_[]``,
    a backslash or backtick, box drawing), no URL or path and no word glued to a bracket. Code,
    shell output, table rows, configuration and hard-wrapped text repeat legitimately."""
    start = _PROSE_START.match(key)
    return (start is not None and not start.group(1).islower() and not key.isupper()
            and not key.endswith((":", "：")) and _NOT_PROSE.search(key) is None)


def fold(line: str) -> str:
    """The key lines are compared by: runs of white space as one space, the ends stripped."""
    if line.isprintable() and "  " not in line:
        return line.strip(" ")  # the only white space is single spaces: nothing to fold inside
    if len(line) > _FOLD_BY_SPLIT:
        return _SPACES.sub(" ", line).strip(" ")
    return " ".join(line.split())


@dataclass(frozen=True)
class Headlines(Step):
    """Collapse a line that repeats one unit, then drop copies of the previous line and of earlier
    paragraphs, keeping every first occurrence."""

    name = "headlines"
    stage = Stage.COLLAPSE
    order = 100

    #: Shortest glued unit, in characters, that "UnitUnit" collapses to.
    min_unit: int = 10
    #: Shortest unit collapsed when repeated with a separator, or removed on the next line.
    min_repeat: int = 20
    #: Fewest words such a unit needs when it is written with spaces.
    min_words: int = 3
    #: Shortest line removed when it repeats any earlier line.
    min_paragraph: int = 40
    #: Separators between copies on one line, besides nothing and white space.
    separators: tuple[str, ...] = DEFAULT_SEPARATORS

    def __post_init__(self) -> None:
        for option in ("min_unit", "min_repeat", "min_words", "min_paragraph"):
            value = getattr(self, option)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{option} must be a positive integer, not {value!r}")
        if not isinstance(self.separators, list | tuple) or not all(
            isinstance(sep, str) for sep in self.separators
        ):
            raise ValueError("separators must be a list of strings")
        folded = []
        for sep in self.separators:
            core = fold(sep)
            if not core or any(ch in sep for ch in "\r\n"):
                raise ValueError(f"separator {sep!r} needs a character other than white space "
                                 "and no line break (nothing and white space always separate)")
            # Compared against folded lines, so a separator is folded the same way.
            folded.append((" " if sep[0].isspace() else "") + core
                          + (" " if sep[-1].isspace() else ""))
        object.__setattr__(self, "separators", tuple(dict.fromkeys(folded)))

    def __call__(self, doc: Document, ctx: Context) -> Document:
        text = doc.text
        if "\r" in text:
            parts = _LINE_BREAK.split(text)
            lines, breaks = parts[0::2], [*parts[1::2], ""]
        else:
            lines = text.split("\n")
            breaks = None
        # fold() inline: most lines are printable with single spaces, so strip() is their key.
        keys = [line.strip(" ") if line.isprintable() and "  " not in line else fold(line)
                for line in lines]
        edits: list[Edit] = []
        half = min(self.min_unit, self.min_repeat)
        shortest = 2 * half
        # Every copy after the first starts with the unit's first characters (see _unit_of):
        # lines where they do not come back are no repetition, refused in one expression.
        for index in [i for i, key in enumerate(keys)
                      if len(key) >= shortest and key.find(key[:half], half) >= 0]:
            unit = self._reduce(keys[index])
            if unit is not None:
                line = lines[index]
                start, end = len(line) - len(line.lstrip()), len(line.rstrip())
                collapsed = line[:start] + unit + line[end:]
                edits.append(Edit("headlines.doubled-line", before=line, after=collapsed,
                                  line=index + 1))
                lines[index], keys[index] = collapsed, unit
        distinct = set(keys)
        blanks = keys.count("")
        if len(distinct) + blanks - (blanks > 0) == len(keys):
            kept = None  # no line comes back: nothing is a copy
        else:
            kept = self._copies(lines, keys, edits)
        if not edits:
            return doc
        if breaks is None:  # every break is "\n": the last kept line goes without one
            return doc.revise("\n".join(lines if kept is None else [lines[i] for i in kept]),
                              *edits)
        if kept is None:
            kept = list(range(len(lines)))
        out = [lines[i] + breaks[i] for i in kept]
        if kept and kept[-1] != len(lines) - 1:
            out[-1] = lines[kept[-1]]  # the last line went: so does the break before it
        return doc.revise("".join(out), *edits)

    def _copies(self, lines: list[str], keys: list[str], edits: list[Edit]) -> list[int]:
        """Record the removal of each copy of the previous line or of an earlier paragraph;
        the indexes of the lines kept. Only a key that occurs again can have a later copy, so
        only those are asked whether they read as prose (most paragraphs occur once)."""
        counts = Counter(keys)
        kept: list[int] = []
        seen: set[str] = set()
        previous: str | None = None
        for index, key in enumerate(keys):
            if key:
                rule = None
                if key == previous and self._repeated(key, glued=False):
                    rule = "headlines.repeated-line"
                elif key in seen:
                    rule = "headlines.repeated-paragraph"
                if rule is not None:
                    edits.append(Edit(rule, before=lines[index], after="", line=index + 1))
                    continue
                previous = key
                if len(key) >= self.min_paragraph and counts[key] > 1 and reads_as_prose(key):
                    seen.add(key)
            kept.append(index)
        return kept

    def repeated_unit(self, line: str) -> str | None:
        """The unit ``line`` repeats, whitespace-folded and reduced until it repeats nothing, or
        None when the line is no repetition this step collapses."""
        return self._reduce(fold(line))

    def _reduce(self, key: str) -> str | None:
        unit = key
        while (shorter := self._unit_of(unit)) is not None:
            unit = shorter
        return None if unit is key else unit

    def _unit_of(self, text: str) -> str | None:
        """The shortest unit ``text`` repeats, glued or with one separator, if it is long
        enough to be a scraping accident."""
        shortest = min(self.min_unit, self.min_repeat)
        if len(text) < 2 * shortest or text.find(text[:shortest], shortest) < 0:
            return None  # every copy after the first starts with the unit's first characters
        for sep in ("", " ", *self.separators):
            if sep and sep not in text:
                continue
            whole = text + sep
            period = repetition_period(whole)
            if len(sep) < period < len(whole):
                unit = whole[: period - len(sep)]
                if not sep[:1].isspace() and _URL_HINT.search(unit):
                    continue  # the copies' URLs read as one longer URL: see the module notes
                if self._repeated(unit, glued=not sep):
                    return unit
        return None

    def _repeated(self, unit: str, *, glued: bool) -> bool:
        """Whether a unit that occurs twice in a row is long enough to be a scraping accident."""
        if len(unit) < (self.min_unit if glued else self.min_repeat) or not _LETTER.search(unit):
            return False
        if glued or " " not in unit:
            return True
        words = 0
        for token in _TOKEN.finditer(unit):
            if _WORD_CHAR.search(token.group()):
                words += 1
                if words >= self.min_words:
                    return True
        return False


@hookimpl
def textclean_steps() -> Sequence[type[Step]]:
    return (Headlines,)

"""Alias tables as data: groups of one canonical spelling and the variants that mean it.

How a table matches text (the ``aliases`` step relies on every point):

- **Whole words.** A match is neither preceded nor followed by a word character (Unicode ``\\w``,
  so Cyrillic and Arabic work as Latin does). Possessives and compounds keep their affixes:
  ``IS's`` -> ``Islamic State's``, ``ISIS-held`` -> ``Islamic State-held``, ``anti-ISIS`` ->
  ``anti-Islamic State``. Every canonical form and variant must therefore start and end with a
  letter or digit.
- **One pass, longest first.** Every variant *and every canonical form* of the table is compiled
  into one trie-shaped regular expression. The leftmost match wins, and at one position the
  longest entry, so ``ISIS/ISIL`` is one replacement. Canonical forms are matched too and left
  alone, so no part of a canonical form is ever rewritten, and a replacement is never matched
  again in the same pass.
- **Typography.** A space in an entry matches any run of horizontal white space (no-break space
  included), an apostrophe matches ``'``, ``’``, ``‘`` and ``ʼ``, a hyphen ``-``, U+2010 and
  U+2011; ``before`` of an edit is the text as found.
- **Case.** Case-sensitive unless the group says ``case_sensitive = false``. A variant without
  lowercase letters ("IS", "ISIS") is an *acronym*: always case-sensitive, never matching "is",
  and left alone in lines that are mostly upper case ("THIS IS IT"), unless the step is told
  otherwise. ``not_after`` names words after which an acronym is the emphasised English word
  rather than the group ("it IS true"), ``not_before`` words before which a variant is part of
  another term ("IS department").
- **Names named.** A variant that the text introduces as a name is kept, in every group: after
  "formerly", "also known as", "known as", "a.k.a.", "(also", "(or"; side by side with another
  name of its entity ("ISIS, or ISIL", "Islamic State (IS)"); or quoted on its own (``"IS" is a
  verb``). Rewriting it would make the sentence say nothing ("formerly Islamic State").
- **Ambiguous variants need evidence.** A variant a group lists as ``ambiguous`` (an acronym that
  is also a word or another acronym: "IS") is rewritten only when the document shows the group
  is meant: its canonical form or an unambiguous variant anywhere in the document, or one of the
  group's ``cues`` within two words of it in the same clause ("IS fighters", "claimed by IS").
  It is never rewritten inside another term: glued by "/", "&" or "+" to a word ("IS/IT"), by a
  hyphen to another acronym ("IS-LM"), or before a ``not_before`` word.
- **Explained.** With ``explain``, every variant left alone is recorded as a kept edit
  (``before == after``) whose ``note`` says why.

A table is checked when it is built, so a pipeline with a bad table never starts: a variant
claimed by two groups, a variant equal to its canonical form, a canonical form that contains a
variant (as whole words), a variant that contains a canonical form, and a variant whose last
words are the first words of a canonical form are errors naming the groups and their plugins.
Together these keep one pass a fixed point: the step's output goes through it unchanged. The
context checks (:mod:`textclean.alias_context`) read only text between matches, which no
replacement changes, and the evidence for an ambiguous variant is the same before and after the
pass: a rewritten variant becomes the canonical form, itself evidence, and an ambiguous variant
rewritten on a cue was evidence already.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import regex

from textclean import alias_context
from textclean.document import Edit
from textclean.errors import RuleError

__all__ = [
    "DEFAULT_CAPS_RATIO",
    "AliasGroup",
    "AliasTable",
    "aliases_from_data",
    "check_examples",
    "load_aliases",
]

_GROUP_KEYS = (
    "canonical", "variants", "case_sensitive", "examples", "counterexamples", "not_after",
    "not_before", "ambiguous", "cues", "description",
)

#: How many words on each side of an ambiguous variant a cue word may be.
CUE_REACH = 2

#: Share of upper-case letters from which a line counts as "mostly upper case".
DEFAULT_CAPS_RATIO = 0.6

_SPACES = (" \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
           "\u202f\u205f\u3000")
_APOSTROPHES = "'\u2019\u2018\u02bc"
_HYPHENS = "-\u2010\u2011"
#: Characters an entry treats as one: each maps to the form used in the table.
_FOLD = str.maketrans(
    {**{c: " " for c in _SPACES}, **{c: "'" for c in _APOSTROPHES}, **{c: "-" for c in _HYPHENS}}
)
_SPACE_RUN = re.compile(" {2,}")
#: White space other than " " that a space of an entry matches. The pattern is run on the text
#: with each of these made a " " (one character for one, so places stay the same): a space of
#: an entry is then " ++", which compiles many times faster than a class at each space of a
#: large table.
_OTHER_SPACE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_CLASS = {
    " ": " ++",
    "'": r"['\u2019\u2018\u02bc]",
    "-": r"[\-\u2010\u2011]",
}
#: A word character: ``\w`` plus the combining marks and joiners that continue a word in Latin,
#: Cyrillic, Hebrew and Arabic script ("Lavrov\u0301" is one word).
_W = (r"[\w\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
      r"\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
      r"\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f]")
_WORD = re.compile(_W + "+")
_EDGE_WORD = re.compile(_W + r"(?:.*" + _W + ")?", re.DOTALL)
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_UPPER = regex.compile(r"[\p{Lu}\p{Lt}]")
_ASCII = bytes(range(128))
_NOT_ASCII_UPPER = bytes(b for b in range(256) if not 65 <= b <= 90)
_NOT_ASCII_LOWER = bytes(b for b in range(256) if not 97 <= b <= 122)
_LOWER = regex.compile(r"\p{Ll}")
_LAST_WORD = re.compile(f"(?<!{_W}){_W}+\\Z")


def _fold(text: str) -> str:
    """The table form of ``text``: spaces, apostrophes and hyphens of one kind each."""
    folded = text.translate(_FOLD)
    return _SPACE_RUN.sub(" ", folded) if "  " in folded else folded


def _cased(text: str) -> tuple[int, int]:
    """The numbers of upper-case and lower-case letters in ``text``. ASCII letters are counted
    by deleting bytes (about fifteen times faster than a pattern), the rest with a pattern."""
    raw = text.encode("utf-8", "surrogatepass")
    upper = len(raw.translate(None, _NOT_ASCII_UPPER))
    lower = len(raw.translate(None, _NOT_ASCII_LOWER))
    if not text.isascii():
        rest = raw.translate(None, _ASCII).decode("utf-8", "surrogatepass")
        upper += len(_UPPER.findall(rest))
        lower += len(_LOWER.findall(rest))
    return upper, lower


#: :func:`_cased` of the short strings matches are, remembered: a table's names recur.
_cased_short = functools.lru_cache(maxsize=4096)(_cased)


def _is_acronym(variant: str) -> bool:
    upper, lower = _cased(variant)
    return upper > 0 and lower == 0


def _slug(canonical: str) -> str:
    ascii_form = unicodedata.normalize("NFKD", canonical).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_form.lower()))
    return slug or "g" + hashlib.sha1(canonical.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class AliasGroup:
    """One entity: its ``canonical`` spelling and the ``variants`` rewritten to it.

    ``examples`` are ``[before, after]`` pairs the table must produce, ``counterexamples`` texts it
    must leave alone; both are checked by tests. ``not_after`` maps an acronym variant to the
    words after which it is left alone (``{"IS": ["it", "this"]}`` keeps "it IS true");
    ``not_before`` maps a variant to the words before which it is part of another term
    (``{"IS": ["department"]}`` keeps "the IS department"). ``ambiguous`` lists the variants
    rewritten only with evidence in the document, ``cues`` the words that, next to one of them,
    are such evidence ("fighters", "claimed"). ``description`` says why the group is there, for
    the docs. Edits of the group carry the rule id ``aliases.<slug of canonical>``
    (:attr:`rule_id`).
    """

    canonical: str
    variants: tuple[str, ...]
    case_sensitive: bool = True
    examples: tuple[tuple[str, str], ...] = ()
    counterexamples: tuple[str, ...] = ()
    not_after: tuple[tuple[str, tuple[str, ...]], ...] = ()
    not_before: tuple[tuple[str, tuple[str, ...]], ...] = ()
    ambiguous: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.canonical, str) or not self.canonical.strip():
            raise RuleError("alias group: canonical must be a non-empty string")
        name = f"alias group '{self.canonical}'"
        if isinstance(self.variants, str):
            raise RuleError(f"{name}: variants must be a list of strings")
        variants = tuple(self.variants)
        if not variants or not all(isinstance(v, str) and v.strip() for v in variants):
            raise RuleError(f"{name}: variants must be non-empty strings")
        for entry in (self.canonical, *variants):
            if _LINE_BREAK.search(entry) or not _EDGE_WORD.fullmatch(entry):
                raise RuleError(f"{name}: {entry!r} must be one line that starts and ends with "
                                "a letter or digit")
        if not isinstance(self.case_sensitive, bool):
            raise RuleError(f"{name}: case_sensitive must be true or false")
        object.__setattr__(self, "variants", tuple(dict.fromkeys(variants)))
        if isinstance(self.examples, str) or isinstance(self.counterexamples, str):
            raise RuleError(f"{name}: examples and counterexamples must be lists")
        examples = tuple(tuple(pair) for pair in self.examples)
        for pair in examples:
            if len(pair) != 2 or not all(isinstance(item, str) for item in pair):
                raise RuleError(f"{name}: each example is a [before, after] pair of strings")
        object.__setattr__(self, "examples", examples)
        counterexamples = tuple(self.counterexamples)
        if not all(isinstance(item, str) for item in counterexamples):
            raise RuleError(f"{name}: counterexamples must be strings")
        object.__setattr__(self, "counterexamples", counterexamples)
        object.__setattr__(self, "not_after", self._guards(name, "not_after"))
        object.__setattr__(self, "not_before", self._guards(name, "not_before"))
        object.__setattr__(self, "ambiguous", self._ambiguous(name))
        object.__setattr__(self, "cues", _words(name, "cues", self.cues))
        if not isinstance(self.description, str):
            raise RuleError(f"{name}: description must be a string")

    def _guards(self, name: str, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        value = getattr(self, key)
        items = value.items() if isinstance(value, Mapping) else value
        guards = []
        for item in items:
            if not (isinstance(item, tuple | list) and len(item) == 2):
                raise RuleError(f"{name}: {key} maps variants to lists of words")
            variant, words = item
            if variant not in self.variants:
                raise RuleError(f"{name}: {key} names {variant!r}, which is not a variant")
            guards.append((variant, _words(name, f"{key}[{variant!r}]", words)))
        return tuple(sorted(guards))

    def _ambiguous(self, name: str) -> tuple[str, ...]:
        if isinstance(self.ambiguous, str) or not all(
            isinstance(v, str) for v in self.ambiguous
        ):
            raise RuleError(f"{name}: ambiguous must be a list of variants")
        for variant in self.ambiguous:
            if variant not in self.variants:
                raise RuleError(f"{name}: ambiguous names {variant!r}, which is not a variant")
        return tuple(dict.fromkeys(self.ambiguous))

    @property
    def rule_id(self) -> str:
        """The rule id of this group's edits, e.g. ``aliases.islamic-state``."""
        return f"aliases.{_slug(self.canonical)}"


def _words(name: str, key: str, words: Any) -> tuple[str, ...]:
    """``words`` checked to be a list of single words."""
    if isinstance(words, str) or not isinstance(words, Iterable) or not all(
        isinstance(w, str) and _WORD.fullmatch(w) for w in words
    ):
        raise RuleError(f"{name}: {key} must be a list of single words")
    return tuple(words)


class _Key(NamedTuple):
    """One entry of the table in its table form."""

    text: str
    group: int
    is_variant: bool
    folded_case: bool


_NONE: frozenset[str] = frozenset()


class _Entry(NamedTuple):
    """What a matched key means, with what applying it needs at hand."""

    group: int
    is_variant: bool
    canonical: str
    rule: str
    acronym: bool
    guard: frozenset[str]  # casefolded not_after words
    guard_longest: int
    canonical_cased: tuple[int, int]  # upper- and lower-case letters of the canonical form
    ambiguous: bool
    before_guard: frozenset[str]  # casefolded not_before words
    cues: frozenset[str]  # casefolded cue words of the group


def _trie_pattern(keys: Iterable[tuple[str, bool]]) -> str:
    """A regular expression matching any of ``keys`` (table forms, each starting with a word
    character, with a flag for "ignoring case") where no word character precedes, longest
    first at a position.

    A trie has one branch per next character, so matching never follows more than one path and
    the work at a position is bounded by the longest key. The "no word character before" test
    comes after the first character, so the pattern starts with a set of literal characters and
    the engine skips every other position without entering it."""
    root: dict[Any, Any] = {}
    for key, folded_case in keys:
        node = root
        for char in key.lower() if folded_case else key:
            node = node.setdefault((char, folded_case), {})
        node[None] = {}

    def emit(node: dict[Any, Any], top: bool) -> str:
        branches = []
        for char, folded_case in sorted(k for k in node if k is not None):
            child, chunk = node[char, folded_case], [_escaped(char)]
            if top:
                chunk.append(f"(?<!{_W}.)")
            while len(child) == 1 and None not in child:  # a chain: one literal run
                ((char, _), child), = child.items()
                chunk.append(_escaped(char))
            branch = "".join(chunk) + emit(child, False)
            branches.append(f"(?i:{branch})" if top and folded_case else branch)
        if not branches:
            return ""
        if len(branches) == 1:
            return f"(?:{branches[0]})?" if None in node else branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if None in node else body

    return emit(root, True)


@functools.lru_cache(maxsize=4096)
def _escaped(char: str) -> str:
    """One character of an entry as the pattern has it: a class for apostrophes and hyphens,
    " ++" for a space, the character escaped otherwise."""
    return _CLASS.get(char) or re.escape(char)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No garbage collection inside: building and compiling a large table makes hundreds of
    thousands of objects, and collections triggered by them (scanning every object of the
    process, the corpora of a caller included) took longer than the building itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _compile(keys: Iterable[_Key]) -> re.Pattern[str] | None:
    """One pattern for ``keys``, with one group: the match.

    The standard library's engine runs these trie patterns about twice as fast as ``regex``;
    they cannot backtrack beyond one key's length, so they need no timeout."""
    pairs = {(k.text, k.folded_case) for k in keys}
    if not pairs:
        return None
    return re.compile(f"({_trie_pattern(sorted(pairs))})(?!{_W})")


def _lookup(found: str, sensitive: Mapping[str, Any], folded: Mapping[str, Any]) -> Any:
    """What the matched text ``found`` stands for: the case-sensitive key it is (up to
    typography), else the key it is ignoring case, else None."""
    hit = sensitive.get(found)
    if hit is None:
        found = _fold(found)
        hit = sensitive.get(found)
        if hit is None and folded:
            hit = folded.get(found.casefold())
    return hit


class _Matcher:
    """The compiled form of a table: one pattern, and what each matched key means."""

    def __init__(self, groups: Sequence[AliasGroup], sources: Sequence[str]) -> None:
        self.groups = tuple(groups)
        self.sources = tuple(sources)
        self.sensitive: dict[str, _Entry] = {}
        self.folded: dict[str, _Entry] = {}
        self._rules = [group.rule_id for group in self.groups]
        self._shared: dict[int, tuple[str, str, tuple[int, int], frozenset[str]]] = {}
        with _gc_paused():
            keys = list(self._keys())
            for key in keys:
                self._add(key)
            self._check_containment(keys)
            self._check_overlaps(keys)
        del self._shared
        self._pending: list[_Key] | None = keys
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The one pattern of the table (None for an empty table), compiled on first use: a
        pipeline that never meets a document starts without it."""
        if self._pending is not None:
            with _gc_paused():
                self._pattern = _compile(self._pending)
            self._pending = None
        return self._pattern

    # -- building and checking -------------------------------------------------------------

    def label(self, index: int) -> str:
        where = f" (plugin '{self.sources[index]}')" if index < len(self.sources) else ""
        return f"group '{self.groups[index].canonical}'{where}"

    def _keys(self) -> Iterator[_Key]:
        for index, group in enumerate(self.groups):
            yield _Key(_fold(group.canonical), index, False, not group.case_sensitive)
        for index, group in enumerate(self.groups):
            for variant in group.variants:
                folded_case = not group.case_sensitive and not _is_acronym(variant)
                yield _Key(_fold(variant), index, True, folded_case)

    def _entry(self, key: _Key) -> _Entry:
        group = self.groups[key.group]
        shared = self._shared.get(key.group)
        if shared is None:
            shared = self._shared[key.group] = (
                group.canonical, self._rules[key.group], _cased(group.canonical),
                frozenset(w.casefold() for w in group.cues) if group.cues else _NONE)
        canonical, rule, canonical_cased, cues = shared
        guard = before_guard = _NONE
        acronym = ambiguous = False
        if key.is_variant:
            original = next(v for v in group.variants if _fold(v) == key.text)
            acronym = _is_acronym(original)
            ambiguous = original in group.ambiguous
            if group.not_after:
                guard = frozenset(w.casefold() for v, ws in group.not_after if v == original
                                  for w in ws)
            if group.not_before:
                before_guard = frozenset(w.casefold() for v, ws in group.not_before
                                         if v == original for w in ws)
        return _Entry(key.group, key.is_variant, canonical, rule, acronym, guard,
                      max(map(len, guard), default=0), canonical_cased, ambiguous,
                      before_guard, cues)

    def _add(self, key: _Key) -> None:
        table = self.folded if key.folded_case else self.sensitive
        lookup = key.text.casefold() if key.folded_case else key.text
        other = table.get(lookup)
        if other is None:
            table[lookup] = self._entry(key)
            return
        if not key.is_variant and not other.is_variant:
            if other.canonical != self.groups[key.group].canonical:
                raise RuleError(
                    f"alias table: {self.label(other.group)} and {self.label(key.group)} have "
                    "canonical forms that differ only in case or typography"
                )
            return
        if key.is_variant and other.is_variant:
            if other.group == key.group:
                return  # the same variant twice in one group, up to typography
            raise RuleError(
                f"alias table: variant '{key.text}' is claimed by both "
                f"{self.label(other.group)} and {self.label(key.group)}"
            )
        variant_group = key.group if key.is_variant else other.group
        canonical_group = other.group if key.is_variant else key.group
        if variant_group == canonical_group:
            raise RuleError(
                f"alias table: {self.label(variant_group)} lists its canonical form as a variant"
            )
        raise RuleError(
            f"alias table: variant '{key.text}' of {self.label(variant_group)} is the canonical "
            f"form of {self.label(canonical_group)}"
        )

    def _check_containment(self, keys: Sequence[_Key]) -> None:
        """No canonical form may contain a variant, and no variant a canonical form, as whole
        words: from each word start of one, the longest stretch that ends at a word end and is
        a key of the other kind (up to case, for keys that ignore it)."""
        variants = [k for k in keys if k.is_variant]
        canonicals = [k for k in keys if not k.is_variant]
        for inner, outer, problem in (
            (variants, canonicals, "contains {what}, a variant of {group}: the output of one "
                                   "run would be rewritten by the next"),
            (canonicals, variants, "contains {what}, the canonical form of {group}: text "
                                   "rewritten to it could be rewritten again"),
        ):
            if not inner:
                continue
            sensitive = {k.text: k for k in inner if not k.folded_case}
            folded = {k.text.casefold(): k for k in inner if k.folded_case}
            longest = max(len(k.text) for k in inner)
            for key in outer:
                text = key.text
                ends = _word_ends(text)
                for start in _word_starts(text):
                    for end in reversed(ends):
                        if end <= start:
                            break
                        if end - start > longest:
                            continue
                        what = text[start:end]
                        found = _lookup(what, sensitive, folded)
                        if found is None:
                            continue
                        kind = "variant" if key.is_variant else "canonical form"
                        message = problem.format(what=repr(what), group=self.label(found.group))
                        raise RuleError(f"alias table: {kind} '{key.text}' of "
                                        f"{self.label(key.group)} {message}")

    def _check_overlaps(self, keys: Sequence[_Key]) -> None:
        """A variant's last words may not be a canonical form's first words: a variant "X Y"
        beside a canonical "Y Z" would match across text rewritten to "Y Z" on a second run."""
        prefixes: dict[str, list[_Key]] = {}
        for key in keys:
            if not key.is_variant:
                for end in _word_ends(key.text)[:-1]:
                    prefixes.setdefault(key.text[:end].casefold(), []).append(key)
        for key in keys:
            if not key.is_variant:
                continue
            for start in _word_starts(key.text)[1:]:
                suffix = key.text[start:]
                for canonical in prefixes.get(suffix.casefold(), ()):
                    if (canonical.text.startswith(suffix) or key.folded_case
                            or canonical.folded_case):
                        raise RuleError(
                            f"alias table: variant '{key.text}' of {self.label(key.group)} ends "
                            f"with '{suffix}', the start of the canonical form of "
                            f"{self.label(canonical.group)}: a second run could match across it"
                        )

    # -- applying --------------------------------------------------------------------------

    def apply(
        self,
        text: str,
        *,
        acronyms_in_caps: bool,
        caps_ratio: float,
        protected: Callable[[str], Iterable[tuple[int, int]]] | None = None,
        explain: bool = False,
    ) -> tuple[str, list[Edit]]:
        """``text`` with every variant replaced, and one edit per replacement (and, with
        ``explain``, one kept edit per variant left alone). ``protected`` gives the spans of a
        line no replacement may touch (URLs: rewriting one would change the address, and what a
        second run finds).

        One pass of the pattern over the whole text finds every match. Python looks only at the
        lines that hold one: a line of canonical forms only is evidence and nothing else; each
        variant is judged on its own context, which also tells which groups the document shows
        evidence of. Then the variants are rewritten, ambiguous ones only where their group has
        evidence, by slicing the text between them. Each line with a match is read a bounded
        number of times."""
        if self.pattern is None:
            return text, []
        scan = _Scan(self, text, acronyms_in_caps, caps_ratio, protected)
        if not scan.variants:
            return text, []
        evidence = scan.waiting & scan.shown
        out: list[str] = []
        edits: list[Edit] = []
        done = 0
        for start, end, number, entry, verdict, found in scan.variants:
            if verdict is _PENDING and entry.group not in evidence:
                verdict = _NO_EVIDENCE
            if verdict in _REWRITES:
                canonical = entry.canonical
                out += (text[done:start], canonical)
                done = end
                edits.append(Edit(entry.rule, found, canonical, number))
            elif explain:
                edits.append(Edit(entry.rule, found, found, number, note=verdict))
        if not out:
            return text, edits
        out.append(text[done:])
        return "".join(out), edits

    def lookup(self, found: str) -> _Entry | None:
        """What the matched text ``found`` stands for (see :func:`_lookup`)."""
        hit = self.sensitive.get(found)
        return hit if hit is not None else _lookup(found, self.sensitive, self.folded)

    @staticmethod
    def _verdict(
        entry: _Entry, before: str, after: str, neighbours: tuple[bool, ...], caps: bool
    ) -> str:
        """What to do with a variant between the gaps ``before`` and ``after``:
        :data:`_REWRITE`, :data:`_CUED` or :data:`_PENDING` (an ambiguous variant with and
        without a cue next to it), or a note saying why it is kept. ``neighbours``: whether
        a match comes before and after it, and whether each is a name of the same entity."""
        has_previous, has_next, same_previous, same_next = neighbours
        if entry.acronym and caps:
            return "kept: the line is mostly upper case"
        if entry.guard:
            word = _word_at_end(before[-alias_context.REACH:], entry.guard_longest)
            if word in entry.guard:
                return f"kept: after '{word}'"
        if alias_context.quoted_alone(before, after):
            return "kept: quoted as a word"
        if alias_context.names_alias(before) or (
            same_previous and alias_context.joins_names(before)
        ) or (same_next and alias_context.joins_names(after)):
            return "kept: named as an alias"
        if not entry.ambiguous:
            return _REWRITE
        if alias_context.in_other_term(before, after, match_before=has_previous,
                                       match_after=has_next):
            return "kept: part of another term"
        following = alias_context.words_after(after, CUE_REACH)
        if following and following[0] in entry.before_guard:
            return f"kept: part of another term ('{following[0]}')"
        if entry.cues and not entry.cues.isdisjoint(
            [*following, *alias_context.words_before(before, CUE_REACH)]
        ):
            return _CUED
        return _PENDING


#: Verdicts of :meth:`_Matcher._verdict` that rewrite (the rest are notes saying why not).
_REWRITE = "rewrite"
_CUED = "rewrite: beside a cue"
_PENDING = "rewrite if the document shows the group"
_REWRITES = frozenset({_REWRITE, _CUED, _PENDING})
_NO_EVIDENCE = "kept: ambiguous, and nothing in the document shows the group"


class _Scan:
    """One pass of a matcher's pattern over a text: each variant with its place, line number
    and verdict, and the groups the text shows evidence of.

    ``waiting`` holds the groups with an ambiguous variant that needs evidence, ``shown`` the
    groups with a canonical form, an unambiguous variant or an ambiguous variant beside a cue
    anywhere in the text (outside protected spans)."""

    __slots__ = ("acronyms_in_caps", "caps_ratio", "lookup", "matcher", "protected", "scanned",
                 "shown", "text", "variants", "waiting")

    def __init__(
        self,
        matcher: _Matcher,
        text: str,
        acronyms_in_caps: bool,
        caps_ratio: float,
        protected: Callable[[str], Iterable[tuple[int, int]]] | None,
    ) -> None:
        self.matcher = matcher
        self.lookup = matcher.lookup
        self.text = text
        self.acronyms_in_caps = acronyms_in_caps
        self.caps_ratio = caps_ratio
        self.protected = protected
        self.variants: list[tuple[int, int, int, _Entry, str, str]] = []
        self.waiting: set[int] = set()
        self.shown: set[int] = set()
        pattern = matcher.pattern
        assert pattern is not None
        self.scanned = _spaced(text)
        begin = counted = 0
        end = -1  # where the current line ends
        number = 1
        matches: list[re.Match[str]] = []
        for match in pattern.finditer(self.scanned):
            start = match.start()
            if start > end:  # the first match of a new line (matches never hold "\n")
                if matches:
                    self._line(begin, end, number, matches)
                    matches = []
                begin = text.rfind("\n", 0, start) + 1
                end = text.find("\n", start)
                if end < 0:
                    end = len(text)
                number += text.count("\n", counted, begin)
                counted = begin
            matches.append(match)
        if matches:
            self._line(begin, end, number, matches)

    def _line(self, begin: int, end: int, number: int, matches: list[re.Match[str]]) -> None:
        """Judge the matches of the line ``text[begin:end]``. A line with protected spans is
        judged in the stretches between them, each on its own."""
        text = self.text
        if self.protected is not None:
            spans = list(self.protected(text[begin:end]))
            if spans:
                self._stretches(begin, end, number, spans)
                return
        lookup, shown = self.lookup, self.shown
        founds = [text[match.start():match.end()] for match in matches]
        entries = [lookup(found) for found in founds]
        variant = False
        for entry in entries:
            if entry is not None:
                if entry.is_variant:
                    variant = True
                else:
                    shown.add(entry.group)
        if variant:  # else canonical forms only: evidence, nothing to rewrite
            self._judge(text, begin, end, [match.start() for match in matches], founds,
                        entries, number)

    def _stretches(self, begin: int, end: int, number: int, spans: list[tuple[int, int]]
                   ) -> None:
        """The stretches of a line between its protected spans, each matched on its own (its
        edges are the ends of the text to the pattern)."""
        line, scanned = self.text[begin:end], self.scanned[begin:end]
        pattern = self.matcher.pattern
        assert pattern is not None
        at = 0
        for span_start, span_end in [*sorted(spans), (len(line), len(line))]:
            if at < span_start:
                stretch = line[at:span_start]
                matches = list(pattern.finditer(scanned[at:span_start]))
                founds = [stretch[match.start():match.end()] for match in matches]
                entries = [self.lookup(found) for found in founds]
                for entry in entries:
                    if entry is not None and not entry.is_variant:
                        self.shown.add(entry.group)
                if any(entry is not None and entry.is_variant for entry in entries):
                    self._judge(stretch, 0, len(stretch), [m.start() for m in matches], founds,
                                entries, number, offset=begin + at)
            at = max(at, span_end)

    def _judge(self, source: str, low: int, high: int, starts: list[int], founds: list[str],
               entries: list[_Entry | None], number: int, offset: int = 0) -> None:
        """Judge each variant of the stretch ``source[low:high]``, whose matches are at
        ``starts``, and note the evidence; ``offset`` is where ``source`` starts in the text.

        What happens to a match depends on its text and on the gaps next to it (text no
        replacement touches, so a second run reads the same there), and on whether the stretch
        is mostly upper case. Every check reads at most :data:`alias_context.REACH` characters
        of a gap and the one before, so only that much of each gap is cut out; a stretch with
        several variants judges repeated contexts once."""
        caps = False
        if not self.acronyms_in_caps and any(e is not None and e.acronym for e in entries):
            caps = _mostly_upper(source[low:high], founds, entries, self.caps_ratio)
        reach = alias_context.REACH
        verdict_of = self.matcher._verdict
        memo: dict[tuple[Any, ...], str] | None = (
            {} if sum(e is not None and e.is_variant for e in entries) > 1 else None)
        variants, waiting, shown = self.variants, self.waiting, self.shown
        last = len(entries) - 1
        for index, entry in enumerate(entries):
            if entry is None or not entry.is_variant:
                continue
            found = founds[index]
            start = starts[index]
            stop = start + len(found)
            gap_start = starts[index - 1] + len(founds[index - 1]) if index else low
            gap_end = starts[index + 1] if index < last else high
            before = source[max(gap_start, start - reach - 1):start]
            after = source[stop:min(gap_end, stop + reach + 1)]
            previous = entries[index - 1] if index else None
            following = entries[index + 1] if index < last else None
            neighbours = (index > 0, index < last,
                          previous is not None and previous.group == entry.group,
                          following is not None and following.group == entry.group)
            if memo is None:
                verdict = verdict_of(entry, before, after, neighbours, caps)
            else:
                key = (found, before[-reach:], start - gap_start > reach, after[:reach],
                       gap_end - stop > reach, *neighbours)
                verdict = memo.get(key)  # type: ignore[assignment]
                if verdict is None:
                    verdict = memo[key] = verdict_of(entry, before, after, neighbours, caps)
            variants.append((offset + start, offset + stop, number, entry, verdict, found))
            if verdict == _PENDING:
                waiting.add(entry.group)
            elif not entry.ambiguous or verdict == _CUED:
                shown.add(entry.group)


def _spaced(text: str) -> str:
    """``text`` with every white space an entry's space matches made a " " (see
    :data:`_OTHER_SPACE`); most texts have none, and are returned as they are. An ASCII
    text can hold only the tab of them, found far faster by a substring test than by the
    pattern."""
    if text.isascii() and "\t" not in text:
        return text
    return _OTHER_SPACE.sub(" ", text) if _OTHER_SPACE.search(text) else text


def _mostly_upper(
    text: str, founds: list[str], entries: list[_Entry | None], caps_ratio: float
) -> bool:
    """Whether ``text`` is mostly upper case as it will read with its acronyms left out and its
    other variants rewritten, so that a second run judges the same line the same way."""
    upper, lower = _cased(text)
    for found, entry in zip(founds, entries, strict=True):
        if entry is None or not entry.is_variant:
            continue
        found_upper, found_lower = _cased_short(found)
        upper -= found_upper
        lower -= found_lower
        if not entry.acronym:
            upper += entry.canonical_cased[0]
            lower += entry.canonical_cased[1]
    return upper + lower > 0 and upper >= caps_ratio * (upper + lower)


def _word_at_end(gap: str, longest: int) -> str:
    """The word that ends ``gap`` before its trailing horizontal space, casefolded; "" if the
    gap does not end in space or the word is longer than ``longest``. A gap between two
    matches starts with a non-word character, so its last word lies wholly inside it."""
    stripped = gap.rstrip(_SPACES)
    if len(stripped) == len(gap):
        return ""
    tail = stripped[-(longest + 1):]
    word = _LAST_WORD.search(tail)
    if word is None or len(word.group()) > longest:
        return ""
    if word.start() == 0 and len(stripped) > len(tail):
        return ""
    return word.group().casefold()


def _word_starts(text: str) -> list[int]:
    return [m.start() for m in _WORD.finditer(text)]


def _word_ends(text: str) -> list[int]:
    return [m.end() for m in _WORD.finditer(text)]


@dataclass(frozen=True)
class AliasTable:
    """Every alias group of a pipeline; ``sources[i]`` names the plugin of ``groups[i]``.

    The table is checked and compiled into one matcher when it is made, so a bad table fails the
    pipeline build with a :class:`RuleError` naming the groups and plugins. The matcher is not
    pickled: a copy in a worker process compiles it again on first use.
    """

    groups: tuple[AliasGroup, ...] = ()
    sources: tuple[str, ...] = ()
    _matcher: _Matcher | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "groups", tuple(self.groups))
        object.__setattr__(self, "sources", tuple(self.sources))
        for group in self.groups:
            if not isinstance(group, AliasGroup):
                raise RuleError(f"alias table: {group!r} is not an AliasGroup")
        self.validate()

    def validate(self) -> None:
        """Compile the table, raising a one-line :class:`RuleError` if it is inconsistent."""
        object.__setattr__(self, "_matcher", _Matcher(self.groups, self.sources))

    @property
    def matcher(self) -> _Matcher:
        matcher = self._matcher
        if matcher is None:
            matcher = _Matcher(self.groups, self.sources)
            object.__setattr__(self, "_matcher", matcher)
        return matcher

    def apply(
        self,
        text: str,
        *,
        acronyms_in_caps: bool = False,
        caps_ratio: float = DEFAULT_CAPS_RATIO,
        protected: Callable[[str], Iterable[tuple[int, int]]] | None = None,
        explain: bool = False,
    ) -> tuple[str, tuple[Edit, ...]]:
        """Rewrite every variant in ``text`` to its canonical form in one pass.

        Returns the new text and one :class:`Edit` per replacement (rule ``aliases.<slug>``,
        ``before`` the variant as found, ``after`` the canonical form, ``line`` 1-based).
        Acronym variants are left alone in lines whose cased letters are at least
        ``caps_ratio`` upper case, unless ``acronyms_in_caps``. ``protected`` gives the
        spans of a line that are never rewritten (the step passes the line's URLs). The whole
        of ``text`` is one document: an ambiguous variant is rewritten only with evidence in it.
        With ``explain``, each variant left alone is a kept edit whose ``note`` says why.
        """
        new, edits = self.matcher.apply(
            text, acronyms_in_caps=acronyms_in_caps, caps_ratio=caps_ratio, protected=protected,
            explain=explain,
        )
        return new, tuple(edits)

    def __len__(self) -> int:
        return len(self.groups)

    def __getstate__(self) -> dict[str, Any]:
        return {"groups": self.groups, "sources": self.sources}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "_matcher", None)


def check_examples(groups: Sequence[AliasGroup], table: AliasTable | None = None) -> list[str]:
    """Problems with the groups' own examples, run through ``table`` (by default a table of
    ``groups`` alone): an example whose output differs, or a counterexample that changes.
    Empty when every group keeps its promises."""
    table = AliasTable(tuple(groups)) if table is None else table
    problems = []
    for group in groups:
        for before, after in group.examples:
            got = table.apply(before)[0]
            if got != after:
                problems.append(f"{group.rule_id}: example {before!r} gave {got!r}, not {after!r}")
        for text in group.counterexamples:
            got = table.apply(text)[0]
            if got != text:
                problems.append(f"{group.rule_id}: counterexample {text!r} became {got!r}")
    return problems


def aliases_from_data(data: Mapping[str, Any], *, source: str) -> tuple[AliasGroup, ...]:
    """Groups from parsed TOML: an ``[[aliases]]`` array of tables with the keys of AliasGroup."""
    unknown = set(data) - {"aliases"}
    if unknown:
        raise RuleError(
            f"{source}: unknown top-level key '{sorted(unknown)[0]}' (expected 'aliases')"
        )
    entries = data.get("aliases", [])
    if not isinstance(entries, list):
        raise RuleError(f"{source}: 'aliases' must be an array of tables ([[aliases]])")
    groups = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise RuleError(f"{source}: aliases[{index}] must be a table")
        extra = set(entry) - set(_GROUP_KEYS)
        if extra:
            raise RuleError(f"{source}: aliases[{index}]: unknown key '{sorted(extra)[0]}'")
        try:
            groups.append(AliasGroup(**entry))
        except (RuleError, TypeError) as exc:
            raise RuleError(f"{source}: aliases[{index}]: {exc}") from None
    return tuple(groups)


def load_aliases(path: str | Path) -> tuple[AliasGroup, ...]:
    """Read alias groups from a TOML file; problems are one-line errors naming the file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"{path}: cannot read alias file: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: invalid TOML: {exc}") from None
    return aliases_from_data(data, source=str(path))


def discover(texts_or_names: Iterable[str], **options: Any) -> list[AliasGroup]:
    """Propose alias groups of name variants found in ``texts_or_names``: see
    :func:`textclean.discover.discover` (imported only when called; needs the ``discover``
    extra)."""
    from textclean.discover import discover as run

    return list(run(texts_or_names, **options))

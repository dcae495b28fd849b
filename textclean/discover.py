"""Alias discovery: find a corpus's spelling and transliteration variants of personal names
and propose them as an alias table.

One pass over the corpus (:class:`AliasDiscovery`) counts every candidate name
(:mod:`textclean.namefind`), keeps one example sentence per spelling, and remembers pairs of
similar spellings written in one sentence: two people, never to be merged. Memory grows with the
number of distinct spellings, not with the corpus, and is bounded (:data:`MAX_SPELLINGS`: the
rarest are forgotten first). Then the spellings are clustered (:mod:`textclean.clustering`:
blocking, a romanisation-aware similarity, complete guards against merging two people), and
each group of two or more spellings becomes a :class:`ProposedGroup`: an
:class:`~textclean.aliases.AliasGroup` whose canonical form is the most frequent spelling (or a
preferred one), with each spelling's count and example, and a confidence.

:func:`proposals_to_toml` writes them in the format of ``textclean/data/aliases.toml``; counts,
examples and confidence are TOML comments and a ``description``, so a reviewed file loads as-is.

Needs the ``discover`` extra; ``textclean.aliases.discover`` imports this module lazily.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from textclean.aliases import AliasGroup, AliasTable
from textclean.clustering import cluster
from textclean.decode import decode_bytes
from textclean.errors import InputError, RuleError
from textclean.io import walk
from textclean.namefind import WordStats, find_mentions
from textclean.namematch import NameMatcher

__all__ = [
    "MAX_SPELLINGS",
    "AliasDiscovery",
    "Proposal",
    "ProposedGroup",
    "check_loadable",
    "discover",
    "input_texts",
    "proposals_to_toml",
    "propose",
    "read_names",
    "reconcile",
    "table_form",
]

#: Distinct spellings remembered at most; past it, those seen once are forgotten.
MAX_SPELLINGS = 2_000_000
#: Similarity from which two spellings written in one sentence count as a possible pair of
#: variants, so that the sentence proves them two people.
_APART_SIMILARITY = 0.6
_EDGE = regex.compile(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$")
_SPACES = re.compile(r"\s+")
_WORDS = regex.compile(r"[\p{L}\p{M}\p{N}_]+")
_CONTROL = regex.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def table_form(name: str) -> str:
    """``name`` as an alias table can hold it: one line, single spaces, starting and ending with
    a letter or digit ("'Abdallah" -> "Abdallah"); "" when nothing is left."""
    return _EDGE.sub("", _SPACES.sub(" ", name).strip())


@dataclass(frozen=True)
class ProposedGroup(AliasGroup):
    """A proposed alias group: an :class:`~textclean.aliases.AliasGroup` with what a reviewer
    needs to judge it. ``counts`` maps each spelling (canonical first) to how often it was
    found, ``contexts`` each spelling to one sentence that has it, and ``confidence`` is the
    similarity (0 to 1) of the weakest match that joined the group."""

    counts: tuple[tuple[str, int], ...] = ()
    contexts: tuple[tuple[str, str], ...] = ()
    confidence: float = 0.0


@dataclass
class _Spelling:
    count: int = 0
    context: str = ""


@dataclass
class AliasDiscovery:
    """Collects candidate names from texts (:meth:`add_text`) or lists of names
    (:meth:`add_name`), then proposes groups of variants (:meth:`proposals`)."""

    max_spellings: int = MAX_SPELLINGS
    matcher: NameMatcher = field(default_factory=NameMatcher)
    spellings: dict[str, _Spelling] = field(default_factory=dict)
    apart: set[tuple[str, str]] = field(default_factory=set)
    stats: WordStats = field(default_factory=WordStats)
    texts: int = 0

    def add_name(self, name: str, count: int = 1, context: str = "") -> None:
        """Count ``name`` as written ``count`` times (a name from a list: never trimmed)."""
        form = table_form(name)
        if not form:
            return
        entry = self.spellings.get(form)
        if entry is None:
            entry = self.spellings[form] = _Spelling(0, context)
        entry.count += count
        if len(self.spellings) > self.max_spellings:
            self._forget()

    def add_text(self, text: str) -> None:
        """Count the candidate names of one running text, sentence by sentence."""
        self.texts += 1
        sentence = -1
        seen: list[str] = []
        for mention in find_mentions(text, self.stats):
            if mention.sentence != sentence:
                sentence, seen = mention.sentence, []
            name = table_form(mention.name)
            if not name:
                continue
            for other in seen:
                if other != name:
                    self._note_apart(name, other)
            seen.append(name)
            self.add_name(name, 1, mention.context)

    def _note_apart(self, a: str, b: str) -> None:
        """Two spellings in one sentence: if they look alike, they are two people."""
        pa, pb = self.matcher.parse(a), self.matcher.parse(b)
        if (pa.tokens and pb.tokens
                and self.matcher.similarity(pa, pb, gated=False) >= _APART_SIMILARITY):
            self.apart.add((a, b) if a < b else (b, a))

    def _forget(self) -> None:
        for name in [n for n, s in self.spellings.items() if s.count <= 1]:
            del self.spellings[name]

    # -- proposing -------------------------------------------------------------------------

    def _final_spellings(self) -> dict[str, _Spelling]:
        """Spellings with leading ordinary words trimmed by what the corpus says about them
        ("Foreign Minister Lavrov" -> "Lavrov" when "foreign" is mostly written in lower
        case); a name from a list has no such words and is kept as it is."""
        final: dict[str, _Spelling] = {}
        for name, entry in self.spellings.items():
            trimmed = table_form(self.stats.trim(name)) if self.texts else name
            if not trimmed:
                continue
            into = final.get(trimmed)
            if into is None:
                final[trimmed] = _Spelling(entry.count, entry.context)
            else:
                into.count += entry.count
                into.context = into.context or entry.context
        return final

    def proposals(
        self,
        prefer: Iterable[str] = (),
        min_count: int = 1,
        min_confidence: float = 0.0,
        loadable: bool = True,
    ) -> list[ProposedGroup]:
        """Groups of two or more spellings, most mentioned first. ``prefer`` names spellings to
        take as canonical wherever they fall in a group; spellings seen fewer than
        ``min_count`` times are left out, and groups below ``min_confidence``. ``loadable``:
        leave out the spellings that would keep the groups from loading as one alias table
        (see :func:`_loadable`); without it, every group found, each valid on its own."""
        final = self._final_spellings()
        names = sorted(n for n, s in final.items() if s.count >= min_count)
        index = {name: i for i, name in enumerate(names)}
        parsed = [self.matcher.parse(name) for name in names]
        apart = set()
        for a, b in self.apart:
            a, b = table_form(self.stats.trim(a)), table_form(self.stats.trim(b))
            if a in index and b in index and a != b:
                i, j = index[a], index[b]
                apart.add((i, j) if i < j else (j, i))
        preferred = {table_form(p) for p in prefer}
        groups = []
        for members, confidence in cluster(parsed, self.matcher, apart):
            if confidence < min_confidence:
                continue
            spellings = [names[i] for i in members]
            counts = {name: final[name].count for name in spellings}
            centrality = {
                name: sum(self.matcher.similarity(parsed[index[name]], parsed[index[other]],
                                                  gated=False) for other in spellings)
                for name in spellings
            }
            ordered = sorted(spellings, key=lambda n: (
                n not in preferred, -counts[n], -centrality[n], n))
            groups.append(ProposedGroup(
                canonical=ordered[0],
                variants=tuple(ordered[1:]),
                description=_description(confidence, sum(counts.values())),
                counts=tuple((n, counts[n]) for n in ordered),
                contexts=tuple((n, final[n].context) for n in ordered),
                confidence=round(confidence, 3),
            ))
        groups.sort(key=lambda g: (-sum(c for _, c in g.counts), g.canonical))
        return _loadable(groups) if loadable else groups


def _description(confidence: float, mentions: int) -> str:
    return (f"Proposed by textclean aliases discover: confidence {confidence:.2f}, "
            f"{mentions} mention{'s' if mentions != 1 else ''}.")


def _words_of(entry: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in _WORDS.findall(entry))


def _runs_of(words: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            yield words[i:j]


def _loadable(
    groups: Sequence[ProposedGroup], accepted: Iterable[AliasGroup] = ()
) -> list[ProposedGroup]:
    """``groups`` less what would fail the checks an alias table makes at load, together with
    ``accepted`` (groups already in force): a variant that is another group's variant or
    canonical form, a canonical form containing a variant or a variant containing a canonical
    form (as whole words), a variant whose last words start a canonical form. Such a variant is
    left out of its group (a group left without variants, or whose canonical form clashes, is
    left out). Words are compared ignoring case and punctuation, so the check is, if anything,
    stricter than the table's. Groups of longer names go first: the table lists people by full
    name, and a surname alone only where no full name holds it."""
    variants: set[tuple[str, ...]] = set()
    canonicals: set[tuple[str, ...]] = set()
    in_variants: set[tuple[str, ...]] = set()  # every run of words inside a variant
    in_canonicals: set[tuple[str, ...]] = set()
    variant_ends: set[tuple[str, ...]] = set()
    canonical_starts: set[tuple[str, ...]] = set()

    def accept_canonical(canonical: tuple[str, ...]) -> None:
        canonicals.add(canonical)
        in_canonicals.update(_runs_of(canonical))
        canonical_starts.update(canonical[:k] for k in range(1, len(canonical)))

    def accept_variant(variant: tuple[str, ...]) -> None:
        variants.add(variant)
        in_variants.update(_runs_of(variant))
        variant_ends.update(variant[k:] for k in range(1, len(variant)))

    def canonical_clashes(canonical: tuple[str, ...]) -> bool:
        return (canonical in in_variants
                or any(run in variants for run in _runs_of(canonical))
                or any(canonical[:k] in variant_ends for k in range(1, len(canonical))))

    def variant_clashes(variant: tuple[str, ...], canonical: tuple[str, ...]) -> bool:
        own_starts = {canonical[:k] for k in range(1, len(canonical))}
        return (variant in variants or variant in in_canonicals
                or variant in set(_runs_of(canonical))
                or any(run in canonicals or run == canonical for run in _runs_of(variant))
                or any(variant[k:] in canonical_starts or variant[k:] in own_starts
                       for k in range(1, len(variant))))

    for group in accepted:
        accept_canonical(_words_of(group.canonical))
        for variant in group.variants:
            accept_variant(_words_of(variant))
    kept: dict[int, ProposedGroup] = {}
    order = sorted(range(len(groups)), key=lambda i: (
        -max(len(_words_of(e)) for e in (groups[i].canonical, *groups[i].variants)),
        -groups[i].confidence, i))
    for i in order:
        group = groups[i]
        spellings = [group.canonical, *group.variants]
        for chosen in spellings:  # the canonical form, else the next spelling that fits
            canonical = _words_of(chosen)
            if canonical_clashes(canonical):
                continue
            good: list[str] = []
            seen = {canonical}
            for variant in spellings:
                words = _words_of(variant)
                if words not in seen and not variant_clashes(words, canonical):
                    good.append(variant)
                    seen.add(words)
            if good:
                accept_canonical(canonical)
                for variant in good:
                    accept_variant(_words_of(variant))
                kept[i] = group if chosen == group.canonical and len(good) == len(
                    group.variants) else _regrouped(group, chosen, good)
                break
    return [kept[i] for i in sorted(kept)]


def _regrouped(group: ProposedGroup, canonical: str, variants: Sequence[str]) -> ProposedGroup:
    keep = [canonical, *variants]
    counts, contexts = dict(group.counts), dict(group.contexts)
    return ProposedGroup(
        canonical=canonical, variants=tuple(variants), description=group.description,
        counts=tuple((s, counts[s]) for s in keep if s in counts),
        contexts=tuple((s, contexts[s]) for s in keep if s in contexts),
        confidence=group.confidence,
    )


def reconcile(
    groups: Sequence[ProposedGroup], table: AliasTable
) -> tuple[list[ProposedGroup], list[str]]:
    """``groups`` fitted to the alias table in force, so the proposal can be used beside it: a
    group that shares a spelling with a group in force takes that group's canonical form and
    keeps only its new spellings (none left: it is dropped); a group that would clash with the
    table is dropped. Returns the groups and one note per group changed or dropped."""
    known: dict[str, int] = {}
    for index, group in enumerate(table.groups):
        for entry in (group.canonical, *group.variants):
            known[" ".join(_words_of(entry))] = index
    notes = []
    fitted = []
    for group in groups:
        spellings = [group.canonical, *group.variants]
        hits = {known[k] for k in (" ".join(_words_of(s)) for s in spellings) if k in known}
        if not hits:
            fitted.append(group)
            continue
        if len(hits) > 1:
            notes.append(f"left out '{group.canonical}': its spellings belong to "
                         f"{len(hits)} groups in force")
            continue
        in_force = table.groups[hits.pop()]
        new = [s for s in spellings if " ".join(_words_of(s)) not in known]
        if not new:
            notes.append(f"left out '{group.canonical}': already in force as "
                         f"'{in_force.canonical}'")
            continue
        counts = dict(group.counts)
        notes.append(f"'{group.canonical}' joins '{in_force.canonical}' (in force): "
                     f"{len(new)} new spelling{'s' if len(new) != 1 else ''}")
        fitted.append(ProposedGroup(
            canonical=in_force.canonical,
            variants=tuple(new),
            description=group.description,
            counts=((in_force.canonical, counts.get(in_force.canonical, 0)),
                    *((s, counts.get(s, 0)) for s in new)),
            contexts=tuple((s, c) for s, c in group.contexts if s in new),
            confidence=group.confidence,
        ))
    kept = _loadable(fitted, accepted=table.groups)
    for group in fitted:
        if group not in kept:
            notes.append(f"left out '{group.canonical}': it would clash with a group in force")
    return kept, notes


def discover(
    texts_or_names: Iterable[str],
    *,
    names: bool = False,
    prefer: Iterable[str] = (),
    min_count: int = 1,
    min_confidence: float = 0.0,
    loadable: bool = True,
) -> list[ProposedGroup]:
    """Propose alias groups from running texts, or (``names=True``) from names, one per item.

    Each group holds spellings of one person's name: its canonical form is the most frequent
    spelling, or one of ``prefer``; its variants the other spellings. Spellings seen fewer than
    ``min_count`` times and groups whose confidence is below ``min_confidence`` are left out.
    The groups load together as an alias table (:class:`~textclean.aliases.AliasTable`);
    ``loadable=False`` keeps every group found instead, though some may clash with others
    (a variant of one ending with the first word of another's canonical form, ...).
    """
    collector = AliasDiscovery()
    for item in texts_or_names:
        if names:
            collector.add_name(item)
        else:
            collector.add_text(item)
    return collector.proposals(prefer=prefer, min_count=min_count,
                               min_confidence=min_confidence, loadable=loadable)


def input_texts(
    inputs: Sequence[Path],
    include: Sequence[str] = ("**/*.txt",),
    exclude: Sequence[str] = (),
    on_skip: Callable[[str, str], None] | None = None,
) -> Iterator[str]:
    """The texts of ``inputs`` (files, and folders walked as ``textclean run`` walks them),
    decoded as ``run`` decodes them; a file that cannot be read or is not text is reported to
    ``on_skip(path, reason)`` and skipped. The one place discovery reads input."""
    for root in inputs:
        if root.is_dir():
            files = [(root / e.path, e.path, e.skip_reason) for e in walk(root, include, exclude)]
        elif root.is_file():
            files = [(root, str(root), None)]
        else:
            raise InputError(f"{root}: no such file or folder")
        for path, label, reason in files:
            if reason is None:
                try:
                    decoded = decode_bytes(path.read_bytes())
                except OSError as exc:
                    reason = f"cannot read: {exc.strerror or exc}"
                else:
                    if decoded.text is not None:
                        yield decoded.text
                        continue
                    reason = decoded.skipped or "not text"
            if on_skip is not None:
                on_skip(label, reason)


def read_names(path: Path) -> Iterator[str]:
    """Names from a file, one per line; blank lines and lines starting with # are skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read names: {exc}") from None
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


@dataclass(frozen=True)
class Proposal:
    """What ``textclean aliases discover`` writes: the groups, notes on groups fitted to the
    tables in force, and how much was read."""

    groups: tuple[ProposedGroup, ...]
    notes: tuple[str, ...]
    texts: int
    spellings: int


def propose(
    inputs: Sequence[Path] = (),
    names_file: Path | None = None,
    *,
    include: Sequence[str] = ("**/*.txt",),
    exclude: Sequence[str] = (),
    prefer: Iterable[str] = (),
    min_count: int = 1,
    min_confidence: float = 0.0,
    in_force: AliasTable | None = None,
    on_skip: Callable[[str, str], None] | None = None,
) -> Proposal:
    """Discovery over files and folders of running text and a file of names, fitted to the
    alias table in force when one is given (:func:`reconcile`)."""
    if not inputs and names_file is None:
        raise InputError("nothing to read: give files or folders of text, or --names FILE")
    collector = AliasDiscovery()
    for text in input_texts(inputs, include, exclude, on_skip):
        collector.add_text(text)
    if names_file is not None:
        for name in read_names(names_file):
            collector.add_name(name)
    groups = collector.proposals(prefer=prefer, min_count=min_count,
                                 min_confidence=min_confidence)
    notes: list[str] = []
    if in_force is not None:
        groups, notes = reconcile(groups, in_force)
    check_loadable(groups, in_force.groups if in_force is not None else ())
    return Proposal(tuple(groups), tuple(notes), collector.texts, len(collector.spellings))


# -- writing ---------------------------------------------------------------------------------


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return _CONTROL.sub(" ", text)


def proposals_to_toml(groups: Sequence[ProposedGroup], header: Sequence[str] = ()) -> str:
    """``groups`` as an alias file: ``[[aliases]]`` tables with ``canonical``, ``variants`` and
    a ``description``; each spelling's count and example sentence as a comment beside it."""
    lines = [f"# {_comment(line)}" if line else "#" for line in header]
    for group in groups:
        counts = dict(group.counts)
        contexts = dict(group.contexts)

        def note(spelling: str, counts: Mapping[str, int] = counts,
                 contexts: Mapping[str, str] = contexts) -> str:
            count = counts.get(spelling, 0)
            context = contexts.get(spelling, "")
            said = f"{count} mention{'s' if count != 1 else ''}"
            return f"  # {said}" + (f": {_comment(context)}" if context else "")

        lines += ["", "[[aliases]]", f"# confidence {group.confidence:.2f}",
                  f"canonical = {_string(group.canonical)}{note(group.canonical)}",
                  "variants = ["]
        lines += [f"    {_string(v)},{note(v)}" for v in group.variants]
        lines += ["]", f"description = {_string(group.description)}"]
    return "\n".join(lines).lstrip("\n") + "\n"


def check_loadable(groups: Sequence[AliasGroup], in_force: Sequence[AliasGroup] = ()) -> None:
    """Raise :class:`RuleError` unless ``groups`` (beside ``in_force``) make a valid table."""
    try:
        AliasTable((*in_force, *groups))
    except RuleError as exc:
        raise RuleError(f"proposed table does not load: {exc}") from None

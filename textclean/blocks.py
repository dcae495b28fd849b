"""Which lines of a plain-text page are the article, and which are the page around it.

A naive scrape gives one line per block element: menus, section lists, "Most read" lists, cookie
and subscription notices, bylines, share rows and footers around the article's paragraphs. This
module classifies each line from its text alone, as jusText does for the blocks of an HTML page:

1. **Features** of each line, on its own: length, share of stop words of the page's language,
   sentence punctuation, separators (``|``, ``›``, ``»``, ``•``), bylines, author bios, dates and
   times alone on a line, bare links, and notice vocabulary (cookies, legal lines, subscriptions
   and accounts, navigation, comments; :mod:`textclean.vocabulary`).
2. **A class** from the features alone: ``bad`` (a feature that marks boilerplate, or a long line
   with few stop words), ``good`` (a long line full of stop words), ``near-good`` (medium length
   or fewer stop words), ``short``.
3. **Context**: ``short`` and ``near-good`` lines take the class of their neighbours, as in
   jusText; the article's heading just before the first good line is kept.

**A fixed point by design.** Every context rule counts only *good* neighbours in favour of a
line and treats the edge of the page like boilerplate, so taking boilerplate lines away never
turns a kept line into boilerplate. The page's language and the page test can still move when
lines go, so :func:`settle` classifies the kept lines again until a round drops nothing (features
are computed once, so a round is cheap) and gives up, keeping every line, after a few rounds:
what it returns is always a fixed point.

Speed: features come from C-level string methods (``str.split``, ``str.strip``, set lookups) and
the regular expressions run only on the few lines that can match them, so a round is a linear
pass of a few microseconds per line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise

import regex

from textclean.stopwords import CJK, Language, guess_language, language, words_of
from textclean.vocabulary import Vocabulary, default_vocabulary

__all__ = ["MAX_ROUNDS", "Decision", "Page", "Settings", "settle"]

GOOD, NEAR_GOOD, SHORT, WEAK, BAD, DROP = (
    "good", "near-good", "short", "few-stop-words", "bad", "drop"
)
#: Features that drop a line whatever its neighbours, and that neighbours look through: a
#: byline or a date sits between a headline and its article without ending either.
_TRANSPARENT = frozenset({"no-words", "link", "date", "byline", "bio"})

_HAS_CJK = regex.compile(rf"[{CJK}]")
#: Tokens that are punctuation, not words: they do not count in a line's share of stop words.
_MARKS = frozenset("+-|/&*•·–—:;,.!?…»«›‹>#@~=()[]{}\"'“”‘’▪■►▸◦")
#: Sentence punctuation, possibly followed by closing quotes or brackets, ends a sentence.
_ENDERS = frozenset(".!?…。！？:;")
_CLOSERS = "\"'”’»)]】」』 "
#: Separators of menus and breadcrumbs ("Home | News", "Home › World", "A • B", "A ▪ B").
_ANY_SEPARATOR = re.compile("[|›•·▪◦‣∙⋅■►▸»]")
_SEPARATORS = regex.compile(r"[|›•·▪◦‣∙⋅■►▸]|(?<!«[^»]{0,200})»")
#: A line that is only a link or an e-mail address.
_LINK = regex.compile(
    r"(?i)(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/\S*)?"
)
_DIGIT = re.compile(r"\d")
#: A date or a time alone on a line: numbers, at most four short words, and date punctuation,
#: with a clock time, a numeric date, or a year (1900-2099) and a day; a year alone ("1947", a
#: table cell) or beside words ("2016 Elections") is not a date.
_DATE_ONLY = regex.compile(
    r"""(?x)
    (?= .{0,60} \Z )
    (?= .*? (?: \d{1,2}[:h]\d\d | \d{1,2}[./-]\d{1,2}[./-]\d{2,4}
              | (?<!\d)(?:19|20)\d\d(?!\d) .*? (?<!\d)\d{1,2}(?!\d)
              | (?<!\d)\d{1,2}(?!\d) .*? (?<!\d)(?:19|20)\d\d(?!\d) ) )
    [\d\s,./:\-–()|]*
    (?: \p{L}{1,12}\.? [\d\s,./:\-–()|]* ){0,4}
    \Z
    """
)
#: The first word of a byline ("By Jane Doe", "Von Max Muster", "Par Jean Dupont", "Door ...",
#: "Posted by ...", "Autor: ...").
_BYLINE_START = frozenset({
    "by", "by:", "von", "par", "por", "door", "av", "af", "autor:", "autorin:", "auteur:",
    "autore:", "автор:", "posted", "written", "reported", "story", "text", "words", "photos",
})
_BYLINE = regex.compile(
    r"""(?x)
    (?: (?i: (?: posted | written | reported | story | text | words | photos? ) \s+ by
          | by | von | par | por | door | av | af | autor(?:in)? | auteur | autore | автор )
        [\s:]+ )
    (?: [\p{Lu}][\p{L}.'’-]* | and | und | et | y | e | en | och | og | de | van | von | da | del
      | [,&|/] )
    (?: \s+ (?: [\p{Lu}][\p{L}.'’-]* | and | und | et | y | e | en | och | og | de | van | von
             | da | del | [,&|/] ) ){0,8}
    [\s,|]* (?: [\p{L}\d. ,:–-]{0,40} )?
    """
)
#: "Jane Doe is a reporter covering ...": a name, a copula and a newsroom job within a few words.
_BIO_COPULAS = frozenset({"is", "was", "est", "ist", "es", "è", "é", "är", "er", "jest"})
_BIO = regex.compile(
    r"""(?x)
    (?: \p{Lu}[\p{L}.'’-]+ \s+ ){1,3}
    (?i: is | was | est | ist | es | è | é | is\s+een | är | er | jest )
    \s+ (?: [\p{L}'’-]+ \s+ ){0,5}
    (?i: reporter | correspondent | journalist | editor | writer | columnist | contributor
       | author | producer | photographer | analyst | freelance | journaliste | rédact\w*
       | correspondant\w* | chroniqueu\w* | redakteur\w* | korrespondent\w* | autor\w*
       | periodista | redactor\w* | corresponsal | columnista | giornalista | redattor\w*
       | jornalista | repórter | colunista | journalist\w* | redacteur | verslaggever )
    """
)


@dataclass(frozen=True)
class Settings:
    """Thresholds of the classifier (the ``pagetext`` step's options, documented there)."""

    length_low: int = 50
    length_high: int = 200
    stop_low: float = 0.6
    stop_high: float = 0.6
    heading_distance: int = 200
    short_cost: int = 40
    title_case: float = 0.5
    min_good: int = 2
    min_share: float = 0.5
    vocabulary_words: int = 12
    min_lines: int = 20
    min_short_share: float = 0.35
    min_coverage: float = 0.1
    language: str | None = None
    vocabulary: Vocabulary = field(default_factory=default_vocabulary, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Decision:
    """A line to drop: its 0-based number in the text, its class and what decided it."""

    number: int
    category: str
    reason: str


class Page:
    """The non-blank lines of a text with their features, as columns indexed by position.

    ``numbers[i]`` is the line's 0-based number in the text. Features that need words are
    computed by :meth:`describe`, only for a page that passes :meth:`looks_like_page`.
    """

    def __init__(self, text: str, settings: Settings) -> None:
        self.settings = settings
        raw = text.split("\n")
        stripped = [line.strip() for line in raw]
        self.numbers = [i for i, line in enumerate(stripped) if line]
        self.texts = [stripped[i] for i in self.numbers]
        self.lengths = list(map(len, self.texts))
        self.cjk = not text.isascii() and _HAS_CJK.search(text) is not None
        if self.cjk:  # a CJK character says about as much as three Latin letters
            self.lengths = [n + 2 * len(_HAS_CJK.findall(t))
                            for n, t in zip(self.lengths, self.texts, strict=True)]
        self.sentence = [t.rstrip(_CLOSERS)[-1:] in _ENDERS for t in self.texts]
        self.weight = [0.0 if sentence else _title_case(text)
                       for text, sentence in zip(self.texts, self.sentence, strict=True)]
        self.words: list[list[str]] = []
        self.special: list[str | None] = []
        self.counts: list[int] = []  # words, not counting lone punctuation marks

    def __len__(self) -> int:
        return len(self.numbers)

    def looks_like_page(self, alive: Sequence[int]) -> bool:
        """Whether the lines ``alive`` look like a whole page rather than an article: enough
        lines, and many of them short, without sentence punctuation and mostly capitalised
        (menus, lists of links, widgets; not the lines of hard-wrapped text or code)."""
        settings = self.settings
        if len(alive) < settings.min_lines:
            return False
        low, title_case = settings.length_low, settings.title_case
        lengths, weight = self.lengths, self.weight
        short = sum(1 for i in alive if lengths[i] < low and weight[i] >= title_case)
        return short >= max(settings.min_lines, settings.min_short_share * len(alive))

    def describe(self) -> None:
        """Compute the word features of every line (once)."""
        if self.words:
            return
        lowered = "\n".join(self.texts).lower()
        if self.cjk or "'" in lowered or "’" in lowered:
            self.words = list(map(words_of, lowered.split("\n")))
        else:  # the common case, in C: what words_of does for such lines
            self.words = list(map(str.split, lowered.split("\n")))
        self.counts = [len(w) - sum(map(_MARKS.__contains__, w)) for w in self.words]
        vocabulary, per_term = self.settings.vocabulary, self.settings.vocabulary_words
        self.special = [
            _special(text, words, sentence, vocabulary, per_term)
            for text, words, sentence in zip(self.texts, self.words, self.sentence, strict=True)
        ]

    def language(self, alive: Sequence[int]) -> Language | None:
        """The configured language, or the one whose stop words cover most of the frequent
        words of the lines ``alive``; None when none covers ``min_coverage`` of the words."""
        if self.settings.language:
            return language(self.settings.language)
        words = self.words
        guess, coverage = guess_language(Counter(chain.from_iterable(words[i] for i in alive)))
        return guess if coverage >= self.settings.min_coverage else None

    def classify(self, alive: Sequence[int]) -> list[Decision]:
        """The lines among ``alive`` to drop, each with its class and reason; [] when they do
        not look like a page, or their language is unknown, or none of them is good."""
        if not self.looks_like_page(alive):
            return []
        self.describe()
        lang = self.language(alive)
        if lang is None:
            return []
        stop_forms = lang.stop_forms
        words = self.words
        counts = self.counts
        shares = [sum(map(stop_forms.__contains__, words[i])) / counts[i] if counts[i] else 0.0
                  for i in alive]
        reference = self._reference(alive, shares)
        initial = [self._initial(i, share, reference)
                   for i, share in zip(alive, shares, strict=True)]
        classes = [cls for cls, _ in initial]
        span = self._article(alive, classes)
        if span is None or not self._confident(alive, classes, span):
            return []
        first, last = span
        final, before, after = _context(classes[first:last + 1])
        final = [BAD] * first + final + [BAD] * (len(alive) - last - 1)
        heading = self._heading(alive, classes, first)
        if heading is not None:
            final[heading] = GOOD
        drops = []
        for k, i in enumerate(alive):
            if final[k] == GOOD:
                continue
            cls, why = initial[k]
            if cls in (BAD, DROP):
                category = _category(why)
            elif k < first or k > last:
                category = cls
                why = f"{why}, {'before' if k < first else 'after'} the article"
            else:
                category = cls
                why = f"{why}, {before[k - first]} before, {after[k - first]} after"
            drops.append(Decision(self.numbers[i], category, why))
        return drops

    def _article(self, alive: Sequence[int], classes: Sequence[str]) -> tuple[int, int] | None:
        """The article: the run of lines (positions in ``alive``) with the largest sum of scores,
        content counting for and boilerplate against (Kadane's algorithm, as in Finn's Body Text
        Extraction): good and near-good lines score their length, notices minus their length,
        short lines minus ``short_cost`` and lines with few stop words minus their length, both
        times their share of capitalised words (menus are Title Case; code, tables and figures
        are not) and nothing if they end a sentence, bylines and dates nothing.
        Ties go to the longer run, so the article found in the kept lines is all of them. None
        when no line scores above zero."""
        lengths, weight, short_cost = self.lengths, self.weight, self.settings.short_cost
        best_sum = 0.0
        best: tuple[int, int] | None = None
        total = 0
        start = 0
        for k, cls in enumerate(classes):
            if total < 0:
                total, start = 0, k
            if cls in (GOOD, NEAR_GOOD):
                total += lengths[alive[k]]
            elif cls == SHORT:
                total -= short_cost * weight[alive[k]]
            elif cls == WEAK:
                total -= lengths[alive[k]] * weight[alive[k]]
            elif cls == BAD:
                total -= lengths[alive[k]]
            if total > best_sum or (total == best_sum and best is not None and total > 0):
                best_sum, best = total, (start, k)
        return best

    def _confident(self, alive: Sequence[int], classes: Sequence[str], span: tuple[int, int]
                   ) -> bool:
        """Whether the article found is clearly the page's article: it has ``min_good`` good
        lines and two lines of content in a row (a list of teasers has a title or a byline
        between any two), and holds at least ``min_share`` of the page's content (the
        characters of its good and near-good lines). Otherwise no article stands out, and the
        page is left alone."""
        first, last = span
        settings = self.settings
        inner = classes[first:last + 1]
        if inner.count(GOOD) < settings.min_good:
            return False
        content = (GOOD, NEAR_GOOD)
        if not any(a in content and b in content for a, b in pairwise(inner)):
            return False
        lengths = self.lengths
        inside = outside = 0
        for k, cls in enumerate(classes):
            if cls in (GOOD, NEAR_GOOD):
                if first <= k <= last:
                    inside += lengths[alive[k]]
                else:
                    outside += lengths[alive[k]]
        return inside >= settings.min_share * (inside + outside)

    def _reference(self, alive: Sequence[int], shares: Sequence[float]) -> float:
        """The page's own share of stop words in running text: over its long lines that end a
        sentence (over all its lines of ``length_low`` or more if it has none). Stop-word lists
        cover their languages unequally (about 60% of English text, 30% of Czech), so the
        thresholds are shares of this reference rather than absolute."""
        settings = self.settings
        lengths, sentence, counts = self.lengths, self.sentence, self.counts
        for floor, needs_sentence in ((settings.length_high, True), (settings.length_low, False)):
            stops = total = 0.0
            for i, share in zip(alive, shares, strict=True):
                if lengths[i] > floor and (sentence[i] or not needs_sentence):
                    count = counts[i]
                    stops += share * count
                    total += count
            if total:
                return stops / total
        return 0.0

    def _initial(self, i: int, share: float, reference: float) -> tuple[str, str]:
        """The class of line ``i`` from its own features and its share of stop words, and why."""
        special = self.special[i]
        if special is not None:
            return (DROP if special in _TRANSPARENT else BAD), special
        settings = self.settings
        length = self.lengths[i]
        described = f"{length} chars, {share:.0%} stop words"
        if length < settings.length_low:
            return SHORT, described
        if share >= reference * settings.stop_high and length > settings.length_high:
            return GOOD, described
        if share >= reference * settings.stop_low:
            if self.weight[i] >= settings.title_case:  # a headline, not a sentence
                return SHORT, f"{described}, title case"
            return NEAR_GOOD, described
        return WEAK, f"{described}, page {reference:.0%}"

    def _heading(self, alive: Sequence[int], classes: Sequence[str], first: int) -> int | None:
        """The article's heading: the longest heading-like line (2 to 25 words, no final full
        stop, not boilerplate) within ``heading_distance`` characters before the article's
        first line; its position in ``alive``."""
        best: int | None = None
        distance = 0
        k = first - 1
        while k >= 0 and distance <= self.settings.heading_distance:
            i = alive[k]
            if (classes[k] in (SHORT, NEAR_GOOD) and 2 <= self.counts[i] <= 25
                    and not self.texts[i].endswith(".")
                    and (best is None or self.lengths[i] > self.lengths[alive[best]])):
                best = k
            distance += self.lengths[i]
            k -= 1
        return best


_WORD_START = regex.compile(r"(?<!\w)\p{L}")


def _title_case(text: str) -> float:
    """The share of a line's words that start with a capital letter, among words starting
    with a cased letter: 1 for "Entertainment & Arts", 0 for "status_code = 404"; 1 for a line
    of letters without case (Chinese, Arabic), 0 for one without letters ("’17", "});")."""
    starts = "".join(_WORD_START.findall(text))
    if not starts:
        return 0.0
    upper = sum(map(str.isupper, starts))
    lower = sum(map(str.islower, starts))
    return upper / (upper + lower) if upper + lower else 1.0


def _special(text: str, words: list[str], sentence: bool, vocabulary: Vocabulary,
             per_term: int) -> str | None:
    """A feature that marks a line as boilerplate on its own, or None. Each test runs only
    where a cheap check says it can match."""
    if not words:
        return "no-words"
    if " " not in text and ("." in text or "@" in text) and _LINK.fullmatch(text):
        return "link"
    if len(text) <= 60 and _DIGIT.search(text) and _DATE_ONLY.fullmatch(text):
        return "date"
    if words[0] in _BYLINE_START and len(text) <= 100 and _BYLINE.fullmatch(text):
        return "byline"
    if len(words) <= 60 and not _BIO_COPULAS.isdisjoint(words) and _BIO.match(text):
        return "bio"
    found = vocabulary.match(words, text, sentence, per_term)
    if found is not None:
        return found
    if not sentence and _ANY_SEPARATOR.search(text):
        count = len(_SEPARATORS.findall(text))
        if count >= 2:
            return f"separators ({count})"
    return None


def _category(why: str) -> str:
    if why.startswith("separators"):
        return "separators"
    if why.startswith("few stop words"):
        return "few-stop-words"
    return why


def _context(classes: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """jusText's context rules: a short line between good lines is good, between bad lines bad,
    and between a good and a bad line good only when a near-good line is next to it on the bad
    side; a near-good line is bad only between bad lines. The nearest lines that decide skip
    short ones (and near-good ones, first). ``classes`` are those of the article's lines (see
    :meth:`Page._article`), which begins and ends with content, so its edges count as good:
    once the page around it is gone, they are the edges of the text. Returns the final classes
    and, for each line, the class of the nearest good-or-bad line before and after it."""
    n = len(classes)
    prev_strict, prev_loose = _scan(classes, range(n))
    next_strict, next_loose = _scan(classes, range(n - 1, -1, -1))
    final = list(classes)
    for k, cls in enumerate(classes):
        if cls in (SHORT, WEAK):
            before, after = prev_strict[k], next_strict[k]
            if before == GOOD and after == GOOD:
                final[k] = GOOD
            elif before == BAD and after == BAD:
                final[k] = BAD
            elif (before == BAD and prev_loose[k] == NEAR_GOOD) or (
                after == BAD and next_loose[k] == NEAR_GOOD
            ):
                final[k] = GOOD
            else:
                final[k] = BAD
        elif cls == NEAR_GOOD:
            final[k] = BAD if prev_strict[k] == BAD and next_strict[k] == BAD else GOOD
        elif cls == DROP:
            final[k] = BAD
    return final, prev_strict, next_strict


def _scan(classes: Sequence[str], order: range) -> tuple[list[str], list[str]]:
    """For each line, the class of the nearest good-or-bad line, and of the nearest good, bad or
    near-good line, met in ``order`` before it (good at the edge: see :func:`_context`)."""
    strict = [GOOD] * len(classes)
    loose = [GOOD] * len(classes)
    last_strict = last_loose = GOOD
    for k in order:
        strict[k] = last_strict
        loose[k] = last_loose
        cls = classes[k]
        if cls in (GOOD, BAD):
            last_strict = last_loose = cls
        elif cls == NEAR_GOOD:
            last_loose = cls
    return strict, loose


#: Rounds of :func:`settle` before it gives up and keeps every line.
MAX_ROUNDS = 6


def settle(text: str, settings: Settings) -> list[Decision]:
    """The lines to drop so that classifying what is left drops nothing more: rounds of
    classification over the kept lines until one drops nothing. Empty when nothing goes, or when
    the page has not settled after :data:`MAX_ROUNDS` rounds (keeping every line is a fixed
    point too)."""
    page = Page(text, settings)
    alive = list(range(len(page)))
    dropped: list[Decision] = []
    for _ in range(MAX_ROUNDS):
        decisions = page.classify(alive)
        if not decisions:
            return sorted(dropped, key=lambda d: d.number)
        dropped += decisions
        gone = {d.number for d in decisions}
        alive = [i for i in alive if page.numbers[i] not in gone]
    return []

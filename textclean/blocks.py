"""Which lines of a plain-text page are the article, and which are the page around it.

A naive scrape gives one line per block element: menus, section lists, "Most read" lists, cookie
and subscription notices, bylines, share rows and footers around the article's paragraphs. This
module tells them apart from the text alone, as jusText does for the blocks of an HTML page:

1. **The page test** (:meth:`Page.looks_like_page`): many short lines without sentence
   punctuation whose words are mostly capitalised (menus); an article has few.
2. **Features** of each line, on its own: length, share of the page language's stop words
   against the page's own share, sentence punctuation, share of capitalised words, separators
   (``|``, ``›``, ``»``, ``•``), bylines, author bios, dates and times alone on a line, bare
   links, and notice vocabulary (:mod:`textclean.vocabulary`).
3. **Classes** from the features: notices and menus (bad), bylines, dates and links (dropped,
   and transparent to their neighbours), good, near-good, short (headlines too), few stop words.
4. **The article** (:meth:`Page._article`): the run of lines where content most outweighs the
   page (Kadane's algorithm, as in Finn's Body Text Extraction); everything outside it goes but
   its heading, and a page where no article stands out is left alone (:meth:`Page._confident`).
5. **Context** inside the article: jusText's rules for short and near-good lines.

**A fixed point by design.** Every context rule counts only good neighbours in favour of a line,
and taking lines away never lowers the article's score, so the lines kept are kept again. The
page's language and its stop-word share can still move when lines go, so :func:`settle`
classifies the kept lines again until a round drops nothing (features are computed once, so a
round after the first is cheap) and gives up, keeping every line, after :data:`MAX_ROUNDS`: what
it returns is always a fixed point.

**Linear**: each round is a few passes over the lines; features come from C-level string
methods (``str.split``, set operations) and the regular expressions run only on the lines a cheap
check lets through, each on a bounded length.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, count, islice, repeat
from operator import and_, itemgetter, mul, ne, neg, not_, sub
from typing import Any, NamedTuple

import regex

from textclean.stopwords import CJK_CHAR, Language, guess_language, language, words_of
from textclean.vocabulary import Vocabulary, default_vocabulary

__all__ = ["MAX_ROUNDS", "Decision", "Page", "Settings", "language_of", "notice", "settle"]

GOOD, NEAR_GOOD, SHORT, WEAK, BAD, DROP = (
    "good", "near-good", "short", "few-stop-words", "bad", "drop"
)
#: What each feature that drops a line on its own says about it, in an edit's rule.
_FEATURE_REASONS = {
    "no-words": "no words",
    "link": "a link alone on its line",
    "date": "a date or time alone on its line",
    "byline": "a byline alone on its line",
    "bio": "an author bio",
}
_CONTENT = frozenset({GOOD, NEAR_GOOD})
#: Classes of lines that only pages have: notices, and menus with separators.
_NOTICES = frozenset({"cookies", "legal", "subscription", "navigation", "comments", "separators"})
#: Features that drop a line whatever its neighbours, and that neighbours look through: a
#: byline or a date sits between a headline and its article without ending either.
_TRANSPARENT = frozenset({"no-words", "link", "date", "byline", "bio"})

#: Tokens that are punctuation, not words: they do not count in a line's share of stop words.
_MARKS = frozenset("+-|/&*•·–—:;,.!?…»«›‹>#@~=()[]{}\"'“”‘’▪■►▸◦")
#: Sentence punctuation, possibly followed by closing quotes or brackets, ends a sentence: Latin,
#: CJK, Arabic (؟ ۔), Devanagari (। ॥), Armenian (։) and Ethiopic (።) full stops and questions.
_ENDERS = tuple(".!?…。！？:;؟۔।॥։።")
_CLOSERS = "\"'”’»)]】」』 "
#: Separators of menus and breadcrumbs ("Home | News", "Home › World", "A • B", "A ▪ B"); a
#: middle dot between two letters is part of a word (Catalan "col·lecció"), and a » that closes
#: a « quotation is punctuation.
_ANY_SEPARATOR = re.compile("[|›•·▪◦‣∙⋅■►▸»]")
_SEPARATORS = regex.compile(r"[|›•▪◦‣∙⋅■►▸]|(?<!\p{L})·|·(?!\p{L})|(?<!«[^»]{0,200})»")
#: A line that is only a link or an e-mail address.
_LINK = re.compile(
    r"(?i)(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/\S*)?"
)
#: A date or a time alone on a line: numbers, at most four short words, and date punctuation,
#: with a clock time, a numeric date, or a year (1900-2099) and a day; a year alone ("1947", a
#: table cell) or beside words ("2016 Elections") is not a date.
_DATE_HINT = re.compile(r"[0-9](?:[:h][0-9][0-9]|[./-][0-9]|[0-9][0-9][0-9])")
_DATE_SHAPE = re.compile(r"[\d\s,./:\-–()|]*+(?:[^\W\d_]{1,12}+\.?+[\d\s,./:\-–()|]*+){0,4}+")
_DATE_CORE = re.compile(
    r"""(?x)
    \d{1,2}[:h]\d\d | \d{1,2}[./-]\d{1,2}[./-]\d{2,4}
    | (?<!\d)(?:19|20)\d\d(?!\d) .*? (?<!\d)\d{1,2}(?!\d)
    | (?<!\d)\d{1,2}(?!\d) .*? (?<!\d)(?:19|20)\d\d(?!\d)
    """
)
#: The first word of a byline ("By Jane Doe", "Von Max Muster", "Par Jean Dupont", "Door ...",
#: "Posted by ...", "Autor: ...").
_BYLINE_START = frozenset({
    "by", "by:", "von", "par", "por", "door", "av", "af", "autor:", "autorin:", "auteur:",
    "autore:", "автор:", "posted", "written", "reported", "story", "text", "words", "photos",
})
_BYLINE_PREFIXES = tuple(_BYLINE_START)
_BYLINE = regex.compile(
    r"""(?x)
    (?: (?i: (?: posted | written | reported | story | text | words | photos? ) \s+ by
          | by | von | par | por | door | av | af | autor(?:in)? | auteur | autore | автор )
        [\s:]+ )
    [\p{Lu}][\p{L}.'’-]*
    (?: \s+ (?: [\p{Lu}][\p{L}.'’-]* | and | und | et | y | e | en | och | og | de | van | von
             | da | del | [,&|/] ) ){0,8}
    (?: (?: \s* [,|–-] \s* | \s+ (?=\d) ) [\p{L}\d. ,:–-]{0,40} )?
    """
)
#: "Jane Doe is a reporter covering ...": a name, a copula and a newsroom job within a few words.
_BIO_ROLES = frozenset(
    word + end
    for word in (
        "reporter", "correspondent", "journalist", "editor", "writer", "columnist",
        "contributor", "author", "producer", "photographer", "analyst", "freelance",
        "journaliste", "rédacteur", "rédactrice", "correspondant", "correspondante",
        "chroniqueur", "chroniqueuse", "redakteur", "redakteurin", "korrespondent",
        "korrespondentin", "autor", "autorin", "periodista", "redactor", "redactora",
        "corresponsal", "columnista", "giornalista", "redattore", "redattrice", "jornalista",
        "repórter", "colunista", "journalistin", "redacteur", "verslaggever",
    )
    for end in ("", ".", ",", ";")
)
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
    min_notices: int = 4
    min_coverage: float = 0.1
    language: str | None = None
    vocabulary: Vocabulary = field(default_factory=default_vocabulary, repr=False, compare=False)


class Decision(NamedTuple):
    """A line to drop: its 0-based number in the text, its class and what decided it."""

    number: int
    category: str
    reason: str


#: How many characters of a line of mixed case show whether its words are capitalised.
_WEIGHED = 100
#: How many words of a page's long sentences are enough to tell its language.
_LANGUAGE_SAMPLE = 300
#: A mark (a lone punctuation token) weighs this much in a line's stop-word tally, so that one
#: pass over a line's words counts both: ``tally // _MARK``, ``tally % _MARK``.
_MARK = 1 << 24


class Page:
    """The non-blank lines of a text with their features, as columns indexed by position.

    ``numbers[i]`` is the line's 0-based number in the text. Columns are filled lazily, each for
    the lines that need it: the page test needs only lengths, sentence ends and, for a page,
    capitalisation; words are split only for the long lines and the lines in and before the
    article; stop words are counted only once the page's language is known.
    """

    def __init__(self, text: str, settings: Settings) -> None:
        self.settings = settings
        stripped = list(map(str.strip, text.split("\n")))
        self.numbers = list(compress(count(), stripped))
        texts = self.texts = list(filter(None, stripped))
        lengths = list(map(len, texts))
        self.cjk = not text.isascii() and CJK_CHAR.search(text) is not None
        if self.cjk:  # a CJK character says about as much as three Latin letters
            lengths = [n if line.isascii() else 3 * n - 2 * len(CJK_CHAR.sub("", line))
                       for n, line in zip(lengths, texts, strict=True)]
        self.lengths = lengths
        self.sentence = list(map(str.endswith, map(str.rstrip, texts, repeat(_CLOSERS)),
                                 repeat(_ENDERS)))
        low = settings.length_low
        #: Short lines without sentence punctuation: what menus, lists and widgets are made of.
        self.plain_short = list(map(and_, map(low.__gt__, lengths), map(not_, self.sentence)))
        #: Lines of ``length_low`` characters or more: their words decide their class.
        self.long = list(map(low.__le__, lengths))
        self._running: list[bool] = []  # long lines that end a sentence: see evidence()
        self.weight: list[float] = []  # filled by weigh()
        n = len(texts)
        # Filled by describe(), for the lines that need them:
        self.words: list[list[str] | None] = [None] * n
        self.special: list[str | None] = [None] * n
        self.reasons: dict[int, str] = {}  # what decided a special line, where it is not its name
        # Filled by _tally(), once the page's language is known:
        self._tallies: list[int | None] = [None] * n
        self._tally_language: Language | None = None
        self._evidence: list[int] | None = None
        self._language: Language | None = None
        self._reference_share = 0.0
        self._shares: list[float] = []
        self._classes: list[str] = []
        self._menu_like: list[bool] = []
        self._score_columns: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self.numbers)

    def looks_like_page(self, alive: Sequence[int]) -> bool:
        """Whether the lines ``alive`` look like a whole page rather than an article: enough
        lines, and many of them short, without sentence punctuation and mostly capitalised
        (menus, lists of links, widgets; not the lines of hard-wrapped text or code); or half
        as many of them and ``min_notices`` notices (cookies, legal lines, sign-in prompts ...).
        """
        settings = self.settings
        if len(alive) < settings.min_lines:
            return False
        needed = max(settings.min_lines, settings.min_short_share * len(alive))
        if sum(map(self.plain_short.__getitem__, alive)) < needed:
            return False  # most articles stop here, before any word is looked at
        self.weigh()
        if not self._menu_like:
            self._menu_like = list(map(and_, self.plain_short,
                                       map(settings.title_case.__le__, self.weight)))
        short = sum(map(self._menu_like.__getitem__, alive))
        if short >= needed:
            return True
        if short < max(settings.min_lines, needed / 2):
            return False
        self.describe(alive)  # half as many such lines, and notices: a page with a light menu
        special = self.special
        return sum(1 for i in alive if special[i] in _NOTICES) >= settings.min_notices

    def weigh(self) -> None:
        """Each line's share of capitalised words, among its words with letters of a case: 1
        for "Entertainment & Arts", 0 for "status_code = 404"; 1 for a line of letters without
        case (Chinese, Arabic), 0 for one without letters ("’17", "});"); 0 for a line that
        ends a sentence. Once, for the whole page: most lines are decided by one string method
        (Title Case, all capitals, all lower case), and only the others are split into words,
        their first :data:`_WEIGHED` characters (a headline shows its case by then)."""
        if self.weight:
            return
        texts = self.texts
        weight = [0.0 if ends else 1.0 if line.istitle() or line.isupper()
                  else 0.0 if line.islower() else -1.0
                  for line, ends in zip(texts, self.sentence, strict=True)]
        mixed = [i for i, w in enumerate(weight) if w < 0]
        if mixed:
            heads = [texts[i][:_WEIGHED] for i in mixed]
            originals = list(map(str.split, heads))
            lowered = list(map(str.split, "\n".join(heads).lower().split("\n")))
            cased = list(map(sum, map(map, repeat(str.islower), lowered)))
            upper = list(map(sum, map(map, repeat(ne), originals, lowered)))
            for i, words, up, n in zip(mixed, originals, upper, cased, strict=True):
                if n:
                    weight[i] = min(1.0, up / n)
                else:  # letters without case (Arabic, Hebrew, Thai ...), or no letters
                    weight[i] = float(not texts[i].isascii() and any(map(str.isalpha, words)))
        self.weight = weight

    def describe(self, lines: Iterable[int]) -> None:
        """Split the words of ``lines`` (positions) not described yet and find their special
        features. Each boilerplate test runs only on the lines that a cheap check lets through
        (one set operation or one character test per line), and the tests go from the weakest
        sign to the strongest, each overriding the one before."""
        done = self.words
        todo = [i for i in lines if done[i] is None]
        if not todo:
            return
        texts = [self.texts[i] for i in todo]
        lowered = "\n".join(texts).lower()
        lines_lowered = lowered.split("\n")
        if self.cjk:
            words = list(map(words_of, lines_lowered))
        else:  # what words_of does, in C for all the lines at once
            if "'" in lowered or "’" in lowered:
                lowered = lowered.replace("’", "'").replace("'", "' ")
            words = list(map(str.split, lowered.split("\n")))
        n = len(todo)
        sentence = list(map(self.sentence.__getitem__, todo))
        special: list[str | None] = [None] * n
        reasons = self.reasons
        plain = list(compress(range(n), map(not_, sentence)))
        for k in compress(plain, map(_ANY_SEPARATOR.search, map(texts.__getitem__, plain))):
            found = len(_SEPARATORS.findall(texts[k]))
            if found >= 2:
                special[k] = "separators"
                reasons[todo[k]] = f"{found} separators"
        vocabulary, per_term = self.settings.vocabulary, self.settings.vocabulary_words
        for k in vocabulary.candidates(words, texts, sentence, per_term):
            found_terms = vocabulary.match(words[k], texts[k], sentence[k], per_term)
            if found_terms is not None:
                special[k] = found_terms[0]
                reasons[todo[k]] = ", ".join(f'"{term}"' for term in found_terms[1])
        for k in compress(range(n), map(not_, map(_BIO_ROLES.isdisjoint, words))):
            if len(words[k]) <= 60 and _BIO.match(texts[k]):
                special[k] = "bio"
        sizes = list(map(len, texts))
        brief = list(compress(range(n), map(61 .__gt__, sizes)))
        for k in compress(brief, map(_DATE_HINT.search, map(texts.__getitem__, brief))):
            if _DATE_SHAPE.fullmatch(texts[k]) and _DATE_CORE.search(texts[k]):
                special[k] = "date"
        for k in compress(range(n), map(str.startswith, lines_lowered, repeat(_BYLINE_PREFIXES))):
            if words[k][0] in _BYLINE_START and sizes[k] <= 100 and _BYLINE.fullmatch(texts[k]):
                special[k] = "byline"
        for k in compress(range(n), map(not_, map(str.__contains__, texts, repeat(" ")))):
            if ("." in texts[k] or "@" in texts[k]) and _LINK.fullmatch(texts[k]):
                special[k] = "link"
        for k in compress(range(n), map(not_, words)):
            special[k] = "no-words"
        _assign(done, todo, words)
        _assign(self.special, todo, special)

    def _tally(self, lines: Sequence[int], lang: Language) -> list[int]:
        """Each line's words that are stop words of ``lang``, plus :data:`_MARK` for each lone
        punctuation mark, in one pass over its words (described already)."""
        if self._tally_language is not lang:
            self._tallies = [None] * len(self.texts)
            self._tally_language = lang
        tallies = self._tallies
        todo = [i for i in lines if tallies[i] is None]
        if todo:
            table = _tally_table(lang)
            words = self.words
            for i, tally in zip(todo, map(sum, map(map, repeat(table.get), map(
                    words.__getitem__, todo), repeat(repeat(0)))), strict=True):
                tallies[i] = tally
        return [tallies[i] or 0 for i in lines]

    def evidence(self, alive: Sequence[int]) -> list[int]:
        """The lines that say what the page's language and its running text are like: its long
        lines that end a sentence (all its lines if it has none)."""
        if not self._running:
            high = self.settings.length_high
            self._running = list(map(and_, map(high.__lt__, self.lengths), self.sentence))
        return list(compress(alive, map(self._running.__getitem__, alive))) or list(alive)

    def language(self, evidence: Sequence[int]) -> Language | None:
        """The configured language, or the one whose stop words cover most of the frequent
        words of the ``evidence`` lines (their first :data:`_LANGUAGE_SAMPLE` words); None when
        none covers ``min_coverage`` of them."""
        if self.settings.language:
            return language(self.settings.language)
        sample = islice(chain.from_iterable(map(self.words.__getitem__, evidence)),
                        _LANGUAGE_SAMPLE)
        guess, coverage = guess_language(Counter(sample))
        return guess if coverage >= self.settings.min_coverage else None

    def classify(self, alive: Sequence[int]) -> list[Decision]:
        """The lines among ``alive`` to drop, each with its class and reason; [] when they do
        not look like a page, or their language is unknown, or no article stands out.

        The article is found from the classes of the long lines and the lengths and
        capitalisation of the short ones (:meth:`_article`); only then are the short lines in
        and just before it looked at closely (notices, bylines, dates), since every short line
        outside it goes anyway."""
        if not self.looks_like_page(alive):
            return []
        long_lines = list(compress(alive, map(self.long.__getitem__, alive)))
        self.describe(long_lines)
        evidence = self.evidence(alive)
        if evidence != self._evidence:  # else language and reference are those of last round
            self._evidence = evidence
            self.describe(evidence)
            self._language = self.language(evidence)
            if self._language is not None:
                self._classes = self._classes_of(long_lines, evidence, self._language)
        if self._language is None:
            return []
        rough = list(map(self._classes.__getitem__, alive))
        span = self._article(alive, rough)
        if span is None or not self._confident(alive, rough, span):
            return []
        first, last = span
        window = self._window(alive, first)
        self.describe(alive[window:last + 1])
        classes = list(rough)
        special = self.special
        for k in range(window, last + 1):
            name = special[alive[k]]
            if name is not None:
                classes[k] = DROP if name in _TRANSPARENT else BAD
        final, before, after = _context(classes[first:last + 1])
        heading = self._heading(alive, classes, first)
        return self._decisions(alive, classes, span, heading, final, before, after)

    def _decisions(self, alive: Sequence[int], classes: Sequence[str], span: tuple[int, int],
                   heading: int | None, final: Sequence[str], before: Sequence[str],
                   after: Sequence[str]) -> list[Decision]:
        """A decision for every line of ``alive`` outside the article (but its ``heading``) and
        every line inside it that the context rules made bad (``final``, from ``first``)."""
        first, last = span
        special, reasons, lengths = self.special, self.reasons, self.lengths
        low = self.settings.length_low
        dropped: list[int] = []  # positions in alive
        categories: list[str] = []
        whys: list[str] = []
        short_reasons: dict[tuple[int, bool], str] = {}
        for k in chain(range(first), range(last + 1, len(alive))):
            if k == heading:
                continue
            i, cls = alive[k], classes[k]
            if cls is BAD or cls is DROP:
                category = special[i] or ""
                why = reasons.get(i) or _FEATURE_REASONS.get(category, category)
            elif lengths[i] < low:  # a short line: its length alone decided
                category, key = cls, (lengths[i], k < first)
                why = short_reasons.get(key) or short_reasons.setdefault(
                    key, f"{lengths[i]} chars, {'before' if k < first else 'after'} the article")
            else:
                category = cls
                why = (f"{self._describe_line(i, cls)}, "
                       f"{'before' if k < first else 'after'} the article")
            dropped.append(k)
            categories.append(category)
            whys.append(why)
        for k in range(first, last + 1):
            if final[k - first] is GOOD:
                continue
            i, cls = alive[k], classes[k]
            if cls is BAD or cls is DROP:
                category = special[i] or ""
                why = reasons.get(i) or _FEATURE_REASONS.get(category, category)
            else:
                category = cls
                why = (f"{self._describe_line(i, cls)}, {before[k - first]} before, "
                       f"{after[k - first]} after")
            dropped.append(k)
            categories.append(category)
            whys.append(why)
        numbers = map(self.numbers.__getitem__, map(alive.__getitem__, dropped))
        return sorted(map(tuple.__new__, repeat(Decision),
                          zip(numbers, categories, whys, strict=True)))

    def _classes_of(self, lines: Sequence[int], evidence: Sequence[int], lang: Language
                    ) -> list[str]:
        """The class of each line from its own features, given the page's language (short
        lines are short): notices and menus are bad; bylines, dates and links are dropped;
        headlines are short; others are good, near-good or have few stop words, by their share
        of stop words against the page's own (:meth:`_reference`)."""
        tallies = self._tally(lines, lang)
        words, special, weight, lengths = self.words, self.special, self.weight, self.lengths
        shares = self._shares = [0.0] * len(self.texts)
        for i, tally in zip(lines, tallies, strict=True):
            counted = len(words[i] or ()) - tally // _MARK
            shares[i] = (tally % _MARK) / counted if counted > 0 else 0.0
        self._reference_share = self._reference(evidence, lang)
        settings = self.settings
        high, high_share = settings.length_high, self._reference_share * settings.stop_high
        low_share = self._reference_share * settings.stop_low
        title_case = settings.title_case
        classes = [SHORT] * len(self.texts)
        for i in lines:
            if special[i] is not None:
                classes[i] = DROP if special[i] in _TRANSPARENT else BAD
            elif shares[i] >= high_share and lengths[i] > high:
                classes[i] = GOOD
            elif shares[i] >= low_share:
                classes[i] = SHORT if weight[i] >= title_case else NEAR_GOOD
            else:
                classes[i] = WEAK
        return classes

    def _reference(self, evidence: Sequence[int], lang: Language) -> float:
        """The page's own share of stop words in running text, over the ``evidence`` lines.
        Stop-word lists cover their languages unequally (about 60% of English text, 30% of
        Czech), so the thresholds are shares of this reference rather than absolute."""
        tallies = self._tally(evidence, lang)
        words = sum(map(len, map(self.words.__getitem__, evidence)))
        marks = sum(tally // _MARK for tally in tallies)
        stops = sum(tally % _MARK for tally in tallies)
        return stops / (words - marks) if words > marks else 0.0

    def _window(self, alive: Sequence[int], first: int) -> int:
        """Where the search for the heading starts: ``heading_distance`` characters before the
        article's first line (a position in ``alive``)."""
        distance, k = 0, first - 1
        while k >= 0 and distance <= self.settings.heading_distance:
            distance += self.lengths[alive[k]]
            k -= 1
        return k + 1

    def _describe_line(self, i: int, cls: str) -> str:
        """What decided the class of a line that is not a notice: its length and share of stop
        words (against the page's own, for too few), and title case for a headline."""
        length = self.lengths[i]
        if length < self.settings.length_low:
            return f"{length} chars"
        share = self._shares[i]
        described = f"{length} chars, {share:.0%} stop words"
        if cls == WEAK:
            return f"{described}, page {self._reference_share:.0%}"
        if cls == SHORT:
            return f"{described}, title case"
        return described

    def _scores(self, alive: Sequence[int], classes: Sequence[str]) -> list[int]:
        """What each line adds to an article that holds it (see :meth:`_article`), in whole
        characters so that equal sums are equal: one column of scores per class, each built
        once per page, and each line's score read from its class's column."""
        if not self._score_columns:
            lengths, weight, short_cost = self.lengths, self.weight, self.settings.short_cost
            minus = list(map(neg, lengths))
            self._score_columns = {
                GOOD: lengths, NEAR_GOOD: lengths, BAD: minus, DROP: [0] * len(lengths),
                SHORT: [-round(short_cost * w) for w in weight],
                WEAK: list(map(round, map(mul, minus, weight))),
            }
        return list(map(list.__getitem__, map(self._score_columns.__getitem__, classes), alive))

    def _article(self, alive: Sequence[int], classes: Sequence[str]) -> tuple[int, int] | None:
        """The article: the run of lines (positions in ``alive``) with the largest sum of scores,
        content counting for and boilerplate against (as in Finn's Body Text Extraction): good
        and near-good lines score their length, notices minus their length, short lines minus
        ``short_cost`` and lines with few stop words minus their length, both times their share
        of capitalised words (menus are Title Case; code, tables and figures are not) and
        nothing if they end a sentence, bylines and dates nothing.
        Ties go to the longer run, so the article found in the kept lines is all of them. None
        when no line scores above zero.

        The best run ending at each line starts after the lowest prefix sum before it (Kadane's
        algorithm as prefix sums, in C: ``accumulate`` and ``map`` over the scores)."""
        prefix = list(accumulate(self._scores(alive, classes), initial=0))
        lowest = list(accumulate(prefix, min))
        gains = list(map(sub, islice(prefix, 1, None), lowest))
        if not gains:
            return None
        best = max(gains)
        if best <= 0:
            return None
        last = len(gains) - 1 - gains[::-1].index(best)
        return prefix.index(lowest[last]), last

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
        content = list(map(_CONTENT.__contains__, classes))
        if not any(map(and_, content[first:last], content[first + 1:last + 1])):
            return False
        sizes = list(compress(map(self.lengths.__getitem__, alive), content))
        inside = sum(compress(map(self.lengths.__getitem__, alive[first:last + 1]),
                              content[first:last + 1]))
        return inside >= settings.min_share * sum(sizes)

    def _heading(self, alive: Sequence[int], classes: Sequence[str], first: int) -> int | None:
        """The article's heading: the longest heading-like line (2 to 25 words, no final full
        stop, not boilerplate) within ``heading_distance`` characters before the article's
        first line; its position in ``alive``."""
        best: int | None = None
        distance = 0
        k = first - 1
        words, lengths, tallies = self.words, self.lengths, self._tallies
        while k >= 0 and distance <= self.settings.heading_distance:
            i = alive[k]
            if (classes[k] in (SHORT, NEAR_GOOD)
                    and 2 <= len(words[i] or ()) - (tallies[i] or 0) // _MARK <= 25
                    and not self.texts[i].endswith(".")
                    and (best is None or lengths[i] > lengths[alive[best]])):
                best = k
            distance += lengths[i]
            k -= 1
        return best


def _assign(column: list[Any], positions: Iterable[int], values: Iterable[Any]) -> None:
    """``column[p] = v`` for each position and value, in C."""
    deque(map(column.__setitem__, positions, values), maxlen=0)


@functools.cache
def _tally_table(lang: Language) -> dict[str, int]:
    """What each word adds to a line's tally (see :meth:`Page._tally`): 1 for a stop word of
    ``lang``, :data:`_MARK` for a lone punctuation mark."""
    table = dict.fromkeys(lang.stop_forms, 1)
    for mark in _MARKS:
        table[mark] = table.get(mark, 0) + _MARK
    return table


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
        if cls is SHORT or cls is WEAK:
            before, after = prev_strict[k], next_strict[k]
            if before is GOOD and after is GOOD:
                final[k] = GOOD
            elif before is BAD and after is BAD:
                final[k] = BAD
            elif (before is BAD and prev_loose[k] is NEAR_GOOD) or (
                after is BAD and next_loose[k] is NEAR_GOOD
            ):
                final[k] = GOOD
            else:
                final[k] = BAD
        elif cls is NEAR_GOOD:
            final[k] = BAD if prev_strict[k] is BAD and next_strict[k] is BAD else GOOD
        elif cls is DROP:
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
        if cls is GOOD or cls is BAD:
            last_strict = last_loose = cls
        elif cls is NEAR_GOOD:
            last_loose = cls
    return strict, loose


def notice(line: str, settings: Settings | None = None) -> str | None:
    """The feature that marks ``line`` as boilerplate on its own ("byline", "date", a notice
    vocabulary category, "separators" ...), or None."""
    page = Page(line, settings or Settings())
    if not len(page):
        return None
    page.describe([0])
    return page.special[0]


def language_of(text: str, settings: Settings | None = None) -> Language | None:
    """The language the classifier would find for ``text`` (see :meth:`Page.language`)."""
    page = Page(text, settings or Settings())
    lines = range(len(page))
    evidence = page.evidence(lines)
    page.describe(evidence)
    return page.language(evidence)


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
    numbers = page.numbers
    for _ in range(MAX_ROUNDS):
        decisions = page.classify(alive)
        if not decisions:
            return dropped
        dropped = sorted(dropped + decisions) if dropped else decisions
        gone = set(map(itemgetter(0), decisions))
        alive = list(compress(alive, map(not_, map(gone.__contains__,
                                                   map(numbers.__getitem__, alive)))))
    return []

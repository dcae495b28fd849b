"""Which lines of a plain-text page are the article, and which are the page around it.

A naive scrape gives one line per block element: menus, section lists, "Most read" lists, cookie
and subscription notices, bylines, share rows and footers around the article's paragraphs. This
module tells them apart from the text alone, as jusText does for the blocks of an HTML page:

1. **The page test** (:meth:`Page.looks_like_page`): many short lines without sentence
   punctuation whose words are mostly capitalised (menus); an article has few.
2. **Features** of each line, on its own: length, sentence punctuation, share of capitalised
   words, share of the page language's stop words against the page's own share, separators
   (``|``, ``›``, ``»``, ``•``), bylines, author bios, dates and times alone on a line, bare
   links, and notice vocabulary (:mod:`textclean.vocabulary`).
3. **Classes** from the features: notices and menus (bad), bylines, dates and links (dropped,
   and transparent to their neighbours), good (running text: long lines that end a sentence,
   and long lines full of stop words), near-good, short (headlines too), few stop words.
4. **The article** (:meth:`Page._article`): the run of lines where content most outweighs the
   page (Kadane's algorithm, as in Finn's Body Text Extraction), holding one story's byline at
   most (:meth:`Page._one_story`); everything outside it goes but its heading, and a page where
   no article stands out is left alone (:meth:`Page._confident`).
5. **Context** inside the article: jusText's rules for short and near-good lines.

**A fixed point by design.** Every context rule counts only good neighbours in favour of a line,
and taking lines away never lowers the article's score, so the lines kept are kept again. The
page's language and its stop-word share can still move when lines go, so :func:`settle`
classifies the kept lines again until a round drops nothing (features are computed once, so a
round after the first is cheap) and gives up, keeping every line, after :data:`MAX_ROUNDS`: what
it returns is always a fixed point.

**Linear, and in C where it can be.** Features are columns over the lines, computed lazily for
the lines that need them, with C-level passes (``map`` over string methods, ``compress``,
``accumulate``, ``str.translate``, set operations) rather than Python loops: an article stops
at the page test after two passes over its lines; on a page, words are split only for long
lines (a running line only its first :data:`_READ` characters) and for the lines in and just
before the article, and stop words are counted only where they decide a class. Regular
expressions run only on the lines a cheap check lets through, each on a bounded length. The
passes map :mod:`operator` functions (``map(gt, repeat(low), lengths)``) rather than bound
dunder methods (``low.__gt__``), which build an argument tuple for every line.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, count, islice, repeat
from operator import (
    add,
    and_,
    contains,
    eq,
    ge,
    getitem,
    gt,
    is_,
    is_not,
    itemgetter,
    le,
    lt,
    mul,
    ne,
    neg,
    not_,
    or_,
    sub,
    truediv,
)
from typing import Any, NamedTuple

import regex

from textclean.stopwords import (
    CJK_CHAR,
    Language,
    guess_language_of,
    has_cjk,
    language,
    words_of_lines,
)
from textclean.vocabulary import Vocabulary, default_vocabulary

__all__ = ["MAX_ROUNDS", "Decision", "Page", "Settings", "language_of", "notice", "settle"]

GOOD, NEAR_GOOD, SHORT, WEAK, BAD, DROP = (
    "good", "near-good", "short", "few-stop-words", "bad", "drop"
)
#: The category of a copy of an earlier long line, outside the article.
COPY = "copy"
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
#: CJK, Arabic (؟ ۔), Devanagari (। ॥), Armenian (։) and Ethiopic (።) full stops and questions,
#: and colons and semicolons, Latin and full-width (a colon introduces what follows).
_ENDERS = frozenset(".!?…。！？:;：；؟۔।॥։።")
_CLOSERS = "\"'”’»)]】」』 "
#: A line's last character (none for an empty line), looked up in :data:`_ENDERS`.
_LAST = slice(-1, None)
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
_HEAD = slice(0, _WEIGHED)
#: How many characters of a running line (longer than ``length_high``, ending a sentence) are read
#: for its words: enough for a notice's terms or a bio's name and job, which come first.
_READ = 300
#: What is read of a line that is not running text, and of one that is.
_READ_SLICES = (slice(None), slice(0, _READ))
#: How many words of a page's long sentences tell its language and its own share of stop words.
_SAMPLE = 300
#: A mark (a lone punctuation token) weighs this much in a line's stop-word tally, so that one
#: pass over a line's words counts both: ``tally // _MARK``, ``tally % _MARK``.
_MARK = 1 << 24
#: How many lines at a time are looked at for notices, when they decide whether text is a page,
#: and for the words of a page's sample.
_NOTICE_CHUNK = 64
#: The cue words of a line without any.
_NO_CUES: frozenset[str] = frozenset()
#: ASCII letters as "A" and "a", white space as " ", other characters dropped: the shape of a
#: line's words, in C (see :meth:`Page.weigh`).
_ASCII_SHAPES = bytes(
    ord("A") if chr(c).isupper() else ord("a") if chr(c).islower()
    else ord(" ") if chr(c).isspace() and c != 10 else c
    for c in range(256)
)
_ASCII_DROPPED = bytes(c for c in range(128) if not chr(c).isalpha() and not chr(c).isspace())


class Page:
    """The non-blank lines of a text with their features, as columns indexed by position.

    ``numbers[i]`` is the line's 0-based number in the text. Columns are filled lazily, each for
    the lines that need it and in C where it can be: the page test needs only lengths, sentence
    ends and, for a page, capitalisation; words are split only for the long lines (a running
    line only its beginning, :data:`_READ`) and the lines in and before the article; stop words
    are counted only once the page's language is known, and only where they decide a class.
    """

    def __init__(self, text: str, settings: Settings,
                 stripped: list[str] | None = None) -> None:
        self.settings = settings
        if stripped is None:  # the text's lines, stripped, when the caller has not split them
            stripped = _stripped_lines(text)
        self.numbers = list(compress(count(), stripped))
        texts = self.texts = list(filter(None, stripped))
        lengths = list(map(len, texts))
        self.cjk = has_cjk(text)
        if self.cjk:  # a CJK character says about as much as three Latin letters
            rest = map(len, CJK_CHAR.sub("", "\n".join(texts)).split("\n"))
            lengths = list(map(sub, map(mul, repeat(3), lengths), map(mul, repeat(2), rest)))
        self.lengths = lengths
        sentence = self.sentence = list(map(_ENDERS.__contains__, map(
            getitem, map(str.rstrip, texts, repeat(_CLOSERS)), repeat(_LAST))))
        low, high = settings.length_low, settings.length_high
        #: Short lines without sentence punctuation: what menus, lists and widgets are made of.
        self.plain_short = list(map(and_, map(gt, repeat(low), lengths), map(not_, sentence)))
        #: Lines of ``length_low`` characters or more: their words decide their class.
        self.long = list(map(le, repeat(low), lengths))
        #: Lines longer than ``length_high`` that end a sentence: running text.
        self.running = list(map(and_, map(lt, repeat(high), lengths), sentence))
        n = len(texts)
        self.weight: list[float] = []  # filled by weigh()
        # Filled by describe(), for the lines that need them:
        self.words: list[list[str] | None] = [None] * n
        self.special: list[str | None] = [None] * n
        self.reasons: dict[int, str] = {}  # what decided a special line, where it is not its name
        # Filled by _tally(), once the page's language is known:
        self._tallies: list[int | None] = [None] * n
        self._tally_language: Language | None = None
        self._shares: list[float] = [0.0] * n
        self._evidence: list[int] | None = None
        self._language: Language | None = None
        self._reference_share = 0.0
        self._classes: list[str] = []
        self._menu_like: list[bool] = []
        self._score_columns: dict[str, list[int]] = {}
        self._introducers: list[int] | None = None  # lines that end with a colon
        self._sampled: tuple[Sequence[int], list[str]] = ((), [])
        self._folded: list[str] = []
        self._classified: set[int] = set()

    def __len__(self) -> int:
        return len(self.numbers)

    def looks_like_page(self, alive: Sequence[int]) -> bool:
        """Whether the lines ``alive`` look like a whole page rather than an article: enough
        lines, and many of them short, without sentence punctuation and mostly capitalised
        (menus, lists of links, widgets; not the lines of hard-wrapped text or code, nor the
        figures of a table); or half as many of them and ``min_notices`` notices (cookies,
        legal lines, sign-in prompts ...), looked for a few lines at a time until enough are
        found.
        """
        settings = self.settings
        if len(alive) < settings.min_lines:
            return False
        needed = max(settings.min_lines, settings.min_short_share * len(alive))
        if sum(_pick(self.plain_short, alive)) < needed:
            return False  # most articles stop here, before any word is looked at
        self.weigh()
        if not self._menu_like:
            self._menu_like = self._menu_items()
        short = sum(_pick(self._menu_like, alive))
        if short >= needed:
            return True
        if short < max(settings.min_lines, needed / 2):
            return False
        notices = 0  # half as many such lines, and notices: a page with a light menu
        for start in range(0, len(alive), _NOTICE_CHUNK):
            chunk = alive[start:start + _NOTICE_CHUNK]
            self.describe(chunk)
            notices += sum(map(_NOTICES.__contains__, map(self.special.__getitem__, chunk)))
            if notices >= settings.min_notices:
                return True
        return False

    def _menu_items(self) -> list[bool]:
        """Which lines read as the items of a menu: short, without sentence punctuation, mostly
        capitalised, and not figures (:func:`_is_figures`: "71.1 MB" is a table's cell, and an
        article's table does not make it a page). Only the few candidates that hold a digit
        are counted closely."""
        menu = list(map(and_, self.plain_short,
                        map(le, repeat(self.settings.title_case), self.weight)))
        texts = self.texts
        candidates = list(compress(count(), menu))
        for i in compress(candidates, map(_DIGIT.search, map(texts.__getitem__, candidates))):
            if _is_figures(texts[i]):
                menu[i] = False
        return menu

    def weigh(self) -> None:
        """Each line's share of capitalised words, among its words whose first letter has a
        case (digits and punctuation before it aside): 1 for "Entertainment & Arts" or "US &
        Canada", 0 for "status_code = 404", 1/3 for "(Reuters) iPhone sales"; 1 for a line of
        letters without case (Chinese, Arabic), 0 for one without letters ("’17", "});"); 0
        for a line that ends a sentence. Read from a line's first :data:`_WEIGHED` characters (a
        headline shows its case by then) as the shapes of its words, for all the lines of a
        page in one C pass: "(Reuters) iPhone 7" is " Aaaaaaa aAaaaa "."""
        if self.weight:
            return
        texts = self.texts
        weight = [0.0] * len(texts)
        plain = list(compress(count(), map(not_, self.sentence)))
        heads = list(map(getitem, map(texts.__getitem__, plain), repeat(_HEAD)))
        ascii_flags = list(map(str.isascii, heads))
        lines = list(compress(plain, ascii_flags))
        if lines:  # ASCII: bytes.translate, one C pass over all of them
            joined = " " + "\n ".join(compress(heads, ascii_flags))
            shapes = joined.encode("ascii").translate(_ASCII_SHAPES, _ASCII_DROPPED).split(b"\n")
            upper = list(map(bytes.count, shapes, repeat(b" A")))
            cased = list(map(add, upper, map(bytes.count, shapes, repeat(b" a"))))
            # a line without cased words has none capitalised: 0 / 1
            _assign(weight, lines, map(truediv, upper, map(add, cased, map(not_, cased))))
        other_flags = list(map(not_, ascii_flags))
        lines = list(compress(plain, other_flags))
        if lines:  # other scripts: str.translate through a table of cased letters
            joined = " " + "\n ".join(compress(heads, other_flags))
            shapes = joined.translate(_shape_table()).split("\n")
            upper = list(map(str.count, shapes, repeat(" A")))
            cased = list(map(add, upper, map(str.count, shapes, repeat(" a"))))
            _assign(weight, lines, map(truediv, upper, map(add, cased, map(not_, cased))))
            for i in compress(lines, map(not_, cased)):
                # no word begins with a letter of a case: letters without case (Arabic, Thai)
                weight[i] = float(any(map(str.isalpha, texts[i][:_WEIGHED])))
        self.weight = weight

    def describe(self, lines: Sequence[int]) -> None:
        """Split the words of ``lines`` (positions) not described yet, a running line's from its
        first :data:`_READ` characters, and find their special features. Each boilerplate test
        runs only on the lines that a cheap check lets through (one set operation or one
        character test per line), and the tests go from the weakest sign to the strongest,
        each overriding the one before."""
        done = self.words
        todo = list(compress(lines, map(is_, map(done.__getitem__, lines), repeat(None))))
        if not todo:
            return
        texts = list(map(self.texts.__getitem__, todo))
        read = list(map(getitem, texts,
                        map(_READ_SLICES.__getitem__, map(self.running.__getitem__, todo))))
        lowered = "\n".join(read).lower()
        lines_lowered = lowered.split("\n")
        words = words_of_lines(lowered, self.cjk)
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
        # One pass over the words for both the notice terms and the bios' jobs: most lines
        # have neither.
        cue_words = _cues(vocabulary)
        cued = list(compress(range(n), map(not_, map(cue_words.isdisjoint, words))))
        cues: list[frozenset[str] | set[str]] = [_NO_CUES] * n  # a set only where there are cues
        _assign(cues, cued, map(cue_words.intersection, map(words.__getitem__, cued)))
        for k, category, terms in vocabulary.notices(words, read, sentence, per_term, cued, cues):
            special[k] = category
            reasons[todo[k]] = ", ".join(f'"{term}"' for term in terms)
        for k in compress(cued, map(not_, map(_BIO_ROLES.isdisjoint, map(cues.__getitem__, cued)))):
            if len(texts[k]) <= _BIO_LENGTH and _BIO.match(texts[k]):
                special[k] = "bio"
        brief = list(compress(range(n), map(ge, repeat(_DATE_LENGTH), map(len, texts))))
        for k in compress(brief, map(_DATE_HINT.search, map(texts.__getitem__, brief))):
            if _DATE_SHAPE.fullmatch(texts[k]) and _DATE_CORE.search(texts[k]):
                special[k] = "date"
        for k in compress(range(n), map(str.startswith, lines_lowered, repeat(_BYLINE_PREFIXES))):
            if (words[k] and words[k][0] in _BYLINE_START and len(texts[k]) <= _BYLINE_LENGTH
                    and _BYLINE.fullmatch(texts[k])):
                special[k] = "byline"
        for k in compress(range(n), map(not_, map(contains, texts, repeat(" ")))):
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
            _assign(tallies, todo, map(sum, map(map, repeat(table.get), map(
                self.words.__getitem__, todo), repeat(repeat(0)))))
        return list(map(tallies.__getitem__, lines))

    def evidence(self, alive: Sequence[int]) -> list[int]:
        """The lines that say what the page's language and its running text are like, in the
        order they are read: its running lines, then its other long lines (a page of short
        paragraphs has one or two running lines, and the few dozen words they hold say little
        of the page's language, or of its share of stop words); all its lines if it has no
        running line. Only the first :data:`_SAMPLE` words are read (:meth:`_sample`)."""
        running = _where(self.running, alive)
        if not running:
            return list(alive)
        long_lines = _where(self.long, alive)
        return running + list(compress(long_lines, map(not_, map(self.running.__getitem__,
                                                                  long_lines))))

    def copies(self, alive: Sequence[int]) -> tuple[list[int], list[int]]:
        """The long lines of ``alive`` that repeat an earlier line of ``alive`` (white space
        folded, as the ``headlines`` step compares lines), and the lines they repeat."""
        folded = self._folded
        if not folded:
            folded = self._folded = _fold_long(self.texts, self.long)
        lines = _where(self.long, alive)
        keys = list(map(folded.__getitem__, lines))
        first = dict(zip(reversed(keys), reversed(lines), strict=True))
        originals = list(map(first.__getitem__, keys))
        repeated = list(map(ne, lines, originals))
        return list(compress(lines, repeated)), list(compress(originals, repeated))

    def _sample(self, evidence: Sequence[int]) -> list[str]:
        """The first :data:`_SAMPLE` words of the ``evidence`` lines, which are described a few
        at a time until there are enough: a page without running lines has all its lines as
        evidence, and only the first few hundred words are wanted."""
        if self._sampled[0] is not evidence:  # the language and the reference read one sample
            words: list[str] = []
            for start in range(0, len(evidence), _NOTICE_CHUNK):
                chunk = evidence[start:start + _NOTICE_CHUNK]
                self.describe(chunk)
                words.extend(chain.from_iterable(map(self.words.__getitem__, chunk)))
                if len(words) >= _SAMPLE:
                    break
            self._sampled = (evidence, words[:_SAMPLE])
        return self._sampled[1]

    def language(self, evidence: Sequence[int]) -> Language | None:
        """The configured language, or the one whose stop words cover most of the first
        :data:`_SAMPLE` words of the ``evidence`` lines; None when none covers
        ``min_coverage`` of them."""
        if self.settings.language:
            return language(self.settings.language)
        guess, coverage = guess_language_of(self._sample(evidence))
        return guess if coverage >= self.settings.min_coverage else None

    def classify(self, alive: Sequence[int]) -> list[Decision]:
        """The lines among ``alive`` to drop, each with its class and reason; [] when they do
        not look like a page, or their language is unknown, or no article stands out.

        **Copies are set aside**: a long line that repeats an earlier one (a caption printed
        twice, a teaser that repeats the lead) is no more article, nor more page, than the
        first, so the page is read without it (:meth:`_read`), and the copy then goes with its
        place: dropped outside the article, kept inside it (where the ``headlines`` step takes
        it away), and kept just before it when it is the article's lead repeated from a summary
        higher up the page (:meth:`_leads`). What is found is thus the same whether or not a
        later step has taken the copies away, and the pipeline's settle round finds nothing new
        for this step.
        """
        if sum(_pick(self.plain_short, alive)) < self.settings.min_lines:
            return []  # most articles stop here, before any word is looked at
        copies, originals = self.copies(alive)
        if not copies:
            return self._read(alive)[0]
        gone = set(copies)
        view = list(compress(alive, map(not_, map(gone.__contains__, alive))))
        decisions, span = self._read(view)
        if span is None:
            return decisions
        start, end = view[span[0]], view[span[1]]
        leads = self._leads(view, span[0], copies, originals)
        numbers, lengths = self.numbers, self.lengths
        outside = [
            Decision(numbers[i], COPY, f"{lengths[i]} chars, a copy of line "
                     f"{numbers[original] + 1}, {'before' if i < start else 'after'} the article")
            for i, original in zip(copies, originals, strict=True)
            if (i < start or i > end) and i not in leads
        ]
        return sorted(decisions + outside) if outside else decisions

    def _leads(self, view: Sequence[int], first: int, copies: Sequence[int],
               originals: Sequence[int]) -> set[int]:
        """The copies that are the article's lead: a page often shows the lead as a summary
        under its headline and again as the article's first paragraph. Such a copy stands
        before the article (``first``, a position in ``view``), with nothing but short lines
        (a heading, a caption) within ``heading_distance`` characters between them, and repeats
        a line of content from higher up the page; the original goes with the page, so the
        copy is kept, or the article would lose its first paragraph."""
        window = self._window(view, first)  # where the article's heading is looked for
        long, special = self.long, self.special
        blocking = [k for k in range(window, first) if long[view[k]] or special[view[k]]]
        boundary = view[blocking[-1]] if blocking else view[window - 1] if window else -1
        start, classes = view[first], self._classes
        return {i for i, original in zip(copies, originals, strict=True)
                if boundary < i < start and classes[original] in _CONTENT}

    def _read(self, alive: Sequence[int]) -> tuple[list[Decision], tuple[int, int] | None]:
        """The lines among ``alive`` to drop and the article (positions in ``alive``), or []
        and None when no article stands out.

        The article is found from the classes of the long lines and the lengths and
        capitalisation of the short ones (:meth:`_article`); only then are the short lines in
        and just before it looked at closely (notices, bylines, dates), since every short line
        outside it goes anyway."""
        nothing: tuple[list[Decision], None] = ([], None)
        if not self.looks_like_page(alive):
            return nothing
        long_lines = _where(self.long, alive)
        self.describe(long_lines)
        evidence = self.evidence(alive)
        # Language, reference and classes are those of the last round unless the evidence
        # changed, or a copy whose original went is a line of its own now.
        if evidence != self._evidence or not self._classified.issuperset(long_lines):
            self._evidence = evidence
            self._language = self.language(evidence)
            if self._language is not None:
                self._classes = self._classes_of(long_lines, evidence, self._language)
                self._classified = set(long_lines)
        if self._language is None:
            return nothing
        rough = _pick(self._classes, alive)
        span = self._article(alive, rough)
        if span is None:
            return nothing
        self.describe(alive[self._window(alive, span[0]):span[1] + 1])
        span = self._one_story(alive, rough, span)
        if span is None or not self._confident(alive, rough, span):
            return nothing
        first, last = span
        window = self._window(alive, first)
        self.describe(alive[window:last + 1])
        classes = list(rough)
        names = list(map(self.special.__getitem__, alive[window:last + 1]))
        for k in compress(count(window), map(is_not, names, repeat(None))):
            classes[k] = DROP if names[k - window] in _TRANSPARENT else BAD
        final, before, after = _context(classes[first:last + 1])
        heading = self._heading(alive, classes, first)
        return self._decisions(alive, classes, span, heading, final, before, after), span

    def _one_story(self, alive: Sequence[int], classes: Sequence[str], span: tuple[int, int]
                   ) -> tuple[int, int] | None:
        """The article within ``span``: an article holds one story's byline, so a run of lines
        that holds two bylines or more is a list of stories (teasers, each with its byline, or
        one article after another), and the article is then the best run that holds at most
        one (between the bylines before and after it). A photo credit ("Photo by ...") is no
        story's byline."""
        first, last = span
        special, texts = self.special, self.texts
        names = map(special.__getitem__, alive[first:last + 1])
        bylines = [k for k in compress(count(first), map(eq, names, repeat("byline")))
                   if not texts[alive[k]][:5].lower().startswith("photo")]
        if len(bylines) < 2:
            return span
        bounds = [first - 1, *bylines, last + 1]
        best: tuple[int, int] | None = None
        best_score = 0
        for before, after in zip(bounds, bounds[2:], strict=False):
            inner = self._article(alive[before + 1:after], classes[before + 1:after])
            if inner is None:
                continue
            start, end = inner[0] + before + 1, inner[1] + before + 1
            score = sum(self._scores(alive[start:end + 1], classes[start:end + 1]))
            if score > best_score or (score == best_score and best is not None
                                      and end - start > best[1] - best[0]):
                best, best_score = (start, end), score
        return best

    def _decisions(self, alive: Sequence[int], classes: Sequence[str], span: tuple[int, int],
                   heading: int | None, final: Sequence[str], before: Sequence[str],
                   after: Sequence[str]) -> list[Decision]:
        """A decision for every line of ``alive`` outside the article (but its ``heading``) and
        every line inside it that the context rules made bad (``final``, from ``first``), in
        the order of the text. A short line outside the article goes for its place alone; its
        reason is one string per length, built once."""
        first, last = span
        places = [*range(first), *range(last + 1, len(alive))]  # outside the article
        if heading is not None:
            places.remove(heading)
        lines = list(map(alive.__getitem__, places))
        categories = list(map(classes.__getitem__, places))
        lengths = list(map(self.lengths.__getitem__, lines))
        split = bisect_left(places, first)
        whys = [*map(_BEFORE_REASONS.__getitem__, lengths[:split]),
                *map(_AFTER_REASONS.__getitem__, lengths[split:])]
        low = self.settings.length_low
        for j in compress(count(), map(or_, map(le, repeat(low), lengths),
                                       map(_NAMED.__contains__, categories))):
            cls = categories[j]
            categories[j], whys[j] = self._reason(lines[j], cls)
            if cls not in _NAMED:
                whys[j] += ", before the article" if places[j] < first else ", after the article"
        inside_lines, inside_categories, inside_whys = [], [], []
        for k in compress(count(first), map(is_not, final, repeat(GOOD))):
            category, why = self._reason(alive[k], classes[k])
            if classes[k] not in _NAMED:
                why += f", {before[k - first]} before, {after[k - first]} after"
            inside_lines.append(alive[k])
            inside_categories.append(category)
            inside_whys.append(why)
        lines[split:split] = inside_lines
        categories[split:split] = inside_categories
        whys[split:split] = inside_whys
        return list(map(tuple.__new__, repeat(Decision),
                        zip(map(self.numbers.__getitem__, lines), categories, whys,
                            strict=True)))

    def _reason(self, i: int, cls: str) -> tuple[str, str]:
        """The category and the reason of line ``i`` of class ``cls``, where they are more
        than its length: the feature that named a notice, a byline ..., or the class and what
        decided it."""
        if cls is BAD or cls is DROP:
            category = self.special[i] or ""
            return category, (self.reasons.get(i)
                              or _FEATURE_REASONS.get(category, category))
        return cls, self._describe_line(i, cls)

    def _classes_of(self, lines: Sequence[int], evidence: Sequence[int], lang: Language
                    ) -> list[str]:
        """The class of each line from its own features, given the page's language (short
        lines are short): notices and menus are bad; bylines, dates and links are dropped;
        running lines are good; headlines are short; others are good, near-good or have few
        stop words, by their share of stop words against the page's own (:meth:`_reference`)."""
        special, running, weight, lengths = self.special, self.running, self.weight, self.lengths
        counted = [i for i in lines if special[i] is None and not running[i]]
        shares, words = self._shares, self.words
        for i, tally in zip(counted, self._tally(counted, lang), strict=True):
            size = len(words[i] or ()) - tally // _MARK
            shares[i] = (tally % _MARK) / size if size > 0 else 0.0
        self._reference_share = self._reference(evidence, lang)
        settings = self.settings
        high, high_share = settings.length_high, self._reference_share * settings.stop_high
        low_share = self._reference_share * settings.stop_low
        title_case = settings.title_case
        classes = [SHORT] * len(self.texts)
        for i in lines:
            if special[i] is not None:
                classes[i] = DROP if special[i] in _TRANSPARENT else BAD
            elif running[i] or (shares[i] >= high_share and lengths[i] > high):
                classes[i] = GOOD
            elif shares[i] >= low_share:
                classes[i] = SHORT if weight[i] >= title_case else NEAR_GOOD
            else:
                classes[i] = WEAK
        return classes

    def _reference(self, evidence: Sequence[int], lang: Language) -> float:
        """The page's own share of stop words in running text: over the first :data:`_SAMPLE`
        words of the ``evidence`` lines. Stop-word lists cover their languages unequally (about
        60% of English text, 30% of Czech), so the thresholds are shares of this reference
        rather than absolute."""
        table = _tally_table(lang)
        sample = self._sample(evidence)
        tally = sum(map(table.get, sample, repeat(0)))
        words = len(sample) - tally // _MARK
        return (tally % _MARK) / words if words > 0 else 0.0

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
        words (against the page's own, for too few), sentence punctuation for running text,
        and title case for a headline."""
        length = self.lengths[i]
        if length < self.settings.length_low:
            return f"{length} chars"
        if self.running[i]:
            return f"{length} chars, a sentence"
        described = f"{length} chars, {self._shares[i]:.0%} stop words"
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
            # Few distinct shares of capitalised words: each short line's score is looked up.
            shares = set(weight)
            short_scores = dict(zip(shares, map(round, map(mul, repeat(-short_cost), shares)),
                                    strict=True))
            # Only long lines have few stop words.
            weak = [0] * len(lengths)
            long_lines = list(compress(count(), self.long))
            _assign(weak, long_lines, map(round, map(mul, map(minus.__getitem__, long_lines),
                                                     map(weight.__getitem__, long_lines))))
            self._score_columns = {
                GOOD: lengths, NEAR_GOOD: lengths, BAD: minus, DROP: [0] * len(lengths),
                SHORT: list(map(short_scores.__getitem__, weight)), WEAK: weak,
            }
        scores = list(map(list.__getitem__, map(self._score_columns.__getitem__, classes), alive))
        for start, end in self._lists(alive, classes):
            scores[start:end] = repeat(0, end - start)
        return scores

    def _lists(self, alive: Sequence[int], classes: Sequence[str]) -> list[tuple[int, int]]:
        """The lists that the article's own text introduces, as (start, end) positions in
        ``alive``: a run of short lines after a line that ends with a colon ("How to check the
        level:", "Les mesures :") and is content, or follows content, with running text (a good
        line, or a near-good line that ends a sentence) right after the run. A menu is neither
        introduced by a sentence nor followed by one; a list inside an article is, and its items
        are part of the text around them, so they cost it nothing (a long list of Title Case
        items would otherwise outweigh the paragraphs on one side of it, and cut the article in
        two)."""
        introducers = self._introducers
        if introducers is None:  # a colon ends a sentence: only those lines are looked at
            sentences = list(compress(count(), self.sentence))
            introducers = self._introducers = list(compress(sentences, map(
                str.endswith, map(self.texts.__getitem__, sentences), repeat(_INTRODUCERS))))
        if not introducers:
            return []
        found = []
        n, sentence = len(alive), self.sentence
        for line in introducers:
            k = bisect_left(alive, line)
            if k == n or alive[k] != line:
                continue
            intro = classes[k]
            if not (intro in _CONTENT or (intro is SHORT and k > 0 and classes[k - 1] in _CONTENT)):
                continue
            end = k + 1
            while end < n and classes[end] is SHORT:
                end += 1
            if end > k + 1 and end < n and (classes[end] is GOOD or (
                    classes[end] is NEAR_GOOD and sentence[alive[end]])):
                found.append((k + 1, end))
        return found

    def _article(self, alive: Sequence[int], classes: Sequence[str]) -> tuple[int, int] | None:
        """The article: the run of lines (positions in ``alive``) with the largest sum of scores,
        content counting for and boilerplate against (as in Finn's Body Text Extraction): good
        and near-good lines score their length, notices minus their length, short lines minus
        ``short_cost`` and lines with few stop words minus their length, both times their share
        of capitalised words (menus are Title Case; code, tables and figures are not) and
        nothing if they end a sentence, bylines and dates nothing, and the items of a list that
        the article's text introduces nothing (:meth:`_lists`).
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
        """Whether the article found is clearly the page's article: it has ``min_good`` lines
        of running text (good lines, and near-good lines that end a sentence: an article of
        short paragraphs, as Chinese news and wire copy often are, has few lines longer than
        ``length_high``), two lines of content in a row (a list of teasers has a title or a
        byline between any two), and holds at least ``min_share`` of the page's content (the
        characters of its good and near-good lines). Otherwise no article stands out, and the
        page is left alone."""
        first, last = span
        settings = self.settings
        inner = classes[first:last + 1]
        sentences = sum(map(and_, map(is_, inner, repeat(NEAR_GOOD)),
                            _pick(self.sentence, alive)[first:last + 1]))
        if inner.count(GOOD) + sentences < settings.min_good:
            return False
        content = list(map(_CONTENT.__contains__, classes))
        if not any(map(and_, content[first:last], content[first + 1:last + 1])):
            return False
        sizes = _pick(self.lengths, alive)
        inside = sum(compress(sizes[first:last + 1], content[first:last + 1]))
        return inside >= settings.min_share * sum(compress(sizes, content))

    def _heading(self, alive: Sequence[int], classes: Sequence[str], first: int) -> int | None:
        """The article's heading: the longest heading-like line (2 to 25 words, no final full
        stop, not boilerplate) within ``heading_distance`` characters before the article's
        first line; its position in ``alive``."""
        best: int | None = None
        distance = 0
        k = first - 1
        words, lengths = self.words, self.lengths
        while k >= 0 and distance <= self.settings.heading_distance:
            i = alive[k]
            if (classes[k] in (SHORT, NEAR_GOOD) and 2 <= len(words[i] or ()) <= 25
                    and not self.texts[i].endswith(".")
                    and (best is None or lengths[i] > lengths[alive[best]])):
                best = k
            distance += lengths[i]
            k -= 1
        return best


@functools.cache
def _shape_table() -> dict[int, str | None]:
    """For :meth:`str.translate`: capitals (and title-case letters) as "A", lower-case letters
    as "a", white space but the line break as " ", other characters that are not letters
    dropped; letters without case stay. The first two planes of Unicode (beyond them are
    ideographs, letters without case)."""
    table: dict[int, str | None] = {}
    for code in range(0x20000):
        char = chr(code)
        if char.isupper() or char.istitle():
            table[code] = "A"
        elif char.islower():
            table[code] = "a"
        elif char.isspace() and char != "\n":
            table[code] = " "
        elif not char.isalpha() and char != "\n":
            table[code] = None
    return table


class _OutsideReasons(dict[int, str]):
    """The reason of a short line on one ``side`` of the article, by its length: built once
    per process for lengths below :data:`_KEPT_REASONS` (the short lines of every page share
    them), and each time for longer ones, so that the table stays small."""

    def __init__(self, side: str) -> None:
        super().__init__()
        self.side = side

    def __missing__(self, length: int) -> str:
        reason = f"{length} chars, {self.side} the article"
        if length < _KEPT_REASONS:
            self[length] = reason
        return reason


#: Lengths whose reasons outside the article are kept (see :class:`_OutsideReasons`).
_KEPT_REASONS = 1000
_BEFORE_REASONS, _AFTER_REASONS = _OutsideReasons("before"), _OutsideReasons("after")


#: Classes that a line's own feature gave it: their reason is the feature's.
_NAMED = frozenset({BAD, DROP})
#: What ends a line that introduces a list: a colon, Latin or full-width.
_INTRODUCERS = (":", "：")
#: Longest lines that can be a bio, a date alone or a byline, in characters.
_BIO_LENGTH, _DATE_LENGTH, _BYLINE_LENGTH = 400, 60, 100


def _fold_long(texts: Sequence[str], long: Sequence[bool]) -> list[str]:
    """Each long line with its white space folded (as the ``headlines`` step compares lines),
    "" for the others: the few lines with runs of spaces or other white space are folded one
    by one, the others are their own key."""
    folded = [""] * len(texts)
    lines = list(compress(count(), long))
    keys = list(map(texts.__getitem__, lines))
    _assign(folded, lines, keys)
    messy = map(or_, map(not_, map(str.isprintable, keys)),
                map(contains, keys, repeat("  ")))
    for k in compress(range(len(lines)), messy):
        folded[lines[k]] = " ".join(keys[k].split())
    return folded


@functools.lru_cache(maxsize=8)
def _cues(vocabulary: Vocabulary) -> frozenset[str]:
    """The words that can make a line a notice (``vocabulary``'s triggers) or a bio (a job)."""
    return vocabulary.triggers | _BIO_ROLES


#: A decimal digit, of any script.
_DIGIT = re.compile(r"\d")


def _is_figures(line: str) -> bool:
    """Whether ``line`` has more digits than letters: a figure ("71.1 MB", "13.4 MB (-81%)",
    "Q3 2016", "2016年10月14日"), a cell of a table or a date, rather than a name ("December
    (17)", "iOS 8.3", "Page 2")."""
    return sum(map(str.isdecimal, line)) > sum(map(str.isalpha, line))


def _pick(column: list[Any], alive: Sequence[int]) -> list[Any]:
    """The values of ``column`` at the positions ``alive`` (which are increasing): the column
    itself when they are all of its positions, as in a page's first round. Not to be changed."""
    return column if len(alive) == len(column) else list(map(column.__getitem__, alive))


def _where(column: list[Any], alive: Sequence[int]) -> list[int]:
    """The positions among ``alive`` (increasing) where ``column`` is true."""
    if len(alive) == len(column):
        return list(compress(count(), column))
    return list(compress(alive, map(column.__getitem__, alive)))


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
    return page.language(page.evidence(lines))


#: Rounds of :func:`settle` before it gives up and keeps every line.
MAX_ROUNDS = 6


def _stripped_lines(text: str) -> list[str]:
    """The lines of ``text`` without the white space around them."""
    return list(map(str.strip, text.split("\n")))


def _enough_short_lines(stripped: Sequence[str], settings: Settings) -> bool:
    """Whether the ``stripped`` lines of a text hold ``min_lines`` non-blank lines shorter than
    ``length_low`` characters: without them no page test can pass (a CJK character only makes a
    line longer), so an article is let go before any feature of its lines is built."""
    if settings.min_lines <= 0:
        return True
    lengths = list(map(len, stripped))
    short = sum(map(gt, repeat(settings.length_low), lengths)) - lengths.count(0)
    return short >= settings.min_lines


def settle(text: str, settings: Settings) -> list[Decision]:
    """The lines to drop so that classifying what is left drops nothing more: rounds of
    classification over the kept lines until one drops nothing. Empty when nothing goes, or when
    the page has not settled after :data:`MAX_ROUNDS` rounds (keeping every line is a fixed
    point too)."""
    if settings.min_lines > 0 and text.count("\n") + 1 < settings.min_lines:
        return []
    stripped = _stripped_lines(text)
    if not _enough_short_lines(stripped, settings):
        return []
    page = Page(text, settings, stripped)
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

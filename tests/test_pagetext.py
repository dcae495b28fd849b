"""The pagetext step: a page loses its menus, notices and footer; an article is left alone."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from textclean import ConfigError, Document, Pipeline
from textclean.blocks import (
    MAX_ROUNDS,
    Page,
    Settings,
    _enough_short_lines,
    _is_figures,
    _stripped_lines,
    language_of,
    notice,
    settle,
)
from textclean.cli import app
from textclean.steps.pagetext import Pagetext
from textclean.stopwords import (
    CJK_CHAR,
    guess_language,
    guess_language_of,
    has_cjk,
    words_of,
    words_of_lines,
)
from textclean.testing import assert_accountable, assert_idempotent, news_documents, pages
from textclean.vocabulary import Category, Vocabulary, default_vocabulary, features

PIPELINE = Pipeline()
STEP = next(step for step in PIPELINE.steps if step.name == "pagetext")
CTX = PIPELINE.context
ROOT = Path(__file__).resolve().parent.parent

MENU = [
    "Skip to content", "Home", "World", "US & Canada", "Business", "Technology", "Science",
    "Entertainment & Arts", "Health", "In Pictures", "Latin America", "Middle East", "Africa",
    "Asia", "Europe", "Sport", "Weather", "Video", "Newsletters", "Sign In",
]
ARTICLE = [
    "Floods Cut Off Mountain Villages After a Week of Rain",
    "By Jane Doe",
    "March 3, 2021",
    "Rescue teams reached three mountain villages on Tuesday after a week of heavy rain had cut "
    "them off from the rest of the region, and officials said that the water was still rising "
    "in the valley below, where the river had already broken its banks twice.",
    "The regional governor said that more than two thousand people had been moved to schools "
    "and sports halls, and that the army would bring in food and drinking water by road as "
    "soon as the bridges were safe again.",
    "What the villagers need",
    "Blankets and dry clothes",
    "Drinking water for a week",
    "Forecasters expect the rain to ease by the weekend, but they warned that the ground was "
    "so wet that even a light shower could set off more landslides in the coming days, and they "
    "asked people to keep away from the slopes.",
]
FOOTER = [
    "Most Read", "Storm Hits Coast as Thousands Flee", "Markets Fall on Rate Fears",
    "Share this story", "Privacy Policy", "Terms of Use", "Cookie Settings", "Contact Us",
    "© 2021 Example Media. All rights reserved.",
    "We use cookies to improve your experience. By continuing to browse, you agree to the use "
    "of cookies.",
]
PAGE = "\n".join(MENU + ARTICLE + FOOTER) + "\n"


def run(text: str, step: Pagetext = STEP) -> Document:
    return step(Document(text), CTX)


def test_a_page_keeps_its_heading_and_paragraphs_and_loses_menu_notices_and_footer():
    kept = run(PAGE).text.splitlines()
    assert kept == [
        "Floods Cut Off Mountain Villages After a Week of Rain",
        ARTICLE[3], ARTICLE[4], "What the villagers need", "Blankets and dry clothes",
        "Drinking water for a week", ARTICLE[8],
    ]


def test_every_dropped_line_is_one_edit_naming_its_class_and_the_features_that_decided():
    doc = run(PAGE)
    lines = PAGE.split("\n")
    assert len(doc.edits) == len(lines) - 1 - len(doc.text.splitlines())
    for edit in doc.edits:
        assert re.fullmatch(r"pagetext\.[a-z-]+: .+", edit.rule), edit.rule
        assert edit.after == "" and edit.before == lines[edit.line - 1]
    rules = {edit.before: edit.rule for edit in doc.edits}
    assert rules["By Jane Doe"] == "pagetext.byline: a byline alone on its line"
    assert rules["March 3, 2021"] == "pagetext.date: a date or time alone on its line"
    assert rules["Home"] == "pagetext.short: 4 chars, before the article"
    assert rules["Privacy Policy"] == "pagetext.short: 14 chars, after the article"
    assert rules["Markets Fall on Rate Fears"].endswith("after the article")


def test_diff_explains_each_dropped_line(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(page)])
    assert result.exit_code == 0, result.output
    byline = r"^@@ pagetext: pagetext.byline: a byline alone on its line line \d+$"
    assert re.search(byline, result.output, re.M)
    assert "-By Jane Doe" in result.output


def test_a_notice_inside_the_article_goes_as_a_notice_and_bounds_its_neighbours():
    page = PAGE.replace(ARTICLE[4], f"{ARTICLE[4]}\nSign up for our newsletter\nMore\n")
    rules = {edit.before: edit.rule for edit in run(page).edits}
    assert rules["Sign up for our newsletter"] == 'pagetext.subscription: "sign up", "newsletter"'
    assert rules["More"] == "pagetext.short: 4 chars, bad before, good after" or (
        rules["More"].startswith("pagetext.short: 4 chars, bad before"))


def test_the_step_is_a_fixed_point_on_a_page():
    once = run(PAGE)
    assert run(once.text).text == once.text
    assert not run(once.text).edits


def test_every_line_an_article_needs_survives_the_pipeline_and_a_rerun():
    once = PIPELINE(PAGE).text
    assert "Rescue teams reached three mountain villages" in once
    assert "Skip to content" not in once and "All rights reserved" not in once
    assert PIPELINE(once).text == once


@pytest.mark.parametrize("path", sorted((ROOT / "corpora" / "expected").glob("*.txt")),
                         ids=lambda p: p.name)
def test_a_clean_article_is_left_alone(path):
    text = path.read_text(encoding="utf-8")
    assert run(text).text == text


AFTERWORD = ("Engineers will inspect the three bridges again on Friday, and the road to the "
             "upper villages is to reopen to lorries on Monday if they find no new damage.")


def test_an_article_with_a_list_a_table_and_code_is_left_alone():
    text = "\n".join([
        *MENU, ARTICLE[0], ARTICLE[3], ARTICLE[4], "How to check the level:",
        *[f"Step {n}" for n in range(1, 5)], *[f"Station {n} | {n * 3} cm" for n in range(4)],
        "def level(x):", "    return x", ARTICLE[8], AFTERWORD,
    ])
    kept = run(text).text
    assert kept == "\n".join(text.split("\n")[len(MENU):])


DOWNLOADS = [
    "Release", "Full Size", "Patch Size", "Saved",
    *[cell for n in range(9) for cell in (f"Version {n + 2}.0", f"{40 + 3 * n}.{n} MB",
                                          f"{9 + n}.{n} MB", f"{70 - n}%")],
]


def test_an_article_with_a_table_of_figures_is_left_alone():
    # Nine rows of four cells: 40 short capitalised lines, most of them figures. A table is
    # part of its article, and its figures do not make the text a page.
    text = "\n".join([ARTICLE[0], ARTICLE[3], "The download sizes:", *DOWNLOADS, ARTICLE[4],
                      ARTICLE[8], AFTERWORD])
    assert run(text).text == text
    page = Page(text, Settings())
    assert not page.looks_like_page(range(len(page)))


@pytest.mark.parametrize(("line", "figures"), [
    ("71.1 MB", True), ("13.4 MB (-81%)", True), ("Q3 2016", True), ("2016年10月14日", True),
    ("December (17)", False), ("Page 2", False), ("iOS 8.3", False), ("£1.2bn", False),
    ("Home", False),
])
def test_a_line_of_figures_is_a_cell_of_a_table(line, figures):
    assert _is_figures(line) is figures


def test_a_copy_is_set_aside_and_goes_with_its_place():
    article = [ARTICLE[0], ARTICLE[3], ARTICLE[4], "How to check the level:",
               *[f"Step {n}" for n in range(1, 5)], ARTICLE[8]]
    inside = [*article[:3], ARTICLE[3], *article[3:]]  # a paragraph printed twice
    assert run("\n".join([*MENU, *article, *FOOTER])).text.splitlines() == article
    assert run("\n".join([*MENU, *inside, *FOOTER])).text.splitlines() == inside
    assert PIPELINE("\n".join([*MENU, *inside, *FOOTER])).text.splitlines() == article
    teased = [*MENU, *article, *FOOTER[:3], *MENU, ARTICLE[3], *FOOTER[3:]]
    rules = {edit.before: edit.rule for edit in run("\n".join(teased)).edits}
    assert rules[ARTICLE[3]] == (f"pagetext.copy: {len(ARTICLE[3])} chars, a copy of line "
                                 f"{teased.index(ARTICLE[3]) + 1}, after the article")


def test_a_list_of_teasers_printed_twice_is_left_alone_like_the_list_printed_once():
    teasers = []
    for n, paragraph in enumerate([*STORY, ARTICLE[3], AFTERWORD]):
        teasers += ["Photo", f"Credit Photographer Number {n}", "World News",
                    f"What happened in the mountain villages after the rain, part {n}?",
                    paragraph, f"By Writer Number {n}"]
    for text in ("\n".join(MENU + teasers + FOOTER),
                 "\n".join(MENU + teasers + teasers + FOOTER)):
        assert run(text).text == text


def test_an_article_with_a_long_title_case_list_keeps_the_paragraphs_on_both_sides():
    # Twenty Title Case items cost like a menu, and would outweigh the paragraphs on one side;
    # a list that the text introduces ("...:") and that running text follows costs nothing.
    items = [*[f"Step {n}" for n in range(1, 9)],
             *[f"Station {n} | {n * 3} cm" for n in range(12)]]
    article = [ARTICLE[0], ARTICLE[3], ARTICLE[4], "How to check the level:", *items,
               ARTICLE[8], AFTERWORD]
    kept = run("\n".join(article)).text
    assert kept.splitlines() == article
    kept = run("\n".join([*MENU, *article, *FOOTER])).text
    assert kept.splitlines() == article


def test_a_list_after_a_colon_is_the_articles_only_between_its_text():
    # A colon does not make a list the article's: teasers after "... below:" that end on a
    # teaser's title (no sentence), and links after "Follow us:" at the article's end, go.
    teasers = [line for n in range(8) for line in (f"Sponsored Pick Number {n}", "Partner Site")]
    teaser_title = "Why the price of a family holiday has gone up so much again this year"
    text = "\n".join([*MENU, *ARTICLE[:5], "Watch the rescue in the video below:", *teasers,
                      teaser_title, *FOOTER])
    kept = run(text).text.splitlines()
    assert ARTICLE[4] in kept
    assert not set(teasers) & set(kept)
    links = ["Facebook", "Twitter", "Instagram", "YouTube", "Newsletter"]
    text = "\n".join([*MENU, *ARTICLE, "Follow us:", *links, *FOOTER])
    kept = run(text).text.splitlines()
    assert ARTICLE[8] in kept
    assert not set(links) & set(kept)


def test_an_article_of_short_paragraphs_is_found_without_any_line_of_running_length():
    # Wire copy and Chinese news often come as paragraphs of one or two sentences, none longer
    # than length_high: sentences of near-good length count as running text.
    paragraphs = [
        "Rescue teams reached three mountain villages on Tuesday after a week of rain.",
        "Officials said that the water was still rising in the valley below the villages.",
        "More than two thousand people have been moved to schools and sports halls.",
        "The army will bring in food and drinking water as soon as the bridges are safe.",
        "Forecasters expect the rain to ease by the weekend, but the ground is very wet.",
    ]
    assert all(50 <= len(line) <= 200 for line in paragraphs)
    text = "\n".join([*MENU, ARTICLE[0], *paragraphs, *FOOTER])
    kept = run(text).text.splitlines()
    assert kept == [ARTICLE[0], *paragraphs]
    # One sentence is not an article: with fewer than min_good the page is left alone.
    alone = "\n".join([*MENU, ARTICLE[0], paragraphs[0], *FOOTER])
    assert run(alone).text == alone


def test_a_lead_shown_as_a_summary_higher_up_is_kept_as_the_articles_first_paragraph():
    # The page shows the lead under the headline, then a row of widgets, then the article,
    # which opens with the same paragraph: one of the two is kept, where the article is.
    widgets = ["Share", "Facebook", "Twitter", "Email", "Print", "Comments", "Save", "Follow",
               "Listen", "Resize", "Close"]
    text = "\n".join([*MENU, ARTICLE[0], ARTICLE[3], *widgets, ARTICLE[3], ARTICLE[4],
                      ARTICLE[8], *FOOTER])
    kept = run(text).text.splitlines()
    assert kept.count(ARTICLE[3]) == 1
    assert kept[kept.index(ARTICLE[3]) + 1:] == [ARTICLE[4], ARTICLE[8]]
    assert not set(widgets) & set(kept)
    # A copy of the lead after a long line is not the article's lead: it goes with its place.
    other = "\n".join([*MENU, ARTICLE[0], ARTICLE[3], *widgets, ARTICLE[3],
                       "Read the full story of the villages on our live page after the break",
                       *widgets[:6], ARTICLE[4], ARTICLE[8], *FOOTER])
    assert ARTICLE[3] not in run(other).text.splitlines()


def test_a_page_with_no_article_that_stands_out_is_left_alone():
    teasers = []
    for n in range(6):
        teasers += [f"Headline Number {n} About Something", ARTICLE[3], f"By Writer {n}"]
    text = "\n".join(MENU + teasers + FOOTER)
    assert run(text).text == text


def test_short_texts_and_articles_do_not_look_like_pages():
    settings = Settings()
    for text in ("", "Home", "\n".join(ARTICLE), "\n".join(MENU[:10] + ARTICLE)):
        page = Page(text, settings)
        assert not page.looks_like_page(range(len(page)))
    page = Page(PAGE, settings)
    assert page.looks_like_page(range(len(page)))


def test_mode_always_runs_on_any_document_and_auto_does_not():
    text = "\n".join(MENU[:6] + ARTICLE + FOOTER[:3])
    assert run(text).text == text
    assert run(text, Pagetext(mode="always")).text != text


def test_options_are_checked_when_the_pipeline_is_built(tmp_path):
    with pytest.raises(ConfigError, match="mode must be"):
        Pagetext(mode="sometimes")
    with pytest.raises(ConfigError, match="no stop words for language 'xx'"):
        Pagetext(language="xx")
    config = tmp_path / "textclean.toml"
    config.write_text('[steps.pagetext]\nlanguag = "de"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="did you mean 'language'"):
        Pipeline(config)


def test_the_language_is_guessed_from_stop_words_or_given():
    assert language_of(PAGE).code == "en"
    french = ("Les députés ont adopté le projet de loi sur le renseignement, qui donne aux "
              "services de nouveaux moyens de surveillance, après un débat de deux semaines.")
    german = ("Die Abgeordneten haben das Gesetz am Dienstag mit großer Mehrheit beschlossen, "
              "nachdem die Regierung es noch einmal geändert hatte.")
    assert language_of(french).code == "fr"
    assert language_of(german).code == "de"
    assert language_of("中国外交部发言人在例行记者会上表示，中方对此表示关切。").code == "zh"
    assert Pagetext(language="de").settings().language == "de"


def test_a_page_with_little_running_text_reads_its_language_on_into_its_other_long_lines():
    # One running line, a list of names, holds next to no stop words: too few to tell a
    # language. The page's other long lines are German sentences without a full stop.
    names = ("Gäste: Anna Schmidt, Bernd Müller, Clara Weber, Dieter Fischer, Eva "
             "Wagner, Frank Becker, Greta Hoffmann, Hans Schäfer, Ines Koch, Jan Richter, Karla "
             "Klein, Lutz Wolf, Mia Schröder, Olaf Braun, Nora Neumann, Paul Schwarz.")
    german = [
        "Die Regierung hat am Dienstag angekündigt, dass die neuen Regeln für alle Betriebe "
        "ab dem Sommer gelten sollen",
        "Nach Angaben des Ministeriums sollen die Kontrollen vor allem in den großen Städten "
        "verstärkt werden",
        "Die Opposition kritisierte, dass die Pläne viel zu spät kämen und nicht weit genug "
        "gingen",
    ]
    text = "\n".join([*MENU, names, *german, *FOOTER[:8]])
    page = Page(text, Settings())
    lines = range(len(page))
    running = [page.texts.index(names)]
    assert page.evidence(lines) == running + [page.texts.index(line) for line in german]
    assert guess_language_of(words_of(names.lower()))[1] < Settings().min_coverage
    assert language_of(text).code == "de"
    # Running lines come first: a page with enough running text reads only that.
    page = Page(PAGE, Settings())
    running = [page.texts.index(line) for line in (ARTICLE[3], ARTICLE[4], ARTICLE[8])]
    assert page.evidence(range(len(page)))[:3] == running


def test_a_french_page_is_cleaned_too():
    article = [
        "Le projet de loi sur le renseignement adopté",
        "Les députés ont, sans surprise, adopté à une large majorité le projet de loi sur le "
        "renseignement, qui donne aux services de nouveaux moyens de surveillance et qui a été "
        "vivement critiqué par les associations de défense des libertés depuis le début de "
        "l'année.",
        "Le texte doit maintenant être examiné par le Sénat, où le gouvernement espère un vote "
        "rapide avant l'été, malgré les réserves de plusieurs sénateurs de la majorité et de "
        "l'opposition sur le contrôle des services.",
    ]
    menu = ["Accueil", "International", "Politique", "Société", "Économie", "Culture", "Idées",
            "Planète", "Sport", "Sciences", "Techno", "Campus", "Le Mag", "Pixels", "Vidéos",
            "Météo", "Emploi", "Newsletters", "S'abonner", "Connexion"]
    footer = ["Mentions légales", "Politique de confidentialité", "Nous contacter",
              "Tous droits réservés"]
    text = "\n".join(menu + article + footer)
    assert run(text).text.splitlines() == article


@pytest.mark.parametrize("feature", features(), ids=lambda f: f.name)
def test_each_line_feature_marks_its_examples_and_not_its_counterexamples(feature):
    for line in feature.examples:
        assert (notice(line) or "").startswith(feature.name), line
    for line in feature.counterexamples:
        assert not (notice(line) or "").startswith(feature.name), line


@pytest.mark.parametrize("category", default_vocabulary().categories, ids=lambda c: c.name)
def test_each_vocabulary_marks_its_examples_and_not_its_counterexamples(category):
    assert category.source and category.description and category.terms
    for line in category.examples:
        assert notice(line) == category.name, line
    for line in category.counterexamples:
        assert notice(line) != category.name, line


def test_a_page_that_does_not_settle_is_left_whole(monkeypatch):
    calls = []

    def always_one_more(self, alive):
        calls.append(len(alive))
        from textclean.blocks import Decision
        return [Decision(self.numbers[alive[0]], "short", "test")] if alive else []

    monkeypatch.setattr(Page, "classify", always_one_more)
    assert settle("\n".join(MENU), Settings()) == []
    assert len(calls) == MAX_ROUNDS


@settings(max_examples=200)
@given(text=pages())
def test_pagetext_is_idempotent_and_accountable_on_whole_pages(text):
    assert_idempotent(STEP, Document(text), CTX)
    assert_accountable(STEP, Document(text), CTX)


def test_a_run_counts_removed_lines_per_class_not_per_reason(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "page.txt").write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert re.search(r"pagetext\.short\s+│\s+\d+", result.output)
    assert "pagetext.short:" not in result.output


def test_sentence_ends_and_separators_of_other_scripts():
    page = Page("هل هذا سؤال؟\nयह वाक्य है।\nLa col·lecció del museu i la intel·ligència\n"
                "具体步骤如下：", Settings())
    assert page.sentence == [True, True, False, True]
    assert notice("La col·lecció del museu i la intel·ligència") is None
    assert notice("Politique · Société · Culture") == "separators"


STORY = [
    "Rescue teams reached three mountain villages on Tuesday after a week of heavy rain had cut "
    "them off from the rest of the region, and officials said that the water was still rising "
    "in the valley below, where the river had broken its banks twice.",
    "The regional governor said that more than two thousand people had been moved to schools "
    "and sports halls, and that the army would bring in food and drinking water by road as soon "
    "as the engineers had said that the bridges were safe again.",
    "Forecasters expect the rain to ease by the weekend, but they warned that the ground was so "
    "wet that even a light shower could set off more landslides in the coming days, and they "
    "asked people to keep away from the slopes above the villages.",
]


def test_an_article_keeps_the_summary_above_its_byline():
    summary = ("Officials said the water was still rising on Tuesday, a week after the rain had "
               "begun, and that the army would bring food to the villages by road.")
    article = ["Floods Cut Off Mountain Villages After a Week of Rain", summary, "By Jane Doe",
               *STORY]
    kept = run("\n".join(MENU + article + FOOTER)).text.splitlines()
    assert kept == [article[0], summary, *STORY]


def test_a_list_of_teasers_each_with_its_byline_has_no_article_and_is_left_alone():
    teasers = []
    for n, paragraph in enumerate(STORY + STORY[:2]):
        teasers += ["Photo", f"Credit Photographer Number {n}", "World News",
                    f"What happened in the mountain villages after the rain, part {n}?",
                    f"{paragraph} Part {n} of the series follows the families who stayed. "
                    f"{paragraph}", f"By Writer Number {n}"]
    text = "\n".join(teasers)
    assert run(text).text == text


def test_a_photo_credit_between_paragraphs_is_no_byline_of_another_story():
    article = [ARTICLE[0], "By Jane Doe", STORY[0], "Photo by John Roe", STORY[1],
               "Photo by John Roe", STORY[2], ARTICLE[3]]
    kept = run("\n".join(MENU + article + FOOTER)).text.splitlines()
    assert [line for line in article if line in STORY or line == ARTICLE[3]] == [
        line for line in kept if line in STORY or line == ARTICLE[3]]


def test_a_long_line_that_ends_a_sentence_is_running_text_whatever_its_stop_words():
    names = ", ".join(f"Station {name}" for name in (
        "Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo", "Hawthorn", "Juniper",
        "Larch", "Maple", "Oak", "Pine", "Rowan", "Spruce", "Walnut", "Yew"))
    listing = f"Gauges: {names}."
    assert len(listing) > Settings().length_high
    article = [ARTICLE[0], STORY[0], listing]  # one paragraph, and a listing as long
    assert run("\n".join(MENU + article + FOOTER)).text.splitlines() == article


def test_a_long_notice_is_read_from_its_beginning():
    banner = ("We use cookies and similar technologies to improve your experience, to show you "
              "personalised content and to analyse our traffic. By continuing to browse this "
              "site you agree to our use of cookies, as described in our cookie policy.")
    assert len(banner) > Settings().length_high
    assert notice(banner) == "cookies"


@pytest.mark.parametrize(("line", "share"), [
    ("Entertainment & Arts", 1.0), ("US & Canada", 1.0), ("status_code = 404", 0.0),
    ("World news in brief", 0.25), ("(Reuters) iPhone sales", 1 / 3), ("2016 Elections", 1.0),
    ("2016", 0.0), ("’17", 0.0), ("Élections à Paris", 2 / 3), ("Новости и Спорт", 2 / 3),
    ("中国新闻", 1.0), ("中国 News today", 0.5), ("The river rose in the night.", 0.0),
])
def test_a_lines_share_of_capitalised_words(line, share):
    page = Page(line, Settings())
    page.weigh()
    assert page.weight == [pytest.approx(share)]


def _capitalised_share(line: str) -> float:
    """The definition: the share of the words (of a line's first 100 characters) whose first
    letter is a capital, among those where it is a letter with a case; for a line without such
    words, 1 if it has letters (without case), 0 otherwise. (Characters beyond the first two
    planes of Unicode are ideographs: letters without case.)"""
    upper = lower = 0
    head = line[:100]
    for word in head.split():
        first = next((c for c in word if c.isalpha() or c.isupper() or c.islower()
                      or ord(c) >= 0x20000), "")
        if first.isupper() or first.istitle():
            upper += 1
        elif first.islower():
            lower += 1
    if upper + lower:
        return upper / (upper + lower)
    return float(any(c.isalpha() for c in head))


@settings(max_examples=300)
@given(line=st.text(alphabet=st.characters(exclude_characters="\n"), max_size=120)
       | st.sampled_from(MENU + ARTICLE + FOOTER))
def test_each_quick_reading_of_capitalisation_agrees_with_its_definition(line):
    page = Page(line, Settings())
    if not len(page) or page.sentence[0]:
        return
    page.weigh()
    assert page.weight[0] == pytest.approx(_capitalised_share(page.texts[0]))


def _without_copies(text: str, shortest: int) -> str:
    """``text`` without the lines of ``shortest`` characters or more that repeat an earlier
    line (white space folded), as the ``headlines`` step takes copies away."""
    seen: set[str] = set()
    kept = []
    for line in text.split("\n"):
        key = " ".join(line.split())
        if len(key) >= shortest and key in seen:
            continue
        seen.add(key)
        kept.append(line)
    return "\n".join(kept)


@settings(max_examples=200)
@given(text=pages(), copies=st.lists(st.integers(0, 200), max_size=4))
def test_taking_copies_away_after_the_step_gives_it_no_new_work(text, copies):
    lines = text.split("\n")
    long_lines = [line for line in lines if len(line) >= Settings().length_low]
    for n in copies:  # copies of long lines, anywhere in the page
        if long_lines:
            lines.insert(n % (len(lines) + 1), long_lines[n % len(long_lines)])
    once = run("\n".join(lines)).text
    shorter = _without_copies(once, Settings().length_low)
    assert run(shorter).text == shorter


@settings(max_examples=300)
@given(text=st.text(max_size=60) | st.text(alphabet=st.characters(min_codepoint=0x2000),
                                           max_size=20)
       | st.sampled_from(["Plain ASCII", "café – “quoted”", "emoji 😀 and \ufeff", "\ud800 lone",
                          "日本語の記事", "𠀀 astral Han", "ｶﾀｶﾅ half width", "ﾟ", "\u303f\u3040"]))
def test_the_quick_cjk_test_agrees_with_the_pattern(text):
    assert has_cjk(text) == (CJK_CHAR.search(text) is not None)


_MIXED_LINES = st.lists(
    st.text(max_size=30)
    | st.sampled_from(["l'été d’or", "日本語の記事です", "news 新闻 today", "it's", "ｶﾀｶﾅ",
                       "a  b\tc", "the", "’", "", "Qu'est-ce que c'est ?", "𠀀 astral Han"]),
    max_size=8).map("\n".join)


@settings(max_examples=300)
@given(text=_MIXED_LINES)
def test_the_words_of_all_lines_at_once_are_the_words_of_each_line(text):
    lowered = text.lower()
    expected = [words_of(line) for line in lowered.split("\n")]
    assert words_of_lines(lowered) == expected
    if not has_cjk(lowered):
        assert words_of_lines(lowered, cjk=False) == expected


@settings(max_examples=300)
@given(words=st.lists(st.sampled_from(["the", "le", "der", "и", "的", "a", "de", "und", "news",
                                       "xyzzy", "la", "che", "el", "y", "och", "“the"]),
                      max_size=60))
def test_the_language_of_a_sample_is_the_language_of_its_counts(words):
    found, coverage = guess_language_of(words)
    expected, expected_coverage = guess_language(Counter(words))
    assert (found and found.code, coverage) == (expected and expected.code, expected_coverage)
    if words:
        assert (found is None) == (coverage == 0.0)


@settings(max_examples=100)
@given(text=pages())
def test_the_quick_columns_of_a_page_agree_with_their_definitions(text):
    page = Page(text, Settings())
    if not len(page):
        return
    alive = list(range(len(page)))
    page.copies(alive)
    assert page._folded == [" ".join(line.split()) if big else ""
                            for line, big in zip(page.texts, page.long, strict=True)]
    page.weigh()
    classes = ["good", "near-good", "short", "few-stop-words", "bad", "drop"]
    for cls in classes:
        picked = [i for i in alive if cls != "few-stop-words" or page.long[i]]
        scores = page._scores(picked, [cls] * len(picked))
        expected = {
            "good": page.lengths, "near-good": page.lengths,
            "bad": [-n for n in page.lengths], "drop": [0] * len(page),
            "short": [round(-Settings().short_cost * w) for w in page.weight],
            "few-stop-words": [round(-n * w) for n, w in zip(page.lengths, page.weight,
                                                                  strict=True)],
        }[cls]
        assert scores == [expected[i] for i in picked]


@settings(max_examples=200)
@given(lines=st.lists(st.sampled_from([
    line for category in default_vocabulary().categories
    for line in (*category.examples, *category.counterexamples)] + MENU + ARTICLE + FOOTER)
    | st.text(max_size=80), max_size=12))
def test_notice_candidates_among_the_cued_lines_are_all_the_candidates(lines):
    vocabulary = default_vocabulary()
    words = [line.lower().split() for line in lines]
    sentences = [line.endswith(".") for line in lines]
    cued = [k for k, w in enumerate(words) if not vocabulary.triggers.isdisjoint(w)]
    assert (vocabulary.candidates(words, lines, sentences, 12, among=cued)
            == vocabulary.candidates(words, lines, sentences, 12))


#: The shipped vocabulary with a term that has no letters, which is looked for in the line.
WITH_MARK = Vocabulary([*default_vocabulary().categories, Category("mark", ("©",))])


@settings(max_examples=200)
@given(lines=st.lists(st.sampled_from([
    line for category in default_vocabulary().categories
    for line in (*category.examples, *category.counterexamples)] + MENU + ARTICLE + FOOTER)
    | st.text(max_size=80), max_size=12),
       marks=st.booleans(), per_term=st.integers(1, 16), extra=st.sets(st.sampled_from(
           ["reporter", "the", "and", "x"]), max_size=2))
# One term three times in five words: enough terms only when the repeats are counted.
@example(lines=["Subscribe · Subscribe · Subscribe"], marks=False, per_term=2, extra=set())
def test_notices_are_what_match_says_of_each_candidate(lines, marks, per_term, extra):
    vocabulary = WITH_MARK if marks else default_vocabulary()
    words = [words_of(line.lower()) for line in lines]
    sentences = [line.endswith(".") for line in lines]
    present = [(vocabulary.triggers | extra).intersection(w) for w in words]
    cued = [k for k, found in enumerate(present) if found]
    expected = []
    for k in vocabulary.candidates(words, lines, sentences, per_term, among=cued):
        found = vocabulary.match(words[k], lines[k], sentences[k], per_term)
        if found is not None:
            expected.append((k, *found))
    assert vocabulary.notices(words, lines, sentences, per_term, cued, present) == expected


@given(text=st.one_of(pages(), news_documents().map(lambda doc: doc.text), st.text()),
       min_lines=st.integers(1, 40),
       length_low=st.integers(1, 80))
def test_a_text_let_go_for_too_few_short_lines_is_one_the_page_test_refuses(
        text, min_lines, length_low):
    """The count before the page is built only lets go what classifying would keep whole."""
    chosen = Settings(min_lines=min_lines, length_low=length_low)
    if not _enough_short_lines(_stripped_lines(text), chosen):
        page = Page(text, chosen)
        assert page.classify(list(range(len(page)))) == []
        assert settle(text, chosen) == []


def test_an_article_is_let_go_before_its_lines_are_read():
    article = "\n\n".join(["A paragraph of running text that ends as a sentence does."] * 12)
    assert not _enough_short_lines(_stripped_lines(article), Settings())
    assert _enough_short_lines(_stripped_lines(article), Settings(min_lines=0))
    menu = "\n".join(["Home", "World", "Sport", "Business", "Culture"] * 5)
    assert _enough_short_lines(_stripped_lines(menu), Settings())

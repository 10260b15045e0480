"""The built article carries every sentence of the publisher's seed article.

The site is built with the seed's frozen figures (tests/seed/figures.yaml) in
place of the live data file, so the seed's sentences and table are checked as
published while the live figures move on.
"""

import re

import pytest
from bs4 import Tag

from helpers import ARTICLE, REPO, BuiltSite, article_body, normalise, visible_text
from site_sources import blog_page, english, link, seed_data
from valenx_kb.data import Role

SEED = REPO / "tests" / "seed" / "ai-engineer-vs-ml-engineer.txt"
SEED_LINES = [normalise(line) for line in SEED.read_text(encoding="utf-8").splitlines()]
FAQ_LINE = re.compile(r"^\d+\. Q: (?P<question>.+?) A: (?P<answer>.+)$")


def seed_table_lines() -> list[str]:
    """The seed's salary table: the header line and the rows under it."""
    start = next(i for i, line in enumerate(SEED_LINES) if line.startswith("Job Title"))
    end = SEED_LINES.index("", start)
    return SEED_LINES[start:end]


def seed_sentences() -> list[str]:
    """Every sentence of the seed's title, body, FAQ and navigation, in order."""
    sentences: list[str] = []
    table = seed_table_lines()
    for line in SEED_LINES:
        if not line or line.startswith("·") or line in table:
            continue  # the byline and the table are checked on their own
        faq = FAQ_LINE.match(line)
        parts = [faq["question"], faq["answer"]] if faq else [line]
        for part in parts:
            sentences += re.split(r"(?<=[.?!])\s+(?=[A-Z“])", part)
    return sentences


@pytest.fixture(scope="module")
def article(seed_html: BuiltSite) -> Tag:
    """The article's main content, built with the seed's figures."""
    return article_body(seed_html.outdir / f"{ARTICLE}.html")


@pytest.fixture(scope="module")
def article_text(article: Tag) -> str:
    """The article's visible text, whitespace-normalised."""
    return visible_text(article)


def test_seed_has_the_expected_shape() -> None:
    sentences = seed_sentences()
    assert sentences[0] == "AI Engineer vs ML Engineer: Career Paths Compared"
    # Title, lede (2), body (21), FAQ heading + 3 questions and answers (7), reading note, nav (3).
    assert len(sentences) == 35
    assert len(seed_table_lines()) == 4


def section_headed(article: Tag, heading: str) -> str:
    """The text of the section whose heading is heading; "" when there is none."""
    for title in article.find_all(["h2", "h3"]):
        section = title.find_parent("section")
        if visible_text(title) == heading and section is not None:
            return visible_text(section)
    return ""


@pytest.mark.parametrize("sentence", seed_sentences())
def test_every_seed_sentence_is_on_the_page(sentence: str, article: Tag, article_text: str) -> None:
    if sentence in article_text:
        return
    # A label such as "Recommended Reading:" heads a section of its own, its text below.
    label, _, text = sentence.partition(": ")
    assert text in section_headed(article, label), sentence


def test_byline_shows_publisher_category_and_reading_time(article_text: str) -> None:
    byline = next(line for line in SEED_LINES if line.startswith("·"))
    parts = [part.strip() for part in byline.split("·") if part.strip()]
    assert parts == ["Valenx Press", "Comparisons", "3 min read"]
    assert " · ".join(parts) in article_text
    assert "Updated June 2026" in article_text


def test_salary_table_matches_the_seed_rows(article: Tag) -> None:
    tables = article.find_all("table")
    assert len(tables) == 1
    rows = [
        "".join(normalise(cell.get_text("")) for cell in row.find_all(["th", "td"]))
        for row in tables[0].find_all("tr")
    ]
    assert rows == seed_table_lines()


def test_role_titles_in_the_table_link_to_profiles(article: Tag) -> None:
    links = {a.get_text(): a["href"] for a in article.select("table a")}
    assert links == {
        "AI Engineer": "../roles/ai-engineer.html",
        "ML Engineer": "../roles/ml-engineer.html",
        "Data Scientist": "../roles/data-scientist.html",
    }


def test_navigation_leads_back_to_the_post_list(article: Tag) -> None:
    targets = {a.get_text(" ", strip=True): a["href"] for a in article.find_all("a")}
    assert targets["Back to Blog"] == link(ARTICLE, blog_page())
    assert targets["View All Posts »"] == link(ARTICLE, blog_page())


def test_home_page_lists_the_article(seed_html: BuiltSite) -> None:
    home = article_body(seed_html.outdir / "index.html")
    titles = {a.get_text(" ", strip=True): a["href"] for a in home.find_all("a")}
    assert any(
        "AI Engineer vs ML Engineer: Career Paths Compared" in title and href == f"{ARTICLE}.html"
        for title, href in titles.items()
    )


@pytest.mark.parametrize("role", seed_data().roles, ids=lambda role: role.id)
def test_role_profile_shows_salary_and_skills(seed_html: BuiltSite, role: Role) -> None:
    text = visible_text(article_body(seed_html.outdir / f"{role.page}.html"))
    assert f"{english(seed_data()).money(role.salary)} per year" in text
    assert ", ".join(role.skills) in text

"""Search engines: JSON-LD, Open Graph, sitemap, robots.txt, 404 (feeds: test_feeds.py)."""

import math
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from typing import Any

import extruct
import pytest
from bs4 import BeautifulSoup
from docutils.nodes import make_id

from helpers import (
    ARTICLE,
    REPO,
    BuiltSite,
    article_body,
    build_site,
    visible_text,
)
from site_sources import (
    PUBLISHER,
    SourcePost,
    faq_questions,
    live_authors,
    site_post,
    taxonomy_home,
)
from valenx_kb.data import load_dataset
from valenx_kb.formatting import formatter_for
from valenx_kb.taxonomy import folder_of

BASE = "https://valenx-press.readthedocs.io/en/latest/"
DATA = load_dataset(REPO / "data" / "salaries.yaml", REPO / "data" / "salaries.schema.json")
MONEY = formatter_for("en", DATA.currency).money
MONTH = formatter_for("en", DATA.currency).month(DATA.as_of)
WORDS_PER_MINUTE = 200  # valenx_words_per_minute, left at its default


def json_ld(html_file: Path) -> list[dict[str, Any]]:
    """The page's JSON-LD items, as extruct (a real structured-data parser) reads them."""
    data = extruct.extract(
        html_file.read_text(encoding="utf-8"), base_url=BASE, syntaxes=["json-ld"]
    )
    items: list[dict[str, Any]] = data["json-ld"]
    return items


def item_of_type(items: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    """The one item of a schema.org type."""
    matching = [item for item in items if item.get("@type") == kind]
    assert len(matching) == 1, items
    return matching[0]


def test_article_faq_page_has_every_question_with_data_figures(built_html: BuiltSite) -> None:
    faq = item_of_type(json_ld(built_html.outdir / f"{ARTICLE}.html"), "FAQPage")

    questions = faq["mainEntity"]
    names = faq_questions(ARTICLE)
    assert [question["@type"] for question in questions] == ["Question"] * len(names)
    assert [question["name"] for question in questions] == names
    answers = {question["name"]: question["acceptedAnswer"] for question in questions}
    assert all(answer["@type"] == "Answer" and answer["text"] for answer in answers.values())
    ai, ml = DATA.role("ai-engineer"), DATA.role("ml-engineer")
    assert ai is not None
    assert ml is not None
    salary_answer = next(answer for name, answer in answers.items() if "salary" in name)
    assert salary_answer["text"] == (
        f"As of {MONTH}, average salaries range from {MONEY(ai.salary)} for AI engineers "
        f"to {MONEY(ml.salary)} for ML engineers, depending on location and experience."
    )


def article_authors(post: SourcePost) -> object:
    """The Article's "author": a Person or Organization per post author, else the publisher.

    A Person's url is their author page where the site has author pages, else their own link.
    """
    if not post.authors:
        return {"@type": "Organization", "name": PUBLISHER}
    authors, home = live_authors(), taxonomy_home("authors")
    people = []
    for author in (authors[author_id] for author_id in post.authors):
        person = {"@type": "Organization" if author.organization else "Person", "name": author.name}
        url = f"{BASE}{folder_of(home)}/{author.id}.html" if home else author.url
        person |= {"url": url} if url else {}
        person |= {"sameAs": author.url} if author.url else {}
        people.append(person)
    return people


def test_article_json_ld_has_the_recommended_properties(built_html: BuiltSite) -> None:
    page = built_html.outdir / f"{ARTICLE}.html"
    article = item_of_type(json_ld(page), "Article")
    post = site_post(built_html.outdir, ARTICLE)

    url = f"{BASE}{ARTICLE}.html"
    assert article["headline"] == post.title
    assert len(article["headline"]) <= 110
    assert article["description"] == post.summary
    assert post.updated is not None
    assert article["dateModified"] == post.updated.isoformat()
    if post.published is not None:
        assert article["datePublished"] == post.published.isoformat()
        assert article["datePublished"] <= article["dateModified"]
    assert article["author"] == article_authors(post)
    assert article["publisher"] == {"@type": "Organization", "name": "Valenx Press"}
    assert article["articleSection"] == post.category
    assert article["keywords"] == list(post.tags)
    # The count the byline's reading time comes from.
    minutes = re.search(r"(\d+) min read", visible_text(article_body(page)))
    assert minutes is not None
    assert math.ceil(article["wordCount"] / WORDS_PER_MINUTE) == int(minutes[1])
    assert (article["url"], article["mainEntityOfPage"]) == (url, url)


def test_pages_that_are_not_posts_have_no_json_ld(built_html: BuiltSite) -> None:
    assert json_ld(built_html.outdir / "index.html") == []


def test_faq_questions_are_headings_with_their_own_anchor(built_html: BuiltSite) -> None:
    page = (built_html.outdir / f"{ARTICLE}.html").read_text(encoding="utf-8")
    questions = BeautifulSoup(page, "html.parser").select(".valenx-faq h3.valenx-faq-question")
    names = faq_questions(ARTICLE)
    assert [question["id"] for question in questions] == [make_id(name) for name in names]
    for question in questions:
        link = question.select_one("a.headerlink")
        assert link is not None
        assert link["href"] == f"#{question['id']}"


@pytest.mark.parametrize(
    ("buildername", "output"),
    [("text", f"{ARTICLE}.txt"), ("latex", "valenxpress.tex"), ("epub", f"{ARTICLE}.xhtml")],
)
def test_faq_reads_in_other_formats(
    buildername: str, output: str, built_site: Callable[[str], BuiltSite]
) -> None:
    text = (built_site(buildername).outdir / output).read_text(encoding="utf-8")

    assert "What skills are required for AI and ML engineering roles?" in text
    assert "Required skills include programming languages like Python and Java" in text
    assert "application/ld+json" not in text


def test_open_graph_and_twitter_cards_use_the_summary(built_html: BuiltSite) -> None:
    soup = BeautifulSoup((built_html.outdir / f"{ARTICLE}.html").read_text(), "html.parser")

    def meta(attribute: str, name: str) -> str:
        tag = soup.find("meta", attrs={attribute: name})
        assert tag is not None, name
        return str(tag["content"])

    post = site_post(built_html.outdir, ARTICLE)
    assert meta("property", "og:description") == post.summary
    assert meta("name", "description") == post.summary
    assert meta("property", "og:title") == post.title
    assert meta("property", "og:url") == f"{BASE}{ARTICLE}.html"
    assert meta("property", "og:type") == "article"
    # The large card: the post has a share image (test_share_images.py).
    assert meta("name", "twitter:card") == "summary_large_image"


def test_sitemap_lists_every_page_once_with_absolute_urls(built_html: BuiltSite) -> None:
    tree = ElementTree.parse(built_html.outdir / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [str(loc.text) for loc in tree.getroot().findall("s:url/s:loc", namespace)]

    pages = {
        str(page.relative_to(built_html.outdir)) for page in built_html.outdir.rglob("*.html")
    } - {"search.html", "genindex.html", "404.html"}
    assert sorted(urls) == sorted(f"{BASE}{page}" for page in pages)


def test_robots_txt_points_at_the_sitemap(built_html: BuiltSite) -> None:
    robots = (built_html.outdir / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines()[-1] == f"Sitemap: {BASE}sitemap.xml"


def test_404_page_works_from_any_folder(built_html: BuiltSite) -> None:
    page = (built_html.outdir / "404.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert "Page not found" in visible_text(article_body(built_html.outdir / "404.html"))
    # Read the Docs serves it for any missing path, so its links must be absolute.
    stylesheets = [str(link["href"]) for link in soup.find_all("link", rel="stylesheet")]
    assert stylesheets
    assert all(href.startswith("/en/latest/_static/") for href in stylesheets)
    home = soup.find("a", string="home page")
    assert home is not None
    assert home["href"] == "/en/latest/index.html"


SCRIPT_BREAKOUT = "</script><script>alert(1)</script>"


def test_script_in_summary_and_faq_cannot_break_out_of_json_ld(site_copy: Path) -> None:
    article = site_copy / f"{ARTICLE}.md"
    text = article.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^summary: .*$", f"summary: '{SCRIPT_BREAKOUT}'", text)
    # One more question, last in the FAQ: before the fence that closes it.
    text = re.sub(
        r"(?ms)^(:::\{faq\}\n.*?\n)(:::\n)",
        lambda found: f"{found[1]}\nIs it safe?\n: {SCRIPT_BREAKOUT}\n{found[2]}",
        text,
        count=1,
    )
    article.write_text(text, encoding="utf-8")

    site = build_site(site_copy, "html")

    page = site.outdir / f"{ARTICLE}.html"
    items = json_ld(page)
    assert item_of_type(items, "Article")["description"] == SCRIPT_BREAKOUT
    faq = item_of_type(items, "FAQPage")
    assert faq["mainEntity"][-1]["acceptedAnswer"]["text"] == SCRIPT_BREAKOUT
    # Parsed the way a browser parses it: "alert(1)" is only ever inside JSON-LD data.
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
    inline = [script for script in soup.find_all("script") if not script.get("src")]
    assert [s.get("type") for s in inline if "alert(1)" in (s.string or "")] == [
        "application/ld+json",
        "application/ld+json",
    ]
    assert SCRIPT_BREAKOUT in visible_text(article_body(page))  # shown as text


def test_every_page_has_one_viewport_tag(built_html: BuiltSite) -> None:
    counts = {
        page.relative_to(built_html.outdir).as_posix(): len(
            BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
                'meta[name="viewport"]'
            )
        )
        for page in sorted(built_html.outdir.rglob("*.html"))
    }
    assert counts
    assert {page: count for page, count in counts.items() if count != 1} == {}

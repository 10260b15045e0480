"""The generated pages in a real browser: tag and author pages, page links, the draft badge."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browser import CONTRAST_JS, serious_axe_findings, serve
from playwright.sync_api import Locator, Page

from helpers import (
    ARTICLE,
    BLOG_LISTINGS,
    BLOG_POSTS,
    REPO,
    BuiltSite,
    blog_post,
    build_site,
    dated_posts,
    write_blog,
)
from site_sources import (
    DOCS,
    as_words,
    front_matter,
    newest_first,
    site_post,
    site_posts,
    source_of,
)
from valenx_kb.taxonomy import folder_of, slugify

pytestmark = pytest.mark.browser

AUTHORS_FILE = REPO / "data" / "authors.yaml"
# The small blog's posts, newest first (dated_posts): the archive shows PAGE_SIZE of them a
# page, a tag's page one (BLOG_LISTINGS).
POSTS = 7
PAGE_SIZE = 2
TITLES = [f"Post {number}" for number in range(1, POSTS + 1)]
PAGES = [TITLES[start : start + PAGE_SIZE] for start in range(0, POSTS, PAGE_SIZE)]
TAG_PAGES = [[title] for title in TITLES]
# The pager and badge styles are the site's (docs/_static), so the small blogs use its stylesheet.
SITE_STYLE = {
    "html_static_path": [str(REPO / "docs" / "_static")],
    "html_css_files": ["valenx.css"],
}
TOUCH_TARGET = 44  # CSS pixels a side; WCAG 2.5.5, which the pager's CSS aims for


@pytest.fixture(scope="session")
def paged_blog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small blog whose archive and tag pages run to several pages, served like the site."""
    # Session-scoped, so it is built before the module's browser starts.
    docs = write_blog(
        tmp_path_factory.mktemp("paged-blog"), {**dated_posts(POSTS), **BLOG_LISTINGS}
    )
    site = build_site(docs, confoverrides={"valenx_page_size": PAGE_SIZE, **SITE_STYLE})
    assert site.warnings == ""
    with serve(site.outdir) as url:
        yield url


@pytest.fixture(scope="session")
def preview_blog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small blog with a draft, built in preview, served like the site."""
    posts = {**BLOG_POSTS, "posts/unfinished": blog_post("Unfinished", extra="draft: true\n")}
    docs = write_blog(tmp_path_factory.mktemp("preview-blog"), posts)
    site = build_site(docs, confoverrides={"valenx_preview": True, **SITE_STYLE})
    assert site.warnings == ""
    with serve(site.outdir) as url:
        yield url


def home_of(taxonomy: str) -> str:
    """The real site's page holding the taxonomy's index ("tags"), as its term pages' folder."""
    pattern = re.compile(
        rf"^(?:`{{3,}}|:{{3,}})\{{taxonomy-index\}}\s+{taxonomy}\s*$", re.MULTILINE
    )
    homes = [
        path.relative_to(DOCS).with_suffix("").as_posix()
        for path in sorted(DOCS.rglob("*.md"))
        if "_build" not in path.parts and pattern.search(without_examples(path))
    ]
    assert homes, f"no page of the site holds the {taxonomy} index"
    return homes[0]


def without_examples(path: Path) -> str:
    """A page's source without the blocks fenced by four or more backticks that show MyST."""
    text = path.read_text(encoding="utf-8")
    return re.sub(r"^(`{4,}).*?^\1\s*$", "", text, flags=re.MULTILINE | re.DOTALL)


def follow(page: Page, link: Locator) -> None:
    """Click link and wait until the page it leads to has loaded."""
    address = link.evaluate("link => link.href")
    link.click()
    page.wait_for_url(address)


def heading(page: Page) -> str:
    """The page's <h1> as a reader sees it, without the permalink sign."""
    return page.locator("h1").inner_text().removesuffix("¶").strip()


def card_links(page: Page) -> list[str]:
    """The address each card of the page's listing leads to."""
    links = page.locator(".valenx-cards .sd-card a.sd-stretched-link")
    addresses: list[str] = links.evaluate_all("links => links.map(link => link.href)")
    return addresses


def card_titles(page: Page) -> list[str]:
    """The titles of the cards of the page's listing, in order."""
    return page.locator(".valenx-cards .sd-card-title").all_inner_texts()


def current_page(page: Page) -> list[str]:
    """The page links marked as the page being read."""
    return page.locator('.valenx-pager [aria-current="page"]').all_inner_texts()


def cards_on_every_page(page: Page) -> list[str]:
    """The cards' addresses of the listing open in page and of each page after it, by "Next »"."""
    found = card_links(page)
    while page.locator(".valenx-pager a[rel=next]").count():
        follow(page, page.locator(".valenx-pager a[rel=next]"))
        found += card_links(page)
    return found


def tab_to(page: Page, name: str) -> bool:
    """Press Tab until the page link named name (text or label) has focus; whether it shows."""
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                return {
                    inPager: Boolean(element.closest(".valenx-pager")),
                    name: element.getAttribute("aria-label") || element.textContent.trim(),
                    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                };
            }"""
        )
        if focused["inPager"] and focused["name"] == name:
            return bool(focused["ring"])
    raise AssertionError(f"Tab never reached the page link {name!r}")


def test_a_byline_tag_leads_to_its_page_of_posts_and_back_to_the_tags(
    page: Page, site_url: str, built_html: BuiltSite
) -> None:
    tag = site_post(built_html.outdir, ARTICLE).tags[0]
    home = home_of("tags")
    tagged = [
        post
        for post in newest_first(site_posts(built_html.outdir))
        if slugify(tag) in {slugify(name) for name in post.tags}
    ]
    page.goto(f"{site_url}{ARTICLE}.html")

    follow(page, page.locator(".valenx-byline-tags").get_by_role("link", name=tag, exact=True))

    tag_page = f"{site_url}{folder_of(home)}/{slugify(tag)}.html"
    assert page.url == tag_page
    assert heading(page) == f"Posts tagged “{tag}”"
    assert cards_on_every_page(page) == [f"{site_url}{post.docname}.html" for post in tagged]
    page.goto(tag_page)
    follow(page, page.locator(".valenx-back-link a"))
    assert page.url == f"{site_url}{home}.html"


@pytest.mark.site
def test_the_authors_index_leads_to_each_authors_bio_and_posts(
    page: Page, site_url: str, built_html: BuiltSite
) -> None:
    authors = {
        author["id"]: author
        for author in yaml.safe_load(AUTHORS_FILE.read_text(encoding="utf-8"))["authors"]
    }
    posts = newest_first(site_posts(built_html.outdir))
    written = {
        post.docname: as_words(front_matter(source_of(post.docname)).get("authors"))
        for post in posts
    }
    named = sorted(
        {author for names in written.values() for author in names},
        key=lambda author: (authors[author]["name"].casefold(), author),
    )
    assert named, "no post names an author"
    home = home_of("authors")
    page.goto(f"{site_url}{home}.html")
    assert page.locator(".valenx-terms a").all_inner_texts() == [
        authors[author]["name"] for author in named
    ]

    for author in named:
        page.goto(f"{site_url}{home}.html")
        name = authors[author]["name"]
        follow(page, page.locator(".valenx-terms").get_by_role("link", name=name, exact=True))

        assert page.url == f"{site_url}{folder_of(home)}/{author}.html"
        assert heading(page) == authors[author]["name"]
        bio = " ".join(authors[author]["bio"].split())
        assert page.locator(".valenx-author-bio").inner_text() == bio
        by_author = [post for post in posts if author in written[post.docname]]
        assert cards_on_every_page(page) == [f"{site_url}{post.docname}.html" for post in by_author]


@pytest.mark.parametrize(("listing", "pages"), [("archive", PAGES), ("tags/careers", TAG_PAGES)])
def test_next_and_previous_step_through_the_pages_by_click(
    page: Page, paged_blog: str, listing: str, pages: list[list[str]]
) -> None:
    page.goto(f"{paged_blog}{listing}.html")

    for number, titles in enumerate(pages, start=1):
        assert card_titles(page) == titles
        assert current_page(page) == [str(number)]
        if number < len(pages):
            follow(page, page.get_by_role("link", name="Next »"))
    assert page.get_by_role("link", name="Next »").count() == 0
    for number in range(len(pages) - 1, 0, -1):
        follow(page, page.get_by_role("link", name="« Previous"))
        assert card_titles(page) == pages[number - 1]
        assert current_page(page) == [str(number)]
    assert page.url == f"{paged_blog}{listing}.html"
    assert page.get_by_role("link", name="« Previous").count() == 0


def test_the_page_links_work_from_the_keyboard(page: Page, paged_blog: str) -> None:
    page.goto(f"{paged_blog}archive.html")

    assert tab_to(page, "Page 3")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{paged_blog}archive/page-3.html")
    assert card_titles(page) == PAGES[2]
    assert current_page(page) == ["3"]

    assert tab_to(page, "« Previous")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{paged_blog}archive/page-2.html")
    assert current_page(page) == ["2"]

    assert tab_to(page, "Next »")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{paged_blog}archive/page-3.html")
    assert card_titles(page) == PAGES[2]


def test_page_links_are_big_enough_to_tap_and_wrap_on_a_phone(
    phone_page: Page, paged_blog: str
) -> None:
    # Page 4 of 7 links every page, with previous and next: more than a phone's width holds.
    phone_page.goto(f"{paged_blog}tags/careers/page-4.html")
    width = phone_page.evaluate("innerWidth")

    boxes = phone_page.locator(".valenx-pager a").evaluate_all(
        """links => links.map(link => {
            const box = link.getBoundingClientRect();
            return {name: link.textContent, width: box.width, height: box.height,
                    left: box.left, right: box.right};
        })"""
    )

    numbers = [str(number) for number in range(1, len(TAG_PAGES) + 1)]
    assert [box["name"] for box in boxes] == ["« Previous", *numbers, "Next »"]
    small = [box for box in boxes if min(box["width"], box["height"]) < TOUCH_TARGET]
    assert small == []
    assert all(box["left"] >= 0 and box["right"] <= width for box in boxes), boxes
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_draft_in_preview_shows_a_readable_badge_and_asks_not_to_be_indexed(
    page: Page, dark_page: Page, preview_blog: str, scheme: str
) -> None:
    tab = page if scheme == "light" else dark_page
    tab.goto(f"{preview_blog}posts/unfinished.html")
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(255, 255, 255)") == (scheme == "light")  # dark mode in effect

    badge = tab.locator(".valenx-badge")

    assert badge.inner_text() == "Draft"
    assert badge.is_visible()
    assert badge.evaluate(CONTRAST_JS) >= 4.5
    assert tab.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    assert serious_axe_findings(tab, "posts/unfinished.html") == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problem_on_paged_listings(
    page: Page, dark_page: Page, paged_blog: str, scheme: str
) -> None:
    # The real site's archive, indexes, tag, author and year pages are in test_browser's
    # every-page axe run; these are the pages it has too few posts for.
    tab = page if scheme == "light" else dark_page
    found = []
    for name in [
        "archive.html",
        "archive/page-2.html",
        "archive/2025.html",
        "archive/2025/page-2.html",
        "tags.html",
        "tags/careers/page-4.html",
    ]:
        tab.goto(paged_blog + name)
        found += serious_axe_findings(tab, name)
    assert found == []

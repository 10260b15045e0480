"""Posts a contributor gets wrong: one located warning, no traceback, and the feed still written."""

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup

from helpers import (
    BLOG_POSTS,
    BuiltSite,
    article_body,
    blog_post,
    build_site,
    visible_text,
    warning_lines,
    write_blog,
)
from valenx_kb.front_matter import front_matter_lines

ALPHA = "ROOT/docs/posts/alpha.md"
# Sphinx's own warning for a post without a heading, once per page whose navigation lists it.
NO_TITLE_IN_TOCTREE = "[toc.no_title]"

# A summary with ": " in it: MyST cannot read the front matter, ours names the line.
COLON_IN_VALUE = pytest.param(
    "summary: About Alpha.",
    "summary: Alpha: a guide.",
    [
        f"{ALPHA}:1: WARNING: Malformed YAML [myst.topmatter]",
        f"{ALPHA}:3: WARNING: the value on this line contains ': ', which YAML reads as "
        "a new field. Put the whole value in quotes. [valenx.front_matter]",
    ],
    id="colon-in-value",
)


def build_with_alpha(tmp_path: Path, alpha: str, **posts: str) -> BuiltSite:
    """Build the test blog with posts/alpha.md (and any other posts) replaced."""
    pages = {**BLOG_POSTS, "posts/alpha": alpha, **{f"posts/{k}": v for k, v in posts.items()}}
    site = build_site(write_blog(tmp_path, pages), "html")
    assert "Traceback" not in site.warnings
    return site


def our_warnings(site: BuiltSite, root: Path) -> list[str]:
    """The warning lines, without Sphinx's toctree note about a page with no title."""
    return [line for line in warning_lines(site.warnings, root) if NO_TITLE_IN_TOCTREE not in line]


def feed_entries(site: BuiltSite) -> dict[str, Any]:
    """The feed's entries by link path, after checking the feed and robots.txt were written."""
    robots = (site.outdir / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines()[-1].startswith("Sitemap: ")
    raw = (site.outdir / "feed.atom").read_bytes()
    ElementTree.fromstring(raw)  # well-formed XML
    feed = feedparser.parse(raw)
    assert feed.bozo == 0
    return {entry.link.rpartition("/posts/")[2]: entry for entry in feed.entries}


def article_json_ld(html_file: Path) -> dict[str, Any]:
    """The page's schema.org Article."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    for script in soup.find_all("script", type="application/ld+json"):
        data: dict[str, Any] = json.loads(script.string or "")
        if data.get("@type") == "Article":
            return data
    raise AssertionError(f"{html_file} has no Article JSON-LD")


def card_titles(html_file: Path) -> list[str]:
    """The titles of the cards on a page."""
    body = article_body(html_file)
    return [visible_text(title) for title in body.select(".sd-card .sd-card-title")]


@pytest.mark.parametrize(
    ("alpha", "expected", "feed_title"),
    [
        pytest.param(
            "---\ncategory: Comparisons\nsummary: About Alpha.\n---\n\nSome words.\n",
            f'{ALPHA}:1: WARNING: the post has no title. Start it with "# Title" under the '
            "front matter. [valenx.front_matter]",
            "alpha",
            id="no-heading",
        ),
        pytest.param(
            "---\ncategory: Comparisons\ntitle: Alpha\nsummary: About Alpha.\n---\n\nSome words.\n",
            f"{ALPHA}:3: WARNING: the post has a 'title' in its front matter but no \"# Title\" "
            'heading, so the page shows no title. Start the post with "# Title" under the front '
            "matter, and remove 'title'. [valenx.front_matter]",
            "Alpha",
            id="front-matter-title-only",
        ),
    ],
)
def test_a_post_without_a_heading_warns_and_the_feed_is_still_written(
    alpha: str,
    expected: str,
    feed_title: str,
    tmp_path: Path,
) -> None:
    site = build_with_alpha(tmp_path, alpha)

    assert our_warnings(site, tmp_path) == [expected]
    entries = feed_entries(site)
    assert entries["alpha.html"].title == feed_title
    assert len(entries) == len(BLOG_POSTS)
    assert feed_title in card_titles(site.outdir / "index.html")


def test_a_control_character_in_the_summary_is_left_out(tmp_path: Path) -> None:
    alpha = blog_post("Alpha").replace("summary: About Alpha.", 'summary: "About \\a Alpha."')
    site = build_with_alpha(tmp_path, alpha)

    assert our_warnings(site, tmp_path) == [
        f"{ALPHA}:3: WARNING: 'summary' contains the control character '\\x07', which web "
        "pages and feeds cannot carry; it is left out. Delete it. [valenx.front_matter]"
    ]
    assert feed_entries(site)["alpha.html"].summary == "About  Alpha."
    assert article_json_ld(site.outdir / "posts" / "alpha.html")["description"] == "About  Alpha."
    for page in ["index.html", "posts/alpha.html", "feed.atom"]:
        assert "\x07" not in (site.outdir / page).read_text(encoding="utf-8")


def test_a_control_character_in_the_title_is_left_out(tmp_path: Path) -> None:
    site = build_with_alpha(tmp_path, blog_post("Alpha").replace("# Alpha", "# Al\x07pha"))

    assert our_warnings(site, tmp_path) == [
        f"{ALPHA}:9: WARNING: 'title' contains the control character '\\x07', which web "
        "pages and feeds cannot carry; it is left out. Delete it. [valenx.front_matter]"
    ]
    assert feed_entries(site)["alpha.html"].title == "Alpha"
    page = site.outdir / "posts" / "alpha.html"
    assert article_json_ld(page)["headline"] == "Alpha"
    assert "Alpha" in card_titles(site.outdir / "index.html")
    heading = article_body(page).h1
    assert heading is not None
    assert visible_text(heading) == "Alpha"
    for output in ["index.html", "posts/alpha.html", "posts/beta.html", "feed.atom"]:
        assert "\x07" not in (site.outdir / output).read_text(encoding="utf-8")


def test_empty_values_count_as_missing(tmp_path: Path) -> None:
    alpha = (
        "---\ncategory: Comparisons\nsummary:\ntags:\nroles:\nupdated:\ndate:\ndraft:\n---\n\n"
        "# Alpha\n\nSome words.\n"
    )
    # Gamma shares nothing with Alpha but an empty tags line.
    gamma = blog_post("Gamma", category="Guides", tags="", updated="2026-04")
    site = build_with_alpha(tmp_path, alpha, gamma=gamma)

    assert our_warnings(site, tmp_path) == [
        f"{ALPHA}:3: WARNING: the post has no 'summary'. Add one sentence for its cards. "
        "[valenx.front_matter]"
    ]
    for output in ["index.html", "posts/alpha.html", "posts/gamma.html", "feed.atom"]:
        assert "null" not in (site.outdir / output).read_text(encoding="utf-8"), output
    page = site.outdir / "posts" / "alpha.html"
    article = article_json_ld(page)
    assert "description" not in article
    assert article["keywords"] == []
    assert (
        BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(
            "meta", attrs={"name": "description"}
        )
        is None
    )
    assert "Alpha" in card_titles(site.outdir / "index.html")  # not a draft
    assert "Alpha" not in card_titles(site.outdir / "posts" / "gamma.html")
    assert "summary" not in feed_entries(site)["alpha.html"]


def dates_of(site: BuiltSite) -> tuple[str, str, str, str, str]:
    """Alpha's updated line, JSON-LD dates and feed dates."""
    page = site.outdir / "posts" / "alpha.html"
    byline = article_body(page).select_one(".valenx-byline-updated")
    assert byline is not None
    article = article_json_ld(page)
    entry = feed_entries(site)["alpha.html"]
    return (
        visible_text(byline),
        article["datePublished"],
        article["dateModified"],
        entry.published[:10],
        entry.updated[:10],
    )


@pytest.mark.parametrize(
    ("dates", "expected_dates", "expected_warnings"),
    [
        pytest.param(
            "updated: data\ndate: 2026-07-01",  # the test data is as of June 2026
            ("Updated July 2026", "2026-07-01", "2026-07-01", "2026-07-01", "2026-07-01"),
            [],
            id="data-older-than-date",
        ),
        pytest.param(
            "updated: 2026-07\ndate: 2026-07-15",
            ("Updated July 2026", "2026-07-15", "2026-07-15", "2026-07-15", "2026-07-15"),
            [],
            id="same-month",
        ),
        pytest.param(
            "updated: 2026-08-02\ndate: 2026-07-15",
            ("Updated August 2026", "2026-07-15", "2026-08-02", "2026-07-15", "2026-08-02"),
            [],
            id="later",
        ),
        pytest.param(
            "updated: 2026-05\ndate: 2026-07-01",
            ("Updated July 2026", "2026-07-01", "2026-07-01", "2026-07-01", "2026-07-01"),
            [
                f"{ALPHA}:6: WARNING: 'updated' '2026-05' is earlier than 'date' '2026-07-01'. "
                "A post is updated after it is published: correct one of them. "
                "[valenx.front_matter]"
            ],
            id="updated-before-date",
        ),
    ],
)
def test_updated_is_never_earlier_than_date(
    dates: str,
    expected_dates: tuple[str, ...],
    expected_warnings: list[str],
    tmp_path: Path,
) -> None:
    alpha = blog_post("Alpha").replace("updated: 2026-06", dates)
    site = build_with_alpha(tmp_path, alpha)

    assert our_warnings(site, tmp_path) == expected_warnings
    assert dates_of(site) == expected_dates


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "updated: 2026-06",
            "updated: 2026-06\ndate: 2026-13-01",
            [
                f"{ALPHA}:1: WARNING: Malformed YAML [myst.topmatter]",
                f"{ALPHA}:7: WARNING: 'date' '2026-13-01' is not a date. Write YYYY-MM-DD or "
                "YYYY-MM. [valenx.front_matter]",
            ],
            id="impossible-date",
        ),
        pytest.param(
            "tags: []",
            "tags: [careers, salaries",
            [
                f"{ALPHA}:1: WARNING: Malformed YAML [myst.topmatter]",
                f"{ALPHA}:4: WARNING: the list that starts with '[' on this line is not closed. "
                "End it with ']', and put any item that contains ':' in quotes. "
                "[valenx.front_matter]",
            ],
            id="unclosed-bracket",
        ),
        COLON_IN_VALUE,
        pytest.param(
            "summary: About Alpha.",
            "summary: About \x07Alpha.",
            [
                f"{ALPHA}:1: WARNING: Malformed YAML [myst.topmatter]",
                f"{ALPHA}:3: WARNING: this line has the character '\\x07', which YAML does not "
                "allow. Delete it. [valenx.front_matter]",
            ],
            id="raw-control-character",
        ),
        pytest.param(
            "category: Comparisons",
            "category:",
            [
                f"{ALPHA}:2: WARNING: 'category' is empty. Write one of Comparisons, Guides, or "
                "remove it if the page is not a post. [valenx.front_matter]",
            ],
            id="empty-category",
        ),
    ],
)
def test_unreadable_front_matter_names_the_field_and_line(
    old: str, new: str, expected: list[str], tmp_path: Path
) -> None:
    alpha = blog_post("Alpha").replace(old, new)
    site = build_with_alpha(tmp_path, alpha)

    assert our_warnings(site, tmp_path) == expected
    # The page is not a post until its front matter is fixed; the rest of the blog builds.
    assert "alpha.html" not in feed_entries(site)
    assert (site.outdir / "posts" / "alpha.html").is_file()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "category: Comparisons",
            "category: Comparison",
            [
                f"{ALPHA}:2: WARNING: category 'Comparison' is not one of Comparisons, Guides. "
                "Fix the spelling, or add it to valenx_categories in conf.py. "
                "[valenx.front_matter]"
            ],
            id="unknown-category",
        ),
        COLON_IN_VALUE,
    ],
)
def test_a_post_saved_with_a_byte_order_mark_warns_at_the_fields_line(
    old: str, new: str, expected: list[str], tmp_path: Path
) -> None:
    # Some editors on Windows start UTF-8 files with a byte order mark; Sphinx reads past it.
    site = build_with_alpha(tmp_path, "\ufeff" + blog_post("Alpha").replace(old, new))

    assert our_warnings(site, tmp_path) == expected


def test_front_matter_in_another_encoding_is_read_without_stopping(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Café\ncategory: Guides\n---\n", encoding="utf-8")

    assert front_matter_lines(page, "ascii") == {"title": 2, "category": 3}

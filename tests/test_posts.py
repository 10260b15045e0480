"""Posts as readers see them: byline, reading time, cards, the post index, links."""

import posixpath
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from helpers import (
    ARTICLE,
    BLOG_POSTS,
    TEST_DATA,
    BuiltSite,
    article_body,
    blog_post,
    build_site,
    normalise,
    visible_text,
    warning_lines,
    write_blog,
    write_site,
)
from site_sources import (
    blog_page,
    link,
    live_data,
    newest_first,
    option_items,
    post_index_cards,
    related_cards,
    site_post,
    site_posts,
    source_of,
)
from valenx_kb.data import Role


@pytest.fixture(scope="module")
def article(built_html: BuiltSite) -> Tag:
    """The article's main content in the real site."""
    return article_body(built_html.outdir / f"{ARTICLE}.html")


def card_links(element: Tag) -> list[tuple[str, str]]:
    """(title, href) of every card in element, in order."""
    return [
        (visible_text(link), str(link["href"]))
        for link in element.select(".sd-card .sd-card-title a")
    ]


def test_article_byline_sits_under_the_title(article: Tag, built_html: BuiltSite) -> None:
    post = site_post(built_html.outdir, ARTICLE)
    byline = article.select_one("h1 + .valenx-byline")
    assert byline is not None
    meta = byline.select_one(".valenx-byline-meta")
    assert meta is not None
    # One byline: the updated month is a part of the same line.
    updated = meta.select_one(".valenx-byline-updated")
    assert updated is not None
    assert re.fullmatch(post.byline(live_data()), visible_text(meta)), visible_text(meta)
    assert visible_text(updated) == post.updated_label(live_data())
    tags = byline.select_one(".valenx-byline-tags")
    assert (visible_text(tags) if tags else "") == (
        f"Tags: {', '.join(post.tags)}" if post.tags else ""
    )


def test_article_related_cards_are_the_posts_sharing_most_with_it(
    article: Tag, built_html: BuiltSite
) -> None:
    related = article.select_one("#related-posts")
    assert related is not None
    expected = related_cards(built_html.outdir, ARTICLE)
    assert expected
    assert card_links(related) == [(post.title, link(ARTICLE, post.docname)) for post in expected]
    facts = [visible_text(f) for f in related.select(".valenx-card-facts")]
    assert len(facts) == len(expected)
    for fact, post in zip(facts, expected, strict=True):
        assert re.fullmatch(post.card_facts(live_data()), fact), fact


def test_article_ends_with_one_row_of_links_back_to_the_posts(article: Tag) -> None:
    ends = article.select(".valenx-post-end")
    assert len(ends) == 1
    # The last thing on the page, after the related posts' cards.
    assert visible_text(article).endswith(visible_text(ends[0]))
    assert ends[0].find_previous(class_="valenx-cards") is not None
    links = [(visible_text(a), a["href"]) for a in ends[0].select("a")]
    assert links == [
        ("Back to Blog", link(ARTICLE, blog_page())),
        ("View All Posts »", link(ARTICLE, blog_page())),
    ]


def reading_heading(docname: str) -> str:
    """The heading right above a page's recommended-reading directive, as its source writes it."""
    found = re.search(
        r"^#+ (.+)\n+```\{recommended-reading\}",
        source_of(docname).read_text(encoding="utf-8"),
        re.M,
    )
    assert found is not None, f"{docname} has no heading right above its recommended-reading"
    return found[1]


def test_recommended_reading_is_a_section_of_cards_from_the_data(article: Tag) -> None:
    reading = article.select_one(".valenx-reading")
    assert reading is not None
    section = reading.find_parent("section")
    assert section is not None
    heading = section.find(["h2", "h3"])
    assert heading is not None
    assert visible_text(heading) == reading_heading(ARTICLE)
    assert section.select(".valenx-faq") == []  # not inside the FAQ's section
    items = {item.id: item for item in live_data().reading}
    shown = [items[item_id] for item_id in option_items(ARTICLE, "recommended-reading", "items")]
    # Each card: its title, then its note.
    assert [visible_text(title) for title in reading.select(".sd-card-title")] == [
        item.title for item in shown
    ]
    assert visible_text(reading) == " ".join(
        f"{item.title} {normalise(item.note)}" for item in shown
    )
    links = [a["href"] for a in reading.select(".sd-card-title a")]
    assert links == [item.url for item in shown if item.url]


def test_home_page_shows_the_posts_its_indexes_select(built_html: BuiltSite) -> None:
    home = article_body(built_html.outdir / "index.html")
    expected = post_index_cards(built_html.outdir, "index")
    assert [card_links(grid) for grid in home.select(".valenx-cards")] == [
        [(post.title, link("index", post.docname)) for post in grid] for grid in expected
    ]
    assert ("All posts, newest first »", link("index", blog_page())) in [
        (visible_text(a), a["href"]) for a in home.select("a")
    ]


def test_the_archive_lists_every_post_newest_first(built_html: BuiltSite) -> None:
    archive = blog_page()
    shown, page = [], built_html.outdir / f"{archive}.html"
    while True:  # page 1, then each "Next »" until the last page
        body = article_body(page)
        shown += [visible_text(title) for title in body.select(".sd-card-title")]
        following = body.select_one("a[rel=next]")
        if following is None:
            break
        page = (page.parent / str(following["href"])).resolve()
    assert shown == [post.title for post in newest_first(site_posts(built_html.outdir))]


@pytest.mark.parametrize("role", live_data().roles, ids=lambda role: role.id)
def test_role_profile_lists_the_posts_about_it(built_html: BuiltSite, role: Role) -> None:
    profile = article_body(built_html.outdir / f"{role.page}.html")
    about = [post for post in newest_first(site_posts(built_html.outdir)) if role.id in post.roles]
    (expected,) = post_index_cards(built_html.outdir, role.page)
    assert expected == [post for post in about if post.docname != role.page]
    assert card_links(profile) == [(post.title, link(role.page, post.docname)) for post in expected]


def test_pages_that_are_not_posts_have_no_byline(built_html: BuiltSite) -> None:
    for page in ["index.html", "contributing/data.html"]:
        assert article_body(built_html.outdir / page).select(".valenx-byline") == []


def card_link(buildername: str, page: str) -> str:
    """How the article's card for page links to it under each builder."""
    if buildername == "dirhtml":
        return f'href="{posixpath.relpath(page, ARTICLE)}/"'
    if buildername == "singlehtml":
        return f'href="#document-{page}"'
    if buildername == "epub":
        return f'href="{link(ARTICLE, page, ".xhtml")}"'
    return rf"\hyperref[\detokenize{{{page}::doc}}]"


@pytest.mark.parametrize(
    ("buildername", "output"),
    [
        ("dirhtml", f"{ARTICLE}/index.html"),
        ("singlehtml", "index.html"),
        ("epub", f"{ARTICLE}.xhtml"),
        ("latex", "valenxpress.tex"),
    ],
)
def test_cards_link_under_every_builder(
    buildername: str, output: str, built_site: Callable[[str], BuiltSite], built_html: BuiltSite
) -> None:
    site = built_site(buildername)

    text = (site.outdir / output).read_text(encoding="utf-8")
    assert site.warnings == ""
    for post in related_cards(built_html.outdir, ARTICLE):
        assert card_link(buildername, post.docname) in text
    # The byline's names and category are links in web pages: read their text as shown.
    shown = text if output.endswith(".tex") else visible_text(BeautifulSoup(text, "html.parser"))
    assert re.search(site_post(built_html.outdir, ARTICLE).byline(live_data()), shown)
    assert "View All Posts »" in text


def build_blog(tmp_path: Path, posts: dict[str, str]) -> BuiltSite:
    """Build the test blog with some posts replaced or added."""
    return build_site(write_blog(tmp_path, {**BLOG_POSTS, **posts}), "html")


def test_reading_time_leaves_out_code_and_tables(tmp_path: Path) -> None:
    code = "```python\n" + "x = 1\n" * 2000 + "```\n"
    table = "| a |\n| - |\n" + "| word word word |\n" * 500
    body = "word " * 350 + "\n\n" + code + "\n" + table
    site = build_blog(tmp_path, {"posts/alpha": blog_post("Alpha", body=body)})

    byline = article_body(site.outdir / "posts" / "alpha.html").select_one(".valenx-byline")
    assert byline is not None
    assert "Comparisons · 2 min read" in visible_text(byline)


def test_reading_time_counts_chinese_by_character(tmp_path: Path) -> None:
    body = "职业比较" * 300  # 1,200 characters at 500 a minute
    site = build_blog(tmp_path, {"posts/alpha": blog_post("Alpha", body=body)})

    page = visible_text(article_body(site.outdir / "posts" / "alpha.html"))
    assert "Comparisons · 3 min read" in page


def test_drafts_are_never_listed_or_related(tmp_path: Path) -> None:
    draft = blog_post(
        "Secret", tags="[salaries, careers]", roles="[ai-engineer]", extra="draft: true\n"
    )
    site = build_blog(tmp_path, {"posts/secret": draft})

    assert site.warnings == ""
    for page in ["index", *BLOG_POSTS]:
        assert "Secret" not in visible_text(article_body(site.outdir / f"{page}.html"))
    assert not (site.outdir / "posts" / "secret.html").exists()  # only a preview builds it


def test_related_options_pin_limit_and_weights(tmp_path: Path) -> None:
    alpha = blog_post("Alpha", tags="[salaries, careers]", roles="[ai-engineer]").replace(
        "```{related-posts}\n```",
        "```{related-posts}\n:pin: epsilon\n:limit: 2\n:weights: role=0, tag=1\n```",
    )
    site = build_blog(tmp_path, {"posts/alpha": alpha})

    assert site.warnings == ""
    related = article_body(site.outdir / "posts" / "alpha.html").select_one("#related-posts")
    assert related is not None
    # Epsilon is pinned; then Beta (salaries) and Gamma (careers) tie on tags, Beta is newer.
    assert [title for title, _ in card_links(related)] == ["Epsilon", "Beta"]


def test_post_index_filters(tmp_path: Path) -> None:
    index = (
        "# Blog\n\n```{post-index}\n:category: Guides\n```\n\n```{post-index}\n:tag: salaries\n"
        ":limit: 1\n```\n\n```{post-index}\n:role: ml-engineer\n```\n\n"
        "```{toctree}\n:hidden:\n:glob:\n\nposts/*\n```\n"
    )
    site = build_blog(tmp_path, {"index": index})

    grids = article_body(site.outdir / "index.html").select(".valenx-cards")
    assert [[title for title, _ in card_links(grid)] for grid in grids] == [
        ["Gamma", "Epsilon"],
        ["Alpha"],
        ["Beta", "Delta"],
    ]


FRONT_MATTER_CASES = [
    (
        "category: Comparisons",
        "category: Opinion",
        "posts/alpha.md:2: WARNING: category 'Opinion' is not one of Comparisons, Guides. "
        "Fix the spelling, or add it to valenx_categories in conf.py.",
    ),
    (
        "roles: [ai-engineer]",
        "roles: [ai-engineer, chief-wizard]",
        "posts/alpha.md:5: WARNING: unknown role 'chief-wizard' in 'roles'; the data file has: "
        "ai-engineer, ml-engineer.",
    ),
    (
        "roles: [ai-engineer]",
        "roles: [ai-engineer]\ncompares: [ai-engineer, chief-wizard]",
        "posts/alpha.md:6: WARNING: unknown role 'chief-wizard' in 'compares'; the data file "
        "has: ai-engineer, ml-engineer.",
    ),
    (
        "roles: [ai-engineer]",
        "roles: [ai-engineer]\ncompares: [ai-engineer]",
        "posts/alpha.md:6: WARNING: 'compares' names the two different roles the post compares, "
        "e.g. [ai-engineer, ml-engineer].",
    ),
    (
        "roles: [ai-engineer]",
        "roles: [ai-engineer]\ncompares: [ml-engineer, ml-engineer]",
        "posts/alpha.md:6: WARNING: 'compares' names the two different roles the post compares, "
        "e.g. [ai-engineer, ml-engineer].",
    ),
    (
        "updated: 2026-06",
        "updated: June 2026",
        "posts/alpha.md:6: WARNING: 'updated' 'June 2026' is not a date. "
        "Write YYYY-MM-DD or YYYY-MM.",
    ),
    (
        "updated: 2026-06",
        "updated: 2026-06\ndate: '2026-02-30'",
        "posts/alpha.md:7: WARNING: 'date' '2026-02-30' is not a date. "
        "Write YYYY-MM-DD or YYYY-MM.",
    ),
    (
        "summary: About Alpha.",
        "summary: ''",
        "posts/alpha.md:3: WARNING: the post has no 'summary'. Add one sentence for its cards.",
    ),
    (
        "tags: [salaries, careers]",
        "tags: {a: 1}",
        "posts/alpha.md:4: WARNING: 'tags' must be a list of words, like [python, careers].",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), FRONT_MATTER_CASES)
def test_bad_front_matter_gives_one_warning_at_its_line(
    old: str, new: str, expected: str, tmp_path: Path
) -> None:
    alpha = BLOG_POSTS["posts/alpha"].replace(old, new)
    site = build_blog(tmp_path, {"posts/alpha": alpha})

    assert warning_lines(site.warnings, tmp_path) == [f"ROOT/docs/{expected} [valenx.front_matter]"]
    assert "Alpha" in visible_text(article_body(site.outdir / "index.html"))


def test_updated_from_data_follows_the_data_file(tmp_path: Path) -> None:
    post = blog_post("Alpha", updated="data")
    srcdir = write_blog(tmp_path, {**BLOG_POSTS, "posts/alpha": post})
    data = tmp_path / "data" / "salaries.yaml"
    data.write_text(TEST_DATA.replace("as_of: 2026-06", "as_of: 2027-01"))

    site = build_site(srcdir, "html")

    assert "Updated January 2027" in visible_text(
        article_body(site.outdir / "posts" / "alpha.html")
    )


def test_unknown_reading_item_warns_at_the_page_line(tmp_path: Path) -> None:
    page = "# Reading\n\n```{recommended-reading}\n:items: no-such-book\n```\n"
    site = build_site(write_site(tmp_path, pages={"index": page}), "html")

    assert warning_lines(site.warnings, tmp_path) == [
        "ROOT/docs/index.md:3: WARNING: unknown reading 'no-such-book'; the data file has: none. "
        "[valenx.unknown_reading]"
    ]


READING_DATA = (
    TEST_DATA
    + "reading:\n"
    + "  - id: linked\n    title: A Linked Book\n    note: Worth a read.\n"
    + "    url: https://example.org/book\n"
    + "  - id: plain\n    title: A Plain Book\n    note: Also good.\n"
)


@pytest.mark.parametrize(
    ("title", "rubric"), [("", []), (":title: Further reading\n", ["Further reading"])]
)
def test_reading_cards_show_the_title_linked_when_it_has_a_url_then_the_note(
    tmp_path: Path, title: str, rubric: list[str]
) -> None:
    page = (
        f"# Reading\n\n## Books\n\n```{{recommended-reading}}\n:items: linked, plain\n{title}```\n"
    )
    site = build_site(write_site(tmp_path, pages={"index": page}, data=READING_DATA), "html")

    assert site.warnings == ""
    reading = article_body(site.outdir / "index.html").select_one(".valenx-reading")
    assert reading is not None
    # A title only when the page asks for one: the section's heading names the cards.
    assert [visible_text(tag) for tag in reading.select(".rubric")] == rubric
    cards = [
        (visible_text(card), [str(a["href"]) for a in card.select(".sd-card-title a")])
        for card in reading.select(".sd-card")
    ]
    assert cards == [
        ("A Linked Book Worth a read.", ["https://example.org/book"]),
        ("A Plain Book Also good.", []),
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (":limit: 0", ":limit: must be a whole number of at least 1, not '0'."),
        (":min-score: inf", ":min-score: must be a number, not 'inf'."),
        (":weights: role=nan", ":weights: takes role=N, tag=N, category=N, not 'role=nan'."),
        (":weights: colour=1", ":weights: takes role=N, tag=N, category=N, not 'colour=1'."),
        (":pin: no-such-post", ":pin: names 'no-such-post', which is not a page of the site."),
    ],
)
def test_bad_related_options_warn_at_the_directive(
    options: str, expected: str, tmp_path: Path
) -> None:
    alpha = BLOG_POSTS["posts/alpha"].replace(
        "```{related-posts}\n```", f"```{{related-posts}}\n{options}\n```"
    )
    site = build_blog(tmp_path, {"posts/alpha": alpha})

    line = alpha.splitlines().index("```{related-posts}") + 1
    assert warning_lines(site.warnings, tmp_path) == [
        f"ROOT/docs/posts/alpha.md:{line}: WARNING: {expected} [valenx.usage]"
    ]


def test_pins_count_towards_the_limit(tmp_path: Path) -> None:
    alpha = BLOG_POSTS["posts/alpha"].replace(
        "```{related-posts}\n```", "```{related-posts}\n:pin: gamma, /posts/epsilon\n:limit: 1\n```"
    )
    site = build_blog(tmp_path, {"posts/alpha": alpha})

    related = article_body(site.outdir / "posts" / "alpha.html").select_one("#related-posts")
    assert related is not None
    assert [title for title, _ in card_links(related)] == ["Gamma"]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("maybe", "'maybe'"),
        ('"yes"  # a comment', "'yes'"),
        # MyST hands lists over as JSON ("[true]"); the warning shows what the author typed.
        ("[yes]", "'[yes]'"),
    ],
)
def test_draft_must_be_true_or_false(written: str, shown: str, tmp_path: Path) -> None:
    alpha = blog_post("Alpha", extra=f"draft: {written}\n")
    site = build_blog(tmp_path, {"posts/alpha": alpha})

    assert warning_lines(site.warnings, tmp_path) == [
        f"ROOT/docs/posts/alpha.md:7: WARNING: 'draft' must be true or false, not {shown}. "
        "[valenx.front_matter]"
    ]


def role_pages_linked(links: list[Tag]) -> list[str]:
    """The role pages the home page's links lead to, in order, as docnames."""
    pages = {f"{role.page}.html": role.page for role in live_data().roles if role.page}
    return [pages[str(a["href"])] for a in links if str(a.get("href")) in pages]


def test_roles_are_listed_in_the_data_files_order_everywhere(built_html: BuiltSite) -> None:
    # Role profiles share a date (the data's edition), so the data file's order breaks the tie.
    order = [role.page for role in live_data().roles if role.page]
    home = built_html.outdir / "index.html"
    soup = BeautifulSoup(home.read_text(encoding="utf-8"), "html.parser")
    sidebar = soup.select_one(".sidebar-tree")
    assert sidebar is not None
    lists = {
        "the sidebar": role_pages_linked(sidebar.select("a")),
        "the home page's cards": role_pages_linked(article_body(home).select(".sd-card-title a")),
    }
    for where, shown in lists.items():
        assert shown, f"{where} list no role"
        assert shown == [page for page in order if page in shown], where

"""The archive, the tag and category indexes and their generated pages, as readers see them."""

import math
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Tag

from helpers import (
    ARTICLE,
    BuiltSite,
    article_body,
    blog_post,
    build_site,
    visible_text,
    warning_lines,
    write_blog,
)
from site_sources import site_post

BASE = "https://example.org/blog/"
PAGE_SIZE = 2
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
WEB_BUILDERS = ["html", "dirhtml"]


@dataclass(frozen=True)
class Spec:
    """A post the test blog has, as its front matter says."""

    docname: str
    title: str
    category: str
    tags: tuple[str, ...]
    updated: str  # YYYY-MM, what listings sort by
    published: str = ""  # YYYY-MM-DD, what the archive files it under when given

    def source(self) -> str:
        """The post's MyST source."""
        extra = f"date: {self.published}\n" if self.published else ""
        tags = "[" + ", ".join(self.tags) + "]"
        return blog_post(self.title, self.category, tags, updated=self.updated, extra=extra)

    @property
    def filed(self) -> tuple[int, int]:
        """The (year, month) the archive files the post under: published, else updated."""
        year, month = (self.published or self.updated).split("-")[:2]
        return int(year), int(month)


SPECS = [
    Spec("posts/alpha", "Alpha", "Comparisons", ("salaries", "careers"), "2026-06"),
    Spec("posts/beta", "Beta", "Comparisons", ("salaries", "Café"), "2026-05"),
    Spec("posts/gamma", "Gamma", "Career guides", ("C++", "salaries"), "2026-05"),
    Spec("posts/delta", "Delta", "Comparisons", ("careers",), "2026-02", "2025-12-15"),
    Spec("posts/epsilon", "Epsilon", "Career guides", ("salaries",), "2025-11"),
    Spec("posts/eta", "Eta", "Comparisons", (), "2025-11"),
    Spec("posts/zeta", "Zeta", "Comparisons", ("salaries", "机器学习"), "2025-03"),
]
# Readable addresses of the terms the posts use.
TAG_SLUGS = {
    "salaries": "salaries",
    "careers": "careers",
    "Café": "cafe",
    "C++": "c-plus-plus",
    "机器学习": "机器学习",
}
CATEGORY_SLUGS = {"Comparisons": "comparisons", "Career guides": "career-guides"}

INDEX = """\
# Blog

```{toctree}
:hidden:
:glob:

archive
tags
categories
posts/*
```
"""
LISTING_PAGES = {
    "archive": "# All posts\n\n```{archive}\n```\n",
    "tags": "# Topics\n\n```{taxonomy-index} tags\n```\n",
    "categories": "# Categories\n\n```{taxonomy-index} categories\n```\n",
}
CONF = f"""
project = "Test blog"
version = "1"
copyright = "2026, Test"
html_baseurl = "{BASE}"
valenx_page_size = {PAGE_SIZE}
valenx_categories = ["Comparisons", "Career guides", "How-tos"]
"""


def write_taxonomy_blog(root: Path, specs: list[Spec] = SPECS) -> Path:
    """The test blog with an archive, a tag and a category index; returns its docs/ folder."""
    pages = {"index": INDEX, **LISTING_PAGES, **{spec.docname: spec.source() for spec in specs}}
    docs = write_blog(root, pages)
    with (docs / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF)
    return docs


# What the test blog should show, worked out from SPECS.


def newest_first(specs: list[Spec]) -> list[Spec]:
    """The posts in listing order: latest updated first, then by page name."""
    by_name = sorted(specs, key=lambda spec: spec.docname)
    return sorted(by_name, key=lambda spec: spec.updated, reverse=True)


def terms(specs: list[Spec], field: str) -> dict[str, list[Spec]]:
    """Each tag (field "tags") or category ("category") with its posts, newest first."""
    grouped: dict[str, list[Spec]] = {}
    for spec in newest_first(specs):
        for name in spec.tags if field == "tags" else (spec.category,):
            grouped.setdefault(name, []).append(spec)
    return grouped


def by_year(specs: list[Spec]) -> dict[int, list[Spec]]:
    """Each year the archive files posts under, newest first, with its posts, latest first."""
    years: dict[int, list[Spec]] = {}
    for spec in sorted(newest_first(specs), key=lambda spec: spec.filed, reverse=True):
        years.setdefault(spec.filed[0], []).append(spec)
    return dict(sorted(years.items(), reverse=True))


def pages_of(first: str, items: int) -> list[str]:
    """The page names of a listing of items: first, then first/page-2 and on."""
    count = max(1, math.ceil(items / PAGE_SIZE))
    return [first] + [f"{first}/page-{number}" for number in range(2, count + 1)]


def chunks(specs: list[Spec]) -> list[list[Spec]]:
    """specs split into pages."""
    return [specs[start : start + PAGE_SIZE] for start in range(0, len(specs), PAGE_SIZE)]


@dataclass(frozen=True)
class Listing:
    """One paginated listing: its page names, and the posts each page shows."""

    pages: list[str]
    posts: list[list[Spec]]


def listings(specs: list[Spec]) -> dict[str, Listing]:
    """Every listing split into pages, by its first page's name."""
    found = {"archive": Listing(pages_of("archive", len(specs)), chunks(newest_first(specs)))}
    for year, posts in by_year(specs).items():
        found[f"archive/{year}"] = Listing(pages_of(f"archive/{year}", len(posts)), chunks(posts))
    for tag, posts in terms(specs, "tags").items():
        first = f"tags/{TAG_SLUGS[tag]}"
        found[first] = Listing(pages_of(first, len(posts)), chunks(posts))
    for category, posts in terms(specs, "category").items():
        first = f"categories/{CATEGORY_SLUGS[category]}"
        found[first] = Listing(pages_of(first, len(posts)), chunks(posts))
    return found


def generated_pages(specs: list[Spec]) -> set[str]:
    """The pages the build writes without a source."""
    return {page for listing in listings(specs).values() for page in listing.pages} - {"archive"}


# Reading the built site.


def page_file(name: str, buildername: str) -> str:
    """The output file of a page."""
    if buildername == "dirhtml":
        return "index.html" if name == "index" else f"{name}/index.html"
    return f"{name}.html"


def page_uri(name: str, buildername: str) -> str:
    """The page's address below the site's base URL."""
    if buildername == "dirhtml":
        return "" if name == "index" else f"{name}/"
    return f"{name}.html"


def target(from_file: str, href: str) -> str:
    """The output file a link on from_file leads to."""
    path = unquote(urlsplit(href).path)
    if not path:
        return from_file
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), path))
    if path.endswith("/"):
        joined = "index.html" if joined == "." else f"{joined}/index.html"
    return joined


@dataclass(frozen=True)
class Web:
    """A web build of the test blog and its builder's name."""

    site: BuiltSite
    buildername: str

    def file(self, name: str) -> str:
        """The output file of a page, relative to the output folder."""
        return page_file(name, self.buildername)

    def soup(self, name: str) -> BeautifulSoup:
        """A built page, whole."""
        html = (self.site.outdir / self.file(name)).read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")

    def body(self, name: str) -> Tag:
        """A built page's main content."""
        return article_body(self.site.outdir / self.file(name))

    def leads_to(self, name: str, link: Tag) -> str:
        """The output file a link on page name leads to; the test fails when it is missing."""
        found = target(self.file(name), str(link["href"]))
        assert (self.site.outdir / found).is_file(), f"{name}: {link} leads nowhere"
        return found


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], BuiltSite]:
    """The test blog built with a builder, once per module."""
    builds: dict[str, BuiltSite] = {}

    def built(buildername: str) -> BuiltSite:
        if buildername not in builds:
            srcdir = write_taxonomy_blog(tmp_path_factory.mktemp(f"blog-{buildername}"))
            builds[buildername] = build_site(srcdir, buildername)
        return builds[buildername]

    return built


@pytest.fixture(scope="module", params=WEB_BUILDERS)
def web(request: pytest.FixtureRequest, blog: Callable[[str], BuiltSite]) -> Web:
    """The test blog built for the web, with html and with dirhtml."""
    buildername: str = request.param
    return Web(blog(buildername), buildername)


def card_titles(element: Tag) -> list[str]:
    """The titles of the cards in element, in order."""
    return [visible_text(title) for title in element.select(".sd-card .sd-card-title")]


def heading(element: Tag) -> str:
    """The text of the page's title."""
    title = element.select_one("h1")
    assert title is not None
    return visible_text(title)


def titled(title: str, number: int, count: int) -> str:
    """A generated page's title, with its page number when the listing has more than one."""
    return title if count == 1 else f"{title} (page {number} of {count})"


def test_web_builds_warn_about_nothing(web: Web) -> None:
    assert web.site.warnings == ""


def test_pages_written_are_the_sources_and_the_generated_pages(web: Web) -> None:
    sources = {"index", "genindex", "search", *LISTING_PAGES, *(spec.docname for spec in SPECS)}
    expected = {web.file(name) for name in sources | generated_pages(SPECS)}

    written = {
        path.relative_to(web.site.outdir).as_posix()
        for path in web.site.outdir.rglob("*.html")
        if "_static" not in path.parts
    }

    assert written == expected


def test_archive_shows_every_post_newest_first_page_by_page(web: Web) -> None:
    archive = listings(SPECS)["archive"]
    assert len(archive.pages) > 2  # the test's point: several pages

    shown = []
    for number, (name, posts) in enumerate(zip(archive.pages, archive.posts, strict=True), 1):
        body = web.body(name)
        cards = body.select(".sd-card .sd-card-title a")
        assert card_titles(body) == [spec.title for spec in posts]
        assert [web.leads_to(name, card) for card in cards] == [
            web.file(spec.docname) for spec in posts
        ]
        title = "All posts" if number == 1 else f"All posts, page {number} of {len(archive.pages)}"
        assert heading(body) == title
        shown += card_titles(body)

    assert shown == [spec.title for spec in newest_first(SPECS)]


def test_every_listing_links_its_pages_by_number_and_in_order(web: Web) -> None:
    paginated = [listing for listing in listings(SPECS).values() if len(listing.pages) > 1]
    assert len(paginated) >= 4  # the archive, a year, a tag and a category

    for listing in paginated:
        files = [web.file(name) for name in listing.pages]
        for number, name in enumerate(listing.pages, 1):
            pager = web.body(name).select_one("nav.valenx-pager")
            assert pager is not None, name
            numbered = [link for link in pager.select("a") if not link.get("rel")]
            assert [visible_text(link) for link in numbered] == [
                str(page) for page in range(1, len(files) + 1)
            ]
            assert [web.leads_to(name, link) for link in numbered] == files
            current = pager.select("a[aria-current=page]")
            assert [visible_text(link) for link in current] == [str(number)]
            previous, following = pager.select("a[rel=prev]"), pager.select("a[rel=next]")
            assert [web.leads_to(name, link) for link in previous] == files[number - 2 : number - 1]
            assert [web.leads_to(name, link) for link in following] == files[number : number + 1]
            assert [visible_text(link) for link in previous + following] == (
                ["« Previous"] * len(previous) + ["Next »"] * len(following)
            )


def test_a_listing_of_one_page_has_no_page_links(web: Web) -> None:
    single = [listing for listing in listings(SPECS).values() if len(listing.pages) == 1]
    assert single

    for listing in single:
        assert web.body(listing.pages[0]).select("nav.valenx-pager") == []


@pytest.mark.parametrize(
    ("field", "home", "slugs", "title", "back"),
    [
        ("tags", "tags", TAG_SLUGS, "Posts tagged “{}”", "All tags"),
        ("category", "categories", CATEGORY_SLUGS, "Posts in “{}”", "All categories"),
    ],
    ids=["tags", "categories"],
)
def test_term_pages_list_exactly_the_posts_of_their_term(
    web: Web, field: str, home: str, slugs: dict[str, str], title: str, back: str
) -> None:
    found = terms(SPECS, field)
    assert any(len(posts) > PAGE_SIZE for posts in found.values())

    for name, posts in found.items():
        pages = pages_of(f"{home}/{slugs[name]}", len(posts))
        shown = []
        for number, page in enumerate(pages, 1):
            body = web.body(page)
            assert heading(body) == titled(title.format(name), number, len(pages))
            (back_link,) = body.select("p.valenx-back-link a")
            assert visible_text(back_link) == back
            assert web.leads_to(page, back_link) == web.file(home)
            shown += card_titles(body)
        assert shown == [spec.title for spec in posts], name


@pytest.mark.parametrize(
    ("field", "home", "slugs"),
    [("tags", "tags", TAG_SLUGS), ("category", "categories", CATEGORY_SLUGS)],
    ids=["tags", "categories"],
)
def test_index_lists_each_term_with_its_count_and_page(
    web: Web, field: str, home: str, slugs: dict[str, str]
) -> None:
    found = terms(SPECS, field)
    names = sorted(found, key=str.casefold)

    items = web.body(home).select("ul.valenx-terms > li")

    counts = [f"{len(found[name])} post{'s' * (len(found[name]) > 1)}" for name in names]
    assert [visible_text(item) for item in items] == [
        f"{name} ({count})" for name, count in zip(names, counts, strict=True)
    ]
    links = [item.select_one("a") for item in items]
    assert [web.leads_to(home, link) for link in links if link is not None] == [
        web.file(f"{home}/{slugs[name]}") for name in names
    ]


def test_year_pages_group_each_years_posts_by_month(web: Web) -> None:
    years = by_year(SPECS)
    assert len(years) > 1
    archive = web.body("archive")
    (year_links,) = archive.select("p.valenx-years")

    assert visible_text(year_links) == "By year: " + " · ".join(
        f"{year} ({len(posts)})" for year, posts in years.items()
    )
    assert [web.leads_to("archive", link) for link in year_links.select("a")] == [
        web.file(f"archive/{year}") for year in years
    ]
    for year, posts in years.items():
        pages = pages_of(f"archive/{year}", len(posts))
        for number, (page, shown) in enumerate(zip(pages, chunks(posts), strict=True), 1):
            body = web.body(page)
            assert heading(body) == titled(f"Posts from {year}", number, len(pages))
            assert months_shown(body) == months_of(shown)
            links = body.select("ul.valenx-year-posts a")
            assert [web.leads_to(page, link) for link in links] == [
                web.file(spec.docname) for spec in shown
            ]


def months_shown(body: Tag) -> list[tuple[str, list[str]]]:
    """Each month heading of a year page with the titles listed under it."""
    lists = body.select("ul.valenx-year-posts")
    months = zip(body.select(":has(+ ul.valenx-year-posts)"), lists, strict=True)
    return [
        (visible_text(month), [visible_text(link) for link in posts.select("a")])
        for month, posts in months
    ]


def months_of(posts: list[Spec]) -> list[tuple[str, list[str]]]:
    """Month headings and titles for posts, in order."""
    grouped: list[tuple[str, list[str]]] = []
    for spec in posts:
        year, month = spec.filed
        label = f"{MONTHS[month - 1]} {year}"
        if not grouped or grouped[-1][0] != label:
            grouped.append((label, []))
        grouped[-1][1].append(spec.title)
    return grouped


def test_byline_links_the_category_and_each_tag_to_its_page(web: Web) -> None:
    for spec in SPECS:
        body = web.body(spec.docname)
        (category,) = body.select("p.valenx-byline-meta a")
        assert visible_text(category) == spec.category
        assert web.leads_to(spec.docname, category) == web.file(
            f"categories/{CATEGORY_SLUGS[spec.category]}"
        )
        tag_line = body.select("p.valenx-byline-tags")
        if not spec.tags:
            assert tag_line == []
            continue
        (tags,) = tag_line
        assert visible_text(tags) == "Tags: " + ", ".join(spec.tags)
        assert [web.leads_to(spec.docname, link) for link in tags.select("a")] == [
            web.file(f"tags/{TAG_SLUGS[tag]}") for tag in spec.tags
        ]


def test_generated_pages_name_their_own_address_as_canonical(web: Web) -> None:
    for name in sorted(generated_pages(SPECS) | set(LISTING_PAGES)):
        canonical = web.soup(name).select('link[rel="canonical"]')
        assert [unquote(str(link["href"])) for link in canonical] == [
            BASE + page_uri(name, web.buildername)
        ]


def test_term_pages_link_their_atom_feed(web: Web) -> None:
    for first, listing in listings(SPECS).items():
        if first.startswith("archive"):
            continue
        feed = f"{first}.atom"  # beside the term's first page: tags/careers.atom
        for page in listing.pages:
            feeds = web.soup(page).select('head link[rel="alternate"][type="application/atom+xml"]')
            own = [link for link in feeds if link.get("title") == heading(web.body(page))]
            assert [web.leads_to(page, link) for link in own] == [feed]
            (visible,) = web.body(page).select("p.valenx-feed-link a")
            assert visible_text(visible) == "Atom feed of these posts"
            assert web.leads_to(page, visible) == feed


def test_sitemap_lists_every_page_once(web: Web) -> None:
    tree = ElementTree.parse(web.site.outdir / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [unquote(str(loc.text)) for loc in tree.getroot().findall("s:url/s:loc", namespace)]
    pages = {"index", "genindex", "search", *LISTING_PAGES, *(spec.docname for spec in SPECS)}

    assert len(locations) == len(set(locations))
    assert set(locations) == {
        BASE + page_uri(name, web.buildername) for name in pages | generated_pages(SPECS)
    }


# Builders without generated pages show each whole listing on its index page.

OTHER_BUILDERS = ["singlehtml", "epub", "latex", "text"]
GENERATED_FOLDERS = {"archive", "tags", "categories"}


@pytest.mark.parametrize("buildername", OTHER_BUILDERS)
def test_other_builders_get_no_generated_pages_and_no_warning(
    blog: Callable[[str], BuiltSite], buildername: str
) -> None:
    site = blog(buildername)

    assert site.warnings == ""
    assert [
        path.relative_to(site.outdir)
        for path in site.outdir.iterdir()
        if path.is_dir() and path.name in GENERATED_FOLDERS
    ] == []


def term_sections(page: Tag, taxonomy: str) -> dict[str, list[str]]:
    """Each term of a taxonomy index with the titles listed under it (builders without pages)."""
    index = page.select_one(f".valenx-terms.valenx-{taxonomy}")
    assert index is not None
    sections = zip(index.select("p.rubric"), index.select("p.rubric + ul"), strict=True)
    return {
        visible_text(rubric): [visible_text(link) for link in posts.select("a")]
        for rubric, posts in sections
    }


def titles_by_term(field: str) -> dict[str, list[str]]:
    """Each tag or category with its posts' titles, in the order the index lists them."""
    found = terms(SPECS, field)
    return {name: [spec.title for spec in found[name]] for name in sorted(found, key=str.casefold)}


def test_single_page_html_lists_everything_and_links_no_term_page(
    blog: Callable[[str], BuiltSite],
) -> None:
    soup = BeautifulSoup(
        (blog("singlehtml").outdir / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    archive = soup.select_one("section#all-posts")
    assert archive is not None

    assert card_titles(archive) == [spec.title for spec in newest_first(SPECS)]
    assert term_sections(soup, "tags") == titles_by_term("tags")
    assert term_sections(soup, "categories") == titles_by_term("category")
    bylines = soup.select("p.valenx-byline-tags, p.valenx-byline-meta")
    assert bylines
    assert [link for line in bylines for link in line.select("a")] == []


def test_epub_lists_everything_on_the_index_pages(blog: Callable[[str], BuiltSite]) -> None:
    outdir = blog("epub").outdir

    def body(name: str) -> BeautifulSoup:
        return BeautifulSoup((outdir / f"{name}.xhtml").read_text(encoding="utf-8"), "html.parser")

    assert card_titles(body("archive")) == [spec.title for spec in newest_first(SPECS)]
    assert term_sections(body("tags"), "tags") == titles_by_term("tags")
    assert term_sections(body("categories"), "categories") == titles_by_term("category")
    for spec in SPECS:
        assert body(spec.docname).select(".valenx-byline a") == []


def test_text_lists_everything_on_the_index_pages(blog: Callable[[str], BuiltSite]) -> None:
    outdir = blog("text").outdir
    titles = {spec.title for spec in SPECS}

    def lines(name: str) -> list[str]:
        """The page's lines, a title or link written "*Title*" as "Title"."""
        text = (outdir / f"{name}.txt").read_text(encoding="utf-8")
        return [re.sub(r"^(\* )?\*(.+)\*$", r"\1\2", line) for line in text.splitlines()]

    def grouped(name: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for line in lines(name):
            if rubric := re.fullmatch(r"-\[ (.+) \]-", line):
                found[rubric[1]] = []
            elif line.startswith("* "):
                found[list(found)[-1]].append(line.removeprefix("* "))
        return found

    assert [line for line in lines("archive") if line in titles] == [
        spec.title for spec in newest_first(SPECS)
    ]
    assert grouped("tags") == titles_by_term("tags")
    assert grouped("categories") == titles_by_term("category")
    for spec in SPECS:
        byline = "\n".join(lines(spec.docname))
        assert f"· {spec.category} ·" in byline
        if spec.tags:
            assert f"Tags: {', '.join(spec.tags)}" in byline


def test_latex_lists_everything_and_refers_to_no_generated_page(
    blog: Callable[[str], BuiltSite],
) -> None:
    (tex_file,) = blog("latex").outdir.glob("*.tex")
    tex = tex_file.read_text(encoding="utf-8")
    chapters = dict(re.findall(r"\\chapter\{([^}]*)\}(.*?)(?=\\chapter\{|\Z)", tex, re.DOTALL))
    by_name = {spec.docname: spec.title for spec in SPECS}

    def titles(text: str) -> list[str]:
        return [by_name[name] for name in re.findall(r"\\detokenize\{(posts/\w+)::doc\}", text)]

    assert titles(chapters["All posts"]) == [spec.title for spec in newest_first(SPECS)]
    sections = re.split(r"\\subsubsection\*\{([^}]*)\}", chapters["Topics"])[1:]
    assert dict(zip(sections[::2], map(titles, sections[1::2]), strict=True)) == titles_by_term(
        "tags"
    )
    assert not re.search(r"\\detokenize\{(archive|tags|categories)/", tex)


# Warnings, located, on every build.

WARNING_PAGES = {
    "index": INDEX.replace("posts/*", "topics\ntags/careers\nposts/*"),
    "archive": LISTING_PAGES["archive"],
    # The tags' home holds a second tags index: its pages are generated once.
    "tags": LISTING_PAGES["tags"]
    + "\n```{taxonomy-index} labels\n```\n\n```{taxonomy-index} Tags\n```\n",
    "categories": LISTING_PAGES["categories"],
    "topics": "# More\n\n```{archive}\n```\n\n"
    "```{taxonomy-index} categories\n:page-size: 0\n```\n\n"
    "```{archive}\n:page-size: two\n```\n",
    "tags/careers": "# Careers\n\nA page of its own.\n",
    "posts/a": blog_post("Alpha", tags="[Machine Learning, careers]"),
    "posts/b": blog_post("Beta", tags="[machine learning]"),
    "posts/c": blog_post("Gamma", tags="[Machine-Learning, C++]"),
    "posts/d": blog_post("ALPHA", tags="[C plus plus]"),
    "posts/e": blog_post("Epsilon", category="comparisons"),
}
EXPECTED_WARNINGS = [
    "ROOT/docs/topics.md:6: WARNING: :page-size: must be a whole number of at least 1, not '0'. "
    "[valenx.usage]",
    "ROOT/docs/topics.md:10: WARNING: :page-size: must be a whole number of at least 1, not 'two'. "
    "[valenx.usage]",
    "ROOT/docs/tags.md:6: WARNING: taxonomy-index takes one of tags, categories, authors, "
    "not 'labels'. [valenx.usage]",
    "ROOT/docs/topics.md:3: WARNING: the site already lists its archive at ROOT/docs/archive.md:3; "
    "a listing of the whole site belongs on one page. Remove one of them. [valenx.usage]",
    "ROOT/docs/tags.md:9: WARNING: the site already lists its tags at ROOT/docs/tags.md:3; "
    "a listing of the whole site belongs on one page. Remove one of them. [valenx.usage]",
    "ROOT/docs/posts/d.md:9: WARNING: the post 'posts/a' has the same title, 'ALPHA'; readers "
    "cannot tell their cards, links and feed entries apart. Give one of them another title. "
    "[valenx.front_matter]",
    "ROOT/docs/posts/b.md:4: WARNING: tags 'machine learning' differs from 'Machine Learning', "
    "used by other posts, only by case or spacing. Write 'Machine Learning'. "
    "[valenx.front_matter]",
    "ROOT/docs/posts/c.md:4: WARNING: tags 'Machine-Learning' differs from 'Machine Learning', "
    "used by other posts, only by case or spacing. Write 'Machine Learning'. "
    "[valenx.front_matter]",
    "ROOT/docs/posts/d.md:4: WARNING: tags 'C plus plus' and 'C++' would share one page "
    "address; readers would find both under one name. Write one of them, or rename one. "
    "[valenx.front_matter]",
    "ROOT/docs/posts/e.md:2: WARNING: category 'comparisons' differs from 'Comparisons', used by "
    "other posts, only by case or spacing. Write 'Comparisons'. [valenx.front_matter]",
    "ROOT/docs/tags/careers.md: WARNING: the generated page 'tags/careers' has the address of "
    "the page ROOT/docs/tags/careers.md, which wins. Rename the tag, category or author, or "
    "move that page. [valenx.usage]",
]


def test_every_problem_is_one_located_warning_on_every_build(tmp_path: Path) -> None:
    srcdir = write_blog(tmp_path, WARNING_PAGES)
    categories = {"valenx_categories": ["Comparisons", "Guides", "comparisons"]}

    builds = [build_site(srcdir, confoverrides=categories) for _ in range(2)]

    for site in builds:
        assert sorted(warning_lines(site.warnings, tmp_path)) == sorted(EXPECTED_WARNINGS)
    # The real page keeps its address; the tag's posts still link to it.
    careers = article_body(builds[1].outdir / "tags" / "careers.html")
    assert heading(careers) == "Careers"


def test_two_listings_on_one_page_warn_that_their_pages_would_share_addresses(
    tmp_path: Path,
) -> None:
    # A tag and a category both called "Guides" would both be browse/guides.
    pages = {
        "index": INDEX.replace("archive\ntags\ncategories", "browse"),
        "browse": LISTING_PAGES["tags"] + "\n" + LISTING_PAGES["categories"].partition("\n\n")[2],
        "posts/a": blog_post("Alpha", category="Guides", tags="[Guides]"),
    }
    srcdir = write_blog(tmp_path, pages)

    builds = [build_site(srcdir) for _ in range(2)]

    for site in builds:
        assert warning_lines(site.warnings, tmp_path) == [
            "ROOT/docs/browse.md:3: WARNING: the tags and the categories are listed on one page, "
            "so their generated pages would share the addresses under browse/. Give each listing "
            "a page of its own. [valenx.usage]"
        ]


# The real site.


def test_article_links_its_category_and_tags_to_pages_listing_it(built_html: BuiltSite) -> None:
    post = site_post(built_html.outdir, ARTICLE)
    assert post.tags
    outdir = built_html.outdir
    source = f"{ARTICLE}.html"
    body = article_body(outdir / source)

    meta = body.select("p.valenx-byline-meta a")
    (category,) = [link for link in meta if visible_text(link) == post.category]
    (tag_line,) = body.select("p.valenx-byline-tags")
    tags = tag_line.select("a")

    assert visible_text(category) == post.category
    assert [visible_text(tag) for tag in tags] == list(post.tags)
    pages = [(category, f"Posts in “{post.category}”")]
    pages += [(tag, f"Posts tagged “{name}”") for tag, name in zip(tags, post.tags, strict=True)]
    for link, title in pages:
        first = target(source, str(link["href"]))
        assert (outdir / first).is_file(), f"{title}: {first} is missing"
        assert heading(article_body(outdir / first)) == title
        titles = [visible_text(card) for card in listing_titles(outdir, first)]
        assert post.title in titles, f"{first} does not list the article"


def listing_titles(outdir: Path, first: str) -> Iterator[Tag]:
    """The card titles of a listing, following its "Next" links page by page."""
    page: str | None = first
    while page is not None:
        body = article_body(outdir / page)
        yield from body.select(".sd-card .sd-card-title")
        following = body.select_one("nav.valenx-pager a[rel=next]")
        page = None if following is None else target(page, str(following["href"]))

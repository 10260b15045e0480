"""Atom feeds: the site's, and each tag's, category's and author's, valid and as the posts say.

The small site tests/roots/test-feeds has a tags, a categories and an authors
index page, six posts (one a draft) and two authors; what each feed lists is
worked out from the posts' front matter. The real site's feeds are checked too.
"""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from feedgen.entry import FeedEntry
from lxml import etree

from helpers import (
    BLOG_POSTS,
    REPO,
    TEST_DATA,
    BuiltSite,
    blog_post,
    build_site,
    make_production,
    warning_lines,
    write_blog,
)
from site_sources import newest_first, site_posts
from valenx_kb.taxonomy import slugify

ROOT = REPO / "tests" / "roots" / "test-feeds"
BASE = "https://example.org/kb/"  # html_baseurl of the test site
SITE = "Valenx Press"  # its project
REAL_BASE = "https://valenx-press.readthedocs.io/en/latest/"
ATOM_SCHEMA = etree.RelaxNG(etree.parse(str(REPO / "tests" / "schemas" / "atom.rng")))
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
# The test site's index pages, by taxonomy: each is the folder of its term pages and feeds.
HOMES = {"tags": "tags", "categories": "categories", "authors": "authors"}
# A production build on a day after every post's date: no preview, nothing scheduled.
FEED_TITLES = {
    "tags": SITE + ": posts tagged “{name}”",
    "categories": SITE + ": {name}",
    "authors": SITE + ": posts by {name}",
}


def copy_root(destination: Path) -> Path:
    """The test site under destination, with the real schemas and test salaries; its docs/."""
    shutil.copytree(ROOT, destination)
    for schema in ("salaries.schema.json", "authors.schema.json"):
        shutil.copy(REPO / "data" / schema, destination / "data")
    (destination / "data" / "salaries.yaml").write_text(TEST_DATA, encoding="utf-8")
    return destination / "docs"


@pytest.fixture(autouse=True)
def production(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build of a test is a production build on the same day."""
    make_production(monkeypatch)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], BuiltSite]:
    """The unchanged test site, built once per kind of build: "html", "dirhtml", "full"."""
    builds: dict[str, BuiltSite] = {}

    def build(kind: str) -> BuiltSite:
        if kind not in builds:
            docs = copy_root(tmp_path_factory.mktemp("feeds") / "site")
            overrides = {"valenx_feed_full_content": True} if kind == "full" else None
            builder = "dirhtml" if kind == "dirhtml" else "html"
            builds[kind] = build_site(docs, builder, confoverrides=overrides)
        return builds[kind]

    return build


@dataclass(frozen=True)
class SourcePost:
    """A post of the test site as its source says."""

    docname: str
    title: str
    category: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    sort_date: str  # updated, else date
    draft: bool


def source_posts(docs: Path) -> list[SourcePost]:
    """The published posts of a test site, newest first (then by name), as listings order them."""
    posts = []
    for path in sorted((docs / "posts").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---\n")[1])
        title = next(line[2:] for line in text.splitlines() if line.startswith("# "))
        posts.append(
            SourcePost(
                docname=path.relative_to(docs).with_suffix("").as_posix(),
                title=title,
                category=meta["category"],
                tags=tuple(meta.get("tags") or ()),
                authors=tuple(meta.get("authors") or ()),
                sort_date=str(meta.get("updated") or meta.get("date") or ""),
                draft=bool(meta.get("draft")),
            )
        )
    published = sorted((post for post in posts if not post.draft), key=lambda post: post.docname)
    return sorted(published, key=lambda post: post.sort_date, reverse=True)


def author_names(docs: Path) -> dict[str, str]:
    """Each author id of the test site's authors file, and the name shown."""
    data = yaml.safe_load((docs.parent / "data" / "authors.yaml").read_text(encoding="utf-8"))
    return {author["id"]: author["name"] for author in data["authors"]}


@dataclass(frozen=True)
class ExpectedFeed:
    """A feed the test site should have: its title, the page it is about, its posts."""

    title: str
    page: str  # page name of the page the feed describes; "" for the whole site
    posts: list[str]


def expected_feeds(docs: Path, length: int = 20) -> dict[str, ExpectedFeed]:
    """Every feed file the test site's sources call for, by path in the output folder."""
    posts = source_posts(docs)
    feeds = {"feed.atom": ExpectedFeed(f"{SITE}: all posts", "", [p.docname for p in posts])}
    names = author_names(docs)
    for taxonomy, folder in HOMES.items():
        terms: dict[str, tuple[str, list[str]]] = {}
        for post in posts:
            written = {"tags": post.tags, "categories": (post.category,), "authors": post.authors}
            for term in written[taxonomy]:
                slug = term if taxonomy == "authors" else slugify(term)
                shown = names.get(term, term) if taxonomy == "authors" else term
                terms.setdefault(slug, (shown, []))[1].append(post.docname)
        for slug, (name, docnames) in terms.items():
            title = FEED_TITLES[taxonomy].format(name=name)
            feeds[f"{folder}/{slug}.atom"] = ExpectedFeed(title, f"{folder}/{slug}", docnames)
    return {path: ExpectedFeed(f.title, f.page, f.posts[:length]) for path, f in feeds.items()}


def feed_files(outdir: Path) -> dict[str, bytes]:
    """Every Atom feed a build wrote, by path in the output folder."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*.atom"))
    }


def assert_valid_atom(data: bytes, name: str) -> None:
    """data parses without error and is Atom by RFC 4287's schema and its two other rules."""
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, f"{name}: {parsed.get('bozo_exception')}"
    document = etree.fromstring(data)
    assert ATOM_SCHEMA.validate(document), f"{name}: {ATOM_SCHEMA.error_log}"
    # The schema's Schematron rules, which RELAX NG does not check.
    entries = document.xpath("atom:entry", namespaces=ATOM)
    feed_author = document.xpath("boolean(atom:author)", namespaces=ATOM)
    for entry in entries:
        assert feed_author or entry.xpath("boolean(atom:author)", namespaces=ATOM), name
        assert entry.xpath(
            "boolean(atom:link[@rel='alternate' or not(@rel)] or atom:content)", namespaces=ATOM
        ), name


def page_address(page: str, buildername: str) -> str:
    """A page's address below the base URL."""
    return f"{page}.html" if buildername == "html" else f"{page}/"


def output_of(page: str, buildername: str) -> str:
    """The file a page is written to, in the output folder."""
    return f"{page}.html" if buildername == "html" else f"{page}/index.html"


@pytest.mark.parametrize("kind", ["html", "dirhtml", "full"])
def test_every_feed_is_valid_atom(kind: str, built: Callable[[str], BuiltSite]) -> None:
    site = built(kind)
    feeds = feed_files(site.outdir)

    assert warning_lines(site.warnings, ROOT) == []
    assert len(feeds) == len(expected_feeds(ROOT / "docs"))
    for name, data in feeds.items():
        assert_valid_atom(data, name)


@pytest.mark.parametrize("kind", ["html", "dirhtml"])
def test_each_tag_category_and_author_has_a_feed_of_its_posts_newest_first(
    kind: str, built: Callable[[str], BuiltSite]
) -> None:
    outdir = built(kind).outdir
    expected = expected_feeds(ROOT / "docs")

    assert sorted(feed_files(outdir)) == sorted(expected)
    for path, want in expected.items():
        feed = feedparser.parse((outdir / path).read_bytes())
        assert feed.feed.title == want.title
        links = {link.rel: link.href for link in feed.feed.links}
        described = BASE + (page_address(want.page, kind) if want.page else "")
        assert links == {"alternate": described, "self": BASE + path}
        assert feed.feed.id == described
        entries = [entry.link for entry in feed.entries]
        assert entries == [BASE + page_address(docname, kind) for docname in want.posts], path


def test_entries_carry_each_posts_title_summary_category_and_authors(
    built: Callable[[str], BuiltSite],
) -> None:
    feed = feedparser.parse((built("html").outdir / "feed.atom").read_bytes())
    names = author_names(ROOT / "docs")

    for entry, post in zip(feed.entries, source_posts(ROOT / "docs"), strict=True):
        assert entry.title == post.title
        assert entry.summary == f"About {post.title}."
        assert [tag.term for tag in entry.tags] == [post.category]
        assert [author.name for author in entry.authors] == (
            [names[author_id] for author_id in post.authors] or [SITE]
        )
        assert "content" not in entry  # the summary only, by default


def test_a_draft_is_in_no_feed(built: Callable[[str], BuiltSite]) -> None:
    feeds = feed_files(built("html").outdir)

    assert not any("zqx" in name for name in feeds)
    assert not any(b"Zqx" in data or b"zqx" in data for data in feeds.values())


def test_a_preview_builds_the_draft_but_no_feed_lists_it(tmp_path: Path) -> None:
    site = build_site(copy_root(tmp_path / "site"), confoverrides={"valenx_preview": True})
    feeds = feed_files(site.outdir)

    assert (site.outdir / "posts" / "draft.html").is_file()
    assert sorted(feeds) == sorted([*expected_feeds(ROOT / "docs"), "tags/zqxdrafttag.atom"])
    # The draft's tag has a page in a preview, so its feed is there for the page's link.
    assert feedparser.parse(feeds["tags/zqxdrafttag.atom"]).entries == []
    for path, data in feeds.items():
        assert_valid_atom(data, path)
        assert b"posts/draft.html" not in data, path


def test_feeds_hold_the_newest_valenx_feed_length_posts(tmp_path: Path) -> None:
    site = build_site(copy_root(tmp_path / "site"), confoverrides={"valenx_feed_length": 2})
    expected = expected_feeds(ROOT / "docs", length=2)

    assert any(len(feed.posts) < len(source_posts(ROOT / "docs")) for feed in expected.values())
    for path, want in expected.items():
        feed = feedparser.parse((site.outdir / path).read_bytes())
        assert [entry.link for entry in feed.entries] == [
            f"{BASE}{docname}.html" for docname in want.posts
        ], path


def test_full_content_is_the_posts_text_with_absolute_links(
    built: Callable[[str], BuiltSite],
) -> None:
    outdir = built("full").outdir
    feed = feedparser.parse((outdir / "feed.atom").read_bytes())

    assert feed.entries
    for entry in feed.entries:
        (content,) = entry.content
        assert content.type == "text/html"
        body = BeautifulSoup(content.value, "html.parser")
        page = BeautifulSoup(Path(outdir, entry.link.removeprefix(BASE)).read_text(), "html.parser")
        article = page.select_one('[role="main"]')
        assert article is not None
        # The post's own text, as its page shows it.
        first = article.select_one("section > p:not([class])")
        assert first is not None
        assert first.get_text() in body.get_text()
        assert "¶" not in body.get_text()
        for element in body.find_all(href=True) + body.find_all(src=True):
            address = str(element.get("href") or element.get("src"))
            assert address.startswith(BASE), address
            target = address.removeprefix(BASE).partition("#")[0]
            assert (outdir / target).is_file(), address
    alpha = next(entry for entry in feed.entries if entry.link == f"{BASE}posts/alpha.html")
    assert f'src="{BASE}_images/dot.svg"' in alpha.content[0].value
    assert f'href="{BASE}posts/alpha.html#the-details"' in alpha.content[0].value


def test_feeds_are_the_same_after_edits_as_from_a_fresh_build(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    build_site(docs)
    beta = docs / "posts" / "beta.md"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace("[salaries, R&D]", "[salaries, fresh]"),
        encoding="utf-8",
    )

    incremental = build_site(docs)
    shutil.copytree(docs.parent, tmp_path / "fresh", ignore=shutil.ignore_patterns("_build"))
    fresh = build_site(tmp_path / "fresh" / "docs")

    feeds = feed_files(incremental.outdir)
    assert "tags/r-and-d.atom" not in feeds  # its last post dropped the tag
    assert "tags/fresh.atom" in feeds
    assert sorted(feeds) == sorted(expected_feeds(docs))
    assert feeds == feed_files(fresh.outdir)


def test_turning_full_content_on_rewrites_the_feeds_once(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    build_site(docs)
    conf = docs / "conf.py"
    conf.write_text(conf.read_text() + "valenx_feed_full_content = True\n", encoding="utf-8")

    first = feed_files(build_site(docs).outdir)
    again = build_site(docs)

    assert again.read == []
    assert again.written == []
    assert feed_files(again.outdir) == first
    feed = feedparser.parse(first["feed.atom"])
    assert all(entry.content for entry in feed.entries)


def test_parallel_build_writes_the_same_feeds(tmp_path: Path) -> None:
    overrides = {"valenx_feed_full_content": True}
    serial = build_site(copy_root(tmp_path / "serial"), confoverrides=overrides)
    parallel = build_site(copy_root(tmp_path / "parallel"), parallel=2, confoverrides=overrides)

    assert feed_files(parallel.outdir) == feed_files(serial.outdir)


@pytest.mark.parametrize("kind", ["html", "dirhtml"])
def test_term_pages_link_their_feed_and_every_page_the_sites(
    kind: str, built: Callable[[str], BuiltSite]
) -> None:
    outdir = built(kind).outdir
    feeds = {path for path, feed in expected_feeds(ROOT / "docs").items() if feed.page}

    for path in feeds:
        page = outdir / output_of(path.removesuffix(".atom"), kind)
        linked = [(page.parent / href).resolve() for href in feed_links(page)]
        assert linked == [outdir / "feed.atom", outdir / path]
    for page in outdir.rglob("*.html"):
        assert (page.parent / feed_links(page)[0]).resolve() == outdir / "feed.atom", page


def feed_links(page: Path) -> list[str]:
    """The addresses of the Atom feeds a page's head links."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [
        str(link["href"]) for link in soup.find_all("link", attrs={"type": "application/atom+xml"})
    ]


# The real site.


def test_every_feed_of_the_site_is_valid_atom(built_html: BuiltSite) -> None:
    feeds = feed_files(built_html.outdir)

    assert "feed.atom" in feeds
    for name, data in feeds.items():
        assert_valid_atom(data, name)


def test_site_feed_lists_every_post_newest_first(built_html: BuiltSite) -> None:
    feed = feedparser.parse((built_html.outdir / "feed.atom").read_bytes())

    assert feed.bozo == 0
    assert feed.feed.title == "Valenx Press: all posts"
    entries = [
        (entry.title, entry.link, entry.updated[:10], entry.summary) for entry in feed.entries
    ]
    assert (
        entries
        == [
            (post.title, f"{REAL_BASE}{post.docname}.html", post.sort_date, post.summary)
            for post in newest_first(site_posts(built_html.outdir))
        ][:20]
    )


def test_every_page_of_the_site_links_the_feed(built_html: BuiltSite) -> None:
    for page in built_html.outdir.rglob("*.html"):
        links = feed_links(page)
        assert links, page
        if page.name == "404.html":  # served at any path, so its links are absolute
            assert links[0] == "/en/latest/feed.atom"
        else:
            assert (page.parent / links[0]).resolve() == built_html.outdir / "feed.atom"


# Values a feed cannot carry.


def test_site_feed_is_newest_first_and_leaves_out_drafts(tmp_path: Path) -> None:
    draft = blog_post("Secret", extra="draft: true\n")
    site = build_site(write_blog(tmp_path, {**BLOG_POSTS, "posts/secret": draft}), "html")

    feed = feedparser.parse((site.outdir / "feed.atom").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]


def test_a_conf_value_no_feed_can_carry_removes_the_old_feeds(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    assert len(feed_files(build_site(docs).outdir)) > 1
    with (docs / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('valenx_publisher = "Valenx\\x07 Press"\n')

    site = build_site(docs)

    assert warning_lines(site.warnings, tmp_path) == [
        "WARNING: no feed was written: All strings must be XML compatible: Unicode or "
        "ASCII, no NULL bytes or control characters. Check project, valenx_publisher, "
        "html_baseurl and language in conf.py. [valenx.config]"
    ]
    # A feed left from the earlier build would be published as if it were current.
    assert feed_files(site.outdir) == {}
    assert (site.outdir / "robots.txt").is_file()


def test_a_post_no_feed_can_carry_is_left_out_of_all_with_one_warning_at_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Titles, summaries and categories lose their control characters and Sphinx quotes
    # file names in links, so no post is known to reach this; feedgen is made to refuse one.
    atom_entry = FeedEntry.atom_entry

    def refusing_beta(entry: Any, extensions: bool = True) -> Any:
        if entry.title() == "Beta":
            raise ValueError("the value is refused")
        return atom_entry(entry, extensions)

    monkeypatch.setattr(FeedEntry, "atom_entry", refusing_beta)

    site = build_site(copy_root(tmp_path / "site"))

    assert warning_lines(site.warnings, tmp_path) == [
        "ROOT/site/docs/posts/beta.md: WARNING: the post is left out of the feeds: the value "
        "is refused. Check the post's file name, title, summary and category. "
        "[valenx.front_matter]"
    ]
    feeds = feed_files(site.outdir)
    assert not any(b"posts/beta.html" in data for data in feeds.values())
    salaries = feedparser.parse(feeds["tags/salaries.atom"])
    assert [entry.title for entry in salaries.entries] == ["Alpha"]

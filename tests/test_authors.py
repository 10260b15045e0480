"""Authors: the authors file, bylines that name them, their JSON-LD and feed entries.

The small site tests/roots/test-authors has two authors and posts with none,
one and two of them; expectations come from its authors file and front matter.
"""

import json
import os
import shutil
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from test_incremental import comparable, fresh_build_of

from helpers import (
    REPO,
    TEST_DATA,
    BuiltSite,
    build_site,
    output_files,
    visible_text,
    warning_lines,
)
from site_sources import AUTHORS_SCHEMA_FILE, PUBLISHER, joined_names, live_authors
from valenx_kb import author_data
from valenx_kb.author_data import AuthorsFile, load_authors, parse_authors
from valenx_kb.data import DataError
from valenx_kb.records import Author

ROOT = REPO / "tests" / "roots" / "test-authors"
POSTS = ["posts/unsigned", "posts/solo", "posts/pair"]
BASE = "https://example.org/kb/"  # html_baseurl of the test site
AUTHORS_HOME = "authors"  # the test site's authors.md holds {taxonomy-index} authors


def copy_root(destination: Path) -> Path:
    """The test site under destination, with the real schemas and test salaries; its docs/."""
    shutil.copytree(ROOT, destination)
    for schema in ("salaries.schema.json", "authors.schema.json"):
        shutil.copy(REPO / "data" / schema, destination / "data")
    (destination / "data" / "salaries.yaml").write_text(TEST_DATA, encoding="utf-8")
    return destination / "docs"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A private copy of the test site that a test may edit; its docs/ folder."""
    return copy_root(tmp_path / "site")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    """The unchanged test site built once for the module: its docs/ folder and the build."""
    docs = copy_root(tmp_path_factory.mktemp("authors") / "site")
    return docs, build_site(docs)


def authors_file(docs: Path) -> Path:
    """The site's authors file."""
    return docs.parent / "data" / "authors.yaml"


def named_authors(docs: Path, docname: str) -> list[Author]:
    """The authors a post's front matter names, as the site's authors file describes them."""
    text = (docs / f"{docname}.md").read_text(encoding="utf-8")
    front_matter = yaml.safe_load(text.split("---\n")[1])
    authors = live_authors(authors_file(docs))
    return [authors[author_id] for author_id in front_matter.get("authors", [])]


def byline(outdir: Path, docname: str) -> Tag:
    """The first line of a post's byline: names, category, reading time."""
    page = BeautifulSoup((outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    meta = page.select_one(".valenx-byline-meta")
    assert meta is not None, f"{docname} has no byline"
    return meta


def author_links(outdir: Path, docname: str) -> list[tuple[str, str]]:
    """The byline's links to author pages: (text, href)."""
    links = byline(outdir, docname).select(f'a[href*="{AUTHORS_HOME}/"]')
    return [(link.get_text(), str(link["href"])) for link in links]


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def warnings_of(site: BuiltSite, docs: Path) -> list[str]:
    """The build's warnings, one per line, with the site's folder written as ROOT."""
    return warning_lines(site.warnings, docs.parent)


@pytest.mark.parametrize("docname", POSTS)
def test_byline_names_the_authors_each_linked_to_their_page(
    built: tuple[Path, BuiltSite], docname: str
) -> None:
    docs, site = built
    authors = named_authors(docs, docname)

    names = joined_names([author.name for author in authors]) or PUBLISHER
    assert visible_text(byline(site.outdir, docname)).startswith(f"{names} · Comparisons · ")
    assert author_links(site.outdir, docname) == [
        (author.name, f"../{AUTHORS_HOME}/{author.id}.html") for author in authors
    ]
    assert site.warnings == ""


def test_three_authors_are_listed_with_commas_and_and(site: Path) -> None:
    edit(
        authors_file(site),
        "authors:\n",
        "authors:\n  - id: third\n    name: Third Writer\n    bio: A third made-up author.\n",
    )
    edit(site / "posts/pair.md", "ada-example]", "ada-example, third]")

    built_site = build_site(site)

    names = [author.name for author in named_authors(site, "posts/pair")]
    assert len(names) == 3
    expected = f"{names[0]}, {names[1]} and {names[2]} · Comparisons · "
    assert visible_text(byline(built_site.outdir, "posts/pair")).startswith(expected)
    assert [text for text, _ in author_links(built_site.outdir, "posts/pair")] == names


def test_an_unknown_author_warns_at_the_authors_line_and_is_left_out(site: Path) -> None:
    edit(
        site / "posts/solo.md", "authors: [ada-example]", "authors: [ada-example, jon, ada-example]"
    )
    known = ", ".join(live_authors(authors_file(site)))

    first, second = build_site(site), build_site(site)

    expected = [
        "ROOT/docs/posts/solo.md:4: WARNING: unknown author 'jon' in 'authors'; data/authors.yaml "
        f"has: {known}. Add the author there, or fix the id. [valenx.front_matter]"
    ]
    assert warnings_of(first, site) == expected
    assert warnings_of(second, site) == expected  # every build, until it is fixed
    ada = live_authors(authors_file(site))["ada-example"]
    assert author_links(first.outdir, "posts/solo") == [
        (ada.name, f"../{AUTHORS_HOME}/{ada.id}.html")
    ]


def test_posts_naming_authors_without_an_authors_file_warn_and_name_the_publisher(
    site: Path,
) -> None:
    authors_file(site).unlink()

    built_site = build_site(site)

    assert warnings_of(built_site, site) == [
        f"ROOT/docs/{docname}.md:4: WARNING: 'authors' names {ids}, but there is no authors "
        "file data/authors.yaml. Create it (see the contributor guide), or remove 'authors'. "
        "[valenx.front_matter]"
        for docname, ids in [
            ("posts/pair", "grace-sample, ada-example"),
            ("posts/solo", "ada-example"),
        ]
    ]
    for docname in POSTS:
        assert visible_text(byline(built_site.outdir, docname)).startswith(f"{PUBLISHER} · ")


def test_no_authors_file_is_fine_when_no_post_names_authors(site: Path) -> None:
    authors_file(site).unlink()
    edit(site / "posts/solo.md", "authors: [ada-example]\n", "")
    edit(site / "posts/pair.md", "authors: [grace-sample, ada-example]\n", "")

    built_site = build_site(site)

    assert built_site.warnings == ""
    assert visible_text(byline(built_site.outdir, "posts/pair")).startswith(f"{PUBLISHER} · ")


# (what the mistake is, text in the test site's authors.yaml, its replacement, line, warning)
DATA_MISTAKES = [
    (
        "bad-id",
        "id: grace-sample",
        "id: Grace_Sample",
        7,
        """'authors[1].id' has the wrong form: "Grace_Sample". Use lowercase letters and digits, """
        "words joined by hyphens, like jane-doe.",
    ),
    (
        "missing-name",
        "    name: Grace Sample\n",
        "",
        7,
        "'authors[1]' is missing the field 'name'. Add it.",
    ),
    (
        "not-a-web-link",
        "url: https://example.com/ada",
        "url: mailto:ada@example.com",
        5,
        "'authors[0].url' must be a full http or https link, like https://example.com/jane, "
        "not 'mailto:ada@example.com'.",
    ),
    (
        "javascript-link",
        "url: https://example.com/ada",
        "url: javascript:alert(1)",
        5,
        "'authors[0].url' must be a full http or https link, like https://example.com/jane, "
        "not 'javascript:alert(1)'.",
    ),
    (
        "duplicate-id",
        "id: grace-sample",
        "id: ada-example",
        7,
        "the author id 'ada-example' is used twice. Give each author their own id.",
    ),
    (
        "yaml-syntax",
        "bio: Another made-up author for the tests.",
        "bio: [Another made-up author",
        9,
        "the list that starts with '[' on this line is not closed. End it with ']', and put any "
        "item that contains ':' in quotes.",
    ),
    (
        "unknown-field",
        "    bio: Another made-up author for the tests.\n",
        "    bio: Another made-up author for the tests.\n    role: editor\n",
        10,
        "'authors[1]' has a field the schema does not know: 'role'. Check its spelling or "
        "remove it.",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [case[1:] for case in DATA_MISTAKES],
    ids=[case[0] for case in DATA_MISTAKES],
)
def test_each_authors_file_mistake_warns_once_at_its_line_and_the_site_builds(
    site: Path, old: str, new: str, line: int, message: str
) -> None:
    edit(authors_file(site), old, new)

    first, second = build_site(site), build_site(site)

    expected = [f"ROOT/data/authors.yaml:{line}: WARNING: {message} [valenx.data]"]
    assert warnings_of(first, site) == expected
    assert warnings_of(second, site) == expected  # every build, until it is fixed
    for docname in POSTS:  # until the file is fixed, bylines name the publisher
        assert visible_text(byline(first.outdir, docname)).startswith(f"{PUBLISHER} · ")


def test_a_missing_avatar_warns_at_its_line_and_the_author_is_kept(site: Path) -> None:
    edit(authors_file(site), "avatar: authors/ada.svg", "avatar: authors/ada.png")

    built_site = build_site(site)

    assert warnings_of(built_site, site) == [
        "ROOT/data/authors.yaml:6: WARNING: the avatar 'authors/ada.png' of author 'ada-example' "
        "is not a file in html_static_path (docs/_static). Add the image there, or fix the path. "
        "[valenx.data]"
    ]
    (ada,) = named_authors(site, "posts/solo")
    assert author_links(built_site.outdir, "posts/solo") == [
        (ada.name, f"../{AUTHORS_HOME}/{ada.id}.html")
    ]


def test_an_empty_authors_file_says_what_it_needs(site: Path) -> None:
    authors_file(site).write_text("# no authors yet\n", encoding="utf-8")

    assert warnings_of(build_site(site), site) == [
        "ROOT/data/authors.yaml:1: WARNING: the file is empty. It needs a list of 'authors'. "
        "[valenx.data]"
    ]


def article_of(outdir: Path, docname: str) -> dict[str, Any]:
    """The page's schema.org Article, from its JSON-LD script element."""
    page = BeautifulSoup((outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    scripts = page.select('script[type="application/ld+json"]')
    items: list[dict[str, Any]] = [json.loads(script.get_text()) for script in scripts]
    (article,) = [item for item in items if item["@type"] == "Article"]
    return article


@pytest.mark.parametrize("docname", POSTS)
def test_json_ld_names_each_author_as_a_person_with_their_page(
    built: tuple[Path, BuiltSite], docname: str
) -> None:
    docs, site = built
    authors = named_authors(docs, docname)

    expected: object = [
        {
            "@type": "Person",
            "name": author.name,
            "url": f"{BASE}{AUTHORS_HOME}/{author.id}.html",
            **({"sameAs": author.url} if author.url else {}),
        }
        for author in authors
    ] or {"@type": "Organization", "name": PUBLISHER}
    assert article_of(site.outdir, docname)["author"] == expected


def test_without_author_pages_names_are_plain_text_and_persons_link_their_own_site(
    site: Path,
) -> None:
    (site / "authors.md").unlink()
    edit(site / "index.md", "authors\n", "")

    built_site = build_site(site)

    assert built_site.warnings == ""
    authors = named_authors(site, "posts/pair")
    assert author_links(built_site.outdir, "posts/pair") == []
    assert visible_text(byline(built_site.outdir, "posts/pair")).startswith(
        joined_names([author.name for author in authors])
    )
    assert article_of(built_site.outdir, "posts/pair")["author"] == [
        {"@type": "Person", "name": author.name}
        | ({"url": author.url, "sameAs": author.url} if author.url else {})
        for author in authors
    ]


def test_feed_entries_name_their_authors(built: tuple[Path, BuiltSite]) -> None:
    docs, site = built
    feed = feedparser.parse(site.outdir / "feed.atom")

    assert feed.bozo == 0
    assert feed.feed.author == PUBLISHER
    entries = {entry.link: entry for entry in feed.entries}
    for docname in POSTS:
        entry = entries[f"{BASE}{docname}.html"]
        authors = named_authors(docs, docname)
        assert entry.authors == [
            {"name": author.name, "href": f"{BASE}{AUTHORS_HOME}/{author.id}.html"}
            for author in authors
        ] or [{"name": PUBLISHER}]


def test_renaming_an_author_rereads_the_posts_naming_authors_and_updates_bylines(
    site: Path, tmp_path: Path
) -> None:
    build_site(site)
    grace = named_authors(site, "posts/pair")[0]
    edit(authors_file(site), f"name: {grace.name}", "name: Grace Renamed")

    second = build_site(site)

    naming = [docname for docname in POSTS if named_authors(site, docname)]
    assert sorted(second.read) == sorted(naming)
    assert author_links(second.outdir, "posts/pair")[0][0] == "Grace Renamed"
    assert comparable(output_files(second.outdir)) == fresh_build_of(site, tmp_path)


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    serial = build_site(copy_root(tmp_path / "serial"))
    parallel = build_site(copy_root(tmp_path / "parallel"), parallel=2)

    assert output_files(parallel.outdir) == output_files(serial.outdir)


def test_a_broken_authors_file_is_parsed_once_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "authors.yaml"
    broken = (ROOT / "data" / "authors.yaml").read_text(encoding="utf-8") + "  - id: Bad\n"
    path.write_text(broken, encoding="utf-8")
    parses: list[bytes] = []

    def counting_parse(raw: bytes, file: Path, schema: Path) -> AuthorsFile:
        parses.append(raw)
        return parse_authors(raw, file, schema)

    monkeypatch.setattr(author_data, "parse_authors", counting_parse)
    for _ in range(20):
        with pytest.raises(DataError, match="has the wrong form"):
            load_authors(path, AUTHORS_SCHEMA_FILE)
    assert len(parses) == 1

    path.write_text(broken.replace("id: Bad", "id: good"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    with pytest.raises(DataError, match="is missing the field 'name'"):
        load_authors(path, AUTHORS_SCHEMA_FILE)
    assert len(parses) == 2


@pytest.mark.site
def test_the_real_authors_file_is_valid_and_points_editors_at_its_schema() -> None:
    path = REPO / "data" / "authors.yaml"

    assert load_authors(path, AUTHORS_SCHEMA_FILE).authors
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={AUTHORS_SCHEMA_FILE.name}"

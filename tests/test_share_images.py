"""Share images: each post's and role page's og:image, its large Twitter card and JSON-LD image.

The real site's posts and role pages are checked as built; the small site
tests/roots/test-share-images (the labelled example data file, a role page that
is a post and one that is not, a comparison post, a post about no role, a
draft and a plain page) is built fresh, incrementally, in parallel and without
the fonts. What an image shows is read from its text alternative, which says
everything the image shows; the figures expected come from the data file.
"""

import json
import shutil
import struct
from pathlib import Path

import pytest
from browser import require_tool
from bs4 import BeautifulSoup
from PIL import Image
from test_incremental import comparable, fresh_build_of

from helpers import REPO, BuiltSite, build_site, make_production, output_files, warning_lines
from site_sources import (
    PUBLISHER,
    as_words,
    average,
    english,
    find_role,
    front_matter,
    live_data,
    site_posts,
    source_of,
)
from valenx_kb.config import SETTINGS
from valenx_kb.data import Dataset, load_dataset
from valenx_kb.share_drawing import ELLIPSIS, HEIGHT, WIDTH, font, title_lines, wrap
from valenx_kb.share_images import FONT_FILES, MISSING_FONTS, ROLE_PROFILE

ROOT = REPO / "tests" / "roots" / "test-share-images"
EXAMPLE = REPO / "data" / "examples" / "salaries-example.yaml"
SCHEMA = REPO / "data" / "salaries.schema.json"
BASE = "https://example.org/kb/"  # html_baseurl of the test site
REAL_BASE = "https://valenx-press.readthedocs.io/en/latest/"
FONTS = Path(str(next(s.default for s in SETTINGS if s.name == "valenx_share_image_fonts")))
# The test site's pages, as its sources say: which show a role, which have no image.
COMPARISON = "posts/both-roles"
NO_ROLES = "posts/no-roles"
ROLE_POST = "roles/example-engineer"  # a role's page that is also a post
ROLE_PAGE = "roles/example-analyst"  # a role's page that is not
WITHOUT_IMAGE = ("index", "about")


def require_fonts() -> None:
    """The fonts the images are drawn in: Debian's fonts-dejavu-core (.ci/run installs it)."""
    found = all((FONTS / name).is_file() for name in FONT_FILES)
    require_tool(found, f"DejaVu Sans ({FONTS})", "apt-get install -y fonts-dejavu-core")


@pytest.fixture(autouse=True)
def fonts() -> None:
    """Every test here needs the fonts."""
    require_fonts()


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test site's builds are production builds (drafts left out) on the same day."""
    make_production(monkeypatch)


def copy_root(destination: Path) -> Path:
    """The test site under destination, its data the labelled example file; its docs/."""
    shutil.copytree(ROOT, destination)
    (destination / "data").mkdir()
    shutil.copy(SCHEMA, destination / "data")
    shutil.copy(EXAMPLE, destination / "data" / "salaries.yaml")
    return destination / "docs"


def example_data(docs: Path) -> Dataset:
    """The test site's data, as its data file now says."""
    return load_dataset(docs.parent / "data" / "salaries.yaml", SCHEMA)


def head(html_file: Path) -> BeautifulSoup:
    """A built page, parsed."""
    return BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")


def metas(page: BeautifulSoup, attribute: str, name: str) -> list[str]:
    """The content of every meta tag of the page with that property or name."""
    return [str(tag["content"]) for tag in page.find_all("meta", attrs={attribute: name})]


def share_image(page: BeautifulSoup, outdir: Path, base: str) -> Path:
    """The page's one og:image, as a file of the build, after checking its head tags."""
    urls = metas(page, "property", "og:image")
    assert len(urls) == 1, urls
    assert metas(page, "name", "twitter:card") == ["summary_large_image"]
    assert metas(page, "property", "og:image:width") == [str(WIDTH)]
    assert metas(page, "property", "og:image:height") == [str(HEIGHT)]
    assert urls[0].startswith(base), urls[0]
    return outdir / urls[0].removeprefix(base)


def article_image(page: BeautifulSoup) -> object:
    """The "image" of the page's Article JSON-LD."""
    scripts = page.find_all("script", type="application/ld+json")
    items = [json.loads(script.get_text()) for script in scripts]
    articles = [item for item in items if item.get("@type") == "Article"]
    assert len(articles) == 1, items
    return articles[0].get("image")


def image_alt(page: BeautifulSoup) -> str:
    """The image's text alternative, which says all it shows."""
    (alt,) = metas(page, "property", "og:image:alt")
    return alt


def png_chunks(path: Path) -> list[bytes]:
    """The chunk types of a PNG file, in order."""
    data, chunks, offset = path.read_bytes(), [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        chunks.append(data[offset + 4 : offset + 8])
        offset += 12 + length
    return chunks


def share_files(outdir: Path) -> dict[str, bytes]:
    """Every share image of a build, by path."""
    return {name: data for name, data in output_files(outdir).items() if name.startswith("_share/")}


def test_every_post_and_role_page_of_the_site_has_one_share_image(built_html: BuiltSite) -> None:
    posts = [post for post in site_posts(built_html.outdir) if not post.draft]
    pages = {post.docname for post in posts} | {role.page for role in live_data().roles}
    checked = 0
    for docname in sorted(pages):
        html_file = built_html.outdir / f"{docname}.html"
        if not html_file.is_file():
            continue  # a scheduled post: not published yet
        page = head(html_file)
        image = share_image(page, built_html.outdir, REAL_BASE)
        with Image.open(image) as opened:
            assert opened.size == (WIDTH, HEIGHT)
            assert opened.format == "PNG"
        if docname in {post.docname for post in posts}:
            assert article_image(page) == metas(page, "property", "og:image")[0]
        checked += 1
    assert checked >= len(live_data().roles)


def test_the_article_image_shows_its_title_category_figures_and_publisher(
    built_html: BuiltSite,
) -> None:
    article = next(post for post in site_posts(built_html.outdir) if post.category == "Comparisons")
    alt = image_alt(head(built_html.outdir / f"{article.docname}.html"))

    data = live_data()
    money = english(data).money
    # The roles it compares, else those it is about, in its front matter's order.
    meta = front_matter(source_of(article.docname))
    roles = [find_role(data, role) for role in as_words(meta.get("compares")) or article.roles]
    figures = "; ".join(f"{role.title} {money(average(role))}" for role in roles[:3])
    caption = f"{data.title}, {data.region}, {english(data).month(data.as_of)}"
    assert alt == f"{article.title} ({article.category}, {PUBLISHER}). {caption}: {figures}."


@pytest.mark.usefixtures("production")
def test_small_site_images_tags_and_text(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    site = build_site(docs)
    assert warning_lines(site.warnings, tmp_path) == []

    data = example_data(docs)
    money = english(data).money
    role = {one.page: one for one in data.roles}
    month = english(data).month(data.as_of)
    caption = f"{data.title}, {data.region}, {month}"
    comparison = head(site.outdir / f"{COMPARISON}.html")
    engineer, analyst = role[ROLE_POST], role[ROLE_PAGE]
    assert image_alt(comparison) == (
        f"Example Analyst vs Example Engineer (Comparisons, {PUBLISHER}). {caption}: "
        f"{engineer.title} {money(average(engineer))}; {analyst.title} {money(average(analyst))}."
    )
    assert image_alt(head(site.outdir / f"{NO_ROLES}.html")).endswith(f"(Guides, {PUBLISHER})")
    for page, shown in ((ROLE_POST, engineer), (ROLE_PAGE, analyst)):
        alt = image_alt(head(site.outdir / f"{page}.html"))
        assert alt == (
            f"{shown.title} ({ROLE_PROFILE}, {PUBLISHER}). {caption}: "
            f"{shown.title} {money(average(shown))}."
        )
    # No opengraph extension in this site: the tags are the extension's own, one of each.
    for page in (COMPARISON, NO_ROLES, ROLE_POST, ROLE_PAGE):
        parsed = head(site.outdir / f"{page}.html")
        image = share_image(parsed, site.outdir, BASE)
        assert image == site.outdir / "_share" / f"{page}.png"
        if page != ROLE_PAGE:
            assert article_image(parsed) == metas(parsed, "property", "og:image")[0]
    for page in WITHOUT_IMAGE:
        parsed = head(site.outdir / f"{page}.html")
        assert metas(parsed, "property", "og:image") == []
        assert metas(parsed, "name", "twitter:card") == ["summary"]
    assert sorted(share_files(site.outdir)) == sorted(
        f"_share/{page}.png" for page in (COMPARISON, NO_ROLES, ROLE_POST, ROLE_PAGE)
    )


@pytest.mark.usefixtures("production")
def test_images_are_the_same_bytes_in_two_fresh_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_site(copy_root(tmp_path / "one"), freshenv=True)
    # Another day, another folder, and -j 2: the same images.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01
    second = build_site(copy_root(tmp_path / "two"), parallel=2, freshenv=True)

    images = share_files(first.outdir)
    assert len(images) == 4
    assert share_files(second.outdir) == images
    for name in images:
        assert png_chunks(first.outdir / name) == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]


@pytest.mark.usefixtures("production")
def test_a_new_title_redraws_only_its_image_and_an_unpublished_post_loses_its_own(
    tmp_path: Path,
) -> None:
    docs = copy_root(tmp_path / "site")
    outdir = build_site(docs).outdir
    before = share_files(outdir)
    times = {name: (outdir / name).stat().st_mtime_ns for name in before}

    page = docs / f"{COMPARISON}.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("# Example Analyst vs", "# Example Analysts vs"), encoding="utf-8")
    draft = docs / f"{NO_ROLES}.md"  # a draft now: gone from a production build
    draft.write_text(draft.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1))
    site = build_site(docs)

    after = share_files(site.outdir)
    assert f"_share/{NO_ROLES}.png" not in after
    assert after[f"_share/{COMPARISON}.png"] != before[f"_share/{COMPARISON}.png"]
    assert "Example Analysts vs" in image_alt(head(site.outdir / f"{COMPARISON}.html"))
    for name in (f"_share/{ROLE_POST}.png", f"_share/{ROLE_PAGE}.png"):
        assert (site.outdir / name).stat().st_mtime_ns == times[name]  # not drawn again
    assert comparable(output_files(site.outdir)) == fresh_build_of(docs, tmp_path)


@pytest.mark.usefixtures("production")
def test_a_salary_edit_redraws_the_images_showing_it(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    outdir = build_site(docs).outdir
    before = share_files(outdir)
    data_file = docs.parent / "data" / "salaries.yaml"
    old = average(next(role for role in example_data(docs).roles if role.page == ROLE_PAGE))
    text = data_file.read_text(encoding="utf-8")
    assert text.count(f"salary: {old}\n") == 1
    data_file.write_text(text.replace(f"salary: {old}\n", f"salary: {old + 1000}\n"))
    site = build_site(docs)

    after = share_files(site.outdir)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {f"_share/{ROLE_PAGE}.png", f"_share/{COMPARISON}.png"}
    money = english(example_data(docs)).money(old + 1000)
    assert money in image_alt(head(site.outdir / f"{COMPARISON}.html"))
    assert comparable(output_files(site.outdir)) == fresh_build_of(docs, tmp_path)


@pytest.mark.usefixtures("production")
def test_missing_fonts_warn_once_and_leave_the_images_out_until_found(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    missing = {"valenx_share_image_fonts": "no-fonts-here"}
    site = build_site(docs, confoverrides=missing)

    message = MISSING_FONTS.format(files=", ".join(FONT_FILES), folder=docs / "no-fonts-here")
    assert warning_lines(site.warnings, tmp_path) == [
        "WARNING: " + message.replace(str(tmp_path), "ROOT") + " [valenx.config]"
    ]
    assert share_files(site.outdir) == {}
    comparison = head(site.outdir / f"{COMPARISON}.html")
    assert metas(comparison, "property", "og:image") == []
    assert metas(comparison, "name", "twitter:card") == ["summary"]
    assert article_image(comparison) is None

    # With the fonts back, the next build draws the images and re-writes those pages.
    found = build_site(docs)
    assert found.warnings == ""
    assert COMPARISON in found.written
    share_image(head(found.outdir / f"{COMPARISON}.html"), found.outdir, BASE)
    assert comparable(output_files(found.outdir)) == fresh_build_of(docs, tmp_path)


def test_a_long_title_wraps_between_words_and_ends_with_an_ellipsis() -> None:
    bold = FONTS / FONT_FILES[1]
    title = " ".join(["Every role a data team hires, compared on salary, skills and growth"] * 3)
    width = WIDTH - 160

    size, lines = title_lines(title, bold, width, 220)

    assert len(lines) > 1
    assert lines[-1].endswith(ELLIPSIS)
    assert title.startswith(" ".join(lines).removesuffix(ELLIPSIS))  # cut between words
    for line in lines:
        assert font(bold, size).getlength(line) <= width
    assert title_lines("AI Engineer", bold, width, 220) == (72, ["AI Engineer"])


def test_a_word_wider_than_a_line_is_cut_with_an_ellipsis() -> None:
    bold = FONTS / FONT_FILES[1]
    word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen"
    assert wrap(f"{word} und mehr", font(bold, 56), 1040) == [word, "und mehr"]

    size, lines = title_lines(f"{word} und mehr", bold, 1040, 220)

    assert lines[0].endswith(ELLIPSIS)
    assert word.startswith(lines[0].removesuffix(ELLIPSIS))
    assert lines[1:] == ["und mehr"]
    assert font(bold, size).getlength(lines[0]) <= 1040

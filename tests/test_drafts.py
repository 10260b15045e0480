"""Drafts and scheduled posts: no trace in a production build, a badge in a preview."""

import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from test_incremental import comparable, edit

from helpers import (
    REPO,
    TEST_DATA,
    article_body,
    build_site,
    output_files,
    visible_text,
    warning_lines,
)

ROOT = Path(__file__).parent / "roots" / "test-drafts"
BASE = "https://example.org/kb/"  # the root's html_baseurl
# The root's three posts (docs/posts/*.md); every word of the two unpublished ones starts
# with "zqx" and their names with "zqx-", so any trace of them in the output is found.
PUBLISHED = "posts/published-post"
DRAFT = "posts/zqx-draft-post"
SCHEDULED = "posts/zqx-scheduled-post"
SCHEDULED_DAY = date(2027, 3, 3)  # its front matter date
UNPUBLISHED_TRACES = ["zqxdraft", "zqx-draft-post", "zqxscheduled", "zqx-scheduled-post"]
PUBLISHED_TRACES = ["zqxpublished", "published-post"]
BUILD_DAY = date(2026, 6, 1)  # before the scheduled post's date
PREVIEW = {"valenx_preview": True}
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def epoch(day: date) -> str:
    """SOURCE_DATE_EPOCH for the first second of day (UTC)."""
    return str(int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()))


def copy_root(destination: Path) -> Path:
    """A copy of the test-drafts site with the test data file; its docs/ folder."""
    shutil.copytree(ROOT, destination)
    data = destination / "data"
    data.mkdir()
    (data / "salaries.yaml").write_text(TEST_DATA, encoding="utf-8")
    shutil.copy(REPO / "data" / "salaries.schema.json", data)
    return destination / "docs"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test-drafts site, built on BUILD_DAY with no preview variable set."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(BUILD_DAY))
    monkeypatch.delenv("VALENX_PREVIEW", raising=False)
    return copy_root(tmp_path / "site")


def traces(outdir: Path, words: list[str]) -> list[str]:
    """Each output file (by name or content, any case) that holds one of words, with the word."""
    return [
        f"{name}: {word}"
        for name, content in output_files(outdir).items()
        for word in words
        if word in name.lower() or word.encode() in content.lower()
    ]


def cards(page: Path) -> dict[str, str]:
    """The cards of a page: each title with its facts line."""
    found = {}
    for card in article_body(page).select(".sd-card"):
        title, facts = card.select_one(".sd-card-title"), card.select_one(".valenx-card-facts")
        assert title is not None
        assert facts is not None
        found[visible_text(title)] = visible_text(facts)
    return found


def page_name(docname: str, buildername: str) -> str:
    """The output file of a page (dirhtml writes the root page as index.html too)."""
    nested = buildername == "dirhtml" and docname != "index"
    return f"{docname}/index.html" if nested else f"{docname}.html"


def fresh_build(srcdir: Path, tmp_path: Path, buildername: str) -> dict[str, bytes]:
    """What a from-scratch build of srcdir's current sources writes."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(srcdir.parent, copy, ignore=shutil.ignore_patterns("_build"))
    return comparable(output_files(build_site(copy / "docs", buildername).outdir))


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_production_build_has_no_trace_of_drafts_or_scheduled_posts(
    site: Path, buildername: str
) -> None:
    built = build_site(site, buildername)

    assert built.warnings == ""
    assert traces(built.outdir, UNPUBLISHED_TRACES) == []
    # The published post is everywhere the others would have been, so the check can fail.
    found = traces(built.outdir, PUBLISHED_TRACES)
    for name in ["searchindex.js", "sitemap.xml", "feed.atom", page_name("index", buildername)]:
        assert any(trace.startswith(f"{name}: ") for trace in found), name
    assert cards(built.outdir / page_name("index", buildername)) == {
        "The Published Plan": "Comparisons · 1 min read"
    }


def test_source_date_epoch_decides_which_posts_are_scheduled(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(SCHEDULED_DAY - timedelta(days=1)))
    before = build_site(site)
    assert not (before.outdir / f"{SCHEDULED}.html").exists()
    assert "The Zqxscheduledtitle Plan" not in cards(before.outdir / "index.html")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(SCHEDULED_DAY))  # its day has come
    after = build_site(site)

    assert after.warnings == ""
    page = visible_text(article_body(after.outdir / f"{SCHEDULED}.html"))
    assert "Nobody should read zqxscheduledword before its day." in page
    assert "Scheduled" not in page
    assert "The Zqxscheduledtitle Plan" in cards(after.outdir / "index.html")
    assert comparable(output_files(after.outdir)) == fresh_build(site, tmp_path, "html")


def test_an_unusable_source_date_epoch_warns_and_today_decides(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sphinx itself stops on text that is not a whole number; this one is after the year 9999.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "300000000000")

    built = build_site(site)

    assert warning_lines(built.warnings, site) == [
        "WARNING: SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01 UTC that gives "
        "a date, like 1767225600, not '300000000000'; today's date decides which posts are "
        "scheduled. Fix it or unset it. [valenx.config]"
    ]
    today = datetime.now(UTC).date()
    assert (built.outdir / f"{SCHEDULED}.html").exists() == (today >= SCHEDULED_DAY)


def badge(page: Path) -> str:
    """The text of the badge right under a page's title; "" when there is none."""
    found = article_body(page).select_one("h1 + p.valenx-badge")
    return "" if found is None else visible_text(found)


def robots(page: Path) -> list[str]:
    """The content of the page's robots meta tags."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [str(meta["content"]) for meta in soup.find_all("meta", attrs={"name": "robots"})]


def has_article_json_ld(page: Path) -> bool:
    """Whether the page carries schema.org Article data."""
    return '"@type": "Article"' in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("switch", ["conf", "variable"])
def test_preview_builds_drafts_and_scheduled_posts_marked_and_unindexed(
    site: Path, monkeypatch: pytest.MonkeyPatch, switch: str
) -> None:
    if switch == "variable":
        monkeypatch.setenv("VALENX_PREVIEW", "1")

    built = build_site(site, confoverrides=PREVIEW if switch == "conf" else None)

    assert built.warnings == ""
    outdir = built.outdir
    assert badge(outdir / f"{DRAFT}.html") == "Draft"
    assert badge(outdir / f"{SCHEDULED}.html") == "Scheduled for March 3, 2027"
    assert badge(outdir / f"{PUBLISHED}.html") == ""
    for page in [DRAFT, SCHEDULED]:
        assert robots(outdir / f"{page}.html") == ["noindex"]
        assert not has_article_json_ld(outdir / f"{page}.html")
    assert robots(outdir / f"{PUBLISHED}.html") == []
    assert has_article_json_ld(outdir / f"{PUBLISHED}.html")
    sitemap = ElementTree.parse(outdir / "sitemap.xml").getroot()
    urls = {str(loc.text) for loc in sitemap.iter(f"{{{SITEMAP_NAMESPACE}}}loc")}
    assert {url for url in urls if "/posts/" in url} == {f"{BASE}{PUBLISHED}.html"}
    feed = feedparser.parse((outdir / "feed.atom").read_bytes())
    assert [entry.title for entry in feed.entries] == ["The Published Plan"]
    # The contributor sees how the cards will look, marked.
    assert cards(outdir / "index.html") == {
        "The Zqxscheduledtitle Plan": "Scheduled for March 3, 2027 · Comparisons · 1 min read",
        "The Published Plan": "Comparisons · 1 min read",
        "The Zqxdrafttitle Plan": "Draft · Comparisons · 1 min read",
    }


def test_a_preview_rebuilt_on_a_scheduled_posts_day_drops_its_badge(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VALENX_PREVIEW", "1")
    build_site(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(SCHEDULED_DAY))

    again = build_site(site)

    assert again.read == [SCHEDULED]  # no source changed: only its date came
    assert badge(again.outdir / f"{SCHEDULED}.html") == ""
    assert comparable(output_files(again.outdir)) == fresh_build(site, tmp_path, "html")


def test_make_livehtml_previews() -> None:
    commands = subprocess.run(
        ["make", "--dry-run", "livehtml"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert "sphinx-autobuild" in commands
    assert "-D valenx_preview=1" in commands


def test_an_unusable_preview_variable_warns_and_conf_py_decides(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VALENX_PREVIEW", "maybe")

    built = build_site(site, confoverrides=PREVIEW)

    assert warning_lines(built.warnings, site) == [
        "WARNING: VALENX_PREVIEW must be 1, true or yes (preview drafts and scheduled posts) "
        "or 0, false or no, not 'maybe'; using valenx_preview = True. Fix it or unset it. "
        "[valenx.config]"
    ]
    assert badge(built.outdir / f"{DRAFT}.html") == "Draft"


def test_the_preview_variable_wins_over_conf_py(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VALENX_PREVIEW", "no")

    built = build_site(site, confoverrides=PREVIEW)

    assert traces(built.outdir, UNPUBLISHED_TRACES) == []


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_a_post_turned_draft_disappears_and_comes_back(
    site: Path, tmp_path: Path, buildername: str
) -> None:
    first = build_site(site, buildername)
    assert traces(first.outdir, ["zqxpublished"]) != []
    edit(site, PUBLISHED, "date: 2026-01-15\n", "date: 2026-01-15\ndraft: true\n")

    hidden = build_site(site, buildername)

    # Its page, its copied source and its search words are gone too, not only its cards.
    assert traces(hidden.outdir, [*UNPUBLISHED_TRACES, *PUBLISHED_TRACES]) == []
    assert not (hidden.outdir / PUBLISHED).exists()  # dirhtml's folder for the page
    assert comparable(output_files(hidden.outdir)) == fresh_build(site, tmp_path, buildername)

    edit(site, PUBLISHED, "draft: true\n", "")
    shown = build_site(site, buildername)

    assert "The Published Plan" in cards(shown.outdir / page_name("index", buildername))
    assert comparable(output_files(shown.outdir)) == fresh_build(site, tmp_path, buildername)


def test_the_same_drafts_leave_the_next_build_nothing_to_read(site: Path) -> None:
    build_site(site)

    second = build_site(site)

    assert (second.read, second.written) == ([], [])


def test_parallel_preview_equals_serial_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(BUILD_DAY))
    serial = build_site(copy_root(tmp_path / "serial"), confoverrides=PREVIEW)
    parallel = build_site(copy_root(tmp_path / "parallel"), parallel=2, confoverrides=PREVIEW)

    assert parallel.warnings == ""
    assert badge(parallel.outdir / f"{DRAFT}.html") == "Draft"
    assert output_files(parallel.outdir) == output_files(serial.outdir)


def test_pinning_or_linking_a_draft_says_it_is_not_published(site: Path) -> None:
    edit(
        site,
        PUBLISHED,
        "```{related-posts}\n```",
        "See {doc}`zqx-draft-post`.\n\n```{related-posts}\n:pin: zqx-draft-post\n```",
    )

    built = build_site(site)

    lines = warning_lines(built.warnings, site.parent)
    assert lines == [
        "ROOT/docs/posts/published-post.md:16: WARNING: :pin: names 'zqx-draft-post', which is "
        "a draft or scheduled post, so it is not published. Pin it once it is. [valenx.usage]",
        "ROOT/docs/posts/published-post.md:14: WARNING: unknown document: 'zqx-draft-post' "
        "[ref.doc]",
    ]


# (front matter lines after "category", whether the post is unpublished on BUILD_DAY)
FRONT_MATTER_FORMS = [
    ("draft: yes", True),  # YAML reads yes, True and on as true
    ("draft: True  # not yet", True),
    ("draft: on", True),
    ("draft: 'true'", True),
    ('"draft": true', True),
    ("date: '2027-03-03'", True),
    ("date: 2027-03", True),
    ("draft: false", False),
    ("draft: no", False),
    ("date: 2026-06-01", False),  # the build day itself is published
    ("date: 2026-05", False),
]


def test_every_way_of_writing_draft_and_date_is_read_as_the_post_reads_it(site: Path) -> None:
    forms = dict(enumerate(FRONT_MATTER_FORMS))
    for number, (line, _) in forms.items():
        front_matter = f"---\ncategory: Comparisons\nsummary: Form {number}.\n{line}\n---\n"
        post = f"{front_matter}\n# Form {number}\n"
        (site / "posts" / f"form-{number}.md").write_text(post, encoding="utf-8")

    production = build_site(site)
    built = {number: (production.outdir / f"posts/form-{number}.html").exists() for number in forms}
    preview = build_site(site, confoverrides=PREVIEW)  # into the same folder

    assert (production.warnings, preview.warnings) == ("", "")
    for number, (line, unpublished) in forms.items():
        assert built[number] != unpublished, line
        assert (badge(preview.outdir / f"posts/form-{number}.html") != "") == unpublished, line


def test_a_draft_the_front_matter_check_cannot_see_warns(site: Path) -> None:
    # A field list at the top is front matter to Sphinx, but is not between "---" lines.
    (site / "conf.py").write_text(
        (site / "conf.py").read_text(encoding="utf-8") + 'myst_enable_extensions = ["fieldlist"]\n',
        encoding="utf-8",
    )
    field_list = ":category: Comparisons\n:summary: A field list.\n:draft: true\n\n# Fields\n"
    (site / "posts" / "fields.md").write_text(field_list, encoding="utf-8")

    built = build_site(site)

    assert warning_lines(built.warnings, site.parent) == [
        "ROOT/docs/posts/fields.md:1: WARNING: the post is a draft, but it is published: its "
        "'draft' is not written as a line of the front matter between the first two \"---\" "
        'lines. Write it there, like "draft: true". [valenx.front_matter]'
    ]
    assert badge(built.outdir / "posts" / "fields.html") == "Draft"

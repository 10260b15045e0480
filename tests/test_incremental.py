"""Incremental and parallel builds give exactly what a fresh, serial build gives."""

import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.util.parallel import ParallelTasks
from sphinx.writers.html5 import HTML5Translator
from test_site_index import (
    SPECS,
    Spec,
    generated_pages,
    listing_titles,
    page_file,
    terms,
    write_taxonomy_blog,
)

from helpers import (
    BLOG_INDEX,
    BLOG_POSTS,
    BuiltSite,
    article_body,
    blog_post,
    build_site,
    output_files,
    visible_text,
    write_blog,
)
from site_sources import link
from valenx_kb.neighbours import title_html


def fresh_build_of(srcdir: Path, tmp_path: Path, buildername: str = "html") -> dict[str, bytes]:
    """The files a from-scratch build of srcdir's current sources writes."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(srcdir.parent, copy, ignore=shutil.ignore_patterns("_build"))
    return comparable(output_files(build_site(copy / "docs", buildername).outdir))


def comparable(files: dict[str, bytes]) -> dict[str, bytes]:
    """Build output with one Sphinx quirk evened out.

    Sphinx's incremental search index keeps a word whose pages all went away
    as an empty entry ("gamma":[]); a fresh build has no entry at all.
    """
    if "searchindex.js" in files:
        index = re.sub(rb'"[^"]*":\[\],?', b"", files["searchindex.js"])
        files = {**files, "searchindex.js": index.replace(b",}", b"}")}
    return files


def edit(srcdir: Path, page: str, old: str, new: str) -> None:
    """Replace text in a page's source."""
    path = srcdir / f"{page}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """A small blog, built once."""
    srcdir = write_blog(tmp_path / "site")
    first = build_site(srcdir)
    assert first.warnings == ""
    return srcdir


def test_no_change_rereads_and_rewrites_nothing(blog: Path) -> None:
    second = build_site(blog)

    assert (second.read, second.written) == ([], [])


def test_body_edit_keeping_reading_time_touches_only_that_post(blog: Path, tmp_path: Path) -> None:
    edit(blog, "posts/gamma", "Some words about careers.", "Some other words on careers.")

    second = build_site(blog)

    assert (second.read, second.written) == (["posts/gamma"], ["posts/gamma"])
    assert comparable(output_files(second.outdir)) == fresh_build_of(blog, tmp_path)


def changed_pages(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """The pages (docnames) whose HTML differs between two builds."""
    return {
        name.removesuffix(".html")
        for name in after
        if name.endswith(".html") and before.get(name) != after[name]
    } - {"genindex", "search"}


# (edit, the post it edits): each edit changes what the post's cards show.
METADATA_EDITS: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "tags",
        lambda src: edit(src, "posts/gamma", "tags: [careers]", "tags: [salaries]"),
        "posts/gamma",
    ),
    (
        "summary",
        lambda src: edit(src, "posts/epsilon", "summary: About Epsilon.", "summary: New."),
        "posts/epsilon",
    ),
    (
        "reading-time",
        lambda src: edit(src, "posts/delta", "Some words about careers.", "word " * 450),
        "posts/delta",
    ),
]


@pytest.mark.parametrize(
    ("change", "post"),
    [case[1:] for case in METADATA_EDITS],
    ids=[case[0] for case in METADATA_EDITS],
)
def test_metadata_edit_rewrites_exactly_the_pages_whose_cards_change(
    blog: Path, tmp_path: Path, change: Callable[[Path], None], post: str
) -> None:
    before = output_files(blog / "_build" / "html")
    change(blog)

    second = build_site(blog)
    after = output_files(second.outdir)

    assert second.read == [post]
    assert set(second.written) == {post} | changed_pages(before, after)
    assert len(second.written) > 1  # some other page shows the post's card
    assert comparable(after) == fresh_build_of(blog, tmp_path)


@pytest.mark.parametrize("title", ["# Beta, renamed", "# *Beta*"], ids=["text", "markup"])
def test_title_change_rewrites_every_page(blog: Path, tmp_path: Path, title: str) -> None:
    edit(blog, "posts/beta", "# Beta", title)

    second = build_site(blog)

    assert second.read == ["posts/beta"]
    assert set(second.written) == {"index", *BLOG_POSTS}
    assert comparable(output_files(second.outdir)) == fresh_build_of(blog, tmp_path)


def test_adding_a_post(blog: Path, tmp_path: Path) -> None:
    new_post = blog_post("Zeta", tags="[salaries]", roles="[ai-engineer]", updated="2026-07")
    (blog / "posts" / "zeta.md").write_text(new_post, encoding="utf-8")

    second = build_site(blog)

    assert "posts/zeta" in second.read
    home = visible_text(article_body(second.outdir / "index.html"))
    assert home.index("Zeta") < home.index("Alpha")  # newest first
    assert comparable(output_files(second.outdir)) == fresh_build_of(blog, tmp_path)


def test_deleting_a_post(blog: Path, tmp_path: Path) -> None:
    (blog / "posts" / "beta.md").unlink()

    second = build_site(blog)
    fresh = fresh_build_of(blog, tmp_path)

    assert "Beta" not in (second.outdir / "index.html").read_text(encoding="utf-8")
    # Sphinx itself leaves the deleted page's old output in place.
    incremental = comparable(output_files(second.outdir))
    assert set(incremental) - set(fresh) == {"posts/beta.html", "_sources/posts/beta.md.txt"}
    assert {name: incremental[name] for name in fresh} == fresh


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    serial_files = output_files(build_site(write_blog(tmp_path / "serial")).outdir)
    parallel_build = build_site(write_blog(tmp_path / "parallel"), parallel=2)

    assert parallel_build.warnings == ""
    assert output_files(parallel_build.outdir) == serial_files


def test_parallel_build_of_the_real_site_equals_serial_build(
    site_copy: Path, built_html: BuiltSite
) -> None:
    parallel_build = build_site(site_copy, parallel=2)

    assert parallel_build.warnings == ""
    assert output_files(parallel_build.outdir) == output_files(built_html.outdir)


def test_new_heading_in_a_post_shown_by_a_visible_toctree(tmp_path: Path) -> None:
    index = BLOG_INDEX.replace(":hidden:\n", ":maxdepth: 2\n")
    srcdir = write_blog(tmp_path / "site", {"index": index, **BLOG_POSTS})
    build_site(srcdir)
    edit(srcdir, "posts/gamma", "Some words about careers.", "Words.\n\n## Salary outlook\n\nMore.")

    second = build_site(srcdir)

    assert "Salary outlook" in (second.outdir / "index.html").read_text(encoding="utf-8")
    assert comparable(output_files(second.outdir)) == fresh_build_of(srcdir, tmp_path)


def test_post_that_stops_being_a_post_and_is_then_renamed(blog: Path, tmp_path: Path) -> None:
    edit(blog, "posts/gamma", "category: Guides\n", "")
    edit(blog, "posts/gamma", "```{related-posts}\n```\n", "")  # it works only on posts
    assert build_site(blog).warnings == ""

    edit(blog, "posts/gamma", "# Gamma", "# Gamma renamed")
    third = build_site(blog)

    assert third.warnings == ""
    assert comparable(output_files(third.outdir)) == fresh_build_of(blog, tmp_path)


def test_fixing_the_data_file_rereads_posts_that_name_roles(blog: Path, tmp_path: Path) -> None:
    data_file = blog.parent / "data" / "salaries.yaml"
    good = data_file.read_text(encoding="utf-8")
    data_file.write_text("", encoding="utf-8")
    edit(blog, "posts/alpha", "roles: [ai-engineer]", "roles: [ai-engineer, bogus]")
    build_site(blog)

    data_file.write_text(good, encoding="utf-8")
    fixed = build_site(blog)

    assert "posts/alpha" in fixed.read
    assert "unknown role 'bogus'" in fixed.warnings
    assert comparable(output_files(fixed.outdir)) == fresh_build_of(blog, tmp_path)


# The archive, tag and category pages (test_site_index.py's blog).


@pytest.fixture
def taxonomy_blog(tmp_path: Path) -> Path:
    """The blog with an archive, a tag index and a category index, built once."""
    srcdir = write_taxonomy_blog(tmp_path / "site")
    assert build_site(srcdir).warnings == ""
    return srcdir


def with_tags(specs: list[Spec], docname: str, tags: tuple[str, ...]) -> list[Spec]:
    """specs with one post's tags changed."""
    return [replace(spec, tags=tags) if spec.docname == docname else spec for spec in specs]


def term_index(outdir: Path, home: str) -> list[str]:
    """What a tag or category index lists: "careers (2 posts)", ..."""
    return [visible_text(item) for item in article_body(outdir / f"{home}.html").select("li")]


def html_pages(outdir: Path) -> set[str]:
    """Every HTML page of a build."""
    return {path.relative_to(outdir).as_posix() for path in outdir.rglob("*.html")}


def test_adding_a_tag_updates_its_pages_and_the_tag_index(
    taxonomy_blog: Path, tmp_path: Path
) -> None:
    specs = with_tags(SPECS, "posts/eta", ("careers",))
    edit(taxonomy_blog, "posts/eta", "tags: []", "tags: [careers]")

    second = build_site(taxonomy_blog)

    assert second.read == ["posts/eta"]
    assert "tags" in second.written
    careers = terms(specs, "tags")["careers"]
    shown = [visible_text(title) for title in listing_titles(second.outdir, "tags/careers.html")]
    assert shown == [spec.title for spec in careers]
    assert "careers (3 posts)" in term_index(second.outdir, "tags")
    assert comparable(output_files(second.outdir)) == fresh_build_of(taxonomy_blog, tmp_path)


def modified_times(outdir: Path, pages: set[str]) -> dict[str, int]:
    """When each page's file was last written, in nanoseconds."""
    return {page: (outdir / page_file(page, "html")).stat().st_mtime_ns for page in pages}


def test_generated_pages_are_rewritten_only_when_they_change(
    taxonomy_blog: Path, tmp_path: Path
) -> None:
    outdir = taxonomy_blog / "_build" / "html"
    pages = generated_pages(SPECS)
    first = modified_times(outdir, pages)
    sitemap = (outdir / "sitemap.xml").read_bytes()

    build_site(taxonomy_blog)

    assert modified_times(outdir, pages) == first
    assert (outdir / "sitemap.xml").read_bytes() == sitemap
    before = output_files(outdir)
    edit(taxonomy_blog, "posts/eta", "tags: []", "tags: [careers]")

    build_site(taxonomy_blog)

    after = output_files(outdir)
    rewritten = {
        page for page, time in modified_times(outdir, pages).items() if time != first[page]
    }
    assert rewritten == {
        page for page in pages if after[page_file(page, "html")] != before[page_file(page, "html")]
    }
    assert "tags/careers" in rewritten
    assert rewritten < pages
    assert comparable(after) == fresh_build_of(taxonomy_blog, tmp_path)


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_term_pages_no_longer_generated_are_removed(tmp_path: Path, buildername: str) -> None:
    srcdir = write_taxonomy_blog(tmp_path / "site")
    before = build_site(srcdir, buildername)
    # Beta is the only post tagged "Café"; Zeta leaves "salaries" one page shorter.
    edit(srcdir, "posts/beta", "tags: [salaries, Café]", "tags: [salaries]")
    edit(srcdir, "posts/zeta", "tags: [salaries, 机器学习]", "tags: [机器学习]")
    specs = with_tags(with_tags(SPECS, "posts/beta", ("salaries",)), "posts/zeta", ("机器学习",))
    gone = {
        page_file(page, buildername) for page in generated_pages(SPECS) - generated_pages(specs)
    }
    assert gone >= {
        page_file("tags/cafe", buildername),
        page_file("tags/salaries/page-3", buildername),
    }
    assert gone <= html_pages(before.outdir)

    after = build_site(srcdir, buildername)

    assert gone.isdisjoint(html_pages(after.outdir))
    assert "Café" not in visible_text(article_body(after.outdir / page_file("tags", buildername)))
    fresh = fresh_build_of(srcdir, tmp_path, buildername)
    assert comparable(output_files(after.outdir)) == fresh


def test_renaming_a_category_moves_its_posts_to_the_new_page(
    taxonomy_blog: Path, tmp_path: Path
) -> None:
    renamed = [spec.docname for spec in SPECS if spec.category == "Career guides"]
    for docname in renamed:
        edit(taxonomy_blog, docname, "category: Career guides", "category: How-tos")

    second = build_site(taxonomy_blog)

    assert sorted(second.read) == sorted(renamed)
    assert not (second.outdir / "categories" / "career-guides.html").exists()
    shown = listing_titles(second.outdir, "categories/how-tos.html")
    assert [visible_text(title) for title in shown] == [
        spec.title for spec in SPECS if spec.docname in renamed
    ]
    for docname in renamed:
        byline = article_body(second.outdir / f"{docname}.html").select("p.valenx-byline-meta a")
        assert [(visible_text(link), link["href"]) for link in byline] == [
            ("How-tos", link(docname, "categories/how-tos"))
        ]
    assert comparable(output_files(second.outdir)) == fresh_build_of(taxonomy_blog, tmp_path)


def test_removing_the_tag_index_unlinks_tags_until_it_comes_back(
    taxonomy_blog: Path, tmp_path: Path
) -> None:
    index = (taxonomy_blog / "tags.md").read_text(encoding="utf-8")
    (taxonomy_blog / "tags.md").write_text("# Topics\n\nNone yet.\n", encoding="utf-8")

    without = build_site(taxonomy_blog)

    assert without.warnings == ""
    assert [path for path in (without.outdir / "tags").rglob("*") if path.is_file()] == []
    tags = article_body(without.outdir / "posts" / "alpha.html").select_one("p.valenx-byline-tags")
    assert tags is not None
    assert (visible_text(tags), tags.select("a")) == ("Tags: salaries, careers", [])
    assert comparable(output_files(without.outdir)) == fresh_build_of(taxonomy_blog, tmp_path)

    (taxonomy_blog / "tags.md").write_text(index, encoding="utf-8")
    again = build_site(taxonomy_blog)

    assert (again.outdir / "tags" / "careers.html").is_file()
    assert comparable(output_files(again.outdir)) == fresh_build_of(taxonomy_blog, tmp_path)


def test_parallel_build_of_the_taxonomy_pages_equals_serial_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial_files = output_files(build_site(write_taxonomy_blog(tmp_path / "serial")).outdir)
    forked: list[str] = []

    class RecordingTasks(ParallelTasks):
        """Sphinx's forking task runner, noting the generated pages each forked writer gets."""

        def add_task(self, task_func: Any, arg: Any = None, result_func: Any = None) -> None:
            forked.extend(to_write.page.pagename for to_write in arg)
            super().add_task(task_func, arg, result_func)

    monkeypatch.setattr("valenx_kb.generated_pages.ParallelTasks", RecordingTasks)
    parallel_build = build_site(write_taxonomy_blog(tmp_path / "parallel"), parallel=2)

    assert parallel_build.warnings == ""
    # The generated pages are shared with a forked writer, and come out the same.
    assert forked
    assert all(f"{page}.html" in serial_files for page in forked)
    assert output_files(parallel_build.outdir) == serial_files


def neighbour_links(page: Path) -> tuple[str | None, str | None]:
    """The hrefs of a page's "previous" and "next" links at its foot."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [soup.select_one(f"a.{side}-page") for side in ("prev", "next")]
    return (
        str(links[0]["href"]) if links[0] else None,
        str(links[1]["href"]) if links[1] else None,
    )


def test_previous_and_next_follow_the_archive_even_after_a_date_changes(tmp_path: Path) -> None:
    docs = write_blog(tmp_path)
    first = build_site(docs)
    # Newest first: alpha (June), beta (May), gamma (April), delta (March), epsilon (February).
    assert neighbour_links(first.outdir / "posts" / "gamma.html") == ("beta.html", "delta.html")
    delta = docs / "posts" / "delta.md"
    delta.write_text(
        delta.read_text(encoding="utf-8").replace("updated: 2026-03", "updated: 2026-07"),
        encoding="utf-8",
    )
    second = build_site(docs)
    assert neighbour_links(second.outdir / "posts" / "gamma.html") == ("beta.html", "epsilon.html")
    assert neighbour_links(second.outdir / "posts" / "alpha.html") == ("delta.html", "beta.html")
    assert comparable(output_files(second.outdir)) == fresh_build_of(docs, tmp_path)


def test_previous_and_next_show_titles_as_sphinx_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Plain text with characters HTML escapes, and a title with markup.
    posts = {
        **BLOG_POSTS,
        "posts/beta": blog_post("Pay & perks @ AI > ML", updated="2026-05"),
        "posts/delta": blog_post("*Delta* `rays`", updated="2026-03"),
    }
    fast = output_files(build_site(write_blog(tmp_path / "fast", posts)).outdir)
    monkeypatch.setattr(
        "valenx_kb.neighbours.title_html",
        lambda builder, title: builder.render_partial(title)["title"],
    )
    rendered = output_files(build_site(write_blog(tmp_path / "rendered", posts)).outdir)

    assert fast == rendered
    gamma = BeautifulSoup(fast["posts/gamma.html"], "html.parser")
    for side, title in (("prev", "Pay & perks @ AI > ML"), ("next", "Delta rays")):
        link = gamma.select_one(f"a.{side}-page .title")
        assert link is not None
        assert visible_text(link) == title


class NoWriter:
    """A builder that may not start a docutils writer for a title."""

    def get_translator_class(self) -> type:
        return HTML5Translator

    def render_partial(self, node: nodes.Node) -> dict[str, str]:
        raise AssertionError(f"a writer was started for {node.astext()!r}")


def test_a_plain_title_is_escaped_without_starting_a_writer() -> None:
    title = nodes.title("", "Pay & perks @ AI > ML")

    assert title_html(cast(Any, NoWriter()), title) == "Pay &amp; perks &#64; AI &gt; ML"

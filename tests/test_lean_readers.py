"""With -j, a forked reader sends back the pages it read, not the whole environment again."""

import pickle
from pathlib import Path
from typing import Any

import pytest
from sphinx.environment import BuildEnvironment
from test_incremental import comparable, edit, fresh_build_of

from helpers import build_site, dated_posts, output_files, write_blog
from valenx_kb.lean_readers import PER_PAGE_TABLES

Merges = list[tuple[set[str], dict[str, set[str]]]]

# sphinx-notfound-page marks its 404 page's metadata while reading every page, and merges
# the whole metadata table back from each reader.
NOT_FOUND_CONF = 'extensions.append("notfound.extension")\nmyst_heading_anchors = 2\n'
NOT_FOUND_PAGE = "---\norphan: true\n---\n\n# Page not found\n\n## Look again\n"


def record_merges(monkeypatch: pytest.MonkeyPatch) -> Merges:
    """Each forked reader's chunk, and the pages each of its tables holds as it is merged."""
    merges: Merges = []
    merge = BuildEnvironment.merge_info_from

    def recording(self: BuildEnvironment, docnames: Any, other: BuildEnvironment, app: Any) -> None:
        tables = {name: set(getattr(other, name)) for name in PER_PAGE_TABLES}
        tables["posts"] = set(other.domaindata["valenx"]["posts"])
        merges.append((set(docnames), tables))
        merge(self, docnames, other, app)

    monkeypatch.setattr(BuildEnvironment, "merge_info_from", recording)
    return merges


def write_site_with_404(root: Path) -> tuple[Path, dict[str, str]]:
    """The test blog with 12 posts and sphinx-notfound-page's 404 page."""
    posts = dated_posts(12)
    docs = write_blog(root, {**posts, "404": NOT_FOUND_PAGE})
    with (docs / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(NOT_FOUND_CONF)
    return docs, posts


def saved_environment(docs: Path) -> Any:
    """The environment a build of docs saved."""
    with (docs / "_build" / "doctrees" / "environment.pickle").open("rb") as saved:
        return pickle.load(saved)


def test_a_forked_reader_sends_back_only_the_pages_it_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, posts = write_site_with_404(tmp_path / "site")
    build_site(docs)
    # Eight pages to read again, in parallel; the readers are forked with the other six.
    for name in list(posts)[:8]:
        edit(docs, name, "Some words about careers.", f"New words about {name}.")
    merges = record_merges(monkeypatch)
    again = build_site(docs, parallel=2)

    assert again.warnings == ""
    assert set().union(*(chunk for chunk, _ in merges)) == set(list(posts)[:8])
    for chunk, tables in merges:
        for name, pages in tables.items():
            assert pages <= chunk, f"{name} holds pages outside the reader's chunk"
    # Each post read is still sent back, to the build's process.
    assert set().union(*(tables["posts"] for _, tables in merges)) == set(list(posts)[:8])
    assert comparable(output_files(again.outdir)) == fresh_build_of(docs, tmp_path)
    # What is kept for the next build is what a fresh build keeps, the 404 page's too.
    fresh = saved_environment(tmp_path / "fresh" / "docs")
    kept = saved_environment(docs)
    assert kept.metadata["404"]["myst_slugs"] == fresh.metadata["404"]["myst_slugs"]
    assert kept.metadata == fresh.metadata
    assert kept.titles.keys() == fresh.titles.keys()


def test_a_duplicate_label_is_still_found_by_a_forked_reader(tmp_path: Path) -> None:
    posts = dated_posts(8)
    posts["posts/post-8"] = posts["posts/post-8"].replace("# Post 8", "(salary-figures)=\n# Post 8")
    docs = write_blog(tmp_path / "site", posts)
    assert build_site(docs).warnings == ""
    for name in list(posts)[:6]:
        edit(docs, name, "Some words about careers.", f"New words about {name}.")
    edit(docs, "posts/post-1", "# Post 1", "(salary-figures)=\n# Post 1")

    again = build_site(docs, parallel=2)

    assert "duplicate label salary-figures" in again.warnings
    assert "post-1.md" in again.warnings

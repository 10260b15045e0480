"""With -j, a forked reader sends back the pages it read, not the whole environment again."""

from pathlib import Path
from typing import Any

import pytest
from sphinx.environment import BuildEnvironment
from test_incremental import comparable, edit, fresh_build_of

from helpers import build_site, dated_posts, output_files, write_blog
from valenx_kb.lean_readers import PER_PAGE_TABLES

Merges = list[tuple[set[str], dict[str, set[str]]]]


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


def test_a_forked_reader_sends_back_only_the_pages_it_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = dated_posts(12)
    docs = write_blog(tmp_path / "site", posts)
    build_site(docs)
    # Eight pages to read again, in parallel; the readers are forked with the other five.
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

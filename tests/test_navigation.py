"""furo's sidebar built once per folder: the same pages as furo's own, far fewer trees built."""

import os
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.testing.util import SphinxTestApp

from helpers import (
    BLOG_INDEX,
    BLOG_POSTS,
    build_site,
    copy_site,
    logged_build,
    output_files,
    warning_lines,
    write_blog,
)
from valenx_kb.navigation import UnmarkedTree

GUIDES_INDEX = """\
# Guides

```{toctree}
:caption: Guides

first
second
```
"""
# Pages in three folders, a nested toctree (furo's expandable items), a page listed in two
# toctrees, and an orphan page that no toctree lists.
NAVIGATION_PAGES = {
    **BLOG_POSTS,
    "index": BLOG_INDEX
    + "\n```{toctree}\n:caption: Start here\n\nguides/index\nposts/alpha\n```\n",
    "guides/index": GUIDES_INDEX,
    "guides/first": "# First guide\n\nWords.\n",
    "guides/second": "# Second guide\n\nWords.\n",
    "about": "---\norphan: true\n---\n\n# About\n\nIn no toctree.\n",
}


def build_counting_sidebars(srcdir: Path, **overrides: Any) -> tuple[dict[str, bytes], int, str]:
    """Build srcdir fresh; return its output, how many sidebars furo built its way, warnings."""
    furo_builds: list[str] = []

    def counting(env: Any, docname: str, *args: Any, **kwargs: Any) -> Any:
        furo_builds.append(docname)
        return global_toctree_for_doc(env, docname, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        # The HTML builder's toctree() for a page: what furo calls for its sidebar.
        patch.setattr("sphinx.builders.html.global_toctree_for_doc", counting)
        site = build_site(srcdir, "html", partial(SphinxTestApp, confoverrides=overrides))
    return output_files(site.outdir), len(furo_builds), site.warnings


def test_sidebars_match_furos_own_byte_for_byte(tmp_path: Path) -> None:
    fast_site = write_blog(tmp_path / "fast", NAVIGATION_PAGES)
    furo_site = write_blog(tmp_path / "furo", NAVIGATION_PAGES)

    fast, fast_count, fast_warnings = build_counting_sidebars(fast_site)
    furos, furo_count, _ = build_counting_sidebars(furo_site, valenx_fast_navigation=False)

    assert fast_warnings == ""
    assert fast == furos
    pages = [name for name in furos if name.endswith(".html")]
    # furo's way: one full tree per page. Ours: only the page listed twice (posts/alpha) is
    # built furo's way; the rest come from one tree per folder.
    assert furo_count == len(pages)
    assert fast_count == 1
    sidebar = fast["posts/beta.html"].decode()
    assert '<li class="toctree-l1 current current-page"><a class="current reference' in sidebar


def test_the_real_site_matches_furos_own(tmp_path: Path) -> None:
    fast, _, fast_warnings = build_counting_sidebars(copy_site(tmp_path / "fast"))
    furos, _, _ = build_counting_sidebars(
        copy_site(tmp_path / "furo"), valenx_fast_navigation=False
    )

    assert fast_warnings == ""
    assert fast == furos


def test_a_change_in_furos_markup_is_reported_and_furos_way_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if a furo upgrade marked the current page differently from what we add.
    marked = UnmarkedTree.marked
    monkeypatch.setattr(
        UnmarkedTree,
        "marked",
        lambda tree, href: (marked(tree, href) or "").replace("current-page", "here"),
    )
    site = write_blog(tmp_path / "site", NAVIGATION_PAGES)
    furos_site = write_blog(tmp_path / "furo", NAVIGATION_PAGES)

    output, count, warnings = build_counting_sidebars(site)
    furos, furo_count, _ = build_counting_sidebars(furos_site, valenx_fast_navigation=False)

    assert warning_lines(warnings, tmp_path) == [
        "ROOT/site/docs/guides/first.md: WARNING: furo's sidebar markup is not what valenx_kb "
        "expects; every page's sidebar is built furo's own, slower way. Set "
        "valenx_fast_navigation = False in conf.py to silence this, and report it so the fast "
        "sidebar can be updated. [valenx.navigation]"
    ]
    assert output == furos
    assert count == furo_count


API_PAGE = "# API\n\n```{eval-rst}\n.. automodule:: valenx_kb.links\n   :members:\n```\n"


def write_viewcode_site(root: Path) -> Path:
    """The navigation site plus a page documenting a module, with its source shown by viewcode."""
    index = NAVIGATION_PAGES["index"] + "\n```{toctree}\n:caption: Reference\n\napi\n```\n"
    docs = write_blog(root, {**NAVIGATION_PAGES, "index": index, "api": API_PAGE})
    conf = docs / "conf.py"
    extensions = 'extensions += ["sphinx.ext.autodoc", "sphinx.ext.viewcode"]\n'
    conf.write_text(conf.read_text(encoding="utf-8") + extensions, encoding="utf-8")
    return docs


def test_pages_without_a_source_get_furos_sidebar(tmp_path: Path) -> None:
    fast, _, fast_warnings = build_counting_sidebars(write_viewcode_site(tmp_path / "fast"))
    furos, _, _ = build_counting_sidebars(
        write_viewcode_site(tmp_path / "furo"), valenx_fast_navigation=False
    )

    assert fast_warnings == ""
    assert fast == furos
    source = BeautifulSoup(fast["_modules/valenx_kb/links.html"], "html.parser")
    sidebar = source.select(".sidebar-tree a.reference")
    assert {link.get_text(): link["href"] for link in sidebar}["API"] == "../../api.html"


# What a moved internal could raise when called as valenx_kb calls it.
BROKEN_INTERNALS = {
    "global_toctree_for_doc": "global_toctree_for_doc() got an unexpected keyword "
    "argument 'collapse'",
    "get_navigation_tree": "get_navigation_tree() missing 1 required positional argument: "
    "'builder'",
}


# With -j 2, pages after the first are written by a forked process: the warning still comes once.
@pytest.mark.parametrize(
    ("internal", "parallel"),
    [("global_toctree_for_doc", 0), ("get_navigation_tree", 0), ("get_navigation_tree", 2)],
)
def test_a_moved_internal_turns_the_fast_sidebar_off_once(
    internal: str, parallel: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = BROKEN_INTERNALS[internal]

    def moved(*args: Any, **kwargs: Any) -> Any:
        raise TypeError(message)

    monkeypatch.setattr(f"valenx_kb.navigation.{internal}", moved)
    build = logged_build(write_viewcode_site(tmp_path / "site"), parallel=parallel)
    monkeypatch.undo()
    furos, _, _ = build_counting_sidebars(
        write_viewcode_site(tmp_path / "furo"), valenx_fast_navigation=False
    )

    assert warning_lines(build.warnings, tmp_path) == [
        "WARNING: valenx_kb's fast sidebar cannot use the installed furo or Sphinx "
        f"(TypeError: {message}); sidebars are built furo's own, slower way. "
        "Set valenx_fast_navigation = False in conf.py to silence this, and report it so "
        "the fast sidebar can be updated. [valenx.navigation]"
    ]
    assert output_files(build.outdir) == furos


def test_a_failure_in_a_parallel_writer_builds_its_pages_furos_way_without_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build's own process marks every page before it forks, so marking that fails only in a
    # forked writer cannot happen today; were it to, the writer cannot turn the fast sidebar off
    # for the others, and its warning would come once per writer. Its pages go furo's way instead.
    build_process, failures = os.getpid(), tmp_path / "failures"
    marked = UnmarkedTree.marked

    def fails_when_forked(tree: UnmarkedTree, href: str) -> str | None:
        if os.getpid() == build_process:
            return marked(tree, href)
        with failures.open("a", encoding="utf-8") as failed:
            failed.write(f"{href}\n")
        raise RuntimeError("marking failed in a forked writer")

    monkeypatch.setattr(UnmarkedTree, "marked", fails_when_forked)
    build = logged_build(write_viewcode_site(tmp_path / "site"), parallel=2)
    monkeypatch.undo()
    furos, _, _ = build_counting_sidebars(
        write_viewcode_site(tmp_path / "furo"), valenx_fast_navigation=False
    )

    assert failures.read_text(encoding="utf-8")  # the forked writer did fail
    assert build.warnings == ""
    assert output_files(build.outdir) == furos


def test_an_internal_that_cannot_be_imported_turns_the_fast_sidebar_off_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = ImportError("cannot import name 'get_navigation_tree' from 'furo.navigation'")
    monkeypatch.setattr("valenx_kb.navigation.missing_internals", error)
    output, _, warnings = build_counting_sidebars(write_blog(tmp_path / "site", NAVIGATION_PAGES))
    monkeypatch.undo()
    furos, _, _ = build_counting_sidebars(
        write_blog(tmp_path / "furo", NAVIGATION_PAGES), valenx_fast_navigation=False
    )

    assert warning_lines(warnings, tmp_path) == [
        "WARNING: valenx_kb's fast sidebar cannot use the installed furo or Sphinx "
        "(ImportError: cannot import name 'get_navigation_tree' from 'furo.navigation'); "
        "sidebars are built furo's own, slower way. Set valenx_fast_navigation = False in "
        "conf.py to silence this, and report it so the fast sidebar can be updated. "
        "[valenx.navigation]"
    ]
    assert output == furos

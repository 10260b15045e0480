"""furo's sidebar built once per folder: the same pages as furo's own, far fewer trees built."""

from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.testing.util import SphinxTestApp

from helpers import (
    BLOG_INDEX,
    BLOG_POSTS,
    build_site,
    copy_site,
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
        "expects, so every page's sidebar is built furo's own, slower way; to silence this, "
        "set valenx_fast_navigation = False in conf.py [valenx.navigation]"
    ]
    assert output == furos
    assert count == furo_count

"""furo's sidebar built once per folder: the same pages as furo's own, far fewer trees built."""

import ast
import inspect
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
import sphinx
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.testing.util import SphinxTestApp

from helpers import (
    BLOG_CONF,
    BLOG_INDEX,
    BLOG_POSTS,
    REPO,
    BuiltSite,
    blog_post,
    build_site,
    output_files,
    visible_text,
    warning_lines,
    write_blog,
    write_site,
)
from valenx_kb import navigation
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


# The HTML builder's toctree() for a page: what furo calls for its sidebar.
FURO_WAY_TOCTREE = "sphinx.builders.html.global_toctree_for_doc"
# Where the fast sidebar makes its trees.
FAST_SIDEBAR_TOCTREE = "valenx_kb.navigation.global_toctree_for_doc"


@contextmanager
def counting_toctrees(where: str) -> Iterator[list[str]]:
    """Within the block, note each page Sphinx's global toctree is resolved for, at where."""
    pages: list[str] = []

    def counting(env: Any, docname: str, *args: Any, **kwargs: Any) -> Any:
        pages.append(docname)
        return global_toctree_for_doc(env, docname, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(where, counting)
        yield pages


def build_counting_sidebars(srcdir: Path, **overrides: Any) -> tuple[dict[str, bytes], int, str]:
    """Build srcdir fresh; return its output, how many sidebars furo built its way, warnings."""
    with counting_toctrees(FURO_WAY_TOCTREE) as furo_builds:
        site = build_site(srcdir, confoverrides=overrides)
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


def test_the_real_site_matches_furos_own(site_copy: Path, built_html: BuiltSite) -> None:
    furos, _, _ = build_counting_sidebars(site_copy, valenx_fast_navigation=False)

    assert built_html.warnings == ""
    assert output_files(built_html.outdir) == furos


# Left-out pages between shown ones, in two toctrees, one listed twice, one with its own
# toctree, one listed under a title of its own, and titles with markup and entities, or
# characters HTML escapes in plain text.
SLOT_PAGES = {
    **NAVIGATION_PAGES,
    "guides/index": GUIDES_INDEX.replace(
        "first\nsecond\n",
        "first\n/notes/one\n/notes/two\nsecond\n/notes/three\nShort </notes/four>\n",
    ),
    "notes/one": "# One *emphasised* & “quoted”\n\nWords.\n",
    "notes/two": "# Two <b>\n\nWords.\n\n```{toctree}\n\nfive\n```\n",
    "notes/three": "# Three & four @ x>y\n\nWords.\n",
    "notes/four": "# Four\n\nWords.\n",
    "notes/five": "# Five\n\nWords.\n",
}


def test_a_left_out_page_shows_in_its_place_as_furo_would_show_it(tmp_path: Path) -> None:
    fast_site = write_blog(tmp_path / "fast", SLOT_PAGES)
    furo_site = write_blog(tmp_path / "furo", SLOT_PAGES)
    excludes = {"valenx_sidebar_excludes": ["posts/*", "notes/*"]}

    fast, _, fast_warnings = build_counting_sidebars(fast_site, **excludes)
    furos, _, _ = build_counting_sidebars(furo_site, valenx_fast_navigation=False, **excludes)

    assert fast_warnings == ""
    assert fast == furos
    for page, title in [("notes/one", "One emphasised & “quoted”"), ("posts/beta", "Beta")]:
        navigation = BeautifulSoup(fast[f"{page}.html"], "html.parser").select_one(".sidebar-tree")
        assert navigation is not None
        assert [link.get_text() for link in navigation.select("a.current")][-1] == title
        assert "three.html" not in str(navigation)  # the other left-out pages stay out
    three = BeautifulSoup(fast["notes/three.html"], "html.parser").select_one(".sidebar-tree")
    assert three is not None
    # In its place: after the second guide, not where the first left-out note would be.
    entries = [link.get_text() for link in three.select("li.toctree-l2 > a")]
    assert entries == ["First guide", "Second guide", "Three & four @ x>y"]


class PlainTitleBuilder:
    """A builder holding one page's contents, which may not start a writer for its title."""

    def __init__(self, title: str) -> None:
        reference = nodes.reference("", title, internal=True, refuri="#")
        item = nodes.list_item("", addnodes.compact_paragraph("", "", reference))
        self.env = SimpleNamespace(tocs={"notes/page": nodes.bullet_list("", item)})

    def render_partial(self, node: nodes.Node) -> dict[str, str]:
        raise AssertionError(f"a writer was started for {node.astext()!r}")


def test_a_plain_sidebar_title_is_escaped_without_starting_a_writer() -> None:
    builder = cast(Any, PlainTitleBuilder("Three & four @ x>y"))

    assert navigation.sidebar_title(builder, "notes/page") == "Three &amp; four @ x&gt;y"


def test_folders_of_pages_in_no_toctree_share_one_sidebar(tmp_path: Path) -> None:
    orphans = {
        f"notes/{folder}/page": f"---\norphan: true\n---\n\n# Note {folder}\n\nWords.\n"
        for folder in ("a", "b", "c", "d", "e")
    }
    fast_site = write_blog(tmp_path / "fast", {**NAVIGATION_PAGES, **orphans})
    furo_site = write_blog(tmp_path / "furo", {**NAVIGATION_PAGES, **orphans})
    with counting_toctrees(FAST_SIDEBAR_TOCTREE) as made:
        fast = output_files(build_site(fast_site).outdir)
    furos, _, _ = build_counting_sidebars(furo_site, valenx_fast_navigation=False)

    assert fast == furos
    # One tree per set of folders that link alike: "", guides and posts, the five note
    # folders together, and one page checked furo's way.
    assert sorted(made) == sorted(set(made))
    assert len([name for name in made if name.startswith("notes/")]) == 1


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
    build = build_site(write_viewcode_site(tmp_path / "site"), parallel=parallel)
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
    build = build_site(write_viewcode_site(tmp_path / "site"), parallel=2)
    monkeypatch.undo()
    furos, _, _ = build_counting_sidebars(
        write_viewcode_site(tmp_path / "furo"), valenx_fast_navigation=False
    )

    assert failures.read_text(encoding="utf-8")  # the forked writer did fail
    assert build.warnings == ""
    assert output_files(build.outdir) == furos


# What changed, as valenx_kb.navigation sees it; the reason its warning gives; the pages that
# differ from furo's own. furo keeping its sidebar elsewhere is found only once furo has built the
# first page's sidebar from the unmarked tree, so that page marks no page; later pages are furo's.
CHANGED_INTERNALS: dict[str, tuple[tuple[str, object], str, set[str]]] = {
    "import": (
        (
            "missing_internals",
            ImportError("cannot import name 'get_navigation_tree' from 'furo.navigation'"),
        ),
        "ImportError: cannot import name 'get_navigation_tree' from 'furo.navigation'",
        set(),
    ),
    "toctree-options": (
        ("FURO_TOCTREE", {**navigation.FURO_TOCTREE, "maxdepth": 3}),
        "LookupError: furo asks for its sidebar's toctree() differently",
        set(),
    ),
    "toctree-maker": (
        ("SPHINX_TOCTREE_MODULE", "sphinx.builders.html._build"),
        "LookupError: the page's toctree() comes from sphinx.builders.html, "
        "not sphinx.builders.html._build",
        set(),
    ),
    "tree-key": (
        ("FURO_TREE", "furo_sidebar"),
        "LookupError: furo keeps its sidebar elsewhere than furo_sidebar",
        {min(NAVIGATION_PAGES) + ".html"},
    ),
}


@pytest.mark.parametrize(
    ("change", "reason", "differing"), CHANGED_INTERNALS.values(), ids=list(CHANGED_INTERNALS)
)
def test_an_internal_that_is_gone_or_moved_turns_the_fast_sidebar_off_once(
    change: tuple[str, object],
    reason: str,
    differing: set[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name, value = change
    monkeypatch.setattr(f"valenx_kb.navigation.{name}", value)
    output, _, warnings = build_counting_sidebars(write_blog(tmp_path / "site", NAVIGATION_PAGES))
    monkeypatch.undo()
    furos, _, _ = build_counting_sidebars(
        write_blog(tmp_path / "furo", NAVIGATION_PAGES), valenx_fast_navigation=False
    )

    assert warning_lines(warnings, tmp_path) == [
        f"WARNING: valenx_kb's fast sidebar cannot use the installed furo or Sphinx ({reason}); "
        "sidebars are built furo's own, slower way. Set valenx_fast_navigation = False in "
        "conf.py to silence this, and report it so the fast sidebar can be updated. "
        "[valenx.navigation]"
    ]
    assert output.keys() == furos.keys()
    assert {page for page in furos if output[page] != furos[page]} == differing


# Which pages a build re-writes because of the navigation (navigation.ParentRewrites).


def edit_post(srcdir: Path, post: str, old: str, new: str) -> None:
    """Replace text in a post's source."""
    path = srcdir / f"{post}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_editing_posts_again_and_again_re_writes_only_them_and_never_warns(
    tmp_path: Path,
) -> None:
    # Fails if Sphinx saves the environment or checks which pages are in a toctree after
    # write-started, where the posts' toctree parents are held back: the check would then
    # report the posts, now or in the next build, as in no toctree.
    srcdir = write_blog(tmp_path / "site")
    build_site(srcdir)
    builds = []
    for post in ("posts/gamma", "posts/delta", "posts/gamma"):
        edit_post(srcdir, post, "careers.", "careers, edited.")
        builds.append(build_site(srcdir))

    assert [(build.read, build.written) for build in builds] == [
        (["posts/gamma"], ["posts/gamma"]),
        (["posts/delta"], ["posts/delta"]),
        (["posts/gamma"], ["posts/gamma"]),
    ]
    assert [build.warnings for build in builds] == ["", "", ""]


def test_sidebars_are_kept_until_a_page_or_setting_they_show_changes(tmp_path: Path) -> None:
    srcdir = write_blog(tmp_path / "site", NAVIGATION_PAGES)
    build_site(srcdir)
    with counting_toctrees(FAST_SIDEBAR_TOCTREE) as made:
        edit_post(srcdir, "guides/first", "Words.", "Other words.")
        body_edit = build_site(srcdir)
        kept = list(made)
        edit_post(srcdir, "guides/first", "# First guide", "# First guide, renamed")
        retitled = build_site(srcdir)
        retitled_made = len(made) - len(kept)
        retitled_beta = (retitled.outdir / "posts" / "beta.html").read_text(encoding="utf-8")
        excluded = build_site(srcdir, confoverrides={"valenx_sidebar_excludes": ["guides/*"]})
        excluded_made = len(made) - len(kept) - retitled_made

    assert body_edit.written == ["guides/first", "guides/index"]  # and its toctree parent
    assert kept == []
    assert retitled_made > 0
    assert "First guide, renamed" in sidebar_text(retitled_beta)
    assert excluded_made > 0
    beta = (excluded.outdir / "posts" / "beta.html").read_text(encoding="utf-8")
    assert "First guide" not in sidebar_text(beta)
    fresh = write_blog(tmp_path / "fresh", NAVIGATION_PAGES)
    edit_post(fresh, "guides/first", "Words.", "Other words.")
    edit_post(fresh, "guides/first", "# First guide", "# First guide, renamed")
    fresh_site = build_site(fresh, confoverrides={"valenx_sidebar_excludes": ["guides/*"]})
    incremental = output_files(excluded.outdir)
    incremental.pop(".buildinfo.bak")  # Sphinx keeps the settings of the build before
    assert incremental == output_files(fresh_site.outdir)


def sidebar_text(page: str) -> str:
    """The text of furo's sidebar navigation on a page."""
    tree = BeautifulSoup(page, "html.parser").select_one(".sidebar-tree")
    assert tree is not None
    return tree.get_text(" ", strip=True)


def test_a_second_build_in_the_same_process_finds_every_post_in_its_toctree(
    tmp_path: Path,
) -> None:
    # The held-back toctree parents are put back once the build is done.
    srcdir = write_blog(tmp_path / "site")
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=warning)
    try:
        app.build()
        edit_post(srcdir, "posts/gamma", "careers.", "careers, edited.")
        app.build()
    finally:
        app.cleanup()

    assert warning.getvalue() == ""


def sphinx_functions_using(attribute: str) -> set[str]:
    """The functions of the installed Sphinx that mention attribute, as "module:qualname"."""
    root = Path(sphinx.__file__).parent
    found = set()
    for path in sorted(root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if attribute not in source:
            continue
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for scope, node in scopes(ast.parse(source)):
            if isinstance(node, ast.Attribute) and node.attr == attribute:
                found.add(f"{module}:{scope}")
    return found


def scopes(tree: ast.AST, scope: str = "") -> Iterator[tuple[str, ast.AST]]:
    """Every node of tree with the qualified name of the function or class it is in."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield from scopes(child, f"{scope}.{child.name}".lstrip("."))
        else:
            yield scope, child
            yield from scopes(child, scope)


def test_sphinx_reads_the_toctree_parents_only_where_the_hold_back_expects() -> None:
    # ParentRewrites takes entries out of env.files_to_rebuild from write-started to
    # build-finished. That is safe only while Sphinx reads them, during that time, in
    # Builder.write() alone, after emitting write-started, and saves the environment
    # and checks it before. If this fails after a Sphinx upgrade, read how the new Sphinx
    # uses files_to_rebuild and move or drop ParentRewrites (docs/_ext/valenx_kb/navigation.py).
    assert sphinx_functions_using(navigation.TOCTREE_PARENTS) == {
        "sphinx.environment:BuildEnvironment.__init__",
        "sphinx.environment:BuildEnvironment.check_consistency",
        "sphinx.environment.collectors.toctree:TocTreeCollector.clear_doc",
        "sphinx.environment.collectors.toctree:TocTreeCollector.merge_other",
        "sphinx.environment.adapters.toctree:note_toctree",
        "sphinx.builders:Builder.write",
    }
    build = inspect.getsource(Builder.build)
    assert build.index("pickle.dump(self.env") < build.index("check_consistency()")
    assert build.index("check_consistency()") < build.index("self.write(")
    write = inspect.getsource(Builder.write)
    assert write.index("'write-started'") < write.index(navigation.TOCTREE_PARENTS)


def test_a_renamed_toctree_parents_map_re_writes_the_parent_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = write_blog(tmp_path / "site")
    build_site(srcdir)
    edit_post(srcdir, "posts/gamma", "careers.", "careers, edited.")
    monkeypatch.setattr("valenx_kb.navigation.TOCTREE_PARENTS", "toctree_parents")

    build = build_site(srcdir)

    assert build.written == ["index", "posts/gamma"]  # Sphinx's own choice
    assert warning_lines(build.warnings, tmp_path) == [
        "WARNING: valenx_kb cannot find Sphinx's env.toctree_parents (the installed Sphinx "
        "changed it), so editing a post also re-writes the page listing it; the output is "
        "the same. Report it so the extension can be updated. [valenx.navigation]"
    ]


@pytest.mark.slow
def test_a_post_page_is_no_bigger_in_a_thousand_post_site(tmp_path: Path) -> None:
    # Posts with titles of one length and nothing in common but their category, so a
    # post's own content (its cards, its previous and next links) is alike in both sites.
    conf = BLOG_CONF + 'valenx_sidebar_excludes = ["posts/*"]\n'
    sizes = {}
    for count in (10, 1000):
        posts = {
            f"posts/p{number:05d}": blog_post(f"Post {number:05d}", tags=f"[t{number:05d}]")
            for number in range(count)
        }
        docs = write_site(tmp_path / str(count), pages={"index": BLOG_INDEX, **posts}, conf=conf)
        page = build_site(docs).outdir / "posts" / "p00005.html"
        navigation = BeautifulSoup(page.read_bytes(), "html.parser").select_one(".sidebar-tree")
        assert navigation is not None
        assert "p00009.html" not in str(navigation)
        assert [link.text for link in navigation.select("a.current")] == ["Post 00005"]
        sizes[count] = page.stat().st_size
    assert abs(sizes[1000] - sizes[10]) <= 100, sizes


def toctree_options(source: str) -> list[str]:
    """The options of each toctree on a page, as one text each."""
    return re.findall(r"(?m)^`{3,}\{toctree\}\n((?::[\w-]+:.*\n)*)", source)


def test_hidden_toctrees_leave_no_empty_wrapper_on_their_pages(built_html: BuiltSite) -> None:
    docs = REPO / "docs"
    sources = {
        path.relative_to(docs).with_suffix("").as_posix(): path.read_text(encoding="utf-8")
        for path in docs.rglob("*.md")
        if "_build" not in path.parts
    }
    wrappers = {}
    for docname, source in sorted(sources.items()):
        if toctree_options(source):
            page = built_html.outdir / f"{docname}.html"
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            wrappers[docname] = [visible_text(div) for div in soup.select("div.toctree-wrapper")]
    assert wrappers
    for docname, shown in wrappers.items():
        visible = [
            options for options in toctree_options(sources[docname]) if ":hidden:" not in options
        ]
        assert len(shown) == len(visible), docname  # one wrapper per toctree a reader sees
        assert all(shown), docname  # and none of them empty

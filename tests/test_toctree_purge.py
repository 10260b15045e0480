"""Forgetting a page's toctrees without scanning the site leaves Sphinx's state as Sphinx does."""

from io import StringIO
from pathlib import Path

import pytest
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.testing.util import SphinxTestApp
from test_navigation import NAVIGATION_PAGES

from helpers import write_blog
from valenx_kb import toctree_purge

State = tuple[dict[str, list[str]], dict[str, list[str]]]


def build_state(srcdir: Path) -> State:
    """Build srcdir again; Sphinx's map of toctree parents and of toctree children after it."""
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
        parents = {page: sorted(of) for page, of in app.env.files_to_rebuild.items()}
        children = {page: list(of) for page, of in app.env.toctree_includes.items()}
    finally:
        app.cleanup()
    return dict(sorted(parents.items())), dict(sorted(children.items()))


def edit_history(srcdir: Path) -> list[State]:
    """The state after a fresh build, a page taken out of a toctree, and a page removed."""
    states = [build_state(srcdir)]
    guides = srcdir / "guides" / "index.md"
    guides.write_text(guides.read_text(encoding="utf-8").replace("second\n", ""), "utf-8")
    (srcdir / "guides" / "second.md").write_text("---\norphan: true\n---\n\n# Second\n", "utf-8")
    states.append(build_state(srcdir))
    (srcdir / "posts" / "gamma.md").unlink()
    states.append(build_state(srcdir))
    return states


def test_sphinx_state_is_the_same_as_with_sphinxs_own_handler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = edit_history(write_blog(tmp_path / "ours", NAVIGATION_PAGES))
    monkeypatch.setattr(toctree_purge, "swap_toctree_purge", lambda app: False)
    sphinxs = edit_history(write_blog(tmp_path / "sphinx", NAVIGATION_PAGES))

    assert ours == sphinxs
    assert "guides/index" not in ours[1][0].get("guides/second", [])  # the edit took effect
    assert "posts/gamma" not in ours[2][0]


def test_sphinxs_scanning_handler_is_replaced(tmp_path: Path) -> None:
    # Fails if a Sphinx upgrade moves the collector's handler: reading is then quadratic again.
    srcdir = write_blog(tmp_path / "site")
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        handlers = [listener.handler for listener in app.events.listeners[toctree_purge.PURGE]]
    finally:
        app.cleanup()

    scanning = [h for h in handlers if isinstance(getattr(h, "__self__", None), TocTreeCollector)]
    assert scanning == []
    assert [h for h in handlers if h.__qualname__.startswith("without_scan")] != []

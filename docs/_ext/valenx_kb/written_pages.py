"""The pages without a source this build writes or keeps: generated pages, the index, search.

Sphinx writes those in the build's own process, after the pages with a source,
through html-page-context; a generated page that has not changed since the
last build is kept as it is (generated_pages.py) and noted here all the same.
The sitemap lists those meant for search engines, and a redirect never writes
over any of them. The record lives on the domain, is not pickled, and starts
empty each build.
"""

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from valenx_kb.domain import knowledge_base


def start_build(app: Sphinx, env: BuildEnvironment) -> None:
    """Forget the last build's pages."""
    knowledge_base(env).pages_without_source.clear()


def note_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Note a page without a source as it is written, and whether search engines may list it."""
    if pagename not in app.env.found_docs:
        note(app.env, pagename, indexed=not context.get("valenx_noindex"))


def note(env: BuildEnvironment, pagename: str, indexed: bool) -> None:
    """Note a page without a source that this build writes or keeps."""
    knowledge_base(env).pages_without_source[pagename] = indexed


def pages(env: BuildEnvironment) -> dict[str, bool]:
    """Each page without a source this build wrote or kept: may search engines list it?"""
    return knowledge_base(env).pages_without_source


def setup(app: Sphinx) -> dict[str, Any]:
    """Start afresh with each build; note the pages as they are written."""
    app.connect("env-updated", start_build)
    app.connect("html-page-context", note_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

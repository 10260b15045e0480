"""sitemap.xml: every page of the site after every build, exactly as a fresh build lists it.

sphinx-sitemap lists only the pages the current build wrote, so an incremental
build shrank the sitemap to the pages it rewrote (jdillard/sphinx-sitemap#13).
Here the pages with a source come from the environment, which knows all of
them. The pages without one (the index, search, generated pages) are those
this build wrote or kept (written_pages.py); viewcode skips a module page that
is up to date, so the ones noted are kept for the next builds, in the doctree
folder, for as long as their file is still there (a page no longer generated
stays listed until its file is removed).
"""

import fnmatch
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from valenx_kb import written_pages
from valenx_kb.build_notes import read_note, write_note
from valenx_kb.domain import knowledge_base
from valenx_kb.links import WEB_BUILDERS
from valenx_kb.redirects import old_pages
from valenx_kb.seo import base_url

SITEMAP_FILE = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """After a good web build with html_baseurl set: write sitemap.xml."""
    builder = app.builder
    if exception is not None or builder.name not in WEB_BUILDERS:
        return
    if not isinstance(builder, StandaloneHTMLBuilder) or not app.config.html_baseurl:
        return
    this_build = written_pages.pages(app.env)
    generated = {page for page, indexed in this_build.items() if indexed}
    # Pages this build neither wrote nor kept (viewcode's, up to date) stay while their file
    # does. A redirect's page (redirects.py) is written at an old address, not through
    # html-page-context: it is never noted, and a page once noted there is dropped.
    kept = read_note(app, "sitemap") - old_pages(app.env) - this_build.keys()
    generated |= {page for page in kept if Path(builder.get_outfilename(page)).is_file()}
    write_note(app, "sitemap", generated)
    posts = knowledge_base(app.env).posts
    # A preview's drafts and scheduled posts are built, but not for search engines.
    published = {
        page for page in app.env.found_docs if page not in posts or not posts[page].unpublished
    }
    pages = sorted(published) + sorted(generated - app.env.found_docs)
    base = base_url(app)
    excludes = app.config.valenx_sitemap_excludes
    urlset = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for page in pages:
        link = builder.get_target_uri(page)
        if not any(fnmatch.fnmatch(link, pattern) for pattern in excludes):
            ElementTree.SubElement(ElementTree.SubElement(urlset, "url"), "loc").text = base + link
    ElementTree.ElementTree(urlset).write(
        Path(app.outdir) / SITEMAP_FILE, xml_declaration=True, encoding="utf-8"
    )


def setup(app: Sphinx) -> dict[str, Any]:
    """Declare the settings; write the sitemap once the pages are written."""
    app.setup_extension("valenx_kb.config")
    app.setup_extension("valenx_kb.written_pages")
    app.connect("build-finished", write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

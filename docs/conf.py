"""Sphinx configuration for the Valenx Press knowledge base."""

import contextlib
import io
import os
import sys
from pathlib import Path

# sphinxext-opengraph prints "matplotlib is not installed" when imported; we do
# not use its generated social-card images, so import it quietly first.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

# The project's own extension lives next to this file, so a plain checkout
# builds without installing anything beyond the pinned dependencies.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from valenx_kb.data import DataError, load_dataset  # found through the line above

project = "Valenx Press"
author = "Valenx Press"
copyright = "2026, Valenx Press"
language = "en"


def data_edition() -> str:
    """The site's edition, named after the month its data set describes: "2026.06"."""
    data_folder = Path(__file__).resolve().parent.parent / "data"
    try:
        dataset = load_dataset(data_folder / "salaries.yaml", data_folder / "salaries.schema.json")
    except DataError:
        return "unreleased"  # the build itself reports what is wrong with the data
    return dataset.as_of.strftime("%Y.%m")


version = release = data_edition()

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxext.opengraph",
    "notfound.extension",
    "valenx_kb",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "README.md"]

# MyST: the syntax extensions contributors are likely to reach for. Not "substitution":
# it renders every page through a Jinja2 environment that is not sandboxed, so
# "{{ ... }}" in a page would run code at build time.
myst_enable_extensions = [
    "attrs_block",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "fieldlist",
    "smartquotes",
]
# Give h1-h3 stable anchors, so a FAQ question can be linked to directly.
myst_heading_anchors = 3
# Raw HTML in a page is shown as text: contributors write Markdown, and a
# pasted <script> must never reach readers.
myst_disable_syntax = ["html_block", "html_inline"]

# Posts: pages whose front matter has one of these categories.
valenx_categories = ["Comparisons", "Role profiles"]
# "Back to Blog" and "View All Posts »" lead to the archive of every post.
valenx_blog_page = "archive"
# The sidebar shows the site's sections, not every post: readers reach posts from
# the home page, the archive and the tag, category and author pages.
valenx_sidebar_excludes = ["posts/*"]

html_theme = "furo"
html_title = "Valenx Press"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_favicon = "_static/favicon.svg"
# The publisher's wordmark in the sidebar, drawn for light and dark pages; it spells the
# name, so furo does not write it again beside it.
html_theme_options = {
    "light_logo": "valenx-logo-light.svg",
    "dark_logo": "valenx-logo-dark.svg",
    "sidebar_hide_name": True,
}
html_css_files = ["valenx.css"]
html_show_sourcelink = False
# The site's public address, used for canonical links, the sitemap, the feed,
# Open Graph and JSON-LD. Read the Docs sets the canonical URL of the version
# being built; elsewhere this default (or VALENX_BASE_URL) applies.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL",
    os.environ.get("VALENX_BASE_URL", "https://valenx-press.readthedocs.io/en/latest/"),
)

# Open Graph and Twitter cards (sphinxext-opengraph); posts describe themselves
# with their front matter summary. Posts and role pages get a share image of their
# own (valenx_kb.share_images, drawn in DejaVu Sans from Debian's fonts-dejavu-core),
# which also sets twitter:card; sphinxext-opengraph's matplotlib cards stay off.
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}

# sitemap.xml (valenx_kb.sitemap): one absolute URL per page, except these
# (patterns matched against the page's address, for html and dirhtml builds).
valenx_sitemap_excludes = [
    "search.html",
    "genindex.html",
    "404.html",
    "search/",
    "genindex/",
    "404/",
]

# The 404 page (sphinx-notfound-page) is docs/404.md; its links are absolute,
# under the path of READTHEDOCS_CANONICAL_URL (default /en/latest/).

# The e-book (make epub) and the PDF (make pdf) hold the posts, the role profiles
# and the listing pages, not the pages about the site itself (valenx_kb.books).
valenx_book_excludes = ["404", "about", "performance", "contributing/*"]
# The toctrees are hidden (the sidebar shows them); the e-book's contents list them all.
epub_tocscope = "includehidden"
epub_show_urls = "no"
epub_use_index = False  # no index entries: it would be an empty page
# The PDF: the root document's toctrees alone, each page a chapter; dated by the
# data's month. XeLaTeX with the DejaVu fonts (Debian's fonts-dejavu-core and
# fonts-dejavu-extra), which have every character the pages use.
latex_engine = "xelatex"
latex_documents = [("index", "valenxpress.tex", project, author, "manual", True)]
latex_elements = {
    "fontpkg": "\\setmainfont{DejaVu Serif}\n"
    "\\setsansfont{DejaVu Sans}\n"
    "\\setmonofont{DejaVu Sans Mono}[Scale=0.9]\n",
    "printindex": "",  # no index entries: it would be an empty chapter
}
latex_use_xindy = False  # makeindex comes with TeX Live; xindy is one more package

"""Sphinx configuration for the Valenx Press knowledge base."""

import os
import sys
from pathlib import Path

# The project's own extension lives next to this file, so a plain checkout
# builds without installing anything beyond the pinned dependencies.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Valenx Press"
author = "Valenx Press"
copyright = "2026, Valenx Press"
language = "en"
# The edition of the site, named after the month its data set describes.
version = release = "2026.06"

extensions = [
    "myst_parser",
    "sphinx_design",
    "valenx_kb",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "README.md"]

# MyST: the syntax extensions contributors are likely to reach for.
myst_enable_extensions = [
    "attrs_block",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "fieldlist",
    "smartquotes",
    "substitution",
]
# Give h1-h3 stable anchors, so a FAQ question can be linked to directly.
myst_heading_anchors = 3

# Posts: pages whose front matter has one of these categories.
valenx_categories = ["Comparisons", "Role profiles"]

html_theme = "furo"
html_title = "Valenx Press"
html_static_path = ["_static"]
html_css_files = ["valenx.css"]
html_show_sourcelink = False
# Read the Docs sets the canonical URL of the version being built.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

epub_show_urls = "no"
latex_engine = "xelatex"

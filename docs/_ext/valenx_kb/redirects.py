"""Redirects: a small page at each address a page had before it moved (front matter redirect_from).

Any page may list its old addresses: ``redirect_from: [posts/old-name]``. They
are read with the page into the domain; once every page is read, an old
address that is a page of the site, or that another page claims first (by
page name), is reported on every build. After a good html or dirhtml build a
standalone page (no theme, no JavaScript) is written at each old address: a
meta refresh and a visible link to the page, a canonical link for search
engines, and noindex. The files written are noted, so a redirect taken out of
the front matter has its file removed by the next build. Other builders
ignore redirect_from.
"""

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from valenx_kb import written_pages
from valenx_kb.build_notes import output_file, read_note, remove_stale_files
from valenx_kb.domain import knowledge_base
from valenx_kb.front_matter import (
    CONTROL_CHARACTER,
    FrontMatterWarnings,
    given,
    without_control_characters,
)
from valenx_kb.links import WEB_BUILDERS
from valenx_kb.seo import page_url
from valenx_kb.translation import N_, gettext

FIELD = "redirect_from"
NOTE = "redirects"
# What a contributor reads when an old address cannot be used.
NOT_A_LIST = f"'{FIELD}' must be a list of old page addresses, like [posts/old-name]."
HOW_TO_WRITE = "Write the old page's path relative to the source folder, like posts/old-name."
EMPTY = f"'{FIELD}' has an empty entry. {HOW_TO_WRITE}"
FULL_URL = (
    f"'{FIELD}' {{written!r}} is a full URL; a redirect can only be written at an address "
    f"of this site. {HOW_TO_WRITE}"
)
OUTSIDE = (
    f"'{FIELD}' {{written!r}} is not a page path inside the source folder ('.', '..', '?', "
    f"'#', backslashes and control characters are not allowed). {HOW_TO_WRITE}"
)
A_PAGE = (
    f"'{FIELD}' {{old!r}} is a page of this site ({{path}}), so no redirect is written there. "
    f"Remove it from '{FIELD}', or move or delete that page."
)
CLAIMED = (
    f"'{FIELD}' {{old!r}} is also in the '{FIELD}' of {{path}}, which keeps it: an old "
    "address can lead to one page only. Remove it from one of the two pages."
)
WRITTEN_THERE = (
    f"'{FIELD}' {{old!r}} is where the {{builder}} builder writes the page {{page!r}}, so no "
    f"redirect is written there. Remove it from '{FIELD}'."
)
# What a reader of the old address sees, for the second it is shown.
MOVED_TITLE = N_("Moved: {title}")
MOVED_TEXT = N_("This page has moved to {link}.")
STUB_PAGE = """\
<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>{text}</p>
</body>
</html>
"""


def collect_redirects(app: Sphinx, doctree: nodes.document) -> None:
    """Read a page's redirect_from into the domain; warn at its line about unusable entries."""
    env = app.env
    docname = env.docname
    value = env.metadata[docname].get(FIELD)
    if value is None:
        return
    problems = FrontMatterWarnings(env, docname)
    entries = listed(value)
    if entries is None:
        problems.warn(FIELD, NOT_A_LIST)
        return
    olds = []
    for written in entries:
        old, problem = old_page(written)
        if problem:
            problems.warn(FIELD, problem)
        else:
            olds.append(old)
    if olds:
        knowledge_base(env).redirects[docname] = tuple(dict.fromkeys(olds))


def listed(value: object) -> list[str] | None:
    """The entries of a front matter list (MyST hands it over as JSON), or of one address.

    An empty entry ("" or YAML's null) is kept as ""; None when value is not a list of text.
    """
    text = given(value)
    if not text:
        return []
    if not text.startswith(("[", "{")):
        return [text]
    try:
        items = json.loads(text)
    except json.JSONDecodeError:
        return None
    if not isinstance(items, list) or not all(
        item is None or isinstance(item, str) for item in items
    ):
        return None
    return [(item or "").strip() for item in items]


def old_page(written: str) -> tuple[str, str]:
    """(page name, "") for an old address that names a page; ("", what is wrong) otherwise.

    "posts/old", "/posts/old", "posts/old.html", "posts/old.md" and "posts/old/"
    all stand for the page posts/old.
    """
    if not written:
        return "", EMPTY
    parts = urlsplit(written)
    if parts.scheme or parts.netloc or written.startswith("//"):
        return "", FULL_URL.format(written=written)
    path = written.strip("/")
    for suffix in (".html", ".md"):
        path = path.removesuffix(suffix)
    segments = path.split("/")
    unusable = "\\" in path or "?" in path or "#" in path or CONTROL_CHARACTER.search(path)
    if unusable or any(segment in {"", ".", ".."} for segment in segments):
        return "", OUTSIDE.format(written=written)
    return path, ""


@dataclass(frozen=True)
class Resolved:
    """Which page each old address leads to, and what stops the others, by claiming page."""

    leads_to: dict[str, str]
    problems: list[tuple[str, str]]  # (docname, message)


def resolve(env: BuildEnvironment) -> Resolved:
    """Every page's old addresses: each leads to the first page (by name) claiming it.

    An old address that is a page of the site leads nowhere.
    """
    leads_to: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for docname, olds in sorted(knowledge_base(env).redirects.items()):
        for old in olds:
            if old in env.found_docs:
                path = env.doc2path(old, False)
                problems.append((docname, A_PAGE.format(old=old, path=path)))
            elif old in leads_to:
                path = env.doc2path(leads_to[old], False)
                problems.append((docname, CLAIMED.format(old=old, path=path)))
            else:
                leads_to[old] = docname
    return Resolved(leads_to, problems)


def check_redirects(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Once every page is read, on every build: warn about old addresses that cannot be used."""
    for docname, message in resolve(env).problems:
        FrontMatterWarnings(env, docname).warn(FIELD, message)
    return []


def write_redirects(app: Sphinx, exception: BaseException | None) -> None:
    """After a good html or dirhtml build: a page at each old address; old ones removed."""
    builder = app.builder
    if exception is not None or builder.name not in WEB_BUILDERS:
        return
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    leads_to = resolve(app.env).leads_to
    if not leads_to and not read_note(app, NOTE):
        return  # no redirect to write, and none written before
    # Every file a page is written to (or kept at, for an unchanged generated page).
    pages = app.env.found_docs | written_pages.pages(app.env).keys()
    taken = {output_file(builder, page): page for page in sorted(pages)}
    written: dict[str, str] = {}  # file -> the page its redirect leads to
    for old, docname in sorted(leads_to.items()):
        path = Path(builder.get_outfilename(old))
        relative = output_file(builder, old)
        if relative in taken:
            message = WRITTEN_THERE.format(old=old, builder=builder.name, page=taken[relative])
            FrontMatterWarnings(app.env, docname).warn(FIELD, message)
            continue
        if relative in written:  # "old/x" and "old/x/index" are one file under dirhtml
            claimed = app.env.doc2path(written[relative], False)
            FrontMatterWarnings(app.env, docname).warn(FIELD, CLAIMED.format(old=old, path=claimed))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(stub_page(app, old, docname), encoding="utf-8")
        written[relative] = docname
    remove_stale_files(app, NOTE, set(written), keep=taken.keys())


def stub_page(app: Sphinx, old: str, docname: str) -> str:
    """The page at an old address: it sends readers and search engines to docname."""
    target = app.builder.get_relative_uri(old, docname)
    canonical = page_url(app, docname) if app.config.html_baseurl else target
    title_node = app.env.titles.get(docname)
    title = without_control_characters(title_node.astext() if title_node else docname).strip()
    link = f'<a href="{html.escape(target)}">{html.escape(title or docname)}</a>'
    return STUB_PAGE.format(
        language=html.escape(app.config.language or "en"),
        title=html.escape(gettext(MOVED_TITLE).format(title=title or docname)),
        canonical=html.escape(canonical),
        target=html.escape(target),
        text=html.escape(gettext(MOVED_TEXT)).format(link=link),
    )


def old_pages(env: BuildEnvironment) -> set[str]:
    """Every old address some page's redirect_from names (for the sitemap to leave out)."""
    return {old for olds in knowledge_base(env).redirects.values() for old in olds}


def setup(app: Sphinx) -> dict[str, Any]:
    """Read redirect_from with each page, check it once all are read, write the pages."""
    # After Sphinx's own metadata collector (priority 500) has read the front matter.
    app.connect("doctree-read", collect_redirects, priority=600)
    app.connect("env-updated", check_redirects)
    app.setup_extension("valenx_kb.written_pages")
    app.connect("build-finished", write_redirects)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

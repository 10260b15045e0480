"""Posts: front matter, reading time, and the byline under each post's title.

A page is a post when its front matter has a ``category``.
"""

import json
import math
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from valenx_kb.data import DataError, load_dataset
from valenx_kb.datasource import schema_path, site_data_path
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import Post, knowledge_base, listing_placeholder
from valenx_kb.formatting import format_month, locale_for
from valenx_kb.links import doc_link

# Text in these nodes is not read as prose: code, tables, raw markup, comments.
NOT_PROSE = (
    nodes.literal_block,
    nodes.doctest_block,
    nodes.table,
    nodes.raw,
    nodes.comment,
    nodes.math_block,
    nodes.system_message,
)
# Chinese and Japanese are read by character, not by space-separated word.
CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"\w+(?:['\u2019.-]\w+)*")  # "it's" is one word
UPDATED_FROM_DATA = "data"


def add_config_values(app: Sphinx) -> None:
    """Declare the conf.py settings for posts."""
    app.add_config_value("valenx_publisher", "Valenx Press", "env", types=frozenset({str}))
    app.add_config_value("valenx_categories", ["Comparisons"], "env", types=frozenset({list}))
    app.add_config_value("valenx_words_per_minute", 200, "env", types=frozenset({int}))
    app.add_config_value("valenx_cjk_characters_per_minute", 500, "env", types=frozenset({int}))
    app.add_config_value("valenx_blog_page", "", "env", types=frozenset({str}))


def check_config(app: Sphinx, config: Config) -> None:
    """Stop at once, with what to change, when a posts setting is unusable."""
    categories = config.valenx_categories
    if not all(isinstance(category, str) and category for category in categories):
        raise ConfigError(f"valenx_categories must be a list of names, not {categories!r}.")
    for name in ("valenx_words_per_minute", "valenx_cjk_characters_per_minute"):
        if config[name] < 1:
            raise ConfigError(f"{name} must be 1 or more, not {config[name]!r}.")


def blog_page(env: BuildEnvironment) -> str:
    """The page that lists every post ("Back to Blog"): the root page unless set."""
    return str(env.config.valenx_blog_page or env.config.root_doc)


def collect_post(app: Sphinx, doctree: nodes.document) -> None:
    """Read a post's front matter, measure it, and add its byline and blog link."""
    env = app.env
    docname = env.docname
    metadata = env.metadata[docname]
    if "category" not in metadata:
        return
    post = read_front_matter(env, docname, doctree)
    knowledge_base(env).posts[docname] = post
    # sphinxext-opengraph takes per-page "og:" overrides from the page's metadata.
    metadata["og:description"] = post.summary
    metadata["og:type"] = "article"
    insert_byline(env, doctree, post)
    insert_blog_link(env, doctree)


def read_front_matter(env: BuildEnvironment, docname: str, doctree: nodes.document) -> Post:
    """Validate the front matter; a bad value gives one warning at its line and is dropped."""
    metadata = env.metadata[docname]
    problems = FrontMatterWarnings(env, docname)
    words, minutes = measure(env, doctree)
    category = str(metadata["category"])
    if category not in env.config.valenx_categories:
        allowed = ", ".join(env.config.valenx_categories)
        problems.warn(
            "category",
            f"category {category!r} is not one of {allowed}. "
            "Fix the spelling, or add it to valenx_categories in conf.py.",
        )
    summary = str(metadata.get("summary", "")).strip()
    if not summary:
        field = "summary" if "summary" in metadata else "category"
        problems.warn(field, "the post has no 'summary'. Add one sentence for its cards.")
    return Post(
        docname=docname,
        title=page_title(doctree),
        summary=summary,
        category=category,
        tags=tuple(dict.fromkeys(text_list(metadata.get("tags"), "tags", problems))),
        roles=known_roles(env, text_list(metadata.get("roles"), "roles", problems), problems),
        published=parse_day(metadata.get("date"), "date", problems),
        updated=updated_day(env, metadata.get("updated"), problems),
        reading_minutes=minutes,
        words=words,
        draft=parse_flag(metadata.get("draft"), "draft", problems),
    )


class FrontMatterWarnings:
    """Warns about front matter fields at the line they are written on."""

    def __init__(self, env: BuildEnvironment, docname: str) -> None:
        self.path = Path(env.doc2path(docname))

    def warn(self, field: str, message: str) -> None:
        """One warning at the field's line in the page."""
        line = front_matter_lines(self.path).get(field, 1)
        warn(message, Subtype.FRONT_MATTER, f"{self.path}:{line}")


def front_matter_lines(path: Path) -> dict[str, int]:
    """The line of each top-level key in a page's front matter."""
    lines: dict[str, int] = {}
    text = path.read_text(encoding="utf-8").splitlines()
    if not text or text[0].strip() != "---":
        return lines
    for number, line in enumerate(text[1:], start=2):
        if line.strip() == "---":
            break
        if key := re.match(r"([A-Za-z_][\w-]*)\s*:", line):
            lines.setdefault(key[1], number)
    return lines


def text_list(value: object, field: str, problems: FrontMatterWarnings) -> list[str]:
    """A front matter list of words; MyST hands lists over as JSON text."""
    if value is None or value == "":
        return []
    text = str(value).strip()
    items: object = text.split(",")
    if text.startswith(("[", "{")):
        try:
            items = json.loads(text)
        except json.JSONDecodeError:
            items = None
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        problems.warn(field, f"'{field}' must be a list of words, like [python, careers].")
        return []
    return [item.strip() for item in items if item.strip()]


def known_roles(
    env: BuildEnvironment, role_ids: list[str], problems: FrontMatterWarnings
) -> tuple[str, ...]:
    """The role ids the data file knows; each unknown one gives a warning."""
    if not role_ids:
        return ()
    # Noted even when the data is broken, so fixing it re-reads the post.
    env.note_dependency(str(site_data_path(env)))
    try:
        known = load_dataset(site_data_path(env), schema_path(env)).role_ids
    except DataError:
        return tuple(role_ids)  # already reported once for the whole build
    for role_id in role_ids:
        if role_id not in known:
            message = f"unknown role {role_id!r} in 'roles'; the data file has: {', '.join(known)}."
            problems.warn("roles", message)
    return tuple(role_id for role_id in dict.fromkeys(role_ids) if role_id in known)


def parse_day(value: object, field: str, problems: FrontMatterWarnings) -> date | None:
    """A YYYY-MM-DD or YYYY-MM date (a month means its first day)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    try:
        if match is None:
            raise ValueError(text)
        return date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        problems.warn(field, f"'{field}' {text!r} is not a date. Write YYYY-MM-DD or YYYY-MM.")
        return None


def parse_flag(value: object, field: str, problems: FrontMatterWarnings) -> bool:
    """A true/false field; anything else warns and counts as false."""
    text = str(value).strip().lower() if value is not None else "false"
    if text not in {"true", "false"}:
        problems.warn(field, f"'{field}' must be true or false, not {value!r}.")
    return text == "true"


def updated_day(env: BuildEnvironment, value: object, problems: FrontMatterWarnings) -> date | None:
    """The updated date; "data" means the month the data file describes."""
    if str(value).strip() != UPDATED_FROM_DATA:
        return parse_day(value, "updated", problems)
    env.note_dependency(str(site_data_path(env)))
    try:
        return load_dataset(site_data_path(env), schema_path(env)).as_of
    except DataError:
        return None  # already reported once for the whole build


def page_title(doctree: nodes.document) -> str:
    """The text of the page's first heading."""
    title = next(doctree.findall(nodes.title), None)
    return title.astext() if title is not None else ""


def measure(env: BuildEnvironment, doctree: nodes.document) -> tuple[int, int]:
    """The prose's word count (a CJK character counts as a word) and minutes to read it.

    Words go at valenx_words_per_minute, CJK characters at their own pace;
    at least one minute.
    """
    text = " ".join(prose_text(doctree))
    characters = len(CJK_CHARACTER.findall(text))
    words = len(WORD.findall(CJK_CHARACTER.sub(" ", text)))
    minutes = words / int(env.config.valenx_words_per_minute)
    minutes += characters / int(env.config.valenx_cjk_characters_per_minute)
    return words + characters, max(1, math.ceil(minutes))


def prose_text(node: nodes.Node) -> Iterator[str]:
    """The text of node, leaving out code, tables and other non-prose."""
    for child in node.children:
        if isinstance(child, nodes.Text):
            yield child.astext()
        elif not isinstance(child, NOT_PROSE):
            yield from prose_text(child)


def insert_byline(env: BuildEnvironment, doctree: nodes.document, post: Post) -> None:
    """Put "Publisher · Category · N min read" and "Updated Month Year" under the title."""
    section = next(doctree.findall(nodes.section), None)
    if section is None:
        return
    line = f"{env.config.valenx_publisher} · {post.category} · {reading_label(post)}"
    container = nodes.container("", classes=["valenx-byline"])
    container += nodes.paragraph("", line, classes=["valenx-byline-meta"])
    if updated := updated_label(post, env.config.language):
        container += nodes.paragraph("", updated, classes=["valenx-byline-updated"])
    section.insert(1, container)


def reading_label(post: Post) -> str:
    """The reading time as readers see it: "3 min read"."""
    return f"{post.reading_minutes} min read"


def updated_label(post: Post, language: str | None) -> str:
    """The updated month as readers see it, "Updated June 2026"; "" when there is none."""
    if post.updated is None:
        return ""
    return f"Updated {format_month(post.updated, locale_for(language))}"


def insert_blog_link(env: BuildEnvironment, doctree: nodes.document) -> None:
    """Add "Back to Blog" before the related-posts section, or at the end of the post."""
    link = doc_link(blog_page(env), "Back to Blog")
    paragraph = nodes.paragraph("", "", link, classes=["valenx-back-to-blog"])
    top = next(doctree.findall(nodes.section), None)
    if top is None:
        return
    related = next(
        (node for node in top.findall(listing_placeholder) if node["kind"] == "related"), None
    )
    holder: nodes.Element | None = related
    while holder is not None and holder.parent is not top:
        holder = holder.parent
    if holder is None:
        top += paragraph
    else:
        top.insert(top.index(holder), paragraph)

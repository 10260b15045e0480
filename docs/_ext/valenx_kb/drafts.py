"""Drafts and scheduled posts: never in a production build, marked as such in a preview.

A post is unpublished when its front matter says ``draft: true`` or its
``date`` is after the build date (SOURCE_DATE_EPOCH's, else today's, in UTC).
In production (``valenx_preview`` off) each Markdown page's front matter is
checked before Sphinx looks for pages, and every unpublished post is added to
``exclude_patterns``: Sphinx never reads it, so no page, search entry, card,
feed or sitemap entry can show it. The patterns are sorted, so the same
drafts leave the configuration as it was and the next build reads nothing;
when the set changes, Sphinx sees exclude_patterns change and reads the whole
site again. Old output files of pages left out are removed. In a preview,
unpublished posts are built with a badge under their title.
"""

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.text import TextBuilder
from sphinx.builders.xml import XMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.project import EXCLUDE_PATHS
from sphinx.util.matching import get_matching_files

from valenx_kb.build_notes import remove_empty_folders
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import knowledge_base
from valenx_kb.formatting import format_day, locale_for
from valenx_kb.front_matter import FrontMatterWarnings, front_matter_text, given, read_day
from valenx_kb.records import Post
from valenx_kb.translation import N_, gettext

PREVIEW_VARIABLE = "VALENX_PREVIEW"
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
PREVIEW_ON = {"1", "true", "yes"}
PREVIEW_OFF = {"0", "false", "no"}

# What readers of a preview see.
DRAFT_LABEL = N_("Draft")
# Translators: a scheduled post's badge in a preview; {date} is a day, "March 3, 2027".
SCHEDULED_LABEL = N_("Scheduled for {date}")

# A front matter line naming a field that decides publication, as front_matter_lines finds keys.
FIELD_LINE = re.compile(r"(draft|date)\s*:(.*)")
MENTION = re.compile(r"\b(?:draft|date)\b")
# YAML reads these plain words as true; MyST then hands them over as "True".
YAML_TRUE = {"true", "yes", "on"}
# A date as it can be typed, quoted or not.
TYPED_DAY = re.compile(r"""(["']?)(\d{4}-\d{2}(?:-\d{2})?)\1""")
# Glob characters in a file name, matched as themselves in exclude_patterns. "[[]" would
# make Python warn of a nested set; no file name holds a NUL, so "[\0[]" matches only "[".
GLOB_LITERAL = {"*": "[*]", "?": "[?]", "[": "[\x00[]"}


def build_date() -> date:
    """The build's date in UTC: SOURCE_DATE_EPOCH's when it is set and valid, else today's."""
    return epoch_date(os.environ.get(EPOCH_VARIABLE, "")) or datetime.now(UTC).date()


def epoch_date(text: str) -> date | None:
    """The UTC date of a SOURCE_DATE_EPOCH value; None when it is empty or unusable.

    Read with int(), as Sphinx reads it (Sphinx itself stops on any other text).
    """
    try:
        return datetime.fromtimestamp(int(text), UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def check_source_date_epoch() -> None:
    """One warning when SOURCE_DATE_EPOCH is set but gives no date (before year 1 or after 9999)."""
    text = os.environ.get(EPOCH_VARIABLE, "")
    if text.strip() and epoch_date(text) is None:
        message = (
            f"{EPOCH_VARIABLE} must be a number of seconds since 1970-01-01 UTC that gives "
            f"a date, like 1767225600, not {text!r}; today's date decides which posts are "
            "scheduled. Fix it or unset it."
        )
        warn(message, Subtype.CONFIG, None)


def apply_preview_variable(config: Config) -> None:
    """VALENX_PREVIEW, when set, overrides valenx_preview; a value it cannot use warns."""
    text = os.environ.get(PREVIEW_VARIABLE, "").strip()
    if text.lower() in PREVIEW_ON | PREVIEW_OFF:
        config.valenx_preview = text.lower() in PREVIEW_ON
    elif text:
        message = (
            f"{PREVIEW_VARIABLE} must be 1, true or yes (preview drafts and scheduled posts) "
            f"or 0, false or no, not {text!r}; using valenx_preview = {config.valenx_preview}. "
            "Fix it or unset it."
        )
        warn(message, Subtype.CONFIG, None)


@dataclass
class Drafts:
    """The pages this build leaves out, by docname, with their source file names."""

    excluded: dict[str, str] = field(default_factory=dict)

    def exclude(self, app: Sphinx, config: Config) -> None:
        """Outside a preview, add every unpublished post to exclude_patterns, sorted."""
        apply_preview_variable(config)
        check_source_date_epoch()
        self.excluded = {}
        if config.valenx_preview:
            return
        day = build_date()
        encoding = str(config.source_encoding)
        for docname, filename in markdown_sources(Path(app.srcdir), config):
            if is_unpublished(front_matter_text(Path(app.srcdir, filename), encoding), day):
                self.excluded[docname] = filename
        patterns = sorted(literal_pattern(filename) for filename in self.excluded.values())
        config.exclude_patterns = [*config.exclude_patterns, *patterns]

    def remove_old_output(self, app: Sphinx) -> None:
        """Delete what an earlier build wrote for the pages now left out.

        Sphinx leaves a removed page's files in place. Done before writing, so an
        epub does not pack them. The search index goes too (it keeps a removed
        page's words), and so do the copied images and downloads (one may be the
        draft's alone): the set of left-out pages changed, so the whole site is
        being rebuilt, and Sphinx writes all three anew.
        """
        builder = app.builder
        outdir = Path(app.outdir)
        removed = False
        for docname, filename in self.excluded.items():
            for path in page_outputs(builder, docname, filename):
                if path.is_file():
                    path.unlink()
                    remove_empty_folders(path.parent, outdir)
                    removed = True
        if removed and isinstance(builder, StandaloneHTMLBuilder):
            (outdir / builder.searchindex_filename).unlink(missing_ok=True)
            for copies in (builder.imagedir, "_downloads"):
                shutil.rmtree(outdir / copies, ignore_errors=True)


def markdown_sources(srcdir: Path, config: Config) -> list[tuple[str, str]]:
    """(docname, file name) of each Markdown page Sphinx would read, found as Sphinx finds them."""
    suffixes = config.source_suffix
    excluded = [*config.exclude_patterns, *config.templates_path, *EXCLUDE_PATHS]
    sources = []
    for filename in get_matching_files(srcdir, config.include_patterns, excluded):
        suffix = next((suffix for suffix in suffixes if filename.endswith(suffix)), None)
        if suffix is not None and suffixes[suffix] == "markdown":
            sources.append((filename.removesuffix(suffix), filename))
    return sources


def literal_pattern(filename: str) -> str:
    """An exclude pattern that matches exactly filename."""
    return re.sub(r"[*?[]", lambda found: GLOB_LITERAL[found[0]], filename)


def is_unpublished(block: list[str], day: date) -> bool:
    """Whether front matter (its lines) makes a post a draft or dated after day.

    Read as MyST and posts.py read it. Most posts are settled by their plain
    "draft:" and "date:" lines; any other way of writing them is read as YAML.
    """
    text = "\n".join(block)
    if "category" not in text:
        return False  # not a post
    mentions = MENTION.findall(text)
    if not mentions:
        return False
    plain = len(mentions) == len(set(mentions)) and all(
        plainly_published(line, day) for line in block if MENTION.search(line)
    )
    return not plain and unpublished_by_yaml(text, day)


def plainly_published(line: str, day: date) -> bool:
    """Whether line is a plain "draft: false" or a "date:" on or before day."""
    found = FIELD_LINE.fullmatch(line)
    if found is None:
        return False
    value = re.sub(r"\s+#.*", "", found[2]).strip()
    if found[1] == "draft":
        return re.fullmatch(r"[A-Za-z]*", value) is not None and value.lower() not in YAML_TRUE
    typed = TYPED_DAY.fullmatch(value)
    published = read_day(typed[2]) if typed else None
    return published is not None and published <= day


def unpublished_by_yaml(text: str, day: date) -> bool:
    """is_unpublished() for any front matter: read with YAML, as MyST reads it."""
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, RecursionError):
        return False  # MyST leaves out front matter it cannot read: not a post
    if not isinstance(data, dict) or not given(as_myst_text(data.get("category"))):
        return False
    draft = given(as_myst_text(data.get("draft"))).lower() == "true"
    published = read_day(given(as_myst_text(data.get("date"))))
    return draft or (published is not None and published > day)


def as_myst_text(value: object) -> str:
    """A front matter value as MyST hands it over: scalars as text, the rest as JSON."""
    if isinstance(value, str | int | float | date):
        return str(value)
    try:
        return json.dumps(value, default=str)
    except (TypeError, ValueError, RecursionError):
        return ""  # MyST leaves the field out


def page_outputs(builder: Builder, docname: str, filename: str) -> list[Path]:
    """The files a builder writes for one page (none for builders of one document)."""
    outdir = Path(builder.outdir)
    if isinstance(builder, StandaloneHTMLBuilder):
        source = filename  # the copy behind "Show Source", named as Sphinx names it
        if filename.removeprefix(docname) != builder.config.html_sourcelink_suffix:
            source += builder.config.html_sourcelink_suffix
        return [Path(builder.get_outfilename(docname)), outdir / "_sources" / source]
    if isinstance(builder, TextBuilder | XMLBuilder):
        return [outdir / f"{docname}{builder.out_suffix}"]
    return []


def status_label(post: Post, language: str | None) -> str:
    """ "Draft" or "Scheduled for March 3, 2027"; "" for a published post."""
    if post.draft:
        return gettext(DRAFT_LABEL)
    if post.scheduled and post.published is not None:
        day = format_day(post.published, locale_for(language))
        return gettext(SCHEDULED_LABEL).format(date=day)
    return ""


def is_scheduled(published: date | None) -> bool:
    """Whether a post published on this day is still to come at this build's date."""
    return published is not None and published > build_date()


def mark_unpublished_post(app: Sphinx, doctree: nodes.document) -> None:
    """Put the "Draft" or "Scheduled for …" badge under an unpublished post's title.

    Outside a preview such a post was not left out by exclude(): its draft or
    date is written where the front matter check cannot see it, so it warns.
    """
    env = app.env
    post = knowledge_base(env).posts.get(env.docname)
    if post is None or not post.unpublished:
        return
    if not env.config.valenx_preview:
        if post.draft:
            kind, name, example = "draft", "draft", "true"
        else:
            kind, name, example = "scheduled post", "date", "YYYY-MM-DD"
        message = (
            f"the post is a {kind}, but it is published: its '{name}' is not written as a "
            'line of the front matter between the first two "---" lines. Write it there, '
            f'like "{name}: {example}".'
        )
        FrontMatterWarnings(env, env.docname).warn(name, message)
    section = next(doctree.findall(nodes.section), None)
    if section is not None:
        label = status_label(post, env.config.language)
        section.insert(1, nodes.paragraph("", label, classes=["valenx-badge"]))


def reread_posts_whose_date_came(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Posts read as scheduled whose date has now come (a preview's badge), to read again."""
    posts = knowledge_base(env).posts.items()
    return sorted(name for name, post in posts if post.scheduled != is_scheduled(post.published))


def unpublished_page(env: BuildEnvironment, docname: str) -> bool:
    """Whether docname is a post this build leaves out as a draft or scheduled post."""
    if env.config.valenx_preview:
        return False
    for suffix, kind in env.config.source_suffix.items():
        path = Path(env.srcdir, docname + suffix)
        if kind == "markdown" and path.is_file():
            block = front_matter_text(path, str(env.config.source_encoding))
            return is_unpublished(block, build_date())
    return False


def setup(app: Sphinx) -> dict[str, Any]:
    """Leave unpublished posts out before Sphinx looks for pages; badge them in a preview."""
    app.setup_extension("valenx_kb.config")
    drafts = Drafts()
    # After Sphinx completes source_suffix (priority 800) and the settings are checked.
    app.connect("config-inited", drafts.exclude, priority=900)
    app.connect("builder-inited", drafts.remove_old_output)
    app.connect("env-get-outdated", reread_posts_whose_date_came)
    # After posts.collect_post (priority 600) has read the post and put its byline there.
    app.connect("doctree-read", mark_unpublished_post, priority=700)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

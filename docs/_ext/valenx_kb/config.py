"""Every conf.py setting of the extension, declared once and checked in one place.

Each setting names its type, default, the values it accepts and what it does.
A value it cannot use gives one ``valenx.config`` warning and the build goes on
with the default, the way sphinx-design treats its ``sd_*`` settings.
"""

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sphinx.application import Sphinx
from sphinx.config import Config

from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.scoring import WEIGHT_KINDS, Weights


@dataclass(frozen=True)
class Setting:
    """One conf.py setting: what it holds, its default, what it accepts, what it does."""

    name: str
    types: frozenset[type]
    default: object
    accepts: Callable[[object], bool]
    expected: str  # what accepts() lets through, as the warning says it
    doc: str
    rebuild: Literal["env", "html", ""] = "env"  # what a change re-does, as Sphinx knows it


def is_text(value: object) -> bool:
    """Any string, the empty one included."""
    return isinstance(value, str)


def is_nonempty_text(value: object) -> bool:
    """A non-empty string."""
    return isinstance(value, str) and bool(value)


def is_flag(value: object) -> bool:
    """True or False."""
    return isinstance(value, bool)


def is_number(value: object) -> bool:
    """A finite int or float; True and False are not numbers here."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def is_count(value: object) -> bool:
    """A whole number of at least 1."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def is_names(value: object) -> bool:
    """A list of non-empty strings."""
    return isinstance(value, list) and all(is_nonempty_text(item) for item in value)


def is_patterns(value: object) -> bool:
    """A list of strings."""
    return isinstance(value, list) and all(is_text(item) for item in value)


def is_weights(value: object) -> bool:
    """A dict from some of the weight kinds to numbers."""
    return (
        isinstance(value, dict)
        and set(value) <= set(WEIGHT_KINDS)
        and all(is_number(weight) for weight in value.values())
    )


PATH = "a path relative to the source folder"
COUNT = "a whole number of at least 1"
TEXT = frozenset({str})

SETTINGS = (
    Setting(
        "valenx_data_file",
        TEXT,
        "../data/salaries.yaml",
        is_nonempty_text,
        PATH,
        "The site's data file, relative to the source folder.",
    ),
    Setting(
        "valenx_schema_file",
        TEXT,
        "../data/salaries.schema.json",
        is_nonempty_text,
        PATH,
        "The JSON Schema every data file is checked against.",
    ),
    Setting(
        "valenx_authors_file",
        TEXT,
        "../data/authors.yaml",
        is_nonempty_text,
        PATH,
        "The authors posts may name, relative to the source folder; may be missing.",
    ),
    Setting(
        "valenx_authors_schema_file",
        TEXT,
        "../data/authors.schema.json",
        is_nonempty_text,
        PATH,
        "The JSON Schema the authors file is checked against.",
    ),
    Setting(
        "valenx_publisher",
        TEXT,
        "Valenx Press",
        is_text,
        "text",
        "The name at the start of every byline and in the feed.",
    ),
    Setting(
        "valenx_categories",
        frozenset({list}),
        ["Comparisons"],
        is_names,
        "a list of category names",
        "The categories a post may have.",
    ),
    Setting(
        "valenx_words_per_minute",
        frozenset({int}),
        200,
        is_count,
        COUNT,
        "Reading speed for the reading time, in words per minute.",
    ),
    Setting(
        "valenx_cjk_characters_per_minute",
        frozenset({int}),
        500,
        is_count,
        COUNT,
        "Reading speed of Chinese and Japanese, in characters per minute.",
    ),
    Setting(
        "valenx_blog_page",
        TEXT,
        "",
        is_text,
        "a page name, or '' for the home page",
        'The page "Back to Blog" and "View All Posts" lead to; empty: the home page.',
    ),
    Setting(
        "valenx_page_size",
        frozenset({int}),
        10,
        is_count,
        COUNT,
        "Posts per page of the archive and of each tag, category and author page, "
        "unless :page-size: says.",
    ),
    Setting(
        "valenx_related_limit",
        frozenset({int}),
        3,
        is_count,
        COUNT,
        "How many related-posts cards, at most, unless :limit: says.",
    ),
    Setting(
        "valenx_related_min_score",
        frozenset({int, float}),
        1.0,
        is_number,
        "a finite number",
        "The score a related post needs, unless :min-score: says.",
    ),
    Setting(
        "valenx_related_weights",
        frozenset({dict}),
        asdict(Weights()),
        is_weights,
        "a dict that maps some of role, tag and category to numbers",
        "What a shared role, tag and category add to a related post's score.",
    ),
    Setting(
        "valenx_fast_navigation",
        frozenset({bool}),
        True,
        is_flag,
        "True or False",
        "Build furo's sidebar once per folder (html builder); False: furo's own way.",
        rebuild="",
    ),
    Setting(
        "valenx_sidebar_excludes",
        frozenset({list}),
        [],
        is_patterns,
        "a list of page name patterns, like 'posts/*'",
        "Pages left out of furo's sidebar (html builder), so its size does not grow with "
        "them: patterns matched against page names.",
        rebuild="html",
    ),
    Setting(
        "valenx_sitemap_excludes",
        frozenset({list}),
        [],
        is_patterns,
        "a list of address patterns, like 'search.html'",
        "Pages left out of sitemap.xml: patterns matched against a page's address.",
        rebuild="",
    ),
    Setting(
        "valenx_book_excludes",
        frozenset({list}),
        [],
        is_patterns,
        "a list of page name patterns, like 'contributing/*'",
        "Pages left out of the e-book and the PDF (epub and latex builders), and the links "
        "to them: patterns matched against page names.",
        rebuild="",  # the e-book's files are epub_exclude_files, an "env" setting
    ),
    Setting(
        "valenx_feed_length",
        frozenset({int}),
        20,
        is_count,
        COUNT,
        "How many posts each Atom feed lists, newest first.",
        rebuild="",
    ),
    Setting(
        "valenx_feed_full_content",
        frozenset({bool}),
        False,
        is_flag,
        "True or False",
        "Put each post's whole text in the Atom feeds; False: its summary only.",
        rebuild="html",  # every page is written again, so each post's text is kept
    ),
    Setting(
        "valenx_preview",
        frozenset({bool}),
        False,
        is_flag,
        "True or False",
        "Build drafts and scheduled posts, marked as such (make livehtml); VALENX_PREVIEW wins.",
    ),
    Setting(
        "valenx_share_image_fonts",
        TEXT,
        "/usr/share/fonts/truetype/dejavu",
        is_text,
        "a folder, or '' for no share images",
        "The folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf (Debian's fonts-dejavu-core), "
        "which share images are drawn in, relative to the source folder; '' for no share images.",
        rebuild="",  # the pages whose image tags change are re-written (share_images.py)
    ),
)


def setup(app: Sphinx) -> dict[str, Any]:
    """Declare every setting with Sphinx, and check them all once conf.py is read.

    Loaded with app.setup_extension() by each module that reads a setting and can
    be loaded on its own (the benchmark loads valenx_kb.navigation alone); Sphinx
    runs it once, whichever asks first.
    """
    for setting in SETTINGS:
        app.add_config_value(
            setting.name, setting.default, setting.rebuild, setting.types, setting.doc
        )
    # Before Sphinx's own type check (priority 800), which then sees only usable values.
    app.connect("config-inited", use_defaults_for_unusable_values, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def use_defaults_for_unusable_values(app: Sphinx, config: Config) -> None:
    """One warning for each value a setting cannot use, which is then set to its default."""
    for setting in SETTINGS:
        value = config[setting.name]
        if not setting.accepts(value):
            message = f"{setting.name} must be {setting.expected}, not {value!r}; "
            message += f"using the default, {setting.default!r}. Fix it in conf.py."
            warn(message, Subtype.CONFIG, None)
            config[setting.name] = setting.default

"""Interface text in the site's language: the German catalog and build, the gettext builder."""

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import test_drafts as drafts
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from test_incremental import comparable, fresh_build_of

from helpers import (
    ARTICLE,
    BLOG_CONF,
    BLOG_INDEX,
    BLOG_LISTINGS,
    BLOG_POSTS,
    REPO,
    BuiltSite,
    article_body,
    build_site,
    copy_site,
    normalise,
    output_files,
    visible_text,
    warning_lines,
    write_site,
)
from site_sources import (
    DOCS,
    blog_page,
    faq_questions,
    link,
    live_data,
    site_post,
)
from valenx_kb import translation
from valenx_kb.formatting import format_day, formatter_for, locale_for

GERMAN = REPO / "docs" / "_ext" / "valenx_kb" / "locale" / "de" / "LC_MESSAGES" / "valenx_kb.po"
# The site's own German catalogs, as sphinx-intl keeps them: its templates' text (sphinx.po).
SITE_GERMAN = DOCS / "locales" / "de" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"\{\w*\}")
# Elements holding what readers see of a page's or the data's own text, not the extension's.
CONTENT = [
    ".valenx-faq",
    ".valenx-reading",
    ".valenx-author-bio",
    "caption",
    ".valenx-chart-caption",
]


def german_catalogs(package: bool = True) -> Iterator[Catalog]:
    """The German catalog the package ships (unless not package), then the site's own."""
    for path in [*([GERMAN] if package else []), *sorted(SITE_GERMAN.glob("*.po"))]:
        with path.open("rb") as source:
            yield read_po(source, locale="de")


def translated_messages() -> dict[str, str]:
    """Each English message (each form of a plural) and its German translation, if different."""
    pairs: dict[str, str] = {}
    for message in (message for catalog in german_catalogs() for message in catalog):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english, german in zip(ids, strings, strict=True):
            if english != german:
                pairs[str(english)] = str(german)
    return pairs


def fragments(message: str) -> list[str]:
    """The literal parts of a message between its {placeholders} holding a word ("and" is none)."""
    parts = (part.strip() for part in PLACEHOLDER.split(message))
    return [part for part in parts if re.search(r"[^\W\d_]{4}", part)]


def shows(text: str, fragment: str) -> bool:
    """Whether fragment is in text, its first and last words whole (not parts of longer ones)."""
    before = r"(?<!\w)" if re.match(r"\w", fragment) else ""
    after = r"(?!\w)" if re.search(r"\w$", fragment) else ""
    return re.search(before + re.escape(fragment) + after, text) is not None


def content_strings() -> list[str]:
    """The sources' text a page may show: data and front matter values, headings; longest first."""
    found: set[str] = set()
    for path in [*(REPO / "data").rglob("*.yaml"), *DOCS.rglob("*.md")]:
        if "_build" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            found |= {line.lstrip("#").strip() for line in text.splitlines() if line[:1] == "#"}
            front = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
            text = front[1] if front else ""
        found |= set(yaml_strings(yaml.safe_load(text)))
    return sorted((item for item in found if len(item) > 1), key=len, reverse=True)


def yaml_strings(value: object) -> Iterator[str]:
    """Every string in a YAML document."""
    if isinstance(value, str):
        yield normalise(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from yaml_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from yaml_strings(item)


def interface_text(outdir: Path) -> dict[str, str]:
    """What the extension writes on each page: its elements (valenx-*) less the sources' text.

    With the titles and labels of those elements and the feeds' links in the <head>.
    """
    soups = {
        page.relative_to(outdir).as_posix(): BeautifulSoup(
            page.read_text(encoding="utf-8"), "html.parser"
        )
        for page in sorted(outdir.rglob("*.html"))
    }
    # The titles of the pages with a source, as the build shows them (smart quotes and all).
    titles = {title_of(soup) for soup in soups.values() if not soup.select(".valenx-generated")}
    content = sorted({*content_strings(), *titles} - {""}, key=len, reverse=True)
    pages = {}
    for name, soup in soups.items():
        for element in soup.select(", ".join(CONTENT)):
            element.decompose()
        ours = [
            tag for tag in soup.find_all(class_=re.compile(r"^valenx-")) if isinstance(tag, Tag)
        ]
        texts = [tag.get_text(" ") for tag in ours]
        for tag in ours:
            for labelled in [tag, *tag.find_all(True)]:
                texts += [str(labelled.get(name, "")) for name in ("title", "aria-label")]
        feeds = soup.select('link[type="application/atom+xml"]')
        texts += [str(feed.get("title", "")) for feed in feeds]
        text = normalise(" \n ".join(texts))
        for item in content:
            text = text.replace(item, " ")
        pages[name] = text
    return pages


def title_of(soup: BeautifulSoup) -> str:
    """A page's first heading, without its "¶" link."""
    heading = soup.find("h1")
    if not isinstance(heading, Tag):
        return ""
    return normalise(heading.get_text()).removesuffix("¶").strip()


def feed_titles(outdir: Path) -> dict[str, str]:
    """The title of every Atom feed the build wrote."""
    titles = {}
    for feed in sorted(outdir.rglob("*.atom")):
        found = re.search(r"<title>([^<]*)</title>", feed.read_text(encoding="utf-8"))
        assert found is not None, feed
        titles[feed.relative_to(outdir).as_posix()] = found[1]
    return titles


@pytest.fixture(scope="module")
def german_html(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real site built in German, as `make html SPHINXOPTS="-D language=de"` builds it."""
    srcdir = copy_site(tmp_path_factory.mktemp("site-de"))
    return build_site(srcdir, confoverrides={"language": "de"})


def test_catalogs_are_current_and_complete() -> None:
    # The template holds what the code marks, and the German catalog translates all of
    # it, without fuzzy entries and with each message's {placeholders}.
    tool = REPO / "tests" / "tools" / "translations.py"
    result = subprocess.run(
        [sys.executable, str(tool), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.site
def test_german_build_has_no_warnings(german_html: BuiltSite) -> None:
    assert german_html.warnings == ""


@pytest.mark.site
def test_german_pages_show_no_english_interface_text(german_html: BuiltSite) -> None:
    messages = translated_messages()
    # The English words of each message, unless a translation uses them too ("Bonus").
    english = {
        fragment: message
        for message in messages
        for fragment in fragments(message)
        if not any(shows(german, fragment) for german in messages.values())
    }
    found = [
        f"{page}: {fragment!r} (from {message!r})"
        for page, text in interface_text(german_html.outdir).items()
        for fragment, message in english.items()
        if shows(text, fragment)
    ]
    assert found == []
    for feed, title in feed_titles(german_html.outdir).items():
        assert not any(shows(title, fragment) for fragment in english), feed


@pytest.mark.site
def test_what_the_english_site_says_the_german_one_says_in_german(
    built_html: BuiltSite, german_html: BuiltSite
) -> None:
    # Every interface message the English build shows on a page is there, translated, in German.
    english_pages = interface_text(built_html.outdir)
    german_pages = interface_text(german_html.outdir)
    assert english_pages.keys() == german_pages.keys()
    missing = []
    checked = set()
    for page, text in english_pages.items():
        for message, german in translated_messages().items():
            parts = fragments(message)
            if parts and all(shows(text, part) for part in parts):
                checked.add(page)
                if not all(shows(german_pages[page], part) for part in fragments(german)):
                    missing.append(f"{page}: {message!r} -> {german!r}")
    assert missing == []
    # Every page says something of the extension's: at least its feed's title, in its <head>.
    assert checked == set(english_pages)


@pytest.mark.site
def test_german_pages_show_german_figures_months_and_titles(german_html: BuiltSite) -> None:
    dataset = live_data()
    german, english = formatter_for("de", dataset.currency), formatter_for("en", dataset.currency)
    messages = translated_messages()
    as_of = messages["Figures as of {month}."].format(month=german.month(dataset.as_of))
    for role in dataset.roles:
        if role.page is None or role.salary is None:
            continue
        page = german_html.outdir / f"{role.page}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        tables = " ".join(table.get_text(" ") for table in soup.select("table.valenx-table"))
        assert german.money(role.salary) in tables  # "146.000 $"
        assert english.money(role.salary) not in tables  # "$146,000"
        notes = normalise(
            " ".join(note.get_text(" ") for note in soup.select(".valenx-source-note"))
        )
        assert as_of in notes  # "Stand der Zahlen: Juni 2026."
    # Each tag of the article's byline leads to the tag's page, titled in German.
    article = german_html.outdir / f"{ARTICLE}.html"
    soup = BeautifulSoup(article.read_text(encoding="utf-8"), "html.parser")
    tags = soup.select(".valenx-byline-tags a")
    assert [normalise(tag.get_text()) for tag in tags] == list(
        site_post(german_html.outdir, ARTICLE).tags
    )
    for tag in tags:
        page = (article.parent / str(tag["href"])).resolve()
        heading = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").h1
        assert heading is not None
        title = messages["Posts tagged “{name}”"].format(name=normalise(tag.get_text()))
        assert normalise(heading.get_text()) == title


@pytest.mark.site
def test_gettext_builder_offers_pages_their_own_text_only(
    built_site: Callable[[str], BuiltSite],
) -> None:
    # The pages' catalogs (sphinx-build -b gettext, then sphinx-intl) hold what the pages
    # say; what the extension writes is translated by its own catalog, links and all.
    site = built_site("gettext")
    assert site.warnings == ""
    messages = set()
    for catalog in site.outdir.rglob("*.pot"):
        if catalog.name != "sphinx.pot":  # the templates' text, below
            messages |= pot_messages(catalog)
    for question in faq_questions(ARTICLE):
        assert question in messages  # the question alone, without the markup of its "¶" link
    assert [message for message in messages if "<a " in message] == []
    # Paragraphs the extension adds to pages, with their links: translated by its catalog.
    assert not {"View All Posts »", "Back to Blog"} & messages
    assert [message for message in messages if "Figures as of" in message] == []
    # The site's templates (docs/_templates) say their text in German too (sphinx.po).
    german = {str(message.id): message.string for message in next(german_catalogs(False))}
    untranslated = [
        text for text in pot_messages(site.outdir / "sphinx.pot") if not german.get(text)
    ]
    assert untranslated == []


def pot_messages(path: Path) -> set[str]:
    """The messages of a catalog template."""
    with path.open("rb") as source:
        return {str(message.id) for message in read_po(source) if message.id}


@pytest.mark.site
def test_a_translated_page_keeps_its_links(site_copy: Path) -> None:
    # A page translated with sphinx-intl's catalogs: its title and a FAQ question in German,
    # and a translator's try at "View All Posts »", which the page no longer offers (the
    # extension's catalog translates it), so that it can no longer drop the link.
    source = (site_copy / f"{ARTICLE}.md").read_text(encoding="utf-8")
    title = next(line[2:].strip() for line in source.splitlines() if line.startswith("# "))
    question = faq_questions(ARTICLE)[0]
    entries = {
        title: "Übersetzter Titel",
        question: "Übersetzte Frage?",
        "View All Posts »": "Alle Beiträge, übersetzt »",
    }
    catalog = site_copy / "locale" / "de" / "LC_MESSAGES" / "posts.po"
    catalog.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    body = "".join(
        f"msgid {json.dumps(k, ensure_ascii=False)}\nmsgstr {json.dumps(v, ensure_ascii=False)}\n\n"
        for k, v in entries.items()
    )
    catalog.write_text(header + body, encoding="utf-8")

    site = build_site(site_copy, confoverrides={"language": "de", "locale_dirs": ["locale"]})

    assert site.warnings == ""
    html = (site.outdir / f"{ARTICLE}.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    for permalink in page.select("a.headerlink"):
        if permalink.parent is not None and permalink.parent.name == "h1":
            permalink.decompose()
    assert page.h1 is not None
    assert normalise(page.h1.get_text()) == "Übersetzter Titel"
    messages = translated_messages()
    links = {normalise(a.get_text()): a.get("href") for a in page.select("article a")}
    assert links[messages["View All Posts »"]] == link(ARTICLE, blog_page())
    assert links[messages["Back to Blog"]] == link(ARTICLE, blog_page())
    asked = page.select(".valenx-faq-question")[0]
    anchor = asked.select_one("a.headerlink")
    assert anchor is not None
    assert anchor["href"] == f"#{asked['id']}"
    anchor.decompose()
    assert normalise(asked.get_text()) == "Übersetzte Frage?"
    scripts = page.find_all("script", type="application/ld+json")
    faq = next(
        item
        for item in map(json.loads, (s.get_text() for s in scripts))
        if item.get("@type") == "FAQPage"
    )
    assert faq["mainEntity"][0]["name"] == "Übersetzte Frage?"


def test_editing_a_catalog_re_reads_and_re_writes_what_it_translates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A translator's edit of the catalog shows on every page, generated ones included, as
    # a fresh build would show it.
    locale = tmp_path / "locale"
    shutil.copytree(translation.LOCALE_FOLDER, locale, ignore=shutil.ignore_patterns("*.pot"))
    monkeypatch.setattr(translation, "LOCALE_FOLDER", locale)
    pages = {"index": BLOG_INDEX, **BLOG_POSTS, **BLOG_LISTINGS}
    srcdir = write_site(tmp_path / "site", pages=pages, conf=BLOG_CONF + 'language = "de"\n')
    assert build_site(srcdir).warnings == ""
    po = locale / "de" / "LC_MESSAGES" / "valenx_kb.po"
    messages = translated_messages()
    reading, back = messages["{minutes} min read"], messages["All tags"]
    text = po.read_text(encoding="utf-8")
    for old, new in ((reading, "{minutes} Minuten zum Lesen"), (back, "Zu allen Themen")):
        assert text.count(f'msgstr "{old}"') == 1
        text = text.replace(f'msgstr "{old}"', f'msgstr "{new}"')
    po.write_text(text, encoding="utf-8")

    second = build_site(srcdir)

    assert second.warnings == ""
    assert set(second.read) >= {"index", *BLOG_POSTS}
    outdir = srcdir / "_build" / "html"
    post = visible_text(article_body(outdir / "posts" / "alpha.html"))
    assert "Minuten zum Lesen" in post
    assert reading.replace("{minutes}", "") not in post
    tag_page = visible_text(article_body(outdir / "tags" / "careers.html"))
    assert "Zu allen Themen" in tag_page
    assert comparable(output_files(outdir)) == fresh_build_of(srcdir, tmp_path)


def test_a_german_preview_marks_drafts_and_scheduled_posts_in_german(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", drafts.epoch(drafts.BUILD_DAY))
    monkeypatch.delenv("VALENX_PREVIEW", raising=False)
    site = drafts.copy_root(tmp_path / "site")

    built = build_site(site, confoverrides={"valenx_preview": True, "language": "de"})

    assert built.warnings == ""
    messages = translated_messages()
    scheduled = messages["Scheduled for {date}"].format(
        date=format_day(drafts.SCHEDULED_DAY, locale_for("de"))  # "3. März 2027"
    )
    assert drafts.badge(built.outdir / f"{drafts.DRAFT}.html") == messages["Draft"]
    assert drafts.badge(built.outdir / f"{drafts.SCHEDULED}.html") == scheduled
    facts = drafts.cards(built.outdir / "index.html").values()
    assert {fact.split(" · ")[0] for fact in facts} >= {messages["Draft"], scheduled}


def test_a_translation_that_breaks_a_placeholder_warns_at_its_line_and_shows_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = translation.LOCALE_FOLDER / "de" / "LC_MESSAGES" / "valenx_kb.po"
    text = package.read_text(encoding="utf-8")
    good = 'msgstr "Stand der Zahlen: {month}."'
    assert text.count(good) == 1
    broken = tmp_path / "locale" / "de" / "LC_MESSAGES" / "valenx_kb.po"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace(good, 'msgstr "Stand der Zahlen: {monat}."'), "utf-8")
    line = text[: text.index(good)].count("\n")  # the entry's msgid line
    monkeypatch.setattr(translation, "LOCALE_FOLDER", tmp_path / "locale")
    docs = write_site(tmp_path / "site")

    site = build_site(docs, confoverrides={"language": "de"})

    assert warning_lines(site.warnings, tmp_path) == [
        f"ROOT/locale/de/LC_MESSAGES/valenx_kb.po:{line}: WARNING: while setting up extension "
        "valenx_kb.translation: the translation does not "
        "keep the message's {placeholders} as they are (names in braces, e.g. {month}). Fix "
        "it; until then readers see English. [valenx.translation]"
    ]
    page = (site.outdir / "ai-engineer.html").read_text(encoding="utf-8")
    assert "Figures as of Juni 2026." in page

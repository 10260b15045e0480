"""The e-book and the PDF: the posts and role profiles as chapters, the data's date, the text.

What the books must hold comes from the site's sources: every published post
and role profile (by its front matter), the article's table figures (from the
data file) and its FAQ questions (from its page); what they must leave out are
the pages about the site itself: the 404 page, "About this site", the
Performance page and every contributor guide.
"""

import posixpath
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from browser import require_tool

from helpers import ARTICLE, TEST_DATA, BuiltSite, build_site, copy_site, write_site
from site_sources import (
    DOCS,
    built_title,
    english,
    faq_questions,
    find_role,
    live_data,
    option_items,
    site_post,
    site_posts,
)
from valenx_kb.data import parse_dataset
from valenx_kb.formatting import formatter_for

EPUB_FILE = "ValenxPress.epub"
TEX_FILE = "valenxpress.tex"
XHTML = "{http://www.w3.org/1999/xhtml}"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
# A chapter and the label of the page it starts: \label{\detokenize{<page>::doc}}.
CHAPTER = re.compile(r"^\\chapter\{.*\}\n(?:\\label\{\\detokenize\{[^{}]*\}\})*", re.MULTILINE)
PAGE_LABEL = re.compile(r"\\label\{\\detokenize\{([^{}]*)::doc\}\}")
TEX_INSTALL = (
    "apt-get install -y --no-install-recommends texlive-xetex texlive-latex-extra "
    "texlive-fonts-recommended latexmk fonts-dejavu-core fonts-dejavu-extra"
)


def pages_about_the_site() -> list[str]:
    """The pages a book leaves out: the 404 page, About, Performance and the contributor guides."""
    guides = [f"contributing/{path.stem}" for path in sorted((DOCS / "contributing").glob("*.md"))]
    assert guides, "the site has no contributor guides any more: update this test"
    return ["404", "about", "performance", *guides]


def book_posts(built_html: BuiltSite) -> dict[str, str]:
    """Every published post and role profile, by page, with its title."""
    return {post.docname: post.title for post in site_posts(built_html.outdir) if not post.draft}


def contents(book: zipfile.ZipFile) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The top entries of nav.xhtml and of toc.ncx, each as (file, title)."""
    nav = ElementTree.fromstring(book.read("nav.xhtml"))
    nav_links = nav.findall(f".//{XHTML}nav/{XHTML}ol/{XHTML}li/{XHTML}a")
    nav_entries = [(link.get("href", ""), "".join(link.itertext())) for link in nav_links]
    ncx = ElementTree.fromstring(book.read("toc.ncx"))
    ncx_entries = []
    for point in ncx.findall(f"{NCX}navMap/{NCX}navPoint"):
        (content,) = point.findall(f"{NCX}content")
        ncx_entries.append((content.get("src", ""), point.findtext(f"{NCX}navLabel/{NCX}text", "")))
    return nav_entries, ncx_entries


def broken_links(book: zipfile.ZipFile) -> list[str]:
    """Each link or source in the book's pages that leads to no file of the book."""
    names = set(book.namelist())
    broken = []
    for name in sorted(names):
        if not name.endswith(".xhtml"):
            continue
        text = book.read(name).decode("utf-8")
        for target in re.findall(r'(?:href|src)="([^"#]*)[^"]*"', text):
            if not target or re.match(r"[a-z]+:", target):
                continue  # a place on the same page, or another site
            if posixpath.normpath(posixpath.join(posixpath.dirname(name), target)) not in names:
                broken.append(f"{name} -> {target}")
    return broken


def test_the_e_book_lists_every_post_and_role_profile(
    built_site: Callable[[str], BuiltSite], built_html: BuiltSite
) -> None:
    site = built_site("epub")
    book = zipfile.ZipFile(site.outdir / EPUB_FILE)

    nav_entries, ncx_entries = contents(book)

    expected = [(f"{page}.xhtml", title) for page, title in book_posts(built_html).items()]
    assert expected
    assert sorted(set(expected) - set(nav_entries)) == []
    assert sorted(set(expected) - set(ncx_entries)) == []
    # The home page opens the book, under its title.
    home = ("index.xhtml", built_title(built_html.outdir, "index"))
    assert nav_entries[0] == ncx_entries[0] == home


def test_the_e_book_leaves_out_the_pages_about_the_site(
    built_site: Callable[[str], BuiltSite],
) -> None:
    book = zipfile.ZipFile(built_site("epub").outdir / EPUB_FILE)
    names = set(book.namelist())
    nav = book.read("nav.xhtml").decode("utf-8")
    ncx = book.read("toc.ncx").decode("utf-8")

    for page in pages_about_the_site():
        assert f"{page}.xhtml" not in names
        assert f'"{page}.xhtml' not in nav + ncx
    assert not {"sitemap.xml", "robots.txt", "search.xhtml", "genindex.xhtml"} & names
    # A link to a left-out page shows its text: every link leads somewhere in the book.
    assert broken_links(book) == []


def test_the_pdf_s_chapters_are_the_posts_and_role_profiles(
    built_site: Callable[[str], BuiltSite], built_html: BuiltSite
) -> None:
    tex = (built_site("latex").outdir / TEX_FILE).read_text(encoding="utf-8")

    chapters = [PAGE_LABEL.search(found[0]) for found in CHAPTER.finditer(tex)]
    pages = [label[1] if label else None for label in chapters]

    # Every chapter is a page (no heading of a page promoted), and every post is one.
    assert None not in pages
    assert sorted(set(book_posts(built_html)) - set(pages)) == []
    for page in ["index", *pages_about_the_site()]:
        assert page not in pages
    for page in pages_about_the_site():
        assert f"\\detokenize{{{page}::doc}}" not in tex  # nor a link to it
    # The table of contents keeps its own name, not the first toctree's caption.
    assert "\\contentsname" not in tex


def test_the_pdf_is_dated_by_the_data_s_month(built_site: Callable[[str], BuiltSite]) -> None:
    tex = (built_site("latex").outdir / TEX_FILE).read_text(encoding="utf-8")
    data = live_data()

    assert f"\\date{{{english(data).month(data.as_of)}}}" in tex


def test_the_date_follows_the_language_and_conf_py(tmp_path: Path) -> None:
    as_of = parse_dataset(TEST_DATA.encode(), Path("salaries.yaml"), schema_file()).as_of
    german = write_site(tmp_path / "german")
    dated = write_site(tmp_path / "dated", conf='today = "Spring edition"\n')

    in_german = build_site(german, "latex", confoverrides={"language": "de"})
    by_conf = build_site(dated, "latex")

    month = formatter_for("de", "USD").month(as_of)
    assert month != formatter_for("en", "USD").month(as_of)
    assert in_german.warnings == ""
    assert f"\\date{{{month}}}" in tex_of(in_german)
    assert "\\date{Spring edition}" in tex_of(by_conf)


def test_broken_data_leaves_the_pdf_sphinx_s_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = write_site(tmp_path, data=TEST_DATA.replace("as_of: 2026-06", "as_of: June"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # Sphinx's date: the build's, 1 January 1970

    site = build_site(docs, "latex")

    assert "as_of" in site.warnings
    assert "Traceback" not in site.warnings
    assert "\\date{Jan 01, 1970}" in tex_of(site)


SMALL_BOOK = {
    "index": "# Home\n\n```{toctree}\n:hidden:\n\nguide\nhelp/internal\n```\n",
    "guide": "# Guide\n\nAsk {doc}`the team <help/internal>` or read {doc}`index`.\n",
    "help/internal": "# Internal\n\nFor the site's own staff.\n",
}
SMALL_BOOK_CONF = 'valenx_book_excludes = ["help/*"]\nepub_tocscope = "includehidden"\n'
SMALL_BOOK_CONF += 'copyright = "2026, Us"\nversion = "1"\n'
SMALL_BOOK_CONF += 'latex_documents = [("index", "book.tex", "Book", "Us", "manual", True)]\n'


def test_a_left_out_page_leaves_both_books_and_links_to_it_show_their_text(
    tmp_path: Path,
) -> None:
    epub_docs = write_site(tmp_path / "epub", pages=SMALL_BOOK, conf=SMALL_BOOK_CONF)
    latex_docs = write_site(tmp_path / "latex", pages=SMALL_BOOK, conf=SMALL_BOOK_CONF)

    epub = build_site(epub_docs, "epub")
    latex = build_site(latex_docs, "latex")

    assert epub.warnings == latex.warnings == ""
    book = zipfile.ZipFile(next(epub.outdir.glob("*.epub")))
    assert "help/internal.xhtml" not in book.namelist()
    assert [title for _, title in contents(book)[0]] == ["Home", "Guide"]
    guide = book.read("guide.xhtml").decode("utf-8")
    assert "the team" in guide
    assert "help/internal" not in guide
    assert 'href="index.xhtml"' in guide  # a page in the book stays linked
    assert broken_links(book) == []
    tex = (latex.outdir / "book.tex").read_text(encoding="utf-8")
    assert [PAGE_LABEL.findall(found[0]) for found in CHAPTER.finditer(tex)] == [["guide"]]
    assert "the team" in tex
    assert "help/internal" not in tex


def test_a_new_left_out_page_reads_only_itself_in_a_web_build(tmp_path: Path) -> None:
    docs = write_site(tmp_path, pages=SMALL_BOOK, conf=SMALL_BOOK_CONF)
    build_site(docs)
    (docs / "help" / "more.md").write_text("# More\n\nFor the staff too.\n", encoding="utf-8")

    again = build_site(docs)

    # The book's settings do not change with its pages: the rest is not read again.
    assert again.read == ["help/more"]


def tex_of(site: BuiltSite) -> str:
    """The one LaTeX file a small site's build wrote."""
    (tex,) = site.outdir.glob("*.tex")
    return tex.read_text(encoding="utf-8")


def schema_file() -> Path:
    """The data file's JSON Schema."""
    return DOCS.parent / "data" / "salaries.schema.json"


def comparable(text: str) -> str:
    """Text as the PDF's and the sources' words can be compared.

    Ligatures and quotes folded, case ignored, and no spaces or hyphens: LaTeX
    breaks lines and hyphenates words where it likes.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The text of the real site's PDF, as make pdf builds it (once per test module)."""
    tex = all(shutil.which(tool) for tool in ("xelatex", "latexmk"))
    require_tool(tex, "XeLaTeX and latexmk", TEX_INSTALL)
    has_pdftotext = shutil.which("pdftotext") is not None
    require_tool(has_pdftotext, "pdftotext", "apt-get install -y poppler-utils")
    root = tmp_path_factory.mktemp("pdf")
    docs, build = copy_site(root), root / "build"
    # What make pdf runs: Sphinx's LaTeX builder, then latexmk through Sphinx's Makefile.
    command = [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(docs), str(build)]
    result = subprocess.run(
        [*command, "-W", "--keep-going", "-q"], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "WARNING" not in result.stderr
    layout = subprocess.run(
        ["pdftotext", "-layout", str(build / "latex" / "valenxpress.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return layout.stdout


@pytest.mark.site
@pytest.mark.tex
def test_the_pdf_shows_the_article_s_title_and_faq(pdf_text: str, built_html: BuiltSite) -> None:
    text = comparable(pdf_text)

    assert comparable(site_post(built_html.outdir, ARTICLE).title) in text
    questions = faq_questions(ARTICLE)
    assert questions
    for question in questions:
        assert comparable(question) in text


@pytest.mark.site
@pytest.mark.tex
def test_the_pdf_shows_the_comparison_table_s_figures(pdf_text: str) -> None:
    data = live_data()
    roles = option_items(ARTICLE, "comparison-table", "roles") or data.role_ids

    for role_id in roles:
        role = find_role(data, role_id)
        assert role.salary is not None
        money = english(data).money(role.salary)
        # One row of the table: the role's title, then its average on the same line.
        row = rf"^\s*{re.escape(role.title)}\s+{re.escape(money)}\s"
        assert re.search(row, pdf_text, re.MULTILINE), f"no row {role.title} {money}"
        for skill in role.skills:
            assert comparable(skill) in comparable(pdf_text)

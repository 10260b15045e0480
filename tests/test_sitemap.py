"""sitemap.xml lists every page after every build, incremental or not, as a fresh build does."""

from pathlib import Path
from xml.etree import ElementTree

import pytest

from helpers import BLOG_POSTS, blog_post, build_site, uncoloured, write_blog

BASE = "https://valenx-press.readthedocs.io/en/latest/"
SITEMAP_CONF = f"""\
html_baseurl = "{BASE}"
valenx_sitemap_excludes = ["search.html", "genindex.html", "search/", "genindex/"]
"""
API_PAGE = "# API\n\n```{eval-rst}\n.. automodule:: valenx_kb.links\n   :members:\n```\n"
NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def write_sitemap_site(root: Path, posts: dict[str, str] | None = None, conf: str = "") -> Path:
    """The test blog with a base URL and the real site's kind of excludes; its docs/ folder."""
    docs = write_blog(root, posts)
    conf_py = docs / "conf.py"
    conf_py.write_text(conf_py.read_text(encoding="utf-8") + SITEMAP_CONF + conf, encoding="utf-8")
    return docs


def build(srcdir: Path, buildername: str = "html", parallel: int = 0) -> Path:
    """Build srcdir without a warning, reusing the last build's environment; the output folder."""
    site = build_site(srcdir, buildername, parallel=parallel)
    assert uncoloured(site.warnings) == ""
    return site.outdir


def sitemap(outdir: Path) -> bytes:
    """The sitemap a build wrote."""
    return (outdir / "sitemap.xml").read_bytes()


def listed_urls(outdir: Path) -> list[str]:
    """The page addresses in the sitemap, in its order."""
    root = ElementTree.parse(outdir / "sitemap.xml").getroot()
    return [str(loc.text) for loc in root.findall("s:url/s:loc", NAMESPACE)]


def page_urls(outdir: Path, buildername: str) -> set[str]:
    """The address of every page in the output folder, except search and the index."""
    links = set()
    for page in outdir.rglob("*.html"):
        link = page.relative_to(outdir).as_posix()
        if buildername == "dirhtml":
            link = link.removesuffix("index.html")
        links.add(link)
    excluded = {"search.html", "genindex.html", "search/", "genindex/"}
    return {BASE + link for link in links - excluded}


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_an_edit_and_a_rebuild_keep_every_page_in_the_sitemap(
    buildername: str, tmp_path: Path
) -> None:
    docs = write_sitemap_site(tmp_path)
    outdir = build(docs, buildername)
    fresh = sitemap(outdir)
    assert sorted(listed_urls(outdir)) == sorted(page_urls(outdir, buildername))
    assert len(listed_urls(outdir)) == len(BLOG_POSTS) + 1

    beta = docs / "posts" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(docs, buildername)
    assert sitemap(outdir) == fresh

    build(docs, buildername)
    assert sitemap(outdir) == fresh


def test_added_and_removed_pages_give_a_fresh_builds_sitemap(tmp_path: Path) -> None:
    docs = write_sitemap_site(tmp_path / "site")
    outdir = build(docs)
    (docs / "posts" / "epsilon.md").unlink()
    (docs / "posts" / "zeta.md").write_text(blog_post("Zeta"), encoding="utf-8")
    build(docs)

    posts = {name: text for name, text in BLOG_POSTS.items() if name != "posts/epsilon"}
    fresh = build(
        write_sitemap_site(tmp_path / "fresh", {**posts, "posts/zeta": blog_post("Zeta")})
    )
    assert sitemap(outdir) == sitemap(fresh)
    assert f"{BASE}posts/zeta.html" in listed_urls(outdir)
    assert f"{BASE}posts/epsilon.html" not in listed_urls(outdir)


def test_parallel_builds_write_the_same_sitemap(tmp_path: Path) -> None:
    serial = build(write_sitemap_site(tmp_path / "serial"))
    docs = write_sitemap_site(tmp_path / "parallel")
    parallel = build(docs, parallel=2)
    assert sitemap(parallel) == sitemap(serial)

    alpha = docs / "posts" / "alpha.md"
    alpha.write_text(alpha.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(docs, parallel=2)
    assert sitemap(parallel) == sitemap(serial)


def test_pages_without_a_source_stay_listed_when_not_rewritten(tmp_path: Path) -> None:
    # viewcode writes a module's _modules page again only when the module changed.
    index = "# Blog\n\n```{toctree}\n:glob:\n\nposts/*\napi\n```\n"
    extensions = 'extensions += ["sphinx.ext.autodoc", "sphinx.ext.viewcode"]\n'
    docs = write_sitemap_site(tmp_path, {**BLOG_POSTS, "index": index, "api": API_PAGE}, extensions)
    outdir = build(docs)
    fresh = sitemap(outdir)
    assert f"{BASE}_modules/valenx_kb/links.html" in listed_urls(outdir)
    assert sorted(listed_urls(outdir)) == sorted(page_urls(outdir, "html"))
    module_page = outdir / "_modules" / "valenx_kb" / "links.html"
    written = module_page.stat().st_mtime_ns

    build(docs)
    assert module_page.stat().st_mtime_ns == written  # not written again
    assert sitemap(outdir) == fresh


def test_the_real_sites_sitemap_survives_an_edit(site_copy: Path) -> None:
    docs = site_copy
    outdir = build(docs)
    fresh = sitemap(outdir)
    assert sorted(listed_urls(outdir)) == sorted(page_urls(outdir, "html") - {f"{BASE}404.html"})

    page = docs / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(docs)
    assert sitemap(outdir) == fresh
    build(docs)
    assert sitemap(outdir) == fresh

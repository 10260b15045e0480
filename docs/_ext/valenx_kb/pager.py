"""The page links under a listing split into pages: « Previous 1 … 4 5 6 … 40 Next »."""

import html

from docutils import nodes
from sphinx.builders import Builder

from valenx_kb.taxonomy import page_name
from valenx_kb.translation import N_, gettext

NEIGHBOURS = 2  # pages linked on each side of the current one; the rest become "…"
# What readers (and screen readers) see.
PREVIOUS = N_("« Previous")
NEXT = N_("Next »")
PAGES_LABEL = N_("Pages")
PAGE_LABEL = N_("Page {number}")


def shown_numbers(current: int, count: int) -> list[int | None]:
    """The page numbers to link, None where a gap ("…") goes; at most 2 * NEIGHBOURS + 5 items.

    The first and last page are always there, so a link's place never depends on
    how many pages the listing has beyond them.
    """
    near = range(max(1, current - NEIGHBOURS), min(count, current + NEIGHBOURS) + 1)
    numbers = sorted({1, count, *near})
    shown: list[int | None] = []
    for number in numbers:
        if shown and number - (shown[-1] or 0) > 1:
            shown.append(None)
        shown.append(number)
    return shown


def pager_html(builder: Builder, from_page: str, first_page: str, current: int, count: int) -> str:
    """The <nav> of links for page current of count, seen from from_page; "" for one page."""
    if count <= 1:
        return ""

    def href(number: int) -> str:
        uri = builder.get_relative_uri(from_page, page_name(first_page, number))
        return html.escape(uri or "#", quote=True)

    page_label = gettext(PAGE_LABEL)
    items = []
    if current > 1:
        items.append(
            f'<li><a class="valenx-pager-previous" rel="prev" href="{href(current - 1)}">'
            f"{html.escape(gettext(PREVIOUS))}</a></li>"
        )
    for number in shown_numbers(current, count):
        if number is None:
            items.append('<li class="valenx-pager-gap" aria-hidden="true">…</li>')
        elif number == current:
            label = html.escape(page_label.format(number=number), quote=True)
            items.append(
                f'<li><a class="valenx-pager-current" aria-current="page" aria-label="{label}" '
                f'href="{href(number)}">{number}</a></li>'
            )
        else:
            label = html.escape(page_label.format(number=number), quote=True)
            items.append(f'<li><a aria-label="{label}" href="{href(number)}">{number}</a></li>')
    if current < count:
        items.append(
            f'<li><a class="valenx-pager-next" rel="next" href="{href(current + 1)}">'
            f"{html.escape(gettext(NEXT))}</a></li>"
        )
    label = html.escape(gettext(PAGES_LABEL), quote=True)
    return f'<nav class="valenx-pager" aria-label="{label}"><ul>{"".join(items)}</ul></nav>'


def pager_node(
    builder: Builder, from_page: str, first_page: str, current: int, count: int
) -> nodes.raw:
    """The page links as a node for the html writers (built and escaped by pager_html)."""
    return nodes.raw("", pager_html(builder, from_page, first_page, current, count), format="html")

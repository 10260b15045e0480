"""The site in a real browser: loading, navigation, anchors, phone width, dark mode, keyboard."""

import re
from itertools import pairwise

import pytest
from browser import CONTRAST_JS, serious_axe_findings
from docutils.nodes import make_id
from playwright.sync_api import Page, Response

from helpers import ARTICLE, BuiltSite, normalise
from site_sources import (
    PUBLISHER,
    blog_page,
    faq_questions,
    link,
    live_data,
    option_items,
    post_index_cards,
    related_cards,
    site_post,
    taxonomy_home,
)
from valenx_kb.taxonomy import folder_of, slugify

pytestmark = pytest.mark.browser


def pages_of(site: BuiltSite) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root."""
    return sorted(path.relative_to(site.outdir).as_posix() for path in site.outdir.rglob("*.html"))


def test_every_page_loads_without_errors(page: Page, site_url: str, built_html: BuiltSite) -> None:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))

    def note_status(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"{response.status}: {response.url}")

    page.on("response", note_status)
    for name in pages_of(built_html):
        page.goto(site_url + name, wait_until="networkidle")

    assert problems == []


def test_article_shows_byline_table_chart_faq_and_cards(
    page: Page, site_url: str, built_html: BuiltSite
) -> None:
    page.goto(f"{site_url}{ARTICLE}.html")
    post, data = site_post(built_html.outdir, ARTICLE), live_data()

    meta = normalise(page.locator(".valenx-byline-meta").inner_text())
    assert re.fullmatch(post.byline(data), meta), meta
    assert page.locator(".valenx-byline-updated").inner_text() == post.updated_label(data)
    tags = page.locator(".valenx-byline-tags").inner_text()
    assert tags == f"Tags: {', '.join(post.tags)}"
    rows = len(option_items(ARTICLE, "comparison-table", "roles") or data.roles)
    assert page.locator("table.valenx-table tbody tr").count() == rows
    assert page.locator("table.valenx-table").is_visible()
    bars = len(option_items(ARTICLE, "salary-chart", "roles") or data.roles)
    assert page.locator(".valenx-chart .valenx-bar").count() == bars
    assert page.locator(".valenx-chart").is_visible()
    assert page.locator(".valenx-faq-question").count() == len(faq_questions(ARTICLE))
    cards = page.locator("#related-posts .sd-card")
    assert cards.count() == len(related_cards(built_html.outdir, ARTICLE))
    assert all(cards.nth(index).is_visible() for index in range(cards.count()))


def test_clicking_a_related_card_opens_its_post(
    page: Page, site_url: str, built_html: BuiltSite
) -> None:
    page.goto(f"{site_url}{ARTICLE}.html")

    # Near the card's bottom edge, far from its title: the whole card is the link.
    target = related_cards(built_html.outdir, ARTICLE)[-1]
    card = page.locator("#related-posts .sd-card").last
    box = card.bounding_box()
    assert box is not None
    card.click(position={"x": 12, "y": box["height"] - 8})

    assert page.url == f"{site_url}{target.docname}.html"
    assert page.locator("h1").inner_text().startswith(target.title)


def test_post_index_and_back_to_blog_lead_to_the_right_pages(
    page: Page, site_url: str, built_html: BuiltSite
) -> None:
    page.goto(site_url)
    newest = post_index_cards(built_html.outdir, "index")[0][0]
    page.locator(".valenx-cards .sd-card").first.click()
    assert page.url == f"{site_url}{newest.docname}.html"

    page.get_by_role("link", name="Back to Blog").click()
    assert page.url == f"{site_url}{blog_page()}.html"

    page.goto(f"{site_url}{ARTICLE}.html")
    page.get_by_role("link", name="View All Posts »").click()
    assert page.url == f"{site_url}{blog_page()}.html"


def test_a_faq_question_link_scrolls_to_it(page: Page, site_url: str) -> None:
    anchor = make_id(faq_questions(ARTICLE)[-1])
    page.goto(f"{site_url}{ARTICLE}.html#{anchor}")

    # furo scrolls smoothly; wait for the question to arrive near the top.
    page.wait_for_function(
        f"document.getElementById('{anchor}').getBoundingClientRect().top < 150", timeout=5000
    )
    top = page.locator(f"#{anchor}").evaluate("element => element.getBoundingClientRect().top")
    assert page.evaluate("window.scrollY") > 0
    assert 0 <= top < 150


def test_phone_width_never_scrolls_the_page_sideways(
    phone_page: Page, site_url: str, built_html: BuiltSite
) -> None:
    for name in pages_of(built_html):
        phone_page.goto(site_url + name)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, name


def test_a_wide_table_scrolls_inside_its_own_box(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}contributing/data.html")

    boxes = phone_page.locator(".table-wrapper").evaluate_all(
        """wrappers => wrappers.map(box => ({
            overflow: getComputedStyle(box).overflowX,
            scrolls: box.scrollWidth > box.clientWidth,
        }))"""
    )
    assert {box["overflow"] for box in boxes} == {"auto"}
    assert any(box["scrolls"] for box in boxes)  # the roles table is wider than a phone
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize(
    "selector",
    [
        ".valenx-byline p",
        "table.valenx-table td",
        "table.valenx-table th",
        "table.valenx-table a",
        ".valenx-chart-label",
        ".valenx-chart-value",
        ".valenx-tick",
        ".valenx-source-note",
        "#related-posts .sd-card-title a",
        "#related-posts .sd-card-text",
        ".valenx-faq-question",
    ],
)
def test_dark_mode_keeps_text_readable(dark_page: Page, site_url: str, selector: str) -> None:
    dark_page.goto(f"{site_url}{ARTICLE}.html")
    assert dark_page.evaluate("document.body.dataset.theme") == "auto"
    background = dark_page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"  # the system's dark mode is in effect

    ratios = dark_page.locator(selector).evaluate_all(f"elements => elements.map({CONTRAST_JS})")

    assert ratios
    assert min(ratios) >= 4.5, ratios


def test_keyboard_reaches_every_card_with_a_visible_focus(
    page: Page, site_url: str, built_html: BuiltSite
) -> None:
    page.goto(f"{site_url}{ARTICLE}.html")
    reached: dict[str, bool] = {}
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const element = document.activeElement;
                const card = element.closest(".sd-card");
                const ring = (node) => {
                    const style = getComputedStyle(node);
                    return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
                };
                return {
                    href: card ? element.getAttribute("href") : "",
                    visible: Boolean(card) && (ring(element) || ring(card)),
                };
            }"""
        )
        if focused["href"]:
            reached[focused["href"]] = focused["visible"]
    cards = [link(ARTICLE, post.docname) for post in related_cards(built_html.outdir, ARTICLE)]
    assert reached == dict.fromkeys(cards, True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problem_on_any_page(
    page: Page, dark_page: Page, site_url: str, built_html: BuiltSite, scheme: str
) -> None:
    tab = page if scheme == "light" else dark_page
    found = []
    for name in pages_of(built_html):
        tab.goto(site_url + name)
        found += serious_axe_findings(tab, name)
    assert found == []


# The pictures of a chart: drawn for sighted readers, hidden from screen readers.
CHART_PICTURES = ".valenx-track, .valenx-scale, .valenx-chart-key"
# The colours a chart takes from the theme: bar, range box, median mark, scale labels.
CHART_COLOURS = """() => {
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  return [
    style(".valenx-bar").backgroundColor,
    style(".valenx-box").borderTopColor,
    style(".valenx-median").backgroundColor,
    style(".valenx-tick").color,
  ];
}"""


def words(text: str) -> str:
    """Text without colons and quotes, whitespace collapsed: how a row reads, however marked."""
    return " ".join(re.sub(r"[:\"]", " ", text).split())


def test_charts_text_alternative_is_exposed_and_colours_follow_the_theme(
    page: Page, dark_page: Page, site_url: str
) -> None:
    guide = "contributing/data.html"
    colours = []
    for tab in (page, dark_page):
        tab.goto(f"{site_url}{guide}")
        charts = tab.locator(".valenx-chart")
        assert tab.locator(".valenx-chart-range").count() >= 1
        for index in range(charts.count()):
            chart = charts.nth(index)
            pictures = chart.locator(CHART_PICTURES)
            hidden = pictures.evaluate_all("all => all.map(e => e.getAttribute('aria-hidden'))")
            assert set(hidden) == {"true"}
            # What a screen reader gets: each row's label and figures, none of the scale.
            tree = words(chart.aria_snapshot())
            rows = chart.locator("li").all_text_contents()
            assert rows
            assert [row for row in rows if words(row) not in tree] == []
            zero = chart.locator(".valenx-tick").first.text_content() or ""
            assert not re.search(rf"(?<![\d.,]){re.escape(zero)}(?![\d.,])", tree)
        colours.append(tab.evaluate(CHART_COLOURS))
        assert serious_axe_findings(tab, guide) == []

    light, dark = colours
    assert all(before != after for before, after in zip(light, dark, strict=True)), colours


def design_pages(site: BuiltSite) -> list[str]:
    """The pages the design is checked on: the article, home, a role page, a tag page, archive."""
    post = site_post(site.outdir, ARTICLE)
    pages = [f"{ARTICLE}.html", "index.html", f"{live_data().roles[0].page}.html"]
    tags = taxonomy_home("tags")
    if tags is not None and post.tags:
        pages.append(f"{folder_of(tags)}/{slugify(post.tags[0])}.html")
    return [*pages, f"{blog_page()}.html"]


# The edges of the text column (the article's content box) and of what should line up with
# it: a box's border edge (a card grid's first and last card, a table, a chart), and where a
# heading's text starts (furo pads headings and pulls them back by as much).
EDGES_JS = """() => {
  const article = document.querySelector("article[role=main]");
  const [box, style] = [article.getBoundingClientRect(), getComputedStyle(article)];
  const column = {
    left: box.left + parseFloat(style.paddingLeft),
    right: box.right - parseFloat(style.paddingRight),
  };
  const textLeft = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return range.getClientRects()[0].left;
  };
  const boxes = (selector) => [...document.querySelectorAll(selector)].map((element) => {
    const box = element.getBoundingClientRect();
    return {what: selector, left: box.left, right: box.right};
  });
  const grids = [...document.querySelectorAll(".valenx-cards")].map((grid) => {
    const cards = [...grid.querySelectorAll(".sd-card")].map((c) => c.getBoundingClientRect());
    return {
      what: "card grid",
      left: Math.min(...cards.map((box) => box.left)),
      right: Math.max(...cards.map((box) => box.right)),
    };
  });
  const texts = [".valenx-faq-question", "table.valenx-table > caption", ".valenx-chart-caption"]
    .flatMap((selector) => [...document.querySelectorAll(selector)].map(
      (element) => ({what: selector, left: textLeft(element), right: null})));
  return {
    column,
    edges: [
      ...grids,
      ...boxes(".valenx-reading .sd-card"),
      ...boxes("table.valenx-table").map((box) => ({...box, right: null})),
      ...boxes(".valenx-chart"),
      ...boxes(".valenx-post-end"),
      ...texts,
    ],
  };
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_cards_tables_charts_and_faq_line_up_with_the_text(
    page: Page, site_url: str, built_html: BuiltSite, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    off: list[str] = []
    checked = set()
    for name in design_pages(built_html):
        page.goto(site_url + name)
        found = page.evaluate(EDGES_JS)
        column = found["column"]
        for edge in found["edges"]:
            checked.add(edge["what"])
            for side in ("left", "right"):
                if edge[side] is not None and abs(edge[side] - column[side]) > 1:
                    off.append(f"{name}: {edge['what']} {side} {edge[side]} != {column[side]}")
    assert off == []
    # Each kind was found somewhere, so none was left unchecked by a changed class name.
    assert checked == {
        "card grid",
        ".valenx-reading .sd-card",
        "table.valenx-table",
        ".valenx-chart",
        ".valenx-post-end",
        ".valenx-faq-question",
        "table.valenx-table > caption",
        ".valenx-chart-caption",
    }


# The computed type of the first element matching each selector, or null when none does.
TYPE_JS = """(selectors) => selectors.map((selector) => {
  const found = document.querySelector(selector);
  if (!found) return null;
  const style = getComputedStyle(found);
  return [style.fontSize, style.fontWeight, style.textAlign];
})"""


def test_figures_share_one_caption_style_and_cards_use_smaller_type(
    page: Page, site_url: str
) -> None:
    page.goto(f"{site_url}{ARTICLE}.html")

    table, chart, card, body = page.evaluate(
        TYPE_JS,
        [
            "table.valenx-table > caption",
            ".valenx-chart-caption",
            ".valenx-cards .sd-card-text",
            "article section > p:not([class])",
        ],
    )

    assert table is not None
    assert table == chart  # one caption style for tables and charts
    assert card is not None
    assert body is not None
    assert float(card[0].removesuffix("px")) < float(body[0].removesuffix("px"))


# Each byline or card footer matching the selector: its text, and its parts (the authors'
# names, which may wrap between names, then the facts and the separators between them),
# each with its text, how many lines it takes and the line it starts on.
PARTS_JS = """(selector) => [...document.querySelectorAll(selector)].map((line) => ({
  text: line.textContent,
  parts: [...line.querySelectorAll(".valenx-names, .valenx-fact, .valenx-separator")].map(
    (part) => {
      const lines = part.getClientRects();
      return {
        text: part.textContent,
        kind: part.classList[0],
        lines: lines.length,
        top: Math.round(lines[0].top),
      };
    }),
}))"""


def test_the_byline_is_one_line_at_desktop_width(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}{ARTICLE}.html")

    (byline,) = page.evaluate(PARTS_JS, ".valenx-byline-meta")

    parts = byline["parts"]
    assert normalise(" ".join(part["text"] for part in parts)) == normalise(byline["text"])
    assert {part["top"] for part in parts} == {parts[0]["top"]}, parts


@pytest.mark.parametrize("width", [1280, 375])
def test_bylines_and_card_footers_break_only_between_their_parts(
    page: Page, site_url: str, built_html: BuiltSite, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    broken: list[str] = []
    lines = 0
    for name in design_pages(built_html):
        page.goto(site_url + name)
        for line in page.evaluate(PARTS_JS, ".valenx-byline-meta, .valenx-card-facts"):
            lines += 1
            parts = line["parts"]
            # Every word is in a part: nothing between them but the space after a "·".
            if normalise(" ".join(part["text"] for part in parts)) != normalise(line["text"]):
                broken.append(f"{name}: {line['text']!r} has text outside its parts")
            broken += [
                f"{name}: {part['text']!r} is broken over {part['lines']} lines"
                for part in parts
                if part["kind"] != "valenx-names" and part["lines"] != 1
            ]
            # A "·" ends the line its part is on; no line starts with one.
            for before, after in pairwise(parts):
                if after["kind"] == "valenx-separator" and after["top"] != before["top"]:
                    broken.append(f"{name}: a line starts with {after['text']!r}")
    assert lines
    assert broken == []


def test_the_wordmark_follows_the_theme_and_the_footer_is_the_publishers(
    page: Page, dark_page: Page, site_url: str
) -> None:
    for tab, shown, hidden in (
        (page, "only-light", "only-dark"),
        (dark_page, "only-dark", "only-light"),
    ):
        tab.goto(site_url)
        logo = tab.locator(f".sidebar-logo.{shown}")
        assert logo.is_visible()
        assert not tab.locator(f".sidebar-logo.{hidden}").is_visible()
        assert logo.evaluate("image => image.complete && image.naturalWidth > 0")
        assert logo.get_attribute("alt") == PUBLISHER  # what the link home is called
        footer = normalise(tab.locator(".bottom-of-page").inner_text())
        assert "Made with" not in footer
        assert footer.startswith(PUBLISHER)


# How far a chart's bars stand out from the page (WCAG's contrast ratio), with both colours
# drawn on a canvas first, so any CSS colour (color-mix gives "color(srgb …)") reads as RGB.
BAR_CONTRAST_JS = """() => {
  const context = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
  const rgb = (colour) => {
    context.fillStyle = colour;
    context.fillRect(0, 0, 1, 1);
    return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  };
  const luminance = (channels) => {
    const [r, g, b] = channels.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const bar = rgb(getComputedStyle(document.querySelector(".valenx-bar")).backgroundColor);
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  const [light, dark] = [luminance(bar), luminance(page)].sort((a, b) => b - a);
  return {bar, ratio: (light + 0.05) / (dark + 0.05)};
}"""


def test_chart_bars_are_the_themes_calm_blue_and_stand_out_in_light_and_dark(
    page: Page, dark_page: Page, site_url: str
) -> None:
    for tab in (page, dark_page):
        tab.goto(f"{site_url}{ARTICLE}.html")
        found = tab.evaluate(BAR_CONTRAST_JS)
        assert found["bar"] != [10, 75, 255]  # not furo's saturated brand blue
        assert found["ratio"] >= 3, found  # WCAG 1.4.11: graphics at 3:1 against the page

"""The site in a real browser: loading, navigation, anchors, phone width, dark mode, keyboard."""

import re

import pytest
from browser import CONTRAST_JS, serious_axe_findings
from docutils.nodes import make_id
from playwright.sync_api import Page, Response

from helpers import ARTICLE, BuiltSite
from site_sources import (
    blog_page,
    faq_questions,
    link,
    live_data,
    option_items,
    post_index_cards,
    related_cards,
    site_post,
)

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

    meta = page.locator(".valenx-byline-meta").inner_text()
    assert re.fullmatch(post.byline(), meta), meta
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

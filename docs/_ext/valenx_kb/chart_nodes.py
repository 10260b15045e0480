"""The pictures of the salary charts: HTML-only nodes, hidden from screen readers.

Every figure a picture shows is also in the chart's text, which every builder writes;
the pictures are spans and CSS (valenx.css), no JavaScript, no images.
"""

from collections.abc import Callable
from html import escape
from typing import Any

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from valenx_kb.translation import N_, gettext

# What the key above a range chart calls each mark, for sighted readers.
KEY_TEXTS = {
    "box": N_("25th to 75th percentile"),
    "whisker": N_("10th to 90th percentile"),
    "median": N_("median"),
}

# From this many steps on, a phone shows every other tick's label: they would touch.
MANY_STEPS = 4


class salary_bar(nodes.General, nodes.Inline, nodes.Element):  # noqa: N801 (docutils naming)
    """A bar from zero to a figure, share percent of the scale wide."""


class salary_range(nodes.General, nodes.Inline, nodes.Element):  # noqa: N801
    """A range: p10-p90 whiskers, a p25-p75 box and a median mark, each where given."""


class salary_scale(nodes.General, nodes.Element):  # noqa: N801
    """The chart's scale: tick labels from zero, at their shares of the width."""


class salary_key(nodes.General, nodes.Element):  # noqa: N801
    """What the marks a range chart draws stand for."""


def _track(steps: int) -> str:
    """The start of the row's track, with a grid line at each tick."""
    return f'<span class="valenx-track" style="--valenx-steps: {steps}" aria-hidden="true">'


def _at(share: float) -> str:
    """A position on the scale, as valenx.css reads it."""
    return f"--valenx-at: {share:.1f}%"


def _span(share: tuple[float, float]) -> str:
    """A stretch of the scale, as valenx.css reads it."""
    return f"--valenx-from: {share[0]:.1f}%; --valenx-to: {share[1]:.1f}%"


def visit_salary_bar_html(translator: HTML5Translator, node: salary_bar) -> None:
    """Write the bar as an empty span in its track; its width comes from a CSS variable."""
    translator.body.append(
        f'{_track(node["steps"])}<span class="valenx-bar" '
        f'style="--valenx-share: {node["share"]:.1f}%"></span></span>'
    )
    raise nodes.SkipNode


def visit_salary_range_html(translator: HTML5Translator, node: salary_range) -> None:
    """Write the range's marks as empty spans in its track, placed by CSS variables."""
    parts = [_track(node["steps"])]
    if node.get("whisker"):
        parts.append(f'<span class="valenx-whisker" style="{_span(node["whisker"])}"></span>')
    if node.get("box"):
        parts.append(f'<span class="valenx-box" style="{_span(node["box"])}"></span>')
    if node.get("median") is not None:
        parts.append(f'<span class="valenx-median" style="{_at(node["median"])}"></span>')
    translator.body.append("".join(parts) + "</span>")
    raise nodes.SkipNode


def visit_salary_scale_html(translator: HTML5Translator, node: salary_scale) -> None:
    """Write the tick labels; the figures are in the chart's text, so screen readers skip it."""
    steps = node["steps"]
    ticks = "".join(
        f'<span class="{_tick_class(index, steps)}" style="{_at(share)}">{escape(label)}</span>'
        for index, (label, share) in enumerate(node["ticks"])
    )
    translator.body.append(f'<div class="valenx-scale" aria-hidden="true">{ticks}</div>\n')
    raise nodes.SkipNode


def _tick_class(index: int, steps: int) -> str:
    """A tick's classes: every other one of four or more steps is left out on phones."""
    between = steps >= MANY_STEPS and index % 2 == 1
    return "valenx-tick valenx-tick-between" if between else "valenx-tick"


def visit_salary_key_html(translator: HTML5Translator, node: salary_key) -> None:
    """Write the key: each mark the chart draws, small, then what it stands for."""
    marks = " ".join(
        f'<span class="valenx-key"><span class="valenx-key-{mark}"></span>{escape(text)}</span>'
        for mark, text in key_texts().items()
        if mark in node["marks"]
    )
    translator.body.append(f'<p class="valenx-chart-key" aria-hidden="true">{marks}</p>\n')
    raise nodes.SkipNode


def key_texts() -> dict[str, str]:
    """What the key calls each mark, in the site's language."""
    return {mark: gettext(text) for mark, text in KEY_TEXTS.items()}


def skip_node(translator: Any, node: nodes.Element) -> None:
    """Leave the picture out: the chart's text already says everything."""
    raise nodes.SkipNode


# Each picture node and how HTML writes it; other builders leave it out.
HTML_ONLY_NODES: dict[type[nodes.Element], Callable[[HTML5Translator, Any], None]] = {
    salary_bar: visit_salary_bar_html,
    salary_range: visit_salary_range_html,
    salary_scale: visit_salary_scale_html,
    salary_key: visit_salary_key_html,
}

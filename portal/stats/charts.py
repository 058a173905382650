"""A tiny server-side SVG bar chart: no JavaScript, no third-party script, prints well.

Each chart is decorative for screen readers (``aria-hidden``) because the page
puts the same numbers in a captioned table right beside it; the SVG carries a
``<title>`` for sighted users hovering over it.
"""

from __future__ import annotations

from markupsafe import Markup, escape

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 150
CHART_WIDTH = 560
VALUE_WIDTH = 90


def bar_chart(rows: list[tuple[str, float]], title: str, value_format=lambda v: f"{v:,}") -> Markup:
    """Horizontal bars, one per ``(label, value)``, scaled to the largest value."""
    top = max((value for _, value in rows), default=0) or 1
    bar_space = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(1, len(rows)) * (BAR_HEIGHT + GAP) + GAP
    parts = [f'<svg class="bar-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height}" '
             f'width="100%" aria-hidden="true" focusable="false"><title>{escape(title)}</title>']
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = round(bar_space * value / top, 1) if value else 0
        middle = y + BAR_HEIGHT / 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" dominant-baseline="middle">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" rx="3"></rect>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{middle}" dominant-baseline="middle">{escape(value_format(value))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))

"""Bar charts drawn on the server as SVG: their geometry (the markup is a template).

The markup is ``templates/includes/chart.html``.

Hand-written rather than a charting library: the pages need two shapes only (vertical
bars, stacked or side by side, and horizontal bars with their values written at their
ends), they must work without JavaScript (every library of the kind that reads well
draws in the browser) and under the Content-Security-Policy (no inline style: the
template uses presentation attributes), and print. Plotting libraries that render SVG
on the server (matplotlib, pygal) are heavy or unmaintained, and their SVG has neither
the text alternatives nor the patterns that these charts carry.

Accessibility: each chart is an ``<svg role="img">`` with a ``<title>`` and a
``<desc>``, each bar has its own ``<title>`` (its category, series and value), the
legend is text beside the chart, and the series differ by a pattern as well as by a
colour (colour is never the only carrier of meaning). The pages show the figures as a
table or as text next to every chart.

Pure: no Django; labels are whatever the caller passes (``str()`` is applied).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Okabe and Ito's palette, told apart with the commonest colour-vision deficiencies, with
# a pattern each (``PATTERNS``, in the same order), drawn in the template.
COLOURS = (
    "#009E73",
    "#56B4E9",
    "#F0E442",
    "#E69F00",
    "#D55E00",
    "#CC79A7",
    "#999999",
    "#0072B2",
)
PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal", "vertical", "grid", "back")

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 46
# At most this many labels along the horizontal axis: the others are skipped (every bar
# keeps its own <title>, and the table beside the chart has every row).
MAX_X_LABELS = 13


@dataclass(frozen=True)
class Series:
    """One series of values, one per category; ``key`` names it in the markup."""

    key: str
    label: str
    values: tuple[float, ...]
    # Its colour and pattern (an index into COLOURS and PATTERNS): the same thing keeps
    # its look from one chart to the next; its position in the chart's list by default.
    style: int | None = None


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    title: str
    text: str = ""  # a value written at the bar's end (horizontal bars)
    text_x: float = 0.0
    text_y: float = 0.0


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    pattern: str
    index: int


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    bars: list[Bar]
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    row_labels: list[Tick] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    empty: bool = False

    @property
    def styles(self) -> list[LegendItem]:
        """One fill per series (the legend's, or a single one for horizontal bars)."""
        return self.legend or [style(0, "")]


def style(index: int, label: str) -> LegendItem:
    return LegendItem(
        label=label,
        colour=COLOURS[index % len(COLOURS)],
        pattern=PATTERNS[index % len(PATTERNS)],
        index=index,
    )


def nice_ceiling(value: float) -> tuple[float, float]:
    """A round top for the axis at or above ``value``, and its tick step (1, 2, 5 x 10^k;
    at most five steps)."""
    if value <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= 1 or value < 1:
            steps = math.ceil(value / step)
            if steps <= 5:
                return steps * step, step
    return math.ceil(value / magnitude) * magnitude, magnitude


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def column_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
    stacked: bool,
    bar_title: str = "%(category)s, %(series)s: %(value)s",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart:
    """Vertical bars, one group per category: stacked (a bar per category, a segment per
    series) or side by side. Each bar's <title> is ``bar_title`` (by default "category,
    series: value"; pass a translated one)."""
    left, right, top, bottom = LEFT, width - RIGHT, TOP, height - BOTTOM
    count = max(len(categories), 1)
    totals = [
        (sum if stacked else max)([s.values[i] for s in series] or [0])
        for i in range(len(categories))
    ]
    peak = max(totals, default=0)
    axis_top, step = nice_ceiling(peak)
    scale = (bottom - top) / axis_top
    band = (right - left) / count
    gap = band * 0.2
    bars = []
    for i, category in enumerate(categories):
        x0 = left + i * band + gap / 2
        inner = band - gap
        base = bottom
        for s_index, one in enumerate(series):
            value = one.values[i]
            if not value:
                continue
            h = value * scale
            if stacked:
                x, w, y = x0, inner, base - h
                base -= h
            else:
                w = inner / len(series)
                x, y = x0 + s_index * w, bottom - h
            bars.append(
                Bar(
                    x=round(x, 2),
                    y=round(y, 2),
                    width=round(max(w, 0.5), 2),
                    height=round(h, 2),
                    series=s_index if one.style is None else one.style,
                    title=bar_title
                    % {"category": category, "series": one.label, "value": number(value)},
                )
            )
    every = math.ceil(len(categories) / MAX_X_LABELS) if categories else 1
    x_ticks = [
        Tick(round(left + (i + 0.5) * band, 2), str(category))
        for i, category in enumerate(categories)
        if i % every == 0
    ]
    y_ticks = []
    value = 0.0
    while value <= axis_top + 1e-9:
        y_ticks.append(Tick(round(bottom - value * scale, 2), number(round(value, 6))))
        value += step
    return Chart(
        id=chart_id,
        title=str(title),
        description=str(description),
        width=width,
        height=height,
        bars=bars,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        legend=[
            style(i if s.style is None else s.style, str(s.label)) for i, s in enumerate(series)
        ],
        empty=peak == 0,
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: list[tuple[str, float, str]],
    bar_title: str = "%(label)s: %(value)s",
    width: int = WIDTH,
    label_width: int = 200,
    row_height: int = 26,
) -> Chart:
    """Horizontal bars, one per row ``(label, value, text)``: the label on the left, the
    text (the value, written for people) at the bar's end."""
    height = TOP * 2 + row_height * max(len(rows), 1)
    left, right = label_width, width - 90
    peak = max((value for _label, value, _text in rows), default=0)
    scale = (right - left) / peak if peak else 0
    bars, labels = [], []
    for i, (label, value, text) in enumerate(rows):
        y = TOP + i * row_height
        w = value * scale
        labels.append(Tick(round(y + row_height / 2, 2), str(label)))
        bars.append(
            Bar(
                x=left,
                y=round(y + 4, 2),
                width=round(max(w, 1 if value else 0), 2),
                height=row_height - 8,
                series=0,
                title=bar_title % {"label": label, "value": text},
                text=str(text),
                text_x=round(left + w + 6, 2),
                text_y=round(y + row_height / 2, 2),
            )
        )
    return Chart(
        id=chart_id,
        title=str(title),
        description=str(description),
        width=width,
        height=height,
        bars=bars,
        plot_left=left,
        plot_right=right,
        plot_top=TOP,
        plot_bottom=height - TOP,
        row_labels=labels,
        empty=peak == 0,
    )

"""Server-side charts drawn by leather (a small, dependency-free SVG chart library), shared by the
pages that show them (monitoring, reports).

leather writes presentation attributes (fill, stroke), never style attributes or scripts, so its
SVG passes the Content-Security-Policy whether served as an <img> or put inline. Every chart is
made accessible the same way (accessible_svg): a role, an aria-label and a <title> of its own;
each page puts the same figures in a table beside it.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

import leather

WIDTH = 640
ROW_HEIGHT = 26     # one horizontal bar and its gap
FRAME_HEIGHT = 100  # title, legend and the x axis around the bars
LABEL_WIDTH = 26    # characters of a category label on the y axis before it is cut


def accessible_svg(chart: leather.Chart, title: str, width: int, height: int) -> str:
    """chart as an SVG document that names itself: role="img", aria-label and <title>, and a
    viewBox so that it scales down on a narrow screen."""
    svg = chart.to_svg(width=width, height=height)
    return svg.replace(
        "<svg ", f'<svg role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" '
        f'viewBox="0 0 {width} {height}" ', 1).replace(
        ">", f"><title>{escape(title)}</title>", 1)


def short_labels(names: Sequence[str], width: int = LABEL_WIDTH) -> list[str]:
    """Category labels for an axis: cut to width characters and made unique (leather's ordinal
    scale would merge two equal labels into one bar), the full names stay in the table."""
    labels, seen = [], set()
    for name in names:
        label = name if len(name) <= width else name[:width - 1].rstrip() + "…"
        base, n = label, 2
        while label in seen:
            label, n = f"{base} ({n})", n + 1
        seen.add(label)
        labels.append(label)
    return labels


def height_for(rows: int) -> int:
    return FRAME_HEIGHT + ROW_HEIGHT * max(rows, 1)


def bars_svg(rows: Sequence[tuple[str, Decimal | int | None]], title: str, x_label: str,
             maximum: Decimal | int, fill_color: str = "#1d4f91") -> str:
    """Horizontal bars, one per (label, value), top to bottom; a missing value draws none (a bar
    of 0, so that its label still stands on the axis).

    The x axis runs from 0 to maximum (or the largest value, if larger).
    """
    chart = leather.Chart(title)
    values = [value for _label, value in rows if value is not None]
    top = max([maximum, *values])
    labels = short_labels([label for label, _value in rows])
    chart.add_x_scale(0, float(top))
    chart.add_x_axis(name=x_label)
    chart.add_y_axis()
    chart.add_bars([(float(value or 0), label)
                    for label, (_name, value) in zip(labels, rows, strict=True)],
                   name=x_label, fill_color=fill_color)
    return accessible_svg(chart, title, WIDTH, height_for(len(rows)))


def stacked_shares_svg(rows: Sequence[tuple[str, Sequence[Decimal | int]]],
                       colours: Sequence[str], title: str, x_label: str) -> str:
    """Horizontal bars of 100 %, each split into the shares of its row's values from left to
    right, the i-th value in colours[i]. The page draws the legend (it wraps on a phone, which
    leather's would not).

    leather stacks nothing, so each share is drawn as a bar from 0 to its running total, the
    longest first: every later (shorter) bar covers the start of the one before, leaving each
    share visible as its own segment. A row whose values are all zero draws no bar.
    """
    chart = leather.Chart(title)
    labels = short_labels([label for label, _values in rows])
    chart.add_x_scale(0, 100)
    # The ordinal scale draws its last value at the top (as add_bars, which reverses its data).
    chart.set_y_scale(leather.Ordinal(list(reversed(labels))))
    chart.add_x_axis(ticks=[0, 25, 50, 75, 100], name=x_label)
    chart.add_y_axis()
    segments = []  # (percent up to the end of this share, label, which share)
    for label, (_name, values) in zip(labels, rows, strict=True):
        total = sum(values)
        if not total:
            continue
        running = 0
        for index, value in enumerate(values):
            running += value
            segments.append((float(Decimal(running) * 100 / total), label, index))
    segments.sort(key=lambda segment: -segment[2])  # the last share (the longest bar) first
    if segments:
        # add_series keeps the drawing order (add_bars would reverse it).
        chart.add_series(leather.Series(segments),
                         leather.Bars(fill_color=lambda datum: colours[datum.row[2]]))
    else:  # nothing to draw: an empty frame (leather needs a series)
        chart.add_bars([(0.0, label) for label in labels], fill_color=colours[0])
    return accessible_svg(chart, title, WIDTH, height_for(len(rows)))

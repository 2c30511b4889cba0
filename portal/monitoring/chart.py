"""The completion chart of the monitoring page, drawn by leather through portal.charts; it is
served as an <img> from its own route and the page puts the same figures in a table beside it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import leather

from portal.charts import accessible_svg

WIDTH, HEIGHT = 640, 320


def completion_svg(series: list[tuple[dt.date, int]], title: str, x_label: str, y_label: str,
                   date_format: Callable[[dt.date], str]) -> str:
    """A line of the cumulative count per day; an empty series draws a flat line at zero."""
    chart = leather.Chart(title)
    if series:
        start = series[0][0]
        # Days since the first approval on a linear scale (leather's date scale mishandles
        # dates), labelled with the dates themselves.
        points = [((day - start).days, count) for day, count in series]
        if len(points) == 1:  # one day: start the line a day earlier, so the scale has a width
            points.insert(0, (-1, 0))
        chart.add_x_scale(points[0][0], points[-1][0])
        chart.add_y_scale(0, max(max(count for _x, count in points), 1))
        step = max(len(points) // 6, 1)
        chart.add_x_axis(ticks=[x for x, _count in points][::step], name=x_label,
                         tick_formatter=lambda x, _i, _n: date_format(
                             start + dt.timedelta(days=int(x))))
        chart.add_y_axis(name=y_label)
        chart.add_line(points, name=y_label)
    else:  # nothing approved yet: an empty frame at zero
        chart.add_x_axis(ticks=[])
        chart.add_y_axis(ticks=[0])
        chart.add_line([(0, 0), (1, 0)], name=y_label)
    # role and a title of its own: screen readers name the image even outside the page.
    return accessible_svg(chart, title, WIDTH, HEIGHT)

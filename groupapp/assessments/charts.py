"""Server-rendered SVG progress charts: totals over time, bands shaded, meetings marked.

No JavaScript and no external library: the SVG is part of the page, prints as it is
shown, and carries a text description for screen readers. Colours come from classes
in ``static/assessments/assessments.css`` (the CSP forbids inline styles).
"""

from __future__ import annotations

from datetime import date, timedelta

from markupsafe import Markup, escape

from groupapp.assessments.progress import Series
from groupapp.assessments.scoring import total_range
from groupapp.assessments.wording import format_score

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 128, 16, 36


def _days(start: date, end: date) -> int:
    return max((end - start).days, 1)


class _Frame:
    """Maps (date, score) to SVG coordinates."""

    def __init__(self, start: date, end: date, low: float, high: float) -> None:
        self.start, self.end, self.low, self.high = start, end, low, high

    def x(self, day: date) -> float:
        span = WIDTH - LEFT - RIGHT
        return round(LEFT + span * (day - self.start).days / _days(self.start, self.end), 1)

    def y(self, value: float) -> float:
        span = HEIGHT - TOP - BOTTOM
        ratio = (value - self.low) / ((self.high - self.low) or 1)
        return round(HEIGHT - BOTTOM - span * ratio, 1)


def _frame(series: Series) -> _Frame:
    days = [r.submitted_at.date() for r in series.responses if r.submitted_at]
    days += series.meetings
    start = min(days) - timedelta(days=3)
    end = max(days) + timedelta(days=3)
    low, high = total_range(series.definition)
    return _Frame(start, end, low, high)


def _bands(series: Series, frame: _Frame) -> list[str]:
    bands = series.definition.scoring.bands
    parts = []
    for index, band in enumerate(bands):
        # Adjacent bands (0-4, 5-9) meet half-way so the shading has no gaps.
        low = (bands[index - 1].max + band.min) / 2 if index else band.min
        high = (band.max + bands[index + 1].min) / 2 if index + 1 < len(bands) else band.max
        top, bottom = frame.y(high), frame.y(low)
        height = max(round(bottom - top, 1), 2)
        label_y = round(top + height / 2 + 4, 1)
        parts.append(
            f'<rect class="band band-{index % 5}" x="{LEFT}" y="{top}" '
            f'width="{WIDTH - LEFT - RIGHT}" height="{height}"/>'
            f'<text class="band-label" x="{WIDTH - RIGHT + 6}" y="{label_y}">'
            f"{escape(band.label)}</text>"
        )
    return parts


def _axes(series: Series, frame: _Frame) -> list[str]:
    base = HEIGHT - BOTTOM
    parts = [
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}"/>',
    ]
    for value in (frame.low, (frame.low + frame.high) / 2, frame.high):
        parts.append(
            f'<text class="tick" x="{LEFT - 6}" y="{frame.y(value) + 4}" text-anchor="end">'
            f"{format_score(value)}</text>"
        )
    for day, anchor in ((frame.start, "start"), (frame.end, "end")):
        parts.append(
            f'<text class="tick" x="{frame.x(day)}" y="{base + 18}" text-anchor="{anchor}">'
            f"{day:%-d %b %Y}</text>"
        )
    return parts


def _meetings(series: Series, frame: _Frame) -> list[str]:
    return [
        f'<line class="meeting-mark" x1="{frame.x(day)}" y1="{TOP}" x2="{frame.x(day)}" '
        f'y2="{HEIGHT - BOTTOM}"><title>Meeting on {day:%-d %B %Y}</title></line>'
        for day in series.meetings
    ]


def _points(series: Series, frame: _Frame) -> list[str]:
    coords = [
        (frame.x(r.submitted_at.date()), frame.y(r.total), r)
        for r in series.responses
        if r.submitted_at is not None and r.total is not None
    ]
    parts = []
    if len(coords) > 1:
        path = " ".join(f"{x},{y}" for x, y, _ in coords)
        parts.append(f'<polyline class="score-line" points="{path}"/>')
    for x, y, response in coords:
        band = f" ({response.band})" if response.band else ""
        title = f"{response.submitted_at:%-d %B %Y}: {format_score(response.total)}{band}"
        parts.append(
            f'<circle class="score-point{" flagged" if response.risk_flags else ""}" '
            f'cx="{x}" cy="{y}" r="5"><title>{escape(title)}</title></circle>'
        )
    return parts


def render_chart(series: Series) -> Markup:
    """The whole chart as inline SVG markup."""
    if not series.responses:
        return Markup("")
    frame = _frame(series)
    name = series.instrument.short_name
    summary = (
        f"{name} totals from {format_score(series.baseline)} to {format_score(series.latest)} "
        f"over {len(series.responses)} check-ins; shaded areas are the published bands, "
        "dashed lines are group meetings."
    )
    body = "".join(
        _bands(series, frame)
        + _meetings(series, frame)
        + _axes(series, frame)
        + _points(series, frame)
    )
    # Every text interpolated into the SVG (labels, titles, names) is escaped above.
    return Markup(  # noqa: S704  # nosec B704
        f'<svg class="progress-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(summary)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(name)} over time</title><desc>{escape(summary)}</desc>{body}</svg>"
    )

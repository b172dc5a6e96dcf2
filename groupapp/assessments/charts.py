"""Server-rendered SVG progress charts: totals over time, bands shaded, meetings marked.

No JavaScript and no external library: the SVG is part of the page, prints as it is
shown, and carries a text description for screen readers. Colours come from classes
in ``static/assessments/assessments.css`` (the CSP forbids inline styles).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from babel import dates as babel_dates
from flask_babel import gettext, ngettext
from markupsafe import Markup, escape

from groupapp.assessments.instrument_language import band_label, in_reader_language
from groupapp.assessments.instrument_model import Instrument as InstrumentDef
from groupapp.assessments.progress import Series
from groupapp.assessments.scoring import total_range
from groupapp.assessments.wording import format_score
from groupapp.core.i18n import babel_locale
from groupapp.core.timezones import format_day_month_year


@dataclass(frozen=True)
class Layout:
    """Chart geometry in SVG user units. ``labels_outside``: band names in a right margin
    (wide) or inside the bands at their right edge (narrow, where no margin fits)."""

    name: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    labels_outside: bool


# The wide chart for a laptop; the narrow one is drawn at about its own size on a 390 px
# phone, so its 14-unit labels stay at least 12 px high (CSS shows one or the other).
WIDE = Layout("wide", 640, 260, 48, 128, 16, 36, labels_outside=True)
NARROW = Layout("narrow", 340, 300, 40, 12, 12, 40, labels_outside=False)


def _days(start: date, end: date) -> int:
    return max((end - start).days, 1)


class _Frame:
    """Maps (date, score) to SVG coordinates."""

    def __init__(self, start: date, end: date, low: float, high: float, layout: Layout) -> None:
        self.start, self.end, self.low, self.high = start, end, low, high
        self.layout = layout

    def x(self, day: date) -> float:
        lay = self.layout
        span = lay.width - lay.left - lay.right
        return round(lay.left + span * (day - self.start).days / _days(self.start, self.end), 1)

    def y(self, value: float) -> float:
        lay = self.layout
        span = lay.height - lay.top - lay.bottom
        ratio = (value - self.low) / ((self.high - self.low) or 1)
        return round(lay.height - lay.bottom - span * ratio, 1)


def _frame(series: Series, layout: Layout) -> _Frame:
    days = [r.submitted_at.date() for r in series.responses if r.submitted_at]
    days += series.meetings
    start = min(days) - timedelta(days=3)
    end = max(days) + timedelta(days=3)
    low, high = total_range(series.definition)
    return _Frame(start, end, low, high, layout)


def _bands(shown: InstrumentDef, frame: _Frame) -> list[str]:
    lay = frame.layout
    bands = shown.scoring.bands
    parts = []
    for index, band in enumerate(bands):
        # Adjacent bands (0-4, 5-9) meet half-way so the shading has no gaps.
        low = (bands[index - 1].max + band.min) / 2 if index else band.min
        high = (band.max + bands[index + 1].min) / 2 if index + 1 < len(bands) else band.max
        top, bottom = frame.y(high), frame.y(low)
        height = max(round(bottom - top, 1), 2)
        label_y = round(top + height / 2 + 5, 1)
        plot_right = lay.width - lay.right
        label_x, anchor = (
            (plot_right + 6, "start") if lay.labels_outside else (plot_right - 4, "end")
        )
        parts.append(
            f'<rect class="band band-{index % 5}" x="{lay.left}" y="{top}" '
            f'width="{plot_right - lay.left}" height="{height}"/>'
            f'<text class="band-label" x="{label_x}" y="{label_y}" text-anchor="{anchor}">'
            f"{escape(band.label)}</text>"
        )
    return parts


def _axes(series: Series, frame: _Frame) -> list[str]:
    lay = frame.layout
    base = lay.height - lay.bottom
    parts = [
        f'<line class="axis" x1="{lay.left}" y1="{lay.top}" x2="{lay.left}" y2="{base}"/>',
        f'<line class="axis" x1="{lay.left}" y1="{base}" x2="{lay.width - lay.right}" '
        f'y2="{base}"/>',
    ]
    for value in (frame.low, (frame.low + frame.high) / 2, frame.high):
        parts.append(
            f'<text class="tick" x="{lay.left - 6}" y="{frame.y(value) + 5}" '
            f'text-anchor="end">{format_score(value)}</text>'
        )
    for day, anchor in ((frame.start, "start"), (frame.end, "end")):
        parts.append(
            f'<text class="tick" x="{frame.x(day)}" y="{base + 22}" text-anchor="{anchor}">'
            f"{_axis_date(day)}</text>"
        )
    return parts


def _meetings(series: Series, frame: _Frame) -> list[str]:
    lay = frame.layout
    return [
        f'<line class="meeting-mark" x1="{frame.x(day)}" y1="{lay.top}" x2="{frame.x(day)}" '
        f'y2="{lay.height - lay.bottom}"><title>{escape(_meeting_on(day))}</title></line>'
        for day in series.meetings
    ]


def _points(series: Series, shown: InstrumentDef, frame: _Frame) -> list[str]:
    coords = [
        (r.submitted_at.date(), frame.y(r.total), r)
        for r in series.responses
        if r.submitted_at is not None and r.total is not None
    ]
    parts = []
    if len(coords) > 1:
        path = " ".join(f"{frame.x(day)},{y}" for day, y, _ in coords)
        parts.append(f'<polyline class="score-line" points="{path}"/>')
    for day, y, response in coords:
        x = frame.x(day)
        # The stored band is the file's own words; the reader gets their language's label.
        label = band_label(shown, response.total) if response.band else None
        band = f" ({label or response.band})" if response.band else ""
        title = f"{format_day_month_year(day)}: {format_score(response.total)}{band}"
        parts.append(
            f'<circle class="score-point{" flagged" if response.risk_flags else ""}" '
            f'cx="{x}" cy="{y}" r="5"><title>{escape(title)}</title></circle>'
        )
    return parts


def _meeting_on(day: date) -> str:
    return gettext("Meeting on %(date)s", date=format_day_month_year(day))


def _axis_date(day: date) -> str:
    """A short date for the time axis in the language being rendered: "28 Oct 2026",
    "28 oct 2026" (Babel, CLDR)."""
    return babel_dates.format_date(day, "d MMM y", locale=babel_locale())


def render_chart(series: Series) -> Markup:
    """The chart as inline SVG markup, drawn twice: wide for a laptop and narrow for a phone
    (the stylesheet shows the one that fits). Empty markup when there are no responses."""
    if not series.responses:
        return Markup("")
    return _render(series, WIDE) + _render(series, NARROW)


def _render(series: Series, layout: Layout) -> Markup:
    frame = _frame(series, layout)
    # Band labels and names in the reader's language where the file ships it.
    shown = in_reader_language(series.definition)
    name = shown.display_name
    summary = ngettext(
        "%(name)s totals from %(first)s to %(last)s over %(num)d check-in; shaded areas are "
        "the published bands, dashed lines are group meetings.",
        "%(name)s totals from %(first)s to %(last)s over %(num)d check-ins; shaded areas are "
        "the published bands, dashed lines are group meetings.",
        len(series.responses),
        name=name,
        first=format_score(series.baseline),
        last=format_score(series.latest),
    )
    title = gettext("%(name)s over time", name=name)
    body = "".join(
        _bands(shown, frame)
        + _meetings(series, frame)
        + _axes(series, frame)
        + _points(series, shown, frame)
    )
    # Every text interpolated into the SVG (labels, titles, names) is escaped above.
    return Markup(  # noqa: S704  # nosec B704
        f'<svg class="progress-chart chart-{layout.name}" '
        f'viewBox="0 0 {layout.width} {layout.height}" role="img" '
        f'aria-label="{escape(summary)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>"
        f"<desc>{escape(summary)}</desc>{body}</svg>"
    )

"""One time axis for a member's progress: self-report questionnaires, the facilitators'
observation subscales and goal attainment, drawn as stacked lanes that share dates.

Each lane keeps its own scale (a PHQ-9 total, 0-3 observation means, -2..+2 goal levels),
because the scales measure different things; only time is shared, so a change in one line
can be read against the others at the same date. Server-rendered SVG like the progress
charts (no script, a text description for screen readers, classes for colours).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from markupsafe import Markup, escape

from groupapp.assessments.charts import NARROW, WIDE, Layout
from groupapp.assessments.progress import Series
from groupapp.assessments.scoring import total_range
from groupapp.assessments.wording import format_score
from groupapp.observations.services import ObservationPoint

LANE = 64  # SVG units of plot height per lane
LABEL = 22  # units above each lane for its name
AXIS = 30  # units below the last lane for the dates


@dataclass(frozen=True)
class Line:
    """One line in a lane: points as (day, value) and the CSS class that colours it."""

    name: str
    css: str
    points: tuple[tuple[date, float], ...]


@dataclass(frozen=True)
class Lane:
    """A band of the chart with its own value range and one or more lines."""

    title: str
    low: float
    high: float
    lines: tuple[Line, ...]


def questionnaire_lanes(series: Sequence[Series]) -> list[Lane]:
    """One lane per questionnaire: its totals over its possible range."""
    lanes = []
    for one in series:
        points = tuple(
            (r.submitted_at.date(), float(r.total))
            for r in one.responses
            if r.submitted_at is not None and r.total is not None
        )
        if points:
            low, high = total_range(one.definition)
            title = f"{one.instrument.short_name} ({format_score(low)}-{format_score(high)})"
            lanes.append(Lane(title, low, high, (Line(title, "line-self", points),)))
    return lanes


def observation_lane(points: Sequence[ObservationPoint]) -> Lane | None:
    """The facilitators' ratings: codependent and interdependent means, 0-3."""
    lines = []
    for name, css, attr in (
        ("Codependent patterns seen", "line-codependent", "codependent"),
        ("Interdependent patterns seen", "line-interdependent", "interdependent"),
    ):
        found = tuple(
            (p.starts_at.date(), float(value))
            for p in points
            if (value := getattr(p, attr)) is not None
        )
        if found:
            lines.append(Line(name, css, found))
    if not lines:
        return None
    return Lane("Observed in meetings (0-3)", 0, 3, tuple(lines))


def goal_lane(ratings: Sequence[tuple[datetime, int]]) -> Lane | None:
    """Goal attainment: the mean level of the goals rated on each day, -2..+2."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for rated_at, level in ratings:
        by_day[rated_at.date()].append(level)
    if not by_day:
        return None
    points = tuple((day, sum(v) / len(v)) for day, v in sorted(by_day.items()))
    title = "Goal attainment (-2 to +2)"
    return Lane(title, -2, 2, (Line(title, "line-goals", points),))


def render_timeline(lanes: Sequence[Lane]) -> Markup:
    """The lanes on one time axis, wide and narrow (CSS shows the one that fits); empty
    markup when there is nothing to draw."""
    if not lanes:
        return Markup("")
    return _render(lanes, WIDE) + _render(lanes, NARROW)


def _render(lanes: Sequence[Lane], layout: Layout) -> Markup:
    days = [day for lane in lanes for line in lane.lines for day, _ in line.points]
    start, end = min(days) - timedelta(days=3), max(days) + timedelta(days=3)
    span = max((end - start).days, 1)
    left, right = layout.left, layout.width - 12
    height = len(lanes) * (LANE + LABEL) + AXIS

    def x(day: date) -> float:
        return round(left + (right - left) * (day - start).days / span, 1)

    parts = []
    for index, lane in enumerate(lanes):
        top = index * (LANE + LABEL) + LABEL
        bottom = top + LANE

        def y(value: float, lane: Lane = lane, bottom: int = bottom) -> float:
            ratio = (value - lane.low) / ((lane.high - lane.low) or 1)
            return round(bottom - LANE * ratio, 1)

        parts.append(
            f'<text class="tick lane-title" x="{left}" y="{top - 6}">{escape(lane.title)}</text>'
            f'<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>'
        )
        for line in lane.lines:
            coords = [(x(day), y(value), day, value) for day, value in line.points]
            if len(coords) > 1:
                path = " ".join(f"{cx},{cy}" for cx, cy, _, _ in coords)
                parts.append(f'<polyline class="timeline-line {line.css}" points="{path}"/>')
            for cx, cy, day, value in coords:
                title = f"{line.name}, {day:%-d %B %Y}: {format_score(value)}"
                parts.append(
                    f'<circle class="timeline-point {line.css}" cx="{cx}" cy="{cy}" r="4">'
                    f"<title>{escape(title)}</title></circle>"
                )
    base = height - AXIS
    for day, anchor in ((start, "start"), (end, "end")):
        parts.append(
            f'<text class="tick" x="{x(day)}" y="{base + 20}" text-anchor="{anchor}">'
            f"{day:%-d %b %Y}</text>"
        )
    summary = "; ".join(
        f"{line.name}: {format_score(line.points[0][1])} to {format_score(line.points[-1][1])}"
        for lane in lanes
        for line in lane.lines
    )
    # Every text interpolated into the SVG (titles, names) is escaped above.
    return Markup(  # noqa: S704  # nosec B704
        f'<svg class="progress-chart timeline chart-{layout.name}" '
        f'viewBox="0 0 {layout.width} {height}" role="img" '
        f'aria-label="{escape(summary)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>Progress on one time axis</title><desc>{escape(summary)}</desc>"
        f"{''.join(parts)}</svg>"
    )

"""When a member's observation subscale counts as having moved.

The observation scale is the project's own and not validated, so no reliable-change
threshold can be derived for it (Jacobson & Truax need a published SD and reliability).
The rule used instead is stated plainly wherever it is shown: a subscale mean that differs
from the member's first fully rated meeting by at least ``MOVE_POINTS`` on the 0-3 scale,
that is one whole step of the rating (for example from "Once" to "A few times" on every
item of the subscale), has moved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from groupapp.observations.models import MemberObservation
from groupapp.observations.services import observation_points

MOVE_POINTS = 1.0
RULE = (
    "moved: a subscale mean at least 1 point (of 0-3) away from the member's first rated "
    "meeting; the observation scale is not validated, so this is the project's own rule"
)
Direction = Literal["up", "down"]


def moved(first: float | None, latest: float | None) -> Direction | None:
    """ "up" or "down" when ``latest`` is at least ``MOVE_POINTS`` from ``first``."""
    if first is None or latest is None:
        return None
    difference = round(latest - first, 6)
    if difference >= MOVE_POINTS:
        return "up"
    if difference <= -MOVE_POINTS:
        return "down"
    return None


def moved_this_week(
    cohort_id: int, since: datetime, until: datetime
) -> dict[int, list[tuple[str, Direction]]]:
    """Members whose observation rated at a meeting between ``since`` and ``until`` moved
    (by ``RULE``) from their first rating in the cohort: ``{user id: [(subscale,
    direction)]}``, one statement whatever the cohort's history."""
    first: dict[tuple[int, str], float] = {}
    found: dict[int, list[tuple[str, Direction]]] = {}
    for point in observation_points(MemberObservation.cohort_id == cohort_id):
        for subscale in ("codependent", "interdependent"):
            value = getattr(point, subscale)
            if value is None:
                continue
            key = (point.user_id, subscale)
            start = first.setdefault(key, value)
            direction = moved(start, value)
            if direction and since <= point.starts_at < until:
                moves = found.setdefault(point.user_id, [])
                moves[:] = [m for m in moves if m[0] != subscale] + [(subscale, direction)]
    return found

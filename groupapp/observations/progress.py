"""Observations on the progress pages (template globals, so the assessments package, lower
in the import order, needs no import of this one).

The pages that call these check access (cohort staff) and audit the read of the member's
or cohort's progress themselves; the numbers shown here are part of that page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_login import current_user
from markupsafe import Markup

from groupapp.accounts.models import User
from groupapp.assessments.progress import Series
from groupapp.cohorts.models import Cohort
from groupapp.db import db
from groupapp.observations import bp
from groupapp.observations.change import RULE, Direction, moved
from groupapp.observations.models import MemberObservation
from groupapp.observations.services import (
    ObservationPoint,
    member_observations,
    observation_points,
)
from groupapp.observations.timeline import (
    Lane,
    goal_lane,
    observation_lane,
    questionnaire_lanes,
    render_timeline,
)


@dataclass(frozen=True)
class MemberTimeline:
    """A member's lanes on one time axis, and their observation points for a table."""

    chart: Markup
    observations: list[ObservationPoint]
    has_goals: bool


def _goal_ratings(cohort_id: int, user_id: int) -> list[tuple[datetime, int]] | None:
    """Goal ratings for the cohort's facilitators (goals are shared between the member
    and them, as on the goals pages); None for anyone else."""
    from groupapp.goals.queries import goal_attainment_series
    from groupapp.intake.access import facilitates

    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not facilitates(current_user, cohort):
        return None
    return [(p.rated_at, p.rating) for p in goal_attainment_series(user_id, cohort_id)]


@bp.app_template_global("progress_timeline")
def progress_timeline(cohort_id: int, user_id: int, series: Sequence[Series]) -> MemberTimeline:
    """Questionnaires (already loaded by the page), observation subscales and goal
    attainment of a member in a cohort, on one time axis (at most three statements)."""
    points = member_observations(user_id, [cohort_id])
    lanes: list[Lane] = questionnaire_lanes(series)
    observed = observation_lane(points)
    if observed is not None:
        lanes.append(observed)
    ratings = _goal_ratings(cohort_id, user_id)
    goals = goal_lane(ratings) if ratings else None
    if goals is not None:
        lanes.append(goals)
    return MemberTimeline(render_timeline(lanes), points, goals is not None)


@dataclass(frozen=True)
class CohortObservation:
    """A member's first and latest observation subscales in a cohort."""

    member: User
    rated: int
    codependent: tuple[float | None, float | None]
    interdependent: tuple[float | None, float | None]

    def moved(self, subscale: str) -> Direction | None:
        """Whether the subscale moved by the stated rule (``change.RULE``)."""
        first, latest = getattr(self, subscale)
        return moved(first, latest)


@bp.app_template_global("cohort_observations")
def cohort_observations(cohort_id: int) -> list[CohortObservation]:
    """Per rated member of the cohort: how many meetings were rated, and first and latest
    of each subscale (two statements whatever the cohort's size)."""
    found: dict[int, list[tuple[float | None, float | None]]] = {}
    for point in observation_points(MemberObservation.cohort_id == cohort_id):
        found.setdefault(point.user_id, []).append((point.codependent, point.interdependent))
    people = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(list(found))))}
    summary = []
    for user_id, values in found.items():
        codep = [c for c, _ in values if c is not None]
        inter = [i for _, i in values if i is not None]
        summary.append(
            CohortObservation(
                people[user_id],
                len(values),
                (codep[0], codep[-1]) if codep else (None, None),
                (inter[0], inter[-1]) if inter else (None, None),
            )
        )
    return sorted(summary, key=lambda row: row.member.display_name.lower())


@bp.app_template_global("observation_rule")
def observation_rule() -> str:
    """The stated rule for a moved observation subscale."""
    return RULE

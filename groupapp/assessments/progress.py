"""Scores over time: one series per instrument for a person, and a cohort's summary table.

Each function runs a fixed number of queries however many responses there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from groupapp.accounts.models import User
from groupapp.assessments.instrument_model import Instrument as InstrumentDef
from groupapp.assessments.models import (
    AssessmentResponse,
    AssessmentSchedule,
    Instrument,
    RiskAlert,
)
from groupapp.assessments.scoring import classify_change, recovery_status
from groupapp.assessments.wording import describe_change
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.i18n import N_
from groupapp.db import db
from groupapp.meetings.models import Meeting

CHANGE_LABELS = {
    "reliable_improvement": N_("Reliable improvement"),
    "reliable_deterioration": N_("Reliable deterioration"),
    "no_reliable_change": N_("No reliable change"),
    "not_assessed": N_("Not assessed"),
    None: N_("Only one check-in"),
}


@dataclass
class Series:
    """One person's submitted totals on one instrument, oldest first."""

    instrument: Instrument
    definition: InstrumentDef
    responses: list[AssessmentResponse]
    meetings: list[date] = field(default_factory=list)

    @property
    def baseline(self) -> float | None:
        """The first total."""
        return self.responses[0].total if self.responses else None

    @property
    def latest(self) -> float | None:
        """The newest total."""
        return self.responses[-1].total if self.responses else None

    @property
    def change_status(self) -> str | None:
        """Reliable-change class from baseline to latest (None with one check-in)."""
        if len(self.responses) < 2 or self.baseline is None or self.latest is None:
            return None
        return classify_change(self.definition, self.baseline, self.latest)

    @property
    def recovery(self) -> str | None:
        """NHS Talking Therapies recovery status, where the instrument has caseness."""
        if len(self.responses) < 2 or self.baseline is None or self.latest is None:
            return None
        return recovery_status(self.definition, self.baseline, self.latest)

    @property
    def description(self) -> str:
        """Plain words for the participant."""
        return self.description_about(None)

    def description_about(self, name: str | None) -> str:
        """Plain words about the member called ``name`` for staff (None: for the member)."""
        baseline = self.baseline if len(self.responses) > 1 else None
        return describe_change(self.definition, baseline, self.latest, about=name)


def submitted_responses(
    user_id: int, cohort_ids: list[int] | None = None
) -> list[AssessmentResponse]:
    """A person's submitted responses (optionally within some cohorts), oldest first."""
    query = (
        sa.select(AssessmentResponse)
        .where(AssessmentResponse.user_id == user_id, AssessmentResponse.status == "submitted")
        .options(
            selectinload(AssessmentResponse.version),
            selectinload(AssessmentResponse.instrument),
            selectinload(AssessmentResponse.cohort),
        )
        .order_by(AssessmentResponse.submitted_at, AssessmentResponse.id)
    )
    if cohort_ids is not None:
        query = query.where(AssessmentResponse.cohort_id.in_(cohort_ids))
    return list(db.session.scalars(query))


def _meeting_days(cohort_ids: set[int]) -> dict[int, list[date]]:
    days: dict[int, list[date]] = defaultdict(list)
    if cohort_ids:
        meetings = db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.cohort_id.in_(cohort_ids), Meeting.status != "cancelled")
            .order_by(Meeting.starts_at)
        )
        for meeting in meetings:
            days[meeting.cohort_id].append(date.fromisoformat(meeting.local_start[:10]))
    return days


def person_series(user_id: int, cohort_ids: list[int] | None = None) -> list[Series]:
    """One series per instrument, with the meetings of the cohorts involved."""
    responses = submitted_responses(user_id, cohort_ids)
    grouped: dict[int, list[AssessmentResponse]] = defaultdict(list)
    for response in responses:
        grouped[response.instrument_id].append(response)
    meetings = _meeting_days({r.cohort_id for r in responses})
    series = []
    for group in grouped.values():
        days = sorted({d for cid in {r.cohort_id for r in group} for d in meetings[cid]})
        latest = group[-1]
        series.append(Series(latest.instrument, latest.version.parsed(), group, days))
    return sorted(series, key=lambda s: s.instrument.short_name)


@dataclass(frozen=True)
class CohortRow:
    """One member's summary on one instrument for the cohort table."""

    member: User
    instrument: Instrument
    baseline: float | None
    latest: float | None
    latest_band: str | None
    change: float | None
    status: str | None
    open_flags: int
    count: int

    @property
    def status_label(self) -> str:
        """Human label for the reliable-change status."""
        return CHANGE_LABELS.get(self.status, "No check-ins yet" if not self.count else "-")


SORT_KEYS = {
    "member": lambda r: (r.member.display_name.lower(), r.instrument.short_name),
    "instrument": lambda r: (r.instrument.short_name, r.member.display_name.lower()),
    "baseline": lambda r: (r.baseline is None, r.baseline or 0),
    "latest": lambda r: (r.latest is None, r.latest or 0),
    "change": lambda r: (r.change is None, r.change or 0),
    "status": lambda r: r.status_label,
    "flags": lambda r: -r.open_flags,
}


def cohort_rows(cohort: Cohort, sort: str = "member", descending: bool = False) -> list[CohortRow]:
    """Baseline, latest, change, reliable-change status and open flags per member."""
    members = list(
        db.session.scalars(
            sa.select(Membership)
            .where(Membership.cohort_id == cohort.id, Membership.status.in_(("active", "exited")))
            .options(selectinload(Membership.user))
        )
    )
    responses = db.session.scalars(
        sa.select(AssessmentResponse)
        .where(AssessmentResponse.cohort_id == cohort.id, AssessmentResponse.status == "submitted")
        .options(
            selectinload(AssessmentResponse.version), selectinload(AssessmentResponse.instrument)
        )
        .order_by(AssessmentResponse.submitted_at, AssessmentResponse.id)
    )
    by_key: dict[tuple[int, int], list[AssessmentResponse]] = defaultdict(list)
    instruments: dict[int, Instrument] = {}
    for response in responses:
        by_key[(response.user_id, response.instrument_id)].append(response)
        instruments[response.instrument_id] = response.instrument
    # Scheduled instruments appear even before anyone has answered them.
    for schedule in db.session.scalars(
        sa.select(AssessmentSchedule)
        .where(AssessmentSchedule.cohort_id == cohort.id)
        .options(selectinload(AssessmentSchedule.instrument))
    ):
        instruments.setdefault(schedule.instrument_id, schedule.instrument)
    flags = dict(
        db.session.execute(
            sa.select(RiskAlert.user_id, sa.func.count())
            .where(RiskAlert.cohort_id == cohort.id, RiskAlert.acknowledged_at.is_(None))
            .group_by(RiskAlert.user_id)
        ).all()
    )
    rows = []
    for membership in members:
        for instrument_id, instrument in instruments.items():
            group = by_key.get((membership.user_id, instrument_id), [])
            series = Series(instrument, group[-1].version.parsed(), group) if group else None
            rows.append(_row(membership.user, instrument, series, flags.get(membership.user_id, 0)))
    rows.sort(key=SORT_KEYS.get(sort, SORT_KEYS["member"]), reverse=descending)
    return rows


def _row(member: User, instrument: Instrument, series: Series | None, flags: int) -> CohortRow:
    if series is None:
        return CohortRow(member, instrument, None, None, None, None, None, flags, 0)
    change = None
    if len(series.responses) > 1 and series.latest is not None and series.baseline is not None:
        change = round(series.latest - series.baseline, 6)
    return CohortRow(
        member=member,
        instrument=instrument,
        baseline=series.baseline,
        latest=series.latest,
        latest_band=series.responses[-1].band,
        change=change,
        status=series.change_status,
        open_flags=flags,
        count=len(series.responses),
    )

"""fortnightly series keep the rhythm they were generated with

Revision ID: 8b3f1d6e2a57
Revises: 5e7a1c2b9d40
Create Date: 2026-11-29 09:10:00

An every-N-weeks series now counts its weeks from its first meeting. Series generated
before counted them from the Monday of the start date's week, so "on or after
Wednesday 30 December, Mondays, every other week" began on 11 January. Storing that
first meeting's date as the start date makes extending such a series continue the
dates its members already have.
"""

from datetime import date, timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "8b3f1d6e2a57"
down_revision = "5e7a1c2b9d40"
branch_labels = None
depends_on = None

cohorts = sa.table(
    "cohorts",
    sa.column("id", sa.Integer),
    sa.column("start_date", sa.Date),
    sa.column("weekdays", sa.String),
    sa.column("interval_weeks", sa.Integer),
)


def _first_under_the_old_rule(start: date, weekdays: list[int], interval: int) -> date:
    """The first meeting the Monday-week rule gave: this week if a weekday is left, else
    the first weekday ``interval`` weeks on."""
    monday = start - timedelta(days=start.weekday())
    this_week = [monday + timedelta(days=day) for day in weekdays]
    left = [day for day in this_week if day >= start]
    if left:
        return min(left)
    return monday + timedelta(weeks=interval, days=min(weekdays))


def upgrade():
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(
            cohorts.c.id, cohorts.c.start_date, cohorts.c.weekdays, cohorts.c.interval_weeks
        ).where(cohorts.c.interval_weeks > 1, cohorts.c.start_date.is_not(None))
    ).all()
    for cohort_id, start, weekdays, interval in rows:
        days = sorted({int(day) for day in weekdays.split(",") if day.strip()})
        if not days:
            continue
        first = _first_under_the_old_rule(start, days, interval)
        if first != start:
            conn.execute(
                sa.update(cohorts).where(cohorts.c.id == cohort_id).values(start_date=first)
            )


def downgrade():
    # The moved start date is still a correct "on or after" date under the old rule.
    pass

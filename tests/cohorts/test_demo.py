"""The demo cohorts give a newcomer a living app: history, an apology, a flag, a cancellation."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts import demo as accounts_demo
from groupapp.cohorts import demo as cohorts_demo
from groupapp.db import db
from groupapp.demo import DEMO_PASSWORD, DemoContext
from groupapp.meetings.models import AbsenceFlag, Attendance, Meeting


def test_demo_cohorts_have_weeks_of_history(app, client, login) -> None:  # type: ignore[no-untyped-def]
    ctx = DemoContext()
    accounts_demo.seed(ctx)
    cohorts_demo.seed(ctx)
    db.session.commit()

    assert [c.name for c in ctx.extra["cohorts"]] == [spec.name for spec in cohorts_demo.COHORTS]
    completed = db.session.scalar(
        sa.select(sa.func.count(Meeting.id)).where(Meeting.status == "completed")
    )
    assert completed >= 5
    marks = db.session.scalar(sa.select(sa.func.count(Attendance.id)))
    assert marks >= 20
    apologies = db.session.scalar(
        sa.select(sa.func.count(Attendance.id)).where(Attendance.is_apology.is_(True))
    )
    assert apologies == 2
    flagged = db.session.scalars(sa.select(AbsenceFlag.user_id)).all()
    assert flagged == [ctx.participants[2].id]  # two absences in a row
    assert (
        db.session.scalar(sa.select(sa.func.count(Meeting.id)).where(Meeting.status == "cancelled"))
        == 1
    )

    # The facilitator's dashboard and the participant's page show it.
    maya = ctx.facilitators[0]
    login(maya, DEMO_PASSWORD)
    page = client.get("/cohorts").get_data(as_text=True)
    assert "Tuesday evening: codependency recovery" in page
    assert "Thursday DBT skills: relationships" in page  # as co-facilitator


def test_one_demo_participant_reads_the_app_in_spanish(app, client, login) -> None:  # type: ignore[no-untyped-def]
    ctx = DemoContext()
    accounts_demo.seed(ctx)
    db.session.commit()

    spanish = [p.email for p in ctx.participants if p.locale == "es"]
    assert spanish == ["noor@riverside.example.org"]
    noor = next(p for p in ctx.participants if p.email == spanish[0])
    login(noor, DEMO_PASSWORD)
    page = client.get("/privacy/my-data")
    assert page.status_code == 200
    assert 'lang="es"' in page.get_data(as_text=True)

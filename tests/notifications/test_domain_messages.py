"""Messages from other domains' data: overdue homework, check-in windows, absences and
risk-alert escalation. Each is sent once, at its moment, and only while still true."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import time_machine

from groupapp.assessments.alerts import acknowledge
from groupapp.assessments.models import RiskAlert
from groupapp.db import db
from groupapp.homework.models import SUBMITTED
from groupapp.homework.services import Due
from groupapp.meetings.models import AbsenceFlag
from groupapp.notifications.scanning import run_scanner
from tests.assessments.groups import DURING_BASELINE, make_group
from tests.assessments.scored import answer_open
from tests.assessments.test_checkin_flow import all_items
from tests.homework.support import build as build_homework
from tests.notifications.conftest import rows
from tests.support.smtp import body_text


def at(moment: datetime):  # type: ignore[no-untyped-def]
    return time_machine.travel(moment, tick=False)


def test_overdue_nudges_at_one_and_three_days_never_for_submitted_work(app, factories, smtp_server):
    due_local = datetime(2026, 9, 10, 18)  # noqa: DTZ001  (the cohort's wall clock)
    with at(datetime(2026, 9, 1, tzinfo=UTC)):
        hw = build_homework(factories)
        assignment = hw.give(due=Due(local=due_local))
    due = assignment.due_at
    smtp_server.messages.clear()
    hw.submission(assignment, hw.bob).status = SUBMITTED  # Bob handed it in
    db.session.commit()

    for moment in (due + timedelta(hours=23), due + timedelta(days=1, minutes=1)):
        with at(moment):
            run_scanner("scan_homework")
    with at(due + timedelta(days=2)):
        run_scanner("scan_homework")  # between the nudges: nothing new
    with at(due + timedelta(days=3, hours=2)):
        run_scanner("scan_homework")
    nudges = rows("homework_overdue")
    assert [(r.recipient_id, r.params["days"], r.status) for r in nudges] == [
        (hw.alice.id, 1, "sent"),
        (hw.alice.id, 3, "sent"),
    ]
    # Alice's "due soon" row, queued at assignment, was not sent late.
    assert [r.last_error for r in rows("homework_due_soon") if r.recipient_id == hw.alice.id] == [
        "expired"
    ]
    nudge_ids = {r.message_id for r in nudges}
    arrived = [m for m in smtp_server.messages if m["Message-ID"] in nudge_ids]
    assert [str(m["To"]) for m in arrived] == [hw.alice.email] * 2


def test_checkin_open_and_closing_soon_never_once_answered(app, factories, smtp_server):
    with at(DURING_BASELINE - timedelta(days=1)):
        group = make_group(factories)
    smtp_server.messages.clear()
    opens = datetime(2026, 1, 5, 9, tzinfo=UTC)  # 9 am on the cohort's clock (UTC)
    with at(opens - timedelta(minutes=1)):
        run_scanner("scan_checkins")
    assert rows("checkin_open") == []
    with at(opens):
        run_scanner("scan_checkins")
    opened = smtp_server.wait_for(2)
    assert sorted(str(m["To"]) for m in opened) == sorted(
        [group.member.email, group.other_member.email]
    )
    assert "/assessments/check-ins/" in body_text(opened[0])

    with at(DURING_BASELINE):
        answer_open(group.member, all_items(0))
    closes = datetime(2026, 1, 9, 9, tzinfo=UTC)  # the day before the window closes
    with at(closes):
        run_scanner("scan_checkins")
    closing = rows("checkin_closing")
    assert [r.recipient_id for r in closing] == [group.other_member.id]
    assert "closes soon" in smtp_server.wait_for(3)[-1]["Subject"]


def test_absence_alert_reaches_facilitators_once(app, group, smtp_server):
    flag = AbsenceFlag(cohort_id=group.cohort.id, user_id=group.alice.id, streak=2)
    db.session.add(flag)
    db.session.commit()
    run_scanner("scan_absences")
    run_scanner("scan_absences")
    mails = smtp_server.wait_for(1)
    assert [str(m["To"]) for m in mails] == [group.lead.email]
    assert group.alice.display_name in body_text(mails[0])
    assert "2 meetings in a row" in mails[0]["Subject"]
    db.session.refresh(flag)
    assert flag.alerted_at is not None
    assert len(rows("absence_alert")) == 1


def test_unacknowledged_risk_alert_escalates_to_admins_without_details(app, factories, smtp_server):
    with at(DURING_BASELINE):
        group = make_group(factories)
        answer_open(group.member, all_items(0, q9=2))
        run_scanner("scan_risk_alerts")  # hands the rows the response wrote to the sender
    alert = db.session.scalar(sa.select(RiskAlert))
    assert len(smtp_server.wait_for(2)) == 2  # every facilitator, at once
    with at(alert.created_at + timedelta(minutes=29)):
        run_scanner("scan_risk_alerts")
    assert rows("risk_alert_escalation") == []
    with at(alert.created_at + timedelta(minutes=30)):
        run_scanner("scan_risk_alerts")
    mails = smtp_server.wait_for(3)
    escalation = smtp_server.to(group.admin.email)
    assert len(mails) == 3
    assert len(escalation) == 1
    text = body_text(escalation[0])
    assert f"/assessments/alerts/{alert.id}" in text
    assert group.member.display_name not in text
    assert "PHQ" not in text
    assert "q9" not in text
    assert escalation[0]["List-Unsubscribe"] is None  # essential: no unsubscribe


def test_acknowledged_alert_is_not_escalated(app, factories, smtp_server):
    with at(DURING_BASELINE):
        group = make_group(factories)
        answer_open(group.member, all_items(0, q9=1))
    alert = db.session.scalar(sa.select(RiskAlert))
    acknowledge(alert, group.lead, "Called them; they are safe and have support tonight.")
    db.session.commit()
    with at(alert.created_at + timedelta(hours=1)):
        run_scanner("scan_risk_alerts")
    assert rows("risk_alert_escalation") == []

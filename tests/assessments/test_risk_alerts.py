"""A risk answer: crisis notice, an alert every facilitator sees until one acknowledges it,
and an email to each facilitator through the outbox."""

from __future__ import annotations

import sqlalchemy as sa
import time_machine

from groupapp.assessments.alerts import acknowledge
from groupapp.assessments.emails import build_risk_alert
from groupapp.assessments.models import RiskAlert
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from tests.assessments.groups import DURING_BASELINE, logout, make_group
from tests.assessments.scored import answer_open
from tests.assessments.test_checkin_flow import ANSWER_URL, all_items, phq9_form
from tests.support.smtp import body_text


def submit_phq9(client, csrf, group, **answers: int):  # type: ignore[no-untyped-def]
    url = ANSWER_URL.format(group.schedule.id)
    return client.post(url, data=phq9_form(csrf(url), "submit", **answers))


@time_machine.travel(DURING_BASELINE, tick=False)
def test_risk_answer_shows_crisis_notice_and_alerts_every_facilitator(
    client, factories, login, csrf, smtp_server
):
    group = make_group(factories)
    login(group.member)
    reply = submit_phq9(client, csrf, group, **all_items(0, q9=1))
    result = client.get(reply.location).get_data(as_text=True)
    assert "Support is available now" in result
    assert "Samaritans: call 116 123 (free, any time)<br>" in result
    assert "better off dead or of hurting" in result  # the item's own risk message

    alert = db.session.scalar(sa.select(RiskAlert))
    assert alert.is_open
    assert alert.item_ids == ["q9"]
    messages = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "risk_alert")
    )
    assert sorted(m.recipient_id for m in messages) == sorted([group.lead.id, group.co.id])
    mails = smtp_server.wait_for(2)
    assert sorted(str(m["To"]) for m in mails) == sorted([group.lead.email, group.co.email])
    text = body_text(mails[0])
    assert group.cohort.name in text
    assert f"/assessments/alerts/{alert.id}" in text
    assert "Robin Member" not in text  # no names or answers by email
    assert "better off dead" not in text

    logout(client, csrf)
    for facilitator in (group.lead, group.co):
        login(facilitator)
        home = client.get("/home").get_data(as_text=True)
        assert "1 open risk alert in your groups" in home
        assert "Robin Member" in client.get("/assessments/alerts").get_data(as_text=True)
        logout(client, csrf)


@time_machine.travel(DURING_BASELINE, tick=False)
def test_one_facilitator_acknowledges_for_all(client, factories, login, csrf):
    group = make_group(factories)
    login(group.member)
    submit_phq9(client, csrf, group, **all_items(2, q9=3))
    alert_id = db.session.scalar(sa.select(RiskAlert.id))
    assert client.get(f"/assessments/alerts/{alert_id}").status_code == 403  # staff pages only
    logout(client, csrf)

    login(group.co)
    url = f"/assessments/alerts/{alert_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Nearly every day" in page
    empty = client.post(url, data={"csrf_token": csrf(url), "note": ""})
    assert empty.status_code == 200
    assert db.session.get(RiskAlert, alert_id).is_open
    done = client.post(
        url, data={"csrf_token": csrf(url), "note": "Called Robin; safe, seeing GP."}
    )
    assert done.status_code == 302
    alert = db.session.get(RiskAlert, alert_id)
    assert (alert.acknowledged_by_id, alert.note) == (group.co.id, "Called Robin; safe, seeing GP.")
    logout(client, csrf)

    login(group.lead)
    assert "open risk alert" not in client.get("/home").get_data(as_text=True)
    assert "No open alerts" in client.get("/assessments/alerts").get_data(as_text=True)
    assert "Called Robin" in client.get(url).get_data(as_text=True)


@time_machine.travel(DURING_BASELINE, tick=False)
def test_alert_email_is_skipped_once_acknowledged(app, factories):
    group = make_group(factories)
    answer_open(group.member, all_items(0, q9=2))
    message = db.session.scalars(sa.select(OutboxMessage)).first()
    assert build_risk_alert(message).subject.startswith("Risk alert in")
    acknowledge(db.session.scalar(sa.select(RiskAlert)), group.lead, "Handled")
    assert build_risk_alert(message) is None


@time_machine.travel(DURING_BASELINE, tick=False)
def test_an_acknowledged_alert_and_its_note_stay_readable(
    client, factories, login, csrf, count_queries
):
    group = make_group(factories)
    answer_open(group.member, all_items(0, q9=2))
    alert = db.session.scalar(sa.select(RiskAlert))
    acknowledge(alert, group.co, "Phoned Robin; <b>safe</b>, seeing GP on Monday.")
    db.session.commit()
    login(group.lead)
    open_page = client.get("/assessments/alerts").get_data(as_text=True)
    assert "No open alerts" in open_page
    assert "/assessments/alerts?show=acknowledged" in open_page
    with count_queries() as one:
        page = client.get("/assessments/alerts?show=acknowledged").get_data(as_text=True)
    assert "Robin Member" in page
    assert "Phoned Robin; &lt;b&gt;safe&lt;/b&gt;, seeing GP on Monday." in page
    assert group.co.display_name in page
    # A second acknowledged alert costs no extra statement.
    answer_open(group.other_member, all_items(0, q9=1))
    second = db.session.scalars(
        sa.select(RiskAlert).where(RiskAlert.acknowledged_at.is_(None))
    ).one()
    acknowledge(second, group.lead, "Seen")
    db.session.commit()
    with count_queries() as two:
        page = client.get("/assessments/alerts?show=acknowledged").get_data(as_text=True)
    assert "Seen" in page
    assert len(two) == len(one)

"""The facilitator's start page leads with what needs attention, each with a count and link,
in a fixed number of SQL statements whatever the amount of data."""

from __future__ import annotations

from datetime import timedelta

from groupapp.accounts.models import Invitation
from groupapp.core.attention import attention_for
from groupapp.db import db, utcnow
from groupapp.homework.models import SUBMITTED
from groupapp.meetings.models import AbsenceFlag
from groupapp.notifications.models import UndeliverableAddress
from tests.cohorts.builders import enrol
from tests.homework.support import Homework, build


def _needing_attention(hw: Homework, factories, size: int) -> None:  # type: ignore[no-untyped-def]
    """``size`` of each kind: flags, bounced addresses, invitations, handed-in homework."""
    people = enrol(hw.world, factories, size)
    assignment = hw.give()
    for person in people:
        db.session.add(AbsenceFlag(cohort_id=hw.cohort.id, user_id=person.id, streak=2))
        db.session.add(UndeliverableAddress(email=person.email, user_id=person.id, reason="550"))
        db.session.add(
            Invitation(
                organisation_id=hw.world.org.id,
                email=f"new-{person.id}@example.com",
                role="participant",
                cohort_id=hw.cohort.id,
                expires_at=utcnow() + timedelta(days=7),
            )
        )
    db.session.flush()
    for submission in assignment.submissions[:size]:
        submission.status = SUBMITTED
        submission.submitted_at = utcnow()
    db.session.commit()


def test_counts_name_what_waits_and_link_to_it(client, factories, login):
    hw = build(factories)
    _needing_attention(hw, factories, 2)
    lines = {item.key: item for item in attention_for(hw.facilitator)}
    assert lines["absences"].count == 2
    assert lines["bounces"].count == 2
    assert lines["invitations"].count == 2
    assert lines["review"].count == 2
    assert lines["risk_alerts"].count == 0

    login(hw.facilitator)
    page = client.get("/cohorts").get_data(as_text=True)
    assert page.index("Needs your attention") < page.index("Your cohorts")
    assert "2</span> <span>homework submissions to review" in page
    assert 'href="/homework/review"' in page
    assert "members missing meetings in a row" in page
    assert "open risk alert" not in page  # nothing open: no line for it


def test_someone_elses_cohort_is_not_counted(factories):
    hw = build(factories)
    _needing_attention(hw, factories, 1)
    stranger = factories.user("facilitator", org=hw.world.org)
    assert all(item.count == 0 for item in attention_for(stranger))
    assert attention_for(hw.alice) == []  # participants have no such list


def test_the_start_page_runs_the_same_statements_at_two_sizes(
    client, factories, login, count_queries
):
    hw = build(factories)
    login(hw.facilitator)
    sizes = []
    for size in (1, 6):
        _needing_attention(hw, factories, size)
        client.get("/cohorts")
        with count_queries() as statements:
            assert client.get("/cohorts").status_code == 200
        sizes.append(len(statements))
    assert sizes[0] == sizes[1], sizes

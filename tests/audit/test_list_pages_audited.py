"""Pages that list people's sensitive states record that they were read."""

from __future__ import annotations

from tests.cohorts.builders import enrol, make_cohort
from tests.trust.audit import assert_audited


def test_each_list_of_sensitive_states_writes_an_audit_row(client, factories, login):  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    enrol(world, factories, 2)
    admin = factories.user("admin", org=world.org)
    login(admin)
    pages = {
        "/assessments/alerts": ("assessment.risk_alerts.read", ("RiskAlert", None)),
        "/homework/review": ("homework.review_queue.read", ("Submission", None)),
        f"/homework/cohorts/{world.cohort.id}/grid": ("homework.grid.read", world.cohort),
        "/people": ("accounts.people.read", ("Organisation", world.org.id)),
        "/audit": ("audit.read", ("AuditEvent", None)),
    }
    for path, (action, listed) in pages.items():
        assert client.get(path).status_code == 200, path
        kind, ident = listed if isinstance(listed, tuple) else ("Cohort", listed.id)
        row = assert_audited(action, actor=admin)
        assert (row.object_type, row.object_id) == (kind, None if ident is None else str(ident))
        assert row.organisation_id == world.org.id

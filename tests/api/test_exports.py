"""The cohort CSV export through the API: the staff page's file, audited the same way."""

from __future__ import annotations

import pytest

from groupapp.assessments.models import AssessmentResponse
from groupapp.db import db
from tests.assessments.access_table import response_values
from tests.trust.audit import audit_rows
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def test_the_export_is_the_pages_file_with_formulas_defused(world, api_as, client, login):
    response = db.session.get(AssessmentResponse, response_values(world)["response_id"])
    response.band = "=HYPERLINK('http://evil.example','Mild')"  # as an imported file could say
    db.session.commit()
    url = f"/cohorts/{world.cohort.id}/export.csv"
    got = api_as(world.facilitator).get(url)
    assert got.status_code == 200
    assert got.content_type.startswith("text/csv")
    assert got.headers["Content-Disposition"] == (
        f'attachment; filename="cohort-{world.cohort.id}-scores.csv"'
    )
    text = got.get_data(as_text=True)
    assert "'=HYPERLINK" in text
    assert world.owner.display_name not in text
    assert world.owner.email not in text

    login(world.facilitator)
    page = client.get(f"/assessments{url}")
    assert page.status_code == 200
    assert page.get_data(as_text=True) == text
    rows = audit_rows("assessment.export.csv")
    assert [(r.actor_id, r.object_type, r.object_id) for r in rows] == [
        (world.facilitator.id, "Cohort", str(world.cohort.id))
    ] * 2


def test_only_the_cohorts_staff_export_it(world, api_as):
    url = f"/cohorts/{world.cohort.id}/export.csv"
    assert api_as(world.admin).get(url).status_code == 200
    assert api_as(world.owner).get(url).status_code == 403
    for outsider in ("other_cohort_facilitator", "other_org_admin"):
        assert api_as(world.users[outsider]).get(url).status_code == 404, outsider
    assert api_as(None).get(url).status_code == 401
    assert len(audit_rows("assessment.export.csv")) == 1

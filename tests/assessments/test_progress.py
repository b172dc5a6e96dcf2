"""Progress pages: charts with bands and meetings, plain words, the sortable cohort table,
fixed query counts, and the personal-data export and erasure."""

from __future__ import annotations

import sqlalchemy as sa
import time_machine

from groupapp.assessments.charts import render_chart
from groupapp.assessments.models import AssessmentResponse, RiskAlert
from groupapp.assessments.progress import cohort_rows, person_series
from groupapp.core.personal_data import erase_user, export_user
from groupapp.db import db
from tests.assessments.groups import DURING_BASELINE, make_group
from tests.assessments.scored import answer_open
from tests.assessments.test_checkin_flow import all_items

WEEK_4 = "2026-02-02 12:00Z"


def phq9_total(total: int) -> dict[str, int]:
    """PHQ-9 answers adding up to ``total`` (at most 24), item 9 left at 0."""
    answers = {}
    for n in range(1, 10):
        answers[f"q{n}"] = min(3, total) if n < 9 else 0
        total -= answers[f"q{n}"]
    return answers


def two_checkins(group, member, first: int, second: int) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DURING_BASELINE, tick=False):
        answer_open(member, phq9_total(first))
    with time_machine.travel(WEEK_4, tick=False):
        answer_open(member, phq9_total(second))


def test_chart_shades_bands_marks_meetings_and_plots_points(app, factories):
    group = make_group(factories)
    two_checkins(group, group.member, 18, 9)
    (series,) = person_series(group.member.id)
    assert [r.total for r in series.responses] == [18, 9]
    assert series.change_status == "reliable_improvement"
    assert series.recovery == "reliable_recovery"
    assert series.description.startswith("Your PHQ-9 score fell from 18 to 9 (9 points).")
    wide, narrow = str(render_chart(series)).split("</svg>")[:2]
    for svg in (wide, narrow):  # one for a laptop, one for a phone
        assert svg.count('class="band band-') == 5
        assert svg.count('class="meeting-mark"') == 8
        assert svg.count('class="score-point') == 2
        assert "Moderately severe" in svg
        assert 'role="img"' in svg
    assert "chart-wide" in wide
    assert "chart-narrow" in narrow


def test_cohort_table_sorts_and_counts_open_flags(client, factories, login):
    group = make_group(factories)
    two_checkins(group, group.member, 18, 9)
    with time_machine.travel(DURING_BASELINE, tick=False):
        answer_open(group.other_member, all_items(0, q9=1))
    rows = cohort_rows(group.cohort, "change")
    assert [(r.member.id, r.baseline, r.latest, r.change) for r in rows] == [
        (group.member.id, 18, 9, -9),
        (group.other_member.id, 1, 1, None),
    ]
    assert rows[0].status_label == "Reliable improvement"
    assert rows[1].status_label == "Only one check-in"
    assert [r.open_flags for r in rows] == [0, 1]
    assert cohort_rows(group.cohort, "flags")[0].member.id == group.other_member.id
    login(group.lead)
    page = client.get(f"/assessments/cohorts/{group.cohort.id}/progress?sort=latest&order=desc")
    text = page.get_data(as_text=True)
    assert 'aria-sort="descending"' in text
    assert text.index("Robin Member") < text.index("Sam Other")
    assert "1 open" in text


def test_staff_read_about_the_member_and_the_member_reads_about_themselves(
    client, factories, login
):
    group = make_group(factories)
    two_checkins(group, group.member, 18, 9)
    (series,) = person_series(group.member.id)
    about = series.description_about("Robin Member")
    assert about.startswith("Robin Member's PHQ-9 score fell from 18 to 9 (9 points).")
    assert "going better for Robin Member" in about
    assert "your" not in about.lower()
    login(group.lead)
    page = client.get(
        f"/assessments/cohorts/{group.cohort.id}/members/{group.member.id}/progress"
    ).get_data(as_text=True)
    assert "Robin Member&#39;s PHQ-9 score fell from 18 to 9" in page
    assert "Your PHQ-9" not in page


def grow(factories, group, members: int) -> None:  # type: ignore[no-untyped-def]
    """Add members who each answered baseline and week 4."""
    from groupapp.cohorts.models import Membership
    from tests.assessments.groups import START

    for _ in range(members):
        user = factories.user("participant", group.org)
        db.session.add(Membership(cohort=group.cohort, user=user, status="active", joined_on=START))
        db.session.commit()
        two_checkins(group, user, 12, 6)


def test_list_pages_run_a_fixed_number_of_queries(client, factories, login, count_queries):
    group = make_group(factories)
    two_checkins(group, group.member, 18, 9)
    with time_machine.travel(DURING_BASELINE, tick=False):
        answer_open(group.other_member, all_items(0, q9=1))
    pages = {
        "staff": [
            f"/assessments/cohorts/{group.cohort.id}/progress",
            f"/assessments/cohorts/{group.cohort.id}/export.csv",
            f"/assessments/cohorts/{group.cohort.id}/export.fhir.json",
            f"/assessments/cohorts/{group.cohort.id}/members/{group.member.id}/progress",
            "/assessments/alerts",
            "/assessments/instruments",
            "/assessments/groups",
        ],
        "member": ["/assessments/check-ins", "/assessments/progress"],
    }

    def counts() -> dict[str, int]:
        found = {}
        for who, user in (("staff", group.lead), ("member", group.member)):
            with time_machine.travel(WEEK_4, tick=False):
                login(user)
                for url in pages[who]:
                    with count_queries() as statements:
                        assert client.get(url).status_code == 200, url
                    found[url] = len(statements)
                client.post("/logout", data={"csrf_token": _token(client)})
        return found

    small = counts()
    grow(factories, group, 4)
    with time_machine.travel(WEEK_4, tick=False):
        answer_open(group.other_member, all_items(1, q9=2))
    large = counts()
    assert large == small


def _token(client) -> str:  # type: ignore[no-untyped-def]
    from tests.conftest import csrf_token

    return csrf_token(client, "/home")


def test_personal_data_export_and_erase(app, factories):
    group = make_group(factories)
    with time_machine.travel(DURING_BASELINE, tick=False):
        answer_open(group.member, all_items(1, q9=1))
    exported = export_user(group.member)["assessments"]
    (response,) = exported["responses"]
    assert response["answers"]["q9"] == 1
    assert response["total"] == 9
    assert len(exported["risk_alerts"]) == 1
    erase_user(group.member)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AssessmentResponse)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RiskAlert)) == 0

"""People are searched for, never listed whole: cohort forms, the People page, staff look-up."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupapp.accounts.directory import resolve_staff, search_people
from groupapp.accounts.models import User
from groupapp.cohorts.models import CohortFacilitator
from groupapp.db import db
from tests.cohorts.builders import make_cohort
from tests.cohorts.web import post


def _edit_data(world, lead: str, co: str = "") -> dict[str, str]:  # type: ignore[no-untyped-def]
    cohort = world.cohort
    return {
        "name": cohort.name,
        "description": cohort.description,
        "capacity": str(cohort.capacity),
        "status": cohort.status,
        "absence_threshold": str(cohort.absence_threshold),
        "lead": lead,
        "co_facilitators": co,
    }


def _links(cohort_id: int) -> list[tuple[int, bool]]:
    db.session.expire_all()
    return sorted(
        tuple(row)
        for row in db.session.execute(
            sa.select(CohortFacilitator.user_id, CohortFacilitator.is_lead).where(
                CohortFacilitator.cohort_id == cohort_id
            )
        )
    )


def test_the_cohort_form_takes_names_and_addresses_and_lists_no_colleagues(
    client, factories, login
):  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    colleague = factories.user("facilitator", org=world.org, name="Morgan Ashby")
    admin = factories.user("admin", org=world.org, email="Dana.Reyes@Example.com")
    login(world.facilitator)
    form = client.get(f"/cohorts/{world.cohort.id}/edit").get_data(as_text=True)
    assert "Morgan Ashby" not in form
    assert f'<option value="{colleague.id}"' not in form
    assert world.facilitator.email in form  # the lead, as typed text

    data = _edit_data(
        world, "  morgan ashby ", f"{world.facilitator.email}\n\n DANA.reyes@example.com"
    )
    response = post(client, f"/cohorts/{world.cohort.id}/edit", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _links(world.cohort.id) == sorted(
        [(colleague.id, True), (world.facilitator.id, False), (admin.id, False)]
    )
    form = client.get(f"/cohorts/{world.cohort.id}/edit").get_data(as_text=True)
    assert colleague.email in form
    assert admin.email in form


def test_a_name_that_fits_several_people_or_nobody_is_named_back_and_nothing_is_lost(
    client, factories, login
):  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    factories.user("facilitator", org=world.org, name="Sam Okafor")
    factories.user("facilitator", org=world.org, name="Sam Lindqvist")
    member = factories.user("participant", org=world.org, name="Pat Member")
    outsider = factories.user("facilitator", name="Other Practice Person")
    before = _links(world.cohort.id)
    login(world.facilitator)

    co = f"Sam\n{member.email}\n{outsider.email}"
    data = _edit_data(world, world.facilitator.email, co) | {"description": "Keep this text"}
    response = post(client, f"/cohorts/{world.cohort.id}/edit", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sam Okafor" in page
    assert "Sam Lindqvist" in page
    assert "type the email address" in page
    # A participant and another organisation's facilitator are simply not staff here.
    assert f"No active facilitator or admin here matches “{member.email}”" in page
    assert f"No active facilitator or admin here matches “{outsider.email}”" in page
    assert "Other Practice Person" not in page
    assert "Keep this text" in page
    assert outsider.email in page
    assert _links(world.cohort.id) == before

    response = post(client, f"/cohorts/{world.cohort.id}/edit", _edit_data(world, ""))
    assert response.status_code == 200
    assert _links(world.cohort.id) == before


def test_more_than_twenty_co_facilitators_are_refused_with_a_reason(client, factories, login):  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    login(world.facilitator)
    co = "\n".join(f"person{n}@example.com" for n in range(21))
    response = post(
        client, f"/cohorts/{world.cohort.id}/edit", _edit_data(world, world.facilitator.email, co)
    )
    assert "At most 20 co-facilitators." in response.get_data(as_text=True)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300), padding=st.sampled_from(["", " ", "\t", "  \u00a0"]))
def test_any_typed_text_names_one_colleague_or_says_why_not(app, factories, text, padding):  # type: ignore[no-untyped-def]
    org = db.session.scalar(
        sa.select(User.organisation_id).where(User.email == "ana@clinic.example")
    )
    if org is None:
        organisation = factories.org()
        factories.user(
            "facilitator", org=organisation, email="ana@clinic.example", name="Ana Silva"
        )
        factories.user("participant", org=organisation, email="bo@clinic.example", name="Bo Ray")
        org = organisation.id
    answers = resolve_staff(org, [text, padding + "ANA@clinic.example" + padding])
    assert answers["ANA@clinic.example"].email == "ana@clinic.example"  # type: ignore[union-attr]
    for term, answer in answers.items():
        assert term == term.strip()
        assert term
        if isinstance(answer, User):
            assert answer.organisation_id == org
            assert answer.role != "participant"
        else:
            assert term in answer


def test_people_and_staff_pages_search_one_page_at_a_time(client, factories, login):  # type: ignore[no-untyped-def]
    org = factories.org()
    admin = factories.user("admin", org=org, name="Ada Admin")
    river = [
        factories.user("participant", org=org, name=f"River {n}", password=None) for n in range(3)
    ]
    staffer = factories.user("facilitator", org=org, name="Riverside Facilitator", password=None)
    factories.user("participant", name="River Elsewhere", password=None)  # another organisation

    first = search_people(org.id, "RIVER", None, size=2)
    second = search_people(org.id, "river", first.next_cursor, size=2)
    assert [p.id for p in first.items + second.items] == [p.id for p in [*river, staffer]]
    assert second.next_cursor is None
    assert not second.first

    login(admin)
    page = client.get("/people?q=river").get_data(as_text=True)
    assert "River 2" in page
    assert "Riverside Facilitator" in page
    assert admin.email not in page  # the admin is not a River
    assert "River Elsewhere" not in page
    assert "Nobody matches “zzz”" in client.get("/people?q=zzz").get_data(as_text=True)
    assert client.get("/people?after=not-a-cursor&q=%01%E2%80%A8").status_code == 200

    staff = client.get("/people/staff?q=river").get_data(as_text=True)
    assert "Riverside Facilitator" in staff
    assert "River 2" not in staff


def test_people_pages_run_the_same_statements_with_more_people(
    client, factories, login, count_queries
):  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    admin = factories.user("admin", org=world.org)
    paths = ["/people", "/people?q=a", "/people/staff", f"/cohorts/{world.cohort.id}/edit"]
    counts = []
    login(admin)
    for extra in (2, 60):
        for n in range(extra - (2 if counts else 0)):
            factories.user(("facilitator", "participant")[n % 2], org=world.org, password=None)
        sizes = []
        for path in paths:
            client.get(path)
            with count_queries() as statements:
                assert client.get(path).status_code == 200, path
            sizes.append(len(statements))
        counts.append(sizes)
    assert counts[0] == counts[1], dict(zip(paths, zip(*counts, strict=True), strict=True))

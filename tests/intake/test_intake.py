"""Intake: members fill in their own form; only the cohort's facilitators read it."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from groupapp.core.personal_data import erase_user, export_user
from groupapp.db import db
from groupapp.homework.fields import parse_fields
from groupapp.intake import services
from groupapp.intake.models import IntakeFormVersion, IntakeResponse
from groupapp.intake.queries import cohort_intake_status
from tests.cohorts.builders import World, enrol, make_cohort
from tests.trust.audit import assert_audited, audit_rows

COMPLETE = {
    "what_brings_you": "I keep saying yes to everyone and feel empty afterwards.",
    "hoped_change": "Say no to extra shifts without apologising twice.",
    "family_illness": "no",
    "family_addiction": "yes",
    "family_addiction_words": "My father drank.",
    "family_emotional": "prefer_not",
    "emergency_name": "Sam Rivera",
    "emergency_phone": "+44 20 7946 0000",
}


def _world(factories, members: int = 1) -> World:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    enrol(world, factories, members)
    return world


def _submit(world: World, person, answers=COMPLETE):  # type: ignore[no-untyped-def]
    response = services.response_for(world.cohort.id, world.org.id, person.id)
    errors = services.submit(response, MultiDict(answers))
    db.session.commit()
    return response, errors


# --- services --------------------------------------------------------------------------


def test_the_builtin_form_is_valid_and_asks_the_history_questions(app) -> None:
    keys = [item.key for item in services.builtin_fields()]
    for wanted in ("what_brings_you", "family_addiction", "support_now", "emergency_phone"):
        assert wanted in keys
    family = next(i for i in services.builtin_fields() if i.key == "family_illness")
    assert [c.value for c in family.choices] == ["yes", "no", "prefer_not"]


def test_a_member_submits_and_the_answers_keep_their_form_version(app, factories) -> None:
    world = _world(factories)
    person = world.members[0]
    response, errors = _submit(world, person)
    assert errors == {}
    assert response.is_complete
    assert response.form_version.version == 1
    assert response.answers["family_addiction"] == "yes"

    fields = parse_fields([{"key": "why", "type": "short_text", "label": "Why now?"}])
    services.publish_form(world.org.id, fields, world.facilitator.id)
    db.session.commit()
    db.session.expire_all()
    kept = services.find_response(world.cohort.id, person.id)
    assert kept is not None
    assert kept.form_version.version == 1
    assert "what_brings_you" in kept.answers
    assert services.current_form(world.org.id).version == 2


def test_missing_required_answers_are_named_and_nothing_typed_is_lost(app, factories) -> None:
    world = _world(factories)
    typed = {"what_brings_you": "Tired of rescuing people", "family_illness": "maybe"}
    response, errors = _submit(world, world.members[0], typed)
    assert not response.is_complete
    assert errors["hoped_change"].endswith("please fill this in")
    assert "choose one of the listed options" in errors["family_illness"]
    assert response.draft is not None
    assert response.draft["what_brings_you"] == "Tired of rescuing people"


FORM_INPUT = st.dictionaries(
    st.sampled_from([*COMPLETE, "emergency_relation", "unknown", "x-1-y"]),
    st.lists(st.text(max_size=300), max_size=3),
    max_size=12,
)


def test_any_form_input_is_kept_or_answered_with_named_problems(app, factories) -> None:
    world = _world(factories)

    @settings(max_examples=40, deadline=None)
    @given(form=FORM_INPUT)
    def check(form: dict[str, list[str]]) -> None:
        data = MultiDict([(key, value) for key, values in form.items() for value in values])
        response = services.response_for(world.cohort.id, world.org.id, world.members[0].id)
        errors = services.submit(response, data)
        try:
            for message in errors.values():
                assert ": " in message  # "<question>: <what to do>"
            assert response.is_complete or response.draft is not None
            assert not errors or not response.is_complete
        finally:
            db.session.rollback()

    check()


def test_the_status_list_puts_members_not_done_first(app, factories) -> None:
    world = _world(factories, members=3)
    done, started, untouched = world.members
    _submit(world, done)
    services.save_draft(
        services.response_for(world.cohort.id, world.org.id, started.id),
        MultiDict({"what_brings_you": "Half written"}),
    )
    db.session.commit()
    rows = {row.user_id: row for row in cohort_intake_status(world.cohort.id)}
    assert rows[done.id].is_complete
    assert rows[started.id].started
    assert not rows[started.id].is_complete
    assert not rows[untouched.id].started
    assert cohort_intake_status(world.cohort.id)[-1].user_id == done.id


def test_export_holds_the_intake_and_erasure_removes_it(app, factories) -> None:
    world = _world(factories)
    person = world.members[0]
    _submit(world, person)
    exported = export_user(person)["intake"]
    assert exported[0]["answers"]["emergency_name"] == "Sam Rivera"
    assert exported[0]["form_version"] == 1
    assert exported[0]["questions"]["family_addiction"].startswith("While you were growing up")

    erase_user(person)
    db.session.commit()
    left = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(IntakeResponse)
        .where(IntakeResponse.user_id == person.id)
    )
    assert left == 0
    assert export_user(person)["intake"] == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IntakeFormVersion)) == 1


# --- pages -----------------------------------------------------------------------------


def test_member_fills_in_the_page_and_the_start_page_stops_asking(
    app, client, factories, login, csrf
) -> None:
    world = _world(factories)
    person = world.members[0]
    login(person)
    assert b"Complete your intake" in client.get("/my/meetings").data
    url = f"/cohorts/{world.cohort.id}/intake"
    page = client.get(url)
    assert page.status_code == 200
    assert b"What brings you to this group now?" in page.data

    bad = client.post(
        url, data={"csrf_token": csrf(url), "action": "submit", "what_brings_you": "Kept"}
    )
    assert bad.status_code == 422
    assert b"please fill this in" in bad.data
    assert b"Kept" in bad.data

    ok = client.post(url, data={"csrf_token": csrf(url), "action": "submit", **COMPLETE})
    assert ok.status_code == 302
    assert b"Complete your intake" not in client.get("/my/meetings").data


def test_only_the_cohorts_facilitators_read_it_and_each_read_is_audited(
    app, client, factories, login, csrf
) -> None:
    world = _world(factories)
    person = world.members[0]
    response, _ = _submit(world, person)
    url = f"/cohorts/{world.cohort.id}/intakes/{person.id}"

    admin = factories.user("admin", org=world.org)
    login(admin)
    assert client.get(url).status_code == 404
    assert audit_rows("intake.read") == []

    client.post("/logout", data={"csrf_token": csrf("/home")})
    login(world.facilitator)
    page = client.get(url)
    assert page.status_code == 200
    assert b"My father drank." in page.data
    assert_audited("intake.read", actor=world.facilitator, subject=person, object=response)

    assert b"Intake forms (1 of 1 sent)" in client.get(f"/cohorts/{world.cohort.id}").data
    overview = client.get(f"/cohorts/{world.cohort.id}/intakes")
    assert overview.status_code == 200
    assert b"1 of 1 members" in overview.data
    assert_audited("intake.list.read", actor=world.facilitator)


def test_the_overview_runs_the_same_statements_at_two_sizes(
    app, client, factories, login, count_queries, csrf
) -> None:
    counts = []
    org = factories.org()
    for size in (2, 6):
        world = make_cohort(factories, org=org)
        enrol(world, factories, size)
        for person in world.members[: size // 2]:
            _submit(world, person)
        login(world.facilitator)
        path = f"/cohorts/{world.cohort.id}/intakes"
        client.get(path)
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        counts.append(len(statements))
        client.post("/logout", data={"csrf_token": csrf("/home")})
    assert counts[0] == counts[1]


def test_two_tabs_starting_the_intake_at_once_both_succeed(app, factories) -> None:
    world = _world(factories)
    person = world.members[0]
    first = services.response_for(world.cohort.id, world.org.id, person.id)
    second = services.response_for(world.cohort.id, world.org.id, person.id)
    assert services.submit(first, MultiDict(COMPLETE)) == {}
    db.session.commit()
    services.save_draft(second, MultiDict({"what_brings_you": "Second tab"}))
    db.session.commit()
    db.session.expire_all()
    stored = services.find_response(world.cohort.id, person.id)
    assert stored is not None
    assert stored.is_complete
    assert stored.answers["emergency_name"] == "Sam Rivera"
    assert stored.draft == {**dict.fromkeys(stored.draft, ""), "what_brings_you": "Second tab"}

"""Topic handouts: one data file per built-in topic, copied into organisation programs,
edited by facilitators, read by members after the meeting, exported with their data."""

from __future__ import annotations

from datetime import timedelta

import pytest

from groupapp.cohorts.handouts import meeting_handout, member_handouts
from groupapp.core.personal_data import export_user
from groupapp.db import db, utcnow
from groupapp.programs import services
from groupapp.programs.catalog import SchemaError, load_builtin_programs
from groupapp.programs.handouts import HANDOUT_DIR, builtin_handout, parse_handout
from tests.cohorts.builders import enrol, make_cohort, shift_to_past
from tests.cohorts.web import post


def test_every_builtin_topic_has_a_handout_and_no_file_is_stray() -> None:
    expected = set()
    for slug, template in load_builtin_programs().items():
        for topic in template.topics:
            handout = builtin_handout(slug, topic.week)
            assert handout is not None, (slug, topic.week)
            assert handout.about
            assert handout.practice
            expected.add(f"{slug}/week-{topic.week:02d}.en.yaml")
    found = {str(p.relative_to(HANDOUT_DIR)) for p in HANDOUT_DIR.glob("*/*.en.yaml")}
    assert found == expected


def test_a_missing_language_falls_back_to_english() -> None:
    english = builtin_handout("codependency-recovery", 4)
    assert builtin_handout("codependency-recovery", 4, "xx") == english
    assert builtin_handout("codependency-recovery", 99) is None


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"about": "x"}, "practice: is required"),
        ({"about": "x", "practice": "y", "extra": 1}, "extra: unknown key"),
        ({"about": "x" * 2001, "practice": "y"}, "about: is longer than 2000"),
        ("text", "expected a mapping"),
    ],
)
def test_a_malformed_handout_names_its_problem(raw, problem) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SchemaError) as caught:
        parse_handout(raw, "week-01.en.yaml")
    assert problem in str(caught.value)


def test_copies_carry_handouts_and_facilitators_edit_them(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    facilitator = factories.user("facilitator")
    template = services.builtin_template("codependency-recovery")
    program = services.copy_builtin(template, facilitator)
    db.session.commit()
    first = program.topics[0]
    assert first.handout_about == builtin_handout("codependency-recovery", 1).about

    login(facilitator)
    page = client.get(f"/programs/{program.id}").get_data(as_text=True)
    assert "Note what you felt just before." in page
    page = client.get("/programs/builtin/codependency-recovery").get_data(as_text=True)
    assert "Handout for members" in page
    response = post(
        client,
        f"/programs/{program.id}/topics/{first.id}/edit",
        {
            "title": first.title,
            "goals": first.goals,
            "agenda": first.agenda,
            "handout_about": "Our own words about patterns.",
            "handout_practice": "Write one line each evening.",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert first.handout_about == "Our own words about patterns."
    copy = services.duplicate(program, facilitator)
    assert copy.topics[0].handout_practice == "Write one line each evening."


def test_members_read_the_handout_after_the_meeting(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (member,) = enrol(world, factories, 1)
    first, second = world.meetings()[:2]
    assert meeting_handout(first) is None  # the series lies ahead
    login(member)
    page = client.get(f"/meetings/{first.id}").get_data(as_text=True)
    assert "Practice this week" not in page

    shift_to_past(world, 1)
    handout = meeting_handout(first)
    assert handout is not None
    assert handout.about == builtin_handout("codependency-recovery", 1).about
    assert meeting_handout(second) is None
    page = client.get(f"/meetings/{first.id}").get_data(as_text=True)
    assert "Practice this week" in page
    start = client.get("/my/meetings").get_data(as_text=True)
    assert "From your last meeting" in start
    assert handout.topic in start

    exported = export_user(member)["handouts"]
    assert [item["topic"] for item in exported] == [handout.topic]
    # A cancelled meeting hands nothing out.
    first.status = "cancelled"
    db.session.commit()
    assert member_handouts(member.id) == []


def test_start_page_shows_only_the_past_week(app, factories) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (member,) = enrol(world, factories, 1)
    shift_to_past(world, 3)
    recent = member_handouts(member.id, since=utcnow() - timedelta(days=7))
    assert len(recent) == 1
    assert len(member_handouts(member.id)) == 3
    outsider = factories.user("participant", org=world.org)
    assert member_handouts(outsider.id) == []

"""Organisation programs: copied from a built-in template, edited, reordered, archived."""

from __future__ import annotations

import re

from groupapp.db import db
from groupapp.programs import services
from groupapp.programs.models import Program
from tests.cohorts.web import post


def program_id_from(response) -> int:  # type: ignore[no-untyped-def]
    match = re.search(r"/programs/(\d+)", response.headers["Location"])
    assert match
    return int(match.group(1))


def test_copy_edit_and_reorder_a_builtin_program(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    facilitator = factories.user("facilitator")
    login(facilitator)
    page = client.get("/programs").get_data(as_text=True)
    for name in (
        "Codependency recovery",
        "DBT interpersonal effectiveness",
        "CBT for relationship patterns",
        "Interdependency skills",
    ):
        assert name in page

    response = post(client, "/programs/builtin/codependency-recovery/copy")
    program = db.session.get(Program, program_id_from(response))
    template = services.builtin_template("codependency-recovery")
    assert program.organisation_id == facilitator.organisation_id
    assert [t.title for t in program.topics] == [t.title for t in template.topics]
    assert program.topics[0].goal_lines == list(template.topics[0].goals)

    post(
        client,
        f"/programs/{program.id}/edit",
        {
            "name": "Our boundaries course",
            "modality": "custom",
            "weeks": "10",
            "meeting_minutes": "75",
        },
    )
    second = program.topics[1]
    post(client, f"/programs/{program.id}/topics/{second.id}/move", {"direction": "up"})
    post(
        client,
        f"/programs/{program.id}/topics/new",
        {"title": "Celebrating progress", "goals": "Name one change\nThank the group"},
    )
    db.session.expire_all()
    program = db.session.get(Program, program.id)
    assert (program.name, program.weeks, program.meeting_minutes) == (
        "Our boundaries course",
        10,
        75,
    )
    assert program.topics[0].id == second.id
    assert [t.position for t in program.topics] == list(range(len(template.topics) + 1))
    assert program.topics[-1].goal_lines == ["Name one change", "Thank the group"]
    # The built-in template itself is untouched.
    assert services.builtin_template("codependency-recovery").name == template.name

    post(client, f"/programs/{program.id}/topics/{second.id}/delete", {"confirmed": "yes"})
    post(client, f"/programs/{program.id}/archive", {"confirmed": "yes"})
    db.session.expire_all()
    program = db.session.get(Program, program.id)
    assert len(program.topics) == len(template.topics)
    assert program.archived_at is not None
    assert "Our boundaries course" not in client.get("/programs").get_data(as_text=True)


def test_cohort_from_builtin_reuses_the_organisation_copy(app, factories) -> None:  # type: ignore[no-untyped-def]
    facilitator = factories.user("facilitator")
    template = services.builtin_template("interdependency-skills")
    first = services.organisation_copy_of(template, facilitator)
    again = services.organisation_copy_of(template, facilitator)
    assert first.id == again.id
    elsewhere = services.organisation_copy_of(template, factories.user("facilitator"))
    assert elsewhere.id != first.id


def test_other_organisations_programs_are_invisible(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    owner = factories.user("facilitator")
    program = services.copy_builtin(services.builtin_template("cbt-relationship-patterns"), owner)
    db.session.commit()
    login(factories.user("facilitator"))
    assert client.get(f"/programs/{program.id}").status_code == 404
    assert post(client, f"/programs/{program.id}/archive").status_code == 404

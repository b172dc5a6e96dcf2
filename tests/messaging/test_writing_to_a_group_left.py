"""A message form sent after its writer left the chosen group (or the chosen member left
the cohort) is refused saying so, keeps what was typed, and preselects nobody, so that
pressing Send again cannot reach people the writer did not pick."""

from __future__ import annotations

import re

import sqlalchemy as sa

from groupapp.cohorts import services
from groupapp.db import db
from groupapp.messaging.forms import NO_CHOICE
from groupapp.messaging.models import MessageThread

BODY = "Este jueves tengo una cita médica y no podré ir."


def _selected(page: str) -> list[str]:
    return re.findall(r'<option selected value="([^"]*)">', page) + re.findall(
        r'<option value="([^"]*)" selected>', page
    )


def _threads() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(MessageThread)) or 0


def test_writing_to_a_group_one_has_left_is_refused_in_the_writers_language(
    client, factories, login, csrf
):
    org = factories.org()
    lead = factories.user("facilitator", org=org)
    member = factories.user("participant", org=org, locale="es")
    tuesday = factories.cohort(org, [lead], [member], name="Tuesday group")
    thursday = factories.cohort(org, [lead], [member], name="Thursday group")
    login(member)
    token = csrf("/messages/new")  # the form is open while the member leaves Thursday's group
    services.leave(services.membership_of(thursday, member.id))  # type: ignore[arg-type]
    db.session.commit()

    sent = {"csrf_token": token, "with_whom": thursday.id, "subject": "El jueves", "body": BODY}
    response = client.post("/messages/new", data=sent)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Usted ya no está en ese grupo. Elija a quién escribir;" in page
    assert "Opción inválida" not in page
    assert "El jueves" in page
    assert BODY in page
    assert _selected(page) == [str(NO_CHOICE)]
    assert f'value="{tuesday.id}"' in page
    assert _threads() == 0

    # Sending the form again as it now stands reaches nobody either.
    again = client.post("/messages/new", data={**sent, "with_whom": NO_CHOICE})
    assert again.status_code == 200
    assert "Elija una opción." in again.get_data(as_text=True)
    assert _threads() == 0

    assert client.post("/messages/new", data={**sent, "with_whom": tuesday.id}).status_code == 302
    assert _threads() == 1


def test_writing_to_a_member_who_has_left_names_that(client, factories, login, csrf):
    org = factories.org()
    lead = factories.user("facilitator", org=org)
    stays, leaves = factories.user("participant", org=org), factories.user("participant", org=org)
    cohort = factories.cohort(org, [lead], [stays, leaves], name="Tuesday group")
    login(lead)
    path = f"/cohorts/{cohort.id}/messages/new"
    token = csrf(path)
    services.leave(services.membership_of(cohort, leaves.id))  # type: ignore[arg-type]
    db.session.commit()
    response = client.post(
        path, data={"csrf_token": token, "with_whom": leaves.id, "subject": "Hi", "body": "Hello"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This person is no longer a member of the cohort." in page
    assert _selected(page) == [str(NO_CHOICE)]
    assert _threads() == 0

"""A Spanish-reading participant who meets a service's refusal reads it in Spanish.

Each case goes through the pages as the person would (a browser that asks for English,
so only their own choice makes the page Spanish) and reads the refusal beside what they
typed; the same refusals through the JSON API stay in English (README, "JSON API").
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
import time_machine

from groupapp.cohorts import services as cohorts
from groupapp.cohorts.models import Membership
from groupapp.db import db
from groupapp.meetings.models import Meeting
from groupapp.messaging import threads
from groupapp.messaging.models import MessageThread
from tests.assessments.groups import DURING_BASELINE
from tests.conftest import csrf_token
from tests.i18n.test_more_pages_in_spanish import ENGLISH_BROWSER, _spanish_text
from tests.i18n.test_pages_in_spanish import spanish_member
from tests.support.factories import Factories

__all__ = ["spanish_member"]  # the fixture, shared with the page lists


def _post(client, path: str, form_page: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    token = csrf_token(client, form_page)
    return client.post(
        path, data={"csrf_token": token, **data}, headers=ENGLISH_BROWSER, follow_redirects=True
    )


def _thread_of(group) -> MessageThread:  # type: ignore[no-untyped-def]
    message = threads.open_thread(
        group.cohort, group.member, group.member, "Semana difícil", "¿Podemos hablar?"
    )
    db.session.commit()
    thread = db.session.get(MessageThread, message.thread_id)
    assert thread is not None
    return thread


@time_machine.travel(DURING_BASELINE, tick=False)
def test_writing_in_a_closed_conversation_is_refused_in_spanish(client, login, spanish_member):  # type: ignore[no-untyped-def]
    group = spanish_member
    thread = _thread_of(group)
    threads.close(thread, group.lead)
    db.session.commit()
    login(group.member)
    page = f"/messages/{thread.id}"
    refused = _post(client, f"{page}/reply", page, {"body": "Una cosa más que decir"})
    text = _spanish_text(refused, group.member)
    assert "Esta conversación se cerró. Inicie una nueva para volver a escribir." in text


@time_machine.travel(DURING_BASELINE, tick=False)
def test_a_message_of_nothing_but_control_characters_is_refused_in_spanish(  # type: ignore[no-untyped-def]
    client, login, spanish_member
):
    group = spanish_member
    thread = _thread_of(group)
    login(group.member)
    page = f"/messages/{thread.id}"
    refused = _post(client, f"{page}/reply", page, {"body": "\x07\x08"})
    assert "Escriba un mensaje antes de enviarlo." in _spanish_text(refused, group.member)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MessageThread)) == 1


@time_machine.travel(DURING_BASELINE, tick=False)
def test_apologies_for_a_meeting_already_begun_are_refused_in_spanish(  # type: ignore[no-untyped-def]
    client, login, spanish_member
):
    group = spanish_member
    begun = db.session.scalars(sa.select(Meeting).order_by(Meeting.starts_at)).first()
    assert begun is not None
    login(group.member)
    refused = _post(
        client, f"/meetings/{begun.id}/apology", "/my/meetings", {"comment": "Estoy de viaje"}
    )
    text = _spanish_text(refused, group.member)
    assert "Solo se puede avisar de una ausencia antes de una reunión programada." in text


@time_machine.travel(DURING_BASELINE, tick=False)
def test_naming_oneself_as_support_person_is_refused_in_spanish(client, login, spanish_member):  # type: ignore[no-untyped-def]
    group = spanish_member
    login(group.member)
    refused = _post(client, "/my/support", "/my/support", {"email": group.member.email})
    text = _spanish_text(refused, group.member)
    assert "Escriba la dirección de su persona de apoyo, no la suya." in text


def test_a_check_in_no_longer_open_is_refused_in_spanish(client, login, spanish_member):  # type: ignore[no-untyped-def]
    group = spanish_member
    with time_machine.travel(DURING_BASELINE + timedelta(days=60), tick=False):
        login(group.member)
        refused = client.get(
            f"/assessments/check-ins/{group.schedule.id}/baseline",
            headers=ENGLISH_BROWSER,
            follow_redirects=True,
        )
        text = _spanish_text(refused, group.member)
    assert "Este cuestionario de seguimiento no está abierto para usted ahora." in text


@time_machine.travel(DURING_BASELINE, tick=False)
def test_an_agreement_changed_while_reading_is_refused_in_spanish(client, login, spanish_member):  # type: ignore[no-untyped-def]
    group = spanish_member
    place = db.session.scalar(
        sa.select(Membership).where(
            Membership.cohort_id == group.cohort.id, Membership.user_id == group.member.id
        )
    )
    assert place is not None
    place.status = "invited"
    db.session.commit()
    login(group.member)
    page = f"/cohorts/{group.cohort.id}/join"
    token = csrf_token(client, page)
    read = cohorts.current_agreement(group.cohort).version
    cohorts.update_agreement(group.cohort, "Nos escuchamos sin interrumpir.", group.lead)
    db.session.commit()
    refused = client.post(
        page,
        data={"csrf_token": token, "version": read, "decision": "accept"},
        headers=ENGLISH_BROWSER,
        follow_redirects=True,
    )
    text = _spanish_text(refused, group.member)
    assert "El acuerdo cambió mientras lo leía; por favor, léalo de nuevo." in text
    db.session.refresh(place)
    assert place.status == "invited"


@time_machine.travel(DURING_BASELINE, tick=False)
def test_the_api_refuses_the_same_in_english(client, spanish_member):  # type: ignore[no-untyped-def]
    group = spanish_member
    thread = _thread_of(group)
    threads.close(thread, group.lead)
    db.session.commit()
    signed_in = client.post(
        "/api/v1/auth/tokens",
        json={"email": group.member.email, "password": Factories.PASSWORD},
    )
    assert signed_in.status_code == 201, signed_in.json
    answer = client.post(
        f"/api/v1/message-threads/{thread.id}/messages",
        json={"body": "Una cosa más"},
        headers={"Authorization": f"Bearer {signed_in.json['token']}", "Accept-Language": "es"},
    )
    assert answer.status_code in (409, 422)
    assert answer.json["detail"] == "This conversation was closed. Start a new one to write again."

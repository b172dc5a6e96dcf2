"""Logs, outbox parameters and audit rows carry no passwords and none of the text people
type: unique canary strings go in through the real pages, and nothing may carry them out."""

from __future__ import annotations

import base64
import json
import logging
import secrets

import pytest
import sqlalchemy as sa

from groupapp.accounts.services import password_reset_token
from groupapp.audit.models import AuditEvent
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from tests.conftest import IsolatedClient, csrf_token, login_as
from tests.trust.forms import first_allowed, prepare
from tests.trust.tables import endpoint_methods, load_tables
from tests.trust.world import build_world

TABLE, _ = load_tables()
TEXT_KINDS = {"text", "textarea", "password", "email", "search", "url", "tel"}


def canary(label: str) -> str:
    return f"canary {label} {secrets.token_hex(6)}"


def leaks(canaries: list[str], caplog: pytest.LogCaptureFixture) -> list[str]:
    """Where any canary shows up: log records, outbox params, audit rows."""
    places = {"logs": caplog.text}
    for message in db.session.scalars(sa.select(OutboxMessage)):
        places[f"outbox {message.kind}"] = json.dumps(message.params)
    for event in db.session.scalars(sa.select(AuditEvent)):
        places[f"audit {event.action}"] = f"{event.object_id} {event.reason}"
    return [
        f"{value!r} in {where}"
        for value in canaries
        for where, text in places.items()
        if value in text or value.split()[-1] in text
    ]


def test_sign_in_reset_and_password_change_leave_no_password_behind(app, client, factories, caplog):
    caplog.set_level(logging.DEBUG)
    first, wrong, reset, changed = (canary(n) for n in ("first", "wrong", "reset", "changed"))
    user = factories.user("participant", password=first)
    assert login_as(client, user.email, wrong).status_code == 200
    assert login_as(client, "nobody@example.com", wrong).status_code == 200
    assert login_as(client, user.email, first).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})

    token = csrf_token(client, "/password/forgot")
    client.post("/password/forgot", data={"email": user.email, "csrf_token": token})
    link = f"/password/reset/{password_reset_token(user)}"
    token = csrf_token(client, link)
    response = client.post(link, data={"password": reset, "confirm": reset, "csrf_token": token})
    assert response.status_code == 302
    assert login_as(client, user.email, reset).status_code == 302
    token = csrf_token(client, "/account/password")
    response = client.post(
        "/account/password",
        data={"current": reset, "password": changed, "confirm": changed, "csrf_token": token},
    )
    assert response.status_code == 302
    assert caplog.records, "nothing was logged at all: the capture is not working"
    assert leaks([first, wrong, reset, changed], caplog) == []


def _post_endpoints() -> list[str]:
    """Every POST route someone is allowed to use."""
    return sorted(e for e, case in TABLE.items() if first_allowed(case, "POST"))


@pytest.mark.parametrize("endpoint", _post_endpoints())
def test_text_typed_into_any_form_stays_out_of_logs(app, factories, caplog, endpoint):
    methods = endpoint_methods(app).get(endpoint)
    if methods is None or "POST" not in methods:
        pytest.skip("not a POST route in this build")
    app.test_client_class = IsolatedClient
    caplog.set_level(logging.DEBUG)
    target = prepare(app, TABLE[endpoint], endpoint, methods, build_world(factories))
    data, canaries = {}, []
    base = TABLE[endpoint].data(target.world, target.values) if TABLE[endpoint].data else {}
    for form_field in target.fields:
        if form_field.kind in TEXT_KINDS:
            data[form_field.name] = canary(form_field.name)
            canaries.append(data[form_field.name])
        elif form_field.choices:
            data[form_field.name] = base.get(form_field.name, form_field.choices[-1])
        else:
            data[form_field.name] = base.get(form_field.name, "")
    data["csrf_token"] = target.token
    response = target.client.post(target.url, data=data)
    assert response.status_code < 500
    found = [
        item
        for item in leaks(canaries, caplog)
        if not item.split(" in ")[-1].startswith("audit")  # reasons are meant to be audited
    ]
    assert found == []


def test_task_messages_carry_only_ids(app, factories, tmp_path):
    """With a real (filesystem) broker, what the worker receives holds no personal text."""
    from groupapp import create_app
    from tests.conftest import base_test_config

    broker = tmp_path / "broker"
    (broker / "in").mkdir(parents=True)
    (broker / "done").mkdir()
    config = base_test_config(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"])
    config["MAIL_DISPATCH"] = "celery"
    config["CELERY"] = {
        **app.config["CELERY"],
        "broker_url": "filesystem://",
        "broker_transport_options": {
            "data_folder_in": str(broker / "in"),
            "data_folder_out": str(broker / "in"),
            "processed_folder": str(broker / "done"),
        },
    }
    worker_app = create_app(config)
    secret_name = canary("name")
    user = factories.user("participant", name=secret_name, email="tasks@example.com")
    try:
        client = worker_app.test_client()
        token = csrf_token(client, "/password/forgot")
        client.post("/password/forgot", data={"email": user.email, "csrf_token": token})
        tasks = [path.read_text() for path in (broker / "in").iterdir()]
    finally:
        with worker_app.app_context():
            db.session.remove()
            db.engine.dispose()
    assert len(tasks) == 1
    envelope = json.loads(tasks[0])
    # Rows go to the worker in batches: the only argument is a list of outbox row IDs.
    assert envelope["headers"]["task"] == "groupapp.send_messages"
    args, kwargs, _ = json.loads(base64.b64decode(envelope["body"]))
    assert kwargs == {}
    assert len(args) == 1
    assert args[0]
    assert all(isinstance(row_id, int) for row_id in args[0])
    whole = json.dumps(envelope) + base64.b64decode(envelope["body"]).decode()
    assert user.email not in whole
    assert secret_name.split()[-1] not in whole

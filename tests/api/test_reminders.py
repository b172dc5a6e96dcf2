"""Own reminders over the API: a participant's own list, with problems named per field."""

from __future__ import annotations


def test_a_participant_keeps_reminders_through_the_api(app, factories, api_as) -> None:  # type: ignore[no-untyped-def]
    person = factories.user("participant", timezone="Europe/Madrid")
    api = api_as(person)
    created = api.post(
        "/me/reminders",
        json={
            "text": "Notice one yes that meant no",
            "kind": "practice",
            "local_time": "08:30",
            "weekdays": [0, 2, 4],
        },
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["weekdays"] == [0, 2, 4]
    assert body["local_time"] == "08:30"
    assert body["in_calendar"] is False
    assert body["next_due_at"]
    reminder_id = body["id"]

    changed = api.patch(f"/me/reminders/{reminder_id}", json={"in_calendar": True})
    assert changed.status_code == 200
    assert changed.get_json()["text"] == "Notice one yes that meant no"
    assert changed.get_json()["in_calendar"] is True
    listing = api.get("/me/reminders").get_json()
    assert listing["total"] == 1
    assert listing["items"][0]["id"] == reminder_id

    bad = api.post(
        "/me/reminders",
        json={"text": "", "kind": "nudge", "local_time": "25:00", "weekdays": [7]},
    )
    assert bad.status_code == 422
    assert bad.headers["Content-Type"].startswith("application/problem+json")
    fields = {error["field"] for error in bad.get_json()["errors"]}
    assert {"text", "kind", "local_time"} <= {f.split(".")[0] for f in fields}

    assert api.delete(f"/me/reminders/{reminder_id}").status_code == 204
    assert api.get(f"/me/reminders/{reminder_id}").status_code == 404


def test_staff_keep_no_own_reminders(app, factories, api_as) -> None:  # type: ignore[no-untyped-def]
    refused = api_as(factories.user("facilitator")).get("/me/reminders")
    assert refused.status_code == 403
    assert "participants" in refused.get_json()["detail"]

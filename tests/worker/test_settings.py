"""The Celery settings exactly-once depends on, and the single beat schedule."""

from __future__ import annotations

from groupapp.config import load_settings


def test_celery_settings_for_redelivery_safety(tmp_path):
    celery = load_settings(str(tmp_path), {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/15"})[
        "CELERY"
    ]
    assert celery["task_acks_late"] is True
    assert celery["task_reject_on_worker_lost"] is True
    assert celery["worker_prefetch_multiplier"] == 1
    assert celery["task_serializer"] == "json"
    assert celery["accept_content"] == ["json"]
    assert celery["timezone"] == "UTC"
    assert celery["enable_utc"] is True
    # Longer than any task (the longest retry countdown is 300 s, a send 30 s at most).
    assert celery["broker_transport_options"]["visibility_timeout"] >= 3600


def test_one_beat_schedule_with_every_named_task_on_an_interval():
    from worker.celery_app import beat_schedule, celery_app
    from worker.tasks.mail import MAX_COUNTDOWN

    schedule = celery_app.conf.beat_schedule
    assert set(schedule) == {
        "groupapp.scan_outbox",
        "groupapp.scan_meeting_reminders",
        "groupapp.scan_intake",
        "groupapp.scan_own_reminders",
        "groupapp.scan_feedback",
        "groupapp.scan_homework",
        "groupapp.scan_checkins",
        "groupapp.scan_absences",
        "groupapp.scan_risk_alerts",
        "groupapp.scan_digests",
        "groupapp.scan_message_summaries",
        "groupapp.purge_expired_messages",
    }
    assert all(entry["schedule"] == 60.0 for entry in schedule.values())
    assert set(schedule) <= set(celery_app.tasks)
    assert beat_schedule(5)["groupapp.scan_outbox"]["options"] == {"expires": 5}
    assert MAX_COUNTDOWN < 3600

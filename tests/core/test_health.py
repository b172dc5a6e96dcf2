"""/healthz answers whether the database and the broker answer."""

from __future__ import annotations


def test_healthy_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_unavailable_when_broker_is_down(app, client):
    celery_app = app.extensions["celery"]
    old = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_url = old
    assert response.status_code == 503
    assert response.get_json()["broker"] == "down"
    assert response.get_json()["database"] == "ok"

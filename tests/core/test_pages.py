"""Error pages, the development mail viewer and static assets."""

from __future__ import annotations

from groupapp.db import db
from tests.conftest import csrf_token, login_as


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "find that page" in response.get_data(as_text=True)


def test_staff_page_is_a_friendly_403_for_a_participant(client, factories, login):
    login(factories.user("participant"))
    response = client.get("/people/invite")
    assert response.status_code == 403
    assert "have access to this page" in response.get_data(as_text=True)


def test_server_error_page_keeps_a_calm_message(tmp_path):
    from groupapp import create_app
    from tests.conftest import base_test_config

    fresh = create_app(base_test_config(tmp_path, f"sqlite:///{tmp_path / 'e.sqlite'}"))

    @fresh.route("/__boom")
    def boom():
        raise RuntimeError("boom")

    response = fresh.test_client().get("/__boom")
    assert response.status_code == 500
    assert "Nothing you typed is lost" in response.get_data(as_text=True)


def test_captured_mail_is_listed_and_readable(app, client, factories):
    user = factories.user(email="reader@example.com")
    token = csrf_token(client, "/password/forgot")
    client.post("/password/forgot", data={"email": user.email, "csrf_token": token})
    listing = client.get("/dev/mail")
    assert listing.status_code == 200
    assert "reader@example.com" in listing.get_data(as_text=True)
    link = listing.get_data(as_text=True).split('href="/dev/mail/')[1].split('"')[0]
    message = client.get(f"/dev/mail/{link}")
    assert message.status_code == 200
    assert "/password/reset/" in message.get_data(as_text=True)


def test_mail_viewer_is_gone_in_production(app, client):
    app.config["DEV_MAIL_VIEWER"] = False
    try:
        assert client.get("/dev/mail").status_code == 404
    finally:
        app.config["DEV_MAIL_VIEWER"] = True


def test_assets_are_served_by_the_app_not_a_cdn(client, factories):
    user = factories.user()
    login_as(client, user.email)
    html = client.get("/home").get_data(as_text=True)
    assert "https://" not in html
    assert "http://" not in html.replace("http://localhost", "")
    for asset in ("/static/css/app.css", "/static/js/app.js"):
        with client.get(asset) as response:
            assert response.status_code == 200
    db.session.rollback()


def test_each_role_lands_on_its_own_start_page(client, factories, login):
    expected = {
        "facilitator": "/cohorts",
        "admin": "/cohorts",
        "participant": "/my/meetings",
    }
    for role, path in expected.items():
        login(factories.user(role))
        assert client.get("/").headers["Location"] == path
        client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})

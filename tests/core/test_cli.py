"""The create-admin and seed-demo commands."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import Organisation, User
from groupapp.accounts.passwords import verify_password
from groupapp.db import db
from groupapp.demo import DEMO_PASSWORD


def _admin(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_create_admin_with_options_creates_the_organisation(app):
    result = app.test_cli_runner().invoke(
        args=[
            "create-admin",
            "--email",
            "Lead@Clinic.org",
            "--name",
            "Lead",
            "--organisation",
            "Harbour Clinic",
            "--password",
            "a long admin passphrase",
        ]
    )
    assert result.exit_code == 0, result.output
    user = _admin("lead@clinic.org")
    assert user.role == "admin"
    assert user.organisation.name == "Harbour Clinic"
    assert verify_password(user.password_hash, "a long admin passphrase")


def test_create_admin_asks_for_everything_when_run_without_options(app):
    answers = "\n".join(
        ["ask@clinic.org", "Asked Admin", "Harbour Clinic", *["a long admin passphrase"] * 2, ""]
    )
    result = app.test_cli_runner().invoke(args=["create-admin"], input=answers)
    assert result.exit_code == 0, result.output
    assert _admin("ask@clinic.org").display_name == "Asked Admin"


def test_create_admin_reuses_an_existing_organisation_and_refuses_weak_passwords(app):
    runner = app.test_cli_runner()
    base = ["create-admin", "--name", "A", "--organisation", "Harbour Clinic"]
    runner.invoke(
        args=[*base, "--email", "one@clinic.org", "--password", "a long admin passphrase"]
    )
    runner.invoke(
        args=[*base, "--email", "two@clinic.org", "--password", "a long admin passphrase"]
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1
    weak = runner.invoke(args=[*base, "--email", "three@clinic.org", "--password", "short"])
    assert weak.exit_code != 0
    assert "12 characters" in weak.output
    assert _admin("three@clinic.org") is None
    typo = runner.invoke(args=[*base, "--email", "four@clinic..org", "--password", "a long pass"])
    assert typo.exit_code != 0
    assert "not valid" in typo.output
    unicode = runner.invoke(
        args=[*base, "--email", "Zoe\u0308@Clinic.org", "--password", "a long admin passphrase"]
    )
    assert unicode.exit_code == 0
    assert _admin("zo\u00eb@clinic.org") is not None


def test_seed_demo_builds_an_organisation_whose_logins_work(app, client):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "admin@riverside.example.org" in result.output
    from tests.conftest import login_as

    for email in (
        "admin@riverside.example.org",
        "maya@riverside.example.org",
        "sam@riverside.example.org",
    ):
        assert login_as(client, email, DEMO_PASSWORD).status_code == 302
        client.post("/logout", data={"csrf_token": _token(client)})
    # The demo notice is accepted by everyone but Jordan, who is asked first.
    login_as(client, "jordan@riverside.example.org", DEMO_PASSWORD)
    assert "/privacy/notice" in client.get("/my/meetings").headers.get("Location", "")
    from tests.conftest import csrf_token

    client.post("/logout", data={"csrf_token": csrf_token(client, "/privacy/notice")})
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "already has data" in again.output
    assert "maya@riverside.example.org" in again.output


def _token(client) -> str:  # type: ignore[no-untyped-def]
    from tests.conftest import csrf_token

    return csrf_token(client, "/home")

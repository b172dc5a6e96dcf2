"""Settings from the environment; production refuses to start half-configured."""

from __future__ import annotations

import pytest

from groupapp.config import ConfigError, load_settings


def test_embedded_defaults_need_no_server(tmp_path):
    settings = load_settings(str(tmp_path), environ={})
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert settings["CELERY"]["broker_url"] == "filesystem://"
    assert settings["MAIL_SERVER"] == ""
    # Rate-limit counters outlive a restart even without Redis.
    assert settings["RATELIMIT_STORAGE_URI"] == (
        f"groupapp+sqlite://{tmp_path.resolve() / 'rate_limits.sqlite'}"
    )
    # The generated development key is kept, so sessions survive a restart.
    assert load_settings(str(tmp_path), environ={})["SECRET_KEY"] == settings["SECRET_KEY"]


def test_environment_variables_are_read(tmp_path):
    settings = load_settings(
        str(tmp_path),
        environ={
            "DATABASE_URL": "postgresql://u@db/groupapp",
            "REDIS_URL": "redis://cache:6379/0",
            "SECRET_KEY": "k" * 40,
            "MAIL_SERVER": "smtp.example.org",
            "MAIL_PORT": "587",
            "MAIL_USE_TLS": "true",
            "MAIL_USERNAME": "mailer",
            "MAIL_PASSWORD": "pw",
            "MAIL_DEFAULT_SENDER": "groups@example.org",
            "BASE_URL": "https://groups.example.org/",
        },
    )
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/groupapp"
    assert settings["CELERY"]["broker_url"] == "redis://cache:6379/0"
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"
    assert settings["MAIL_PORT"] == 587
    assert settings["MAIL_USE_TLS"] is True
    assert settings["BASE_URL"] == "https://groups.example.org"
    assert settings["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("SECRET_KEY", "SECRET_KEY"),
        ("DATABASE_URL", "DATABASE_URL"),
        ("MAIL_SERVER", "MAIL_SERVER"),
        ("REDIS_URL", "CELERY_BROKER_URL or REDIS_URL"),
    ],
)
def test_production_refuses_to_start_without_a_setting(tmp_path, missing, named):
    environ = {
        "GROUPAPP_ENV": "production",
        "SECRET_KEY": "k" * 40,
        "DATABASE_URL": "postgresql://u@db/groupapp",
        "REDIS_URL": "redis://cache:6379/0",
        "MAIL_SERVER": "smtp.example.org",
        "MAIL_DEFAULT_SENDER": "groups@example.org",
    }
    del environ[missing]
    with pytest.raises(ConfigError, match=named):
        load_settings(str(tmp_path), environ=environ)


def test_production_refuses_sqlite(tmp_path):
    environ = {
        "GROUPAPP_ENV": "production",
        "SECRET_KEY": "k" * 40,
        "DATABASE_URL": "sqlite:////tmp/x.db",
        "REDIS_URL": "redis://cache:6379/0",
        "MAIL_SERVER": "smtp.example.org",
        "MAIL_DEFAULT_SENDER": "groups@example.org",
    }
    with pytest.raises(ConfigError, match="PostgreSQL"):
        load_settings(str(tmp_path), environ=environ)


def test_production_app_never_runs_debug(tmp_path, monkeypatch):
    from groupapp import create_app

    monkeypatch.setenv("GROUPAPP_ENV", "production")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@127.0.0.1:1/none")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("MAIL_DEFAULT_SENDER", "groups@example.org")
    app = create_app()
    assert app.debug is False
    assert app.config["DEV_MAIL_VIEWER"] is False


def test_client_address_comes_from_the_proxy_only_when_told(tmp_path):
    from flask import request

    from groupapp import create_app
    from tests.conftest import base_test_config

    seen = {}
    for hops in (0, 1):
        config = base_test_config(tmp_path, f"sqlite:///{tmp_path / 'p.sqlite'}")
        app = create_app({**config, "PROXY_FIX_HOPS": hops})

        @app.route("/__addr")
        def addr() -> str:
            return request.remote_addr or ""

        response = app.test_client().get(
            "/__addr",
            headers={"X-Forwarded-For": "203.0.113.9"},
            environ_base={"REMOTE_ADDR": "10.0.0.2"},
        )
        seen[hops] = response.get_data(as_text=True)
    assert seen == {0: "10.0.0.2", 1: "203.0.113.9"}

"""docker-compose.yml agrees with the app's real entry points and variable names.

Docker does not run on the test machines, so the file is checked by reading it.
"""

from __future__ import annotations

import importlib
import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
APP_SERVICES = ("web", "worker", "beat")


def _variables_the_app_reads() -> set[str]:
    source = (ROOT / "groupapp" / "config.py").read_text()
    return (
        set(re.findall(r'env(?:\.get)?\(\s*"([A-Z_]+)"', source))
        | set(re.findall(r'env\["([A-Z_]+)"\]', source))
        | {"SECRET_KEY", "DATABASE_URL", "MAIL_SERVER", "MAIL_DEFAULT_SENDER"}
    )


def _command(service: str) -> list[str]:
    command = COMPOSE["services"][service]["command"]
    return command if isinstance(command, list) else shlex.split(command)


def test_every_app_service_sets_only_variables_the_app_reads():
    known = _variables_the_app_reads()
    for service in APP_SERVICES:
        environment = COMPOSE["services"][service]["environment"]
        unknown = set(environment) - known
        assert not unknown, f"{service} sets variables the app never reads: {unknown}"


def test_app_services_satisfy_the_production_settings(tmp_path):
    from groupapp.config import load_settings

    for service in APP_SERVICES:
        environment = {
            k: str(v).replace("${SECRET_KEY:?set SECRET_KEY to a long random value}", "k" * 40)
            for k, v in COMPOSE["services"][service]["environment"].items()
        }
        settings = load_settings(str(tmp_path), environ=environment)  # raises if incomplete
        assert settings["ENV_NAME"] == "production"
        assert settings["CELERY"]["broker_url"].startswith("redis://")


def test_web_runs_migrations_then_gunicorn_on_the_app_factory():
    command = " ".join(_command("web"))
    assert "flask --app groupapp db upgrade" in command
    target = re.search(r"'(\w+):(\w+)\(\)'", command)
    assert target, "gunicorn target not found"
    module = importlib.import_module(target.group(1))
    assert callable(getattr(module, target.group(2)))


def test_worker_and_beat_use_the_celery_entry_point():
    for service, role in (("worker", "worker"), ("beat", "beat")):
        command = _command(service)
        assert command[:3] == ["celery", "-A", "worker.celery_app"]
        assert command[3] == role
    from worker.celery_app import celery_app

    assert "groupapp.send_message" in celery_app.tasks


def test_dockerfile_serves_the_same_factory():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert '"groupapp:create_app()"' in dockerfile
    for folder in ("groupapp", "worker", "templates", "migrations"):
        assert f"COPY {folder} ./{folder}" in dockerfile


def test_services_the_app_needs_are_defined():
    services = COMPOSE["services"]
    assert {"db", "redis", "web", "worker", "beat", "mailpit"} <= set(services)
    assert services["web"]["environment"]["MAIL_SERVER"] == "mailpit"


def test_gunicorn_workers_are_replaced_at_staggered_request_counts():
    command = _command("web")
    joined = " ".join(command)
    limit = re.search(r"--max-requests (\d+)", joined)
    jitter = re.search(r"--max-requests-jitter (\d+)", joined)
    assert limit, "gunicorn runs without --max-requests"
    assert jitter, "gunicorn runs without --max-requests-jitter"
    assert 0 < int(jitter[1]) < int(limit[1])

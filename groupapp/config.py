"""Settings from environment variables, with embedded defaults for a laptop.

Production (``GROUPAPP_ENV=production``) refuses to start without a secret key, a real
database and SMTP settings, naming what is missing.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """Raised at start-up when a required production setting is missing."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str:
    """A per-install random key kept in the instance folder (development only)."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_settings(instance_path: str, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Build the Flask config mapping from ``environ`` (default: ``os.environ``)."""
    env = dict(os.environ if environ is None else environ)
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    production = env.get("GROUPAPP_ENV", "development").lower() == "production"

    if production:
        missing = [
            name
            for name in ("SECRET_KEY", "DATABASE_URL", "MAIL_SERVER", "MAIL_DEFAULT_SENDER")
            if not env.get(name)
        ]
        if env.get("DATABASE_URL", "").startswith("sqlite"):
            missing.append("DATABASE_URL (a PostgreSQL URL, not SQLite)")
        if not (env.get("CELERY_BROKER_URL") or env.get("REDIS_URL")):
            missing.append("CELERY_BROKER_URL or REDIS_URL")
        if missing:
            raise ConfigError(
                "groupapp refuses to start in production without: " + ", ".join(missing)
            )

    broker_dir = instance / "broker"
    redis_url = env.get("REDIS_URL", "")
    broker_url = env.get("CELERY_BROKER_URL") or redis_url or "filesystem://"
    broker_options: dict[str, Any] = {}
    if broker_url.startswith("filesystem://"):
        for sub in ("in", "processed", "control"):
            (broker_dir / sub).mkdir(parents=True, exist_ok=True)
        broker_options = {
            "data_folder_in": str(broker_dir / "in"),
            "data_folder_out": str(broker_dir / "in"),
            "processed_folder": str(broker_dir / "processed"),
            "control_folder": str(broker_dir / "control"),
            "store_processed": False,
        }
    else:
        # Longer than any task runs, so an unacknowledged task is not redelivered early.
        broker_options = {"visibility_timeout": 3600}

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'groupapp.sqlite'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")

    base_url = env.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    # Rendered key pages (groupapp.core.page_cache): Redis where there is one; the
    # embedded demo keeps pages in its process and the data generation in a file the
    # worker shares; production without Redis renders every time.
    cache_redis_url = env.get("CACHE_REDIS_URL") or redis_url
    page_cache_type = env.get("PAGE_CACHE_TYPE") or (
        "RedisCache" if cache_redis_url else "NullCache" if production else "SimpleCache"
    )
    return {
        "ENV_NAME": "production" if production else "development",
        "DEBUG": False if production else _bool(env.get("FLASK_DEBUG")),
        "SECRET_KEY": env.get("SECRET_KEY") or _secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "BASE_URL": base_url,
        "PREFERRED_URL_SCHEME": "https" if base_url.startswith("https") else "http",
        "SESSION_COOKIE_SECURE": base_url.startswith("https"),
        "REMEMBER_COOKIE_SECURE": base_url.startswith("https"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Largest request body in bytes; bigger ones get 413 before they are read.
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(10 * 1024 * 1024))),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": env.get(
            "MAIL_DEFAULT_SENDER", "groupapp <no-reply@groupapp.example.org>"
        ),
        "MAIL_CAPTURE_DIR": str(instance / "mail"),
        # A TrueType font with every script's letters for PDF registers (DejaVu Sans is
        # looked for in the usual places when this is empty).
        "REGISTER_PDF_FONT": env.get("REGISTER_PDF_FONT", ""),
        # "celery": hand message IDs to the worker; "inline": send in-process after commit.
        "MAIL_DISPATCH": env.get("MAIL_DISPATCH", "celery"),
        "CELERY": {
            "broker_url": broker_url,
            "broker_transport_options": broker_options,
            "task_ignore_result": True,
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "task_serializer": "json",
            "accept_content": ["json"],
            "timezone": "UTC",
            "enable_utc": True,
            "broker_connection_retry_on_startup": True,
        },
        # Outbox sending: retries of transient SMTP errors, recovery of interrupted sends,
        # and how often beat scans (groupapp.notifications, worker/celery_app.py).
        "OUTBOX_MAX_ATTEMPTS": int(env.get("OUTBOX_MAX_ATTEMPTS", "6")),
        "OUTBOX_RETRY_BASE_SECONDS": float(env.get("OUTBOX_RETRY_BASE_SECONDS", "30")),
        # A send batch writes its outcomes at the end, or once this long passed since the
        # last write: a killed worker resends at most what the server accepted meanwhile.
        "OUTBOX_MARK_SECONDS": float(env.get("OUTBOX_MARK_SECONDS", "1")),
        "OUTBOX_SENDING_TIMEOUT_SECONDS": float(env.get("OUTBOX_SENDING_TIMEOUT_SECONDS", "600")),
        # Essential messages (risk alerts) held by a killed worker come back this soon:
        # with a scan every minute they arrive within two minutes of the kill.
        "OUTBOX_ESSENTIAL_SENDING_TIMEOUT_SECONDS": float(
            env.get("OUTBOX_ESSENTIAL_SENDING_TIMEOUT_SECONDS", "45")
        ),
        "BEAT_INTERVAL_SECONDS": float(env.get("BEAT_INTERVAL_SECONDS", "60")),
        # How long private messages of a member who left stay readable to staff before
        # the scheduled purge deletes them (stated on the privacy notice).
        "MESSAGE_RETENTION_YEARS": float(env.get("MESSAGE_RETENTION_YEARS", "7")),
        # Counters must outlive a restart: Redis when there is one, else a file in the
        # instance folder (groupapp.core.rate_limit_storage).
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI")
        or redis_url
        or f"groupapp+sqlite://{instance.resolve() / 'rate_limits.sqlite'}",
        "RATELIMIT_HEADERS_ENABLED": True,
        "PAGE_CACHE_TYPE": page_cache_type,
        "PAGE_CACHE_REDIS_URL": cache_redis_url,
        "PAGE_CACHE_GENERATION_DIR": str(instance / "page_generation"),
        "PAGE_CACHE_TTL_SECONDS": int(env.get("PAGE_CACHE_TTL_SECONDS", "300")),
        "PAGE_CACHE_MAX_ENTRIES": int(env.get("PAGE_CACHE_MAX_ENTRIES", "500")),
        "INVITATION_MAX_AGE_DAYS": int(env.get("INVITATION_MAX_AGE_DAYS", "14")),
        "PASSWORD_RESET_MAX_AGE_MINUTES": int(env.get("PASSWORD_RESET_MAX_AGE_MINUTES", "60")),
        "DEV_MAIL_VIEWER": not production,
        # How many reverse proxies sit in front of the app; their X-Forwarded-* headers
        # are then trusted for the client address (audit rows, rate limits) and scheme.
        "PROXY_FIX_HOPS": int(env.get("PROXY_FIX_HOPS", "0")),
    }

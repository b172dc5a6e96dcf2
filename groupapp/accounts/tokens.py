"""Signed, expiring links for invitations and password resets."""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"groupapp.{purpose}")


def make_token(purpose: str, payload: Any) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age_seconds: int) -> Any | None:
    """The payload, or None when the token is tampered with or older than ``max_age``."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age_seconds)
    except (BadSignature, SignatureExpired):
        return None

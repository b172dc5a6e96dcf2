"""Notifications pages."""

from groupapp.notifications import bp  # noqa: F401

"""Meetings pages."""

from groupapp.meetings import bp  # noqa: F401

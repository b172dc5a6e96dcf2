"""Audit pages."""

from groupapp.audit import bp  # noqa: F401

"""Cohorts pages."""

from groupapp.cohorts import bp  # noqa: F401

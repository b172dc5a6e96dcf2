"""Assessments pages."""

from groupapp.assessments import bp  # noqa: F401

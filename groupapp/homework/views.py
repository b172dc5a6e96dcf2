"""Homework pages."""

from groupapp.homework import bp  # noqa: F401

"""Thin task wrappers with explicit names, calling groupapp services."""

from worker.tasks import mail  # noqa: F401

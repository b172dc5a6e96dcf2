"""Thin task wrappers with explicit names, calling groupapp services."""

from worker.tasks import mail, scans  # noqa: F401

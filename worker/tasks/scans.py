"""Periodic tasks beat runs: the outbox scan and each scanner, by name."""

from __future__ import annotations

from celery import shared_task

from groupapp.notifications import dispatch
from groupapp.notifications.scanning import SCANNERS, run_scanner

SCAN_OUTBOX = "groupapp.scan_outbox"


@shared_task(name=SCAN_OUTBOX)
def scan_outbox() -> dict[str, int]:
    """Expire passed reminders, recover interrupted sends, hand due rows to the worker."""
    result = dispatch.scan_outbox()
    return result.__dict__


def _register(name: str) -> None:
    @shared_task(name=f"groupapp.{name}")
    def scanner_task() -> int:
        return run_scanner(name)

    scanner_task.__doc__ = f"Run the {name} scanner once."


for _name in SCANNERS:
    _register(_name)

SCANNER_TASKS = tuple(f"groupapp.{name}" for name in SCANNERS)

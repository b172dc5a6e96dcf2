"""Run one scanner as a unit of work: find, insert, commit, hand the new rows over."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from groupapp.core.outbox import hand_over_many
from groupapp.db import db, utcnow
from groupapp.messaging.retention import purge_expired_messages, queue_daily_summaries
from groupapp.notifications.dispatch import due_ids
from groupapp.notifications.scanners.attendance import scan_absences
from groupapp.notifications.scanners.checkins import scan_checkins
from groupapp.notifications.scanners.digests import scan_digests
from groupapp.notifications.scanners.feedback import scan_feedback
from groupapp.notifications.scanners.homework import scan_homework
from groupapp.notifications.scanners.intake import scan_intake
from groupapp.notifications.scanners.meetings import scan_meeting_reminders
from groupapp.notifications.scanners.own_reminders import scan_own_reminders
from groupapp.notifications.scanners.risk import scan_risk_alerts

log = logging.getLogger(__name__)

Scanner = Callable[[datetime], int]

#: Task name suffix -> scanner; worker/tasks/scans.py names each ``groupapp.<name>``.
SCANNERS: dict[str, Scanner] = {
    "scan_meeting_reminders": scan_meeting_reminders,
    "scan_homework": scan_homework,
    "scan_checkins": scan_checkins,
    "scan_intake": scan_intake,
    "scan_own_reminders": scan_own_reminders,
    "scan_feedback": scan_feedback,
    "scan_absences": scan_absences,
    "scan_risk_alerts": scan_risk_alerts,
    "scan_digests": scan_digests,
    "scan_message_summaries": queue_daily_summaries,
    "purge_expired_messages": purge_expired_messages,
}


def run_scanner(name: str, now: datetime | None = None, hand_over: bool = True) -> int:
    """Run the scanner ``name`` at ``now`` (default: the clock), commit, hand rows over."""
    offered = SCANNERS[name](now or utcnow())
    db.session.commit()
    log.info("%s offered %d outbox rows", name, offered)
    if hand_over:
        hand_over_many(due_ids())
    return offered

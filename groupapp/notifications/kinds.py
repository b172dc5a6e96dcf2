"""Kinds of message grouped into the categories people switch on and off."""

from __future__ import annotations

from dataclasses import dataclass

from groupapp.core.i18n import N_
from groupapp.core.outbox import ESSENTIAL_KINDS


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    kinds: tuple[str, ...]
    staff_only: bool = False


CATEGORIES = (
    Category("meeting_reminders", N_("Reminders before meetings"), ("meeting_reminder",)),
    Category(
        "schedule_changes",
        N_("Meetings moved, added or cancelled"),
        ("meeting_changed", "meeting_cancelled"),
    ),
    Category(
        "homework",
        N_("Homework assigned, due soon and overdue"),
        (
            "homework_assigned",
            "homework_due_soon",
            "homework_overdue",
            "homework_due_changed",
            "homework_cancelled",
            "homework_reminder",
        ),
    ),
    Category(
        "feedback", N_("Feedback on your homework"), ("homework_feedback", "feedback_received")
    ),
    Category(
        "checkins",
        N_("Check-ins open and closing soon"),
        ("checkin_open", "checkin_closing", "checkin_reminder"),
    ),
    Category("own_reminders", N_("Reminders you set for yourself"), ("own_reminder",)),
    Category("intake", N_("A reminder to answer the intake questions"), ("intake_reminder",)),
    Category("meeting_feedback", N_("A short question after each meeting"), ("feedback_request",)),
    Category("enrolment", N_("A place in a cohort is offered"), ("cohort_place_offered",)),
    Category(
        "absence_alerts",
        "Members who missed meetings in a row",
        ("absence_alert",),
        staff_only=True,
    ),
    Category("digest", N_("Weekly digest"), ("digest_facilitator", "digest_participant")),
    Category("announcements", N_("Announcements to your cohort"), ("announcement_posted",)),
    Category(
        "messages",
        N_("New private messages (never the text)"),
        ("message_new", "message_summary"),
    ),
)
BY_KEY = {category.key: category for category in CATEGORIES}
_KIND_TO_CATEGORY = {kind: category.key for category in CATEGORIES for kind in category.kinds}


def category_of(kind: str) -> str:
    """The category a kind belongs to; a kind nobody grouped is its own category."""
    return _KIND_TO_CATEGORY.get(kind, kind)


def category_label(key: str) -> str:
    category = BY_KEY.get(key)
    return category.label if category else key.replace("_", " ")


KIND_LABELS = {
    "absence_alert": N_("Absence alert"),
    "announcement_posted": N_("Announcement"),
    "checkin_closing": N_("Check-in closing soon"),
    "checkin_open": N_("Check-in open"),
    "checkin_reminder": N_("Check-in reminder"),
    "cohort_place_offered": N_("Cohort place offered"),
    "digest_facilitator": N_("Weekly digest (staff)"),
    "digest_participant": N_("Weekly digest (member)"),
    "email_change_confirm": N_("Confirm new email address"),
    "email_changed": N_("Email address changed"),
    "homework_assigned": N_("Homework assigned"),
    "homework_cancelled": N_("Homework cancelled"),
    "homework_due_changed": N_("Homework due date changed"),
    "homework_due_soon": N_("Homework due soon"),
    "homework_feedback": N_("Homework feedback"),
    "homework_overdue": N_("Homework overdue"),
    "homework_reminder": N_("Homework reminder"),
    "intake_reminder": N_("Intake reminder"),
    "feedback_request": N_("Meeting feedback request"),
    "invitation": N_("Invitation"),
    "meeting_cancelled": N_("Meeting cancelled"),
    "meeting_changed": N_("Meeting changed"),
    "meeting_reminder": N_("Meeting reminder"),
    "message_new": N_("New private message"),
    "message_summary": N_("Private messages summary"),
    "own_reminder": N_("Own reminder"),
    "password_reset": N_("Password reset"),
    "privacy_deletion_decided": N_("Deletion request decided"),
    "privacy_deletion_requested": N_("Deletion requested"),
    "risk_alert": N_("Risk alert"),
    "risk_alert_escalation": N_("Risk alert escalation"),
}


def kind_label(kind: str) -> str:
    """Words for a message kind, e.g. ``"absence_alert"`` -> ``"Absence alert"``.

    A kind without a label is shown with its underscores as spaces, first letter capital.
    The labels are marked for translation: callers showing them to a reader pass them
    through ``gettext``.
    """
    return KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize()


def is_essential(kind: str) -> bool:
    """Risk alerts, password resets and invitations cannot be unsubscribed from."""
    return kind in ESSENTIAL_KINDS


def categories_for(role: str) -> list[Category]:
    staff = role in ("admin", "facilitator")
    return [c for c in CATEGORIES if staff or not c.staff_only]

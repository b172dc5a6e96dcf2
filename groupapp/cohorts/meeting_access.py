"""Who may see and change meetings and attendance, decided through the cohort.

Members who have joined see their cohort's schedule and their own attendance, never the
facilitators' notes or anyone else's attendance; invited and waitlisted people see none
of its meetings.
"""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import person_state
from groupapp.core.access import policy
from groupapp.meetings.models import Attendance, Meeting

MEMBER_MEETING_ACTIONS = frozenset({"view", "apologise", "download"})
STAFF_MEETING_ACTIONS = frozenset(
    {"view", "download", "edit", "notes", "attendance", "reschedule", "cancel"}
)


@policy(Meeting)
def meeting_policy(user: User, meeting: Meeting, action: str) -> bool:
    state = person_state(user, meeting.cohort)
    if state == "staff":
        return action in STAFF_MEETING_ACTIONS
    # Invited and waitlisted people see the cohort's join page, not its meetings.
    return state == "joined" and action in MEMBER_MEETING_ACTIONS


@policy(Attendance)
def attendance_policy(user: User, row: Attendance, action: str) -> bool:
    if person_state(user, row.meeting.cohort) == "staff":
        return action in {"view", "edit"}
    return row.user_id == user.id and action == "view"

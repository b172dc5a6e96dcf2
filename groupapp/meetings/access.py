"""Who may see and change meetings and attendance, decided through the cohort.

Participants see their cohort's schedule and their own attendance, never the
facilitators' notes or anyone else's attendance.
"""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.cohorts.access import cohort_role
from groupapp.core.access import policy
from groupapp.meetings.models import Attendance, Meeting

MEMBER_MEETING_ACTIONS = frozenset({"view", "apologise", "download"})
STAFF_MEETING_ACTIONS = frozenset(
    {"view", "download", "edit", "notes", "attendance", "reschedule", "cancel"}
)


@policy(Meeting)
def meeting_policy(user: User, meeting: Meeting, action: str) -> bool:
    role = cohort_role(user, meeting.cohort)
    if role in ("admin", "facilitator"):
        return action in STAFF_MEETING_ACTIONS
    return role == "member" and action in MEMBER_MEETING_ACTIONS


@policy(Attendance)
def attendance_policy(user: User, row: Attendance, action: str) -> bool:
    role = cohort_role(user, row.meeting.cohort)
    if role in ("admin", "facilitator"):
        return action in {"view", "edit"}
    return row.user_id == user.id and action == "view"

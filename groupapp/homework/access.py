"""Who may see and change homework.

Participants reach their own submissions, and read (never change) a submission another
member of the same cohort chose to share. Facilitators reach the cohorts they run;
admins reach their whole organisation. Actions: "view", "edit" (the participant's own
answers), "share" (the participant's choice to show it to their cohort), "review" (comments,
reviewed, revision), "manage" (assignments, templates).

Cancelled homework is the cohort staff's only: participants no longer reach it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.access import manages
from groupapp.cohorts.membership_state import joined_clause
from groupapp.cohorts.models import Cohort, CohortFacilitator, Membership
from groupapp.core.access import policy, same_organisation
from groupapp.db import db
from groupapp.homework.models import Assignment, Feedback, HomeworkTemplate, Submission


def runs_cohort(user: User, cohort: Cohort) -> bool:
    """An admin of the cohort's organisation, or one of its facilitators."""
    return manages(user, cohort)


def is_active_member(user: User, cohort_id: int) -> bool:
    """Whether ``user`` has joined the cohort and is still in it."""
    found = db.session.scalar(
        sa.select(Membership.id).where(
            Membership.cohort_id == cohort_id,
            Membership.user_id == user.id,
            joined_clause(),
        )
    )
    return found is not None


def staff_cohort_ids(user: User) -> sa.Select[Any]:
    """A subquery of the cohort ids whose homework ``user`` oversees."""
    if user.is_admin:
        return sa.select(Cohort.id).where(Cohort.organisation_id == user.organisation_id)
    return (
        sa.select(CohortFacilitator.cohort_id)
        .join(Cohort, Cohort.id == CohortFacilitator.cohort_id)
        .where(
            CohortFacilitator.user_id == user.id,
            Cohort.organisation_id == user.organisation_id,
        )
    )


@policy(HomeworkTemplate)
def template_policy(user: User, template: HomeworkTemplate, action: str) -> bool:
    return user.is_staff and same_organisation(user, template.organisation_id)


@policy(Assignment)
def assignment_policy(user: User, assignment: Assignment, action: str) -> bool:
    if runs_cohort(user, assignment.cohort):
        return True
    if action != "view" or assignment.is_cancelled:
        return False
    return any(sub.user_id == user.id for sub in assignment.submissions)


@policy(Submission)
def submission_policy(user: User, submission: Submission, action: str) -> bool:
    cohort = submission.assignment.cohort
    if submission.user_id == user.id and not submission.assignment.is_cancelled:
        return action in ("view", "share") or (action == "edit" and submission.is_editable)
    if runs_cohort(user, cohort):
        return action in ("view", "review")
    if submission.assignment.is_cancelled:
        return False
    shared_read = action == "view" and submission.is_shared and user.role == "participant"
    return shared_read and is_active_member(user, cohort.id)


@policy(Feedback)
def feedback_policy(user: User, feedback: Feedback, action: str) -> bool:
    return submission_policy(user, feedback.submission, "view" if action == "view" else "review")

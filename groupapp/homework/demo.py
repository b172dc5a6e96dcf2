"""Demo homework in every status, on the cohorts the cohorts seeder made.

Runs after ``groupapp.cohorts.demo``; uses the same services as the pages, then moves a
few timestamps back so the history reads naturally (work handed in before its meeting).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from werkzeug.datastructures import MultiDict

from groupapp.accounts.models import User
from groupapp.cohorts.models import Cohort
from groupapp.db import db, utcnow
from groupapp.demo import DemoContext
from groupapp.homework.library import load_builtin_templates
from groupapp.homework.models import SUBMITTED, Assignment, Submission
from groupapp.homework.review import comment, mark_reviewed, request_revision
from groupapp.homework.services import (
    AssignmentSpec,
    Due,
    assign,
    save_draft,
    set_sharing,
    submit,
)

PATTERNS = {
    "moments": [
        {
            "what_happened": "My flatmate forgot the rent again and asked me to cover it.",
            "what_i_did": "Paid it straight away and said it was no trouble.",
            "patterns": ["caretaking", "ignoring_needs"],
            "whose_responsibility": "Hers. I could have given her the landlord's number.",
        },
        {
            "what_happened": "My manager looked annoyed in a meeting.",
            "what_i_did": "Spent the evening rewriting a report nobody asked me to change.",
            "patterns": ["approval"],
            "whose_responsibility": "",
        },
    ],
    "roots": "At home I was the one who kept everyone calm.",
}
BOUNDARY = {
    "situation": "My brother calls late at night to talk through his arguments with his partner.",
    "my_need": "Sleep, and some evenings that belong to me.",
    "boundary": "I can talk before 9 pm; after that I will answer the next day.",
    "how_said": "By text first, then on the phone when he called at 10.",
    "their_response": "He was quiet, then said he understood.",
    "how_i_felt": "Guilty for an hour, then relieved.",
    "feeling_intensity": 6,
    "next_try": "Say it once and not explain three times.",
}
# Each member writes their own: nobody hands in someone else's words.
PATTERNS_PRIYA = {
    "moments": [
        {
            "what_happened": "A friend cancelled our plans an hour before, again.",
            "what_i_did": "Told her it was fine and offered to drive her to the station instead.",
            "patterns": ["caretaking", "approval"],
            "whose_responsibility": "Her plans are hers. Mine could have stayed mine.",
        },
        {
            "what_happened": "My mum asked how I was and I talked about my sister's problems.",
            "what_i_did": "Changed the subject whenever it came back to me.",
            "patterns": ["ignoring_needs"],
            "whose_responsibility": "Mine: I can say how my week was.",
        },
    ],
    "roots": "I learnt early that being easy to be around kept me safe.",
}
BOUNDARY_JORDAN = {
    "situation": "A colleague leaves his part of our shared report to me every Friday.",
    "my_need": "To finish work on time and not carry his share.",
    "boundary": "Maybe I will try to say something.",
    "how_said": "I have not said it yet.",
    "their_response": "",
    "how_i_felt": "Anxious just thinking about it.",
    "feeling_intensity": 8,
    "next_try": "Write it down before Friday.",
}
DEAR_MAN = {
    "situation": "Asking my partner to share the weekend cooking.",
    "objective": "We take turns cooking on Saturdays and Sundays.",
    "describe": "For the last month I have cooked every weekend meal.",
    "express": "I feel tired and a bit taken for granted.",
    "assert_request": "Could you cook on Sundays from now on?",
    "reinforce": "I would enjoy our weekends more, and you like choosing what we eat.",
    "mindful": "Come back to Sundays if we drift into the washing-up.",
    "appear_confident": "Sit down together, not while I am cooking.",
    "negotiate": "Every other Sunday to start with.",
    "outcome": "",
    "confidence_after": 7,
}


def _template_spec(slug: str, due: Due, later: bool = False) -> AssignmentSpec:
    template = load_builtin_templates()[slug]
    return AssignmentSpec(
        title=template.title,
        instructions=template.instructions,
        fields=template.fields,
        due=due,
        include_later_joiners=later,
        source_slug=slug,
    )


def _flat(answers: dict[str, Any]) -> dict[str, Any]:
    """Answers in the shape a submitted form has (groups as ``<key>-<n>-<field>``)."""
    flat: dict[str, Any] = {}
    for key, value in answers.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for index, entry in enumerate(value):
                for sub, sub_value in entry.items():
                    flat[f"{key}-{index}-{sub}"] = sub_value
        else:
            flat[key] = value
    return flat


def _hand_in(submission: Submission, answers: dict[str, Any], on_time: bool = True) -> None:
    errors = submit(submission, MultiDict({k: _text(v) for k, v in _flat(answers).items()}))
    if errors:
        raise AssertionError(f"demo answers do not fit the template: {errors}")
    due = submission.assignment.due_at
    if on_time and due is not None:
        # Two days before it was due, or just now if that day has not come yet.
        submission.submitted_at = min(due - timedelta(days=2), utcnow() - timedelta(hours=1))
        submission.status = SUBMITTED


def _text(value: Any) -> Any:
    return value if isinstance(value, list) else str(value)


def _by_name(cohort: Cohort) -> dict[str, User]:
    return {m.user.display_name: m.user for m in cohort.memberships if m.status == "active"}


def _submission(assignment: Assignment, user: User) -> Submission:
    return next(s for s in assignment.submissions if s.user_id == user.id)


def seed(ctx: DemoContext) -> None:
    """Homework in every status: to do, draft, submitted, late, reviewed, revision."""
    cohorts: list[Cohort] = ctx.extra.get("cohorts", [])
    if not cohorts:
        return
    _seed_codependency(cohorts[0], ctx.facilitators[0])
    if len(cohorts) > 1:
        _seed_dbt(cohorts[1], ctx.facilitators[1])
    db.session.flush()


def _seed_codependency(cohort: Cohort, lead: User) -> None:
    people = _by_name(cohort)
    week_one = assign(cohort, _template_spec("patterns-journal", Due(meeting_number=2)), lead)
    week_three = assign(
        cohort, _template_spec("boundary-setting-worksheet", Due(meeting_number=5)), lead
    )
    sam, priya, jordan = people.get("Sam"), people.get("Priya"), people.get("Jordan")
    if sam:
        reviewed = _submission(week_one, sam)
        _hand_in(reviewed, PATTERNS)
        comment(reviewed, lead, "You spotted the rent moment as it happened. That is the skill.")
        mark_reviewed(reviewed, lead, "Thank you, Sam. Bring the second moment to group.")
        save_draft(_submission(week_three, sam), MultiDict({"situation": "My neighbour keeps"}))
    if priya:
        _hand_in(_submission(week_one, priya), PATTERNS_PRIYA, on_time=False)  # late
        shared = _submission(week_three, priya)
        _hand_in(shared, BOUNDARY)
        set_sharing(shared, True, "Priya")
    if jordan:
        revise = _submission(week_three, jordan)
        _hand_in(revise, BOUNDARY_JORDAN)
        request_revision(
            revise, lead, "Could you write the exact words you will use, starting with 'I'?"
        )
    # Everyone else still has week one "to do" (and overdue) and week three "to do".


def _seed_dbt(cohort: Cohort, lead: User) -> None:
    people = _by_name(cohort)
    planner = assign(
        cohort, _template_spec("dear-man-planner", Due(meeting_number=4), later=True), lead
    )
    alex, noor = people.get("Alex"), people.get("Noor")
    if alex:
        shared = _submission(planner, alex)
        _hand_in(shared, DEAR_MAN)
        set_sharing(shared, True, "Alex")
    if noor:
        save_draft(_submission(planner, noor), MultiDict({"situation": "Asking for a day off"}))

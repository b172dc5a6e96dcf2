"""Access expectations for the homework routes (format: tests/trust/README.md)."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from groupapp.db import db
from groupapp.homework.library import load_builtin_templates
from groupapp.homework.models import HomeworkTemplate, Submission
from groupapp.homework.services import AssignmentSpec, Due, assign, submit
from tests.homework.support import THOUGHT_RECORD
from tests.trust.matrix import SIGNED_IN, STAFF, Case, allow

OWNER = allow("owner")
MANAGERS = allow("facilitator", "admin")
OWNER_AND_MANAGERS = allow("owner", "facilitator", "admin")
ORG_STAFF = allow("facilitator", "other_cohort_facilitator", "admin")
COHORT = allow("owner", "same_cohort_participant", "facilitator", "admin")


def _submission(world, handed_in: bool = False) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The owner's thought record in cohort A (not shared with the group)."""
    template = load_builtin_templates()["thought-record"]
    spec = AssignmentSpec(template.title, template.instructions, template.fields, Due())
    assignment = assign(world.cohort, spec, world.facilitator)
    submission = next(s for s in assignment.submissions if s.user_id == world.owner.id)
    if handed_in:
        submit(submission, MultiDict(THOUGHT_RECORD))
    db.session.commit()
    return {"submission_id": submission.id}


def _handed_in(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return _submission(world, handed_in=True)


def _assignment(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """An assignment given to cohort A (the owner and the same-cohort participant)."""
    submission = db.session.get(Submission, _submission(world)["submission_id"])
    assert submission is not None
    return {"assignment_id": submission.assignment_id}


def _cohort(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"cohort_id": world.cohort.id}


def _org_template(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    definition = load_builtin_templates()["saying-no-log"]
    template = HomeworkTemplate(
        organisation_id=world.org.id,
        title="Our saying-no log",
        fields=[item.to_dict() for item in definition.fields],
    )
    db.session.add(template)
    db.session.commit()
    return {"template_id": template.id}


BUILTIN = {"key": "builtin:thought-record"}

ACCESS = {
    # Participants' pages.
    "homework.my_homework": Case(get=SIGNED_IN, note="staff are sent on to the review queue"),
    "homework.fill": Case(
        values=_submission,
        get=OWNER_AND_MANAGERS,
        post=OWNER,
        data=lambda world, values: {"situation": "a draft", "action": "draft"},
        note="staff are sent on to the review page",
    ),
    "homework.autosave": Case(
        values=_submission, post=OWNER, data=lambda world, values: {"situation": "typing"}
    ),
    "homework.share": Case(
        values=_handed_in,
        post=OWNER,
        data=lambda world, values: {"share": "y", "shared_name": "Sam"},
    ),
    "homework.read": Case(values=_handed_in, get=OWNER_AND_MANAGERS),
    "homework.shared": Case(values=_cohort, get=COHORT),
    # Facilitators' pages.
    "homework.review_queue": Case(get=STAFF, audit={"GET": "homework.review_queue.read"}),
    "homework.grid": Case(values=_cohort, get=MANAGERS, audit={"GET": "homework.grid.read"}),
    "homework.assign": Case(
        values=_cohort,
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world, values: {
            "template": "builtin:thought-record",
            "audience": "cohort",
            "due_kind": "none",
        },
    ),
    "homework.change_due": Case(
        values=_assignment,
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world, values: {
            "due_kind": "time",
            "due_date": "2030-01-10",
            "due_time": "18:00",
        },
        audit={"POST": "homework.assignment.move_due"},
    ),
    "homework.cancel": Case(
        values=_assignment,
        get=MANAGERS,
        post=MANAGERS,
        audit={"POST": "homework.assignment.cancel"},
    ),
    "homework.review": Case(values=_handed_in, get=MANAGERS),
    "homework.comment": Case(
        values=_handed_in, post=MANAGERS, data=lambda world, values: {"body": "Thank you"}
    ),
    "homework.reviewed": Case(values=_handed_in, post=MANAGERS),
    "homework.revision": Case(
        values=_handed_in, post=MANAGERS, data=lambda world, values: {"note": "Add detail"}
    ),
    # Templates.
    "homework.templates": Case(get=STAFF),
    "homework.template_preview": Case(values=lambda world: BUILTIN, get=STAFF),
    "homework.template_clone": Case(values=lambda world: BUILTIN, post=STAFF),
    "homework.template_new": Case(
        get=STAFF,
        post=STAFF,
        data=lambda world, values: {"title": "Our log", "f0-type": "date", "f0-label": "When"},
        audit={"POST": "homework.template.create"},
    ),
    "homework.template_edit": Case(
        values=_org_template,
        get=ORG_STAFF,
        post=ORG_STAFF,
        data=lambda world, values: {
            "title": "Renamed",
            "f0-type": "short_text",
            "f0-label": "Note",
        },
        audit={"POST": "homework.template.update"},
    ),
    "homework.template_archive": Case(values=_org_template, post=ORG_STAFF),
}

"""Homework test data: a cohort with members, homework given through the real service."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from groupapp.accounts.models import User
from groupapp.db import db
from groupapp.homework.fields import Field
from groupapp.homework.library import load_builtin_templates
from groupapp.homework.models import Assignment, Submission
from groupapp.homework.services import AssignmentSpec, Due, assign
from tests.cohorts.builders import World, enrol, make_cohort
from tests.support.factories import Factories

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')

THOUGHT_RECORD = {
    "situation": "My sister asked me to host again.",
    "automatic_thought": "If I refuse she will stop talking to me.",
    "emotion": "anxious",
    "intensity": "8",
    "evidence_for": "She sulked last time.",
    "evidence_against": "She called me the next day.",
    "balanced_thought": "She may be disappointed and still love me.",
    "intensity_after": "4",
}


@dataclass
class Homework:
    """A New York cohort with two members, and helpers to give and fetch homework."""

    factories: Factories
    world: World
    alice: User
    bob: User
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def cohort(self):  # type: ignore[no-untyped-def]
        return self.world.cohort

    @property
    def facilitator(self) -> User:
        return self.world.facilitator

    def give(
        self,
        slug: str = "thought-record",
        due: Due | None = None,
        members: list[User] | None = None,
        later: bool = False,
    ) -> Assignment:
        template = load_builtin_templates()[slug]
        spec = AssignmentSpec(
            title=template.title,
            instructions=template.instructions,
            fields=template.fields,
            due=due or Due(meeting_number=2),
            member_ids=[m.id for m in members] if members is not None else None,
            include_later_joiners=later,
            source_slug=slug,
        )
        assignment = assign(self.cohort, spec, self.facilitator)
        db.session.commit()
        return assignment

    def submission(self, assignment: Assignment, user: User) -> Submission:
        found = db.session.scalar(
            db.select(Submission).where(
                Submission.assignment_id == assignment.id, Submission.user_id == user.id
            )
        )
        assert found is not None
        return found


def build(factories: Factories, **cohort_changes: object) -> Homework:
    world = make_cohort(factories, **cohort_changes)
    alice, bob = enrol(world, factories, 2, timezone="Europe/London")
    alice.display_name, bob.display_name = "Alice Example", "Bob Example"
    db.session.commit()
    return Homework(factories, world, alice, bob)


def token(client: FlaskClient, path: str = "/homework/") -> str:
    page = client.get(path, follow_redirects=True).get_data(as_text=True)
    match = CSRF_META.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post(client: FlaskClient, path: str, data: dict[str, Any] | list[tuple[str, str]], **kw: Any):  # type: ignore[no-untyped-def]
    """POST with the session's CSRF token, as the page's form would."""
    pairs = list(data.items()) if isinstance(data, dict) else list(data)
    pairs.append(("csrf_token", token(client)))
    return client.post(path, data=MultiDict(pairs), **kw)


def logout(client: FlaskClient) -> None:
    """Sign out through the real form, so the next ``login`` starts afresh."""
    client.post("/logout", data={"csrf_token": token(client)})


def filled_form(
    fields: tuple[Field, ...], text: str | None = None, prefix: str = ""
) -> list[tuple[str, str]]:
    """Form pairs answering every field validly; text fields get ``text`` (or fill to the limit)."""
    pairs: list[tuple[str, str]] = []
    for item in fields:
        name = prefix + item.key
        if item.type == "repeating_group":
            for index in range(item.max_entries):
                pairs += filled_form(item.fields, text, f"{name}-{index}-")
        elif item.type in ("single_choice", "multi_choice"):
            pairs.append((name, item.choices[0].value))
        elif item.type == "scale":
            pairs.append((name, str(item.max)))
        elif item.type == "date":
            pairs.append((name, "2026-03-14"))
        else:
            pairs.append((name, text if text is not None else "y" * (item.max_length or 1)))
    return pairs


def assign_form(client: FlaskClient, hw: Homework, **form: str):  # type: ignore[no-untyped-def]
    """Post the assign form for ``hw``'s cohort: the thought record, to everyone, due before
    meeting 2, with ``form`` changing any of it."""
    data = {
        "template": "builtin:thought-record",
        "audience": "cohort",
        "due_kind": "meeting",
        "meeting_number": "2",
        **form,
    }
    return post(client, f"/homework/cohorts/{hw.cohort.id}/assign", data)

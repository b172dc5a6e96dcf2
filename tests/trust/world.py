"""The people and cohorts every access check runs against.

Two organisations. In the first: an admin, cohort A (facilitator, the owner, a second
participant) and cohort B (its own facilitator and participant). In the second: an admin,
a facilitator and a participant in their own cohort. Each actor name below is a key of
``World.users`` and an attribute (``world.owner``, ``world.other_org_admin``).

Cohort A also has people in each state short of membership (see
``groupapp.cohorts.membership_state``): one invited (agreement not accepted), one
waitlisted, one removed, and one whose data was erased on request (signed in from before
the erasure, so their session no longer opens anything).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from groupapp.accounts.models import Organisation, User
from groupapp.cohorts.models import Cohort, Membership
from groupapp.db import db
from groupapp.privacy.services import anonymise_account
from tests.support.factories import Factories

PARTICIPANTS = ("owner", "same_cohort_participant", "other_cohort_participant")
STAFF_IN_ORG = ("facilitator", "other_cohort_facilitator", "admin")
OTHER_ORG = ("other_org_participant", "other_org_facilitator", "other_org_admin")
# Participants of the first organisation who are not (or no longer) members of cohort A.
MEMBER_STATES = ("invited_participant", "waitlisted_participant", "removed_participant")
ERASED = "erased_participant"
# The owner's support person (groupapp.support): an account that sees only their pages.
SUPPORT_PERSON = "support_person"
ACTORS = (
    "anonymous",
    *PARTICIPANTS,
    *STAFF_IN_ORG,
    *OTHER_ORG,
    *MEMBER_STATES,
    ERASED,
    SUPPORT_PERSON,
)
# Actors without a working session: routes that need one send them to the login page.
SIGNED_OUT = ("anonymous", ERASED)


@dataclass
class World:
    org: Organisation
    other_org: Organisation
    cohort: Cohort  # the owner's cohort, run by "facilitator"
    other_cohort: Cohort  # same organisation, run by "other_cohort_facilitator"
    other_org_cohort: Cohort
    users: dict[str, User] = field(default_factory=dict)
    factories: Factories = field(default_factory=Factories)

    def __getattr__(self, name: str) -> User:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def build_world(factories: Factories) -> World:
    """Fresh organisations, cohorts and people (new each call, so worlds never mix)."""
    org, other_org = factories.org(), factories.org()
    u: dict[str, User] = {}
    for name in PARTICIPANTS:
        u[name] = factories.user("participant", org=org)
    u["facilitator"] = factories.user("facilitator", org=org)
    u["other_cohort_facilitator"] = factories.user("facilitator", org=org)
    u["admin"] = factories.user("admin", org=org)
    u["other_org_participant"] = factories.user("participant", org=other_org)
    u["other_org_facilitator"] = factories.user("facilitator", org=other_org)
    u["other_org_admin"] = factories.user("admin", org=other_org)
    cohort = factories.cohort(
        org, [u["facilitator"]], [u["owner"], u["same_cohort_participant"]], name="Cohort A"
    )
    other_cohort = factories.cohort(
        org, [u["other_cohort_facilitator"]], [u["other_cohort_participant"]], name="Cohort B"
    )
    other_org_cohort = factories.cohort(
        other_org, [u["other_org_facilitator"]], [u["other_org_participant"]], name="Cohort C"
    )
    _people_in_each_state(factories, org, cohort, u)
    _support_person(factories, org, u)
    return World(org, other_org, cohort, other_cohort, other_org_cohort, u, factories)


def _support_person(factories: Factories, org: Organisation, u: dict[str, User]) -> None:
    """The owner's support person, who accepted and is shown the owner's schedule."""
    from groupapp.db import utcnow
    from groupapp.support.models import SupportLink

    u[SUPPORT_PERSON] = factories.user("supporter", org=org)
    db.session.add(
        SupportLink(
            participant_id=u["owner"].id,
            email=u[SUPPORT_PERSON].email,
            supporter_id=u[SUPPORT_PERSON].id,
            accepted_at=utcnow(),
        )
    )
    db.session.commit()


def _people_in_each_state(
    factories: Factories, org: Organisation, cohort: Cohort, u: dict[str, User]
) -> None:
    statuses = {
        "invited_participant": "invited",
        "waitlisted_participant": "waitlisted",
        "removed_participant": "removed",
        ERASED: "exited",
    }
    for name, status in statuses.items():
        u[name] = factories.user("participant", org=org)
        db.session.add(Membership(cohort_id=cohort.id, user_id=u[name].id, status=status))
    anonymise_account(u[ERASED])
    db.session.commit()

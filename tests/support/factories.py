"""Building test data through the same services the app uses."""

from __future__ import annotations

import itertools
from datetime import date

from groupapp.accounts.models import Organisation, User
from groupapp.accounts.passwords import hash_password
from groupapp.cohorts.models import Cohort, CohortFacilitator, Membership
from groupapp.core.addresses import canonical_email
from groupapp.db import db

_counter = itertools.count(1)
_PASSWORD_HASH: dict[str, str] = {}


def _hash(password: str) -> str:
    # argon2 at full strength costs ~0.1 s; tests reuse one hash per password.
    if password not in _PASSWORD_HASH:
        _PASSWORD_HASH[password] = hash_password(password)
    return _PASSWORD_HASH[password]


class Factories:
    PASSWORD = "correct horse battery staple"

    def org(self, name: str | None = None) -> Organisation:
        n = next(_counter)
        org = Organisation(name=name or f"Practice {n}", slug=f"practice-{n}")
        db.session.add(org)
        db.session.flush()
        return org

    def user(
        self,
        role: str = "participant",
        org: Organisation | None = None,
        email: str | None = None,
        name: str | None = None,
        timezone: str = "UTC",
        password: str | None = PASSWORD,
        locale: str = "en",
    ) -> User:
        n = next(_counter)
        user = User(
            organisation=org or self.org(),
            email=canonical_email(email or f"{role}{n}@example.com"),
            display_name=name or f"{role.title()} {n}",
            role=role,
            timezone=timezone,
            locale=locale,
            password_hash=_hash(password) if password else None,
        )
        db.session.add(user)
        db.session.commit()
        return user

    def cohort(
        self,
        org: Organisation,
        facilitators: list[User] = (),  # type: ignore[assignment]
        participants: list[User] = (),  # type: ignore[assignment]
        name: str | None = None,
        timezone: str = "UTC",
        capacity: int = 12,
    ) -> Cohort:
        cohort = Cohort(
            organisation=org,
            name=name or f"Cohort {next(_counter)}",
            timezone=timezone,
            status="active",
            capacity=capacity,
            start_date=date(2026, 1, 5),
        )
        db.session.add(cohort)
        for i, facilitator in enumerate(facilitators):
            db.session.add(CohortFacilitator(cohort=cohort, user=facilitator, is_lead=i == 0))
        for participant in participants:
            db.session.add(
                Membership(
                    cohort=cohort, user=participant, status="active", joined_on=date(2026, 1, 5)
                )
            )
        db.session.commit()
        return cohort

"""Staff pages stay in English but say which language each participant reads."""

from __future__ import annotations

import re

import sqlalchemy as sa

from groupapp.cohorts.models import Membership
from groupapp.db import db


def test_roster_and_member_page_name_each_participants_language(client, factories, login):  # type: ignore[no-untyped-def]
    org = factories.org()
    facilitator = factories.user("facilitator", org=org, locale="es")
    lucia = factories.user(org=org, name="Lucía Pérez", locale="es")
    sam = factories.user(org=org, name="Sam Lee")
    cohort = factories.cohort(org, facilitators=[facilitator], participants=[lucia, sam])
    login(facilitator)
    roster = client.get(f"/cohorts/{cohort.id}/roster").text
    cells = dict(re.findall(r'<th scope="row">([^<]+)</th>.*?<td>([^<]*)</td></tr>', roster))
    assert cells == {"Lucía Pérez": "Español", "Sam Lee": "English"}
    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == lucia.id))
    page = client.get(f"/cohorts/{cohort.id}/members/{membership.id}").text
    assert "language: Español" in page

"""Attendance register, roster and sign-in sheet: content, CSV, PDF, audit and cost."""

from __future__ import annotations

import csv
import io
import os

import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from groupapp.assessments.exports import cohort_csv, pseudonym
from groupapp.cohorts.models import Membership
from groupapp.cohorts.register_pdf import FONT_CANDIDATES
from groupapp.cohorts.registers import attendance_register
from groupapp.db import db
from groupapp.meetings.models import Attendance
from tests.cohorts.builders import World, enrol, make_cohort, shift_to_past
from tests.trust.audit import assert_audited


def marked_world(factories, members: int = 3, weeks: int = 4, marked: int = 2) -> World:  # type: ignore[no-untyped-def]
    """A cohort whose first ``marked`` meetings happened: the first member came to all,
    the second was absent, the rest late; the last meeting is cancelled."""
    world = make_cohort(factories, weeks=weeks)
    people = enrol(world, factories, members)
    for index, person in enumerate(people):
        person.display_name = f"Member {index:03d}"
    shift_to_past(world, marked)
    meetings = world.meetings()
    for meeting in meetings[:marked]:
        for index, person in enumerate(people):
            status = ("present", "absent")[index] if index < 2 else "late"
            db.session.add(Attendance(meeting_id=meeting.id, user_id=person.id, status=status))
    meetings[-1].status = "cancelled"
    db.session.commit()
    return world


def parse_csv(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body)))


def pdf_text(body: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(body))
    return reader, [page.extract_text() for page in reader.pages]


def test_register_has_a_row_per_member_a_column_per_meeting_and_totals(factories) -> None:  # type: ignore[no-untyped-def]
    world = marked_world(factories)
    register = attendance_register(world.cohort)
    assert [row.name for row in register.rows] == ["Member 000", "Member 001", "Member 002"]
    assert [row.codes for row in register.rows] == [
        ["P", "P", "", "X"],
        ["A", "A", "", "X"],
        ["L", "L", "", "X"],
    ]
    assert register.totals[0] == {"present": 1, "absent": 1, "late": 1}
    assert [register.meeting_total(0, status) for status in ("present", "excused")] == [1, 0]
    assert register.meeting_total(2, "present") is None  # nothing recorded yet
    assert register.meeting_total(3, "present") is None  # cancelled
    assert register.rows[1].summary.percent == "0%"


def test_register_page_csv_and_pdf(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = marked_world(factories)
    world.members[2].display_name = "=HYPERLINK(1)"
    db.session.commit()
    login(world.facilitator)
    base = f"/cohorts/{world.cohort.id}/register"
    page = client.get(base).get_data(as_text=True)
    assert "Attendance register" in page
    assert 'class="sheet paper-a4 landscape"' in page
    assert 'href="/static/cohorts/print.css"' in page
    assert 'class="sheet paper-letter landscape"' in client.get(f"{base}?paper=letter").text
    assert_audited("cohort.register.read", actor=world.facilitator, object=world.cohort)

    response = client.get(f"{base}.csv")
    assert response.headers["Content-Disposition"].endswith('register.csv"')
    rows = parse_csv(response.get_data(as_text=True))
    header = rows[0]
    assert header[:2] == ["member", "status"]
    assert header[-5:] == ["present", "late", "absent", "excused", "attendance_rate"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["'=HYPERLINK(1)"][2:6] == ["L", "L", "", "X"]  # the formula is defused
    assert by_name["Member 000"][-5:] == ["2", "0", "0", "0", "1.0"]
    # Nothing recorded yet (the third meeting) and cancelled (the fourth) stay blank, not 0.
    assert by_name["total present"][2:6] == ["1", "1", "", ""]
    assert by_name["total excused"][2:6] == ["0", "0", "", ""]
    assert_audited("cohort.register.export", actor=world.facilitator, object=world.cohort)

    reader, pages = pdf_text(client.get(f"{base}.pdf").data)
    assert "Attendance register" in pages[0]
    assert "Member 000" in pages[0]
    assert "=HYPERLINK(1)" in pages[0]
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    letter, _ = pdf_text(client.get(f"{base}.pdf?paper=letter").data)
    assert (round(letter.pages[0].mediabox.width), round(letter.pages[0].mediabox.height)) == (
        792,
        612,
    )


def test_a_long_register_repeats_its_headings_on_every_pdf_page(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = marked_world(factories, members=45, weeks=20, marked=3)
    world.members[0].display_name = "Zoë Łukasiewicz"
    db.session.commit()
    login(world.facilitator)
    _, pages = pdf_text(client.get(f"/cohorts/{world.cohort.id}/register.pdf").data)
    assert len(pages) > 1
    for text in pages:
        assert "Member" in text  # the heading row, on each page
        assert "Attendance register" in text
    everything = "\n".join(pages)
    for index in range(1, 45):
        assert f"Member {index:03d}" in everything
    # With a Unicode font on the machine the name is kept; Helvetica drops the accents.
    has_font = any(os.path.isfile(path) for path in FONT_CANDIDATES)
    assert ("Zoë Łukasiewicz" if has_font else "Zoe Lukasiewicz") in everything


def _roster_world(factories, invited_name: str) -> World:  # type: ignore[no-untyped-def]
    """Two members who came to meetings, and one person invited who has not joined."""
    world = marked_world(factories, members=2)
    invited = factories.user("participant", org=world.org, name=invited_name)
    db.session.add(Membership(cohort_id=world.cohort.id, user_id=invited.id, status="invited"))
    db.session.commit()
    return world


def test_roster_lists_status_join_date_and_contact(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = _roster_world(factories, "Ines Invited")
    login(world.facilitator)
    page = client.get(f"/cohorts/{world.cohort.id}/roster").get_data(as_text=True)
    assert "Ines Invited" in page
    assert f"Email: {world.members[0].email}" in page
    rows = parse_csv(client.get(f"/cohorts/{world.cohort.id}/roster.csv").get_data(as_text=True))
    assert rows[0] == ["member", "status", "joined_on", "preferred_contact"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Ines Invited"][1:3] == ["Invited", ""]
    assert by_name["Member 000"][1:3] == ["Member", "2026-03-01"]
    assert_audited("cohort.roster.export", actor=world.facilitator, object=world.cohort)


def test_roster_pdf_has_the_pages_rows_and_is_linked_from_it(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = _roster_world(factories, "Zoë Ŝtraße-Invited")
    login(world.facilitator)
    page = client.get(f"/cohorts/{world.cohort.id}/roster?paper=letter").get_data(as_text=True)
    assert f"/cohorts/{world.cohort.id}/roster.pdf?paper=letter" in page
    response = client.get(f"/cohorts/{world.cohort.id}/roster.pdf?paper=letter")
    assert response.mimetype == "application/pdf"
    assert "roster.pdf" in response.headers["Content-Disposition"]
    reader, pages = pdf_text(response.data)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # Letter, portrait
    text = "\n".join(pages)
    assert f"Roster: {world.cohort.name}" in text
    for heading in ("Member", "Status", "Joined", "Preferred contact"):
        assert heading in text
    assert "Member 000" in text
    assert "2026-03-01" in text
    assert world.members[1].email in text
    if any(os.path.isfile(path) for path in FONT_CANDIDATES):
        assert "Zoë Ŝtraße-Invited" in text
    assert_audited("cohort.roster.export", actor=world.facilitator, object=world.cohort)
    a4 = PdfReader(io.BytesIO(client.get(f"/cohorts/{world.cohort.id}/roster.pdf").data))
    assert round(float(a4.pages[0].mediabox.width)) == 595


def test_sign_in_sheet_lists_joined_members_with_room_to_sign(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = marked_world(factories, members=2)
    meeting = world.meetings()[2]
    login(world.facilitator)
    base = f"/cohorts/{world.cohort.id}/meetings/{meeting.id}/sign-in"
    page = client.get(base).get_data(as_text=True)
    assert page.count('class="signature"') == 2 + 3
    _, pages = pdf_text(client.get(f"{base}.pdf").data)
    assert "Sign-in sheet" in pages[0]
    assert "Signature" in pages[0]
    assert "Member 001" in pages[0]
    other = make_cohort(factories)
    assert client.get(f"/cohorts/{other.cohort.id}/meetings/{meeting.id}/sign-in").status_code == (
        404
    )


def test_the_key_from_pseudonyms_to_names_is_a_separate_audited_download(  # type: ignore[no-untyped-def]
    client, factories, login
) -> None:
    world = marked_world(factories, members=2)
    assert all(person.display_name not in cohort_csv(world.cohort) for person in world.members)
    login(world.facilitator)
    response = client.get(f"/assessments/cohorts/{world.cohort.id}/export-key.csv")
    assert response.status_code == 200
    rows = parse_csv(response.get_data(as_text=True))
    assert rows[0] == ["participant", "name", "membership_status"]
    expected = {pseudonym(world.org.id, p.id): p.display_name for p in world.members}
    assert {row[0]: row[1] for row in rows[1:]} == expected
    assert_audited("assessment.export.key", actor=world.facilitator, object=world.cohort)


def _statements(client, count_queries, path: str) -> int:  # type: ignore[no-untyped-def]
    client.get(path)
    with count_queries() as statements:
        assert client.get(path).status_code == 200, path
    return len(statements)


def test_registers_run_a_fixed_number_of_statements(
    client, factories, login, count_queries
) -> None:  # type: ignore[no-untyped-def]
    from tests.homework.support import logout

    results = []
    for members, weeks in ((2, 3), (12, 16)):
        world = marked_world(factories, members=members, weeks=weeks, marked=2)
        cohort, meeting = world.cohort.id, world.meetings()[0].id
        login(world.facilitator)
        paths = [
            f"/cohorts/{cohort}/register",
            f"/cohorts/{cohort}/register.csv",
            f"/cohorts/{cohort}/register.pdf",
            f"/cohorts/{cohort}/roster",
            f"/cohorts/{cohort}/roster.csv",
            f"/cohorts/{cohort}/roster.pdf",
            f"/cohorts/{cohort}/meetings/{meeting}/sign-in",
            f"/cohorts/{cohort}/meetings/{meeting}/sign-in.pdf",
            f"/assessments/cohorts/{cohort}/export-key.csv",
        ]
        results.append([_statements(client, count_queries, p) for p in paths])
        logout(client)
    assert results[0] == results[1]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 2 * 2 + 12 * 2


@given(st.text(max_size=60))
def test_names_without_a_unicode_font_still_print(name: str) -> None:
    from groupapp.cohorts.register_pdf import latin1

    printed = latin1(name)
    printed.encode("latin-1")  # Helvetica can draw every character left
    if name.isascii():
        assert printed == name

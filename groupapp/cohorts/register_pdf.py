"""Attendance registers, rosters and sign-in sheets as PDF (fpdf2: pure Python, no browser).

Tables repeat their heading row on every page. A register with more meetings than fit
across a page is printed in blocks of ``MEETINGS_PER_BLOCK`` meetings, each block with
the names again, so a long series stays readable on A4 and US Letter alike.

Text needs a Unicode font for names in every script: the first of ``FONT_CANDIDATES``
that exists (or the ``REGISTER_PDF_FONT`` setting) is embedded. Without one, the PDF
falls back to the built-in Helvetica, which covers Latin-1 only; other characters are
written without their accents, or as "?".
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from datetime import datetime

from flask import current_app
from fpdf import FPDF
from fpdf.fonts import FontFace

from groupapp.cohorts.registers import PAPERS, Register, RosterRow
from groupapp.meetings.attendance_stats import STATUSES
from groupapp.meetings.models import Meeting

MEETINGS_PER_BLOCK = 14
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)
_FAMILY = "RegisterSans"


class _Sheet(FPDF):
    """A landscape or portrait page with the cohort and title in its header and a page
    number in its footer."""

    def __init__(self, title: str, context: str, paper: str, landscape: bool) -> None:
        super().__init__(orientation="L" if landscape else "P", unit="mm", format=paper)
        self.sheet_title = title
        self.sheet_context = context
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(True, margin=14)
        self.unicode = _use_font(self)
        self.set_title(self._text(f"{title}: {context}"))
        self.set_creator("groupapp")

    def _text(self, value: str) -> str:
        return value if self.unicode else latin1(value)

    def header(self) -> None:
        self.set_font(_family(self), size=12)
        self.cell(0, 7, self._text(f"{self.sheet_title}: {self.sheet_context}"))
        self.ln(9)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(_family(self), size=8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    def grid(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        size: float,
        line_height: float | None = None,
    ) -> None:
        """A table whose first row is its heading, repeated on every page."""
        self.set_font(_family(self), size=size)
        with self.table(
            col_widths=tuple(widths),
            width=sum(widths),
            align="LEFT",
            text_align="LEFT",
            line_height=line_height or size * 0.55,
            headings_style=FontFace(emphasis=None, fill_color=(230, 236, 236)),
            repeat_headings=1,
        ) as table:
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self._text(value))


def latin1(value: str) -> str:
    """``value`` in the characters Helvetica has: accents dropped, the rest as "?"."""
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        stripped = unicodedata.normalize("NFKD", value)
        value = "".join(c for c in stripped if not unicodedata.combining(c))
        return value.encode("latin-1", "replace").decode("latin-1")
    return value


def _font_path() -> str | None:
    configured = current_app.config.get("REGISTER_PDF_FONT")
    for path in (configured, *FONT_CANDIDATES):
        if path and os.path.isfile(path):
            return str(path)
    return None


def _use_font(pdf: FPDF) -> bool:
    path = _font_path()
    if path is None:
        return False
    pdf.add_font(_FAMILY, fname=path)
    return True


def _family(pdf: _Sheet) -> str:
    return _FAMILY if pdf.unicode else "Helvetica"


def _finish(pdf: _Sheet) -> bytes:
    return bytes(pdf.output())


def _heading(meeting: Meeting) -> str:
    moment = datetime.fromisoformat(meeting.local_start)
    return f"{moment.day} {moment:%b}\n{moment:%H:%M}"


def register_pdf(register: Register, paper: str = "a4") -> bytes:
    """The attendance register on ``paper`` ("a4" or "letter"), landscape."""
    pdf = _Sheet("Attendance register", register.cohort.name, PAPERS[paper], landscape=True)
    pdf.add_page()
    meetings = register.meetings
    blocks = [
        range(start, min(start + MEETINGS_PER_BLOCK, len(meetings)))
        for start in range(0, max(len(meetings), 1), MEETINGS_PER_BLOCK)
    ]
    for number, block in enumerate(blocks):
        if number:
            pdf.ln(4)
        last = number == len(blocks) - 1
        heading = ["Member", *(_heading(meetings[i]) for i in block)]
        widths = [48.0, *([12.0] * len(block))]
        if last:
            heading += ["P", "L", "A", "E", "Rate"]
            widths += [9.0] * 4 + [12.0]
        rows = [heading]
        for row in register.rows:
            values = [row.name, *(row.codes[i] for i in block)]
            if last:
                values += [str(getattr(row.summary, s)) for s in STATUSES] + [row.summary.percent]
            rows.append(values)
        pdf.grid(rows, widths, size=8)
    pdf.ln(3)
    pdf.set_font(_family(pdf), size=8)
    pdf.multi_cell(0, 4, "P present, L late, A absent, E excused (apologies), X meeting cancelled.")
    return _finish(pdf)


def sign_in_pdf(meeting: Meeting, names: list[str], when: str, paper: str = "a4") -> bytes:
    """A sign-in sheet: each member's name with an empty signature box."""
    pdf = _Sheet("Sign-in sheet", f"{meeting.cohort.name}, {when}", PAPERS[paper], False)
    pdf.add_page()
    table = [["Name", "Signature"], *([name, ""] for name in names)]
    table += [["", ""]] * 3  # room for a guest or a late joiner
    pdf.grid(table, [70.0, 116.0], size=11, line_height=11.0)  # room to sign
    return _finish(pdf)


def roster_pdf(cohort_name: str, rows: Sequence[RosterRow], paper: str = "a4") -> bytes:
    """The roster on ``paper`` ("a4" or "letter"), portrait: the roster page's columns."""
    pdf = _Sheet("Roster", cohort_name, PAPERS[paper], landscape=False)
    pdf.add_page()
    table = [["Member", "Status", "Joined", "Preferred contact"]]
    table += [[r.name, r.state, str(r.joined_on or ""), r.contact] for r in rows]
    if not rows:
        table.append(["Nobody has been invited to this cohort yet.", "", "", ""])
    pdf.grid(table, [54.0, 28.0, 24.0, 80.0], size=9)
    return _finish(pdf)

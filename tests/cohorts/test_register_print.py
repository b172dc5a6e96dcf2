"""In a real browser: the register prints on A4 or US Letter, its heading row on every
sheet, with no navigation on paper."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.cohorts.test_registers import marked_world
from tests.conftest import browser_login

pytestmark = pytest.mark.browser

POINTS = {"a4": (842, 595), "letter": (792, 612)}  # landscape, width x height


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_printed_register_repeats_its_headings_and_leaves_out_navigation(
    new_page, factories, paper
) -> None:  # type: ignore[no-untyped-def]
    world = marked_world(factories, members=70, weeks=6, marked=2)
    page = new_page()
    browser_login(page, world.facilitator.email)
    page.goto(f"/cohorts/{world.cohort.id}/register?paper={paper}")
    page.emulate_media(media="print")
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=False)))
    assert len(printed.pages) > 1
    for sheet in printed.pages:
        box = sheet.mediabox
        assert (round(box.width), round(box.height)) == POINTS[paper]
        text = sheet.extract_text()
        assert "Member" in text  # the heading row, on every sheet
        assert "Skip to content" not in text
        assert "Download CSV" not in text
        assert "Sign out" not in text
    everything = "\n".join(sheet.extract_text() for sheet in printed.pages)
    assert "Member 069" in everything

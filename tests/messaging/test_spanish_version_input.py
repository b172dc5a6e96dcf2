"""Whatever is typed as an announcement's Spanish version is either kept (cleaned, within
the limits, both parts present) or refused with a message naming the Spanish version."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from groupapp.messaging.announcements import AnnouncementRefused, AnnouncementText, _clean
from groupapp.messaging.models import BODY_MAX, SUBJECT_MAX

typed = st.text(max_size=SUBJECT_MAX + 20) | st.sampled_from(["", " ", "\r\n", "s" * 201])
long_typed = st.text(max_size=300) | st.just("b" * (BODY_MAX + 1))


@given(subject=typed, body=long_typed)
def test_a_spanish_version_is_kept_whole_or_refused_by_name(subject: str, body: str) -> None:
    text = AnnouncementText("Room change", "We meet in Room 4.", spanish_subject=subject,
                            spanish_body=body)  # fmt: skip
    refused = ""
    try:
        clean = _clean(text)
    except AnnouncementRefused as refusal:
        refused = str(refusal)
    if refused:
        assert "Spanish" in refused
        return
    assert (clean.subject, clean.body) == ("Room change", "We meet in Room 4.")
    assert bool(clean.spanish_subject) == bool(clean.spanish_body)
    assert len(clean.spanish_subject) <= SUBJECT_MAX
    assert len(clean.spanish_body) <= BODY_MAX
    assert "\n" not in clean.spanish_subject

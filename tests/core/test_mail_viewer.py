"""The development mail viewer: HTML rendered in a locked-down frame, attachments listed."""

from __future__ import annotations

import re

from groupapp.core.mail import EmailContent, build_message, deliver
from tests.trust.test_headers import _directives

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def _capture_one(app) -> str:  # type: ignore[no-untyped-def]
    content = EmailContent(
        subject="Reminder: Boundaries tomorrow",
        text="See you tomorrow: http://localhost/my/meetings",
        html=(
            "<!doctype html><html><head><title>x</title></head><body>"
            '<p style="color:#1d5c63">See you <a href="http://localhost/my/meetings">tomorrow</a>'
            "</p><script>alert(1)</script></body></html>"
        ),
        attachments=[("meeting.ics", "text/calendar", ICS)],
    )
    deliver(build_message(content, "sam@example.com", "<viewer-test@groupapp>"))
    return "viewer-testgroupapp"


def test_the_html_version_is_framed_with_a_policy_that_runs_nothing(app, client):
    name = _capture_one(app)
    page = client.get(f"/dev/mail/{name}").get_data(as_text=True)
    frame = re.search(r'<iframe[^>]*src="([^"]+)"[^>]*>', page)
    assert frame, "no frame for the HTML version"
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in frame.group(0)
    assert "See you tomorrow" in page  # the plain text, folded away below the frame

    html = client.get(frame.group(1))
    assert html.status_code == 200
    csp = _directives(html.headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'none'"]
    assert "script-src" not in csp  # falls back to default-src 'none': no script runs
    assert csp["frame-ancestors"] == ["'self'"]
    assert html.headers["X-Frame-Options"] == "SAMEORIGIN"
    body = html.get_data(as_text=True)
    assert '<base target="_blank">' in body  # links open in a tab of their own
    assert '<a href="http://localhost/my/meetings">tomorrow</a>' in body


def test_attachments_are_listed_and_download_as_they_were_sent(app, client):
    name = _capture_one(app)
    page = client.get(f"/dev/mail/{name}").get_data(as_text=True)
    assert "meeting.ics" in page
    assert "text/calendar" in page
    download = client.get(f"/dev/mail/{name}/attachments/0")
    assert download.status_code == 200
    assert download.data == ICS
    assert "meeting.ics" in download.headers["Content-Disposition"]
    assert client.get(f"/dev/mail/{name}/attachments/1").status_code == 404


def test_other_pages_still_refuse_to_be_framed(client):
    assert client.get("/login").headers["X-Frame-Options"] == "DENY"

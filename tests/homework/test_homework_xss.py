"""Whatever a participant types is shown as text: no script runs in anyone's browser."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from groupapp.db import db
from groupapp.homework.library import load_builtin_templates
from groupapp.homework.review import comment
from groupapp.homework.services import Due, set_sharing, submit
from tests.homework.support import filled_form, logout, post

PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>"'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"


def _inert(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_a_payload_in_every_text_field_of_every_template_is_inert(hw, client, login):  # type: ignore[no-untyped-def]
    submissions = []
    for slug, template in load_builtin_templates().items():
        sub = hw.submission(hw.give(slug, due=Due()), hw.alice)
        assert submit(sub, MultiDict(filled_form(template.fields, PAYLOAD))) == {}, slug
        set_sharing(sub, True, PAYLOAD[:60])
        comment(sub, hw.facilitator, PAYLOAD)
        submissions.append(sub)
    db.session.commit()

    login(hw.facilitator)
    for page in ("/homework/review", f"/homework/cohorts/{hw.cohort.id}/grid"):
        _inert(client.get(page).get_data(as_text=True))
    for sub in submissions:
        html = client.get(f"/homework/{sub.id}/review").get_data(as_text=True)
        _inert(html)
        assert ESCAPED in html
    logout(client)

    login(hw.alice)
    _inert(client.get("/homework/").get_data(as_text=True))
    for sub in submissions:
        for path in (f"/homework/{sub.id}", f"/homework/{sub.id}/read"):
            html = client.get(path).get_data(as_text=True)
            _inert(html)
            assert ESCAPED in html
    logout(client)

    login(hw.bob)
    _inert(client.get(f"/homework/cohorts/{hw.cohort.id}/shared").get_data(as_text=True))
    for sub in submissions:
        _inert(client.get(f"/homework/{sub.id}/read").get_data(as_text=True))


def test_a_payload_in_a_failed_submit_is_redisplayed_escaped(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    login(hw.alice)
    response = post(client, f"/homework/{sub.id}", {"situation": PAYLOAD, "action": "submit"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    _inert(html)
    assert ESCAPED + "&#34;</textarea>" in html


def test_pages_forbid_inline_scripts(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    login(hw.alice)
    response = client.get(f"/homework/{sub.id}")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<script>" not in response.get_data(as_text=True)

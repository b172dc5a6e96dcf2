"""Ids, body sizes and Accept headers from any client: a clear answer, never a 500."""

from __future__ import annotations

import io

import pytest
from werkzeug.routing import Rule

from groupapp.core.ids import MAX_ID, parse_int

TOO_BIG = ["99999999999999999999", str(MAX_ID + 1), "9" * 5000]


def _int_rules(app) -> list[Rule]:  # type: ignore[no-untyped-def]
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(type(c).__name__ == "BoundedIntConverter" for c in rule._converters.values())
    ]


def _path(rule: Rule, number: str) -> str:
    """The rule's path with ``number`` for every int and a word for any other argument."""
    path = rule.rule
    for name, converter in rule._converters.items():
        kind = "int" if type(converter).__name__ == "BoundedIntConverter" else None
        pattern = [p for p in (f"<int:{name}>", f"<{name}>", f"<string:{name}>") if p in path]
        path = path.replace(pattern[0], number if kind else "x") if pattern else path
    return path


def test_every_int_route_answers_404_for_an_id_no_column_can_hold(app, client, factories, login):
    login(factories.user("admin"))
    rules = _int_rules(app)
    assert len(rules) > 40
    wrong = []
    for rule in rules:
        for method in sorted(rule.methods & {"GET", "POST"}):  # type: ignore[operator]
            for number in TOO_BIG:
                path = _path(rule, number)
                status = client.open(path, method=method).status_code
                if status != 404:
                    wrong.append(f"{method} {path[:80]}: {status}")
    assert wrong == []


def test_the_largest_id_a_column_holds_is_looked_up_and_not_found(client, factories, login):
    login(factories.user("facilitator"))
    assert client.get(f"/meetings/{MAX_ID}").status_code == 404
    assert client.get("/meetings/99999999999999999999").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/cohorts/new?program=99999999999999999999",
        "/cohorts/new?program=1e3",
    ],
)
def test_an_out_of_range_number_in_the_query_is_a_400_with_a_reason(url, client, factories, login):
    login(factories.user("admin"))
    response = client.get(url)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "request was not right" in page
    assert "in the address must be a whole number." in page


@pytest.mark.parametrize(
    "url",
    [
        "/audit?after=99999999999999999999.1",
        "/audit?after=abc",
        "/admin/outbox?after=-1",
        "/admin/outbox?after=" + "9" * 400,
        f"/cohorts?after={MAX_ID + 1}",
        "/homework/review?after=1.2.3",
    ],
)
def test_a_page_cursor_the_app_did_not_make_shows_the_first_page(url, client, factories, login):
    # List pages go page to page by a cursor (groupapp.core.pagination), not a number:
    # a cursor that was altered or made up just starts the list from the top.
    login(factories.user("admin"))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), (" 7 ", 7), ("0", 0), (str(MAX_ID), MAX_ID), ("-1", None), ("", None),
     ("1.0", None), ("٣", None), ("9" * 5000, None), (str(MAX_ID + 1), None), (None, None)],
)  # fmt: skip
def test_parse_int(text, expected):
    assert parse_int(text) == expected


class CountingStream(io.RawIOBase):
    """A request body of ``size`` bytes that counts how much of it the app reads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.position = 0
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = {0: offset, 1: self.position + offset, 2: self.size + offset}[whence]
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        count = min(len(buffer), self.size - self.position)
        buffer[:count] = b"a" * count
        self.position += count
        self.read_bytes += count
        return count


def _post_unread(client, path: str, megabytes: int, content_type: str):  # type: ignore[no-untyped-def]
    """POST a body of ``megabytes`` MB; the answer and how many bytes the app read."""
    body = CountingStream(megabytes * 1024 * 1024)
    response = client.post(
        path, input_stream=body, content_length=body.size, content_type=content_type
    )
    return response, body.read_bytes


def test_a_200_mb_post_to_login_is_refused_unread(client):
    response, read = _post_unread(client, "/login", 200, "application/x-www-form-urlencoded")
    assert (response.status_code, read) == (413, 0)
    assert "too much to send" in response.get_data(as_text=True)


def test_an_80_mb_instrument_upload_is_refused_before_it_is_read(client, factories, login):
    login(factories.user("admin"))
    response, read = _post_unread(
        client, "/assessments/instruments/upload", 80, "multipart/form-data; boundary=x"
    )
    assert (response.status_code, read) == (413, 0)
    assert "Instrument files can be at most 256 KB." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("accept", "json"),
    [
        ("*/*", False),
        ("", False),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False),
        ("text/html, application/json;q=0.5", False),
        ("application/json", True),
        ("application/json, text/plain, */*", True),
        ("text/html;q=0.5, application/json", True),
    ],
)
def test_only_a_client_that_asks_for_json_gets_a_json_401(client, accept, json):
    response = client.get("/my/meetings", headers={"Accept": accept})
    if json:
        assert response.status_code == 401
        assert response.get_json()["error"] == "signed_out"
    else:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]

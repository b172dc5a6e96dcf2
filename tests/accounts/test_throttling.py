"""Login, second-factor, password reset and invitation endpoints answer 429 when hammered."""

from __future__ import annotations

import time

import redis
import time_machine

from groupapp.db import db
from tests.conftest import csrf_token
from tests.support.factories import Factories
from tests.support.parallel import REDIS_URL


def _try_login(client, email: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )


def test_failed_logins_for_one_account_get_429_from_any_address(limited_app, factories):
    app = limited_app()
    user = factories.user(email="target@example.com")
    client = app.test_client()
    for attempt in range(5):
        response = _try_login(client, user.email, "wrong guess number x", f"10.0.1.{attempt}")
        assert response.status_code == 200
    blocked = _try_login(client, user.email, "wrong guess again xx", "10.0.2.99")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    # Even the right password waits: otherwise guessing could simply continue.
    assert _try_login(client, user.email, Factories.PASSWORD, "10.0.3.1").status_code == 429


def test_other_accounts_are_not_affected(limited_app, factories):
    app = limited_app()
    victim = factories.user(email="victim@example.com")
    other = factories.user(email="other@example.com")
    client = app.test_client()
    for attempt in range(6):
        _try_login(client, victim.email, "wrong guess number x", f"10.1.0.{attempt}")
    assert _try_login(client, other.email, Factories.PASSWORD, "10.1.1.1").status_code == 302


def test_a_password_reset_lets_the_real_person_back_in_at_once(limited_app, factories):
    from groupapp.accounts.services import set_password

    app = limited_app()
    user = factories.user(email="locked@example.com")
    client = app.test_client()
    for attempt in range(6):
        _try_login(client, user.email, "wrong guess number x", f"10.2.0.{attempt}")
    assert _try_login(client, user.email, Factories.PASSWORD, "10.2.1.1").status_code == 429
    new = "a fresh start with new words"
    set_password(user, new)
    db.session.commit()
    assert _try_login(client, user.email, new, "10.2.1.2").status_code == 302


def test_successful_logins_do_not_count_against_the_account(limited_app, factories):
    app = limited_app()
    user = factories.user()
    for attempt in range(8):
        client = app.test_client()
        response = _try_login(client, user.email, Factories.PASSWORD, f"10.3.0.{attempt}")
        assert response.status_code == 302


def test_a_room_of_30_people_on_one_address_all_sign_in_within_a_minute(limited_app, factories):
    """A group on the clinic's wifi: everyone gets in, typos included; a flood does not."""
    app = limited_app()
    org = factories.org()
    people = [factories.user(org=org, email=f"member{n}@example.com") for n in range(30)]
    # The clock stands still: every attempt falls within the same minute.
    with time_machine.travel(time.time(), tick=False):
        statuses = []
        for n, person in enumerate(people):
            client = app.test_client()
            if n % 3 == 0:  # every third person mistypes once
                statuses.append(_try_login(client, person.email, "typo in it", "10.4.0.1"))
            statuses.append(_try_login(client, person.email, Factories.PASSWORD, "10.4.0.1"))
        assert [r.status_code for r in statuses] == ([200, 302] + [302] * 2) * 10
        # A flood from the same address (forms sent without a password: no hashing cost).
        client = app.test_client()
        flood = [_try_login(client, f"x{n}@example.com", "", "10.4.0.1") for n in range(51)]
    assert [r.status_code for r in flood[:50]] == [200] * 50
    assert flood[50].status_code == 429  # 90 attempts a minute from one address at most


def test_limits_survive_a_restart_without_redis(limited_app, factories, tmp_path):
    """The embedded default keeps counters in a file, so a restart forgets nothing."""
    from groupapp.config import load_settings

    storage = load_settings(str(tmp_path / "instance"), environ={})["RATELIMIT_STORAGE_URI"]
    user = factories.user(email="restart@example.com")
    before = limited_app(storage)
    for attempt in range(5):
        _try_login(before.test_client(), user.email, "wrong guess number x", f"10.8.0.{attempt}")
    after_restart = limited_app(storage, keep_counters=True)
    blocked = _try_login(after_restart.test_client(), user.email, "wrong guess z", "10.8.1.1")
    assert blocked.status_code == 429


def test_password_reset_requests_are_limited_per_address_and_per_email(limited_app, factories):
    app = limited_app()
    client = app.test_client()
    factories.user(email="reset@example.com")
    token = csrf_token(client, "/password/forgot")

    def ask(email: str, address: str) -> int:
        return client.post(
            "/password/forgot",
            data={"email": email, "csrf_token": token},
            environ_base={"REMOTE_ADDR": address},
        ).status_code

    assert [ask("reset@example.com", f"10.5.0.{n}") for n in range(4)] == [302, 302, 302, 429]
    assert [ask(f"x{n}@example.com", "10.5.1.1") for n in range(6)][-1] == 429


def test_invitation_links_are_limited_per_address(limited_app):
    app = limited_app()
    client = app.test_client()
    token = csrf_token(client, "/login")
    statuses = [
        client.post(
            "/invitations/made-up-link",
            data={"csrf_token": token},
            environ_base={"REMOTE_ADDR": "10.6.0.1"},
        ).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [410] * 10
    assert statuses[10] == 429


def test_limits_are_shared_through_redis_between_app_processes(limited_app, factories):
    url = REDIS_URL
    redis.Redis.from_url(url).flushdb()
    first, second = limited_app(url), limited_app(url)
    user = factories.user(email="shared@example.com")
    for attempt in range(5):
        app = first if attempt % 2 else second
        _try_login(app.test_client(), user.email, "wrong guess number x", f"10.7.0.{attempt}")
    blocked = _try_login(first.test_client(), user.email, "wrong guess z", "10.7.1.1")
    assert blocked.status_code == 429
    keys = redis.Redis.from_url(url).keys("*")
    assert keys
    assert not any(b"shared@example.com" in key for key in keys)  # digests only

"""The password policy and how passwords are stored."""

from __future__ import annotations

import pytest
from argon2 import Type, extract_parameters

from groupapp.accounts.passwords import hash_password, password_problems, verify_password
from tests.conftest import csrf_token


def test_passwords_are_stored_with_argon2id_at_rfc_9106_parameters():
    stored = hash_password("a long enough passphrase here")
    params = extract_parameters(stored)
    assert stored.startswith("$argon2id$v=19$")
    assert params.type is Type.ID
    assert params.memory_cost >= 65536  # 64 MiB
    assert params.time_cost >= 3
    assert params.parallelism >= 4
    assert params.salt_len >= 16
    assert params.hash_len >= 32
    assert verify_password(stored, "a long enough passphrase here")
    assert not verify_password(stored, "a long enough passphrase herE")


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "Password123456!",
        "qwerty123456",
        "iloveyouiloveyou",
        "letmein2024!!",
        "aaaaaaaaaaaaaaaa",
        "1234567890123",
        "qwertyuiopasdfgh",
    ],
)
def test_common_and_guessable_passwords_are_refused(password):
    assert password_problems(password)


@pytest.mark.parametrize(
    "password",
    [
        "our group meets on tuesdays",
        "paper boats drift past the old mill",
        "Kettle-Orbit-Saffron-47",
        "x" * 3 + " the quiet lighthouse keeper sings " * 7,
    ],
)
def test_long_passphrases_are_accepted(password):
    assert password_problems(password[:256]) == []


def test_short_passwords_are_refused_with_the_rule():
    assert "at least 12 characters" in password_problems("Tr0ub4dor&3")[0]


def test_the_persons_own_name_counts_against_the_password():
    assert password_problems("jordanriverside", ["jordan@riverside.example.org", "Jordan"])


def test_change_password_page_refuses_a_common_password(client, factories, login):
    user = factories.user("participant")
    old_hash = user.password_hash
    login(user)
    token = csrf_token(client, "/account/password")
    response = client.post(
        "/account/password",
        data={
            "current": factories.PASSWORD,
            "password": "password123456",
            "confirm": "password123456",
            "csrf_token": token,
        },
    )
    assert response.status_code == 200
    assert "list of common passwords" in response.get_data(as_text=True)
    from groupapp.db import db

    db.session.refresh(user)
    assert user.password_hash == old_hash

"""One canonical form per address: sign-in, invitations and resets find the same person."""

from __future__ import annotations

import unicodedata

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from groupapp.accounts.models import Invitation, User
from groupapp.core.addresses import InvalidAddress, canonical_email, validated_email
from groupapp.db import db
from tests.conftest import csrf_token, login_as
from tests.support.smtp import body_text

COMPOSED = "zo\u00eb@example.org"
DECOMPOSED = "zoe\u0308@example.org"


def test_an_account_made_composed_signs_in_typed_decomposed(client, factories):
    factories.user("participant", email=COMPOSED)
    response = login_as(client, DECOMPOSED.upper())
    assert response.status_code == 302
    assert "/login" not in response.headers["Location"]


def test_inviting_the_decomposed_spelling_finds_the_existing_person(
    client, factories, login, smtputf8_server
):
    person = factories.user("participant", email=COMPOSED)
    login(factories.user("facilitator", org=person.organisation))
    token = csrf_token(client, "/people/invite?role=participant")
    client.post("/people/invite?role=participant", data={"email": DECOMPOSED, "csrf_token": token})
    invitation = db.session.scalar(sa.select(Invitation))
    assert invitation.email == COMPOSED
    smtputf8_server.wait_for(1)
    [(recipients, raw)] = smtputf8_server.envelopes
    assert recipients == [COMPOSED]
    assert f"To: {COMPOSED}".encode() in raw
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2  # nobody new


def test_a_password_reset_typed_with_an_ascii_domain_reaches_the_person(
    client, factories, smtp_server
):
    factories.user("participant", email="kim@bücher.example")
    token = csrf_token(client, "/password/forgot")
    client.post(
        "/password/forgot", data={"email": "KIM@xn--bcher-kva.example", "csrf_token": token}
    )
    [message] = smtp_server.wait_for(1)
    assert "/password/reset/" in body_text(message)
    [(recipients, _raw)] = smtp_server.envelopes
    assert recipients == ["kim@xn--bcher-kva.example"]


def test_canonical_forms():
    assert canonical_email(f"  {DECOMPOSED.upper()} ") == COMPOSED
    assert canonical_email("Kim@BÜCHER.Example") == "kim@bücher.example"
    assert canonical_email("kim@xn--bcher-kva.example") == "kim@bücher.example"
    assert canonical_email("not an address") == "not an address"
    for bad in ("no-at-sign", "a@b..c", '"quoted"@example.org', "a@"):
        with pytest.raises(InvalidAddress, match=r"\w"):
            validated_email(bad)


LOCAL = st.lists(
    st.sampled_from([*"abcxyzAZ09_+-éëüÅßẞ", "e\u0308", "A\u030a"]), min_size=1, max_size=12
).map("".join)
DOMAIN_LABEL = st.sampled_from(
    ["example", "bücher", "BÜCHER", "xn--bcher-kva", "straße", "Ünï", "mail", "ドメイン"]
)


@given(LOCAL, st.lists(DOMAIN_LABEL, min_size=1, max_size=2), st.sampled_from(["org", "Org"]))
def test_every_spelling_of_an_address_has_one_canonical_form(local, labels, tld):
    address = f"{local}@{'.'.join([*labels, tld])}"
    canonical = canonical_email(address)
    assert canonical_email(canonical) == canonical
    assert unicodedata.is_normalized("NFC", canonical)
    assert canonical_email(unicodedata.normalize("NFD", address)) == canonical
    # ("ß".upper() is "SS", another address, so only ASCII letters change case here)
    shouted = "".join(ch.upper() if ch.isascii() else ch for ch in address)
    assert canonical_email(shouted) == canonical


@given(st.text(max_size=300))
def test_any_typed_text_normalises_without_an_error(text):
    canonical = canonical_email(text)
    assert canonical_email(canonical) == canonical

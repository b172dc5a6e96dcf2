"""The recipient header written without a parse tree reads and writes as the package's.

``mail_headers`` keeps a plain ``local@domain`` recipient as it is instead of parsing its
text into a tree and folding the tree again. For any address, plain or not, the bytes and
the addresses read back must be those of the email package's own ``To`` header.
"""

from __future__ import annotations

import string
from email import message_from_bytes
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8, default

from hypothesis import given
from hypothesis import strategies as st

from groupapp.core.mail_headers import MAIL_POLICY, MAIL_POLICY_UTF8, is_plain_address

ATEXT = string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-"
LOCAL = st.one_of(
    st.text(alphabet=ATEXT + ".", min_size=1, max_size=70),
    st.text(alphabet=string.printable, min_size=1, max_size=30),
    st.sampled_from(["zoë", "josé.pérez", "a b", '"quoted"', "a..b", ".a", "a."]),
).filter(lambda local: "\r" not in local and "\n" not in local)
DOMAIN = st.one_of(
    st.from_regex(r"[a-z0-9-]{1,20}(\.[a-z0-9-]{1,20}){0,3}", fullmatch=True),
    st.sampled_from(["example.org", "xn--bcher-kva.example", "[127.0.0.1]", "a_b.example"]),
)
NAME = st.one_of(
    st.just(""), st.text(max_size=20).filter(lambda n: "\r" not in n and "\n" not in n)
)


def written(policy: object, address: Address) -> bytes:
    msg = EmailMessage(policy=policy)  # type: ignore[arg-type]
    msg["To"] = address
    return msg.as_bytes()


@given(NAME, LOCAL, DOMAIN)
def test_recipient_header_is_the_packages(name: str, local: str, domain: str) -> None:
    address = Address(name, local, domain)
    for ours, theirs in ((MAIL_POLICY, SMTP), (MAIL_POLICY_UTF8, SMTPUTF8)):
        assert written(ours, address) == written(theirs, address)
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["To"] = address
    assert msg["To"].addresses == (address,)
    reread = message_from_bytes(written(MAIL_POLICY, address), policy=default)
    assert (
        reread["To"].addresses
        == message_from_bytes(written(SMTP, address), policy=default)["To"].addresses
    )


def test_which_addresses_are_written_as_they_are() -> None:
    assert is_plain_address(Address("", "participant10", "clinic.example.org"))
    assert is_plain_address(Address("", "o'brien+groups", "example.org"))
    assert not is_plain_address(Address("Ann", "ann", "example.org"))  # a display name
    assert not is_plain_address(Address("", "a b", "example.org"))  # needs quoting
    assert not is_plain_address(Address("", "zoë", "example.org"))  # not ASCII
    assert not is_plain_address(Address("", "a..b", "example.org"))  # not a dot-atom
    assert not is_plain_address(Address("", "a" * 70, "example.org"))  # longer than a line

"""Messages built part by part: the same bytes ``set_content`` and ``make_alternative`` gave.

``build_message`` writes each part's headers once instead of letting ``set_content``,
``make_alternative``, ``add_alternative``, ``make_mixed`` and ``add_attachment`` rewrite
them. The builder below is how messages were built with those methods; for any subject,
name, text, attachment and address the two must flatten to the same bytes, for SMTP and
for the capture folder alike.
"""

from __future__ import annotations

import string
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

from flask import current_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupapp.core.addresses import header_address, needs_smtputf8
from groupapp.core.mail import MAIL_POLICY, EmailContent, build_message, for_the_wire
from groupapp.meetings.ical import DOWNLOAD_CONTENT_TYPE

TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs", "Co", "Cn")), max_size=400)
LINE = TEXT.map(lambda text: " ".join(text.split()))
# Long lines, line breaks of every kind, trailing spaces and "=" (quoted-printable's cases).
BODY = st.one_of(
    TEXT,
    st.lists(
        st.sampled_from(["=", " ", "\t", "\r\n", "\n", "\r", "é", "x" * 80, "a", "--", "€"]),
        max_size=60,
    ).map("".join),
)
LOCAL = st.one_of(
    st.text(alphabet=string.ascii_lowercase + string.digits + ".-_", min_size=1, max_size=20),
    st.sampled_from(["zoë", "josé.pérez", "美由紀"]),
).filter(lambda local: not local.startswith(".") and not local.endswith(".") and ".." not in local)
DOMAIN = st.sampled_from(["example.org", "bücher.example", "clínica.example.es", "例え.jp"])
ADDRESS = st.builds(lambda local, domain: f"{local}@{domain}", LOCAL, DOMAIN)
ATTACHMENT = st.tuples(
    st.one_of(st.just("meeting.ics"), LINE.filter(bool)),
    st.sampled_from(["text/calendar", DOWNLOAD_CONTENT_TYPE, "application/pdf"]),
    st.binary(max_size=600),
)


def set_content_message(
    content: EmailContent, to: str, message_id: str, date: str, boundaries: list[str]
) -> EmailMessage:
    """The message as it was built with ``set_content`` and the ``make_*`` methods."""
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["Subject"] = content.subject
    msg["From"] = header_address(current_app.config["MAIL_DEFAULT_SENDER"])
    msg["To"] = header_address(to)
    msg["Date"] = date
    msg["Message-ID"] = message_id
    if content.reply_to and (not needs_smtputf8(content.reply_to) or needs_smtputf8(to)):
        msg["Reply-To"] = header_address(content.reply_to)
    for name, value in content.headers.items():
        msg[name] = value
    msg.set_content(content.text)
    msg.make_alternative(boundary=boundaries[-1])
    msg.add_alternative(content.html, subtype="html")
    if content.attachments:
        msg.make_mixed(boundary=boundaries[0])
    for filename, mime, data in content.attachments:
        maintype, subtype = mime.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def boundaries_of(msg: EmailMessage) -> list[str]:
    """The message's boundaries, outermost first."""
    found: list[str] = []
    while msg.is_multipart():
        found.append(str(msg.get_boundary()))
        msg = msg.get_payload(0)  # type: ignore[assignment]
    return found


def assert_same_bytes(content: EmailContent, to: str) -> EmailMessage:
    built = build_message(content, to, "<1@groupapp>")
    before = set_content_message(
        content, to, "<1@groupapp>", str(built["Date"]), boundaries_of(built)
    )
    ours, theirs = for_the_wire(built), for_the_wire(before)
    assert ours == theirs
    assert bytes(built) == bytes(before)  # the capture folder's
    return built


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    subject=LINE.filter(bool),
    name=LINE,
    text=BODY,
    html=BODY,
    to=ADDRESS,
    reply_to=ADDRESS,
    attachments=st.lists(ATTACHMENT, max_size=2),
    unsubscribe=st.booleans(),
)
def test_any_message_has_the_bytes_set_content_gave(
    app, subject, name, text, html, to, reply_to, attachments, unsubscribe
):
    headers = {"List-Unsubscribe": "<http://localhost/u/abc.def>"} if unsubscribe else {}
    content = EmailContent(
        subject=subject,
        text=text,
        html=html,
        reply_to=f"{name} <{reply_to}>" if name else reply_to,
        headers=headers,
        attachments=attachments,
    )
    with app.app_context():
        assert_same_bytes(content, to)


def test_a_spanish_reminder_with_its_calendar_file_reads_back_whole(app):
    text = "Hola, Zoë:\n\nEl grupo se reúne mañana a las 18:00.\n" + "Más información " * 8
    calendar = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Reuni\xc3\xb3n\r\nEND:VCALENDAR\r\n"
    content = EmailContent(
        subject="Recordatorio: «Límites sanos» se reúne mañana",
        text=text,
        html=f"<p>{text}</p>",
        reply_to="María José <mj@clínica.example.es>",
        attachments=[("reunión.ics", DOWNLOAD_CONTENT_TYPE, calendar)],
    )
    with app.app_context():
        built = assert_same_bytes(content, "zoë@bücher.example")
        data = for_the_wire(built).data
    read = message_from_bytes(data, policy=default_policy)
    assert read["Subject"] == content.subject
    assert read["To"] == "zoë@xn--bcher-kva.example"
    plain, html = read.get_payload(0).get_payload()
    assert plain.get_content().splitlines() == text.splitlines()  # SMTP line endings
    assert html.get_content().splitlines() == f"<p>{text}</p>".splitlines()
    [attached] = list(read.iter_attachments())
    assert attached.get_filename() == "reunión.ics"
    assert attached.get_payload(decode=True) == calendar


def test_a_text_holding_an_earlier_emails_boundary_gets_boundaries_of_its_own(app):
    calendar = ("meeting.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    with app.app_context():
        earlier = build_message(
            EmailContent(subject="Hi", text="Hi", html="<p>Hi</p>", attachments=[calendar]),
            "kim@example.org",
            "<1@groupapp>",
        )
        seen = boundaries_of(earlier)
        # Written back by someone who read the earlier email's source.
        text = f"--{seen[1]}\nContent-Type: text/html\n\n<b>not a part</b>\n--{seen[0]}--\n"
        content = EmailContent(subject="Re", text=text, html="<p>x</p>", attachments=[calendar])
        built = assert_same_bytes(content, "ana@example.org")
        again = build_message(content, "ana@example.org", "<2@groupapp>")
    assert not set(boundaries_of(built)) & set(seen)
    assert boundaries_of(built) != boundaries_of(again)
    read = message_from_bytes(for_the_wire(built).data, policy=default_policy)
    plain, html = read.get_payload(0).get_payload()
    assert plain.get_content().splitlines() == text.splitlines()
    assert html.get_content().splitlines() == ["<p>x</p>"]
    assert [part.get_filename() for part in read.iter_attachments()] == ["meeting.ics"]


def test_messages_without_such_text_share_their_boundaries(app):
    with app.app_context():
        first, second = (
            build_message(EmailContent(subject="Hi", text=t, html=t), "kim@example.org", "<1@x>")
            for t in ("Hello", "Hola")
        )
    assert boundaries_of(first) == boundaries_of(second)

"""What the announcement and private-message endpoints read and write."""

from __future__ import annotations

import marshmallow as ma

from groupapp.api.schemas import IdOf, Text, usable
from groupapp.cohorts.models import Cohort
from groupapp.cohorts.queries import cohort_page
from groupapp.messaging.models import BODY_MAX, SUBJECT_MAX


class AnnouncementWordsSchema(ma.Schema):
    """An announcement's subject and text in one language."""

    subject = Text(SUBJECT_MAX, 1, required=True)
    body = Text(BODY_MAX, 1, multiline=True, required=True)


class AnnouncementTranslationsSchema(ma.Schema):
    """Versions in other languages, by language code; members whose language it is read
    that version on their pages and in the email."""

    es = ma.fields.Nested(AnnouncementWordsSchema, metadata={"description": "in Spanish"})


class AnnouncementSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    cohort_id = ma.fields.Integer(dump_only=True)
    subject = ma.fields.String(dump_only=True)
    body = ma.fields.String(dump_only=True)
    pinned = ma.fields.Boolean(dump_only=True)
    text_in_email = ma.fields.Boolean(dump_only=True)
    translations = ma.fields.Nested(
        AnnouncementTranslationsSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "null when the announcement is in English only"},
    )
    author_name = ma.fields.Function(
        lambda a: a.author.display_name if a.author else None, dump_only=True
    )
    created_at = ma.fields.AwareDateTime(dump_only=True)
    edited_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)
    withdrawn_at = ma.fields.AwareDateTime(
        dump_only=True, allow_none=True, metadata={"description": "staff only see these"}
    )


class NewAnnouncementSchema(ma.Schema):
    """An announcement to every joined member; the email carries the text only when
    ``text_in_email`` is true (email is not a private channel)."""

    subject = Text(SUBJECT_MAX, 1, required=True)
    body = Text(BODY_MAX, 1, multiline=True, required=True)
    pinned = ma.fields.Boolean(load_default=False)
    text_in_email = ma.fields.Boolean(load_default=False)
    translations = ma.fields.Nested(
        AnnouncementTranslationsSchema,
        load_default=dict,
        metadata={"description": 'optional: `{"es": {"subject", "body"}}`'},
    )


class ThreadSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    cohort_id = ma.fields.Integer(dump_only=True)
    participant_id = ma.fields.Integer(dump_only=True)
    subject = ma.fields.String(dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)
    last_message_at = ma.fields.AwareDateTime(dump_only=True)
    closed_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)


class ThreadRowSchema(ThreadSchema):
    unread = ma.fields.Boolean(dump_only=True)


class MessageSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    author_id = ma.fields.Integer(dump_only=True, allow_none=True)
    author_name = ma.fields.Function(
        lambda m: m.author.display_name if m.author else None, dump_only=True
    )
    body = ma.fields.String(dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)


class ThreadWithMessagesSchema(ThreadSchema):
    messages = ma.fields.List(ma.fields.Nested(MessageSchema), dump_only=True)
    older_messages = ma.fields.Boolean(
        dump_only=True, metadata={"description": "true when only the newest are included"}
    )


class NewThreadSchema(ma.Schema):
    """A participant writes to the facilitators of a cohort they joined; staff write to
    one of its members (``participant_id``)."""

    cohort_id = IdOf(usable(Cohort, load=cohort_page), "cohort", required=True)
    participant_id = ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=2_147_483_647),
        metadata={"description": "staff only: the member to write to"},
    )
    subject = Text(SUBJECT_MAX, 1, required=True)
    body = Text(BODY_MAX, 1, multiline=True, required=True)


class NewMessageSchema(ma.Schema):
    body = Text(BODY_MAX, 1, multiline=True, required=True)

"""Topic handouts: members read them after the meeting; staff edit their programs' copies."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import abort
from flask_login import current_user

from groupapp.api.auth import api_blueprint
from groupapp.api.changes import commit_or_refuse
from groupapp.api.schemas import ID, Text
from groupapp.cohorts.handouts import meeting_handout
from groupapp.core.access import get_or_404
from groupapp.core.i18n import user_locale
from groupapp.meetings.models import Meeting
from groupapp.programs import services as programs
from groupapp.programs.handouts import MAX_HANDOUT_TEXT
from groupapp.programs.models import ProgramTopic

blp = api_blueprint("handouts", "Handouts members read after the meeting on a topic")


class MeetingHandoutSchema(ma.Schema):
    meeting_id = ma.fields.Integer(required=True)
    topic = ma.fields.String(required=True)
    about = ma.fields.String(required=True)
    practice = ma.fields.String(required=True)


class TopicHandoutSchema(ma.Schema):
    topic_id = ma.fields.Integer(required=True, attribute="id", dump_only=True)
    title = ma.fields.String(required=True, dump_only=True)
    about = Text(MAX_HANDOUT_TEXT, multiline=True, required=True, attribute="handout_about")
    practice = Text(MAX_HANDOUT_TEXT, multiline=True, required=True, attribute="handout_practice")


@blp.route(f"/meetings/<{ID}:meeting_id>/handout", methods=["GET"])
@blp.response(200, MeetingHandoutSchema)
def get_meeting_handout(meeting_id: int) -> Any:
    """The handout of a meeting's topic, once the meeting has ended (its members and
    facilitators); 404 before then or when the topic has none."""
    meeting = get_or_404(Meeting, meeting_id)
    # Members read it in their own language where the built-in program has one.
    language = "en" if current_user.is_staff else user_locale(current_user)
    handout = meeting_handout(meeting, language=language)
    if handout is None:
        abort(404)
    return handout


def _topic(topic_id: int, action: str) -> ProgramTopic:
    return get_or_404(ProgramTopic, topic_id, action)


@blp.route(f"/program-topics/<{ID}:topic_id>/handout", methods=["GET"])
@blp.response(200, TopicHandoutSchema)
def get_topic_handout(topic_id: int) -> Any:
    """A program topic's handout as the organisation's copy holds it (staff)."""
    return _topic(topic_id, "view")


@blp.route(f"/program-topics/<{ID}:topic_id>/handout", methods=["PUT"])
@blp.arguments(TopicHandoutSchema)
@blp.response(200, TopicHandoutSchema)
def put_topic_handout(body: dict[str, str], topic_id: int) -> Any:
    """Replace a topic's handout in the organisation's copy of a program (staff)."""
    topic = _topic(topic_id, "edit")
    return commit_or_refuse(
        lambda: programs.save_handout(
            topic, about=body["handout_about"], practice=body["handout_practice"]
        )
    )

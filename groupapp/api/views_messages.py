"""Announcements of a cohort and private message threads, as the pages offer them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_login import current_user

from groupapp.accounts.models import User
from groupapp.api.auth import api_blueprint
from groupapp.api.changes import (
    commit_or_refuse,
    field_error,
    refuse_unavailable,
    unknown_reference,
)
from groupapp.api.message_schemas import (
    AnnouncementSchema,
    MessageSchema,
    NewAnnouncementSchema,
    NewMessageSchema,
    NewThreadSchema,
    ThreadRowSchema,
    ThreadSchema,
    ThreadWithMessagesSchema,
)
from groupapp.api.schemas import ID, PageArgs, page_query, page_schema
from groupapp.api.views_cohorts import load_cohort
from groupapp.audit.services import record
from groupapp.cohorts.access import manages
from groupapp.cohorts.membership_state import is_joined
from groupapp.cohorts.models import Cohort
from groupapp.core.access import check
from groupapp.db import db
from groupapp.messaging import announcements, threads
from groupapp.messaging.access import is_staff_reader, visible_threads_clause
from groupapp.messaging.models import Announcement, MessageThread, ThreadRead
from groupapp.messaging.views_threads import READ_ACTION

blp = api_blueprint("messages", "Announcements to a cohort and private messages")


def _thread(thread_id: int, action: str = "view") -> MessageThread:
    return check(threads.load_thread(thread_id), action)


@blp.route(f"/cohorts/<{ID}:cohort_id>/announcements", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(AnnouncementSchema))
def list_announcements(args: dict[str, int], cohort_id: int) -> Any:
    """A cohort's announcements, newest first (withdrawn ones for its staff only)."""
    cohort = load_cohort(cohort_id)
    query = sa.select(Announcement).where(Announcement.cohort_id == cohort.id)
    if not manages(current_user, cohort):
        query = query.where(Announcement.withdrawn_at.is_(None))
    return page_query(query.order_by(Announcement.created_at.desc(), Announcement.id), args)


@blp.route(f"/cohorts/<{ID}:cohort_id>/announcements", methods=["POST"])
@blp.arguments(NewAnnouncementSchema)
@blp.response(201, AnnouncementSchema)
def post_announcement(body: dict[str, Any], cohort_id: int) -> Any:
    """Post an announcement; each joined member gets an email (the text only if asked)."""
    cohort = load_cohort(cohort_id, "manage")
    spanish = body.pop("translations").get(announcements.SPANISH) or {}
    text = announcements.AnnouncementText(
        **body,
        spanish_subject=spanish.get("subject", ""),
        spanish_body=spanish.get("body", ""),
    )
    return commit_or_refuse(lambda: announcements.post(cohort, current_user, text))


@blp.route("/message-threads", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(ThreadRowSchema))
def list_threads(args: dict[str, int]) -> Any:
    """The threads the caller may open, latest activity first, with an unread mark."""
    query = (
        sa.select(MessageThread)
        .where(visible_threads_clause(current_user))
        .order_by(MessageThread.last_message_at.desc(), MessageThread.id)
    )
    page = page_query(query, args)
    unread = _unread_ids([thread.id for thread in page["items"]])
    page["items"] = [_row(thread, thread.id in unread) for thread in page["items"]]
    if current_user.is_staff:
        record("messages.inbox.read", ("MessageThread", None))
        db.session.commit()
    return page


def _unread_ids(ids: list[int]) -> set[int]:
    """Which of the threads ``ids`` hold a message the caller has not read (one query)."""
    if not ids:
        return set()
    rows = db.session.scalars(
        sa.select(MessageThread.id)
        .outerjoin(ThreadRead, threads.read_join(current_user))
        .where(MessageThread.id.in_(ids), threads.unread_clause(current_user))
    )
    return set(rows)


def _fields(thread: MessageThread, **extra: Any) -> dict[str, Any]:
    """The thread's fields as values (the response schema serialises them)."""
    names = ThreadSchema().fields.keys()
    return {name: getattr(thread, name) for name in names} | extra


def _row(thread: MessageThread, unread: bool) -> dict[str, Any]:
    return _fields(thread, unread=unread)


@blp.route("/message-threads", methods=["POST"])
@blp.arguments(NewThreadSchema)
@blp.response(201, ThreadSchema)
def open_thread(body: dict[str, Any]) -> Any:
    """Open a thread with a first message: a member to their cohort's facilitators, or
    staff to one member (``participant_id``)."""
    refuse_unavailable()
    cohort: Cohort = body["cohort_id"]  # one the caller runs or belongs to (the schema's)
    participant: User = current_user._get_current_object()
    if manages(current_user, cohort):
        if "participant_id" not in body:
            field_error("participant_id", "Name the member to write to.")
        member = db.session.get(User, body["participant_id"])
        if member is None or not is_joined(member, cohort):
            unknown_reference("participant_id", "member of this cohort")
        participant = member
    message = commit_or_refuse(
        lambda: threads.open_thread(
            cohort, participant, current_user, body["subject"], body["body"]
        )
    )
    return db.session.get(MessageThread, message.thread_id)


@blp.route(f"/message-threads/<{ID}:thread_id>", methods=["GET"])
@blp.response(200, ThreadWithMessagesSchema)
def get_thread(thread_id: int) -> Any:
    """A thread with its newest messages (oldest first); marks it read. Staff reads are
    audited."""
    thread = _thread(thread_id)
    page = threads.messages_page(thread, None)
    threads.mark_read(thread, current_user)
    data = _fields(
        thread,
        messages=list(reversed(page.items)),
        older_messages=page.next_cursor is not None,
    )
    if is_staff_reader(current_user, thread):
        record(READ_ACTION, thread, subject_user_id=thread.participant_id)
    db.session.commit()
    return data


@blp.route(f"/message-threads/<{ID}:thread_id>/messages", methods=["POST"])
@blp.arguments(NewMessageSchema)
@blp.response(201, MessageSchema)
def post_message(body: dict[str, Any], thread_id: int) -> Any:
    """Write in a thread (422 once it is closed)."""
    thread = _thread(thread_id)
    return commit_or_refuse(lambda: threads.write(thread, current_user, body["body"]))


@blp.route(f"/message-threads/<{ID}:thread_id>/close", methods=["POST"])
@blp.response(200, ThreadSchema)
def close_thread(thread_id: int) -> Any:
    """Close a thread (staff): it stays readable, nobody can write in it any more."""
    thread = _thread(thread_id)  # 404 for anyone who may not know the thread exists
    if not is_staff_reader(current_user, thread):
        field_error("thread_id", "Only the cohort's facilitators can close it.", 403)
    return commit_or_refuse(lambda: threads.close(thread, current_user))

"""Program operations: copy a built-in template or a program, edit it, order its topics.

They flush, never commit: the view commits once.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.core.i18n import SUPPORTED_LOCALES
from groupapp.db import db, utcnow
from groupapp.programs.catalog import ProgramTemplate, Topic, load_builtin_programs
from groupapp.programs.handouts import DEFAULT_LANGUAGE, Handout, builtin_handout
from groupapp.programs.models import Program, ProgramTopic
from groupapp.programs.translations import TopicWords, translation_of


def builtin_templates() -> list[ProgramTemplate]:
    """The built-in templates, sorted by name for display."""
    return sorted(load_builtin_programs().values(), key=lambda t: t.name)


def builtin_template(slug: str) -> ProgramTemplate | None:
    """One built-in template by slug, or None."""
    return load_builtin_programs().get(slug)


def organisation_programs(organisation_id: int) -> list[Program]:
    """The organisation's live programs with their topics, in one query."""
    return list(
        db.session.scalars(
            sa.select(Program)
            .where(Program.organisation_id == organisation_id, Program.archived_at.is_(None))
            .options(sa.orm.selectinload(Program.topics))
            .order_by(Program.name, Program.id)
        )
    )


def _new_program(source: Program | ProgramTemplate, user: User, name: str) -> Program:
    """A program in the user's organisation with ``source``'s settings and topics.

    Built-in topics hold goals and agenda as tuples, organisation topics as
    lines of text; both are stored as lines. Handouts come from the built-in's data
    files, or from the program being copied.
    """
    source_topics: Sequence[Topic | ProgramTopic] = source.topics
    handouts = [_handout_of(source, topic) for topic in source_topics]
    program = Program(
        organisation_id=user.organisation_id,
        source_slug=source.slug if isinstance(source, ProgramTemplate) else source.source_slug,
        name=name[:120],
        modality=source.modality,
        description=source.description,
        weeks=source.weeks,
        meeting_minutes=source.meeting_minutes,
        created_by_id=user.id,
        topics=[
            ProgramTopic(
                position=index,
                title=topic.title,
                goals=_lines(topic.goals),
                agenda=_lines(topic.agenda),
                suggested_homework=topic.suggested_homework,
                assessment_due=topic.assessment_due,
                handout_about=handouts[index].about,
                handout_practice=handouts[index].practice,
                translations=topic.translations if isinstance(topic, ProgramTopic) else None,
            )
            for index, topic in enumerate(source_topics)
        ],
    )
    db.session.add(program)
    db.session.flush()
    return program


def _handout_of(source: Program | ProgramTemplate, topic: Topic | ProgramTopic) -> Handout:
    if isinstance(topic, ProgramTopic):
        return Handout(topic.handout_about, topic.handout_practice)
    return builtin_handout(source.slug, topic.week) or Handout("", "")  # type: ignore[union-attr]


def builtin_handouts(template: ProgramTemplate) -> dict[int, Handout]:
    """A built-in template's handouts by week number (weeks without one left out)."""
    found = {topic.week: builtin_handout(template.slug, topic.week) for topic in template.topics}
    return {week: handout for week, handout in found.items() if handout is not None}


def _lines(value: str | Sequence[str]) -> str:
    return value if isinstance(value, str) else "\n".join(value)


def copy_builtin(template: ProgramTemplate, user: User, name: str | None = None) -> Program:
    """Copy a built-in template into the user's organisation, ready to edit."""
    return _new_program(template, user, name or template.name)


def organisation_copy_of(template: ProgramTemplate, user: User) -> Program:
    """The organisation's oldest copy of a built-in template, made now if there is none.

    Creating a cohort straight from a built-in uses this, so the organisation's
    program list does not fill up with identical copies.
    """
    existing = db.session.scalar(
        sa.select(Program)
        .where(
            Program.organisation_id == user.organisation_id,
            Program.source_slug == template.slug,
            Program.archived_at.is_(None),
        )
        .order_by(Program.id)
        .limit(1)
    )
    return existing or copy_builtin(template, user)


def duplicate(program: Program, user: User) -> Program:
    """A new editable copy of one of the organisation's programs."""
    return _new_program(program, user, f"{program.name} (copy)")


def update_details(
    program: Program,
    *,
    name: str,
    modality: str,
    description: str,
    weeks: int,
    meeting_minutes: int,
) -> None:
    """Change a program's name, modality, description and default lengths."""
    program.name = name.strip()
    program.modality = modality
    program.description = description.strip()
    program.weeks = weeks
    program.meeting_minutes = meeting_minutes
    db.session.flush()


def save_topic(
    program: Program,
    topic: ProgramTopic | None,
    *,
    title: str,
    goals: str,
    agenda: str,
    suggested_homework: str | None,
    assessment_due: bool,
    handout_about: str = "",
    handout_practice: str = "",
    spanish: dict[str, str] | None = None,
) -> ProgramTopic:
    """Edit a topic (with its participant handout), or append one when ``topic`` is None.

    ``spanish`` (``title``, ``about``, ``practice``; "" for none) replaces the topic's
    Spanish version; None keeps the one it has (see :func:`keep_translations`).
    """
    if topic is None:
        topic = ProgramTopic(position=len(program.topics))
        program.topics.append(topic)
    keep_translations(topic, program.source_slug)
    if spanish is not None:
        set_translation(topic, "es", spanish)
    topic.title = title.strip()
    topic.goals = goals.strip()
    topic.agenda = agenda.strip()
    topic.suggested_homework = (suggested_homework or "").strip() or None
    topic.assessment_due = assessment_due
    return save_handout(topic, about=handout_about, practice=handout_practice)


def save_handout(topic: ProgramTopic, *, about: str, practice: str) -> ProgramTopic:
    """Replace a topic's participant handout (both texts; empty texts remove it).

    The topic's translations are kept as readers see them now (:func:`keep_translations`).
    """
    keep_translations(topic, topic.program.source_slug)
    topic.handout_about = about.strip()
    topic.handout_practice = practice.strip()
    db.session.flush()
    return topic


def keep_translations(topic: ProgramTopic, source_slug: str | None) -> None:
    """Store the words readers of each other language see now, before the English changes.

    A topic never edited follows the built-in program's translation only while its
    English is the built-in text; storing that translation with the topic keeps it
    through any later edit of the English.
    """
    stored = dict(topic.translations or {})
    handout = Handout(topic.handout_about or "", topic.handout_practice or "")
    english = TopicWords(topic.title or "", handout)
    for language in SUPPORTED_LOCALES:
        if language == DEFAULT_LANGUAGE or language in stored or topic.position is None:
            continue
        words = translation_of(source_slug, topic.position, english, None, language)
        if any(words.values()):
            stored[language] = words
    topic.translations = stored or None


def set_translation(topic: ProgramTopic, language: str, words: dict[str, str]) -> None:
    """Replace the topic's ``language`` version (``title``, ``about``, ``practice``;
    texts stripped, "" where readers of that language see the English)."""
    clean = {key: (words.get(key) or "").strip() for key in ("title", "about", "practice")}
    topic.translations = {**(topic.translations or {}), language: clean}


def _renumber(topics: Sequence[ProgramTopic]) -> None:
    for index, topic in enumerate(topics):
        topic.position = index


def move_topic(program: Program, topic: ProgramTopic, offset: int) -> None:
    """Move a topic up (-1) or down (+1) in the program's order."""
    topics = list(program.topics)
    old = topics.index(topic)
    new = max(0, min(len(topics) - 1, old + offset))
    topics.insert(new, topics.pop(old))
    _renumber(topics)
    db.session.flush()


def remove_topic(program: Program, topic: ProgramTopic) -> None:
    """Delete a topic and close the gap in the order."""
    program.topics.remove(topic)
    _renumber(program.topics)
    db.session.flush()


def archive(program: Program) -> None:
    """Hide a program from lists; cohorts that follow it keep working."""
    program.archived_at = utcnow()
    db.session.flush()

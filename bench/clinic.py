"""A large clinic's data in PostgreSQL, generated with bulk SQL, for the benchmarks.

At ``scale=1``: 60 facilitators, 300 cohorts, 4,000 participants, a year of weekly meetings
per cohort (39 weeks past, 13 to come) with attendance for every past meeting, 30,000
homework submissions, 20,000 questionnaire responses, plus consent records, audit events
and outbox messages in proportion. Every count grows linearly with ``scale``.

Rows are made by ``INSERT ... SELECT`` over ``generate_series`` and the rows inserted
before them (never ORM objects one by one), so 1x takes seconds and 10x well under two
minutes. Only the organisation, its admin, the built-in questionnaires and the privacy
notice go through the app's own services.

Used by ``bench/pages.py`` (web pages) and importable by the worker benchmark::

    from bench.clinic import generate, reset_schema
    with app.app_context():
        reset_schema()
        clinic = generate(scale=1.0)

Command line: ``python -m bench.clinic --scale 1 [--database URL]``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from groupapp import models as _models  # noqa: F401  (loads every table)
from groupapp.accounts.models import User
from groupapp.accounts.services import create_user, get_or_create_organisation
from groupapp.assessments.catalog import ensure_builtins
from groupapp.assessments.models import Instrument, InstrumentVersion
from groupapp.cohorts.calendar import feed_for
from groupapp.db import db
from groupapp.homework.library import load_builtin_templates
from groupapp.privacy.services import NOTICE, publish_notice

PASSWORD = "bench-clinic-password-2026"  # noqa: S105  (benchmark data only)
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_clinic"

# Sizes at scale 1 (a large clinic).
FACILITATORS = 60
COHORTS = 300
PARTICIPANTS = 4000
WEEKS_PAST = 39
WEEKS_AHEAD = 13
SUBMISSIONS = 30_000
RESPONSES_PER_PARTICIPANT = 5  # 20,000 at 4,000 participants
AUDIT_EVENTS_PER_PERSON = 25
OUTBOX_PER_PERSON = 10


@dataclass(frozen=True)
class Clinic:
    """What the benchmark needs to know about the generated clinic."""

    organisation_id: int
    admin_email: str
    facilitator_email: str  # leads and co-leads the most cohorts
    participant_email: str
    password: str
    facilitator_feed_token: str
    participant_feed_token: str
    counts: dict[str, int]
    seconds: float


def scaled(base: int, scale: float, least: int = 1) -> int:
    """``base * scale`` rounded, never below ``least``."""
    return max(least, round(base * scale))


def reset_schema() -> None:
    """Drop every table and create the current schema (PostgreSQL only)."""
    if db.engine.dialect.name != "postgresql":
        raise RuntimeError("the clinic generator writes PostgreSQL SQL")
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.create_all()


BULK_TABLES = (
    "meetings",
    "attendance",
    "homework_submissions",
    "assessment_responses",
    "consent_records",
    "audit_events",
    "outbox_messages",
)


@contextmanager
def _bulk_load(tables: tuple[str, ...]) -> Iterator[None]:
    """Load without foreign-key triggers and secondary indexes, then rebuild the indexes.

    Building an index once over all rows is several times faster than updating it row
    by row; the generator's own joins guarantee the references.
    """
    _run("SET LOCAL session_replication_role = replica")
    _run("SET LOCAL synchronous_commit = off")
    _run("SET LOCAL maintenance_work_mem = '256MB'")
    indexes = db.session.execute(
        sa.text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND tablename = ANY(:tables) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        ),
        {"tables": list(tables)},
    ).all()
    for name, _definition in indexes:
        _run(f'DROP INDEX "{name}"')
    yield
    for _name, definition in indexes:
        _run(definition)
    _run("SET LOCAL session_replication_role = origin")


def _run(sql: str, **params: Any) -> int:
    return db.session.execute(sa.text(sql), params).rowcount or 0


def _thought_record() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A built-in template's fields and a plausible full set of answers to them."""
    template = load_builtin_templates()["thought-record"]
    answers: dict[str, Any] = {}
    for field in template.fields:
        if field.type == "scale":
            answers[field.key] = (field.min + field.max) // 2
        elif field.is_text:
            answers[field.key] = (
                "My friend asked me to cover her shift again and I said yes before "
                "thinking; afterwards I felt resentful and tired."
            )[: field.max_length or 200]
    return [field.to_dict() for field in template.fields], answers


def _people(org_id: int, role: str, prefix: str, count: int, hash_: str) -> None:
    _run(
        """
        INSERT INTO users (organisation_id, email, display_name, password_hash, role,
                           timezone, active, session_token, created_at, updated_at)
        SELECT :org, :prefix || g || '@clinic.example.org',
               initcap(:prefix) || ' ' || lpad(g::text, 5, '0'), :hash, :role,
               (ARRAY['America/New_York', 'Europe/London', 'America/Chicago',
                      'Australia/Sydney'])[1 + g % 4],
               true, md5(:prefix || g || random()::text) || md5(random()::text),
               now(), now()
        FROM generate_series(1, :n) AS g
        """,
        org=org_id,
        prefix=prefix,
        role=role,
        hash=hash_,
        n=count,
    )


def _cohorts(org_id: int, count: int) -> None:
    _run(
        """
        INSERT INTO cohorts (organisation_id, name, description, status, timezone, capacity,
                             start_date, weekdays, start_time, duration_minutes, weeks,
                             interval_weeks, location, video_url, absence_threshold,
                             created_at, updated_at)
        SELECT :org, 'Cohort ' || lpad(g::text, 5, '0'), '', 'active',
               (ARRAY['America/New_York', 'Europe/London', 'America/Chicago'])[1 + g % 3],
               16, (current_date - 7 * :past + g % 5), ((g % 5)::text), time '18:00', 90,
               :weeks, 1, 'Room ' || (1 + g % 12), '', 2, now(), now()
        FROM generate_series(1, :n) AS g
        """,
        org=org_id,
        n=count,
        past=WEEKS_PAST,
        weeks=WEEKS_PAST + WEEKS_AHEAD,
    )


def _facilitation(org_id: int) -> None:
    """Each cohort: a lead and a co-facilitator, spread evenly over the facilitators."""
    _run(
        """
        WITH f AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i
                   FROM users WHERE organisation_id = :org AND role = 'facilitator'),
             c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i
                   FROM cohorts WHERE organisation_id = :org)
        INSERT INTO cohort_facilitators (cohort_id, user_id, is_lead)
        SELECT c.id, f.id, lead FROM c
        CROSS JOIN (VALUES (0, true), (1, false)) AS roles(shift, lead)
        JOIN f ON f.i = (c.i + roles.shift) % (SELECT count(*) FROM f)
        ON CONFLICT DO NOTHING
        """,
        org=org_id,
    )


def _memberships(org_id: int) -> None:
    """Every participant in one cohort; one in 25 waitlisted, one in 40 exited."""
    _run(
        """
        WITH p AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i
                   FROM users WHERE organisation_id = :org AND role = 'participant'),
             c AS (SELECT id, start_date, row_number() OVER (ORDER BY id) - 1 AS i
                   FROM cohorts WHERE organisation_id = :org)
        INSERT INTO memberships (cohort_id, user_id, status, joined_on, exited_on,
                                 waitlisted_at, created_at, updated_at)
        SELECT c.id, p.id,
               CASE WHEN p.i % 25 = 24 THEN 'waitlisted'
                    WHEN p.i % 40 = 39 THEN 'exited' ELSE 'active' END,
               c.start_date,
               CASE WHEN p.i % 40 = 39 AND p.i % 25 <> 24 THEN current_date - 30 END,
               CASE WHEN p.i % 25 = 24 THEN now() - interval '20 days' END,
               now(), now()
        FROM p JOIN c ON c.i = p.i % (SELECT count(*) FROM c)  -- a constant: a hash join
        """,
        org=org_id,
    )


def _meetings(org_id: int) -> None:
    """A weekly meeting per cohort at 18:00 its own time; one in 17 cancelled."""
    _run(
        """
        INSERT INTO meetings (cohort_id, sequence, starts_at, ends_at, local_start, topic,
                              status, private_notes, position, is_extra, cancel_reason,
                              created_at, updated_at)
        SELECT c.id, 0, t.starts_at, t.starts_at + interval '90 minutes',
               to_char(t.local, 'YYYY-MM-DD"T"HH24:MI'), 'Week ' || (w + 1),
               CASE WHEN w % 17 = 5 THEN 'cancelled'
                    WHEN t.starts_at < now() THEN 'completed' ELSE 'scheduled' END,
               '', w, false, CASE WHEN w % 17 = 5 THEN 'Facilitator unwell' ELSE '' END,
               now(), now()
        FROM cohorts c
        CROSS JOIN generate_series(0, c.weeks - 1) AS w
        CROSS JOIN LATERAL (
            SELECT (c.start_date + 7 * w) + c.start_time AS local,
                   ((c.start_date + 7 * w) + c.start_time) AT TIME ZONE c.timezone AS starts_at
        ) AS t
        WHERE c.organisation_id = :org
        """,
        org=org_id,
    )


def _attendance(org_id: int) -> None:
    """A mark for every active member at every past meeting that took place."""
    _run(
        """
        INSERT INTO attendance (meeting_id, user_id, status, comment, recorded_at,
                                recorded_by_id, is_apology)
        SELECT m.id, ms.user_id,
               CASE WHEN h < 75 THEN 'present' WHEN h < 83 THEN 'late'
                    WHEN h < 95 THEN 'absent' ELSE 'excused' END,
               '', m.ends_at, f.user_id, h >= 98
        FROM meetings m
        JOIN cohorts c ON c.id = m.cohort_id
        JOIN memberships ms ON ms.cohort_id = m.cohort_id AND ms.status = 'active'
        JOIN cohort_facilitators f ON f.cohort_id = m.cohort_id AND f.is_lead
        CROSS JOIN LATERAL (SELECT abs(hashtext(m.id || ':' || ms.user_id)) % 100 AS h) AS hv
        WHERE c.organisation_id = :org AND m.status = 'completed'
        """,
        org=org_id,
    )


def _homework(org_id: int, per_cohort: int, fields: list[Any], answers: dict[str, Any]) -> None:
    """Assignments every four weeks per cohort, a submission for every active member."""
    _run(
        """
        INSERT INTO homework_assignments (cohort_id, source_slug, title, instructions, fields,
                                          audience, include_later_joiners, due_at_fixed,
                                          created_by_id, created_at, updated_at)
        SELECT c.id, 'thought-record', 'Thought record ' || (k + 1), 'Fill in one entry.',
               CAST(:fields AS json), 'cohort', false,
               (c.start_date + 7 * (4 * k + 1) + c.start_time) AT TIME ZONE c.timezone,
               f.user_id, now(), now()
        FROM cohorts c
        JOIN cohort_facilitators f ON f.cohort_id = c.id AND f.is_lead
        CROSS JOIN generate_series(0, :k - 1) AS k
        WHERE c.organisation_id = :org
        """,
        org=org_id,
        k=per_cohort,
        fields=json.dumps(fields),
    )
    _run(
        """
        INSERT INTO homework_submissions (assignment_id, user_id, status, answers,
                                          submitted_at, reviewed_at, reviewed_by_id,
                                          share_with_group, shared_name,
                                          created_at, updated_at)
        SELECT a.id, ms.user_id, s.status,
               CASE WHEN s.status IN ('to_do') THEN CAST('{}' AS json)
                    ELSE CAST(:answers AS json) END,
               CASE WHEN s.status <> 'to_do' THEN a.due_at_fixed - interval '1 day'
                                                                  + s.late END,
               CASE WHEN s.status = 'reviewed' THEN a.due_at_fixed + interval '3 days' END,
               CASE WHEN s.status = 'reviewed' THEN a.created_by_id END,
               false, '', now(), now()
        FROM homework_assignments a
        JOIN cohorts c ON c.id = a.cohort_id
        JOIN memberships ms ON ms.cohort_id = a.cohort_id AND ms.status = 'active'
        CROSS JOIN LATERAL (SELECT abs(hashtext(a.id || ':' || ms.user_id)) % 100 AS h) AS hv
        CROSS JOIN LATERAL (
            SELECT CASE WHEN a.due_at_fixed > now() THEN 'to_do'
                        WHEN h < 55 THEN 'reviewed' WHEN h < 80 THEN 'submitted'
                        WHEN h < 88 THEN 'late' ELSE 'to_do' END AS status,
                   CASE WHEN h BETWEEN 80 AND 87 THEN interval '3 days'
                        ELSE interval '0' END AS late
        ) AS s
        WHERE c.organisation_id = :org
        """,
        org=org_id,
        answers=json.dumps(answers),
    )


def _responses(org_id: int, per_person: int) -> None:
    """A PHQ-9 schedule per cohort and ``per_person`` answered check-ins per member."""
    instrument = db.session.scalar(
        sa.select(Instrument).where(Instrument.organisation_id == org_id, Instrument.slug == "phq9")
    )
    assert instrument is not None
    assert instrument.current_version_id is not None
    version = db.session.get(InstrumentVersion, instrument.current_version_id)
    assert version is not None
    items = [item.id for item in version.parsed().items if item.scored]
    answers = {item: str(i % 3) for i, item in enumerate(items)}
    _run(
        """
        INSERT INTO assessment_schedules (cohort_id, instrument_id, at_baseline, every_weeks,
                                          meeting_ids, at_end, window_before_days,
                                          window_after_days, created_at, updated_at)
        SELECT c.id, :instrument, true, 4, CAST('[]' AS json), true, 2, 5, now(), now()
        FROM cohorts c WHERE c.organisation_id = :org
        """,
        org=org_id,
        instrument=instrument.id,
    )
    _run(
        """
        INSERT INTO assessment_responses (organisation_id, cohort_id, user_id, schedule_id,
                                          instrument_id, instrument_version_id,
                                          occurrence_key, due_on, status, answers,
                                          submitted_at, total, band, subscales, risk_flags,
                                          created_at, updated_at)
        SELECT :org, ms.cohort_id, ms.user_id, s.id, :instrument, :version,
               CASE WHEN k = 0 THEN 'baseline' ELSE 'week-' || (4 * k) END,
               c.start_date + 28 * k, 'submitted', CAST(:answers AS json),
               (c.start_date + 28 * k + time '20:15') AT TIME ZONE c.timezone,
               8 + (ms.user_id + k) % 10, 'Mild', CAST('{}' AS json), CAST('[]' AS json),
               now(), now()
        FROM memberships ms
        JOIN cohorts c ON c.id = ms.cohort_id
        JOIN assessment_schedules s ON s.cohort_id = c.id
        CROSS JOIN generate_series(0, :k - 1) AS k
        WHERE c.organisation_id = :org AND ms.status IN ('active', 'exited')
        """,
        org=org_id,
        instrument=instrument.id,
        version=version.id,
        answers=json.dumps(answers),
        k=per_person,
    )


def _consent(org_id: int, notice_version: int) -> None:
    """Everyone accepted the privacy notice; members accepted their cohort's agreement."""
    _run(
        """
        INSERT INTO cohort_agreements (cohort_id, version, text, created_at, created_by_id)
        SELECT c.id, 1, 'We keep what is shared here in the room.', now(), f.user_id
        FROM cohorts c JOIN cohort_facilitators f ON f.cohort_id = c.id AND f.is_lead
        WHERE c.organisation_id = :org
        """,
        org=org_id,
    )
    _run(
        """
        INSERT INTO consent_records (user_id, document, document_ref, version, accepted_at)
        SELECT id, :notice, :org, :version, now() FROM users
        WHERE organisation_id = :org AND role = 'participant'
        UNION ALL
        SELECT ms.user_id, 'group_agreement', ms.cohort_id, 1, now()
        FROM memberships ms JOIN cohorts c ON c.id = ms.cohort_id
        WHERE c.organisation_id = :org AND ms.status = 'active'
        """,
        org=org_id,
        notice=NOTICE,
        version=notice_version,
    )


def _audit(org_id: int, per_person: int) -> None:
    """A history of sign-ins and homework reads, spread over the past year."""
    _run(
        """
        INSERT INTO audit_events (occurred_at, organisation_id, actor_id, action, object_type,
                                  object_id, subject_user_id, ip_address, reason)
        SELECT now() - (g * interval '1 minute') * 365 * 24 * 60 / (:per * u.n),
               :org, u.id,
               (ARRAY['accounts.login', 'homework.submission.read',
                      'cohort.attendance.read'])[1 + g % 3],
               'User', u.id::text, u.id, '127.0.0.1', NULL
        FROM (SELECT id, count(*) OVER () AS n FROM users WHERE organisation_id = :org) AS u
        CROSS JOIN generate_series(1, :per) AS g
        """,
        org=org_id,
        per=per_person,
    )


def _outbox(org_id: int, per_person: int) -> None:
    """Messages already sent (and a few failed or skipped) over the past year."""
    _run(
        """
        INSERT INTO outbox_messages (kind, dedupe_key, organisation_id, recipient_id,
                                     recipient_email, params, status, send_after, attempts,
                                     sent_at, created_at)
        SELECT k.kind, k.kind || ':' || u.id || ':bench:' || g, :org, u.id, u.email,
               CAST('{}' AS json),
               CASE WHEN g % 50 = 7 THEN 'failed' WHEN g % 30 = 3 THEN 'skipped'
                    ELSE 'sent' END,
               now() - g * interval '3 days', 1,
               CASE WHEN g % 50 <> 7 AND g % 30 <> 3 THEN now() - g * interval '3 days' END,
               now() - g * interval '3 days'
        FROM users u
        CROSS JOIN generate_series(1, :per) AS g
        CROSS JOIN LATERAL (
            SELECT (ARRAY['meeting_reminder', 'homework_due_soon', 'digest_participant',
                          'checkin_open'])[1 + g % 4] AS kind
        ) AS k
        WHERE u.organisation_id = :org
        """,
        org=org_id,
        per=per_person,
    )


def _bulk(
    org_id: int, scale: float, hash_: str, notice_version: int, step: Callable[[str], None]
) -> None:
    _people(org_id, "facilitator", "facilitator", scaled(FACILITATORS, scale), hash_)
    _people(org_id, "participant", "participant", scaled(PARTICIPANTS, scale, 2), hash_)
    _cohorts(org_id, scaled(COHORTS, scale))
    _facilitation(org_id)
    _memberships(org_id)
    step("people, cohorts, memberships")
    _meetings(org_id)
    _attendance(org_id)
    step("meetings and attendance")
    fields, answers = _thought_record()
    per_cohort = max(1, round(SUBMISSIONS / PARTICIPANTS / 0.94))  # active members only
    _homework(org_id, min(per_cohort, (WEEKS_PAST + WEEKS_AHEAD) // 4), fields, answers)
    _responses(org_id, RESPONSES_PER_PARTICIPANT)
    _consent(org_id, notice_version)
    step("homework, responses, consent")
    _audit(org_id, AUDIT_EVENTS_PER_PERSON)
    _outbox(org_id, OUTBOX_PER_PERSON)
    step("audit events and outbox")


def generate(scale: float = 1.0, log: bool = False) -> Clinic:
    """Fill an empty schema with one clinic of the given ``scale``; commit; describe it.

    Raises ``RuntimeError`` off PostgreSQL (the bulk SQL is PostgreSQL's).
    """
    if db.engine.dialect.name != "postgresql":
        raise RuntimeError("the clinic generator writes PostgreSQL SQL")
    started = time.perf_counter()

    def step(name: str) -> None:
        if log:
            print(f"  {time.perf_counter() - started:6.1f} s  {name}", flush=True)

    org = get_or_create_organisation("Lakeside Clinic")
    admin = create_user(org, "admin@clinic.example.org", "Clinic Admin", "admin", PASSWORD)
    ensure_builtins(org)
    notice = publish_notice(admin, "We keep what you share to run your group.")
    db.session.flush()
    step("organisation, admin, questionnaires, privacy notice")
    hash_ = admin.password_hash or ""
    with _bulk_load(BULK_TABLES):
        _bulk(org.id, scale, hash_, notice.version, step)
    step("indexes rebuilt")
    db.session.commit()
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("VACUUM ANALYZE"))
    step("VACUUM ANALYZE")
    counts = {
        table: db.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
        for table in ("users", "cohorts", "memberships", *BULK_TABLES)
    }
    return describe(counts, time.perf_counter() - started)


def describe(counts: dict[str, int] | None = None, seconds: float = 0.0) -> Clinic:
    """The clinic in the database: who signs in, and their calendar feed tokens.

    Creates the feed tokens on first use (and commits). Raises ``LookupError`` when the
    database holds no generated clinic.
    """

    def user(email: str) -> User:
        found = db.session.scalar(sa.select(User).where(User.email == email))
        if found is None:
            raise LookupError(f"no {email} here: generate the clinic first")
        return found

    admin = user("admin@clinic.example.org")
    facilitator = user("facilitator1@clinic.example.org")
    participant = user("participant1@clinic.example.org")
    tokens = (feed_for(facilitator).token, feed_for(participant).token)
    db.session.commit()
    return Clinic(
        organisation_id=admin.organisation_id,
        admin_email=admin.email,
        facilitator_email=facilitator.email,
        participant_email=participant.email,
        password=PASSWORD,
        facilitator_feed_token=tokens[0],
        participant_feed_token=tokens[1],
        counts=counts or {},
        seconds=seconds,
    )


def bench_app(database_url: str) -> Any:
    """The app configured the way the benchmarks run it (PostgreSQL, no mail sent)."""
    from groupapp import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "bench-clinic",
            "MAIL_DISPATCH": "inline",
            "MAIL_SERVER": "",
            "BASE_URL": "http://127.0.0.1",
        }
    )


def main() -> None:
    """Command line: regenerate the clinic in the given PostgreSQL database."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = a large clinic")
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    )
    args = parser.parse_args()
    app = bench_app(args.database)
    with app.app_context():
        reset_schema()
        clinic = generate(args.scale, log=True)
    print(f"generated scale {args.scale} in {clinic.seconds:.1f} s")
    for table, count in clinic.counts.items():
        print(f"  {table:22} {count:>10,}")


if __name__ == "__main__":
    main()


__all__ = ["Clinic", "bench_app", "describe", "generate", "main", "reset_schema", "scaled"]

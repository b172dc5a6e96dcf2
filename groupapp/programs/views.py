"""Program pages: the built-in templates, the organisation's copies, and topic editing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from groupapp.core.access import get_or_404, role_required
from groupapp.core.confirm import Confirmation, confirm_page, confirmed
from groupapp.core.i18n import current_locale
from groupapp.db import db
from groupapp.programs import bp, services
from groupapp.programs.forms import EmptyForm, ProgramForm, TopicForm
from groupapp.programs.handouts import Handout
from groupapp.programs.models import Program, ProgramTopic
from groupapp.programs.pages import form_page
from groupapp.programs.translations import TopicWords, topic_words, translation_of

STAFF = ("admin", "facilitator")
NO_SPANISH = "No Spanish version: Spanish readers see the English."


def _topic_of(program: Program, topic_id: int) -> ProgramTopic:
    topic = next((t for t in program.topics if t.id == topic_id), None)
    if topic is None:
        abort(404)
    return topic


@bp.app_template_filter("topic_words")
def topic_words_filter(title: str) -> str:
    """A meeting's topic in the language being rendered, where it is a built-in topic."""
    return topic_words(title, current_locale())


@bp.app_template_global("topic_spanish")
def topic_spanish(program: Program, topic: ProgramTopic) -> dict[str, str]:
    """The topic's Spanish version (``title``, ``about``, ``practice``; "" where Spanish
    readers see the English), as stored or from the built-in program. No statement."""
    english = TopicWords(topic.title, Handout(topic.handout_about, topic.handout_practice))
    return translation_of(program.source_slug, topic.position, english, topic.translations, "es")


@bp.route("/programs")
@role_required(*STAFF)
def index():
    return render_template(
        "programs/index.html",
        builtins=services.builtin_templates(),
        programs=services.organisation_programs(current_user.organisation_id),
        form=EmptyForm(),
    )


@bp.route("/programs/builtin/<slug>")
@role_required(*STAFF)
def builtin(slug: str):
    template = services.builtin_template(slug)
    if template is None:
        abort(404)
    return render_template(
        "programs/builtin.html",
        template=template,
        handouts=services.builtin_handouts(template),
        form=EmptyForm(),
    )


@bp.route("/programs/builtin/<slug>/copy", methods=["POST"])
@role_required(*STAFF)
def copy_builtin(slug: str):
    template = services.builtin_template(slug)
    if template is None or not EmptyForm().validate_on_submit():
        abort(404 if template is None else 400)
    program = services.copy_builtin(template, current_user)
    db.session.commit()
    flash(
        _(
            "“%(name)s” is now in your organisation's programs. Edit it as you like.",
            name=program.name,
        ),
        "success",
    )
    return redirect(url_for("programs.detail", program_id=program.id))


@bp.route("/programs/<int:program_id>")
@role_required(*STAFF)
def detail(program_id: int):
    program = get_or_404(Program, program_id)
    return render_template("programs/detail.html", program=program, form=EmptyForm())


@bp.route("/programs/<int:program_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(program_id: int):
    program = get_or_404(Program, program_id, "edit")
    form = ProgramForm(obj=program)
    if form.validate_on_submit():
        services.update_details(
            program,
            name=form.name.data,
            modality=form.modality.data,
            description=form.description.data or "",
            weeks=form.weeks.data,
            meeting_minutes=form.meeting_minutes.data,
        )
        db.session.commit()
        flash(_("Program saved."), "success")
        return redirect(url_for("programs.detail", program_id=program.id))
    return form_page(
        form,
        title=f"Edit {program.name}",
        back=url_for("programs.detail", program_id=program.id),
        submit="Save program",
    )


@bp.route("/programs/<int:program_id>/duplicate", methods=["POST"])
@role_required(*STAFF)
def duplicate(program_id: int):
    program = get_or_404(Program, program_id, "duplicate")
    if not EmptyForm().validate_on_submit():
        abort(400)
    copy = services.duplicate(program, current_user)
    db.session.commit()
    flash(_("A copy was made; rename and edit it."), "success")
    return redirect(url_for("programs.edit", program_id=copy.id))


@bp.route("/programs/<int:program_id>/archive", methods=["POST"])
@role_required(*STAFF)
def archive(program_id: int):
    program = get_or_404(Program, program_id, "archive")
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not confirmed():
        return confirm_page(
            Confirmation(
                f"Archive {program.name}?",
                "It leaves the list of programs to start a cohort from. Cohorts that follow it "
                "keep working.",
                "Archive the program",
                url_for("programs.detail", program_id=program.id),
            )
        )
    services.archive(program)
    db.session.commit()
    flash(_("Program archived. Cohorts that follow it are not affected."), "success")
    return redirect(url_for("programs.index"))


@bp.route("/programs/<int:program_id>/topics/new", methods=["GET", "POST"])
@bp.route("/programs/<int:program_id>/topics/<int:topic_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_topic(program_id: int, topic_id: int | None = None):
    program = get_or_404(Program, program_id, "edit")
    topic = _topic_of(program, topic_id) if topic_id is not None else None
    form = TopicForm(obj=topic)
    spanish = topic_spanish(program, topic) if topic else {}
    if not form.is_submitted():
        form.spanish_title.data = spanish.get("title", "")
        form.spanish_about.data = spanish.get("about", "")
        form.spanish_practice.data = spanish.get("practice", "")
    if form.validate_on_submit():
        services.save_topic(
            program,
            topic,
            title=form.title.data,
            goals=form.goals.data or "",
            agenda=form.agenda.data or "",
            suggested_homework=form.suggested_homework.data,
            assessment_due=form.assessment_due.data,
            handout_about=form.handout_about.data or "",
            handout_practice=form.handout_practice.data or "",
            spanish=form.spanish(),
        )
        db.session.commit()
        flash(_("Topic saved."), "success")
        return redirect(url_for("programs.detail", program_id=program.id))
    return form_page(
        form,
        title=f"Edit “{topic.title}”" if topic else "Add a topic",
        context=program.name,
        back=url_for("programs.detail", program_id=program.id),
        submit="Save topic",
        intro="" if any(spanish.values()) else NO_SPANISH,
    )


@bp.route("/programs/<int:program_id>/topics/<int:topic_id>/move", methods=["POST"])
@role_required(*STAFF)
def move_topic(program_id: int, topic_id: int):
    program = get_or_404(Program, program_id, "edit")
    topic = _topic_of(program, topic_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.move_topic(program, topic, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return redirect(url_for("programs.detail", program_id=program.id, _anchor=f"topic-{topic.id}"))


@bp.route("/programs/<int:program_id>/topics/<int:topic_id>/delete", methods=["POST"])
@role_required(*STAFF)
def delete_topic(program_id: int, topic_id: int):
    program = get_or_404(Program, program_id, "edit")
    topic = _topic_of(program, topic_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not confirmed():
        return confirm_page(
            Confirmation(
                f"Remove the topic “{topic.title}”?",
                f"It is taken out of {program.name}'s outline.",
                "Remove the topic",
                url_for("programs.detail", program_id=program.id),
            )
        )
    services.remove_topic(program, topic)
    db.session.commit()
    flash(_("Topic removed."), "success")
    return redirect(url_for("programs.detail", program_id=program.id))

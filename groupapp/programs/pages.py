"""One template for the many small one-form pages of programs, cohorts and meetings."""

from __future__ import annotations

from flask import render_template
from flask_wtf import FlaskForm


def form_page(
    form: FlaskForm,
    *,
    title: str,
    back: str,
    submit: str,
    intro: str = "",
    context: str = "",
    danger: bool = False,
    busy: str = "",
) -> str:
    """Render ``form`` with a heading, an optional intro line and a way back; ``busy``,
    when given, is what the page says while a slow submission is on its way."""
    return render_template(
        "programs/form_page.html",
        form=form,
        title=title,
        back=back,
        submit=submit,
        intro=intro,
        context=context,
        danger=danger,
        busy=busy,
    )

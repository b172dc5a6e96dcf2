"""The goal form: the member's words and, optionally, the five levels described."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField

from groupapp.goals.models import LEVELS
from groupapp.goals.services import GoalInput, GoalProblem, level_name, read_goal


class GoalForm(FlaskForm):
    """A goal as typed; ``validate`` applies ``read_goal``'s rules and keeps ``checked``."""

    statement = StringField(
        _l("Your goal, in your own words"),
        description=_l('For example: "say no to extra shifts without apologising twice".'),
        render_kw={"maxlength": 300},
    )
    level_m2 = StringField(_l("-2 · Much less than expected"), render_kw={"maxlength": 300})
    level_m1 = StringField(_l("-1 · Less than expected"), render_kw={"maxlength": 300})
    level_p0 = StringField(_l("0 · As expected"), render_kw={"maxlength": 300})
    level_p1 = StringField(_l("+1 · More than expected"), render_kw={"maxlength": 300})
    level_p2 = StringField(_l("+2 · Much more than expected"), render_kw={"maxlength": 300})
    agree = BooleanField("I agreed this goal and its levels with the member", default=True)

    checked: GoalInput | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        """Run the CSRF check, then the goal rules, putting each problem on its field."""
        if not super().validate(extra_validators):
            return False
        try:
            self.checked = read_goal(self.data)
        except GoalProblem as problem:
            for name, text in problem.problems.items():
                self[name].errors = [*self[name].errors, text]  # type: ignore[index]
            return False
        return True

    def level_fields(self) -> list[Any]:
        """The five level inputs, -2 first."""
        return [self[level_name(level)] for level, _ in LEVELS]

"""The one place that answers "may this user do this to this object?".

Each domain registers a policy for its own models with ``@policy(Model)``; views, exports,
the API and tasks all ask through ``can`` / ``get_or_404`` so a rule is written once.
An object the user may not even see answers 404 (its existence is not revealed); one they
may see but not change answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from groupapp.db import db

T = TypeVar("T")
PolicyFn = Callable[[Any, Any, str], bool]

_policies: dict[type, PolicyFn] = {}


def policy(model: type) -> Callable[[PolicyFn], PolicyFn]:
    """Register ``fn(user, obj, action) -> bool`` as the rule for ``model``."""

    def register(fn: PolicyFn) -> PolicyFn:
        _policies[model] = fn
        return fn

    return register


def can(user: Any, action: str, obj: Any) -> bool:
    """True when ``user`` may perform ``action`` ("view", "edit", ...) on ``obj``."""
    if obj is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.active:
        return False
    for klass in type(obj).__mro__:
        rule = _policies.get(klass)
        if rule is not None:
            return bool(rule(user, obj, action))
    raise LookupError(f"no access policy registered for {type(obj).__name__}")


def check(obj: T | None, action: str = "view") -> T:
    """Abort 404 unless the current user may see ``obj``; 403 unless they may ``action`` it."""
    if obj is None or not can(current_user, "view", obj):
        abort(404)
    if action != "view" and not can(current_user, action, obj):
        abort(403)
    return obj


def get_or_404(model: type[T], object_id: Any, action: str = "view") -> T:
    """Load ``model`` by primary key and apply ``check``."""
    return check(db.session.get(model, object_id), action)


def role_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Require a logged-in user whose role is one of ``roles``."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def same_organisation(user: Any, organisation_id: int | None) -> bool:
    return organisation_id is not None and user.organisation_id == organisation_id

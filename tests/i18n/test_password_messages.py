"""Reasons a new password is refused, in the reader's language."""

from __future__ import annotations

import pytest
from flask import Flask

from groupapp.accounts.passwords import password_problems
from groupapp.core.i18n import force_locale


@pytest.mark.parametrize(
    ("password", "spanish"),
    [
        ("corto", "Use al menos 12 caracteres; unas cuantas palabras sin relación entre sí"),
        ("x" * 300, "Use como máximo 256 caracteres."),
        ("password1234", "Esa contraseña está en una lista de contraseñas comunes."),
        ("abcdefghijkl", "Esa contraseña sería fácil de adivinar."),
    ],
)
def test_password_problems_in_spanish(app: Flask, password: str, spanish: str) -> None:
    with app.test_request_context(), force_locale("es"):
        problems = password_problems(password, ["lucia@example.org"])
    assert len(problems) == 1
    assert problems[0].startswith(spanish), problems
    with app.test_request_context(), force_locale("en"):
        assert password_problems(password)[0].startswith(("Use", "That password"))

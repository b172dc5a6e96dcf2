"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import RFC_9106_LOW_MEMORY
from flask_babel import gettext

# RFC 9106's second recommended profile: argon2id, t=3, m=64 MiB, p=4 (OWASP's guidance
# asks for at least m=19 MiB, t=2). A test asserts these numbers so a downgrade is noticed.
hasher = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)

MIN_LENGTH = 12
MAX_LENGTH = 256
# zxcvbn guesses the effort an attacker needs; below 3 ("safely unguessable" under an online
# attack, about 10^8 guesses) a password is refused. Only the first characters are scored:
# the estimate costs time that grows with the length, and long passphrases pass anyway.
MIN_ZXCVBN_SCORE = 3
_SCORED_PREFIX = 64
_TRAILING_JUNK = re.compile(r"[\d\W_]+$")


def hash_password(password: str) -> str:
    return hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The 30,000 most common leaked passwords, as shipped inside the ``zxcvbn`` package."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    """True for a common password, also when digits or symbols are stuck on its end or
    it is one common password repeated ("letmeinletmein")."""
    folded = re.sub(r"\s+", "", password.lower())
    stem = _TRAILING_JUNK.sub("", folded)
    candidates = {folded, stem}
    for size in range(1, len(stem) // 2 + 1):
        if len(stem) % size == 0 and stem[:size] * (len(stem) // size) == stem:
            candidates.add(stem[:size])
            break
    return bool(candidates & common_passwords()) or len(set(folded)) <= 2


def _too_guessable(password: str, personal: list[str]) -> bool:
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:_SCORED_PREFIX], user_inputs=personal)
    return int(result["score"]) < MIN_ZXCVBN_SCORE


def password_problems(password: str, personal: list[str] | None = None) -> list[str]:
    """Reasons a new password is refused (empty when it is acceptable).

    ``personal`` holds words an attacker would try first (the person's name and email).
    The reasons are the app's own sentences in the language being rendered (zxcvbn's
    English feedback is never shown).
    """
    if len(password) < MIN_LENGTH:
        return [
            gettext(
                "Use at least %(count)s characters; a few unrelated words work well.",
                count=MIN_LENGTH,
            )
        ]
    if len(password) > MAX_LENGTH:
        return [gettext("Use at most %(count)s characters.", count=MAX_LENGTH)]
    if is_common(password):
        return [
            gettext("That password is on a list of common passwords. Choose something less usual.")
        ]
    if _too_guessable(password, personal or []):
        return [gettext("That password would be easy to guess. Add another unrelated word or two.")]
    return []

"""Demo organisation, staff and participants."""

from __future__ import annotations

from groupapp.accounts.services import create_user, get_or_create_organisation
from groupapp.demo import DEMO_PASSWORD, DemoContext

FACILITATORS = [
    ("maya@riverside.example.org", "Maya Okafor", "America/New_York"),
    ("tom@riverside.example.org", "Tom Lindqvist", "Europe/London"),
]
# Participants whose language is Spanish, so the demo shows the app as they read it.
SPANISH_SPEAKERS = frozenset({"noor@riverside.example.org"})
PARTICIPANTS = [
    ("sam@riverside.example.org", "Sam", "America/New_York"),
    ("priya@riverside.example.org", "Priya", "America/Chicago"),
    ("jordan@riverside.example.org", "Jordan", "America/New_York"),
    ("alex@riverside.example.org", "Alex", "Europe/London"),
    ("noor@riverside.example.org", "Noor", "Europe/London"),  # reads the app in Spanish
    ("chris@riverside.example.org", "Chris", "Australia/Sydney"),
]


DEMO_ADMIN_EMAIL = "admin@riverside.example.org"


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, email, password) of every demo account, admin first."""
    return [
        ("admin", DEMO_ADMIN_EMAIL, DEMO_PASSWORD),
        *[("facilitator", email, DEMO_PASSWORD) for email, _, _ in FACILITATORS],
        *[("participant", email, DEMO_PASSWORD) for email, _, _ in PARTICIPANTS],
    ]


def seed(ctx: DemoContext) -> None:
    org = get_or_create_organisation("Riverside Counselling Collective")
    org.crisis_support_text = (
        "If you are in danger or thinking about harming yourself, call your local emergency "
        "number now. In the US you can call or text 988; in the UK and Ireland call "
        "Samaritans on 116 123; in Australia call Lifeline on 13 11 14."
    )
    org.crisis_support_translations = {
        "es": "Si está en peligro o piensa en hacerse daño, llame ahora al número de "
        "emergencias de su zona. En EE. UU. puede llamar o enviar un mensaje de texto al 988 "
        "(con atención en español); en España, llame al 024; en México, a la Línea de la "
        "Vida, 800 911 2000."
    }
    ctx.organisation = org
    ctx.admin = create_user(
        org, DEMO_ADMIN_EMAIL, "Rosa Admin", "admin", DEMO_PASSWORD, "America/New_York"
    )
    for email, name, zone in FACILITATORS:
        ctx.facilitators.append(create_user(org, email, name, "facilitator", DEMO_PASSWORD, zone))
    for email, name, zone in PARTICIPANTS:
        locale = "es" if email in SPANISH_SPEAKERS else "en"
        ctx.participants.append(
            create_user(org, email, name, "participant", DEMO_PASSWORD, zone, locale)
        )
    ctx.logins.extend(demo_logins())

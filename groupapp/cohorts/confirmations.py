"""What a facilitator reads after changing a cohort or its members, in their language."""

from __future__ import annotations

from flask_babel import gettext, ngettext

from groupapp.cohorts.membership_state import membership_state
from groupapp.cohorts.models import Membership
from groupapp.core.template_helpers import list_of


def cohort_saved(promoted: int) -> str:
    """The confirmation of a cohort's settings, saying how many left the waitlist."""
    if not promoted:
        return gettext("Cohort saved.")
    return ngettext(
        "Cohort saved. %(num)d person moved up from the waitlist.",
        "Cohort saved. %(num)d people moved up from the waitlist.",
        promoted,
    )


def readded_message(readded: Membership) -> str:
    """What became of a member added back, by the state their membership is in now."""
    name = readded.user.display_name
    state = membership_state(readded)
    if state == "joined":
        return gettext("%(name)s is back in the cohort.", name=name)
    if state == "waitlisted":
        return gettext("%(name)s is on the waitlist.", name=name)
    return gettext(
        "%(name)s is invited again and joins once they accept the group agreement.", name=name
    )


def removed_message(promoted: list[Membership]) -> str:
    """The confirmation of a removal, naming whoever moved up from the waitlist."""
    if not promoted:
        return gettext("Removed from the cohort.")
    return ngettext(
        "Removed from the cohort. %(names)s moved up from the waitlist.",
        "Removed from the cohort. %(names)s moved up from the waitlist.",
        len(promoted),
        names=list_of(m.user.display_name for m in promoted),
    )

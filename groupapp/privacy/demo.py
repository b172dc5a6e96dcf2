"""Demo privacy notice: published, accepted by every participant but one.

Jordan has not accepted it yet, so signing in as Jordan shows the consent step.
"""

from __future__ import annotations

from groupapp.demo import DemoContext
from groupapp.privacy import consent
from groupapp.privacy.services import NOTICE, publish_notice

DEMO_NOTICE = """\
Riverside Counselling Collective keeps what you share in groupapp to run your group:
your name, email and time zone; which meetings you attended; the homework you hand in
and the feedback on it; and your check-in answers and scores.

Who sees it: your facilitators see your attendance, homework and check-ins. Other
members see only your display name, and homework you choose to share with the group.
Our administrators see the audit log of who opened what.

Your check-in scores are not a diagnosis. If an answer suggests you may be at risk,
your facilitators are alerted so someone can reach out.

You can download everything we hold about you from "My data" at any time, and ask us
to delete it. We answer deletion requests within 30 days.
"""

NOT_YET_ACCEPTED = "jordan@riverside.example.org"


def seed(ctx: DemoContext) -> None:
    notice = publish_notice(ctx.admin, DEMO_NOTICE)
    for participant in ctx.participants:
        if participant.email != NOT_YET_ACCEPTED:
            consent.accept(participant, NOTICE, ctx.organisation.id, notice.version)

"""The group agreement every cohort starts from; facilitators edit it per cohort."""

from __future__ import annotations

DEFAULT_AGREEMENT = """\
Confidentiality
What members share in the group stays in the group. You may talk about what you
learned, never about who said what. Facilitators keep notes private and only break
confidentiality when someone's safety is at risk, and they will tell you if they must.

Respect
We listen without interrupting, fixing or giving advice nobody asked for. We speak
from our own experience ("I" rather than "you"). Everyone may pass on any exercise or
question. Disagreement is welcome; put-downs are not.

Attendance
We come on time and stay for the whole meeting when we can. If you cannot come, send
your apologies in advance through the app so the group knows you are all right. After
two missed meetings in a row a facilitator will check in with you, kindly.

Looking after yourself
This group supports your work; it is not an emergency service. If you are in crisis,
use the support lines your organisation lists or your local emergency number.
"""

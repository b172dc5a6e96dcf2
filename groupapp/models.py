"""Imports every domain's models so metadata (and Alembic) sees the whole schema."""

from groupapp.accounts import models as accounts_models  # noqa: F401
from groupapp.api import models as api_models  # noqa: F401
from groupapp.assessments import models as assessments_models  # noqa: F401
from groupapp.audit import models as audit_models  # noqa: F401
from groupapp.cohorts import models as cohorts_models  # noqa: F401
from groupapp.core import outbox  # noqa: F401
from groupapp.feedback import models as feedback_models  # noqa: F401
from groupapp.goals import models as goals_models  # noqa: F401
from groupapp.homework import models as homework_models  # noqa: F401
from groupapp.intake import models as intake_models  # noqa: F401
from groupapp.meetings import models as meetings_models  # noqa: F401
from groupapp.messaging import models as messaging_models  # noqa: F401
from groupapp.notifications import models as notifications_models  # noqa: F401
from groupapp.observations import models as observations_models  # noqa: F401
from groupapp.privacy import models as privacy_models  # noqa: F401
from groupapp.programs import models as programs_models  # noqa: F401
from groupapp.reminders import models as reminders_models  # noqa: F401
from groupapp.support import models as support_models  # noqa: F401

"""Import every model module so that Base.metadata is complete (Alembic, tests)."""

from sofadesk.accounts import models as accounts_models
from sofadesk.audit import models as audit_models
from sofadesk.cases import models as case_models
from sofadesk.cases.exercise import models as exercise_models
from sofadesk.cases.transit import models as transit_models
from sofadesk.db import models as registry_models
from sofadesk.notifications import models as notification_models
from sofadesk.ui import models as ui_models

__all__ = [
    "accounts_models",
    "audit_models",
    "case_models",
    "exercise_models",
    "notification_models",
    "registry_models",
    "transit_models",
    "ui_models",
]

"""Import every model module so that Base.metadata is complete (Alembic, tests, sessions): the storage of
accounts, audit, the registry and the case engine, and of every case kind the kinds list names."""

import importlib

from sofadesk.accounts import models as accounts_models
from sofadesk.audit import models as audit_models
from sofadesk.cases.core import models as case_models
from sofadesk.cases.kinds import model_modules
from sofadesk.db import models as registry_models
from sofadesk.notifications import models as notification_models
from sofadesk.search import models as search_models

KIND_MODELS = [importlib.import_module(name) for name in model_modules()]

__all__ = [
    "KIND_MODELS",
    "accounts_models",
    "audit_models",
    "case_models",
    "notification_models",
    "registry_models",
    "search_models",
]

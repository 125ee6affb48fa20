"""Django settings for the test pretix (runs in pretix's own virtualenv, not ours).

pretix's defaults plus what pretix's own test settings (``pretix/testutils/settings.py``)
change for a single machine: no Celery, no Redis, a dummy cache, local mail, plain static
files. And SQLite made safe for concurrent writes: every transaction starts with
``BEGIN IMMEDIATE`` and waits up to 30 s for the lock (Django >= 5.1 options), where stock
SQLite answers "database is locked" (HTTP 500) when two check-ins race.
"""

import os

from pretix.settings import *  # noqa: F403 - a settings module extends pretix's

DATABASES["default"]["OPTIONS"] = {  # noqa: F405
    **DATABASES["default"].get("OPTIONS", {}),  # noqa: F405
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
}
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
DATABASES.pop("replica", None)  # noqa: F405
DATABASE_REPLICA = "default"

EMAIL_BACKEND = EMAIL_CUSTOM_SMTP_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_ALWAYS_EAGER = True
CELERY_TASK_ALWAYS_EAGER = True
HAS_CELERY = False
CELERY_BROKER_URL = None
CELERY_RESULT_BACKEND = None
HAS_REDIS = False
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
COMPRESS_ENABLED = COMPRESS_OFFLINE = False
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SITE_URL = os.environ.get("PRETIX_SITE_URL", "http://127.0.0.1")

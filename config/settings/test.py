"""pytest: fast hashing, temporary var/ and signing keys made for the test session."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("CERTIFICATE_SIGNER_PASSPHRASE", "hocso-test")
# Tests never touch the developer's var/ (demo database, demo certificates).
os.environ.setdefault("HOCSO_VAR_DIR", tempfile.mkdtemp(prefix="hocso-test-"))

from .base import *  # noqa: E402,F403

# The demo data and its seed command: never in production, whose admin it would create.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Media as base.py chooses it, so CI's second pass stores every file in an S3 bucket.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tasks run inline in tests; the broker tests switch this off and start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
WHITENOISE_USE_FINDERS = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared memory: concurrent tests need SQLite's real locking between connections.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"]["timeout"] = 20  # noqa: F405
# One process (or the demo's two workers) with Django's per-process cache: rate limits are
# counted per process here, which is enough off production.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405
# The suite verifies hundreds of certificates from 127.0.0.1 within a minute; the rate-limit
# tests set their own small rate.
VERIFY_RATELIMIT = env.str("VERIFY_RATELIMIT", default="10000/m")  # noqa: F405
# The permission matrix and the malformed-input sweep send hundreds of API requests a minute as
# one user; the throttling test sets its own small rates.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("API_USER_RATE", default="10000/min"),  # noqa: F405
        "anon": env.str("API_ANON_RATE", default="10000/min"),  # noqa: F405
    },
}

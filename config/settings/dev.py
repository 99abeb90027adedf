"""Local development: Django's dev server with DEBUG on."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("CERTIFICATE_SIGNER_PASSPHRASE", "hocso-demo")

from .base import *  # noqa: E402,F403

# The demo data and its seed command: never in production, whose admin it would create.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

DEBUG = True
# One process (or the demo's two workers) with Django's per-process cache: rate limits are
# counted per process here, which is enough off production.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405

"""`make run`: the production settings with local defaults, so a fresh machine serves the demo."""

import os

os.environ.setdefault("SECRET_KEY", "demo-only-not-secret-change-me")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("CERTIFICATE_SIGNER_PASSPHRASE", "hocso-demo")

from .production import *  # noqa: E402,F403

# The demo data and its seed command (with its published `admin` password) exist only here,
# in dev and in test: production settings have no command that creates them.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

# The demo is served over plain HTTP on 127.0.0.1.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# One process (or the demo's two workers) with Django's per-process cache: rate limits are
# counted per process here, which is enough off production.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405

"""`make run`: the production settings with local defaults, so a fresh machine serves the demo."""

import os

os.environ.setdefault("SECRET_KEY", "demo-only-not-secret-change-me")
os.environ.setdefault("CERTIFICATE_SIGNER_PASSPHRASE", "hocso-demo")

from .production import *  # noqa: E402,F403

# The demo is served over plain HTTP on 127.0.0.1.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

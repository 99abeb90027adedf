"""Local development: Django's dev server with DEBUG on."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret")
os.environ.setdefault("CERTIFICATE_SIGNER_PASSPHRASE", "hocso-demo")

from .base import *  # noqa: E402,F403

DEBUG = True

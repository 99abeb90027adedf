import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def production_env(tmp_path):
    """A real-looking production environment, without anything the developer's shell set."""
    kept = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return {
        **kept,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "hocso.ninhbinh.gov.vn",
        "CSRF_TRUSTED_ORIGINS": "https://hocso.ninhbinh.gov.vn",
        "SITE_URL": "https://hocso.ninhbinh.gov.vn",
        "CERTIFICATE_SIGNER_PASSPHRASE": secrets.token_urlsafe(16),
        "HOCSO_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }


def run_manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    """manage.py in its own process: settings are read once per process."""
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

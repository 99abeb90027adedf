"""The environment switches a node between one-machine defaults and shared Redis/S3 state."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from config.storage import MediaFileSystemStorage

_PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "location": settings.CACHES["default"].get("LOCATION"),
    "session": settings.SESSION_ENGINE,
    "media": settings.STORAGES["default"],
}))
"""

_NO_SERVICES = {
    "REDIS_URL": "",
    "CACHE_URL": "",
    "AWS_STORAGE_BUCKET_NAME": "",
    "AWS_S3_ENDPOINT_URL": "",
    "AWS_S3_REGION_NAME": "",
    "AWS_ACCESS_KEY_ID": "",
    "AWS_SECRET_ACCESS_KEY": "",
}


def _settings_with(**variables: str) -> dict:
    """The production settings as a fresh process sees them with these variables."""
    env = {
        **os.environ,
        **_NO_SERVICES,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "settings-test",
        "CERTIFICATE_SIGNER_PASSPHRASE": "settings-test",
        "SITE_URL": "https://hocso.example.gov.vn",
        **variables,
    }
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {_PRINT_SETTINGS}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_one_machine_keeps_cache_in_memory_and_sessions_in_the_database():
    found = _settings_with()
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    # Not cached_db over a per-process cache: a logout would not reach the other workers.
    assert found["session"] == "django.contrib.sessions.backends.db"
    assert found["media"]["BACKEND"] == "config.storage.MediaFileSystemStorage"


@pytest.mark.parametrize("variable", ["REDIS_URL", "CACHE_URL"])
def test_redis_url_shares_cache_and_sessions(variable):
    found = _settings_with(**{variable: "redis://cache.internal:6379/3"})
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["location"] == "redis://cache.internal:6379/3"
    assert found["session"] == "django.contrib.sessions.backends.cached_db"


def test_bucket_selects_s3_media_with_path_style_for_own_servers():
    found = _settings_with(
        AWS_STORAGE_BUCKET_NAME="hocso-media",
        AWS_S3_ENDPOINT_URL="https://s3.internal:9000",
        AWS_S3_REGION_NAME="vn-north-1",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert found["media"]["BACKEND"] == "config.storage.MediaS3Storage"
    assert found["media"]["OPTIONS"] == {
        "bucket_name": "hocso-media",
        "endpoint_url": "https://s3.internal:9000",
        "region_name": "vn-north-1",
        "access_key": "key",
        "secret_key": "secret",
        "addressing_style": "path",
        "location": "",
    }


def test_local_media_replaces_certificates_and_keeps_other_uploads(tmp_path):
    storage = MediaFileSystemStorage(location=tmp_path)
    name = storage.save("certificates/2026/11/ABC.pdf", ContentFile(b"first"))
    assert storage.save(name, ContentFile(b"second")) == name
    assert (tmp_path / name).read_bytes() == b"second"

    first = storage.save("documents/quy-che.pdf", ContentFile(b"one"))
    second = storage.save("documents/quy-che.pdf", ContentFile(b"two"))
    assert first == "documents/quy-che.pdf"
    assert second != first
    assert (tmp_path / first).read_bytes() == b"one"
    assert (tmp_path / second).read_bytes() == b"two"

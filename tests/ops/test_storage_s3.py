"""Media in an S3-compatible bucket: a real server (moto's server mode) started by the test."""

import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from certificates.models import Certificate
from certificates.signing import pdf_signature_check
from config.storage import MediaS3Storage
from learning.services import (
    enrollment_create,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories

REGION = "us-east-1"
KEYS = {"access_key": "hocso-test", "secret_key": "hocso-test-secret"}


@pytest.fixture
def bucket(moto_server):
    """A fresh private bucket on the test's own S3 server: (boto3 client, bucket name, endpoint)."""
    client = boto3.client(
        "s3",
        endpoint_url=moto_server,
        region_name=REGION,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    name = f"hocso-test-{uuid.uuid4().hex[:8]}"
    client.create_bucket(Bucket=name)
    return client, name, moto_server


def _options(bucket_name: str, endpoint: str) -> dict:
    # What config/settings/base.py passes when AWS_STORAGE_BUCKET_NAME and friends are set.
    return {
        "bucket_name": bucket_name,
        "endpoint_url": endpoint,
        "region_name": REGION,
        "addressing_style": "path",
        **KEYS,
    }


def _body(client, bucket_name: str, key: str) -> bytes:
    return client.get_object(Bucket=bucket_name, Key=key)["Body"].read()


def test_save_read_overwrite_delete(bucket):
    client, name, endpoint = bucket
    storage = MediaS3Storage(**_options(name, endpoint))

    saved = storage.save("certificates/2026/11/ABC.pdf", ContentFile(b"first"))
    assert saved == "certificates/2026/11/ABC.pdf"
    assert _body(client, name, saved) == b"first"
    with storage.open(saved, "rb") as stored:
        assert stored.read() == b"first"

    # A certificate written again replaces its file under the same name.
    assert storage.save(saved, ContentFile(b"second")) == saved
    assert _body(client, name, saved) == b"second"

    # Any other name is never replaced: two uploads called logo.png both survive.
    first_logo = storage.save("original_images/logo.png", ContentFile(b"one"))
    second_logo = storage.save("original_images/logo.png", ContentFile(b"two"))
    assert first_logo == "original_images/logo.png"
    assert second_logo != first_logo
    assert _body(client, name, first_logo) == b"one"
    assert _body(client, name, second_logo) == b"two"

    storage.delete(saved)
    assert not storage.exists(saved)
    keys = {item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", [])}
    assert keys == {first_logo, second_logo}


def test_objects_are_private_and_urls_are_signed(bucket):
    client, name, endpoint = bucket
    storage = MediaS3Storage(**_options(name, endpoint))
    key = storage.save("certificates/2026/11/PRIVATE.pdf", ContentFile(b"%PDF personal"))

    grants = client.get_object_acl(Bucket=name, Key=key)["Grants"]
    public = [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    assert public == []
    url = storage.url(key)
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=300" in url


@pytest.mark.django_db
def test_issued_certificate_pdf_lands_in_the_bucket(
    bucket, settings, client, django_capture_on_commit_callbacks, trust_roots
):
    s3, name, endpoint = bucket
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "config.storage.MediaS3Storage",
            "OPTIONS": _options(name, endpoint),
        },
    }
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    course = factories.course()
    holder = factories.learner(agencies["SKHCN-CDS"])
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrollment_create(user=holder, course=course)
        factories.lessons_study(enrollment)
        attempt = quiz_attempt_start(enrollment=enrollment, quiz=course.quizzes().get())
        quiz_attempt_submit(
            attempt=attempt, user=holder, answers=factories.correct_answers(attempt)
        )
    certificate = Certificate.objects.get(enrollment=enrollment)

    stored = _body(s3, name, certificate.pdf.name)
    assert stored.startswith(b"%PDF")
    assert pdf_signature_check(stored, trust_roots=trust_roots).ok

    # The holder's download is streamed from the bucket after the permission check.
    client.force_login(holder)
    response = client.get(reverse("certificates:download", args=[certificate.code]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored

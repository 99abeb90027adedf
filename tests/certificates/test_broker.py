"""A certificate issued through a real broker by a separate Celery worker process."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from certificates.models import Certificate
from certificates.signing import pdf_signature_check
from config import celery_app
from learning.services import (
    enrollment_create,
    lesson_progress_record,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories
from tests.conftest import require_or_skip

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    """The test database as a URL, so the worker process opens the same one."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    broker = settings.CELERY_BROKER_URL
    require_or_skip(
        bool(broker), what="a Celery broker (CELERY_BROKER_URL)", required_by="HOCSO_REQUIRE_BROKER"
    )
    # A queue of our own: nothing left over from other runs reaches this worker.
    queue = f"hocso-test-{uuid.uuid4().hex[:8]}"
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    celery_app.conf.update(task_always_eager=False, task_default_queue=queue)
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--queues",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=Path(settings.BASE_DIR),
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process, log
    finally:
        celery_app.conf.update(saved)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_certificate_is_issued_by_a_separate_worker(worker, trust_roots):
    process, log = worker
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    course = factories.course()
    user = factories.learner(agencies["SKHCN-CDS"], full_name="Hoàng Minh Tuấn")
    enrollment = enrollment_create(user=user, course=course)
    for lesson in course.lessons():
        lesson_progress_record(enrollment=enrollment, lesson=lesson)
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=course.quizzes().get())
    quiz_attempt_submit(attempt=attempt, user=user, answers=factories.correct_answers(attempt))
    # The commit published the task; this process does not run it.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not Certificate.objects.exists():
        assert process.poll() is None, log.read_text()
        time.sleep(0.5)
    certificate = Certificate.objects.filter(enrollment=enrollment).first()
    assert certificate is not None, log.read_text()
    assert certificate.holder_name == "Hoàng Minh Tuấn"
    assert "certificate_issue_task" in log.read_text()
    assert pdf_signature_check(certificate.pdf.read(), trust_roots=trust_roots).ok

import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from certificates.models import Certificate
from config import celery_app
from learning.services import (
    quiz_attempt_start,
)
from tests import factories
from tests.conftest import require_or_skip, server_database_url

_DEBIAN_PACKAGES = {
    "certutil": "libnss3-tools",
    "pdffonts": "poppler-utils",
    "pdfsig": "poppler-utils",
    "pdftotext": "poppler-utils",
}


@pytest.fixture(scope="session")
def require_tool() -> Callable[[str], str]:
    """Return a function giving a command-line tool's path; skip without it, fail on CI."""

    def require(name: str) -> str:
        path = shutil.which(name)
        package = _DEBIAN_PACKAGES.get(name, "the package providing it")
        require_or_skip(
            path is not None,
            what=f"`{name}` (Debian package {package})",
            required_by="CI",
        )
        return path

    return require


def final_quiz_submit(client, enrollment):
    """The learner's last step, through HTTP: the quiz POST that completes the course."""
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=enrollment.course.quizzes().get())
    answers = {f"q-{key}": value for key, value in factories.correct_answers(attempt).items()}
    client.force_login(enrollment.user)
    return client.post(reverse("learning:attempt", args=[attempt.pk]), answers, follow=True)


def stored_certificate_files() -> list[str]:
    """Every file under the storage's certificates/ folder, through the storage API."""
    storage = Certificate._meta.get_field("pdf").storage
    try:
        _, files = storage.listdir("certificates")
    except FileNotFoundError:
        return []
    return sorted(files)


def certificate_storage_empty() -> None:
    """Delete every certificate file, so "no orphan file" is checked against one test's files.

    A media folder per test does that on local disk; an S3 bucket (CI's second pass) is shared by
    the whole run, and by the worker processes the drills start.
    """
    storage = Certificate._meta.get_field("pdf").storage
    for name in stored_certificate_files():
        storage.delete(f"certificates/{name}")


def closed_port_url() -> str:
    """A Redis URL on 127.0.0.1 where nothing listens: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@contextmanager
def celery_publishing_to(broker_url: str, **conf):
    """Publish this process's tasks to broker_url instead of running them inline."""
    keys = ("broker_url", "task_always_eager", *conf)
    saved = {key: celery_app.conf[key] for key in keys}
    # Celery reads the CELERY_BROKER_URL environment variable before its configuration.
    saved_environ = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = broker_url
    celery_app.conf.update(broker_url=broker_url, task_always_eager=False, **conf)
    _celery_connections_reset()
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        if saved_environ is None:
            del os.environ["CELERY_BROKER_URL"]
        else:
            os.environ["CELERY_BROKER_URL"] = saved_environ
        _celery_connections_reset()


def _celery_connections_reset() -> None:
    # The app keeps its broker connection pool and producer pool once made; drop them so the
    # next publish connects to the broker_url just configured (what a fork does in Celery).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def worker_start(
    *, queue: str, log: Path, module: str = "celery", env: dict[str, str] | None = None
) -> subprocess.Popen:
    """A separate Celery worker process on its own queue, against the test database."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": server_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        **(env or {}),
    }
    with log.open("ab") as output:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                module,
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
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def worker_stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def broker_queue():
    """A real broker (skip locally without one) and a queue of our own, published to."""
    require_or_skip(
        bool(settings.CELERY_BROKER_URL),
        what="a Celery broker (CELERY_BROKER_URL)",
        required_by="HOCSO_REQUIRE_BROKER",
    )
    # A queue of our own: nothing left over from other runs reaches this test's workers.
    queue = f"hocso-test-{uuid.uuid4().hex[:8]}"
    with celery_publishing_to(settings.CELERY_BROKER_URL, task_default_queue=queue):
        yield queue

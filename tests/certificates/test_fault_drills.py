"""Fault drills on real processes: a worker killed mid-issue, a broker that is down.

They need a real broker (CI's second pass: PostgreSQL + Redis); locally they skip without
CELERY_BROKER_URL and fail if HOCSO_REQUIRE_BROKER is set but the broker is missing.
"""

import time
from collections.abc import Callable

import pytest

from certificates.models import Certificate, Issuer
from certificates.signing import pdf_signature_check
from certificates.tasks import certificates_reconcile_task
from learning.models import Enrollment
from tests import factories
from tests.certificates.conftest import (
    celery_publishing_to,
    certificate_storage_empty,
    closed_port_url,
    final_quiz_submit,
    stored_certificate_files,
    worker_start,
    worker_stop,
)
from tests.factories import completed_enrollment, studied_enrollment

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def wait_until(condition: Callable[[], bool], *, process, log) -> None:
    deadline = time.monotonic() + 90
    while not condition():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.3)


@pytest.fixture
def worker_var(settings, tmp_path):
    """A var/ of the test's own for its workers, so their media is this test's media only."""
    var = tmp_path / "var"
    settings.MEDIA_ROOT = var / "media"
    certificate_storage_empty()
    return {
        "HOCSO_VAR_DIR": str(var),
        # The signer key the test session made, which lives in the session's own var/.
        "CERTIFICATE_SIGNER_PKCS12": str(settings.CERTIFICATE_SIGNER_PKCS12),
    }


@pytest.fixture
def world():
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    return {
        "course": factories.course(),
        "learner": factories.learner(agencies["SKHCN-CDS"], full_name="Phạm Thu Hà"),
    }


@pytest.mark.parametrize("stage", ["sign", "attach"])
def test_worker_killed_mid_issue_leaves_one_certificate_and_no_orphan(
    broker_queue, worker_var, world, tmp_path, stage, trust_roots
):
    log = tmp_path / "worker.log"
    marker = tmp_path / "stalled"
    stalling = worker_start(
        queue=broker_queue,
        log=log,
        module="tests.certificates.stalling_worker",
        env={
            **worker_var,
            "HOCSO_TEST_STALL_AT": stage,
            "HOCSO_TEST_STALL_MARKER": str(marker),
        },
    )
    try:
        # Completing the course publishes the issuance task to the stalling worker.
        enrollment = completed_enrollment(world["learner"], world["course"])
        wait_until(marker.exists, process=stalling, log=log)
        stalling.kill()  # SIGKILL: no cleanup, no acknowledgement, exactly like an OOM kill
        stalling.wait(timeout=30)
    finally:
        worker_stop(stalling)

    reserved = Certificate.objects.get(enrollment=enrollment)
    assert reserved.status == Certificate.Status.PENDING
    assert reserved.number == "1/GCN-SKHCN"
    # Killed while signing nothing was stored; killed after storing, the file has the code's
    # name, which the retry overwrites.
    assert stored_certificate_files() == ([] if stage == "sign" else [f"{reserved.code}.pdf"])

    fresh = worker_start(queue=broker_queue, log=log, env=worker_var)
    try:
        # What Celery beat does every few minutes, without waiting out the pending grace.
        certificates_reconcile_task.delay(pending_older_than_seconds=0)
        valid = Certificate.objects.filter(enrollment=enrollment, status="valid")
        wait_until(valid.exists, process=fresh, log=log)
    finally:
        worker_stop(fresh)

    certificate = Certificate.objects.get(enrollment=enrollment)
    assert (certificate.pk, certificate.number) == (reserved.pk, reserved.number)
    assert Certificate.objects.count() == 1
    assert Issuer.objects.get().next_serial == 2
    assert stored_certificate_files() == [f"{certificate.code}.pdf"]
    assert pdf_signature_check(certificate.pdf.read(), trust_roots=trust_roots).ok
    assert Enrollment.objects.get(pk=enrollment.pk).certificate_number == "1/GCN-SKHCN"


def test_broker_down_at_completion_learner_sees_success_and_beat_issues_later(
    broker_queue, worker_var, world, client, tmp_path, caplog
):
    enrollment = studied_enrollment(world["learner"], world["course"])
    with celery_publishing_to(closed_port_url()):
        response = final_quiz_submit(client, enrollment)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("/ket-qua/")
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at is not None
    assert not Certificate.objects.exists()
    assert "Could not queue the certificate of enrollment" in caplog.text

    # The broker is back: the periodic sweep, run by a real worker, issues the certificate.
    log = tmp_path / "worker.log"
    process = worker_start(queue=broker_queue, log=log, env=worker_var)
    try:
        certificates_reconcile_task.delay()
        valid = Certificate.objects.filter(enrollment=enrollment, status="valid")
        wait_until(valid.exists, process=process, log=log)
    finally:
        worker_stop(process)
    assert Certificate.objects.get().number == "1/GCN-SKHCN"
    assert "certificates_reconcile_task" in log.read_text()

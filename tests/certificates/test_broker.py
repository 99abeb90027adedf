"""A certificate issued through a real broker by a separate Celery worker process."""

import time

import pytest

from certificates.models import Certificate
from certificates.signing import pdf_signature_check
from tests import factories
from tests.certificates.conftest import worker_start, worker_stop
from tests.factories import completed_enrollment

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def test_certificate_is_issued_by_a_separate_worker(broker_queue, tmp_path, trust_roots):
    log = tmp_path / "worker.log"
    process = worker_start(queue=broker_queue, log=log)
    try:
        agencies = factories.agency_tree()
        factories.issuer(agencies["SKHCN"])
        course = factories.course()
        user = factories.learner(agencies["SKHCN-CDS"], full_name="Hoàng Minh Tuấn")
        # The commit published the task; this process does not run it.
        enrollment = completed_enrollment(user, course)
        valid = Certificate.objects.filter(enrollment=enrollment, status="valid")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not valid.exists():
            assert process.poll() is None, log.read_text()
            time.sleep(0.5)
    finally:
        worker_stop(process)
    certificate = valid.first()
    assert certificate is not None, log.read_text()
    assert certificate.holder_name == "Hoàng Minh Tuấn"
    assert "certificate_issue_task" in log.read_text()
    assert pdf_signature_check(certificate.pdf.read(), trust_roots=trust_roots).ok

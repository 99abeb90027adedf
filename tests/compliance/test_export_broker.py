"""An export made through a real broker by a separate Celery worker process."""

import time

import pytest
from django.core.files.storage import default_storage

from compliance import export_jobs, services
from compliance.models import ExportJob
from tests import factories
from tests.certificates.conftest import (  # noqa: F401 - broker_queue is a fixture
    broker_queue,
    worker_start,
    worker_stop,
)
from tests.compliance.test_services import yearly_security

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def test_an_export_is_made_by_a_separate_worker(broker_queue, tmp_path):  # noqa: F811
    log = tmp_path / "worker.log"
    process = worker_start(queue=broker_queue, log=log)
    try:
        tree = factories.agency_tree()
        factories.staff_member(tree["SKHCN-CDS"], full_name="Lê Thu Hà")
        factories.staff_member(tree["STC-NS"], full_name="Phạm Thị Ngân")
        services.requirement_sync(yearly_security(factories.course(code="ATTT", lessons=1)))
        hr = factories.hr_manager(tree["SKHCN"], username="hr-skhcn")
        # The commit publishes the task; this process does not run it.
        job = export_jobs.export_job_start(
            by=hr, kind=ExportJob.Kind.ASSIGNMENTS, fmt="csv_semicolon", filters={}
        )
        finished = ExportJob.objects.filter(
            pk=job.pk, status__in=[ExportJob.Status.DONE, ExportJob.Status.FAILED]
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not finished.exists():
            assert process.poll() is None, log.read_text()
            time.sleep(0.5)
    finally:
        worker_stop(process)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, (job.message, log.read_text())
    assert "export_run_task" in log.read_text()
    with default_storage.open(job.file_path, "rb") as stored:
        text = stored.read().decode("utf-8")
    assert text.startswith("\ufeffHọ và tên;")
    assert "Lê Thu Hà;" in text
    assert "Phạm Thị Ngân" not in text

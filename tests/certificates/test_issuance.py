"""Issuance in two short transactions: reserve, sign outside any, attach; reconcile the rest."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from certificates import services
from certificates.models import Certificate, Issuer
from certificates.services import certificate_issue, certificate_pdf_name, certificates_reconcile
from certificates.signing import pdf_signature_check
from learning.models import Enrollment
from tests import factories
from tests.certificates.conftest import (
    celery_publishing_to,
    certificate_storage_empty,
    closed_port_url,
    final_quiz_submit,
    stored_certificate_files,
)
from tests.factories import completed_enrollment, studied_enrollment


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    # A media folder per test, so "no orphan file" is checked against this test's files only.
    settings.MEDIA_ROOT = tmp_path / "media"
    certificate_storage_empty()


@pytest.fixture
def people():
    agencies = factories.agency_tree()
    return {
        "agencies": agencies,
        "course": factories.course(),
        "learners": [
            factories.learner(agencies["SKHCN-CDS"], full_name=f"Trần Thị Mai {n}")
            for n in range(4)
        ],
    }


def completions_without_certificates(people, count: int) -> list[Enrollment]:
    """Completed enrollments made while no issuer exists, so nothing issued them yet."""
    learners = people["learners"][:count]
    enrollments = [completed_enrollment(user, people["course"]) for user in learners]
    assert not Certificate.objects.exists()
    factories.issuer(people["agencies"]["SKHCN"])
    return enrollments


class SealerSpy:
    """The real sealer, watched: notes whether a transaction is open, can block or fail once."""

    def __init__(self, *, block: bool = False, fail: bool = False):
        self.real = services._sealer()
        self.in_transaction: list[bool] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        self.block, self.fail = block, fail

    def sign(self, pdf, **kwargs):
        self.in_transaction.append(connection.in_atomic_block)
        first = len(self.in_transaction) == 1
        if first and self.block:
            self.entered.set()
            assert self.release.wait(timeout=60), "the test never released the signer"
        if first and self.fail:
            raise OSError("HSM unreachable")
        return self.real.sign(pdf, **kwargs)


@pytest.mark.django_db(transaction=True)
def test_signing_runs_outside_any_transaction_and_never_holds_the_issuer(people, monkeypatch):
    first, second = completions_without_certificates(people, 2)
    spy = SealerSpy(block=True)
    monkeypatch.setattr(services, "_sealer", lambda: spy)
    errors = []

    def issue_first():
        try:
            certificate_issue(enrollment_id=first.pk)
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=issue_first)
    thread.start()
    try:
        assert spy.entered.wait(timeout=60)
        # While the first certificate is being signed its number is reserved, not issued...
        reserved = Certificate.objects.get(enrollment=first)
        assert reserved.status == Certificate.Status.PENDING
        assert reserved.number == "1/GCN-SKHCN"
        assert Enrollment.objects.get(pk=first.pk).certificate_number == ""
        # ...and another issuance, which needs the issuer row, commits meanwhile.
        other = certificate_issue(enrollment_id=second.pk)
        assert other.status == Certificate.Status.VALID
        assert other.number == "2/GCN-SKHCN"
    finally:
        spy.release.set()
        thread.join(timeout=60)
    assert errors == []
    assert spy.in_transaction == [False, False]
    issued = Certificate.objects.get(enrollment=first)
    assert (issued.status, issued.number) == (Certificate.Status.VALID, "1/GCN-SKHCN")
    assert Enrollment.objects.get(pk=first.pk).certificate_number == "1/GCN-SKHCN"


@pytest.mark.django_db
def test_crash_after_the_file_write_is_finished_by_the_retry_without_orphan(
    people, monkeypatch, trust_roots
):
    (enrollment,) = completions_without_certificates(people, 1)

    def crash(**kwargs):
        raise OSError("worker lost between store and attach")

    with monkeypatch.context() as patch:
        patch.setattr(services, "_certificate_attach", crash)
        with pytest.raises(OSError):
            certificate_issue(enrollment_id=enrollment.pk)
    reserved = Certificate.objects.get()
    assert reserved.status == Certificate.Status.PENDING
    assert stored_certificate_files() == [f"{reserved.code}.pdf"]

    issued = certificate_issue(enrollment_id=enrollment.pk)

    assert (issued.pk, issued.number, issued.code) == (reserved.pk, "1/GCN-SKHCN", reserved.code)
    assert issued.status == Certificate.Status.VALID
    assert issued.pdf.name == certificate_pdf_name(code=issued.code)
    assert stored_certificate_files() == [f"{issued.code}.pdf"]
    assert pdf_signature_check(issued.pdf.read(), trust_roots=trust_roots).ok
    assert Issuer.objects.get().next_serial == 2
    # The next document gets the next number: the crashed one's was never handed out again.
    next_one = completed_enrollment(factories.learner(people["agencies"]["STC"]), people["course"])
    assert certificate_issue(enrollment_id=next_one.pk).number == "2/GCN-SKHCN"


@pytest.mark.django_db
def test_failure_while_signing_leaves_no_file_and_reconcile_finishes_it(people, monkeypatch):
    (enrollment,) = completions_without_certificates(people, 1)
    with monkeypatch.context() as patch:
        spy = SealerSpy(fail=True)
        patch.setattr(services, "_sealer", lambda: spy)
        with pytest.raises(OSError):
            certificate_issue(enrollment_id=enrollment.pk)
    reserved = Certificate.objects.get()
    assert reserved.status == Certificate.Status.PENDING
    assert stored_certificate_files() == []

    # A pending row this young is probably being signed by a worker: the sweep leaves it.
    assert certificates_reconcile().due == []
    out = StringIO()
    call_command("certificates_reconcile", "--pending-older-than=0", stdout=out)

    issued = Certificate.objects.get()
    assert (issued.pk, issued.number, issued.status) == (reserved.pk, "1/GCN-SKHCN", "valid")
    assert f"Issued 1/GCN-SKHCN ({issued.code}) for enrollment {enrollment.pk}" in out.getvalue()
    assert stored_certificate_files() == [f"{issued.code}.pdf"]


@pytest.mark.django_db
def test_pending_certificate_is_not_shown_as_issued(client, people, monkeypatch):
    (enrollment,) = completions_without_certificates(people, 1)
    with monkeypatch.context() as patch:
        spy = SealerSpy(fail=True)
        patch.setattr(services, "_sealer", lambda: spy)
        with pytest.raises(OSError):
            certificate_issue(enrollment_id=enrollment.pk)
    pending = Certificate.objects.get()

    verify = client.get(reverse("certificates:verify", args=[pending.code]))
    assert verify.status_code == 404
    assert "Không tìm thấy giấy chứng nhận" in verify.content.decode()
    client.force_login(enrollment.user)
    download = client.get(reverse("certificates:download", args=[pending.code]))
    assert download.status_code == 404
    mine = client.get(reverse("certificates:mine")).content.decode()
    assert "Đang cấp" in mine
    assert pending.number in mine
    assert reverse("certificates:download", args=[pending.code]) not in mine
    assert Enrollment.objects.get(pk=enrollment.pk).certificate_number == ""


@pytest.mark.django_db
def test_missing_issuer_delays_the_certificate_but_the_learner_sees_success(
    client, people, django_capture_on_commit_callbacks, caplog
):
    enrollment = studied_enrollment(people["learners"][0], people["course"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = final_quiz_submit(client, enrollment)
    assert len(callbacks) == 1
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("/ket-qua/")
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at is not None
    assert not Certificate.objects.exists()
    assert "waits for certificates_reconcile" in caplog.text
    assert "Đang cấp" in client.get(reverse("certificates:mine")).content.decode()

    factories.issuer(people["agencies"]["SKHCN"])
    out = StringIO()
    call_command("certificates_reconcile", stdout=out)

    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.status == Certificate.Status.VALID
    assert "Issued 1/GCN-SKHCN" in out.getvalue()
    mine = client.get(reverse("certificates:mine")).content.decode()
    assert reverse("certificates:download", args=[certificate.code]) in mine
    assert "Đang cấp" not in mine


@pytest.mark.django_db
def test_dead_broker_delays_the_certificate_but_the_learner_sees_success(
    client, people, django_capture_on_commit_callbacks, caplog
):
    factories.issuer(people["agencies"]["SKHCN"])
    enrollment = studied_enrollment(people["learners"][0], people["course"])
    with (
        celery_publishing_to(closed_port_url()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = final_quiz_submit(client, enrollment)
    assert response.status_code == 200
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at is not None
    assert not Certificate.objects.exists()
    assert "Could not queue the certificate of enrollment" in caplog.text

    # The broker is back (here: tasks run inline again) and the sweep issues it.
    result = certificates_reconcile()
    assert [certificate.number for certificate in result.issued] == ["1/GCN-SKHCN"]
    assert Certificate.objects.get(enrollment=enrollment).status == Certificate.Status.VALID


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuances_get_gap_free_unique_numbers(people):
    enrollments = completions_without_certificates(people, 4)
    # The same enrollment twice among them: still one certificate for it.
    targets = [*enrollments, enrollments[0]]
    barrier = threading.Barrier(len(targets))
    errors = []

    def issue(enrollment_id):
        try:
            barrier.wait(timeout=30)
            certificate_issue(enrollment_id=enrollment_id)
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(e.pk,)) for e in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    certificates = Certificate.objects.order_by("serial")
    assert [c.serial for c in certificates] == [1, 2, 3, 4]
    assert {c.status for c in certificates} == {Certificate.Status.VALID}
    assert Issuer.objects.get().next_serial == 5
    assert stored_certificate_files() == sorted(f"{c.code}.pdf" for c in certificates)


@pytest.mark.django_db
def test_reconcile_dry_run_lists_and_issues_nothing(people, django_assert_max_num_queries):
    enrollments = completions_without_certificates(people, 2)
    out = StringIO()
    with django_assert_max_num_queries(2):
        call_command("certificates_reconcile", "--dry-run", stdout=out)
    for enrollment in enrollments:
        assert f"Would issue: enrollment {enrollment.pk}" in out.getvalue()
    assert not Certificate.objects.exists()
    assert stored_certificate_files() == []


@pytest.mark.django_db
def test_reconcile_skips_issued_and_revoked_certificates(people):
    first, second, third = completions_without_certificates(people, 3)
    certificate_issue(enrollment_id=first.pk)
    revoked = certificate_issue(enrollment_id=second.pk)
    Certificate.objects.filter(pk=revoked.pk).update(status=Certificate.Status.REVOKED)
    result = certificates_reconcile(pending_older_than=timedelta(0))
    assert result.due == [third.pk]
    assert [certificate.number for certificate in result.issued] == ["3/GCN-SKHCN"]
    assert Certificate.objects.get(pk=revoked.pk).status == Certificate.Status.REVOKED


def test_beat_runs_the_reconcile_task(settings):
    from config import celery_app

    celery_app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["certificates-reconcile"]
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] == settings.CERTIFICATE_RECONCILE_SECONDS


def test_publishing_to_a_dead_broker_gives_up_quickly(settings):
    # Bounded retries with short waits: a request never hangs on an unreachable broker.
    policy = settings.CELERY_TASK_PUBLISH_RETRY_POLICY
    assert policy["max_retries"] * policy["interval_max"] <= 2
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 5

"""New accounts after a staff import: set-password emails, one-time password sheets, and the
password change a one-time password forces at the first sign-in."""

import re
import threading
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agencies.account_sheet import account_sheet_pdf
from agencies.accounts import (
    SESSION_KEY,
    AccountsRefused,
    Slip,
    account_sheet_issue,
    invitation_emails_queue,
    one_time_password_hash,
    password_change_flag_on_sign_in,
    password_change_require,
)
from agencies.models import AccountInvitation, PasswordChangeRequired, StaffImport
from tests.agencies.sheets import pdf_text, sheet_passwords
from tests.factories import agency_tree, hr_manager, learner

from .staff_files import csv_file, person

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Hoc-so-2026-an-toan"


@pytest.fixture(autouse=True)
def _tasks_run_at_commit(monkeypatch, django_capture_on_commit_callbacks):
    """Run what would be queued at commit (Celery, eager here) right after each request."""
    from django.test import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture
def tree():
    return agency_tree()


@pytest.fixture
def hr(tree, client):
    user = hr_manager(tree["SKHCN"], username="nhansu")
    client.force_login(user)
    return user


ROWS = [
    person("NB0001", **{"Họ và tên": "Nguyễn Văn An"}),
    person("NB0002", **{"Họ và tên": "Trần Thị Bình"}),
    person("NB0003", **{"Họ và tên": "Lê Văn Cường", "Email": ""}),
    person("NB0004", **{"Họ và tên": "Phạm Thị Dung", "Email": ""}),
]


def applied_import(client, rows=ROWS) -> StaffImport:
    file = SimpleUploadedFile("ds.csv", csv_file(rows).getvalue(), content_type="text/csv")
    client.post(reverse("agencies:staff_imports"), {"file": file})
    check = StaffImport.objects.filter(dry_run=True).latest("created_at")
    client.post(reverse("agencies:staff_import_apply", args=[check.pk]))
    job = StaffImport.objects.get(preview=check)
    assert (job.status, job.result["created"]) == ("done", len(rows))
    return job


def sign_in(client, username: str, password: str):
    client.logout()
    return client.post(reverse("login"), {"username": username, "password": password})


# --- the screen --------------------------------------------------------------------------------


def test_applied_import_links_to_its_accounts_page(client, hr):
    job = applied_import(client)
    html = client.get(reverse("agencies:staff_import", args=[job.pk])).content.decode()
    assert reverse("agencies:import_accounts", args=[job.pk]) in html
    html = client.get(reverse("agencies:import_accounts", args=[job.pk])).content.decode()
    assert "Gửi email cho 2 người" in html
    assert "Tạo phiếu cho 2 người" in html
    # Said before the button: a new sheet voids the earlier one.
    assert "các phiếu trước sẽ không dùng được nữa" in html


def test_a_check_gives_no_accounts(client, hr):
    file = SimpleUploadedFile("ds.csv", csv_file(ROWS).getvalue(), content_type="text/csv")
    client.post(reverse("agencies:staff_imports"), {"file": file})
    check = StaffImport.objects.get()
    response = client.post(reverse("agencies:import_accounts_sheet", args=[check.pk]))
    assert response.status_code == 302
    assert not AccountInvitation.objects.exists()
    response = client.post(reverse("agencies:import_accounts_email", args=[check.pk]))
    assert len(mail.outbox) == 0


# --- emails ------------------------------------------------------------------------------------


def test_email_names_the_person_and_carries_a_working_link(client, hr, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
    job = applied_import(client)
    response = client.post(reverse("agencies:import_accounts_email", args=[job.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        "nb0001@ninhbinh.gov.vn",
        "nb0002@ninhbinh.gov.vn",
    ]
    message = next(m for m in mail.outbox if m.to == ["nb0001@ninhbinh.gov.vn"])
    assert message.subject == "Tài khoản HọcSố của bạn"
    assert "Nguyễn Văn An" in message.body
    assert "NB0001" in message.body
    assert "Trần Thị Bình" not in message.body
    expires = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%d/%m/%Y")
    assert expires in message.body  # says when the link stops working
    link = re.search(r"http://127\.0\.0\.1:8000(/dat-mat-khau/\S+/)", message.body).group(1)
    invitations = AccountInvitation.objects.filter(job=job)
    assert {i.status for i in invitations} == {"sent"}
    assert all(i.sent_at for i in invitations)

    client.logout()
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("agencies:account_password_set_done")
    assert User.objects.get(username="NB0001").check_password(NEW_PASSWORD)
    # Single use: the same link no longer opens the form.
    client.cookies.clear()
    html = client.get(link, follow=True).content.decode()
    assert "đã hết hạn hoặc đã được dùng" in html
    # Set from the link, the password is the person's own: no forced change.
    response = sign_in(client, "NB0001", NEW_PASSWORD)
    assert client.get(reverse("learning:my_courses")).status_code == 200


def test_email_link_expires(client, hr, settings):
    job = applied_import(client)
    client.post(reverse("agencies:import_accounts_email", args=[job.pk]))
    link = re.search(r"(/dat-mat-khau/\S+/)", mail.outbox[0].body).group(1)
    settings.PASSWORD_RESET_TIMEOUT = 0  # the token was made at least a second ago once slept
    client.logout()
    time.sleep(1.1)
    html = client.get(link, follow=True).content.decode()
    assert "đã hết hạn hoặc đã được dùng" in html
    assert 'name="new_password1"' not in html


def test_a_second_click_sends_no_second_email(client, hr):
    job = applied_import(client)
    client.post(reverse("agencies:import_accounts_email", args=[job.pk]))
    client.post(reverse("agencies:import_accounts_email", args=[job.pk]))
    assert len(mail.outbox) == 2
    assert AccountInvitation.objects.filter(job=job, method="email").count() == 2


def test_a_refused_email_is_recorded_and_can_be_sent_again(client, hr, settings):
    job = applied_import(client)
    settings.EMAIL_BACKEND = "tests.agencies.test_accounts.RefusingBackend"
    client.post(reverse("agencies:import_accounts_email", args=[job.pk]))
    failed = AccountInvitation.objects.filter(job=job, status="failed")
    assert failed.count() == 2
    assert "Máy chủ thư" in failed[0].message
    html = client.get(reverse("agencies:import_accounts", args=[job.pk])).content.decode()
    assert "Không gửi được" in html
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(reverse("agencies:import_accounts_email", args=[job.pk]))
    assert len(mail.outbox) == 2
    assert set(AccountInvitation.objects.values_list("status", flat=True)) == {"sent"}


class RefusingBackend:
    """Stands in for an SMTP server that refuses (a process boundary we do not own)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("550 mailbox unavailable")


# --- the sheet ---------------------------------------------------------------------------------


def test_sheet_names_each_person_without_email_and_no_one_else(client, hr, tmp_path):
    job = applied_import(client)
    learner(hr.agency_roles.get().agency, full_name="Hoàng Văn Ngoài")
    response = client.post(reverse("agencies:import_accounts_sheet", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content, tmp_path)
    assert "Lê Văn Cường" in text and "Phạm Thị Dung" in text
    for outsider in ("Nguyễn Văn An", "Trần Thị Bình", "Hoàng Văn Ngoài"):
        assert outsider not in text
    assert "http://127.0.0.1:8000/dang-nhap/" in text
    passwords = sheet_passwords(text)
    assert set(passwords) == {"NB0003", "NB0004"}
    assert len(set(passwords.values())) == 2  # differ per person
    # Only the hash is kept.
    stored = User.objects.get(username="NB0003").password
    assert passwords["NB0003"] not in stored
    assert User.objects.get(username="NB0003").check_password(passwords["NB0003"])


def test_one_time_password_works_once_and_forces_a_change(client, hr, tmp_path):
    job = applied_import(client)
    text = pdf_text(
        client.post(reverse("agencies:import_accounts_sheet", args=[job.pk])).content, tmp_path
    )
    password = sheet_passwords(text)["NB0003"]
    response = sign_in(client, "NB0003", password)
    assert response.status_code == 302
    change = reverse("agencies:password_change_required")
    # Every other page sends the person to the change form until it is done.
    for path in (reverse("learning:my_courses"), "/", reverse("agencies:staff_imports")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(change)
    html = client.get(change).content.decode()
    assert "Chọn mật khẩu của bạn" in html
    # Django's validators apply, in Vietnamese.
    response = client.post(change, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "quá phổ biến" in response.content.decode()
    assert client.get("/").status_code == 302
    response = client.post(
        change,
        {
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            "next": reverse("learning:my_courses"),
        },
    )
    assert response["Location"] == reverse("learning:my_courses")
    assert client.get(reverse("learning:my_courses")).status_code == 200
    assert not PasswordChangeRequired.objects.filter(user__username="NB0003").exists()
    # The one-time password is spent.
    sign_in(client, "NB0003", password)
    assert "_auth_user_id" not in client.session
    sign_in(client, "NB0003", NEW_PASSWORD)
    assert client.get(reverse("learning:my_courses")).status_code == 200


def test_change_form_refuses_an_outside_next(client, hr, tmp_path):
    job = applied_import(client)
    text = pdf_text(
        client.post(reverse("agencies:import_accounts_sheet", args=[job.pk])).content, tmp_path
    )
    sign_in(client, "NB0004", sheet_passwords(text)["NB0004"])
    response = client.post(
        reverse("agencies:password_change_required"),
        {
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("learning:my_courses")


def test_a_new_sheet_voids_the_old_one_and_twice_quickly_leaves_one_valid(client, hr, tmp_path):
    job = applied_import(client)
    url = reverse("agencies:import_accounts_sheet", args=[job.pk])
    first = sheet_passwords(pdf_text(client.post(url).content, tmp_path))
    second = sheet_passwords(pdf_text(client.post(url).content, tmp_path))
    for username in ("NB0003", "NB0004"):
        user = User.objects.get(username=username)
        assert not user.check_password(first[username])
        assert user.check_password(second[username])
    invitations = AccountInvitation.objects.filter(job=job, method="sheet")
    assert sorted(invitations.values_list("status", flat=True)) == ["issued"] * 2 + ["replaced"] * 2


def test_flagged_account_must_change_but_a_directory_sign_in_never(client, tree, rf):
    user = learner(tree["SKHCN"])
    user.set_password("Mat-khau-cu-2025")
    user.save()
    password_change_require(user=user)
    sign_in(client, user.username, "Mat-khau-cu-2025")
    assert client.get("/").status_code == 302
    # The directory decides for its users: signed in through it, nothing is forced (the
    # LDAP sign-in itself is tested against slapd in test_sso.py).
    request = rf.get("/")
    request.session = {SESSION_KEY: True}
    user.backend = "agencies.sso.DirectoryBackend"
    password_change_flag_on_sign_in(request=request, user=user)
    assert request.session == {}
    user.backend = "django.contrib.auth.backends.ModelBackend"
    password_change_flag_on_sign_in(request=request, user=user)
    assert request.session == {SESSION_KEY: True}


def test_people_already_signed_in_are_left_alone(client, hr, tmp_path):
    job = applied_import(client)
    person_user = User.objects.get(username="NB0003")
    person_user.set_password(NEW_PASSWORD)
    person_user.save()
    text = pdf_text(
        client.post(reverse("agencies:import_accounts_sheet", args=[job.pk])).content, tmp_path
    )
    assert "NB0003" not in text
    assert User.objects.get(username="NB0003").check_password(NEW_PASSWORD)


# --- scope -------------------------------------------------------------------------------------


def test_another_hr_cannot_see_or_use_the_job(client, hr, tree):
    job = applied_import(client)
    other = hr_manager(tree["SKHCN"], username="nhansu2")
    client.force_login(other)
    for name in ("import_accounts_email", "import_accounts_sheet"):
        assert client.post(reverse(f"agencies:{name}", args=[job.pk])).status_code == 404
    assert client.get(reverse("agencies:import_accounts", args=[job.pk])).status_code == 404
    assert not AccountInvitation.objects.exists()
    assert len(mail.outbox) == 0


def test_people_outside_the_creators_scope_now_get_nothing(client, hr, tree):
    job = applied_import(client)
    # The job's creator keeps only a division that holds nobody from the file.
    role = hr.agency_roles.get()
    role.agency = tree["STC-NS"]
    role.save()
    with pytest.raises(AccountsRefused):
        account_sheet_issue(by=hr, job=job)
    with pytest.raises(AccountsRefused):
        invitation_emails_queue(by=hr, job=job)
    assert User.objects.get(username="NB0003").password.startswith("!")


def test_a_non_hr_user_is_refused(client, tree):
    hr_user = hr_manager(tree["SKHCN"], username="nhansu")
    client.force_login(hr_user)
    job = applied_import(client)
    client.force_login(learner(tree["SKHCN"]))
    assert client.post(reverse("agencies:import_accounts_sheet", args=[job.pk])).status_code == 403


def test_hostile_names_are_printed_as_text(tmp_path):
    slips = [
        Slip(
            full_name='=HYPERLINK("http://x")<script>',
            employee_code="NB9",
            username="NB9",
            password="abc",
        )
    ]
    text = pdf_text(account_sheet_pdf(slips=slips), tmp_path)
    assert '=HYPERLINK("http://x")<script>' in text


@pytest.mark.django_db(transaction=True)
def test_two_sheets_made_at_once_leave_exactly_one_valid():
    from django.db import connection

    from agencies.import_jobs import staff_import_apply, staff_import_start

    tree = agency_tree()
    hr = hr_manager(tree["SKHCN"], username="nhansu")
    upload = SimpleUploadedFile("ds.csv", csv_file(ROWS).getvalue(), content_type="text/csv")
    check = staff_import_start(by=hr, upload=upload, file_name="ds.csv", agency=None)
    job = staff_import_apply(
        by=hr, preview=StaffImport.objects.get(pk=check.pk), confirm_left=False
    )
    job.refresh_from_db()
    assert job.result["created"] == len(ROWS)

    barrier = threading.Barrier(2)
    sheets: list[list[Slip]] = []

    def issue():
        try:
            barrier.wait(timeout=10)
            sheets.append(account_sheet_issue(by=hr, job=job))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(sheets) == 2
    valid = [
        all(User.objects.get(username=s.username).check_password(s.password) for s in sheet)
        for sheet in sheets
    ]
    invalid = [
        not any(User.objects.get(username=s.username).check_password(s.password) for s in sheet)
        for sheet in sheets
    ]
    # One sheet works as a whole and the other not at all: never a mix of the two.
    assert sorted(valid) == [False, True]
    assert sorted(invalid) == [False, True]
    assert AccountInvitation.objects.filter(job=job, status="issued").count() == 2


def test_one_time_hash_is_checked_by_the_default_pbkdf2_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    encoded = one_time_password_hash("abcDEF234567")
    assert encoded.startswith("pbkdf2_sha256$20000$")
    assert check_password("abcDEF234567", encoded)
    assert not check_password("abcDEF234568", encoded)

"""The daily reminder digests: one email per person and per HR manager, in Vietnamese, scoped,
at most once a day, with an unsubscribe link that works without signing in."""

from datetime import date, timedelta
from smtplib import SMTPException

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse

from agencies.models import LearnerProfile
from compliance import reminders, services
from compliance.models import DigestPreference, ReminderSent, Requirement, TrainingRecord
from compliance.tasks import reminders_daily_task
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture
def tree():
    return factories.agency_tree()


@pytest.fixture
def course():
    return factories.course(code="ATTT", lessons=1)


def requirement(title: str, course, *, due: date, **kwargs) -> Requirement:
    """A one-off requirement for every công chức of the province, due on a fixed date."""
    made = Requirement.objects.create(
        title=title,
        categories=["cong_chuc"],
        due_rule=Requirement.DueRule.FIXED,
        due_date=due,
        **kwargs,
    )
    made.courses.add(course)
    return made


def sync_all() -> None:
    for each in Requirement.objects.all():
        services.requirement_sync(each, today=TODAY)


def person(agency, email: str, **kwargs) -> LearnerProfile:
    return factories.staff_member(agency, user__email=email, **kwargs)


def manager(agency, username: str, email: str):
    user = factories.hr_manager(agency, username=username)
    user.email = email
    user.save(update_fields=["email"])
    return user


def to(outbox, address: str) -> list[EmailMultiAlternatives]:
    return [mail for mail in outbox if mail.to == [address]]


def html_of(mail: EmailMultiAlternatives) -> str:
    (html, mimetype) = mail.alternatives[0]
    assert mimetype == "text/html"
    return html


@pytest.fixture
def three_requirements(course):
    """Overdue, due soon and not yet due (on TODAY, with the default 30 "due soon" days)."""
    return {
        "overdue": requirement("An toàn thông tin cơ bản", course, due=date(2026, 6, 1)),
        "soon": requirement("Chuyển đổi số cho công chức", course, due=date(2026, 6, 30)),
        "later": requirement("Kỹ năng số nâng cao", course, due=date(2026, 12, 31)),
    }


# --- one email per person ------------------------------------------------------------------


def test_one_mail_per_person_whatever_the_number_of_requirements(
    tree, course, three_requirements, mailoutbox
):
    busy = person(tree["SKHCN-CDS"], "mai@example.vn", full_name="Trần Thị Mai")
    calm = person(tree["STC-NS"], "ngan@example.vn", full_name="Phạm Thị Ngân")
    requirement("Văn hóa công vụ", course, due=date(2026, 5, 1))
    sync_all()

    result = reminders.reminders_send(today=TODAY)

    assert result["people"] == 2
    assert [len(to(mailoutbox, "mai@example.vn")), len(to(mailoutbox, "ngan@example.vn"))] == [1, 1]
    assert len(mailoutbox) == 2  # no manager has an address in this test
    body = to(mailoutbox, "mai@example.vn")[0].body
    for title in ("An toàn thông tin cơ bản", "Chuyển đổi số cho công chức", "Văn hóa công vụ"):
        assert title in body
    # Not yet due soon: nothing to remind.
    assert "Kỹ năng số nâng cao" not in body
    assert busy.pk != calm.pk


def test_the_digest_speaks_vietnamese_and_carries_the_unsubscribe_link(
    tree, three_requirements, mailoutbox
):
    someone = person(tree["SKHCN"], "mai@example.vn", full_name="Trần Thị Mai")
    sync_all()
    reminders.reminders_send(today=TODAY)

    (mail,) = mailoutbox
    assert mail.subject == "HọcSố: nhắc việc bồi dưỡng ngày 15/06/2026"
    assert "Chào Trần Thị Mai," in mail.body
    assert "Đã quá hạn: hạn hoàn thành là ngày 01/06/2026." in mail.body
    assert "Sắp đến hạn: cần hoàn thành chậm nhất ngày 30/06/2026." in mail.body
    assert "Khóa học được tính:" in mail.body
    token = DigestPreference.objects.get(user=someone.user).token
    link = settings.SITE_URL + reverse("reminders:unsubscribe", args=[token])
    assert link in mail.body
    html = html_of(mail)
    assert '<html lang="vi">' in html
    assert "Nhắc việc bồi dưỡng" in html
    assert link in html
    assert mail.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_completion_about_to_expire_is_reminded_with_the_day_renewal_opens(
    tree, course, mailoutbox
):
    someone = person(tree["SKHCN"], "mai@example.vn")
    recurring = Requirement.objects.create(
        title="Bảo mật thông tin định kỳ",
        categories=["cong_chuc"],
        due_rule=Requirement.DueRule.AFTER_ASSIGNMENT,
        due_days=30,
        recurrence=Requirement.Recurrence.MONTHS,
        recurrence_months=12,
        window_days=10,
        due_soon_days=40,
    )
    recurring.courses.add(course)
    TrainingRecord.objects.create(
        profile=someone,
        source=TrainingRecord.Source.IMPORTED,
        title="Bảo mật thông tin",
        course=course,
        completed_on=date(2025, 7, 20),
        hours=4,
    )
    sync_all()

    (digest,) = reminders.person_digests(today=TODAY)
    (item,) = digest.items
    assert (item.status, item.expires_on) == ("completed", date(2026, 7, 20))
    reminders.reminders_send(today=TODAY)
    assert (
        "Đã hoàn thành; hết hiệu lực vào ngày 20/07/2026. "
        "Bạn có thể học lại để gia hạn từ ngày 10/07/2026." in mailoutbox[0].body
    )
    # Forty days before is the edge; a day earlier there is nothing to remind.
    assert reminders.person_digests(today=date(2026, 6, 9)) == []


def test_people_without_email_unsubscribed_inactive_or_gone_get_nothing(
    tree, three_requirements, mailoutbox
):
    reached = person(tree["SKHCN"], "mai@example.vn")
    person(tree["SKHCN"], "")
    stopped = person(tree["SKHCN"], "stop@example.vn")
    inactive = person(tree["SKHCN"], "inactive@example.vn")
    gone = person(tree["SKHCN"], "gone@example.vn")
    sync_all()
    DigestPreference.objects.create(user=stopped.user, unsubscribed=True)
    inactive.user.is_active = False
    inactive.user.save(update_fields=["is_active"])
    # Left, but the night's maintenance has not run yet: their assignments are still active.
    LearnerProfile.objects.filter(pk=gone.pk).update(status=LearnerProfile.Status.LEFT)

    reminders.reminders_send(today=TODAY)

    assert [mail.to for mail in mailoutbox] == [["mai@example.vn"]]
    assert reached.user.email == "mai@example.vn"


# --- HR managers --------------------------------------------------------------------------


def test_a_manager_sees_the_people_of_their_subtree_only(tree, three_requirements, mailoutbox):
    person(tree["SKHCN-CDS"], "", full_name="Trần Thị Mai")
    person(tree["STC-NS"], "", full_name="Phạm Thị Ngân")
    manager(tree["SKHCN"], "hr-skhcn", "hr.skhcn@example.vn")
    manager(tree["STC"], "hr-stc", "hr.stc@example.vn")
    manager(tree["UBND-NB"], "hr-tinh", "hr.tinh@example.vn")
    sync_all()

    result = reminders.reminders_send(today=TODAY)

    assert result["managers"] == 3
    (skhcn,) = to(mailoutbox, "hr.skhcn@example.vn")
    (stc,) = to(mailoutbox, "hr.stc@example.vn")
    (province,) = to(mailoutbox, "hr.tinh@example.vn")
    assert "Trần Thị Mai" in skhcn.body and "Phạm Thị Ngân" not in skhcn.body
    assert "Phạm Thị Ngân" in stc.body and "Trần Thị Mai" not in stc.body
    assert "Trần Thị Mai" in province.body and "Phạm Thị Ngân" in province.body
    assert skhcn.subject == "HọcSố: cán bộ cần đôn đốc bồi dưỡng ngày 15/06/2026"
    assert "Trần Thị Mai (Phòng Chuyển đổi số): quá hạn, hạn hoàn thành là ngày 01/06/2026" in (
        skhcn.body
    )
    assert "sắp đến hạn, hạn là ngày 30/06/2026" in skhcn.body
    assert settings.SITE_URL + "/quan-ly/bao-cao/" in skhcn.body
    assert "/quan-ly/bao-cao/" in html_of(skhcn)


def test_a_manager_with_nobody_late_gets_nothing(tree, three_requirements, mailoutbox):
    person(tree["SKHCN"], "")
    manager(tree["STC"], "hr-stc", "hr.stc@example.vn")
    sync_all()
    assert reminders.reminders_send(today=TODAY)["managers"] == 0
    assert mailoutbox == []


def test_the_manager_list_is_capped_per_requirement_and_counts_the_others(
    tree, course, mailoutbox, monkeypatch
):
    monkeypatch.setattr(reminders, "MANAGER_LIST_CAP", 2)
    requirement("An toàn thông tin cơ bản", course, due=date(2026, 6, 1))
    names = ["An", "Bình", "Chi", "Dũng", "Giang"]
    for name in names:
        person(tree["SKHCN"], "", full_name=f"Nguyễn Văn {name}")
    manager(tree["SKHCN"], "hr-skhcn", "hr.skhcn@example.vn")
    sync_all()

    reminders.reminders_send(today=TODAY)

    (mail,) = mailoutbox
    listed = [name for name in names if f"Nguyễn Văn {name} (" in mail.body]
    assert listed == ["An", "Bình"]  # Vietnamese name order
    assert "5 người quá hạn hoặc hết hiệu lực, 0 người sắp đến hạn" in mail.body
    assert "và 3 người khác" in mail.body
    assert "và 3 người khác" in html_of(mail)


def test_an_unsubscribed_manager_gets_nothing(tree, three_requirements, mailoutbox):
    person(tree["SKHCN"], "")
    hr = manager(tree["SKHCN"], "hr-skhcn", "hr.skhcn@example.vn")
    sync_all()
    reminders.digest_preference_set(user=hr, subscribed=False)
    reminders.reminders_send(today=TODAY)
    assert mailoutbox == []


# --- once a day ------------------------------------------------------------------------------


def test_a_second_run_the_same_day_sends_nothing(tree, three_requirements, mailoutbox):
    person(tree["SKHCN"], "mai@example.vn")
    manager(tree["SKHCN"], "hr-skhcn", "hr.skhcn@example.vn")
    sync_all()

    first = reminders.reminders_send(today=TODAY)
    second = reminders.reminders_send(today=TODAY)

    assert (first["people"], first["managers"]) == (1, 1)
    assert (second["people"], second["managers"], second["already_sent"]) == (0, 0, 2)
    assert len(mailoutbox) == 2
    assert ReminderSent.objects.filter(day=TODAY).count() == 2
    # The next day is another digest.
    assert reminders.reminders_send(today=TODAY + timedelta(days=1))["people"] == 1


def test_a_digest_claimed_by_another_run_is_not_sent_again(tree, three_requirements, mailoutbox):
    claimed = person(tree["SKHCN"], "claimed@example.vn")
    person(tree["SKHCN"], "mai@example.vn")
    sync_all()
    ReminderSent.objects.create(user=claimed.user, day=TODAY, kind=ReminderSent.Kind.PERSON)

    reminders.reminders_send(today=TODAY)

    assert [mail.to for mail in mailoutbox] == [["mai@example.vn"]]


def test_a_refused_mail_releases_its_claim_so_the_retry_sends_it(
    tree, three_requirements, mailoutbox, monkeypatch
):
    someone = person(tree["SKHCN"], "mai@example.vn")
    sync_all()
    real_send = EmailMultiAlternatives.send

    def refuse(self, fail_silently=False):
        raise SMTPException("451 try again later")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    with pytest.raises(SMTPException):
        reminders.reminders_send(today=TODAY)
    assert not ReminderSent.objects.filter(user=someone.user).exists()

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    assert reminders.reminders_send(today=TODAY)["people"] == 1
    assert len(mailoutbox) == 1


def test_the_daily_task_sends_and_beat_runs_it_at_seven(tree, three_requirements, mailoutbox):
    person(tree["SKHCN"], "mai@example.vn")
    sync_all()
    # The task works on the real today: put the assignments' dates around it.
    Requirement.objects.filter(title="An toàn thông tin cơ bản").update(
        due_date=date.today() - timedelta(days=3)
    )
    for each in Requirement.objects.all():
        services.requirement_sync(each)

    result = reminders_daily_task.delay().get()

    assert result["people"] == 1
    assert len(mailoutbox) == 1
    entry = settings.CELERY_BEAT_SCHEDULE["compliance-reminders"]
    assert entry["task"] == "compliance.tasks.reminders_daily_task"
    assert entry["schedule"] == crontab(hour=7, minute=0)


# --- escaping -------------------------------------------------------------------------------


def test_hostile_names_are_escaped_in_the_html_part(tree, course, mailoutbox):
    hostile = '<script>alert("x")</script>'
    requirement(f"<b>{hostile}</b>", course, due=date(2026, 6, 1))
    person(tree["SKHCN"], "mai@example.vn", full_name=hostile)
    manager(tree["SKHCN"], "hr-skhcn", "hr.skhcn@example.vn")
    sync_all()

    reminders.reminders_send(today=TODAY)

    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        html = html_of(mail)
        assert "<script>" not in html and "<b>" not in html
        assert "&lt;script&gt;" in html
        # The text part is plain text: the name as written, not HTML entities.
        assert hostile in mail.body
        assert "&lt;" not in mail.body


# --- query counts ---------------------------------------------------------------------------


def test_the_digest_builders_read_in_a_fixed_number_of_queries(
    tree, course, django_assert_max_num_queries
):
    for n in range(3):
        requirement(f"Yêu cầu {n}", course, due=date(2026, 6, 1) + timedelta(days=n * 10))
    for n in range(12):
        person(tree["SKHCN-CDS" if n % 2 else "STC-NS"], f"p{n}@example.vn")
    for code in ("SKHCN", "STC", "UBND-NB"):
        manager(tree[code], f"hr-{code}", f"{code}@example.vn")
    sync_all()

    # The first day: the people's preference rows (their tokens) are made, in bulk.
    with django_assert_max_num_queries(5):
        first = reminders.person_digests(today=TODAY)
    with django_assert_max_num_queries(3):
        again = reminders.person_digests(today=TODAY)
    # One query for the managers, then two per manager (their scope, their people), then the
    # preference rows of the managers mailed for the first time.
    with django_assert_max_num_queries(1 + 2 * 3 + 2):
        managers = reminders.manager_digests(today=TODAY)

    assert len(first) == len(again) == 12
    assert {len(d.items) for d in again} == {3}
    assert len(managers) == 3


# --- unsubscribing ----------------------------------------------------------------------------


@pytest.fixture
def subscribed(tree):
    someone = person(tree["SKHCN"], "mai@example.vn")
    preference = DigestPreference.objects.create(user=someone.user)
    return preference


def test_a_wrong_token_is_not_found(client, subscribed):
    url = reverse("reminders:unsubscribe", args=["x" * 43])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    subscribed.refresh_from_db()
    assert not subscribed.unsubscribed


def test_opening_the_link_asks_and_changes_nothing(client, subscribed):
    response = client.get(reverse("reminders:unsubscribe", args=[subscribed.token]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ngừng nhận email hằng ngày nhắc các nội dung bồi dưỡng" in page
    assert '<form method="post"' in page
    subscribed.refresh_from_db()
    assert not subscribed.unsubscribed


def test_confirming_unsubscribes_without_signing_in(client, subscribed, mailoutbox, course):
    response = client.post(reverse("reminders:unsubscribe", args=[subscribed.token]))
    assert response.status_code == 200
    assert "Xong: bạn sẽ không nhận email nhắc việc hằng ngày nữa." in response.content.decode()
    subscribed.refresh_from_db()
    assert subscribed.unsubscribed and subscribed.unsubscribed_at is not None

    requirement("An toàn thông tin cơ bản", course, due=date(2026, 6, 1))
    sync_all()
    reminders.reminders_send(today=TODAY)
    assert mailoutbox == []


def test_a_mail_client_one_click_post_works_without_a_csrf_token(subscribed):
    """RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", with no cookie."""
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("reminders:unsubscribe", args=[subscribed.token]),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    subscribed.refresh_from_db()
    assert subscribed.unsubscribed


def test_the_own_setting_page_needs_signing_in(client):
    response = client.get(reverse("reminders:preferences"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_person_turns_the_digest_off_and_on_again(client, subscribed):
    client.force_login(subscribed.user)
    url = reverse("reminders:preferences")
    page = client.get(url).content.decode()
    assert "Bạn đang nhận email nhắc việc hằng ngày." in page
    assert "<legend>Email nhắc việc hằng ngày" in page  # the radio buttons' group is labelled

    response = client.post(url, {"digest": "off"}, follow=True)
    assert "Bạn sẽ không nhận email nhắc việc hằng ngày nữa." in response.content.decode()
    subscribed.refresh_from_db()
    assert subscribed.unsubscribed

    client.post(url, {"digest": "on"})
    subscribed.refresh_from_db()
    assert not subscribed.unsubscribed and subscribed.unsubscribed_at is None


def test_a_bad_choice_is_refused_in_vietnamese_and_changes_nothing(client, subscribed):
    client.force_login(subscribed.user)
    url = reverse("reminders:preferences")
    for data in ({"digest": "maybe"}, {}):
        response = client.post(url, data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Hãy chọn có nhận email hay không." in page
        subscribed.refresh_from_db()
        assert not subscribed.unsubscribed


def test_the_setting_page_makes_no_row_on_a_get(client, tree):
    someone = person(tree["SKHCN"], "mai@example.vn")
    client.force_login(someone.user)
    assert client.get(reverse("reminders:preferences")).status_code == 200
    assert not DigestPreference.objects.exists()


def test_an_hours_requirement_shows_the_periods_done(tree, course, mailoutbox):
    someone = person(tree["SKHCN"], "mai@example.vn")
    periods = Requirement.objects.create(
        title="Bồi dưỡng an toàn thông tin 8 tiết",
        categories=["cong_chuc"],
        satisfaction=Requirement.Satisfaction.HOURS,
        hours_required=8,
        hours_category="an_toan_thong_tin",
        due_rule=Requirement.DueRule.FIXED,
        due_date=date(2026, 6, 30),
    )
    TrainingRecord.objects.create(
        profile=someone,
        source=TrainingRecord.Source.IMPORTED,
        title="Hội thảo bảo mật",
        completed_on=date(2026, 3, 2),
        hours="2.5",
        category="an_toan_thong_tin",
    )
    services.requirement_sync(periods, today=TODAY)

    reminders.reminders_send(today=TODAY)

    (mail,) = mailoutbox
    assert "Sắp đến hạn: cần hoàn thành chậm nhất ngày 30/06/2026." in mail.body
    assert "Đã học 2,5/8 tiết." in mail.body
    assert "Khóa học được tính:" not in mail.body

"""HR's compliance screens for one person: their requirements and history, the extension and the
exemption (form → confirmation → change), scoped to HR's agencies; bad input changes nothing."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from compliance import services, views_hr
from compliance.models import Assignment, ComplianceCount, ComplianceEvent, Requirement
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    tree = factories.agency_tree()
    course = factories.course(code="ATTT", lessons=1)
    today = timezone.localdate()
    requirement = Requirement.objects.create(
        title="An toàn thông tin", due_rule="fixed", due_date=today - timedelta(days=10)
    )
    requirement.courses.add(course)
    person = factories.staff_member(tree["SKHCN-CDS"], full_name="Trần Thị Mai")
    outsider = factories.staff_member(tree["STC-NS"], full_name="Phạm Thị Ngân")
    services.requirement_sync(requirement)
    hr = factories.hr_manager(tree["SKHCN"], username="hr-khcn")
    client.force_login(hr)
    return {
        "tree": tree,
        "today": today,
        "requirement": requirement,
        "person": person,
        "outsider": outsider,
        "hr": hr,
        "hr_out": factories.hr_manager(tree["STC"], username="hr-tc"),
        "mine": Assignment.objects.get(profile=person),
        "theirs": Assignment.objects.get(profile=outsider),
    }


def person_url(profile) -> str:
    return reverse("compliance_hr:person", args=[profile.pk])


def extend_url(assignment) -> str:
    return reverse("compliance_hr:assignment_extend", args=[assignment.pk])


def exempt_url(assignment) -> str:
    return reverse("compliance_hr:assignment_exempt", args=[assignment.pk])


def text(response) -> str:
    return html.unescape(response.content.decode())


def state(assignment) -> tuple:
    assignment = Assignment.objects.get(pk=assignment.pk)
    counts = sorted(ComplianceCount.objects.values_list("agency_id", "status", "count"))
    return (
        assignment.status,
        assignment.extended_due_on,
        assignment.exempt,
        ComplianceEvent.objects.count(),
        counts,
    )


def test_the_person_page_shows_requirements_dates_and_history(client, world):
    later = world["today"] + timedelta(days=30)
    services.assignment_extend(
        by=world["hr"], assignment=world["mine"], due_on=later, reason="Nghỉ ốm dài ngày"
    )
    response = client.get(person_url(world["person"]))
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Tuân thủ đào tạo: Trần Thị Mai</h1>" in page
    assert "An toàn thông tin" in page
    assert later.strftime("%d/%m/%Y") in page
    # The history: who, what, before → after, and the reason.
    assert "hr-khcn" in page and "Gia hạn: An toàn thông tin" in page
    assert "Quá hạn → Sắp đến hạn" in page
    assert "Nghỉ ốm dài ngày" in page
    assert extend_url(world["mine"]) in page and exempt_url(world["mine"]) in page


def test_people_outside_the_managers_agencies_are_not_found(client, world):
    before = state(world["theirs"])
    assert client.get(person_url(world["outsider"])).status_code == 404
    assert client.get(extend_url(world["theirs"])).status_code == 404
    assert client.get(exempt_url(world["theirs"])).status_code == 404
    data = {
        "due_on": (world["today"] + timedelta(days=30)).strftime("%d/%m/%Y"),
        "reason": "Thử",
        "confirmed": "True",
    }
    assert client.post(extend_url(world["theirs"]), data).status_code == 404
    data = {"exempt": "1", "reason": "Thử", "confirmed": "True"}
    assert client.post(exempt_url(world["theirs"]), data).status_code == 404
    # HR of the other department reaches the outsider but not our person.
    client.force_login(world["hr_out"])
    assert client.get(person_url(world["outsider"])).status_code == 200
    assert client.post(exempt_url(world["mine"]), data).status_code == 404
    assert state(world["theirs"]) == before
    assert Assignment.objects.get(pk=world["mine"].pk).exempt is False


def test_learners_are_refused_and_visitors_sent_to_sign_in(client, world):
    client.force_login(world["person"].user)
    assert client.get(person_url(world["person"])).status_code == 403
    data = {"exempt": "1", "reason": "Tự miễn", "confirmed": "True"}
    assert client.post(exempt_url(world["mine"]), data).status_code == 403
    client.logout()
    response = client.get(person_url(world["person"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not ComplianceEvent.objects.exists()
    assert Assignment.objects.get(pk=world["mine"].pk).exempt is False


def test_an_extension_is_asked_confirmed_then_kept_with_its_event(client, world):
    mine = world["mine"]
    later = world["today"] + timedelta(days=45)
    form = client.get(extend_url(mine))
    assert form.status_code == 200
    assert 'for="id_due_on"' in text(form) and 'for="id_reason"' in text(form)
    data = {"due_on": later.strftime("%d/%m/%Y"), "reason": "Đi học tập trung"}
    before = state(mine)
    confirm = client.post(extend_url(mine), data)
    assert confirm.status_code == 200
    assert "Đồng ý gia hạn" in text(confirm)
    assert state(mine) == before  # the confirmation step changes nothing

    done = client.post(extend_url(mine), {**data, "confirmed": "True"})
    assert done.status_code == 302 and done["Location"] == person_url(world["person"])
    mine.refresh_from_db()
    assert (mine.extended_due_on, mine.status) == (later, "not_started")
    event = ComplianceEvent.objects.get()
    assert (event.kind, event.by, event.reason, event.requirement) == (
        "extension",
        world["hr"],
        "Đi học tập trung",
        world["requirement"],
    )
    assert (event.before["status"], event.after["extended_due_on"]) == (
        "overdue",
        later.isoformat(),
    )
    followed = client.get(done["Location"])
    assert f"Trần Thị Mai được gia hạn đến {later:%d/%m/%Y}" in text(followed)

    # The same confirmation sent again (a double click, the back button): a clear refusal.
    again = client.post(extend_url(mine), {**data, "confirmed": "True"})
    assert again.status_code == 200
    assert f"Hạn hoàn thành đã được gia hạn đến {later:%d/%m/%Y}." in text(again)
    assert ComplianceEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("due_on", "reason", "message"),
    [
        ("31-12-2099", "Lý do", "Hãy ghi ngày theo dạng dd/mm/yyyy"),
        ("2099-12-31", "Lý do", "Hãy ghi ngày theo dạng dd/mm/yyyy"),
        ("31/02/2099", "Lý do", "Hãy ghi ngày theo dạng dd/mm/yyyy"),
        ("", "Lý do", "Hãy ghi ngày hạn mới."),
        ("01/01/2000", "Lý do", "Hạn mới phải sau hạn hiện tại"),
        ("31/12/2099", "", "Hãy nêu lý do thay đổi"),
        ("31/12/2099", "   ", "Hãy nêu lý do thay đổi"),
        ("31/12/2099", "x" * 2001, "2000"),
    ],
)
def test_bad_extension_input_is_explained_and_changes_nothing(
    client, world, due_on, reason, message
):
    before = state(world["mine"])
    data = {"due_on": due_on, "reason": reason, "confirmed": "True"}
    response = client.post(extend_url(world["mine"]), data)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert 'aria-invalid="true"' in page
    assert state(world["mine"]) == before


def test_a_nul_byte_is_refused_before_the_form_and_by_the_form(client, world):
    before = state(world["mine"])
    data = {"due_on": "31/12/2099", "reason": "Nghỉ\x00phép", "confirmed": "True"}
    assert client.post(extend_url(world["mine"]), data).status_code == 400
    assert client.post(exempt_url(world["mine"]), {**data, "exempt": "1"}).status_code == 400
    assert state(world["mine"]) == before
    # Behind the site's middleware, the form refuses it too, in Vietnamese.
    with translation.override("vi"):
        form = views_hr.ExtensionForm(data, assignment=world["mine"])
        assert not form.is_valid()
        assert form.errors["reason"] == ["Lý do chứa ký tự không được phép."]


def test_a_completed_requirement_cannot_be_extended(client, world):
    Assignment.objects.filter(pk=world["mine"].pk).update(status="completed")
    data = {"due_on": "31/12/2099", "reason": "Lý do", "confirmed": "True"}
    response = client.post(extend_url(world["mine"]), data)
    assert "Chỉ gia hạn được yêu cầu chưa hoàn thành." in text(response)
    assert not ComplianceEvent.objects.exists()


def test_a_script_in_the_reason_is_kept_as_text_and_shown_escaped(client, world):
    reason = '<script>alert("x")</script> nghỉ phép'
    data = {"exempt": "1", "reason": reason}
    confirm = client.post(exempt_url(world["mine"]), data)
    assert b"<script>alert" not in confirm.content
    assert b"&lt;script&gt;alert" in confirm.content
    client.post(exempt_url(world["mine"]), {**data, "confirmed": "True"})
    assert ComplianceEvent.objects.get().reason == reason
    page = client.get(person_url(world["person"])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; nghỉ phép" in page


def test_an_exemption_and_its_lifting_each_confirmed_and_logged(client, world):
    mine = world["mine"]
    form = client.get(exempt_url(mine))
    assert "<h1>Miễn yêu cầu</h1>" in text(form)
    data = {"exempt": "1", "reason": "Biệt phái sang bộ"}
    confirm = client.post(exempt_url(mine), data)
    assert "Đồng ý miễn" in text(confirm)
    assert not ComplianceEvent.objects.exists()
    done = client.post(exempt_url(mine), {**data, "confirmed": "True"})
    assert done.status_code == 302
    mine.refresh_from_db()
    assert (mine.exempt, mine.status) == (True, "exempt")
    assert ComplianceCount.objects.get(status="exempt").count == 1
    assert ComplianceCount.objects.get(status="exempt").agency_id == world["person"].agency_id
    agency = world["person"].agency_id
    assert not ComplianceCount.objects.filter(
        agency_id=agency, status="overdue", count__gt=0
    ).exists()

    # A second "exempt" (a double submit) does not lift what the first granted.
    again = client.post(exempt_url(mine), {**data, "confirmed": "True"})
    assert again.status_code == 200
    assert "Người này đã được miễn." in text(again)
    assert Assignment.objects.get(pk=mine.pk).exempt is True
    assert ComplianceEvent.objects.count() == 1

    assert "<h1>Bỏ miễn yêu cầu</h1>" in text(client.get(exempt_url(mine)))
    lift = {"exempt": "0", "reason": "Đã trở về cơ quan", "confirmed": "True"}
    assert client.post(exempt_url(mine), lift).status_code == 302
    mine.refresh_from_db()
    assert (mine.exempt, mine.status) == (False, "overdue")
    kinds = list(ComplianceEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["exemption", "exemption_lifted"]


def test_a_tampered_exemption_form_changes_nothing(client, world):
    before = state(world["mine"])
    for value in ("2", "", "yes"):
        data = {"exempt": value, "reason": "Lý do", "confirmed": "True"}
        response = client.post(exempt_url(world["mine"]), data)
        assert response.status_code == 200
        assert "Biểu mẫu này đã cũ" in text(response)
    assert state(world["mine"]) == before


def test_the_person_page_costs_the_same_whatever_their_history(
    client, world, django_assert_max_num_queries
):
    url = person_url(world["person"])
    services.assignment_exempt(by=world["hr"], assignment=world["mine"], exempt=True, reason="Đầu")
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        assert client.get(url).status_code == 200
    baseline = len(few.captured_queries)  # read now: the query log is a bounded ring
    for number in range(6):
        services.assignment_exempt(
            by=world["hr"], assignment=world["mine"], exempt=number % 2 == 1, reason=f"Lần {number}"
        )
    for number in range(3):
        requirement = Requirement.objects.create(title=f"Yêu cầu {number}")
        requirement.courses.add(*world["requirement"].courses.all())
        services.requirement_sync(requirement)
    client.get(url)  # the session cache warmed as for the first count
    with django_assert_max_num_queries(baseline):
        page = text(client.get(url))
    assert "Lần 5" in page and "Yêu cầu 2" in page

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from learning.services import enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    agencies = factories.agency_tree()
    course = factories.course()
    inside = factories.learner(agencies["SKHCN-CDS"], full_name="Phạm Thị Hoa")
    outside = factories.learner(agencies["STC-NS"], full_name="Bùi Văn Nam")
    enrollment_create(user=inside, course=course)
    return {
        "agencies": agencies,
        "course": course,
        "hr": factories.hr_manager(agencies["SKHCN"]),
        "inside": inside,
        "outside": outside,
    }


def test_hr_sees_only_their_subtree(client, world):
    client.force_login(world["hr"])
    html = client.get(reverse("compliance:hr_report")).content.decode()
    assert "Phạm Thị Hoa" in html
    assert "Bùi Văn Nam" not in html
    assert "Đang học" in html


def test_agency_outside_scope_is_not_found(client, world):
    client.force_login(world["hr"])
    stc = world["agencies"]["STC"]
    assert client.get(reverse("compliance:hr_report"), {"agency": stc.pk}).status_code == 404
    export = reverse("compliance:hr_report_export", args=["csv"])
    assert client.get(export, {"agency": stc.pk}).status_code == 404


def test_learner_is_refused(client, world):
    client.force_login(world["inside"])
    assert client.get(reverse("compliance:hr_report")).status_code == 403
    assert client.get(reverse("compliance:hr_report_export", args=["xlsx"])).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("compliance:hr_report"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_csv_export_has_bom_and_vietnamese(client, world):
    client.force_login(world["hr"])
    response = client.get(reverse("compliance:hr_report_export", args=["csv"]))
    assert response.status_code == 200
    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "Họ và tên"
    names = {row[0] for row in rows[1:]}
    assert names == {"Phạm Thị Hoa"}


def test_xlsx_export_filters_by_agency(client, world):
    client.force_login(factories.hr_manager(world["agencies"]["UBND-NB"], username="hr-tinh"))
    url = reverse("compliance:hr_report_export", args=["xlsx"])
    response = client.get(url, {"agency": world["agencies"]["STC"].pk})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Bùi Văn Nam"]
    assert rows[1][7] == "Chưa học"


def test_unknown_export_format_is_not_found(client, world):
    client.force_login(world["hr"])
    assert client.get("/quan-ly/bao-cao/tai-xuong.pdf").status_code == 404


def test_report_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    client.force_login(world["hr"])
    for _ in range(30):
        learner = factories.learner(world["agencies"]["SKHCN-CDS"])
        enrollment_create(user=learner, course=world["course"])
    # The "as of" view adds the counting tree (2), today's successors (1) and the scope's ids (1).
    with django_assert_max_num_queries(20):
        response = client.get(reverse("compliance:hr_report"))
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        client.get(reverse("compliance:hr_report_export", args=["xlsx"]))


def test_summary_counts_each_course_for_the_scope(client, world):
    client.force_login(world["hr"])
    response = client.get(reverse("compliance:hr_report"))
    (item,) = response.context["summary"]
    assert (item.learners, item.completed, item.active, item.not_started) == (1, 0, 1, 0)
    assert "Tỷ lệ hoàn thành" in response.content.decode()

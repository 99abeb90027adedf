import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CoursePage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    security = factories.course(code="ATTT-01", lessons=1)
    security.title = "An toàn thông tin cơ bản"
    security.category = CoursePage.Category.SECURITY
    security.competences = ["4.1", "4.2"]
    security.save_revision().publish()
    signature = factories.course(code="CKS-01", lessons=1)
    signature.title = "Sử dụng chữ ký số"
    signature.summary = "Ký văn bản điện tử trên Cổng dịch vụ công"
    signature.category = CoursePage.Category.DIGITAL_GOVERNMENT
    signature.competences = ["2.3"]
    signature.save_revision().publish()
    return security, signature


def _titles(client, query: dict) -> str:
    response = client.get("/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_search_without_diacritics_finds_the_course(client, catalog):
    html = _titles(client, {"q": "an toan thong tin"})
    assert "An toàn thông tin cơ bản" in html
    assert "Sử dụng chữ ký số" not in html


def test_search_folds_d_with_stroke_and_matches_summary_and_code(client, catalog):
    html = _titles(client, {"q": "dien tu"})
    assert "Sử dụng chữ ký số" in html and "An toàn thông tin cơ bản" not in html
    assert "Sử dụng chữ ký số" in _titles(client, {"q": "điện TỬ"})
    assert "An toàn thông tin cơ bản" in _titles(client, {"q": "attt-01"})


def test_filters_by_category_and_digcomp_area(client, catalog):
    html = _titles(client, {"category": "an_toan_thong_tin"})
    assert "An toàn thông tin cơ bản" in html and "Sử dụng chữ ký số" not in html
    html = _titles(client, {"area": "2"})
    assert "Sử dụng chữ ký số" in html and "An toàn thông tin cơ bản" not in html
    assert "Không có khóa học nào phù hợp" in _titles(client, {"area": "3"})


def test_an_invalid_filter_is_explained_and_ignored(client, catalog):
    html = _titles(client, {"category": "khong-co", "q": "chu ky"})
    assert "Sử dụng chữ ký số" in html
    assert 'class="error"' in html


def test_catalog_is_paginated_with_a_bounded_query_count(client, django_assert_max_num_queries):
    factories.course(code="C0", lessons=1)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for number in range(1, 15):
        factories.course(code=f"C{number}", lessons=1)
    with django_assert_max_num_queries(len(few)):
        html = _titles(client, {"page": "1"})
    assert "Trang 1 / 2" in html
    second = _titles(client, {"page": "2"})
    assert second.count('class="card"') == 3
    assert _titles(client, {"page": "999"}).count('class="card"') == 3


def test_a_draft_title_is_not_searchable_until_published(client, catalog):
    security, _signature = catalog
    security = CoursePage.objects.get(pk=security.pk)
    security.title = "Phòng chống lừa đảo trực tuyến"
    revision = security.save_revision()
    assert "Phòng chống lừa đảo" not in _titles(client, {"q": "lua dao"})
    revision.publish()
    assert "Phòng chống lừa đảo trực tuyến" in _titles(client, {"q": "lua dao"})

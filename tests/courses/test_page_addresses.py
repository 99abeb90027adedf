import pytest
from wagtail.test.utils.form_data import rich_text

from courses.models import CoursePage, LessonPage
from courses.text import ascii_fold, ascii_slugify
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Sử dụng chữ ký số", "su-dung-chu-ky-so"),
        ("Điều 9: Đường dây nóng", "dieu-9-duong-day-nong"),
        ("  An toàn thông tin — cơ bản!  ", "an-toan-thong-tin-co-ban"),
        ("Ứng dụng AI trong hành chính", "ung-dung-ai-trong-hanh-chinh"),
    ],
)
def test_vietnamese_titles_become_ascii_slugs(title, slug):
    assert ascii_slugify(title) == slug


def test_folding_keeps_letters_and_drops_marks():
    assert ascii_fold("Đỗ Thị Hương") == "do thi huong"


def test_a_page_saved_without_a_slug_gets_an_ascii_one():
    course = factories.course(code="ATTT", lessons=1)
    lesson = course.add_child(instance=LessonPage(title="Đặt mật khẩu mạnh", body=[]))
    assert lesson.slug == "dat-mat-khau-manh"
    again = course.add_child(instance=LessonPage(title="Đặt mật khẩu mạnh", body=[]))
    assert again.slug == "dat-mat-khau-manh-2"


def _course_form(title: str, **extra) -> dict:
    return {
        "title": title,
        "slug": "",
        "code": "CKS-01",
        "summary": "Ký văn bản điện tử bằng chữ ký số chuyên dùng.",
        "hours": "4",
        "duration_minutes": "90",
        "category": "chinh_quyen_so",
        "level": "foundation",
        "competences": ["2.3", "4.2"],
        "learning_outcomes": "Ký một văn bản\nKiểm tra chữ ký",
        "description": rich_text("<p>Mô tả</p>"),
        **extra,
    }


def test_trainer_creates_a_course_in_the_admin_with_an_ascii_address(client):
    home = factories.home_page()
    client.force_login(factories.trainer())
    response = client.post(
        f"/admin/pages/add/courses/coursepage/{home.id}/",
        _course_form("Sử dụng chữ ký số điện tử"),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    course = CoursePage.objects.get(code="CKS-01")
    assert course.slug == "su-dung-chu-ky-so-dien-tu"
    assert course.competences == ["2.3", "4.2"]
    assert course.category == CoursePage.Category.DIGITAL_GOVERNMENT
    # Stored folded for the catalog's accent-free search.
    assert "su dung chu ky so dien tu cks-01 ky van ban" in course.search_text


def test_admin_folds_a_unicode_slug_typed_by_hand(client):
    home = factories.home_page()
    client.force_login(factories.trainer())
    response = client.post(
        f"/admin/pages/add/courses/coursepage/{home.id}/",
        _course_form("Chữ ký số", slug="chữ-ký-số-Đà-Nẵng"),
    )
    assert response.status_code == 302
    assert CoursePage.objects.get(code="CKS-01").slug == "chu-ky-so-da-nang"


def test_admin_refuses_an_unknown_competence(client):
    home = factories.home_page()
    client.force_login(factories.trainer())
    response = client.post(
        f"/admin/pages/add/courses/coursepage/{home.id}/",
        _course_form("Chữ ký số", competences=["9.9"]),
    )
    assert response.status_code == 200
    assert not CoursePage.objects.filter(code="CKS-01").exists()

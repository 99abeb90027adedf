"""Odd input gets a 400/404/405 page in Vietnamese, never a 500 or an empty body.

The NUL byte only broke PostgreSQL: CI runs this module on both databases.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client):
    agencies = factories.agency_tree()
    user = factories.learner(agencies["SKHCN-CDS"], full_name="Lê Thu Hà")
    client.force_login(user)
    return user


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/xac-thuc/%00/",
        "/chung-chi/%00/tai-ve/",
        "/khoa-hoc/%00/",
        "/%00",
        "/xac-thuc/?ma=%00",
        "/quan-ly/bao-cao/?q=%00",
        "/?next%00=1",
    ],
)
def test_nul_byte_anywhere_in_the_url_is_a_vietnamese_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in _text(response)
    assert "ký tự không được phép" in _text(response)


def test_nul_byte_in_a_posted_form_is_a_400_and_signs_nobody_in(client):
    factories.UserFactory(username="lethuha")
    response = client.post(
        reverse("login"), {"username": "lethuha\x00", "password": factories.PASSWORD}
    )
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in _text(response)
    assert "_auth_user_id" not in client.session


def test_nul_byte_for_a_signed_in_learner_is_a_400(client, learner):
    response = client.get("/chung-chi/%00/tai-ve/")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in _text(response)


@pytest.mark.parametrize("code", ["a/b", "ABC DEF$", "../../etc", "x" * 40, "mã-số"])
def test_lookup_code_outside_the_alphabet_reshows_the_form_with_a_message(client, code):
    response = client.get(reverse("certificates:verify_lookup"), {"ma": code})
    assert response.status_code == 400
    text = _text(response)
    assert "Vui lòng kiểm tra lại mã xác thực" in text
    assert 'aria-invalid="true"' in text


def test_lookup_code_in_groups_and_lower_case_leads_to_the_verify_page(client):
    response = client.get(reverse("certificates:verify_lookup"), {"ma": " abcd-efgh 2345 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=["ABCDEFGH2345"])


@pytest.mark.parametrize("path", ["/xac-thuc/a$b/", "/xac-thuc/ab%2Fcd/", "/chung-chi/a.b/tai-ve/"])
def test_certificate_paths_outside_the_alphabet_are_a_vietnamese_404(client, learner, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in _text(response)


def test_get_on_a_post_only_url_is_a_vietnamese_405(client, learner):
    course = factories.course()
    response = client.get(reverse("learning:enroll", args=[course.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Không thực hiện được thao tác này tại đây" in _text(response)


def test_error_pages_follow_a_user_who_chose_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Page not found" in _text(response)
    response = client.get("/xac-thuc/%00/")
    assert response.status_code == 400
    assert "Invalid request" in _text(response)


def test_server_error_page_is_vietnamese_and_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Lỗi hệ thống" in _text(response)
    assert "Vui lòng thử lại sau ít phút" in _text(response)


def test_csrf_failure_page_is_vietnamese():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in _text(response)


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "django_language"])
def test_nul_byte_in_a_cookie_is_a_400_not_a_broken_session_lookup(client, cookie):
    # On PostgreSQL the session lookup itself would fail on a NUL in the session key.
    client.cookies[cookie] = "abcdefgh\x00ijklmnop"
    response = client.get(reverse("learning:my_courses"))
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in _text(response)

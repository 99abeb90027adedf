import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import Enrollment, LessonProgress
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    agencies = factories.agency_tree()
    course = factories.course(lessons=3)
    user = factories.learner(agencies["SKHCN-CDS"])
    return course, user


def test_catalog_is_public_and_lists_courses(client, setup):
    course, _user = setup
    response = client.get("/")
    assert response.status_code == 200
    assert course.title in response.content.decode()


def test_anonymous_is_sent_to_login_for_lessons(client, setup):
    course, _user = setup
    lesson = course.lessons().first()
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_is_sent_to_login_for_my_courses(client):
    response = client.get(reverse("learning:my_courses"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_speaks_vietnamese(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_enroll_refuses_get_and_accepts_post(client, setup):
    course, user = setup
    client.force_login(user)
    url = reverse("learning:enroll", args=[course.id])
    assert client.get(url).status_code == 405
    assert not Enrollment.objects.exists()
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Enrollment.objects.filter(user=user, course=course).count() == 1


def test_lessons_need_enrollment(client, setup):
    course, user = setup
    client.force_login(user)
    response = client.get(course.lessons().first().url)
    assert response.status_code == 302
    assert response["Location"] == course.url
    assert not LessonProgress.objects.exists()


def test_lesson_views_are_recorded_once_and_in_order(client, setup):
    course, user = setup
    client.force_login(user)
    client.post(reverse("learning:enroll", args=[course.id]))
    first, second, third = course.lessons()
    # Skipping ahead lands on the first unstudied lesson and records nothing.
    response = client.get(third.url)
    assert response["Location"] == first.url
    assert client.get(first.url).status_code == 200
    assert client.get(first.url).status_code == 200
    assert client.get(second.url).status_code == 200
    enrollment = Enrollment.objects.get()
    assert set(enrollment.progress.values_list("lesson_id", flat=True)) == {first.id, second.id}


def test_course_page_shows_progress_and_resume(client, setup):
    course, user = setup
    client.force_login(user)
    client.post(reverse("learning:enroll", args=[course.id]))
    first, second, _third = course.lessons()
    client.get(first.url)
    html = client.get(course.url).content.decode()
    assert 'aria-valuenow="25"' in html  # 1 of 3 lessons + 1 quiz
    assert "Tiếp tục học" in html
    assert f'href="{second.url}"' in html


def test_lesson_page_queries_do_not_grow_with_lessons(client, django_assert_max_num_queries):
    agencies = factories.agency_tree()
    user = factories.learner(agencies["SKHCN"])
    client.force_login(user)
    counts = []
    for code, lessons in [("SMALL", 2), ("BIG", 12)]:
        course = factories.course(code=code, lessons=lessons)
        client.post(reverse("learning:enroll", args=[course.id]))
        lesson = course.lessons().first()
        client.get(lesson.url)  # first view records progress; measure a revisit
        counts.append(_queries(client, lesson.url))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(25):
        client.get(lesson.url)


def test_my_courses_lists_progress_with_bounded_queries(
    client, setup, django_assert_max_num_queries
):
    course, user = setup
    other = factories.course(code="KNS", lessons=2)
    client.force_login(user)
    for c in (course, other):
        client.post(reverse("learning:enroll", args=[c.id]))
    client.get(course.lessons().first().url)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("learning:my_courses"))
    html = response.content.decode()
    assert course.title in html and other.title in html
    assert 'aria-valuenow="25"' in html  # 1 of 3 lessons + 1 quiz, as on the course page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_catalog_and_course_page_queries_do_not_grow(client, setup, django_assert_max_num_queries):
    course, user = setup
    client.get("/")  # warm Wagtail's cached site root paths
    before = _queries(client, "/")
    for code in ("KNS", "CQS", "AI"):
        factories.course(code=code, lessons=4)
    assert _queries(client, "/") == before
    with django_assert_max_num_queries(10):
        client.get("/")
    client.force_login(user)
    client.post(reverse("learning:enroll", args=[course.id]))
    client.get(course.url)
    small = _queries(client, course.url)
    big = factories.course(code="BIG", lessons=15)
    client.post(reverse("learning:enroll", args=[big.id]))
    client.get(big.url)
    assert _queries(client, big.url) == small


def test_anonymous_enroll_goes_to_login_and_enrolls_nobody(client, setup):
    course, _user = setup
    response = client.post(reverse("learning:enroll", args=[course.id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Enrollment.objects.exists()


def test_header_writes_names_family_name_first(client, db):
    staff = factories.UserFactory(username="nhansu", first_name="Hương", last_name="Đỗ Thị")
    client.force_login(staff)
    html = client.get(reverse("certificates:verify_lookup")).content.decode()
    assert "Đỗ Thị Hương" in html

"""A lesson counts as studied only when Wagtail actually serves it to the enrolled learner."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from learning.models import Enrollment, LessonProgress
from learning.services import enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def studying(client):
    """An enrolled learner in a one-lesson course, logged in."""
    agencies = factories.agency_tree()
    course = factories.course(lessons=1)
    user = factories.learner(agencies["SKHCN-CDS"])
    enrollment_create(user=user, course=course)
    client.force_login(user)
    return course.lessons().get(), user


def test_head_serves_the_lesson_but_records_nothing(client, studying):
    lesson, _user = studying
    assert client.head(lesson.url).status_code == 200
    assert not LessonProgress.objects.exists()
    # Positive control: the same learner's GET does record.
    assert client.get(lesson.url).status_code == 200
    assert LessonProgress.objects.filter(lesson=lesson).count() == 1


def test_post_to_a_lesson_is_refused_and_records_nothing(client, studying):
    lesson, _user = studying
    assert client.post(lesson.url).status_code == 405
    assert client.put(lesson.url).status_code == 405
    assert not LessonProgress.objects.exists()
    assert Enrollment.objects.get().completed_at is None


def test_password_restricted_lesson_records_only_after_the_password(client, studying):
    lesson, _user = studying
    restriction = PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-lop"
    )
    response = client.get(lesson.url)
    assert response.status_code == 200  # Wagtail's password form, not the lesson
    assert "Nội dung bài 1" not in response.content.decode()
    assert not LessonProgress.objects.exists()

    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.id, lesson.id]),
        {"password": "mat-khau-lop", "return_url": lesson.url},
    )
    response = client.get(lesson.url)
    assert "Nội dung bài 1" in response.content.decode()
    assert LessonProgress.objects.filter(lesson=lesson).count() == 1


def test_group_restricted_lesson_records_nothing_for_learners_outside_the_group(client, studying):
    lesson, user = studying
    group = Group.objects.create(name="Lớp bồi dưỡng riêng")
    restriction = PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert "Nội dung bài 1" not in response.content.decode()
    assert not LessonProgress.objects.exists()

    user.groups.add(group)
    assert client.get(lesson.url).status_code == 200
    assert LessonProgress.objects.filter(lesson=lesson).count() == 1


def test_login_restricted_lesson_sends_anonymous_visitors_away_and_records_nothing(
    client, studying
):
    lesson, _user = studying
    PageViewRestriction.objects.create(page=lesson, restriction_type=PageViewRestriction.LOGIN)
    client.logout()
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert not LessonProgress.objects.exists()

"""Routing in one query per level finds the same pages and the same view restrictions as Wagtail."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from courses.models import ArticlePage, CoursePage, LessonPage
from learning.models import LessonProgress
from learning.services import enrollment_create, lesson_progress_record
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def studying(client):
    agencies = factories.agency_tree()
    user = factories.learner(agencies["SKHCN-CDS"])
    course = factories.course(lessons=2)
    enrollment = enrollment_create(user=user, course=course)
    client.force_login(user)
    return course, course.lessons().first(), user, enrollment


def _routed(url: str):
    """The page Wagtail's serve would route to, with the parents routing handed it."""
    home = factories.home_page()
    request = RequestFactory().get(url)
    components = [part for part in url.split("/") if part]
    return home.route(request, components).page


def test_routing_returns_the_specific_page_with_its_parents(studying):
    course, lesson, _user, _enrollment = studying
    routed = _routed(lesson.url)
    assert type(routed) is LessonPage
    assert routed.id == lesson.id and list(routed.body.raw_data) == list(lesson.body.raw_data)
    assert routed.get_parent().id == course.id
    assert routed.course.id == course.id


def test_routing_answers_404_for_unknown_and_unpublished_pages(client, studying):
    course, lesson, _user, _enrollment = studying
    assert client.get(f"{course.url}khong-co/").status_code == 404
    assert client.get("/khong-co/").status_code == 404
    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404


def test_routing_reaches_pages_outside_courses(client, studying):
    home = factories.home_page()
    article = home.add_child(instance=ArticlePage(title="Hướng dẫn", slug="huong-dan", body=[]))
    response = client.get(article.url)
    assert response.status_code == 200
    assert "Hướng dẫn" in response.content.decode()


@pytest.mark.parametrize("level", ["root", "home", "course", "lesson"])
def test_restriction_on_any_ancestor_guards_the_lesson(client, studying, level):
    course, lesson, user, _enrollment = studying
    restricted = {
        "root": Page.get_first_root_node(),
        "home": factories.home_page(),
        "course": course,
        "lesson": lesson,
    }[level]
    group = Group.objects.create(name="Lớp riêng")
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])

    routed = _routed(lesson.url)
    # The same restrictions Wagtail's own method finds from the database.
    assert set(routed.get_view_restrictions()) == set(
        Page.get_view_restrictions(Page.objects.get(pk=lesson.pk))
    )
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert not LessonProgress.objects.exists()

    user.groups.add(group)
    assert client.get(lesson.url).status_code == 200
    assert LessonProgress.objects.filter(lesson=lesson).count() == 1


def test_restriction_on_another_course_does_not_guard_this_one(client, studying):
    _course, lesson, _user, enrollment = studying
    other = factories.course(code="KHAC", lessons=1)
    PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.GROUPS)
    assert not _routed(lesson.url).get_view_restrictions().exists()
    assert client.get(lesson.url).status_code == 200
    lesson_progress_record(enrollment=enrollment, lesson=lesson)


def test_course_routed_through_is_cached_and_follows_renames(client, studying):
    course, lesson, _user, _enrollment = studying
    client.get(lesson.url)
    assert client.get(lesson.url).status_code == 200
    course = CoursePage.objects.get(pk=course.pk)
    course.title = "Khóa học đổi tên"
    course.slug = "doi-ten"
    course.save_revision().publish()
    moved = LessonPage.objects.get(pk=lesson.pk)
    # The old address no longer routes; the new one shows the new title in the breadcrumb.
    assert client.get(lesson.url).status_code == 404
    response = client.get(moved.url)
    assert response.status_code == 200
    assert "Khóa học đổi tên" in response.content.decode()


def test_deleted_course_is_not_routed_from_the_cache(client, studying):
    course, lesson, _user, enrollment = studying
    client.get(lesson.url)
    enrollment.delete()
    Page.objects.get(pk=course.pk).delete()
    assert client.get(lesson.url).status_code == 404

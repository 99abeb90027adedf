import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from courses.models import LessonPage
from tests import factories

pytestmark = pytest.mark.django_db


def test_lesson_context_links_previous_and_next_pages():
    course = factories.course(lessons=3)
    first, second, third = course.lessons()
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    context = second.get_context(request)
    assert context["previous_lesson"].id == first.id
    assert context["next_page"].id == third.id
    assert third.get_context(request)["next_page"].id == course.quizzes().get().id


def test_draft_lesson_preview_renders_without_navigation():
    course = factories.course(lessons=2)
    draft = course.add_child(
        instance=LessonPage(title="Bản nháp", slug="ban-nhap", live=False, body=[])
    )
    request = RequestFactory().get("/")
    request.user = factories.UserFactory(username="giangvien")
    response = draft.serve_preview(request, "")
    assert response.status_code == 200
    assert "Bản nháp" in response.rendered_content

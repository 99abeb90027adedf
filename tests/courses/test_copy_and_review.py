import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.models import CoursePage, LessonPage, QuizPage
from learning.models import LessonProgress, QuizAttempt
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return factories.course(code="ATTT-01", lessons=2)


def _copy(client, course, slug: str):
    return client.post(
        f"/admin/pages/{course.id}/copy/",
        {
            "new_title": "Bản sao",
            "new_slug": slug,
            "new_parent_page": course.get_parent().id,
            "copy_subpages": "on",
            "publish_copies": "on",
        },
    )


def test_copying_a_course_gives_a_new_code_and_an_unpublished_draft(client, course):
    client.force_login(factories.trainer())
    response = _copy(client, course, "ban-sao")
    assert response.status_code == 302
    copy = CoursePage.objects.get(slug="ban-sao")
    assert copy.code == "ATTT-01-BANSAO"
    assert not copy.live  # "publish copies" is ignored for courses: a copy is reviewed first
    assert LessonPage.objects.child_of(copy).count() == 2
    assert QuizPage.objects.child_of(copy).count() == 1
    assert not LessonPage.objects.child_of(copy).live().exists()
    response = _copy(client, course, "ban-sao-2")
    assert CoursePage.objects.get(slug="ban-sao-2").code == "ATTT-01-BANSAO2"
    # The original is untouched.
    course.refresh_from_db()
    assert course.code == "ATTT-01" and course.live


def test_an_invalid_copy_form_is_shown_again_and_copies_nothing(client, course):
    client.force_login(factories.trainer())
    response = _copy(client, course, "ATTT 01 ?")
    assert response.status_code == 200
    assert CoursePage.objects.count() == 1


def test_a_course_alias_is_refused(client, course):
    client.force_login(factories.trainer())
    response = client.post(
        f"/admin/pages/{course.id}/copy/",
        {
            "new_title": "Bí danh",
            "new_slug": "bi-danh",
            "new_parent_page": course.get_parent().id,
            "alias": "on",
        },
    )
    assert response.status_code == 302
    assert CoursePage.objects.count() == 1


def _moderator():
    user = factories.UserFactory(username="kiemduyet")
    # Wagtail's "Moderators", renamed to Vietnamese by courses/migrations/0005.
    user.groups.add(Group.objects.get(name="Ban biên tập"))
    return user


def test_trainer_submits_a_lesson_for_review_and_a_moderator_publishes_it(client, course):
    lesson = course.lessons().first()
    workflow = Workflow.objects.get(name="Phê duyệt của ban biên tập")
    assert workflow.workflow_pages.filter(page=Page.get_first_root_node()).exists()
    trainer = factories.trainer()
    client.force_login(trainer)
    response = client.post(
        f"/admin/pages/{lesson.id}/edit/",
        nested_form_data(
            {
                "title": "Bài 1 (sửa)",
                "slug": lesson.slug,
                "module": "",
                "required": "on",
                "duration_minutes": "10",
                "body": streamfield([("heading", "Nội dung đã sửa")]),
                "action-submit": "Submit",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    lesson.refresh_from_db()
    assert lesson.title == "Bài 1"  # still the published version until approved

    client.force_login(_moderator())
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{lesson.id}/approve/{task_state.id}/",
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    lesson.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert lesson.title == "Bài 1 (sửa)" and lesson.live


@pytest.mark.parametrize("kind", ["course", "lesson", "quiz"])
def test_trainer_previews_pages_as_a_learner_and_no_progress_is_written(course, kind):
    page = {
        "course": course,
        "lesson": course.lessons().first(),
        "quiz": course.quizzes().first(),
    }[kind]
    request = RequestFactory().get(f"/admin/pages/{page.id}/edit/preview/")
    request.user = factories.trainer()
    # Wagtail's preview: the page rendered through the site's middleware by serve_preview.
    response = page.specific.make_preview_request(request, page.specific.default_preview_mode)
    assert response.status_code == 200
    html = response.rendered_content if hasattr(response, "rendered_content") else ""
    html = html or response.content.decode()
    assert page.title in html
    assert "data-progress-url" not in html
    assert not LessonProgress.objects.exists()
    assert not QuizAttempt.objects.exists()


def test_preview_of_an_unsaved_course_shows_its_metadata():
    course = factories.course(code="KNS", lessons=1)
    course.learning_outcomes = "Nhận biết thư lừa đảo"
    course.competences = ["4.2"]
    request = RequestFactory().get("/")
    request.user = factories.UserFactory(username="xem")
    html = course.serve_preview(request, "").rendered_content
    assert "Nhận biết thư lừa đảo" in html
    assert "4.2 Bảo vệ dữ liệu cá nhân và quyền riêng tư" in html

"""Issue 6, end to end: a trainer builds a course in the admin with every lesson block and our
three exercises, previews it and publishes it through review; a learner finishes it on a 360 px
screen with the keyboard only; the exercises' scores count toward completion and reach HR."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import nested_form_data, rich_text

from certificates.models import Certificate
from courses.blocks import BodyBlock, QuestionStreamBlock
from courses.models import CoursePage, LessonPage, QuizPage
from learning.models import Enrollment, ExerciseScore, LearningEvent, LessonProgress
from tests import factories
from tests.admin_forms import block_form_value
from tests.courses.test_exercise_ordering import STEPS
from tests.courses.test_exercise_phishing import EMAILS
from tests.e2e.test_accessibility import violations
from tests.e2e.test_exercises import tab_to as tab_to_element
from tests.e2e.test_phone_and_keyboard import PHONE, activate, focused, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def _review_workflow(home) -> tuple:
    """Trainers may edit but not publish; the review board approves (Wagtail's default setup,
    which a transactional test's flush removed, under the Vietnamese names our migration gives)."""
    trainer = factories.trainer()
    GroupPagePermission.objects.filter(
        group__name="Giảng viên", permission__codename="publish_page"
    ).delete()
    board, _created = Group.objects.get_or_create(name="Ban biên tập")
    board.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=board,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    task, _created = GroupApprovalTask.objects.get_or_create(name="Ban biên tập duyệt")
    task.groups.set([board])
    workflow, _created = Workflow.objects.get_or_create(name="Phê duyệt của ban biên tập")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )
    moderator = factories.UserFactory(username="kiemduyet")
    moderator.groups.add(board)
    return trainer, moderator


def _lesson_body() -> list:
    video = factories.document("gioi-thieu.webm", b"\x1a\x45\xdf\xa3" + b"\0" * 64)
    captions = factories.document(
        "gioi-thieu.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nXin chao\n"
    )
    audio = factories.document("ban-tin.mp3", b"ID3" + b"\0" * 64)
    decree = factories.document("nd-13-2023.pdf", b"%PDF-1.4\n%%EOF\n")
    screenshot = Image.objects.create(
        title="Thư giả mạo", file=get_test_image_file(), collection=decree.collection
    )
    return [
        ("heading", "Thư giả mạo và cách nhận biết"),
        ("paragraph", "<p>Kẻ gian thường mạo danh cơ quan nhà nước.</p>"),
        ("note", {"kind": "warning", "text": "<p>Không bấm vào đường dẫn lạ.</p>"}),
        (
            "figure",
            {"image": screenshot, "alt_text": "Một thư giả mạo Cổng dịch vụ công", "caption": ""},
        ),
        (
            "video",
            {
                "title": "Giới thiệu",
                "video": video,
                "embed_url": "",
                "captions": captions,
                "transcript": "<p>Xin chào các anh chị.</p>",
            },
        ),
        (
            "audio",
            {"title": "Bản tin an toàn thông tin", "audio": audio, "transcript": "<p>Bản tin.</p>"},
        ),
        ("document", {"document": decree, "title": "Nghị định 13/2023/NĐ-CP", "description": ""}),
        (
            "table",
            {
                "caption": "Dấu hiệu thường gặp",
                "header": ["Dấu hiệu", "Ví dụ"],
                "rows": [["Tên miền lạ", "dichvucong-gov.vn.com"], ["Thúc giục", "Trong 24 giờ"]],
                "first_column_is_header": False,
            },
        ),
        (
            "accordion",
            {
                "heading": "Câu hỏi thường gặp",
                "items": [
                    {"title": "Lỡ bấm vào thì sao?", "body": "<p>Báo ngay bộ phận CNTT.</p>"}
                ],
            },
        ),
        ("code", {"language": "shell", "code": "nslookup dichvucong.gov.vn", "caption": ""}),
        (
            "law_reference",
            {
                "document": "Nghị định 13/2023/NĐ-CP",
                "title": "về bảo vệ dữ liệu cá nhân",
                "article": "Điều 9",
                "excerpt": "Chủ thể dữ liệu có quyền được biết.",
                "url": "",
            },
        ),
        (
            "check_question",
            {
                "prompt": "Thư đòi mật khẩu qua đường dẫn có đáng tin?",
                "multiple": False,
                "choices": [{"text": "Có", "correct": False}, {"text": "Không", "correct": True}],
                "explanation": "Cơ quan nhà nước không hỏi mật khẩu qua thư.",
            },
        ),
        ("interactive", [("phishing_inbox", {"display_name": "Hộp thư", "emails": EMAILS})]),
        ("interactive", [("ordering_steps", {"display_name": "Nộp hồ sơ", "steps": STEPS})]),
        ("interactive", [("passphrase_trainer", {"required_level": "strong"})]),
    ]


QUIZ = [
    (
        "choice_question",
        {
            "prompt": "Dấu hiệu nào cho thấy thư giả mạo?",
            "multiple": True,
            "choices": [
                {"text": "Tên miền gần giống tên thật", "correct": True},
                {"text": "Thúc giục làm ngay", "correct": True},
                {"text": "Gửi từ hộp thư công vụ quen", "correct": False},
            ],
            "explanation": "",
        },
    )
]


def _add(client, model, parent, data) -> Page:
    """Create a page through the admin's add view and send it for review at once."""
    url = reverse("wagtailadmin_pages:add", args=("courses", model._meta.model_name, parent.pk))
    response = client.post(url, nested_form_data({**data, "slug": "", "action-submit": "1"}))
    assert response.status_code == 302, response.content.decode()[-3000:]
    return model.objects.get(title=data["title"])


def _approve(client, page) -> None:
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(page.pk, "approve", state.current_task_state.pk),
        ),
        {"comment": "Đã duyệt"},
    )
    assert response.status_code in (200, 302), response.content.decode()[-2000:]
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_trainer_builds_and_publishes_through_review_and_a_learner_finishes_on_a_phone(
    live_server, browser, client
):
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    home = factories.home_page()
    trainer, moderator = _review_workflow(home)
    factories.learner(
        agencies["SKHCN-CDS"], user=factories.UserFactory(username="hocvien"), full_name="Lê Thu Hà"
    )
    hr = factories.hr_manager(agencies["SKHCN"], username="nhansu")

    # --- The trainer builds the course in the admin and sends each page for review. ----------
    client.force_login(trainer)
    course = _add(
        client,
        CoursePage,
        home,
        {
            "title": "Nhận diện lừa đảo trực tuyến",
            "code": "ATTT-09",
            "summary": "Nhận biết thư giả mạo và tự bảo vệ tài khoản công vụ.",
            "hours": "2",
            "duration_minutes": "45",
            "category": "an_toan_thong_tin",
            "level": "foundation",
            "competences": ["4.1", "4.2"],
            "learning_outcomes": "Nhận ra thư giả mạo\nĐặt mật khẩu mạnh",
            "description": rich_text("<p>Khóa học thực hành.</p>"),
        },
    )
    assert course.slug == "nhan-dien-lua-dao-truc-tuyen" and not course.live
    lesson_form = {
        "title": "Thư giả mạo",
        "module": "Phần 1",
        "required": "on",
        "duration_minutes": "20",
        "body": block_form_value(BodyBlock(), _lesson_body()),
    }
    lesson = _add(client, LessonPage, course, lesson_form)
    quiz = _add(
        client,
        QuizPage,
        course,
        {
            "title": "Bài kiểm tra cuối khóa",
            "intro": rich_text(""),
            "pass_mark": "70",
            "max_attempts": "5",
            "retry_wait_minutes": "10",
            "feedback": "after_passing",
            "questions": block_form_value(QuestionStreamBlock(), QUIZ),
        },
    )
    body_types = [block.block_type for block in lesson.get_latest_revision_as_object().body]
    assert set(body_types) == set(BodyBlock().child_blocks)
    assert body_types.count("interactive") == 3

    # The trainer previews the lesson as a learner would see it; nothing is recorded.
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=(lesson.pk,))
    sent = client.post(preview, nested_form_data({**lesson_form, "slug": lesson.slug}))
    assert sent.json()["is_valid"], sent.content
    response = client.get(preview)
    assert response.status_code == 200
    html = response.content.decode()
    for marker in (
        'data-block-type="phishing-inbox"',
        'data-block-type="ordering-steps"',
        'data-block-type="passphrase-trainer"',
        "<video",
        "<details",
        "Điều 9",
    ):
        assert marker in html, marker
    assert not LessonProgress.objects.exists()

    # --- The review board approves: the course goes live. -----------------------------------
    client.force_login(moderator)
    for page in (course, lesson, quiz):
        _approve(client, page)
        assert page.__class__.objects.get(pk=page.pk).live

    # --- A learner on a 360 px phone, keyboard only. ----------------------------------------
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    base = live_server.url
    course = CoursePage.objects.get(pk=course.pk)

    def fits_the_screen():
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url

    page.goto(base + course.url)
    activate(page, "^Đăng nhập để ghi danh$")
    tab_to(page, "Tên đăng nhập")
    page.keyboard.type("hocvien")
    tab_to(page, "Mật khẩu")
    page.keyboard.type(factories.PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    activate(page, "^Ghi danh khóa học$", key="Space")
    fits_the_screen()
    activate(page, "^Bắt đầu học$")
    expect(page.get_by_role("heading", name="Thư giả mạo", exact=True)).to_be_visible()
    fits_the_screen()
    assert violations(page) == []

    # Phishing inbox: flag the two phishing emails, submit.
    inbox = page.locator('[data-block-type="phishing-inbox"]')
    for email_id in ("dvc", "bca"):
        tab_to_element(page, f"el.name === 'flagged' && el.value === '{email_id}'")
        page.keyboard.press("Space")
    tab_to_element(page, "el.type === 'submit' && !!el.closest('.phishing-inbox')")
    page.keyboard.press("Enter")
    expect(inbox.locator(".ex-score")).to_have_text("Bạn nhận định đúng 3/3 thư.")

    # Ordering steps: move each step up to its place with the Up buttons.
    ordering = page.locator('[data-block-type="ordering-steps"]')
    order = [
        int(step)
        for step in ordering.locator(".ex-form .step").evaluate_all(
            "items => items.map(item => item.dataset.step)"
        )
    ]
    for target in range(len(order)):
        while order.index(target) > target:
            position = order.index(target)
            tab_to_element(
                page,
                f"el.tagName === 'BUTTON' && el.getAttribute('aria-label') === "
                f"'Chuyển “{STEPS[target]}” lên'",
                limit=200,
            )
            page.keyboard.press("Enter")
            order[position - 1], order[position] = order[position], order[position - 1]
    tab_to_element(page, "el.type === 'submit' && !!el.closest('.ordering-steps')")
    page.keyboard.press("Enter")
    expect(ordering.locator(".ex-score")).to_have_text("5/5 bước đúng vị trí.")

    # Passphrase trainer: typing a strong passphrase is enough; only the level is reported.
    trainer_block = page.locator('[data-block-type="passphrase-trainer"]')
    tab_to_element(page, "el.tagName === 'INPUT' && !!el.closest('.passphrase-trainer')")
    page.keyboard.type("Ngựa-vằn ăn 7 quả TÁO đỏ!", delay=20)
    expect(trainer_block.locator(".passphrase-label")).to_have_text("Mạnh")
    expect(trainer_block.locator(".ex-feedback")).to_contain_text("Tốt lắm")
    fits_the_screen()
    assert violations(page) == []

    enrollment = Enrollment.objects.get(user__username="hocvien", course=course)
    scores = {s.block_type: s for s in ExerciseScore.objects.filter(enrollment=enrollment)}
    assert set(scores) == {"phishing-inbox", "ordering-steps"}
    assert all(float(s.percent) == 100.0 and s.passed_at for s in scores.values())
    assert LessonProgress.objects.filter(enrollment=enrollment, lesson_id=lesson.pk).exists()
    assert LearningEvent.objects.filter(
        user__username="hocvien", block_type="passphrase-trainer", event_type="completion"
    ).exists()

    # The quiz, then the certificate.
    page.reload()
    activate(page, "^Tiếp theo: Bài kiểm tra")
    activate(page, "^Bắt đầu làm bài$")
    fits_the_screen()
    right = {"Tên miền gần giống tên thật", "Thúc giục làm ngay"}
    for _ in range(80):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["type"] == "checkbox" and element["text"] in right:
            page.keyboard.press("Space")
        if element["text"] == "Nộp bài":
            break
    else:
        raise AssertionError("Tab never reached the submit button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Đạt.")).to_be_visible()
    fits_the_screen()
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    certificate = Certificate.objects.get(enrollment=enrollment)
    activate(page, "^Xem giấy chứng nhận$")
    expect(page.get_by_text(certificate.number)).to_be_visible()
    context.close()

    # --- HR sees the exercises' score in the report. ----------------------------------------
    client.force_login(hr)
    report = client.get(reverse("compliance:hr_report"), {"course": course.pk})
    assert report.status_code == 200
    row = next(
        r
        for r in report.context["rows"]
        if r.profile.user.username == "hocvien" and r.course.pk == course.pk
    )
    assert row.status == Enrollment.Status.COMPLETED
    assert row.exercise_score is not None and float(row.exercise_score) == 100.0
    assert "Bài tập (%)" in report.content.decode()

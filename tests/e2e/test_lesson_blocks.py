"""The richer lesson blocks in a real browser: keyboard, live regions, video time, CSP, axe."""

import io
import wave

import pytest
from django.urls import reverse

from courses.models import CoursePage, LessonPage
from learning.models import VideoWatch
from learning.services import enrollment_create
from tests import factories
from tests.e2e.test_accessibility import violations
from tests.e2e.test_content_security_policy import LISTENER

pytestmark = pytest.mark.django_db(transaction=True)

VIDEO_ID = "0b6c1a52-7a0e-4a43-9a2c-0d3c2b7e9f10"
QUESTION_ID = "1c7d2b63-8b1f-4b54-8b3d-1e4d3c8fa021"
SECONDS = 6


def _silent_media() -> bytes:
    """Six seconds of silence as WAV. There is no video encoder on the test machines; Chromium
    sniffs the container, so the <video> element plays it and reports `played` ranges exactly
    as it does for a film."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 8000 * SECONDS)
    return buffer.getvalue()


def _lesson_with_every_block() -> tuple[LessonPage, object]:
    agencies = factories.agency_tree()
    course = factories.course(code="ATTT", lessons=2)
    course.category = CoursePage.Category.SECURITY
    course.competences = ["4.2"]
    course.learning_outcomes = "Nhận biết thư lừa đảo"
    course.save_revision().publish()
    video = factories.document("bai-giang.webm", _silent_media(), title="Bài giảng")
    captions = factories.document(
        "pd.vtt", "WEBVTT\n\n00:00.000 --> 00:05.000\nXin chào\n".encode(), title="Phụ đề"
    )
    lesson = course.lessons().first()
    lesson.body = [
        {
            "type": "video",
            "id": VIDEO_ID,
            "value": {
                "title": "Ký số văn bản",
                "video": video.pk,
                "embed_url": "",
                "captions": captions.pk,
                "transcript": "<p>Lời thoại bài giảng.</p>",
            },
        },
        {
            "type": "document",
            "value": {"document": captions.pk, "title": "Phụ đề tải về", "description": ""},
        },
        {
            "type": "table",
            "value": {
                "caption": "Mức độ sự cố",
                "header": ["Mức", "Ví dụ"],
                "rows": [["1", "Thư rác"], ["2", "Lộ mật khẩu"]],
                "first_column_is_header": True,
            },
        },
        {
            "type": "accordion",
            "value": {
                "heading": "Hỏi đáp",
                "items": [{"title": "VNeID là gì?", "body": "<p>Ứng dụng định danh.</p>"}],
            },
        },
        {"type": "code", "value": {"language": "cmd", "code": "ipconfig /all", "caption": ""}},
        {
            "type": "law_reference",
            "value": {
                "document": "Nghị định 13/2023/NĐ-CP",
                "title": "về bảo vệ dữ liệu cá nhân",
                "article": "Điều 23",
                "excerpt": "Thông báo vi phạm chậm nhất 72 giờ.",
                "url": "",
            },
        },
        {
            "type": "check_question",
            "id": QUESTION_ID,
            "value": {
                "prompt": "Việc đầu tiên khi máy nhiễm mã độc?",
                "multiple": False,
                "choices": [
                    {"text": "Tắt nguồn ngay", "correct": False},
                    {"text": "Ngắt mạng và báo bộ phận CNTT", "correct": True},
                ],
                "explanation": "Ngắt mạng để mã độc không lây lan.",
            },
        },
    ]
    lesson.save_revision().publish()
    user = factories.learner(
        agencies["SKHCN-CDS"], user=factories.UserFactory(username="hocvien"), full_name="Lê Thu Hà"
    )
    enrollment_create(user=user, course=course)
    return LessonPage.objects.get(pk=lesson.pk), course


def _login(page, base: str, username: str = "hocvien") -> None:
    page.goto(base + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")


@pytest.fixture
def lesson_page(live_server, page):
    problems = []
    page.expose_function("reportViolation", lambda text: problems.append(text))
    page.add_init_script(LISTENER)
    page.on("pageerror", lambda error: problems.append(str(error)))
    lesson, course = _lesson_with_every_block()
    _login(page, live_server.url)
    page.goto(live_server.url + lesson.url, wait_until="networkidle")
    return page, lesson, course, problems


def test_check_question_answered_by_keyboard_with_spoken_feedback(lesson_page):
    page, _lesson, _course, problems = lesson_page
    question = page.locator("[data-check-question]")
    question.locator("input").first.focus()
    page.keyboard.press("Space")  # selects "Tắt nguồn ngay"
    button = question.get_by_role("button", name="Kiểm tra câu trả lời")
    button.focus()
    page.keyboard.press("Enter")
    feedback = question.get_by_role("status")
    feedback.filter(has_text="Chưa đúng: hãy thử lại.").wait_for()
    question.locator("input").first.focus()
    page.keyboard.press("ArrowDown")  # radio groups move the choice with arrow keys
    button.focus()
    page.keyboard.press("Enter")
    feedback.filter(has_text="Chính xác!").wait_for()
    assert question.locator("[data-explanation]").is_visible()
    assert problems == []


def test_video_posts_only_the_time_actually_played_and_resends_after_going_offline(
    lesson_page,
):
    page, lesson, _course, problems = lesson_page
    video = page.locator("video[data-progress-url]")
    video.evaluate(
        "v => new Promise(r => v.readyState >= 1 ? r() : v.addEventListener('loadedmetadata', r))"
    )
    assert video.evaluate("v => v.duration") == pytest.approx(SECONDS, abs=0.2)
    # Play two seconds, go offline, jump to the end without playing it, pause: the post fails.
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_timeout(2000)
    page.context.set_offline(True)
    video.evaluate(f"v => {{ v.pause(); v.currentTime = {SECONDS - 0.5}; }}")
    page.wait_for_timeout(500)
    assert not VideoWatch.objects.exists()
    queued = page.evaluate("JSON.parse(localStorage.getItem('hocso.outbox.v1') || '[]').length")
    assert queued == 1
    # Back online: the outbox resends the same post.
    page.context.set_offline(False)
    page.locator("[data-watched-percent]").filter(has_not_text="0").wait_for(timeout=20_000)
    watch = VideoWatch.objects.get()
    assert watch.lesson_id == lesson.id and watch.block_id == VIDEO_ID
    assert 1.5 <= watch.watched_seconds <= 3.5  # the skipped part was never counted
    shown = int(page.locator("[data-watched-percent]").inner_text())
    assert shown == watch.percent
    assert problems == []


def test_lesson_catalog_and_course_pages_with_the_new_content_pass_axe(lesson_page, live_server):
    page, lesson, course, problems = lesson_page
    found = {"lesson": violations(page)}
    for name, path in {
        "course": course.url,
        "catalog search": "/?q=an+toan&category=an_toan_thong_tin&area=4",
        "catalog empty": "/?q=khong+co+khoa+nao",
    }.items():
        page.goto(live_server.url + path, wait_until="networkidle")
        found[name] = violations(page)
    assert {name: v for name, v in found.items() if v} == {}
    assert problems == []


def test_course_editor_runs_under_the_csp(live_server, page):
    problems = []
    page.expose_function("reportViolation", lambda text: problems.append(f"{page.url}: {text}"))
    page.add_init_script(LISTENER)
    page.on("pageerror", lambda error: problems.append(str(error)))
    lesson, course = _lesson_with_every_block()
    factories.trainer(username="giangvien")
    _login(page, live_server.url, "giangvien")
    for path in (
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        reverse("wagtailadmin_pages:add", args=["courses", "coursepage", course.get_parent().pk]),
    ):
        response = page.goto(live_server.url + path, wait_until="networkidle")
        assert response.status == 200, path
    # The cover image chooser, started from JSON rather than an inline script, opens its dialog.
    assert page.locator("script[data-csp-init='hocsoImageChooser'][data-csp-done]").count() == 1
    page.locator("#id_cover_image-chooser [data-chooser-action-choose]").first.click()
    page.locator(".modal.fade.in, .modal.show, .modal-dialog").first.wait_for()
    page.keyboard.press("Escape")
    # Wagtail's slug script makes the address from the title the same way the server does.
    page.locator("#id_title").fill("Sử dụng chữ ký số điện tử")
    page.locator("#id_title").blur()
    page.wait_for_timeout(300)
    assert page.locator("#id_slug").input_value() == "su-dung-chu-ky-so-dien-tu"
    assert problems == []

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document
from wagtail.rich_text import RichText

from courses.blocks.assessment import CheckQuestionBlock
from courses.blocks.content import AccordionBlock, CodeBlock, LawReferenceBlock, TableBlock
from courses.blocks.media import AudioBlock, DocumentDownloadBlock, VideoBlock
from courses.embeds import embed_src
from courses.models import LessonPage
from tests import factories

pytestmark = pytest.mark.django_db


def document(name: str, size: int = 2048) -> Document:
    return Document.objects.create(
        title=name, file=SimpleUploadedFile(name, b"x" * 16), file_size=size
    )


@pytest.mark.parametrize(
    ("url", "src"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("https://evil.example/watch?v=dQw4w9WgXcQ", None),
        ("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", None),
        ("https://www.youtube.com/watch?v=<script>", None),
    ],
)
def test_only_allow_listed_players_are_embedded(url, src):
    assert embed_src(url) == src


def _video(**value):
    block = VideoBlock()
    raw = {"title": "Ký số", "video": None, "embed_url": "", "captions": None, "transcript": ""}
    raw.update(value)
    return block, block.to_python(
        {
            **raw,
            "video": raw["video"].pk if raw["video"] else None,
            "captions": raw["captions"].pk if raw["captions"] else None,
        }
    )


def _errors(block, value) -> set[str]:
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    return set(caught.value.block_errors)


def test_video_needs_exactly_one_source():
    block, value = _video(transcript="<p>Lời thoại</p>")
    assert _errors(block, value) == {"video"}
    block, value = _video(
        video=document("bai-giang.mp4"),
        embed_url="https://youtu.be/dQw4w9WgXcQ",
        transcript="<p>Lời thoại</p>",
    )
    assert "video" in _errors(block, value)


def test_video_refuses_other_hosts_wrong_files_and_no_text_alternative():
    block, value = _video(embed_url="https://evil.example/v/1", transcript="<p>x</p>")
    assert _errors(block, value) == {"embed_url"}
    block, value = _video(video=document("bai-giang.exe"), transcript="<p>x</p>")
    assert _errors(block, value) == {"video"}
    block, value = _video(video=document("bai-giang.mp4"), captions=document("phu-de.srt"))
    assert _errors(block, value) == {"captions"}
    block, value = _video(video=document("bai-giang.mp4"))
    assert _errors(block, value) == {"transcript"}


def test_a_valid_video_renders_the_player_with_captions():
    block, value = _video(video=document("bai-giang.mp4"), captions=document("phu-de.vtt"))
    assert block.clean(value)
    html = block.render(value, context={"request": RequestFactory().get("/")})
    assert "<video controls" in html
    assert 'kind="captions"' in html
    assert "data-progress-url" not in html  # no learner: nothing is tracked


def test_embedded_video_renders_the_privacy_enhanced_player():
    block, value = _video(embed_url="https://youtu.be/dQw4w9WgXcQ", transcript="<p>Lời</p>")
    html = block.render(block.clean(value))
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'title="Ký số"' in html


def test_audio_refuses_a_non_audio_file():
    block = AudioBlock()
    value = block.to_python(
        {"title": "Bản tin", "audio": document("ban-tin.pdf").pk, "transcript": "<p>x</p>"}
    )
    assert _errors(block, value) == {"audio"}


def test_document_download_shows_type_and_size():
    block = DocumentDownloadBlock()
    value = block.to_python({"document": document("nghi-dinh.pdf", 1536 * 1024).pk})
    html = block.render(value)
    assert "PDF" in html
    assert "1,5" in html or "1.5" in html


def test_table_rows_must_match_the_columns():
    block = TableBlock()
    value = block.to_python(
        {"caption": "Mức phạt", "header": ["Hành vi", "Mức"], "rows": [["Lộ dữ liệu"]]}
    )
    assert _errors(block, value) == {"rows"}
    value = block.to_python(
        {
            "caption": "Mức phạt",
            "header": ["Hành vi", "Mức"],
            "rows": [["Lộ dữ liệu", "50 triệu"]],
            "first_column_is_header": True,
        }
    )
    html = block.render(block.clean(value))
    assert '<th scope="row">Lộ dữ liệu</th>' in html
    assert "<caption>Mức phạt</caption>" in html


def test_accordion_renders_details():
    block = AccordionBlock()
    value = block.to_python(
        {"heading": "Hỏi đáp", "items": [{"title": "VNeID là gì?", "body": "<p>Ứng dụng.</p>"}]}
    )
    html = block.render(value)
    assert "<details>" in html and "<summary>VNeID là gì?</summary>" in html


def test_code_sample_has_a_copy_button_hidden_until_the_script_runs():
    block = CodeBlock()
    html = block.render(block.to_python({"language": "shell", "code": "ping -c 4 <host>"}))
    assert "ping -c 4 &lt;host&gt;" in html
    assert "data-copy-code" in html and "hidden" in html


def test_law_reference_rules():
    block = LawReferenceBlock()
    value = block.to_python(
        {"document": "Nghị định 13/2023/NĐ-CP", "excerpt": "Chủ thể dữ liệu có quyền…"}
    )
    assert _errors(block, value) == {"article"}
    value = block.to_python(
        {"document": "Nghị định 13/2023/NĐ-CP", "url": "http://vanban.chinhphu.vn/"}
    )
    assert _errors(block, value) == {"url"}
    value = block.to_python(
        {
            "document": "Nghị định 13/2023/NĐ-CP",
            "article": "Điều 9",
            "excerpt": "Chủ thể dữ liệu có quyền được biết.",
            "url": "https://vanban.chinhphu.vn/",
        }
    )
    html = block.render(block.clean(value))
    assert "Nghị định 13/2023/NĐ-CP" in html and "Điều 9" in html


def test_check_question_needs_a_correct_answer_and_carries_its_key():
    block = CheckQuestionBlock()
    value = block.to_python(
        {
            "prompt": "Mật khẩu nào mạnh?",
            "multiple": False,
            "choices": [{"text": "123456", "correct": False}, {"text": "x", "correct": False}],
            "explanation": "",
        }
    )
    assert _errors(block, value) == {"choices"}
    value["choices"][1]["correct"] = True
    html = block.render(block.clean(value), context={"id": "abc"})
    assert 'data-correct="1"' in html
    assert 'type="radio"' in html and 'name="cq-abc"' in html
    assert 'role="status"' in html


def test_lesson_with_every_block_renders_for_an_anonymous_preview():
    course = factories.course(lessons=1)
    lesson = course.lessons().get()
    video, captions, pdf = document("v.mp4"), document("v.vtt"), document("nd13.pdf")
    lesson.body = [
        ("video", {"title": "V", "video": video, "captions": captions, "transcript": RichText("")}),
        ("document", {"document": pdf, "title": "", "description": ""}),
        ("code", {"language": "shell", "code": "whoami", "caption": ""}),
    ]
    lesson.save()
    request = RequestFactory().get("/")
    request.user = factories.UserFactory(username="xem")
    html = LessonPage.objects.get(pk=lesson.pk).serve_preview(request, "").rendered_content
    assert "<video" in html and "nd13.pdf" in html and "whoami" in html
    assert "js/check-question.js" in html

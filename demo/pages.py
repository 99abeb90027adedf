"""Turn the demo course data into Wagtail pages."""

from django.core.files.base import ContentFile
from django.utils.html import escape, format_html_join
from wagtail.documents.models import Document
from wagtail.models import Page, Site

from courses.blocks.interactive import child_name
from courses.models import CoursePage, HomePage, LessonPage, QuizPage

HOME_TITLE = "Bồi dưỡng kỹ năng số cho cán bộ, công chức tỉnh Ninh Bình"
HOME_INTRO = (
    "<p>HọcSố là nền tảng học trực tuyến giúp cán bộ, công chức, viên chức học kỹ năng số, "
    "chuyển đổi số và an toàn thông tin mọi lúc, mọi nơi; hoàn thành khóa học được cấp giấy "
    "chứng nhận có chữ ký số.</p>"
)


def _paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _body(blocks: list[tuple]) -> list[tuple]:
    stream = []
    for kind, value in blocks:
        if kind == "heading":
            stream.append(("heading", value))
        elif kind == "paragraph":
            stream.append(("paragraph", _paragraph(value)))
        elif kind == "list":
            items = format_html_join("", "<li>{}</li>", ((item,) for item in value))
            stream.append(("paragraph", f"<ul>{items}</ul>"))
        elif kind == "note":
            stream.append(("note", {"kind": "tip", "text": _paragraph(value)}))
        elif kind == "exercise":
            tag, fields = value
            stream.append(("interactive", [(child_name(tag), fields)]))
        else:
            raise ValueError(f"Unknown demo block {kind!r}")
    return stream


def _questions(questions: list[dict]) -> list[tuple]:
    return [
        (
            "choice_question",
            {
                "prompt": question["prompt"],
                "multiple": question["multiple"],
                "choices": [
                    {"text": text, "correct": correct} for text, correct in question["choices"]
                ],
                "explanation": question.get("explanation", ""),
            },
        )
        for question in questions
    ]


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def home_page_ensure() -> HomePage:
    """The catalog at the site root, replacing Wagtail's welcome page on a fresh database."""
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    home = _publish(root, HomePage(title=HOME_TITLE, slug="trang-chu", intro=HOME_INTRO))
    site = Site.objects.filter(is_default_site=True).first()
    previous = site.root_page if site else None
    if site:
        site.root_page = home
        site.site_name = "HọcSố"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="HọcSố"
        )
    if previous and previous.specific_class is Page and previous.is_leaf():
        previous.delete()
    return home


def course_ensure(*, home: HomePage, data: dict) -> CoursePage:
    existing = CoursePage.objects.filter(code=data["code"]).first()
    if existing:
        return existing
    course = _publish(
        home,
        CoursePage(
            title=data["title"],
            slug=data["slug"],
            code=data["code"],
            summary=data["summary"],
            description=_paragraph(data["description"]),
            hours=data["hours"],
        ),
    )
    for lesson in data["lessons"]:
        _publish(
            course,
            LessonPage(
                title=lesson["title"],
                slug=lesson["slug"],
                required=lesson["required"],
                duration_minutes=lesson["minutes"],
                body=_body(lesson["body"]),
            ),
        )
    quiz = data["quiz"]
    _publish(
        course,
        QuizPage(
            title=quiz["title"],
            slug=quiz["slug"],
            intro=_paragraph(quiz["intro"]),
            pass_mark=quiz["pass_mark"],
            questions=_questions(quiz["questions"]),
        ),
    )
    return course


def course_metadata_apply(*, course: CoursePage, metadata: dict) -> None:
    """Give a demo course its catalog metadata; publishes only when something changed."""
    fields = {
        "category": metadata["category"],
        "level": metadata["level"],
        "competences": metadata["competences"],
        "duration_minutes": metadata["minutes"],
        "learning_outcomes": "\n".join(metadata["outcomes"]),
    }
    prerequisites = list(CoursePage.objects.filter(code__in=metadata["prerequisites"]))
    current = {name: getattr(course, name) for name in fields}
    if current == fields and set(course.prerequisites.all()) == set(prerequisites):
        return
    for name, value in fields.items():
        setattr(course, name, value)
    course.prerequisites.set(prerequisites)
    course.save_revision().publish()


def showcase_lesson_ensure(*, course: CoursePage, data: dict) -> LessonPage:
    """The optional lesson that shows the richer blocks, placed before the course's quiz."""
    existing = LessonPage.objects.child_of(course).filter(slug=data["slug"]).first()
    if existing:
        return existing
    document = data["document"]
    download = Document.objects.create(
        title=document["title"],
        file=ContentFile(document["text"].encode(), name=document["filename"]),
    )
    download.file_size = download.file.size
    download.save(update_fields=["file_size"])
    question = data["question"]
    body = [
        ("heading", "Tư liệu"),
        ("document", {"document": download, "title": "", "description": document["description"]}),
        ("table", {**data["table"], "first_column_is_header": False}),
        ("law_reference", data["law"]),
        ("code", data["code"]),
        (
            "accordion",
            {
                "heading": "Hỏi đáp nhanh",
                "items": [
                    {"title": title, "body": _paragraph(answer)}
                    for title, answer in data["accordion"]
                ],
            },
        ),
        (
            "check_question",
            {
                "prompt": question["prompt"],
                "multiple": question["multiple"],
                "choices": [
                    {"text": text, "correct": correct} for text, correct in question["choices"]
                ],
                "explanation": question["explanation"],
            },
        ),
    ]
    lesson = LessonPage(
        title=data["title"],
        slug=data["slug"],
        module=data["module"],
        required=False,
        duration_minutes=data["minutes"],
        body=body,
    )
    quiz = QuizPage.objects.child_of(course).first()
    if quiz is not None:
        quiz.add_sibling(pos="left", instance=lesson)
    else:
        course.add_child(instance=lesson)
    lesson.save_revision().publish()
    return lesson

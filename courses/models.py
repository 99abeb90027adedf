import random
import secrets
from http import HTTPMethod

from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .blocks import BodyBlock, QuestionStreamBlock
from .routing import OneQueryRoutingMixin

# A course's outline (its live lessons and quizzes) is read on every study page. It is cached per
# course and dropped when a lesson or quiz of the course is saved, published, unpublished, moved
# or deleted (courses/receivers.py). The expiry bounds staleness where the cache is per process
# (make run's two workers without Redis): another worker's copy is not dropped by the signal.
OUTLINE_CACHE_SECONDS = 600


def course_outline_cache_key(course_id: int) -> str:
    return f"courses:outline:v1:{course_id}"


class HomePage(OneQueryRoutingMixin, Page):
    """The public catalog: every live course under it is listed."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"], verbose_name=_("intro"))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["courses.CoursePage", "courses.ArticlePage"]
    max_count = 1
    # Every lesson view routes through its course: see courses/routing.py.
    cache_routed_through_children = True

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.child_of(self).live().public().order_by("path")
        return context


class CoursePage(OneQueryRoutingMixin, Page):
    code = models.CharField(
        _("course code"),
        max_length=32,
        unique=True,
        help_text=_("Short code used in reports and imports, e.g. ATTT-01."),
    )
    summary = models.CharField(_("summary"), max_length=255)
    description = RichTextField(_("description"), blank=True)
    hours = models.PositiveSmallIntegerField(
        _("training periods (tiết)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Shown on the certificate."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("hours"), FieldPanel("summary")],
            heading=_("Course"),
        ),
        FieldPanel("description"),
    ]
    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.LessonPage", "courses.QuizPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def lessons(self):
        """Live lessons in the order trainers arranged them."""
        return LessonPage.objects.child_of(self).live().order_by("path")

    def quizzes(self):
        return QuizPage.objects.child_of(self).live().order_by("path")

    @cached_property
    def _outline(self) -> dict:
        """The live lessons and quizzes with what outlines and links need, from the cache."""
        course_outlines_load([self])
        return self.__dict__["_outline"]

    @property
    def _outline_stamp(self) -> tuple:
        # The cached copy is used only while the course's own address and revision are those it
        # was read with: a renamed or moved course reads its children again.
        return (self.url_path, self.latest_revision_id)

    @property
    def lesson_outline(self) -> list["LessonPage"]:
        """The live lessons in order, read once per instance and cached between requests."""
        return self._outline["lessons"]

    @property
    def quiz_outline(self) -> list["QuizPage"]:
        return self._outline["quizzes"]


def course_outlines_load(courses: list[CoursePage]) -> None:
    """Give each course its outline: from the cache, else read for all of them in two queries."""
    pending = [course for course in courses if "_outline" not in course.__dict__]
    if not pending:
        return
    cached = cache.get_many([course_outline_cache_key(course.id) for course in pending])
    missing = {}
    for course in pending:
        outline = cached.get(course_outline_cache_key(course.id))
        if outline is not None and outline["stamp"] == course._outline_stamp:
            course.__dict__["_outline"] = outline
        else:
            missing[course.path] = course
    if not missing:
        return
    children = Q(pk__in=[])
    for course in missing.values():
        children |= Q(path__startswith=course.path, depth=course.depth + 1)
    outlines = {
        path: {"stamp": course._outline_stamp, "lessons": [], "quizzes": []}
        for path, course in missing.items()
    }
    lessons = LessonPage.objects.live().filter(children).order_by("path")
    for lesson in lessons.only("id", "title", "url_path", "path", "required"):
        outlines[lesson.path[: -Page.steplen]]["lessons"].append(lesson)
    quizzes = QuizPage.objects.live().filter(children).order_by("path")
    for quiz in quizzes.only("id", "title", "url_path", "path"):
        outlines[quiz.path[: -Page.steplen]]["quizzes"].append(quiz)
    for path, course in missing.items():
        course.__dict__["_outline"] = outlines[path]
    cache.set_many(
        {course_outline_cache_key(c.id): outlines[path] for path, c in missing.items()},
        OUTLINE_CACHE_SECONDS,
    )


class CourseChildMixin:
    """Lessons and quizzes know their course; it is read once per page instance.

    Wagtail hands the same instance to its serve hooks and to `serve`, so the hook and the
    template share one lookup.
    """

    # Study pages are read, never posted to: answers go to the attempt URLs, progress is written
    # on a served GET. Anything else gets Wagtail's 405.
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    @cached_property
    def course(self) -> CoursePage:
        return self.get_parent().specific


class LessonPage(CourseChildMixin, OneQueryRoutingMixin, Page):
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("Completing the course needs every required lesson."),
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=10)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("required"), FieldPanel("duration_minutes")], heading=_("Lesson")
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.course
        outline = course.lesson_outline
        ids = [lesson.id for lesson in outline]
        context["course"] = course
        context["outline"] = outline
        context["previous_lesson"] = context["next_page"] = None
        if self.id not in ids:
            # A draft seen in the trainer's preview is not in the live outline yet.
            return context
        position = ids.index(self.id)
        context["previous_lesson"] = outline[position - 1] if position > 0 else None
        if position + 1 < len(outline):
            context["next_page"] = outline[position + 1]
        else:
            context["next_page"] = next(iter(course.quiz_outline), None)
        return context


class QuizPage(CourseChildMixin, OneQueryRoutingMixin, Page):
    class Feedback(models.TextChoices):
        # Per-question feedback on a failed attempt hands out the key a few attempts at a time,
        # so graded quizzes show the score only unless a trainer chooses otherwise.
        SCORE_ONLY = "score_only", _("Score only")
        AFTER_PASSING = "after_passing", _("Per-question feedback after passing")
        ALWAYS = "always", _("Per-question feedback always (practice quiz)")

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link", "ul"])
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Minimum percentage of correct answers to pass."),
    )
    feedback = models.CharField(
        _("feedback after an attempt"),
        max_length=16,
        choices=Feedback.choices,
        default=Feedback.SCORE_ONLY,
        help_text=_(
            "Per-question feedback shows which answers were right, the correct answers and the "
            "explanations. Use “always” only for practice quizzes."
        ),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"),
        default=5,
        validators=[MaxValueValidator(100)],
        help_text=_("How many times a learner may take this quiz; 0 means unlimited."),
    )
    retry_wait_minutes = models.PositiveSmallIntegerField(
        _("wait after a failed attempt (minutes)"),
        default=10,
        validators=[MaxValueValidator(10080)],
        help_text=_("How long a learner waits before trying again after failing; 0 means no wait."),
    )
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts"),
                FieldPanel("retry_wait_minutes"),
                FieldPanel("feedback"),
            ],
            heading=_("Rules"),
        ),
        FieldPanel("questions"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["course"] = self.course
        return context

    def feedback_shown(self, *, passed: bool) -> bool:
        """Whether a result page may show per-question correctness, the key and explanations."""
        if self.feedback == self.Feedback.ALWAYS:
            return True
        return passed and self.feedback == self.Feedback.AFTER_PASSING

    def question_snapshot(self, *, rng: random.Random | None = None) -> list[dict]:
        """What an attempt stores: each question as shown, with its key kept server-side.

        Choices are shuffled per attempt so that positions learnt from one attempt say nothing
        about the next. `choices` and `correct` are in the order shown, so answers (indexes into
        what the learner saw) grade directly; `order` maps each shown choice back to the
        trainer's order for item statistics. Snapshots from before shuffling have no `order`.
        """
        rng = rng or secrets.SystemRandom()
        snapshot = []
        for block in self.questions:
            if block.block_type != "choice_question":
                continue
            value = block.value
            authored = list(value["choices"])
            order = list(range(len(authored)))
            rng.shuffle(order)
            snapshot.append(
                {
                    "id": str(block.id),
                    "prompt": value["prompt"],
                    "multiple": bool(value["multiple"]),
                    "choices": [authored[i]["text"] for i in order],
                    "correct": [shown for shown, i in enumerate(order) if authored[i]["correct"]],
                    "order": order,
                    "explanation": value["explanation"],
                }
            )
        return snapshot


class ArticlePage(OneQueryRoutingMixin, Page):
    """A plain content page (help, guides) with the same body as a lesson."""

    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["courses.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

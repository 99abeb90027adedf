import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, LessonPage, QuizPage


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    score = models.DecimalField(
        _("final score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    # Written by the certificates app after issuing (learning never imports certificates).
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    # Raised by every exercise handler call, under the row lock it takes: a rendered exercise is
    # cached under this version, so the learner's next answer is never hidden by an old render.
    exercise_state_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="uniq_enrollment"),
        ]

    def __str__(self):
        return f"{self.user} · {self.course}"


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    # A lesson a trainer deletes later leaves the learner's record in place (lesson empty, its
    # title kept): history and finished courses must not change when content is edited.
    lesson = models.ForeignKey(LessonPage, on_delete=models.SET_NULL, null=True, related_name="+")
    lesson_title = models.CharField(_("lesson title"), max_length=255, blank=True)
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "lesson"], name="uniq_lesson_progress"),
        ]

    def __str__(self):
        return f"{self.enrollment} · {self.lesson_id}"


class QuizAttempt(models.Model):
    """One attempt at a quiz, with a snapshot of exactly what the learner was shown."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attempts")
    quiz = models.ForeignKey(QuizPage, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    questions = models.JSONField(_("questions shown"))
    answers = models.JSONField(_("answers given"), default=dict, blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=1, null=True)
    passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-started_at"]
        constraints = [
            # Two tabs or a double click on "start" must land on the same open attempt.
            models.UniqueConstraint(
                fields=["enrollment", "quiz"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_attempt_per_quiz",
            ),
        ]

    def __str__(self):
        return f"{self.enrollment} · {self.quiz_id} · {self.started_at:%Y-%m-%d %H:%M}"


# --- Interactive exercises (XBlocks): learner state, scores and events ---------------------------
# An exercise is addressed by the lesson page and the stable `id` of its StreamField block, so
# reordering or editing the lesson keeps every learner's state. Fields are stored one row per
# field, as XBlock scopes them (docs/decisions/0008-xblock-runtime.md).


class XBlockFieldRow(models.Model):
    """One stored XBlock field: its name and JSON value; subclasses say whose it is."""

    field_name = models.CharField(_("field"), max_length=64)
    value = models.JSONField(_("value"))
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)

    class Meta:
        abstract = True


class XBlockUserState(XBlockFieldRow):
    """A `Scope.user_state` field: one learner × one exercise × one field."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    usage_id = models.UUIDField(_("exercise id"))

    class Meta:
        verbose_name = _("exercise state")
        verbose_name_plural = _("exercise states")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "usage_id", "field_name"], name="uniq_xblock_user_state"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.usage_id} · {self.field_name}"


class XBlockUsageState(XBlockFieldRow):
    """A `Scope.user_state_summary` field: shared by every learner of one exercise."""

    page = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    usage_id = models.UUIDField(_("exercise id"))

    class Meta:
        verbose_name = _("shared exercise state")
        verbose_name_plural = _("shared exercise states")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "usage_id", "field_name"], name="uniq_xblock_usage_state"
            ),
        ]

    def __str__(self):
        return f"{self.usage_id} · {self.field_name}"


class XBlockPreference(XBlockFieldRow):
    """A `Scope.preferences` field: one learner × one XBlock type × one field."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    block_type = models.CharField(_("exercise type"), max_length=64)

    class Meta:
        verbose_name = _("exercise preference")
        verbose_name_plural = _("exercise preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "block_type", "field_name"], name="uniq_xblock_preference"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.block_type} · {self.field_name}"


class XBlockUserInfo(XBlockFieldRow):
    """A `Scope.user_info` field: one learner × one field, across every exercise."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("exercise user information")
        verbose_name_plural = _("exercise user information")
        constraints = [
            models.UniqueConstraint(fields=["user", "field_name"], name="uniq_xblock_user_info"),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.field_name}"


class ExerciseScore(models.Model):
    """A learner's best score at one exercise, from the grades its server-side code published.

    The best score counts, as for quizzes: a later, lower grade (a learner trying again to see
    the feedback) never takes away a pass.
    """

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="exercise_scores"
    )
    page = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    usage_id = models.UUIDField(_("exercise id"))
    block_type = models.CharField(_("exercise type"), max_length=64)
    earned = models.FloatField(_("points earned"))
    possible = models.FloatField(_("points possible"))
    percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=1)
    passed_at = models.DateTimeField(_("passed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("exercise score")
        verbose_name_plural = _("exercise scores")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "page", "usage_id"], name="uniq_exercise_score"
            ),
        ]

    def __str__(self):
        return f"{self.enrollment} · {self.usage_id} · {self.percent}%"


class LearningEvent(models.Model):
    """An event an exercise published that is not a grade: kept for statistics and audits."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    usage_id = models.UUIDField(_("exercise id"))
    block_type = models.CharField(_("exercise type"), max_length=64)
    event_type = models.CharField(_("event"), max_length=128)
    data = models.JSONField(_("data"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("learning event")
        verbose_name_plural = _("learning events")
        indexes = [models.Index(fields=["page", "usage_id", "event_type"])]

    def __str__(self):
        return f"{self.user_id} · {self.usage_id} · {self.event_type}"


class ProgressPost(models.Model):
    """A progress post already handled, remembered by the key its browser gave it.

    Phones on a weak link resend posts whose answer they never saw; the key lets the server
    answer the resend with the first answer instead of counting the work twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField(_("idempotency key"))
    path = models.CharField(_("path"), max_length=255)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True)
    body = models.TextField(_("response body"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("progress post")
        verbose_name_plural = _("progress posts")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="uniq_progress_post_key"),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.key}"


class VideoWatch(models.Model):
    """The parts of one lesson video one learner has actually played, in seconds.

    Kept as merged [start, end] intervals, so a resent or overlapping post adds nothing already
    counted and seeking past a part never counts it. Watched time is recorded for the learner
    and reports; it does not gate lesson or course completion.
    """

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="videos")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(_("video block"), max_length=64)
    intervals = models.JSONField(_("played intervals (s)"), default=list)
    duration = models.FloatField(_("video length (s)"))
    watched_seconds = models.FloatField(_("watched (s)"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("video watched time")
        verbose_name_plural = _("video watched times")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson", "block_id"], name="uniq_video_watch"
            ),
        ]

    def __str__(self):
        return f"{self.enrollment} · {self.lesson_id} · {self.block_id}"

    @property
    def percent(self) -> int:
        if self.duration <= 0:
            return 0
        return min(100, round(100 * self.watched_seconds / self.duration))

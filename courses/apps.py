from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .models import CoursePage, LessonPage, QuizPage
        from .receivers import outline_forget_on_change, outline_forget_on_move

        for model in (CoursePage, LessonPage, QuizPage):
            post_save.connect(
                outline_forget_on_change,
                sender=model,
                dispatch_uid=f"outline-save-{model.__name__}",
            )
            post_delete.connect(
                outline_forget_on_change,
                sender=model,
                dispatch_uid=f"outline-delete-{model.__name__}",
            )
        # Publishing and unpublishing save the page too; their own signals are heard as well so
        # the outline does not depend on how a Wagtail action writes the row.
        page_published.connect(outline_forget_on_change, dispatch_uid="outline-published")
        page_unpublished.connect(outline_forget_on_change, dispatch_uid="outline-unpublished")
        post_page_move.connect(outline_forget_on_move, dispatch_uid="outline-moved")

from django.urls import path, register_converter
from django.urls.converters import IntConverter

from . import views
from .xblocks import views as xblock_views


class IdConverter(IntConverter):
    """A database id: a number longer than a bigint can hold is no id, so the URL is a 404.

    SQLite raises OverflowError (a 500) when such a number reaches a query.
    """

    regex = "[0-9]{1,18}"


register_converter(IdConverter, "id")

app_name = "learning"

urlpatterns = [
    path("khoa-hoc-cua-toi/", views.my_courses, name="my_courses"),
    path("khoa-hoc/<id:course_id>/dang-ky/", views.enroll, name="enroll"),
    path("bai-kiem-tra/<id:quiz_id>/bat-dau/", views.quiz_start, name="quiz_start"),
    path("bai-lam/<uuid:attempt_id>/", views.attempt, name="attempt"),
    path("bai-lam/<uuid:attempt_id>/ket-qua/", views.attempt_result, name="attempt_result"),
    path("bai-hoc/<id:lesson_id>/video/", views.video_progress, name="video_progress"),
    path(
        "xblock/<id:page_id>/<uuid:usage_id>/<slug:handler>/",
        xblock_views.xblock_handler,
        name="xblock_handler",
    ),
    path(
        "xblock/<id:page_id>/<uuid:usage_id>/<slug:handler>/<path:suffix>",
        xblock_views.xblock_handler,
        name="xblock_handler_suffix",
    ),
]

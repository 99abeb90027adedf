from django.urls import path, re_path

from . import views

app_name = "learning"

urlpatterns = [
    path("khoa-hoc-cua-toi/", views.my_courses, name="my_courses"),
    path("khoa-hoc/<int:course_id>/dang-ky/", views.enroll, name="enroll"),
    path("bai-kiem-tra/<int:quiz_id>/bat-dau/", views.quiz_start, name="quiz_start"),
    path("bai-lam/<uuid:attempt_id>/", views.attempt, name="attempt"),
    path("bai-lam/<uuid:attempt_id>/ket-qua/", views.attempt_result, name="attempt_result"),
    path("quan-ly/bao-cao/", views.hr_report, name="hr_report"),
    re_path(
        r"^quan-ly/bao-cao/tai-xuong\.(?P<fmt>xlsx|csv)$",
        views.hr_report_export,
        name="hr_report_export",
    ),
]

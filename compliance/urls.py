from django.urls import path, re_path

from . import views

app_name = "compliance"

urlpatterns = [
    path("quan-ly/bao-cao/", views.hr_report, name="hr_report"),
    re_path(
        r"^quan-ly/bao-cao/tai-xuong\.(?P<fmt>xlsx|csv)$",
        views.hr_report_export,
        name="hr_report_export",
    ),
]

"""HR's import of past training (issue 8). Its own file and namespace beside `compliance.urls`
(the HR report's), so the two grew apart without touching each other."""

from django.urls import path

from . import views_records

app_name = "compliance_records"

urlpatterns = [
    path(
        "quan-ly/qua-trinh-dao-tao/nhap/",
        views_records.records_import_view,
        name="records_import",
    ),
    path(
        "quan-ly/qua-trinh-dao-tao/nhap/xac-nhan/",
        views_records.records_import_confirm,
        name="records_import_confirm",
    ),
    path(
        "quan-ly/qua-trinh-dao-tao/nhap/mau.xlsx",
        views_records.records_template,
        name="records_template",
    ),
]

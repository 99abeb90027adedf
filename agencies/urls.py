from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("quan-ly/can-bo/<int:pk>/lich-su/", views.staff_history_page, name="staff_history"),
    path("quan-ly/nhap-can-bo/", views.staff_imports, name="staff_imports"),
    path("quan-ly/nhap-can-bo/mau.xlsx", views.staff_template, name="staff_template"),
    path("quan-ly/nhap-can-bo/<uuid:job_id>/", views.staff_import_detail, name="staff_import"),
    path(
        "quan-ly/nhap-can-bo/<uuid:job_id>/trang-thai/",
        views.staff_import_status,
        name="staff_import_status",
    ),
    path(
        "quan-ly/nhap-can-bo/<uuid:job_id>/ap-dung/",
        views.staff_import_apply_view,
        name="staff_import_apply",
    ),
]

"""HR's export files and scheduled reports, under /quan-ly/tuan-thu/ ("management / compliance")."""

from django.urls import path

from . import views_exports

app_name = "compliance_exports"

urlpatterns = [
    # "xuat" = export, "danh-sach" = list, "trang-thai" = status, "tai-xuong" = download.
    path("quan-ly/tuan-thu/xuat/", views_exports.export_new, name="new"),
    path("quan-ly/tuan-thu/xuat/danh-sach/", views_exports.export_list, name="list"),
    path("quan-ly/tuan-thu/xuat/<uuid:job_id>/", views_exports.export_detail, name="detail"),
    path(
        "quan-ly/tuan-thu/xuat/<uuid:job_id>/trang-thai",
        views_exports.export_status,
        name="status",
    ),
    path(
        "quan-ly/tuan-thu/xuat/<uuid:job_id>/tai-xuong",
        views_exports.export_download,
        name="download",
    ),
    # "dang-ky-bao-cao" = subscribe to reports, "huy" = cancel.
    path("quan-ly/tuan-thu/dang-ky-bao-cao/", views_exports.subscriptions, name="subscriptions"),
    path(
        "quan-ly/tuan-thu/dang-ky-bao-cao/<int:pk>/huy",
        views_exports.subscription_cancel,
        name="subscription_cancel",
    ),
]

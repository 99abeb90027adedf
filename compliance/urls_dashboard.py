from django.urls import path, re_path

from . import views_dashboard as views

app_name = "compliance_dashboard"

# Ids are at most 18 digits: a longer number is no row, and SQLite cannot take it (404, not 500).
urlpatterns = [
    path("quan-ly/tuan-thu/", views.dashboard_view, name="dashboard"),
    path("quan-ly/tuan-thu/bao-cao/", views.report_view, name="report"),
    path("quan-ly/tuan-thu/danh-sach/", views.people_view, name="people"),
    path("quan-ly/tuan-thu/chung-nhan/", views.certificates_view, name="certificates"),
    re_path(
        r"^quan-ly/tuan-thu/ho-so/(?P<profile_id>[0-9]{1,18})/$",
        views.transcript_view,
        name="transcript",
    ),
    re_path(
        r"^quan-ly/tuan-thu/ho-so/(?P<profile_id>[0-9]{1,18})\.pdf$",
        views.transcript_pdf_view,
        name="transcript_pdf",
    ),
    path("ho-so-dao-tao/", views.my_transcript_view, name="my_transcript"),
    path("ho-so-dao-tao.pdf", views.my_transcript_pdf_view, name="my_transcript_pdf"),
]

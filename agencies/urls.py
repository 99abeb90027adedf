from django.urls import path

from . import account_views, sign_on_views, views

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

urlpatterns += [
    path(
        "quan-ly/nhap-can-bo/<uuid:job_id>/tai-khoan/",
        account_views.import_accounts,
        name="import_accounts",
    ),
    path(
        "quan-ly/nhap-can-bo/<uuid:job_id>/tai-khoan/gui-email/",
        account_views.import_accounts_email,
        name="import_accounts_email",
    ),
    path(
        "quan-ly/nhap-can-bo/<uuid:job_id>/tai-khoan/phieu-mat-khau.pdf",
        account_views.import_accounts_sheet,
        name="import_accounts_sheet",
    ),
    path(
        "dat-mat-khau/<uidb64>/<token>/",
        account_views.AccountPasswordSetView.as_view(),
        name="account_password_set",
    ),
    path(
        "dat-mat-khau/xong/",
        account_views.AccountPasswordSetDoneView.as_view(),
        name="account_password_set_done",
    ),
    path(
        "doi-mat-khau-lan-dau/",
        account_views.password_change_required,
        name="password_change_required",
    ),
]

# OpenID Connect sign-on (decision 0012): both answer 404 while it is off.
urlpatterns += [
    path("dang-nhap/oidc/", sign_on_views.OidcStartView.as_view(), name="oidc_start"),
    path(
        "dang-nhap/oidc/xac-nhan/",
        sign_on_views.OidcCallbackView.as_view(),
        name="oidc_callback",
    ),
]

from django.conf import settings
from django.http import Http404
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from agencies.sign_on_views import SignInView, SignOutView
from compliance.api.urls import token_page_patterns
from config.health import healthz


def _no_such_id(request, *args):
    raise Http404


handler403 = "config.views.permission_denied"

urlpatterns = [
    # For load balancers: no login, no session, no rate limit.
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document route takes any run of digits as an id; past 4,300 digits Python
    # refuses to convert it and the request ends in a 500. No id is that long.
    re_path(r"^documents/\d{19,}/", _no_such_id),
    path("documents/", include(wagtaildocs_urls)),
    path("dang-nhap/", SignInView.as_view(), name="login"),
    path("dang-xuat/", SignOutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The read-only JSON API (docs/api.md) and the page where HR makes its tokens.
    path("api/", include("compliance.api.urls")),
    path("tai-khoan/api/", include(token_page_patterns)),
    path("", include("certificates.urls")),
    path("", include("learning.urls")),
    path("", include("compliance.urls")),
    path("", include("compliance.urls_dashboard")),
    path("", include("compliance.urls_exports")),
    path("", include("agencies.urls")),
    path("", include("compliance.reminder_urls")),
    path("", include("compliance.urls_records")),
    path("", include("compliance.urls_hr")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree takes every other path, so it comes last.
urlpatterns.append(path("", include(wagtail_urls)))

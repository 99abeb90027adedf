"""Addresses of the reminder digests' screens, under their own namespace: the HR report's
`compliance` namespace is another module's (compliance/urls.py)."""

from django.urls import path, re_path

from . import reminder_views

app_name = "reminders"

urlpatterns = [
    path("tai-khoan/nhac-nho/", reminder_views.digest_preferences, name="preferences"),
    # Tokens are secrets.token_urlsafe(32): 43 characters of [A-Za-z0-9_-].
    re_path(
        r"^nhac-nho/huy-dang-ky/(?P<token>[A-Za-z0-9_-]{16,64})/$",
        reminder_views.digest_unsubscribe_page,
        name="unsubscribe",
    ),
]

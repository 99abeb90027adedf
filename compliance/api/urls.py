"""/api/…: the JSON API and its schema; /tai-khoan/api/: the page where HR makes its tokens."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from . import pages, schema, views  # noqa: F401 - schema registers the bearer scheme

app_name = "api"

urlpatterns = [
    path("v1/requirements/", views.RequirementList.as_view(), name="requirements"),
    path("v1/compliance/", views.ComplianceFigures.as_view(), name="compliance"),
    path("v1/assignments/", views.AssignmentList.as_view(), name="assignments"),
    path(
        "v1/people/<str:employee_code>/records/",
        views.PersonRecords.as_view(),
        name="person_records",
    ),
    # Public, so a reporting system's developers can read it before they hold a token.
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
        name="schema",
    ),
]

token_page_patterns = (
    [
        path("", pages.api_tokens_page, name="list"),
        path("<int:token_id>/thu-hoi/", pages.api_token_revoke_page, name="revoke"),
    ],
    "api_tokens",
)

"""/api/…: the JSON API and its schema; /tai-khoan/api/: the page where HR makes its tokens."""

from django.urls import path

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
    path("schema/", views.Schema.as_view(), name="schema"),
]

token_page_patterns = (
    [
        path("", pages.api_tokens_page, name="list"),
        path("<int:token_id>/thu-hoi/", pages.api_token_revoke_page, name="revoke"),
    ],
    "api_tokens",
)

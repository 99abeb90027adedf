"""The read-only JSON API: tokens, scope, the same figures as the report, throttling, the schema."""

from datetime import date
from decimal import Decimal

import pytest
import yaml
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from agencies.models import AgencyRole
from compliance import services
from compliance.api.tokens import api_token_authenticate, api_token_create
from compliance.figures import compliance_tree
from compliance.models import ApiToken, Requirement, TrainingRecord
from tests import factories
from tests.compliance.test_services import yearly_security

pytestmark = pytest.mark.django_db

REQUIREMENTS = reverse("api:requirements")
COMPLIANCE = reverse("api:compliance")
ASSIGNMENTS = reverse("api:assignments")
SCHEMA = reverse("api:schema")
TOKENS = reverse("api_tokens:list")


def records_url(code: str) -> str:
    return reverse("api:person_records", args=[code])


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles count in the cache: each test starts with its full allowance."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    tree = factories.agency_tree()
    course = factories.course(code="ATTT", lessons=1)
    people = {
        "ha": factories.staff_member(
            tree["SKHCN-CDS"], full_name="Lê Thu Hà", employee_code="NB-HA"
        ),
        "minh": factories.staff_member(
            tree["SKHCN-CDS"], full_name="Trần Văn Minh", employee_code="NB-MINH"
        ),
        "duc": factories.staff_member(
            tree["SKHCN"], full_name="Nguyễn Văn Đức", employee_code="NB-DUC"
        ),
        "lan": factories.staff_member(
            tree["STC-NS"], full_name="Phạm Thị Lan", employee_code="NB-LAN"
        ),
    }
    TrainingRecord.objects.create(
        profile=people["ha"],
        source=TrainingRecord.Source.IMPORTED,
        title="An toàn thông tin cơ bản",
        course=course,
        completed_on=date(2026, 3, 5),
        hours=8,
        category="an_toan_thong_tin",
        certificate_number="12/GCN-SKHCN",
    )
    TrainingRecord.objects.create(
        profile=people["ha"],
        source=TrainingRecord.Source.IMPORTED,
        title="Kỹ năng số cho công chức",
        completed_on=date(2025, 10, 1),
        hours=Decimal("4.5"),
    )
    requirement = yearly_security(course)
    services.requirement_sync(requirement, today=date(2026, 3, 10))
    hr = factories.hr_manager(tree["SKHCN"], username="hr-skhcn")
    return {
        "tree": tree,
        "people": people,
        "requirement": requirement,
        "hr": hr,
        "key": api_token_create(user=hr, name="Hệ thống báo cáo tỉnh").key,
    }


# --- Who gets in -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [REQUIREMENTS, f"{COMPLIANCE}?requirement=1", ASSIGNMENTS, records_url("NB-HA")]
)
def test_no_token_is_401_with_a_bearer_challenge(world, client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json() == {
        "detail": "Chưa gửi mã truy cập API: hãy thêm tiêu đề Authorization: Bearer <mã>."
    }
    # A signed-in session opens nothing: the API reads tokens only.
    client.force_login(world["hr"])
    assert client.get(url).status_code == 401


def test_bad_and_revoked_tokens_are_401(world, client):
    key = world["key"]
    assert client.get(REQUIREMENTS, **bearer(key)).status_code == 200
    for wrong in (key[:-1] + ("A" if key[-1] != "A" else "B"), "x" * 500, key + " extra"):
        response = client.get(REQUIREMENTS, **bearer(wrong))
        assert response.status_code == 401, wrong
    assert client.get(REQUIREMENTS, HTTP_AUTHORIZATION=b"Bearer \xc3\xa9").status_code == 401
    ApiToken.objects.filter(user=world["hr"]).update(revoked_at=timezone.now())
    response = client.get(REQUIREMENTS, **bearer(key))
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập API không hợp lệ hoặc đã bị thu hồi."


def test_tokens_of_inactive_users_and_of_people_who_lost_the_hr_role_are_refused(world, client):
    key, hr = world["key"], world["hr"]
    hr.is_active = False
    hr.save()
    assert client.get(REQUIREMENTS, **bearer(key)).status_code == 401
    hr.is_active = True
    hr.save()
    AgencyRole.objects.filter(user=hr).delete()
    assert client.get(REQUIREMENTS, **bearer(key)).status_code == 401


def test_a_learner_cannot_hold_a_token(world, client):
    learner = world["people"]["ha"].user
    with pytest.raises(PermissionDenied):
        api_token_create(user=learner, name="Của tôi")
    client.force_login(learner)
    assert client.post(TOKENS, {"name": "Của tôi"}).status_code == 403
    assert not ApiToken.objects.filter(user=learner).exists()


def test_the_token_itself_is_never_stored(world):
    token = ApiToken.objects.get(user=world["hr"])
    assert world["key"] not in {token.key_hash, token.prefix, token.name}
    assert token.prefix == world["key"][:8]
    assert len(token.key_hash) == 64


def test_last_use_is_written_at_most_once_a_minute(world, django_assert_num_queries):
    key = world["key"]
    with django_assert_num_queries(3):  # token, HR role, last use
        api_token_authenticate(key=key)
    first = ApiToken.objects.get(user=world["hr"]).last_used_at
    assert first is not None
    with django_assert_num_queries(2):  # no write within the minute
        api_token_authenticate(key=key)
    ApiToken.objects.filter(user=world["hr"]).update(
        last_used_at=first - timezone.timedelta(minutes=2)
    )
    api_token_authenticate(key=key)
    assert ApiToken.objects.get(user=world["hr"]).last_used_at > first


# --- Scope and figures ------------------------------------------------------------------------


def test_requirements_are_those_with_people_in_scope(world, client):
    outside = Requirement.objects.create(
        title="Chỉ Sở Tài chính", agency=world["tree"]["STC"], due_date=date(2026, 12, 31)
    )
    services.requirement_sync(outside, today=date(2026, 3, 10))
    response = client.get(REQUIREMENTS, **bearer(world["key"]))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row == {
        "id": world["requirement"].pk,
        "title": "An toàn thông tin hằng năm",
        "active": True,
        "satisfaction": "courses",
        "due_rule": "fixed",
        "due_date": "2026-12-31",
        "due_days": 30,
        "recurrence": "yearly",
        "recurrence_months": 12,
    }


def test_a_sos_hr_reads_the_same_figures_as_the_report_and_as_counted_by_hand(world, client):
    requirement, hr = world["requirement"], world["hr"]
    response = client.get(COMPLIANCE, {"requirement": requirement.pk}, **bearer(world["key"]))
    assert response.status_code == 200
    body = response.json()
    assert body["requirement"] == {"id": requirement.pk, "title": requirement.title}
    assert body["agency"] is None
    # By hand: Hà (completed), Minh and Đức (not started) in the Sở KH&CN; Lan is another sở's.
    assert [row["code"] for row in body["agencies"]] == ["SKHCN"]
    figures = body["agencies"][0]["figures"]
    assert figures == {
        "not_started": 2,
        "in_progress": 0,
        "completed": 1,
        "due_soon": 0,
        "overdue": 0,
        "expired": 0,
        "exempt": 0,
        "total": 3,
        "counted": 3,
        "late": 0,
        "rate": 33.3,
    }
    assert body["total"] == figures
    assert body["agencies"][0]["has_children"] is True
    # The report's own figures, from the same function the HR pages read.
    tree = compliance_tree(user=hr, requirement_ids=[requirement.pk])
    web = tree.total(requirement.pk)
    assert (body["total"]["total"], body["total"]["completed"], body["total"]["rate"]) == (
        web.total,
        web.completed,
        web.rate,
    )


def test_drill_down_shows_the_agency_then_its_children(world, client):
    requirement = world["requirement"]
    response = client.get(
        COMPLIANCE, {"requirement": requirement.pk, "agency": "SKHCN"}, **bearer(world["key"])
    )
    assert response.status_code == 200
    body = response.json()
    assert body["agency"] == {"code": "SKHCN", "name": "Sở Khoa học và Công nghệ"}
    rows = {row["code"]: row for row in body["agencies"]}
    assert list(rows) == ["SKHCN", "SKHCN-CDS"]
    assert (rows["SKHCN-CDS"]["figures"]["total"], rows["SKHCN-CDS"]["figures"]["rate"]) == (
        2,
        50.0,
    )
    assert rows["SKHCN-CDS"]["has_children"] is False


def test_the_province_sees_every_sos_figures(world, client):
    province = factories.hr_manager(world["tree"]["UBND-NB"], username="hr-tinh")
    key = api_token_create(user=province, name="Tỉnh").key
    body = client.get(
        COMPLIANCE, {"requirement": world["requirement"].pk, "agency": "UBND-NB"}, **bearer(key)
    ).json()
    totals = {row["code"]: row["figures"]["total"] for row in body["agencies"]}
    assert totals == {"UBND-NB": 4, "SKHCN": 3, "STC": 1}
    assert body["total"]["total"] == 4


def test_another_sos_agency_answers_as_if_it_did_not_exist(world, client):
    requirement, key = world["requirement"], world["key"]
    outside = client.get(
        COMPLIANCE, {"requirement": requirement.pk, "agency": "STC"}, **bearer(key)
    )
    unknown = client.get(
        COMPLIANCE, {"requirement": requirement.pk, "agency": "KHONG-CO"}, **bearer(key)
    )
    above = client.get(
        COMPLIANCE, {"requirement": requirement.pk, "agency": "UBND-NB"}, **bearer(key)
    )
    assert outside.status_code == unknown.status_code == above.status_code == 404
    assert outside.content == unknown.content == above.content
    assert client.get(ASSIGNMENTS, {"agency": "STC-NS"}, **bearer(key)).status_code == 404


def test_compliance_needs_a_requirement_in_scope(world, client):
    key = world["key"]
    missing = client.get(COMPLIANCE, **bearer(key))
    assert missing.status_code == 400
    assert missing.json()["requirement"] == ["Hãy chọn một yêu cầu: ?requirement=<mã số>."]
    assert client.get(COMPLIANCE, {"requirement": "abc"}, **bearer(key)).status_code == 400
    assert client.get(COMPLIANCE, {"requirement": "9" * 30}, **bearer(key)).status_code == 400
    assert client.get(COMPLIANCE, {"requirement": 999999}, **bearer(key)).status_code == 404


def test_assignments_are_the_scope_s_people_with_their_rows(world, client):
    response = client.get(ASSIGNMENTS, **bearer(world["key"]))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    names = [row["full_name"] for row in body["results"]]
    assert names == ["Nguyễn Văn Đức", "Lê Thu Hà", "Trần Văn Minh"]
    ha = body["results"][1]
    assert ha == {
        "employee_code": "NB-HA",
        "full_name": "Lê Thu Hà",
        "category": "cong_chuc",
        "agency_code": "SKHCN-CDS",
        "agency_name": "Phòng Chuyển đổi số",
        "requirement_id": world["requirement"].pk,
        "requirement_title": "An toàn thông tin hằng năm",
        "status": "completed",
        "cycle": 1,
        "due_on": "2026-12-31",
        "extended_due_on": None,
        "completed_on": "2026-03-05",
        "expires_on": ha["expires_on"],
        "hours_done": ha["hours_done"],
    }
    assert ha["expires_on"] is not None


def test_assignment_filters_and_search(world, client):
    key = world["key"]

    def names(**query):
        response = client.get(ASSIGNMENTS, query, **bearer(key))
        assert response.status_code == 200, response.content
        return [row["full_name"] for row in response.json()["results"]]

    assert names(status="completed") == ["Lê Thu Hà"]
    assert names(agency="SKHCN-CDS") == ["Lê Thu Hà", "Trần Văn Minh"]
    assert names(q="le thu ha") == ["Lê Thu Hà"]
    assert names(category="vien_chuc") == []
    assert names(requirement=world["requirement"].pk, status="not_started") == [
        "Nguyễn Văn Đức",
        "Trần Văn Minh",
    ]
    assert names(page_size=2, page=2) == ["Trần Văn Minh"]


def test_invalid_filters_are_400_in_vietnamese_and_change_nothing(world, client):
    key = world["key"]
    client.get(REQUIREMENTS, **bearer(key))  # the token's last use, written once a minute
    before = list(ApiToken.objects.values_list("last_used_at", flat=True))
    status = client.get(ASSIGNMENTS, {"status": "tre-han"}, **bearer(key))
    assert status.status_code == 400
    assert status.json() == {"status": ["Không có trạng thái “tre-han”."]}
    category = client.get(ASSIGNMENTS, {"category": "khac"}, **bearer(key))
    assert category.status_code == 400
    assert category.json() == {"category": ["Không có loại cán bộ “khac”."]}
    page = client.get(ASSIGNMENTS, {"page": 9}, **bearer(key))
    assert page.status_code == 404
    assert page.json()["detail"] == "Không có trang 9: các trang từ 1 đến 1."
    assert list(ApiToken.objects.values_list("last_used_at", flat=True)) == before


def test_a_persons_records_and_hours_per_year(world, client):
    response = client.get(records_url("NB-HA"), **bearer(world["key"]))
    assert response.status_code == 200
    body = response.json()
    assert (body["employee_code"], body["full_name"], body["agency_code"]) == (
        "NB-HA",
        "Lê Thu Hà",
        "SKHCN-CDS",
    )
    assert body["records"] == [
        {
            "completed_on": "2025-10-01",
            "title": "Kỹ năng số cho công chức",
            "course_code": None,
            "hours": 4.5,
            "category": "",
            "source": "imported",
            "certificate_number": "",
        },
        {
            "completed_on": "2026-03-05",
            "title": "An toàn thông tin cơ bản",
            "course_code": "ATTT",
            "hours": 8.0,
            "category": "an_toan_thong_tin",
            "source": "imported",
            "certificate_number": "12/GCN-SKHCN",
        },
    ]
    assert body["hours_by_year"] == [{"year": 2025, "hours": 4.5}, {"year": 2026, "hours": 8.0}]


def test_a_person_outside_the_scope_is_404(world, client):
    key = world["key"]
    outside = client.get(records_url("NB-LAN"), **bearer(key))
    unknown = client.get(records_url("KHONG-CO"), **bearer(key))
    assert outside.status_code == unknown.status_code == 404
    assert outside.content == unknown.content


def test_the_api_only_reads(world, client):
    key = world["key"]
    for url in (REQUIREMENTS, ASSIGNMENTS, records_url("NB-HA")):
        assert client.post(url, {}, **bearer(key)).status_code == 405
        assert client.delete(url, **bearer(key)).status_code == 405


# --- Throttling -------------------------------------------------------------------------------


def test_throttling_answers_429_after_the_limit(world, client, settings):
    rates = {"user": "3/min", "anon": "2/min"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        cache.clear()
        answers = [client.get(REQUIREMENTS, **bearer(world["key"])).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        refused = client.get(REQUIREMENTS, **bearer(world["key"]))
        assert int(refused["Retry-After"]) > 0
        assert refused.json()["detail"].startswith("Quá nhiều yêu cầu")
        # Another user has their own allowance; the public schema counts per address.
        other = factories.hr_manager(world["tree"]["STC"], username="hr-stc")
        other_key = api_token_create(user=other, name="STC").key
        assert client.get(REQUIREMENTS, **bearer(other_key)).status_code == 200
        schema = [client.get(SCHEMA).status_code for _ in range(3)]
        assert schema == [200, 200, 429]


# --- Query counts -----------------------------------------------------------------------------


@pytest.fixture
def crowd(world):
    """Many people and requirements in the Sở KH&CN, for lists whose length must not cost queries."""
    tree = world["tree"]
    for _ in range(40):
        factories.staff_member(tree["SKHCN-CDS"])
    services.requirement_sync(world["requirement"], today=date(2026, 3, 10))
    course = factories.course(code="KNS", lessons=1)
    for _ in range(12):
        services.requirement_sync(yearly_security(course), today=date(2026, 3, 10))
    profile = world["people"]["ha"]
    TrainingRecord.objects.bulk_create(
        TrainingRecord(
            profile=profile,
            source=TrainingRecord.Source.IMPORTED,
            title=f"Khóa {n}",
            course=course,
            completed_on=date(2020 + n % 6, 1, 1 + n % 28),
            hours=2,
        )
        for n in range(60)
    )
    return world


@pytest.mark.parametrize(
    ("url", "query", "rows", "most"),
    [
        # token, HR role, last use; count and page (+ the role paths of the scope)
        (REQUIREMENTS, {}, 13, 7),
        (ASSIGNMENTS, {"page_size": 1000}, 13 * 43, 7),
        (ASSIGNMENTS, {"agency": "SKHCN-CDS", "q": "nguyen", "status": "not_started"}, None, 9),
        (records_url("NB-HA"), {}, 62, 6),
    ],
)
def test_lists_read_in_a_bounded_number_of_queries(
    crowd, client, django_assert_max_num_queries, url, query, rows, most
):
    client.get(REQUIREMENTS, **bearer(crowd["key"]))  # the last use, written once a minute
    with django_assert_max_num_queries(most):
        response = client.get(url, query, **bearer(crowd["key"]))
    assert response.status_code == 200
    body = response.json()
    if rows is not None:
        found = len(body["records"]) if "records" in body else body["count"]
        assert found == rows


def test_figures_read_in_a_bounded_number_of_queries(crowd, client, django_assert_max_num_queries):
    requirement = crowd["requirement"]
    client.get(REQUIREMENTS, **bearer(crowd["key"]))
    for query in (
        {"requirement": requirement.pk},
        {"requirement": requirement.pk, "agency": "SKHCN"},
    ):
        with django_assert_max_num_queries(10):
            response = client.get(COMPLIANCE, query, **bearer(crowd["key"]))
        assert response.status_code == 200
    assert response.json()["total"]["total"] == 43


# --- The schema ----------------------------------------------------------------------------------

ENDPOINTS = {
    "/api/v1/requirements/": "#/components/schemas/PaginatedRequirementList",
    "/api/v1/compliance/": "#/components/schemas/Compliance",
    "/api/v1/assignments/": "#/components/schemas/PaginatedAssignmentRowList",
    "/api/v1/people/{employee_code}/records/": "#/components/schemas/PersonRecords",
}


def component(schema: dict, ref: str) -> dict:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def test_the_generated_schema_is_valid_openapi_and_names_every_field():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on anything that is not OpenAPI 3
    assert schema["info"]["title"] == "HọcSố — API tuân thủ đào tạo"
    assert set(schema["paths"]) == set(ENDPOINTS)
    for path, ref in ENDPOINTS.items():
        operation = schema["paths"][path]["get"]
        assert set(schema["paths"][path]) <= {"get", "parameters"}, path
        assert operation["security"] == [{"bearerToken": []}]
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": ref}
        assert {"401", "429"} <= set(operation["responses"]), path
    rows = component(schema, "AssignmentRow")["properties"]
    assert {"employee_code", "full_name", "agency_code", "requirement_id", "status"} <= set(rows)
    assert {"due_on", "extended_due_on", "completed_on", "expires_on", "hours_done"} <= set(rows)
    figures = component(schema, "Figures")["properties"]
    assert {"not_started", "overdue", "total", "counted", "completed", "late", "rate"} <= set(
        figures
    )
    compliance = component(schema, "Compliance")["properties"]
    assert set(compliance) == {"requirement", "agency", "total", "agencies"}
    assert set(component(schema, "Requirement")["properties"]) == {
        "id",
        "title",
        "active",
        "satisfaction",
        "due_rule",
        "due_date",
        "due_days",
        "recurrence",
        "recurrence_months",
    }
    person = component(schema, "PersonRecords")["properties"]
    assert {"employee_code", "records", "hours_by_year"} <= set(person)
    record = component(schema, "TrainingRecord")["properties"]
    assert {"completed_on", "title", "course_code", "hours", "source"} <= set(record)
    parameters = {p["name"] for p in schema["paths"]["/api/v1/assignments/"]["get"]["parameters"]}
    assert {"requirement", "agency", "status", "category", "q", "page", "page_size"} <= parameters


def test_the_schema_is_served_publicly_as_yaml_or_json(client):
    response = client.get(SCHEMA)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    as_yaml = yaml.safe_load(response.content)
    assert set(as_yaml["paths"]) == set(ENDPOINTS)
    response = client.get(SCHEMA, {"format": "json"})
    assert response.status_code == 200
    as_json = response.json()
    validate_schema(as_json)
    assert set(as_json["paths"]) == set(ENDPOINTS)


def test_the_schema_command_validates_without_a_warning(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert set(yaml.safe_load(out.read_text(encoding="utf-8"))["paths"]) == set(ENDPOINTS)


# --- The token page --------------------------------------------------------------------------


def test_the_token_page_shows_a_new_token_once_then_only_its_prefix(world, client):
    client.force_login(world["hr"])
    response = client.post(TOKENS, {"name": "Cổng báo cáo"})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Cổng báo cáo")
    page = response.content.decode()
    key = response.context["new_key"]
    assert key in page and key.startswith(token.prefix)
    assert "chỉ hiện một lần" in page
    assert client.get(REQUIREMENTS, **bearer(key)).status_code == 200
    listing = client.get(TOKENS).content.decode()
    assert "Cổng báo cáo" in listing and f"{token.prefix}…" in listing
    assert key not in listing


def test_a_token_needs_a_name(world, client):
    client.force_login(world["hr"])
    response = client.post(TOKENS, {"name": "   "})
    assert response.status_code == 200
    assert response.context["new_key"] is None
    assert ApiToken.objects.filter(user=world["hr"]).count() == 1


def test_revoking_asks_first_then_refuses_the_token(world, client):
    client.force_login(world["hr"])
    token = ApiToken.objects.get(user=world["hr"])
    url = reverse("api_tokens:revoke", args=[token.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Đồng ý thu hồi" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == TOKENS
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(REQUIREMENTS, **bearer(world["key"])).status_code == 401
    assert client.post(url).status_code == 404  # already revoked


def test_another_users_token_is_404(world, client):
    token = ApiToken.objects.get(user=world["hr"])
    other = factories.hr_manager(world["tree"]["STC"], username="hr-stc")
    client.force_login(other)
    url = reverse("api_tokens:revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert world["key"][:8] not in client.get(TOKENS).content.decode()

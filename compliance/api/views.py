"""The API's endpoints: read-only, each scoped to the token's user exactly as the web report is.

Interfaces only: they parse the query, call the selectors the HR pages use (`compliance.figures`,
`compliance.listing`, `.selectors`) and shape the answer.
"""

import math

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.models import Agency, AgencyRole
from agencies.selectors import agency_in_scope

from ..figures import compliance_tree
from ..listing import assignment_rows, assignments_in_scope
from .selectors import people_in_scope, person_records, requirements_in_scope
from .serializers import (
    AssignmentQuerySerializer,
    AssignmentRowSerializer,
    ComplianceQuerySerializer,
    ComplianceSerializer,
    PersonRecordsSerializer,
    RequirementSerializer,
)

REFUSED = {
    401: OpenApiResponse(description=gettext_lazy("No token, a wrong one, or a revoked one.")),
    429: OpenApiResponse(
        description=gettext_lazy("Too many requests this minute; see the Retry-After header.")
    ),
}
NOT_FOUND = {
    404: OpenApiResponse(description=gettext_lazy("Does not exist, or lies outside your scope."))
}
BAD_QUERY = {
    400: OpenApiResponse(
        description=gettext_lazy("A parameter is not valid; the answer says which.")
    )
}


class ReadOnlyApi:
    """What every endpoint shares: GET only, and refusals in the user's language."""

    http_method_names = ["get", "head", "options"]

    def permission_denied(self, request, message=None, code=None):
        # DRF's own words for a missing token are not in its Vietnamese catalogue.
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(
                _("No API token sent: add the header Authorization: Bearer <token>.")
            )
        super().permission_denied(request, message=message, code=code)

    def throttled(self, request, wait):
        # DRF appends an English "Expected available in N seconds" that no catalogue translates.
        seconds = math.ceil(wait) if wait is not None else 60
        error = exceptions.Throttled(
            detail=_("Too many requests: try again in %(seconds)d seconds.") % {"seconds": seconds}
        )
        error.wait = seconds  # the Retry-After header
        raise error


def _query(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _agency_in_scope(*, user, code: str) -> Agency:
    """The agency with `code` if it lies in the user's HR scope; else 404, the same answer for an
    agency that does not exist and one outside the scope."""
    agency = Agency.objects.filter(code=code).first()
    if agency is None or not agency_in_scope(
        user=user, agency=agency, roles=[AgencyRole.Role.HR_MANAGER]
    ):
        raise exceptions.NotFound()
    return agency


@extend_schema(tags=["requirements"], responses={200: RequirementSerializer} | REFUSED)
class RequirementList(ReadOnlyApi, generics.ListAPIView):
    """Requirements with people in your scope: id, title, what satisfies them, due rule,
    recurrence."""

    serializer_class = RequirementSerializer

    def get_queryset(self):
        return requirements_in_scope(user=self.request.user)


class ComplianceFigures(ReadOnlyApi, APIView):
    @extend_schema(
        tags=["compliance"],
        parameters=[ComplianceQuerySerializer],
        responses={200: ComplianceSerializer} | BAD_QUERY | REFUSED | NOT_FOUND,
    )
    def get(self, request):
        """Figures of one requirement per agency, rolled up the tree, within your scope: the
        numbers of the HR report."""
        query = _query(ComplianceQuerySerializer, request)
        requirement = get_object_or_404(
            requirements_in_scope(user=request.user), pk=query["requirement"]
        )
        tree = compliance_tree(user=request.user, requirement_ids=[requirement.pk])
        agency_id = None
        if "agency" in query:
            agency_id = tree_agency_id(tree, code=query["agency"])
        rows = tree.rows(agency_id)
        answer = {
            "requirement": {"id": requirement.pk, "title": requirement.title},
            "agency": (
                {"code": tree.nodes[agency_id].code, "name": tree.nodes[agency_id].name}
                if agency_id is not None
                else None
            ),
            "total": tree.total(requirement.pk),
            "agencies": [
                {
                    "agency": row.agency,
                    "has_children": row.has_children,
                    "figures": row.figures[requirement.pk],
                }
                for row in rows
            ],
        }
        return Response(ComplianceSerializer(answer).data)


def tree_agency_id(tree, *, code: str) -> int:
    """The id of the agency with `code` among those the tree shows the user; else 404, the same
    answer for an agency that does not exist and one outside the user's scope."""
    visible = set(tree.roots).union(*tree.children.values())
    for agency_id in visible:
        if tree.nodes[agency_id].code == code:
            return agency_id
    raise exceptions.NotFound()


@extend_schema(
    tags=["assignments"],
    parameters=[AssignmentQuerySerializer],
    responses={200: AssignmentRowSerializer(many=True)} | BAD_QUERY | REFUSED | NOT_FOUND,
)
class AssignmentList(ReadOnlyApi, generics.ListAPIView):
    """People under requirements in your scope, one row per person and requirement, in
    requirement then name order."""

    serializer_class = AssignmentRowSerializer

    def get_queryset(self):
        query = _query(AssignmentQuerySerializer, self.request)
        agency = None
        if "agency" in query:
            agency = _agency_in_scope(user=self.request.user, code=query["agency"])
        return assignments_in_scope(
            user=self.request.user,
            requirement_ids=[query["requirement"]] if "requirement" in query else None,
            agency=agency,
            statuses=[query["status"]] if "status" in query else None,
            category=query.get("category", ""),
            search=query.get("q", ""),
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = list(assignment_rows(page))
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class PersonRecords(ReadOnlyApi, APIView):
    @extend_schema(tags=["people"], responses={200: PersonRecordsSerializer} | REFUSED | NOT_FOUND)
    def get(self, request, employee_code: str):
        """A person's training records (platform and imported) and their training periods per
        year: the figure reported upward."""
        profile = get_object_or_404(
            people_in_scope(user=request.user).select_related("agency"),
            employee_code=employee_code,
        )
        return Response(PersonRecordsSerializer(person_records(profile=profile)).data)


class Schema(ReadOnlyApi, SpectacularAPIView):
    """The OpenAPI schema, public so a reporting system's developers can read it before they hold
    a token; YAML, or JSON with ?format=json."""

    authentication_classes = []
    permission_classes = [AllowAny]

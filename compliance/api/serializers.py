"""The API's shapes: what it accepts as filters and what each answer names. drf-spectacular reads
these to write the schema, so every field carries its help text."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.models import LearnerProfile
from courses.models import CoursePage

from ..figures import Figures
from ..models import Requirement, Status, TrainingRecord

# Larger ids than a bigint holds would reach the database as an error, not a "not found".
MAX_ID = 2**63 - 1


class RequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Requirement
        fields = [
            "id",
            "title",
            "active",
            "satisfaction",
            "due_rule",
            "due_date",
            "due_days",
            "recurrence",
            "recurrence_months",
        ]


class FiguresSerializer(serializers.Serializer):
    """How many people of an agency subtree are in each status, and the rate the report shows."""

    not_started = serializers.IntegerField(help_text=_("People who have not started."))
    in_progress = serializers.IntegerField(help_text=_("People studying."))
    completed = serializers.IntegerField(help_text=_("People who completed the requirement."))
    due_soon = serializers.IntegerField(help_text=_("People whose due date is near."))
    overdue = serializers.IntegerField(help_text=_("People past their first due date."))
    expired = serializers.IntegerField(help_text=_("People whose completion has expired."))
    exempt = serializers.IntegerField(help_text=_("People exempted by HR."))
    total = serializers.IntegerField(help_text=_("Everyone assigned."))
    counted = serializers.IntegerField(help_text=_("Everyone the rate counts: all but the exempt."))
    late = serializers.IntegerField(help_text=_("Overdue plus expired."))
    rate = serializers.FloatField(
        allow_null=True,
        help_text=_("Completed over counted, in percent to one decimal; null when nobody counts."),
    )

    def to_representation(self, instance: Figures):
        return {
            **{status: instance[status] for status in Status.values},
            "total": instance.total,
            "counted": instance.counted,
            "late": instance.late,
            "rate": instance.rate,
        }


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The agency's code."))
    name = serializers.CharField(help_text=_("The agency's name."))


class AgencyFiguresSerializer(serializers.Serializer):
    code = serializers.CharField(source="agency.code", help_text=_("The agency's code."))
    name = serializers.CharField(source="agency.name", help_text=_("The agency's name."))
    has_children = serializers.BooleanField(
        help_text=_("Whether agencies below it can be read with ?agency=<code>.")
    )
    figures = FiguresSerializer(help_text=_("The figures of the agency and every agency below it."))


class RequirementRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ComplianceQuerySerializer(serializers.Serializer):
    requirement = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The requirement's id (from /api/v1/requirements/)."),
        error_messages={
            "required": _("Choose a requirement: ?requirement=<id>."),
            "invalid": _("The requirement must be a number (its id)."),
            "min_value": _("The requirement must be a number (its id)."),
            "max_value": _("The requirement must be a number (its id)."),
        },
    )
    agency = serializers.CharField(
        required=False,
        max_length=64,
        help_text=_(
            "An agency's code: its figures and those of the agencies directly below it. "
            "Without it, the top agencies of your scope."
        ),
    )


class ComplianceSerializer(serializers.Serializer):
    requirement = RequirementRefSerializer()
    agency = AgencyRefSerializer(
        allow_null=True, help_text=_("The agency asked for with ?agency=, or null.")
    )
    total = FiguresSerializer(help_text=_("Everyone in your scope."))
    agencies = AgencyFiguresSerializer(
        many=True,
        help_text=_(
            "Without ?agency=: the top agencies of your scope. With it: that agency first, "
            "then the agencies directly below it."
        ),
    )


class AssignmentQuerySerializer(serializers.Serializer):
    requirement = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Only this requirement (its id)."),
        error_messages={
            "invalid": _("The requirement must be a number (its id)."),
            "min_value": _("The requirement must be a number (its id)."),
            "max_value": _("The requirement must be a number (its id)."),
        },
    )
    agency = serializers.CharField(
        required=False, max_length=64, help_text=_("Only this agency and those below it (code).")
    )
    status = serializers.ChoiceField(
        choices=Status.choices,
        required=False,
        help_text=_("Only this status."),
        error_messages={"invalid_choice": _("Unknown status “{input}”.")},
    )
    category = serializers.ChoiceField(
        choices=LearnerProfile.Category.choices,
        required=False,
        help_text=_("Only this staff category."),
        error_messages={"invalid_choice": _("Unknown staff category “{input}”.")},
    )
    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text=_("A name or an employee code, with or without diacritics."),
    )


class AssignmentRowSerializer(serializers.Serializer):
    """One person under one requirement (`compliance.listing.AssignmentRow`)."""

    employee_code = serializers.CharField()
    full_name = serializers.CharField()
    category = serializers.ChoiceField(choices=LearnerProfile.Category.choices)
    agency_code = serializers.CharField()
    agency_name = serializers.CharField()
    requirement_id = serializers.IntegerField()
    requirement_title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    cycle = serializers.IntegerField(
        help_text=_("1 for the first time, then one more per renewal.")
    )
    due_on = serializers.DateField()
    extended_due_on = serializers.DateField(
        allow_null=True, help_text=_("The due date HR extended this cycle to, if any.")
    )
    completed_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    hours_done = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        coerce_to_string=False,
        help_text=_("Training periods (tiết) counted in this cycle."),
    )


class TrainingRecordSerializer(serializers.ModelSerializer):
    course_code = serializers.CharField(
        source="course.code",
        allow_null=True,
        default=None,
        help_text=_("The platform course's code; null for external training."),
    )
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)
    category = serializers.ChoiceField(choices=CoursePage.Category.choices, allow_blank=True)

    class Meta:
        model = TrainingRecord
        fields = [
            "completed_on",
            "title",
            "course_code",
            "hours",
            "category",
            "source",
            "certificate_number",
        ]


class YearHoursSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    hours = serializers.DecimalField(
        max_digits=8,
        decimal_places=1,
        coerce_to_string=False,
        help_text=_("Training periods (tiết) completed in the year."),
    )


class PersonRecordsSerializer(serializers.Serializer):
    employee_code = serializers.CharField(source="profile.employee_code")
    full_name = serializers.CharField(source="profile.full_name")
    agency_code = serializers.CharField(source="profile.agency.code")
    agency_name = serializers.CharField(source="profile.agency.name")
    records = TrainingRecordSerializer(many=True)
    hours_by_year = YearHoursSerializer(many=True)

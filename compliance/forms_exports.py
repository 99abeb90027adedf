"""The forms that ask for an export file or a scheduled report. Their cleaned filters are ids,
codes and texts, stored on the job as JSON and read again (with the scope of the day) when it runs.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import LearnerProfile
from agencies.selectors import agencies_in_scope

from .forms import ComplianceFilterForm
from .models import ExportFormat, ReportSubscription, Requirement, Status
from .selectors import ReportView


def _format_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=ExportFormat.choices,
        initial=ExportFormat.XLSX,
        label=_("File format"),
        error_messages={"required": _("Choose the file format.")},
    )


class AssignmentExportForm(forms.Form):
    """The people-under-requirements file: which requirements, agency subtree, statuses, staff
    category and name. Choices are the user's own (agencies in their scope), read as ids: an id
    that is not one of them is an invalid choice, never a database lookup."""

    requirement = forms.MultipleChoiceField(
        choices=(),
        required=False,
        label=_("Requirements (none chosen: all)"),
        widget=forms.CheckboxSelectMultiple,
    )
    agency = forms.TypedChoiceField(
        coerce=int, choices=(), required=False, empty_value=None, label=_("Agency")
    )
    status = forms.MultipleChoiceField(
        choices=Status.choices,
        required=False,
        label=_("Statuses (none chosen: all)"),
        widget=forms.CheckboxSelectMultiple,
    )
    category = forms.ChoiceField(
        choices=[("", _("All categories")), *LearnerProfile.Category.choices],
        required=False,
        label=_("Staff category"),
    )
    q = forms.CharField(required=False, label=_("Name or employee code"), max_length=100)
    format = _format_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [
            (str(pk), title) for pk, title in Requirement.objects.values_list("pk", "title")
        ]
        self.fields["agency"].choices = [("", _("All my agencies"))] + [
            (str(agency.pk), "\u2003" * (agency.depth - 1) + agency.name)
            for agency in agencies_in_scope(user=user).order_by("path").only("name", "depth")
        ]

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "requirements": sorted(int(pk) for pk in data["requirement"]),
            "agency": data["agency"],
            "statuses": sorted(data["status"]),
            "category": data["category"],
            "search": data["q"].strip(),
        }


class SubscriptionForm(AssignmentExportForm):
    frequency = forms.ChoiceField(
        choices=ReportSubscription.Frequency.choices,
        label=_("How often"),
        error_messages={"required": _("Choose how often the report is sent.")},
    )
    field_order = ["frequency", "format"]


class CourseReportExportForm(ComplianceFilterForm):
    """The HR report's own filters (the page's form, sent again), and the file format."""

    format = _format_field()

    def export_filters(self) -> dict:
        data = self.cleaned_data
        return {
            "as_of": data["as_of"].isoformat() if data.get("as_of") else None,
            "rolled_up": data.get("view") == ReportView.ROLLED_UP,
            "agency": data.get("agency"),
            "course": data["course"].pk if data.get("course") else None,
            "search": data.get("q", "").strip(),
        }

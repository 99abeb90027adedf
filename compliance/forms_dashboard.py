"""The filters of the HR dashboard, its reports and lists.

Every choice is a plain id checked against a list the user may see, so a tampered or too long
id is an invalid choice (a message on the page), never a database error. An agency the user
may not see is answered by the view with 404, as the HR report does.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.models import LearnerProfile

from .figures import AgencyNode
from .models import Status

DATE_FORMAT = "%d/%m/%Y"
DATE_ERROR = _("Write the date as dd/mm/yyyy, for example 28/02/2025.")


class CommaMultipleChoiceField(forms.TypedMultipleChoiceField):
    """Several values, repeated (`?status=a&status=b`) or joined by commas (`?status=a,b`)."""

    def to_python(self, value):
        values = super().to_python(value)
        return [part.strip() for item in values for part in item.split(",") if part.strip()]


def _date_field(label):
    return forms.DateField(
        required=False,
        label=label,
        input_formats=[DATE_FORMAT],
        error_messages={"invalid": DATE_ERROR},
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy"}),
    )


class ScopeFilterForm(forms.Form):
    """The agency subtree, chosen among the agencies the user may see."""

    agency = forms.TypedChoiceField(
        coerce=int, choices=(), required=False, empty_value=None, label=_("Agency")
    )

    def __init__(self, *args, agencies: list[AgencyNode], requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        top = min((node.depth for node in agencies), default=1)
        self.fields["agency"].choices = [("", _("All my agencies"))] + [
            (str(node.id), "\u2003" * (node.depth - top) + node.name) for node in agencies
        ]
        if "requirement" in self.fields:
            self.fields["requirement"].choices = [
                (str(requirement.pk), requirement.title) for requirement in requirements
            ]

    def agency_out_of_scope(self) -> bool:
        """Whether the agency asked is a number the user may not see (the view's 404)."""
        raw = self.data.get("agency", "") if self.is_bound else ""
        return "agency" in self.errors and raw.isdigit()

    def value(self, name: str, default=None):
        """A field's cleaned value; `default` when the form is unbound or the field is bad."""
        if not self.is_bound or not self.is_valid() and name in self.errors:
            return default
        return self.cleaned_data.get(name, default)


class ReportFilterForm(ScopeFilterForm):
    """The agency × requirement report: the level, the columns and a staff category."""

    requirement = CommaMultipleChoiceField(
        coerce=int, choices=(), required=False, label=_("Requirements")
    )
    category = forms.ChoiceField(
        choices=[("", _("All categories")), *LearnerProfile.Category.choices],
        required=False,
        label=_("Staff category"),
    )


class PeopleFilterForm(ScopeFilterForm):
    """The people list: who, under which requirement, in which status."""

    requirement = forms.TypedChoiceField(
        coerce=int, choices=(), required=False, empty_value=None, label=_("Requirement")
    )
    status = CommaMultipleChoiceField(
        choices=Status.choices,
        required=False,
        label=_("Status"),
        widget=forms.CheckboxSelectMultiple,
    )
    category = ReportFilterForm.base_fields["category"]
    q = forms.CharField(required=False, max_length=100, label=_("Name or employee code"))

    def __init__(self, *args, requirements=(), **kwargs):
        super().__init__(*args, requirements=requirements, **kwargs)
        self.fields["requirement"].choices = [("", _("All requirements"))] + self.fields[
            "requirement"
        ].choices


class CertificateFilterForm(ScopeFilterForm):
    """Certificates issued in a period (the completion date), dd/mm/yyyy."""

    issued_from = _date_field(_("Issued from (dd/mm/yyyy)"))
    issued_to = _date_field(_("Issued until (dd/mm/yyyy)"))
    q = forms.CharField(required=False, max_length=100, label=_("Name or employee code"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("issued_from"), cleaned.get("issued_to")
        if start and end and start > end:
            raise ValidationError(_("The start of the period must not be after its end."))
        return cleaned

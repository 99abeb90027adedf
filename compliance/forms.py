from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage

from .selectors import ReportView, report_agencies


class IdChoiceField(forms.ModelChoiceField):
    """A choice by id; a number too long to be an id is an invalid choice, not an OverflowError."""

    def to_python(self, value):
        if value not in self.empty_values and len(str(value)) > 18:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ComplianceFilterForm(forms.Form):
    """The HR report's filters. The agency choices depend on the date and the view asked, so
    those two are read first; an agency outside them is an invalid choice (the view's 404)."""

    as_of = forms.DateField(
        required=False,
        label=_("As of (dd/mm/yyyy)"),
        input_formats=["%d/%m/%Y"],
        error_messages={"invalid": _("Write the date as dd/mm/yyyy, for example 28/02/2025.")},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    view = forms.ChoiceField(choices=ReportView.choices, required=False, label=_("Count people in"))
    agency = forms.TypedChoiceField(
        coerce=int, choices=(), required=False, empty_value=None, label=_("Agency")
    )
    course = IdChoiceField(
        queryset=CoursePage.objects.live().order_by("path"),
        required=False,
        label=_("Course"),
        empty_label=_("All courses"),
    )
    q = forms.CharField(required=False, label=_("Name or employee code"), max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        on = self._field_value("as_of") or timezone.localdate()
        rolled_up = self._field_value("view") == ReportView.ROLLED_UP
        self.agencies = report_agencies(user=user, on=on, rolled_up=rolled_up)
        self.fields["agency"].choices = [("", _("All my agencies"))] + [
            (str(node.id), "\u2003" * (node.depth - 1) + node.name)
            for node in self.agencies.choices
        ]
        if not self.is_bound:
            self.initial.setdefault("as_of", on)

    def _field_value(self, name: str):
        """One field's cleaned value before the whole form is cleaned; None when bad or blank."""
        if not self.is_bound:
            return None
        field = self.fields[name]
        try:
            return field.clean(field.widget.value_from_datadict(self.data, self.files, name))
        except ValidationError:
            return None

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        course = data.get("course")
        return {
            "agency": data.get("agency"),
            "courses": [course] if course else list(self.fields["course"].queryset),
            "q": data.get("q", "").strip(),
            "agencies": self.agencies,
        }

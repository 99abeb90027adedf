from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage

from .selectors import agencies_in_scope


class IdChoiceField(forms.ModelChoiceField):
    """A choice by id; a number too long to be an id is an invalid choice, not an OverflowError."""

    def to_python(self, value):
        if value not in self.empty_values and len(str(value)) > 18:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ComplianceFilterForm(forms.Form):
    agency = IdChoiceField(
        queryset=None, required=False, label=_("Agency"), empty_label=_("All my agencies")
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
        self.fields["agency"].queryset = agencies_in_scope(user=user).order_by("path")
        self.fields["agency"].label_from_instance = lambda agency: (
            "\u2003" * (agency.depth - 1) + agency.name
        )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        course = data.get("course")
        return {
            "agency": data.get("agency"),
            "courses": [course] if course else list(self.fields["course"].queryset),
            "q": data.get("q", "").strip(),
        }

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage

from .selectors import agencies_in_scope


class ComplianceFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Agency"), empty_label=_("All my agencies")
    )
    course = forms.ModelChoiceField(
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

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from agencies.selectors import agencies_in_scope
from courses.models import CoursePage


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


ANSWER_PREFIX = "q-"
# What the quiz form sends besides answers: the CSRF token and the "submit anyway" button.
_QUIZ_FORM_FIELDS = {"csrfmiddlewaretoken", "confirm"}
_FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def quiz_submission_parse(request: HttpRequest) -> tuple[dict[str, list[str]], bool]:
    """The answers the quiz form posted, and whether the learner confirmed unanswered questions.

    Anything the form cannot send (a JSON body, a file, other fields) is refused, so it is never
    graded as a blank submission.
    """
    if request.content_type not in _FORM_CONTENT_TYPES or request.FILES:
        raise ValidationError(_("The answers were not sent from the quiz form."))
    if any(
        not key.startswith(ANSWER_PREFIX) and key not in _QUIZ_FORM_FIELDS for key in request.POST
    ):
        raise ValidationError(_("The submission contains fields the quiz form does not have."))
    answers = {
        key.removeprefix(ANSWER_PREFIX): request.POST.getlist(key)
        for key in request.POST
        if key.startswith(ANSWER_PREFIX)
    }
    return answers, request.POST.get("confirm") == "1"

"""HR's compliance screens for one person: their requirements and compliance history, and the
extension and exemption forms (each with a confirmation step).

Thin: the writes are `services.assignment_extend` / `assignment_exempt`, which check the scope
again, lock the requirement and keep the event with its reason. Every view asks `user_is_hr`
first; a person or an assignment outside the user's agencies is not found.
"""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from agencies.models import LearnerProfile
from agencies.selectors import agencies_in_scope, user_is_hr

from . import services
from .models import Assignment, ComplianceEvent, Status

EVENTS_PER_PAGE = 50
DATE_FORMAT = "%d/%m/%Y"  # Vietnamese order, as on paper forms


def _hr_only(request) -> None:
    if not user_is_hr(user=request.user):
        raise PermissionDenied


def _people_in_scope(user):
    """Staff records of the agencies `user` is HR of (the services' scope for these changes)."""
    if user.is_superuser:
        return LearnerProfile.objects.all()
    return LearnerProfile.objects.filter(agency__in=agencies_in_scope(user=user))


def _assignment_in_scope(request, pk: int) -> Assignment:
    """The assignment named in the URL if its person is in the user's agencies; 404 otherwise
    (out of scope and non-existent look the same)."""
    assignment = (
        Assignment.objects.select_related("requirement", "profile__agency")
        .filter(pk=pk, profile__in=_people_in_scope(request.user))
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


# --- Reading the audit log --------------------------------------------------------------------

_SNAPSHOT_LABELS = {
    "status": _("status"),
    "cycle": _("cycle"),
    "due_on": _("due on"),
    "extended_due_on": _("extended to"),
    "exempt": _("exempt"),
}


def _shown(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if name == "status" and value in Status.values:
        return str(Status(value).label)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value).strftime(DATE_FORMAT)
        except ValueError:
            return value
    return str(value)


def event_changes(event: ComplianceEvent) -> list[tuple[str, str, str]]:
    """What an event changed: (label, before, after) for each value that differs."""
    before, after = event.before or {}, event.after or {}
    changes = []
    for name in dict.fromkeys([*before, *after]):
        if before.get(name) != after.get(name):
            label = str(_SNAPSHOT_LABELS.get(name, name.replace("_", " ")))
            changes.append((label, _shown(name, before.get(name)), _shown(name, after.get(name))))
    return changes


@login_required
@require_safe
def person_compliance(request, pk: int):
    """One person's requirements (status and dates) and their compliance history."""
    _hr_only(request)
    profile = _people_in_scope(request.user).select_related("agency").filter(pk=pk).first()
    if profile is None:
        raise Http404
    assignments = (
        Assignment.objects.filter(profile=profile)
        .select_related("requirement")
        .order_by("-active", "requirement__title", "pk")
    )
    events = Paginator(
        ComplianceEvent.objects.filter(profile=profile).select_related("by", "requirement"),
        EVENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    events.object_list = list(events.object_list)
    for event in events.object_list:
        event.changes = event_changes(event)
    return render(
        request,
        "compliance/hr_person.html",
        {"profile": profile, "assignments": assignments, "events": events},
    )


# --- Extension and exemption ------------------------------------------------------------------


class ReasonField(forms.CharField):
    """A reason as the audit log keeps it: required, bounded, no NUL byte (PostgreSQL refuses
    them in text), with the messages in our catalogue."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Reason"),
            max_length=services.REASON_MAX,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Kept in the person's compliance history with your name."),
            error_messages={
                "required": _("Give the reason for this change: it is kept in the history.")
            },
            **kwargs,
        )
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.validators.append(
            ProhibitNullCharactersValidator(
                message=_("The reason contains a character that is not allowed.")
            )
        )

    def clean(self, value):
        value = super().clean(value)
        if not " ".join(value.split()):
            raise ValidationError(self.error_messages["required"], code="required")
        return value


class _DescribedForm(forms.Form):
    """Points each input at its help text and its errors (aria-describedby), so a screen reader
    reads them with the field (WCAG 2.1: 1.3.1, 3.3.1)."""

    def describe(self) -> "_DescribedForm":
        for bound in self.visible_fields():
            ids = []
            if bound.help_text:
                ids.append(f"{bound.auto_id}-help")
            if bound.errors:
                ids.append(f"{bound.auto_id}-error")
                bound.field.widget.attrs["aria-invalid"] = "true"
            if ids:
                bound.field.widget.attrs["aria-describedby"] = " ".join(ids)
        return self


class ExtensionForm(_DescribedForm):
    due_on = forms.DateField(
        label=_("New due date"),
        input_formats=[DATE_FORMAT],
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "dd/mm/yyyy"}
        ),
        help_text=_("As dd/mm/yyyy, e.g. 31/12/2026."),
        error_messages={
            "required": _("Give the new due date."),
            "invalid": _("Write the date as dd/mm/yyyy, e.g. 31/12/2026."),
        },
    )
    reason = ReasonField()
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, assignment: Assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        refusal = services.assignment_extend_refusal(assignment=self.assignment, due_on=due_on)
        if refusal:
            raise ValidationError(refusal)
        return due_on


class ExemptionForm(_DescribedForm):
    # What the person asked for, carried through the confirmation: a second submit of "exempt"
    # must not lift the exemption the first one granted.
    exempt = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This form is out of date: open it again from the person's page."),
            "invalid_choice": _("This form is out of date: open it again from the person's page."),
        },
    )
    reason = ReasonField()
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


def _refusal_shown(form, error) -> None:
    """A service's refusal (scope, state, a repeated submit) shown as the form's error."""
    for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
        form.add_error(None, message)


def _render_change(
    request, template: str, assignment: Assignment, form, *, confirming: bool, **extra
):
    return render(
        request,
        template,
        {
            "assignment": assignment,
            "profile": assignment.profile,
            "requirement": assignment.requirement,
            "form": form.describe(),
            "confirming": confirming,
            **extra,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignment_extend(request, pk: int):
    """Give one person a later due date for the cycle they are in: form, confirmation, change."""
    _hr_only(request)
    assignment = _assignment_in_scope(request, pk)
    template = "compliance/hr_assignment_extend.html"
    if request.method != "POST":
        form = ExtensionForm(assignment=assignment)
        return _render_change(request, template, assignment, form, confirming=False)
    form = ExtensionForm(request.POST, assignment=assignment)
    if not form.is_valid():
        return _render_change(request, template, assignment, form, confirming=False)
    if not form.cleaned_data["confirmed"]:
        return _render_change(request, template, assignment, form, confirming=True)
    data = form.cleaned_data
    try:
        services.assignment_extend(
            by=request.user, assignment=assignment, due_on=data["due_on"], reason=data["reason"]
        )
    except (ValidationError, PermissionDenied) as error:
        _refusal_shown(form, error)
        return _render_change(request, template, assignment, form, confirming=False)
    messages.success(
        request,
        gettext("%(person)s has until %(date)s for “%(requirement)s”.")
        % {
            "person": assignment.profile.full_name,
            "date": data["due_on"].strftime(DATE_FORMAT),
            "requirement": assignment.requirement.title,
        },
    )
    return redirect("compliance_hr:person", pk=assignment.profile_id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignment_exempt(request, pk: int):
    """Exempt one person from a requirement, or lift the exemption: form, confirmation, change."""
    _hr_only(request)
    assignment = _assignment_in_scope(request, pk)
    template = "compliance/hr_assignment_exempt.html"
    if request.method != "POST":
        form = ExemptionForm(initial={"exempt": "0" if assignment.exempt else "1"})
        return _render_change(
            request, template, assignment, form, confirming=False, exempting=not assignment.exempt
        )
    form = ExemptionForm(request.POST)
    # The page speaks of what the person asked for; a value that is neither is refused below.
    exempting = request.POST.get("exempt", "1" if not assignment.exempt else "0") == "1"
    if not form.is_valid():
        return _render_change(
            request, template, assignment, form, confirming=False, exempting=exempting
        )
    if not form.cleaned_data["confirmed"]:
        return _render_change(
            request, template, assignment, form, confirming=True, exempting=exempting
        )
    exempt = form.cleaned_data["exempt"]
    try:
        services.assignment_exempt(
            by=request.user,
            assignment=assignment,
            exempt=exempt,
            reason=form.cleaned_data["reason"],
        )
    except (ValidationError, PermissionDenied) as error:
        _refusal_shown(form, error)
        return _render_change(
            request, template, assignment, form, confirming=False, exempting=exempt
        )
    names = {"person": assignment.profile.full_name, "requirement": assignment.requirement.title}
    if exempt:
        message = gettext("%(person)s is exempt from “%(requirement)s”.") % names
    else:
        message = gettext("%(person)s is no longer exempt from “%(requirement)s”.") % names
    messages.success(request, message)
    return redirect("compliance_hr:person", pk=assignment.profile_id)

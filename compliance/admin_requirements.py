"""The Wagtail admin screens where province and agency HR define training requirements.

Every view is scoped: HR managers see and change the requirements over their own agencies (an
agency and everything below it); a province-wide requirement (no agency) belongs to superusers
and to HR of the province's root agency. The Django permissions on `Requirement` (given to the
HR group by migration 0003) say *whether* someone may define requirements at all; the HR role's
agencies say *which*. Saving queues the assignment of the requirement to its audience after the
commit (`tasks.requirement_sync_task`); simple-history keeps each version with who and why.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from agencies.models import Agency, AgencyRole, LearnerProfile
from agencies.selectors import agencies_in_scope
from agencies.services import HISTORY_REASON_MAX, history_reason
from courses.models import CoursePage

from . import rules, services
from .models import Assignment, Requirement
from .tasks import requirement_sync_task

HR_ROLES = (AgencyRole.Role.HR_MANAGER,)
ACTIONS = frozenset({"add", "change", "delete", "view"})
# More named people than this belong in an audience rule (an agency, a category, a title).
PEOPLE_MAX = 2000
LINE_MAX = 150  # the staff record's title and job position columns


def _hr_paths(user) -> tuple[str, ...]:
    """Tree paths of the agencies `user` is HR of, read once per request (cached on the user
    object, which lives as long as the request)."""
    paths = getattr(user, "_hocso_hr_paths", None)
    if paths is None:
        paths = tuple(
            AgencyRole.objects.filter(user=user, role__in=HR_ROLES).values_list(
                "agency__path", flat=True
            )
        )
        user._hocso_hr_paths = paths
    return paths


def province_wide(user) -> bool:
    """Whether `user` may define requirements for the whole province: superusers, and HR of a
    root agency (the province's people's committee)."""
    if not user.is_active:
        return False
    return user.is_superuser or any(len(path) == Agency.steplen for path in _hr_paths(user))


def requirements_in_scope(*, user):
    """The requirements `user` may see and change: those over their agencies, and the
    province-wide ones for province HR and superusers."""
    if not user.is_active:
        return Requirement.objects.none()
    if user.is_superuser:
        return Requirement.objects.all()
    q = Q(pk__in=[])
    for path in _hr_paths(user):
        q |= Q(agency__path__startswith=path)
    if province_wide(user):
        q |= Q(agency__isnull=True)
    return Requirement.objects.filter(q)


def _defines_requirements(user, action: str) -> bool:
    if not user.is_active or action not in ACTIONS:
        return False
    if user.is_superuser:
        return True
    return bool(_hr_paths(user)) and user.has_perm(f"compliance.{action}_requirement")


class RequirementPermissionPolicy(BasePermissionPolicy):
    """HR managers holding the model's permissions, over their agencies; superusers everywhere."""

    def user_has_permission(self, user, action):
        return _defines_requirements(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not _defines_requirements(user, action):
            return False
        return requirements_in_scope(user=user).filter(pk=instance.pk).exists()

    def instances_user_has_permission_for(self, user, action):
        if not _defines_requirements(user, action):
            return Requirement.objects.none()
        return requirements_in_scope(user=user)


register_permission_policy(Requirement, RequirementPermissionPolicy(Requirement), exact_class=True)


# --- The form -----------------------------------------------------------------------------------


def _lines(value: str) -> list[str]:
    """One entry a line, spaces collapsed, blank lines and repeats dropped, order kept."""
    found: list[str] = []
    seen: set[str] = set()
    for line in (value or "").splitlines():
        line = " ".join(line.split())
        if line and services.text_key(line) not in seen:
            seen.add(services.text_key(line))
            found.append(line)
    return found


def shortest_period_days(recurrence: str, months: int | None) -> int | None:
    """The fewest days one period of the recurrence can last (a month from 1 February lasts 28):
    the recertification window must open inside every period."""
    if recurrence == Requirement.Recurrence.YEARLY:
        return 365
    if recurrence == Requirement.Recurrence.MONTHS and months:
        starts = [date(2027, month, 1) for month in range(1, 13)]
        return min((rules.add_months(start, months) - start).days for start in starts)
    return None


class RequirementForm(WagtailAdminModelForm):
    categories = forms.MultipleChoiceField(
        label=_("staff categories"),
        choices=LearnerProfile.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every category."),
    )
    leadership_levels = forms.MultipleChoiceField(
        label=_("leadership levels"),
        choices=LearnerProfile.LeadershipLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every level."),
    )
    positions = forms.CharField(
        label=_("titles (chức vụ)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One title a line, as in the staff records; empty: every title."),
    )
    job_positions = forms.CharField(
        label=_("job positions (vị trí việc làm)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One job position a line, as in the staff records; empty: every position."),
    )
    people = forms.CharField(
        label=_("named people"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Employee codes, one a line: these people are assigned whatever the rules above say."
        ),
    )
    excluded_people = forms.CharField(
        label=_("excluded people"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Employee codes, one a line: these people are never assigned."),
    )
    courses = forms.ModelMultipleChoiceField(
        label=_("courses (any one of them)"),
        queryset=CoursePage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=HISTORY_REASON_MAX,
        required=False,
        help_text=_("Kept in the requirement's history with your name, e.g. the decision number."),
    )

    class Meta:
        model = Requirement
        fields = [
            "title",
            "description",
            "active",
            "agency",
            "categories",
            "leadership_levels",
            "positions",
            "job_positions",
            "people",
            "excluded_people",
            "satisfaction",
            "courses",
            "hours_required",
            "hours_category",
            "hours_area",
            "due_rule",
            "due_date",
            "due_days",
            "recurrence",
            "recurrence_months",
            "window_days",
            "expiry_base",
            "minimum_active_days",
            "due_soon_days",
        ]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.user = for_user
        agency = self.fields["agency"]
        agency.queryset = agencies_in_scope(user=for_user, roles=HR_ROLES).order_by("path")
        agency.label_from_instance = lambda a: "— " * (a.depth - 1) + a.name
        if province_wide(for_user):
            agency.required = False
            agency.empty_label = _("The whole province")
        else:
            agency.required = True
            agency.empty_label = _("Choose an agency")
        chosen = self.instance.courses.all() if self.instance.pk else CoursePage.objects.none()
        courses = self.fields["courses"]
        courses.queryset = (
            CoursePage.objects.filter(Q(live=True) | Q(pk__in=chosen.values("pk")))
            .order_by("code")
            .only("pk", "code", "title")
        )
        courses.label_from_instance = lambda course: f"{course.code} · {course.title}"
        if self.instance.pk:
            self.initial["positions"] = "\n".join(self.instance.positions or ())
            self.initial["job_positions"] = "\n".join(self.instance.job_positions or ())
            for name in ("people", "excluded_people"):
                self.initial[name] = "\n".join(
                    getattr(self.instance, name)
                    .order_by("employee_code")
                    .values_list("employee_code", flat=True)
                )
            # A change to a requirement already assigned says why.
            self.fields["reason"].required = True

    def _staff_in_scope(self):
        if self.user.is_superuser:
            return LearnerProfile.objects.all()
        return LearnerProfile.objects.filter(
            agency__in=agencies_in_scope(user=self.user, roles=HR_ROLES)
        )

    def _people(self, name: str) -> list[LearnerProfile]:
        codes = list(dict.fromkeys(c for c in re.split(r"[\s,;]+", self.cleaned_data[name]) if c))
        if len(codes) > PEOPLE_MAX:
            raise ValidationError(
                _("Name at most %(n)s people here; use the audience rules for more.")
                % {"n": PEOPLE_MAX}
            )
        found = {
            profile.employee_code: profile
            for profile in self._staff_in_scope().filter(employee_code__in=codes)
        }
        missing = [code for code in codes if code not in found]
        if missing:
            raise ValidationError(
                _("No staff member of the agencies you manage has the employee code: %(codes)s.")
                % {"codes": ", ".join(missing[:20])}
            )
        return [found[code] for code in codes]

    def clean_people(self):
        return self._people("people")

    def clean_excluded_people(self):
        return self._people("excluded_people")

    def _text_lines(self, name: str) -> list[str]:
        lines = _lines(self.cleaned_data[name])
        if any(len(line) > LINE_MAX for line in lines):
            raise ValidationError(_("Each line holds at most %(n)s characters.") % {"n": LINE_MAX})
        return lines

    def clean_positions(self):
        return self._text_lines("positions")

    def clean_job_positions(self):
        return self._text_lines("job_positions")

    def clean(self):
        data = super().clean()
        satisfaction = data.get("satisfaction")
        due_rule, recurrence = data.get("due_rule"), data.get("recurrence")
        errors: dict[str, str] = {}
        if satisfaction == Requirement.Satisfaction.COURSES and not data.get("courses"):
            errors["courses"] = _("Choose at least one course: completing any of them meets it.")
        if (
            satisfaction == Requirement.Satisfaction.HOURS
            and not (data.get("hours_required") or 0) > 0
        ):
            errors["hours_required"] = _(
                "Give the number of training periods (tiết) required: more than 0."
            )
        if due_rule == Requirement.DueRule.FIXED and not data.get("due_date"):
            errors["due_date"] = _("Give the due date: the requirement is due by a fixed date.")
        if recurrence == Requirement.Recurrence.YEARLY and (
            due_rule != Requirement.DueRule.FIXED or not data.get("due_date")
        ):
            errors["recurrence"] = _(
                "A yearly requirement is due by a fixed date each year: choose “By a fixed "
                "date” and give the date."
            )
        months = data.get("recurrence_months")
        if recurrence == Requirement.Recurrence.MONTHS and not (months and months >= 1):
            errors["recurrence_months"] = _(
                "Give how many months between two completions: 1 or more."
            )
        period = shortest_period_days(recurrence, months)
        window = data.get("window_days")
        if period is not None and window is not None and window >= period:
            errors["window_days"] = _(
                "The recertification window must be shorter than the period it opens in "
                "(%(days)s days)."
            ) % {"days": period}
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


# --- Views ------------------------------------------------------------------------------------


class _Scoped:
    """The requirement named in the URL if the user may see it; 404 otherwise (out of scope and
    non-existent look the same)."""

    def get_object(self, queryset=None):
        found = getattr(self, "object", None)
        if found is not None and found.pk:
            return found
        found = (
            requirements_in_scope(user=self.request.user)
            .select_related("agency")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if found is None:
            raise Http404
        return found


def audience_size(requirement: Requirement) -> int:
    """How many people the requirement's audience holds now (the assignment task's count)."""
    if not requirement.active:
        return 0
    audience = services.Audience.of(requirement)
    people = LearnerProfile.objects.filter(audience.candidates())
    rule = Q()
    if audience.categories:
        rule &= Q(category__in=audience.categories)
    if audience.leadership_levels:
        rule &= Q(leadership_level__in=audience.leadership_levels)
    people = people.filter(rule | Q(pk__in=audience.people)).exclude(pk__in=audience.excluded)
    if not (audience.positions or audience.job_positions):
        return people.count()
    rows = people.values(
        "pk", "status", "category", "leadership_level", "position", "job_position", "agency__path"
    )
    return sum(audience.matches(row, row["agency__path"]) for row in rows.iterator())


def _saved(instance: Requirement) -> Requirement:
    """After the form saved the requirement: assign it once the transaction has committed."""
    transaction.on_commit(lambda pk=instance.pk: requirement_sync_task.delay(pk))
    return instance


def _who_and_why(view, default: str) -> None:
    instance = view.form.instance
    instance._history_user = view.request.user
    instance._change_reason = history_reason(view.form.cleaned_data.get("reason")) or default


def _assigning_message(instance: Requirement) -> str:
    if not instance.active:
        return gettext(
            "“%(title)s” saved. It is inactive: nobody is assigned it, and the people who were "
            "keep their history."
        ) % {"title": instance.title}
    count = audience_size(instance)
    return ngettext(
        "“%(title)s” saved. Assigning it to %(count)s person.",
        "“%(title)s” saved. Assigning it to %(count)s people.",
        count,
    ) % {"title": instance.title, "count": count}


class RequirementCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        _who_and_why(self, gettext("Requirement created"))
        return _saved(super().save_instance())

    def get_success_message(self, instance):
        return _assigning_message(instance)


class RequirementEditView(_Scoped, generic.EditView):
    def save_instance(self):
        _who_and_why(self, gettext("Requirement changed"))
        return _saved(super().save_instance())

    def get_success_message(self):
        return _assigning_message(self.object)


class RequirementDeleteView(_Scoped, generic.DeleteView):
    """Wagtail's confirmation, refused while the requirement has assignments: they carry
    people's compliance history, which a deletion would take with it."""

    def _refused(self, request):
        if Assignment.objects.filter(requirement=self.object).exists():
            messages.error(
                request,
                gettext(
                    "“%(title)s” has been assigned to people and cannot be deleted: their "
                    "compliance history depends on it. Untick “active” to stop it instead."
                )
                % {"title": self.object.title},
            )
            return redirect(reverse(self.edit_url_name, args=[self.object.pk]))
        return None

    def get(self, request, *args, **kwargs):
        return self._refused(request) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refused(request) or super().post(request, *args, **kwargs)

    def delete_action(self):
        self.object._history_user = self.request.user
        self.object._change_reason = gettext("Requirement deleted")
        super().delete_action()


HISTORY_SHOWN = 50
# Bookkeeping columns a change always touches: not what anyone changed.
HISTORY_IGNORED = ["created_at", "updated_at", "created_by"]


@dataclass(frozen=True)
class RequirementVersion:
    when: datetime
    who: str
    why: str
    created: bool
    changed: list[str]  # the labels of the fields this version changed


def requirement_history(*, requirement: Requirement) -> list[RequirementVersion]:
    """The requirement's latest versions, newest first: when, who, why and which fields changed
    (simple-history's rows, with the people and courses lists)."""
    rows = list(
        requirement.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_SHOWN + 1
        ]
    )
    versions = []
    for row, previous in zip(rows, [*rows[1:], None], strict=True):
        changed = []
        if previous is not None:
            delta = row.diff_against(previous, excluded_fields=HISTORY_IGNORED)
            changed = [
                str(Requirement._meta.get_field(change.field).verbose_name)
                for change in delta.changes
            ]
        user = row.history_user
        versions.append(
            RequirementVersion(
                when=row.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "",
                why=row.history_change_reason or "",
                created=row.history_type == "+",
                changed=changed,
            )
        )
    return versions[:HISTORY_SHOWN]


class RequirementInspectView(_Scoped, generic.InspectView):
    """Wagtail's inspection of the fields, then the requirement's versions with who and why."""

    template_name = "compliance/admin/requirement_inspect.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            versions=requirement_history(requirement=self.object), **kwargs
        )


class RequirementHistoryView(_Scoped, history.HistoryView):
    pass


class RequirementUsageView(_Scoped, usage.UsageView):
    pass


class RequirementIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            requirements_in_scope(user=self.request.user)
            .select_related("agency")
            .annotate(assigned=Count("assignments", filter=Q(assignments__active=True)))
        )


def _agency_label(requirement: Requirement) -> str:
    return requirement.agency.name if requirement.agency_id else gettext("The whole province")


class RequirementViewSet(ModelViewSet):
    model = Requirement
    icon = "tasks"
    menu_label = _("Training requirements")
    url_prefix = "yeu-cau-dao-tao"
    form_class = RequirementForm
    index_view_class = RequirementIndexView
    add_view_class = RequirementCreateView
    edit_view_class = RequirementEditView
    delete_view_class = RequirementDeleteView
    inspect_view_class = RequirementInspectView
    history_view_class = RequirementHistoryView
    usage_view_class = RequirementUsageView
    inspect_view_enabled = True
    # Wagtail's copy view saves its form directly: no history reason, no assignment.
    copy_view_enabled = False
    list_display = [
        "title",
        Column("agency", label=_("Agency"), accessor=_agency_label),
        "recurrence",
        "active",
        Column("assigned", label=_("People assigned")),
    ]
    list_filter = ["active", "satisfaction", "recurrence"]
    search_fields = ["title"]
    ordering = ["title", "pk"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return RequirementForm


class ComplianceViewSetGroup(ViewSetGroup):
    """The admin's "Training compliance" menu."""

    menu_label = _("Training compliance")
    menu_name = "compliance"  # Wagtail's slug of the Vietnamese label mangles "đ"
    menu_icon = "tasks"
    menu_order = 615
    items = [RequirementViewSet("requirements")]

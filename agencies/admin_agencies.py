"""The agency tree in the Wagtail admin: a viewset whose every view is scoped.

Agency administrators see their subtree (superusers all). There is no generic add, edit or
delete: each tree change (create below, rename, move, merge, dissolve) is its own form that asks
the effective date and the reason, shows what will happen, and only on confirmation calls the
service in `agencies.services`, which checks the scope again and records the event.
"""

import io

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_roles import _admin_paths, _administers_any
from .agency_import import MAX_ROWS, AgencyImportRefused, agency_import, kind_parse
from .models import Agency, AgencyEvent, AgencyRole
from .selectors import agencies_in_scope
from .services import (
    TREE_ROLES,
    AgencyPart,
    agency_create,
    agency_dissolve,
    agency_merge,
    agency_move,
    agency_rename,
    agency_split,
)

DATE_FORMATS = ["%d/%m/%Y"]


def tree_scope(user):
    """The agencies `user` may see and change here: one selector, every view."""
    if not user.is_active:
        return Agency.objects.none()
    return agencies_in_scope(user=user, roles=TREE_ROLES)


class AgencyPermissionPolicy(BasePermissionPolicy):
    """View only, within the administrator's subtree: changes go through the action views."""

    def user_has_permission(self, user, action):
        return action == "view" and _administers_any(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action != "view" or not user.is_active:
            return False
        return user.is_superuser or instance.path.startswith(_admin_paths(user))

    def instances_user_has_permission_for(self, user, action):
        if action != "view":
            return Agency.objects.none()
        return tree_scope(user)


register_permission_policy(Agency, AgencyPermissionPolicy(Agency), exact_class=True)


def _agency_in_scope(request, pk) -> Agency:
    """The agency named in the URL if it is in scope: 404 otherwise (to someone who may use
    these screens at all; the others are refused before anything is looked up)."""
    if not _administers_any(request.user):
        raise PermissionDenied
    agency = tree_scope(request.user).filter(pk=pk).first()
    if agency is None:
        raise Http404
    return agency


# --- forms ------------------------------------------------------------------------------------


class ChangeForm(forms.Form):
    """What every tree change asks: from when, and why."""

    effective = forms.DateField(
        label=_("Effective date"),
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, widget=forms.Textarea)

    def __init__(self, *args, agency: Agency, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.scope = scope
        self.fields = {
            **{k: v for k, v in self.fields.items() if k not in ("effective", "reason")},
            "effective": self.fields["effective"],
            "reason": self.fields["reason"],
        }
        if not self.is_bound:
            self.initial.setdefault("effective", timezone.localdate())

    def active(self):
        return self.scope.filter(active_to__isnull=True).order_by("path")


class CreateForm(ChangeForm):
    code = forms.CharField(label=_("Agency code"), max_length=32)
    name = forms.CharField(label=_("Agency name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=64, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Agency.Kind.choices)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)


class RenameForm(ChangeForm):
    name = forms.CharField(label=_("New name"), max_length=255)
    short_name = forms.CharField(label=_("New short name"), max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(name=self.agency.name, short_name=self.agency.short_name)


class MoveForm(ChangeForm):
    parent = forms.ModelChoiceField(label=_("New supervising agency"), queryset=Agency.objects)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = self.active().exclude(path__startswith=self.agency.path)


class MergeForm(ChangeForm):
    sources = forms.ModelMultipleChoiceField(
        label=_("Agencies merged into this one"),
        queryset=Agency.objects,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = self.active().exclude(pk=self.agency.pk)


class DissolveForm(ChangeForm):
    successor = forms.ModelChoiceField(
        label=_("Successor"),
        queryset=Agency.objects,
        required=False,
        help_text=_("Takes its staff, the agencies below it and its history."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = self.active().exclude(path__startswith=self.agency.path)


class SplitForm(ChangeForm):
    parts = forms.CharField(
        label=_("New agencies"),
        widget=forms.Textarea,
        help_text=_(
            "One per line: code; name; kind (e.g. SKHCN-TT; Trung tâm Ứng dụng; trung tâm)"
        ),
    )
    staff = forms.CharField(
        label=_("Staff who move"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One line per new agency: its code: employee codes separated by commas"),
    )
    dissolve_source = forms.BooleanField(label=_("The agency ends"), required=False)

    def clean_parts(self):
        parts = []
        for number, line in enumerate(self.cleaned_data["parts"].splitlines(), start=1):
            if not line.strip():
                continue
            cells = [cell.strip() for cell in line.split(";")]
            kind = kind_parse(cells[2]) if len(cells) == 3 else None
            if kind is None:
                raise ValidationError(
                    _("Line %(line)d: write code; name; kind.") % {"line": number}
                )
            parts.append(AgencyPart(code=cells[0], name=cells[1], kind=kind))
        return parts

    def clean_staff(self):
        members = dict(self.agency.members.values_list("employee_code", "pk"))
        placed = {}
        for number, line in enumerate(self.cleaned_data["staff"].splitlines(), start=1):
            if not line.strip():
                continue
            code, colon, people = line.partition(":")
            codes = [person.strip() for person in people.split(",") if person.strip()]
            if not colon or not code.strip() or not codes:
                raise ValidationError(
                    _("Line %(line)d: write the new code, a colon, then employee codes.")
                    % {"line": number}
                )
            unknown = [person for person in codes if person not in members]
            if unknown:
                raise ValidationError(
                    _("Line %(line)d: not staff of this agency: %(codes)s.")
                    % {"line": number, "codes": ", ".join(unknown)}
                )
            placed.setdefault(code.strip(), []).extend(members[person] for person in codes)
        return placed


# --- what will happen -------------------------------------------------------------------------


def _roles_over(agencies) -> list[str]:
    roles = AgencyRole.objects.filter(agency__in=agencies).select_related("user", "agency")
    return [str(role) for role in roles.order_by("agency__path", "user__username")]


def _staff_count(agencies) -> int:
    return sum(agency.members.count() for agency in agencies)


def _children(agencies) -> list[str]:
    return [
        child.name
        for agency in agencies
        for child in agency.get_children()
        if child.active_to is None
    ]


# --- the action views -------------------------------------------------------------------------


class AgencyActionView(WagtailAdminTemplateMixin, FormView):
    """A tree change: the form, then a confirmation that says what happens, then the service."""

    template_name = "agencies/admin/agency_action.html"
    form_class = ChangeForm
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        if not _administers_any(request.user):
            raise PermissionDenied
        self.agency = _agency_in_scope(request, kwargs["pk"])
        if self.agency.active_to is not None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def scope(self):
        return tree_scope(self.request.user)

    def get_page_subtitle(self):
        return self.agency.name

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agency": self.agency, "scope": self.scope}

    def form_valid(self, form):
        if self.request.POST.get("confirm") != "1":
            for field in form.fields.values():
                field.widget = (
                    forms.MultipleHiddenInput()
                    if isinstance(field, forms.ModelMultipleChoiceField)
                    else forms.HiddenInput()
                )
            return self.render_to_response(
                self.get_context_data(form=form, confirming=True, summary=self.summary(form))
            )
        try:
            message = self.apply(form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
            return self.form_invalid(form)
        flash.success(self.request, message)
        return HttpResponseRedirect(reverse("agency_tree:inspect", args=[self.agency.pk]))

    def summary(self, form) -> list[str]:
        raise NotImplementedError

    def apply(self, data) -> str:
        raise NotImplementedError

    def _when(self, data) -> str:
        return data["effective"].strftime("%d/%m/%Y")


class AgencyCreateView(AgencyActionView):
    form_class = CreateForm
    page_title = _("New agency below")

    def summary(self, form):
        data = form.cleaned_data
        return [
            gettext("%(name)s (%(code)s) will be created below %(parent)s from %(date)s.")
            % {
                "name": data["name"],
                "code": data["code"],
                "parent": self.agency.name,
                "date": self._when(data),
            }
        ]

    def apply(self, data):
        created = agency_create(
            code=data["code"],
            name=data["name"],
            short_name=data["short_name"],
            kind=data["kind"],
            address=data["address"],
            parent=self.agency,
            effective=data["effective"],
            by=self.request.user,
            reason=data["reason"],
        )
        return gettext("%(name)s was created.") % {"name": created.name}


class AgencyRenameView(AgencyActionView):
    form_class = RenameForm
    page_title = _("Rename the agency")

    def summary(self, form):
        data = form.cleaned_data
        return [
            gettext("%(old)s will be named %(new)s from %(date)s; the old name stays in history.")
            % {"old": self.agency.name, "new": data["name"], "date": self._when(data)}
        ]

    def apply(self, data):
        agency_rename(
            agency=self.agency,
            name=data["name"],
            short_name=data["short_name"],
            effective=data["effective"],
            by=self.request.user,
            reason=data["reason"],
        )
        return gettext("The agency was renamed.")


class AgencyMoveView(AgencyActionView):
    form_class = MoveForm
    page_title = _("Move the agency")

    def summary(self, form):
        data = form.cleaned_data
        return [
            gettext("%(name)s and the agencies below it will be under %(parent)s from %(date)s.")
            % {"name": self.agency.name, "parent": data["parent"].name, "date": self._when(data)}
        ]

    def apply(self, data):
        agency_move(
            agency=self.agency,
            parent=data["parent"],
            effective=data["effective"],
            by=self.request.user,
            reason=data["reason"],
        )
        return gettext("The agency was moved.")


class AgencyMergeView(AgencyActionView):
    form_class = MergeForm
    page_title = _("Merge into this agency")

    def summary(self, form):
        data = form.cleaned_data
        sources = list(data["sources"])
        lines = [
            gettext("%(sources)s will end on %(date)s and merge into %(into)s.")
            % {
                "sources": ", ".join(source.name for source in sources),
                "date": self._when(data),
                "into": self.agency.name,
            },
            gettext("%(count)d staff move to %(into)s.")
            % {"count": _staff_count(sources), "into": self.agency.name},
        ]
        children = _children(sources)
        if children:
            lines.append(
                gettext("Agencies moving below %(into)s: %(names)s.")
                % {"into": self.agency.name, "names": ", ".join(children)}
            )
        roles = _roles_over(sources)
        if roles:
            lines.append(gettext("Roles that end: %(roles)s.") % {"roles": "; ".join(roles)})
        return lines

    def apply(self, data):
        agency_merge(
            sources=list(data["sources"]),
            into=self.agency,
            effective=data["effective"],
            by=self.request.user,
            reason=data["reason"],
        )
        return gettext("The agencies were merged.")


class AgencyDissolveView(AgencyActionView):
    form_class = DissolveForm
    page_title = _("Dissolve")

    def summary(self, form):
        data = form.cleaned_data
        successor = data["successor"]
        lines = [
            gettext("%(name)s will end on %(date)s.")
            % {"name": self.agency.name, "date": self._when(data)}
        ]
        if successor is not None:
            lines.append(
                gettext("%(count)d staff and the agencies below it go to %(successor)s.")
                % {"count": _staff_count([self.agency]), "successor": successor.name}
            )
        roles = _roles_over([self.agency])
        if roles:
            lines.append(gettext("Roles that end: %(roles)s.") % {"roles": "; ".join(roles)})
        return lines

    def apply(self, data):
        agency_dissolve(
            agency=self.agency,
            successor=data["successor"],
            effective=data["effective"],
            by=self.request.user,
            reason=data["reason"],
        )
        return gettext("The agency was dissolved.")


class AgencySplitView(AgencyActionView):
    form_class = SplitForm
    page_title = _("Split")

    def summary(self, form):
        data = form.cleaned_data
        parent = self.agency.get_parent()
        lines = [
            gettext("New agencies below %(parent)s from %(date)s: %(parts)s.")
            % {
                "parent": parent.name if parent else "—",
                "date": self._when(data),
                "parts": ", ".join(f"{part.name} ({part.code})" for part in data["parts"]),
            }
        ]
        for code, people in data["staff"].items():
            lines.append(
                gettext("%(count)d staff move to %(into)s.") % {"count": len(people), "into": code}
            )
        if data["dissolve_source"]:
            lines.append(
                gettext("%(name)s will end on %(date)s.")
                % {"name": self.agency.name, "date": self._when(data)}
            )
            roles = _roles_over([self.agency])
            if roles:
                lines.append(gettext("Roles that end: %(roles)s.") % {"roles": "; ".join(roles)})
        return lines

    def apply(self, data):
        agency_split(
            source=self.agency,
            parts=data["parts"],
            staff_by_part=data["staff"],
            dissolve_source=data["dissolve_source"],
            effective=data["effective"],
            by=self.request.user,
            reason=data["reason"],
        )
        return gettext("The agency was split.")


# --- the import screen ------------------------------------------------------------------------

# A whole province's agency list is a few hundred KB; the checked file is kept in the session.
AGENCY_FILE_MAX_BYTES = 1024 * 1024
SESSION_KEY = "agency_import_file"


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Agency file (XLSX or CSV)"), required=False)


class AgencyImportView(WagtailAdminTemplateMixin, FormView):
    """Upload, dry run, then apply the same file (kept in the session between the two)."""

    template_name = "agencies/admin/agency_import.html"
    form_class = ImportForm
    page_title = _("Import agencies")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not _administers_any(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "max_rows": MAX_ROWS}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        applying = self.request.POST.get("apply") == "1"
        if applying:
            stored = self.request.session.get(SESSION_KEY)
            if not stored:
                form.add_error("file", gettext("Upload the file and check it first."))
                return self.form_invalid(form)
            data = bytes.fromhex(stored)
        elif upload is None:
            form.add_error("file", gettext("Choose a file."))
            return self.form_invalid(form)
        else:
            data = upload.read(AGENCY_FILE_MAX_BYTES + 1)
            if len(data) > AGENCY_FILE_MAX_BYTES:
                # The checked file waits in the session until it is applied: keep that small.
                form.add_error(
                    "file",
                    gettext("An agency file may be at most %(size)s KB.")
                    % {"size": AGENCY_FILE_MAX_BYTES // 1024},
                )
                return self.form_invalid(form)
        try:
            result = agency_import(io.BytesIO(data), by=self.request.user, dry_run=not applying)
        except AgencyImportRefused as error:
            self.request.session.pop(SESSION_KEY, None)
            form.add_error("file", error.message)
            return self.form_invalid(form)
        if applying or result.errors:
            self.request.session.pop(SESSION_KEY, None)
        else:
            self.request.session[SESSION_KEY] = data.hex()
        return self.render_to_response(self.get_context_data(form=form, result=result))


# --- the viewset ------------------------------------------------------------------------------


class AgencyIndexView(generic.IndexView):
    def get_base_queryset(self):
        return tree_scope(self.request.user).order_by("path")

    @cached_property
    def header_buttons(self):
        # No generic add: agencies are created below a parent or imported from a file.
        return [
            HeaderButton(
                gettext("Import agencies"), url=reverse("agency_tree:import"), icon_name="upload"
            )
        ]


class AgencyInspectView(generic.InspectView):
    template_name = "agencies/admin/agency_inspect.html"

    def get_object(self, queryset=None):
        return _agency_in_scope(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency = self.object
        context["versions"] = agency.versions.select_related("parent").order_by("valid_from")
        context["events"] = (
            AgencyEvent.objects.filter(agency=agency)
            .select_related("recorded_by")
            .order_by("-effective_date", "-pk")
        )
        context["actions"] = (
            [(reverse(f"agency_tree:{name}", args=[agency.pk]), label) for name, label in ACTIONS]
            if agency.active_to is None
            else []
        )
        return context


ACTIONS = [
    ("create_below", _("New agency below")),
    ("rename", _("Rename the agency")),
    ("move", _("Move the agency")),
    ("merge", _("Merge into this agency")),
    ("split", _("Split")),
    ("dissolve", _("Dissolve")),
]


def agency_status(agency: Agency) -> str:
    return gettext("Ended") if agency.active_to is not None else gettext("Active")


class AgencyViewSet(ModelViewSet):
    model = Agency
    icon = "site"
    menu_label = _("Agencies")
    menu_order = 605
    add_to_admin_menu = True
    url_prefix = "don-vi"
    index_view_class = AgencyIndexView
    inspect_view_class = AgencyInspectView
    inspect_view_enabled = True
    list_display = [
        "code",
        "name",
        "kind",
        Column("status", label=_("Status"), accessor=agency_status),
        "active_from",
        "active_to",
    ]
    search_fields = ["code", "name"]
    inspect_view_fields = [
        "code",
        "name",
        "short_name",
        "kind",
        "address",
        "active_from",
        "active_to",
        "successor",
    ]
    form_fields = ["name"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/them-duoi/", AgencyCreateView.as_view(), name="create_below"),
            path("<int:pk>/doi-ten/", AgencyRenameView.as_view(), name="rename"),
            path("<int:pk>/chuyen/", AgencyMoveView.as_view(), name="move"),
            path("<int:pk>/sap-nhap/", AgencyMergeView.as_view(), name="merge"),
            path("<int:pk>/tach/", AgencySplitView.as_view(), name="split"),
            path("<int:pk>/giai-the/", AgencyDissolveView.as_view(), name="dissolve"),
            path("nhap/", AgencyImportView.as_view(), name="import"),
        ]

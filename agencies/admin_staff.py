"""The Wagtail admin screens for staff records: a listing, an edit form, a transfer and the audit
history log, every view scoped to the user's agencies (HR managers and agency administrators of the
subtree; superusers everywhere).

Nothing is written here: edits go through `agencies.services.staff_update`, transfers through
`staff_transfer`, which check the scope again and record who and why. A record is never
deleted: a person who leaves gets the status "left" with its date. A person's audit history is a
site page (`agencies.views.staff_history_page`) HR reads without the admin.
"""

import django_filters
from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Agency, LearnerProfile
from .selectors import STAFF_ROLES, agencies_in_scope, staff_in_scope, staff_search, user_is_hr
from .services import HISTORY_REASON_MAX, STAFF_EDITABLE, staff_transfer, staff_update


def _reaches_staff(user) -> bool:
    """Whether `user` holds a staff role anywhere (cached on the user for the request)."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    reaches = getattr(user, "_hocso_reaches_staff", None)
    if reaches is None:
        reaches = user.agency_roles.filter(role__in=STAFF_ROLES).exists()
        user._hocso_reaches_staff = reaches
    return reaches


class StaffPermissionPolicy(BasePermissionPolicy):
    """View and change within the user's agencies; never add or delete (a person leaves)."""

    def user_has_permission(self, user, action):
        return action in {"view", "change"} and _reaches_staff(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in {"view", "change"}:
            return False
        return staff_in_scope(user=user).filter(pk=instance.pk).exists()

    def instances_user_has_permission_for(self, user, action):
        if action not in {"view", "change"}:
            return LearnerProfile.objects.none()
        return staff_in_scope(user=user)


register_permission_policy(LearnerProfile, StaffPermissionPolicy(LearnerProfile), exact_class=True)


def _profile_in_scope(request, pk) -> LearnerProfile:
    """The staff record named in the URL if the user may see it; 404 otherwise (out of scope
    and non-existent look the same)."""
    profile = staff_in_scope(user=request.user).select_related("agency").filter(pk=pk).first()
    if profile is None:
        raise Http404
    return profile


class _Scoped:
    def get_object(self, queryset=None):
        return _profile_in_scope(self.request, self.kwargs["pk"])


def _scoped_agencies(request):
    return agencies_in_scope(user=request.user, roles=STAFF_ROLES).order_by("path")


class StaffFilterSet(WagtailFilterSet):
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"), queryset=_scoped_agencies, field_name="agency"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=LearnerProfile.Status.choices)

    class Meta:
        model = LearnerProfile
        fields = ["agency", "status"]


class StaffIndexView(generic.IndexView):
    transfer_url_name = None
    search_fields = ["full_name"]  # makes the listing searchable; the search is staff_search

    def get_base_queryset(self):
        return staff_in_scope(user=self.request.user).select_related("agency")

    def order_queryset(self, queryset):
        return queryset.order_by("name_sort", "employee_code")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return staff_search(profiles=queryset, query=self.search_query)

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(
                _("Transfer"),
                url=reverse(self.transfer_url_name, args=[instance.pk]),
                icon_name="arrow-right",
                priority=20,
            ),
            MenuItem(
                _("Change history"),
                url=reverse("agencies:staff_history", args=[instance.pk]),
                icon_name="history",
                priority=30,
            ),
        ]


class StaffEditForm(WagtailAdminModelForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=HISTORY_REASON_MAX,
        help_text=_("Kept in the person's history with your name."),
    )

    class Meta:
        model = LearnerProfile
        fields = list(STAFF_EDITABLE)
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "agency_start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "status_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


def _form_refusal(form, error) -> None:
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    for message in messages:
        form.add_error(None, message)


class StaffEditView(_Scoped, generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return staff_update(
            profile=self.object.pk,
            by=self.request.user,
            reason=data["reason"],
            **{name: data[name] for name in STAFF_EDITABLE},
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ValidationError, PermissionDenied) as error:
            _form_refusal(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class StaffInspectView(_Scoped, generic.InspectView):
    pass


class StaffHistoryLogView(_Scoped, history.HistoryView):
    pass


class StaffUsageView(_Scoped, usage.UsageView):
    pass


class TransferForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("New agency"), queryset=Agency.objects.none())
    effective = forms.DateField(
        label=_("Effective date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=HISTORY_REASON_MAX)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _scoped_agencies(request)


class StaffTransferView(View):
    """Move a person to another agency from a date: a form, a confirmation page, then the move."""

    viewset = None
    template_name = "agencies/admin/staff_transfer.html"

    def dispatch(self, request, pk):
        if not _reaches_staff(request.user):
            raise PermissionDenied
        self.profile = _profile_in_scope(request, pk)
        return super().dispatch(request, pk)

    def _render(self, form, *, confirming=False):
        return render(
            self.request,
            self.template_name,
            {
                "profile": self.profile,
                "form": form,
                "confirming": confirming,
                "action_url": reverse(
                    self.viewset.get_url_name("transfer"), args=[self.profile.pk]
                ),
                "back_url": reverse(self.viewset.get_url_name("index")),
            },
        )

    def get(self, request, pk):
        return self._render(TransferForm(request=request))

    def post(self, request, pk):
        form = TransferForm(request.POST, request=request)
        if not form.is_valid():
            return self._render(form)
        if not form.cleaned_data["confirmed"]:
            confirm = TransferForm(
                initial={**form.cleaned_data, "confirmed": True}, request=request
            )
            return self._render(confirm, confirming=True)
        data = form.cleaned_data
        try:
            staff_transfer(
                profile=self.profile,
                agency=data["agency"],
                effective=data["effective"],
                by=request.user,
                reason=data["reason"],
            )
        except (ValidationError, PermissionDenied) as error:
            _form_refusal(form, error)
            return self._render(form)
        flash.success(
            request,
            _("%(person)s moves to %(agency)s from %(date)s.")
            % {
                "person": self.profile.full_name,
                "agency": data["agency"].name,
                "date": data["effective"].strftime("%d/%m/%Y"),
            },
        )
        return HttpResponseRedirect(reverse(self.viewset.get_url_name("index")))


class StaffPanel(Component):
    """The dashboard's way into the staff screens, for people who reach staff records."""

    name = "staff_records"
    order = 50  # above Wagtail's own panels, which are about pages these people cannot edit
    template_name = "agencies/admin/staff_panel.html"

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        return {
            "staff_count": staff_in_scope(user=user).count(),
            # The staff import is HR's (agencies.views): agency administrators are refused it.
            "can_import": user_is_hr(user=user),
        }


class StaffViewSet(ModelViewSet):
    model = LearnerProfile
    icon = "group"
    menu_label = _("Staff")
    menu_order = 605
    add_to_admin_menu = True
    url_prefix = "nhan-su"
    form_class = StaffEditForm
    index_view_class = StaffIndexView
    edit_view_class = StaffEditView
    inspect_view_class = StaffInspectView
    history_view_class = StaffHistoryLogView
    usage_view_class = StaffUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["full_name", "employee_code", "agency", "status"]
    filterset_class = StaffFilterSet
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return StaffEditForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            transfer_url_name=self.get_url_name("transfer"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/chuyen-cong-tac/",
                StaffTransferView.as_view(viewset=self),
                name="transfer",
            ),
        ]

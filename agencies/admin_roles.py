"""The Wagtail admin screens for roles: a Wagtail viewset whose every view is scoped.

Only agency administrators (and superusers) see the screens, and only the roles over their own
subtree. Granting and revoking go through `agencies.services`, which check the scope again and
record who and why; a role is never edited in place (revoke it and grant another).
"""

from django import forms
from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import AgencyRole
from .selectors import agencies_in_scope, roles_in_scope
from .services import GRANTING_ROLES, role_grant, role_revoke


def _admin_paths(user) -> tuple[str, ...]:
    """Tree paths of the agencies `user` administers, read once per request (cached on the
    user object, which lives as long as the request): listings check every row against them."""
    paths = getattr(user, "_hocso_admin_paths", None)
    if paths is None:
        paths = tuple(
            AgencyRole.objects.filter(user=user, role__in=GRANTING_ROLES).values_list(
                "agency__path", flat=True
            )
        )
        user._hocso_admin_paths = paths
    return paths


def _administers_any(user) -> bool:
    return user.is_active and (user.is_superuser or bool(_admin_paths(user)))


class RolePermissionPolicy(BasePermissionPolicy):
    """Add, view and delete (revoke) within the administrator's subtree; never change."""

    def user_has_permission(self, user, action):
        return action in {"add", "view", "delete"} and _administers_any(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in {"view", "delete"} or not user.is_active:
            return False
        if user.is_superuser:
            return True
        if action == "delete" and instance.user_id == user.pk:
            return False
        return instance.agency.path.startswith(_admin_paths(user))

    def instances_user_has_permission_for(self, user, action):
        if action not in {"view", "delete"} or not user.is_active:
            return AgencyRole.objects.none()
        return roles_in_scope(user=user)


register_permission_policy(AgencyRole, RolePermissionPolicy(AgencyRole), exact_class=True)


class RoleGrantForm(WagtailAdminModelForm):
    person = forms.CharField(
        label=_("Person"),
        max_length=150,
        help_text=_("Their username or employee code."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, widget=forms.Textarea)

    class Meta:
        model = AgencyRole
        fields = ["agency", "role"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["agency"].queryset = agencies_in_scope(
            user=for_user, roles=GRANTING_ROLES
        ).order_by("path")

    def clean_person(self):
        identifier = " ".join(self.cleaned_data["person"].split())
        person = (
            get_user_model()
            .objects.filter(Q(username=identifier) | Q(profile__employee_code=identifier))
            .first()
        )
        if person is None:
            raise ValidationError(_("No one has this username or employee code."))
        return person


class RoleCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return role_grant(
            by=self.request.user,
            user=data["person"],
            agency=data["agency"],
            role=data["role"],
            reason=data["reason"],
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ValidationError, PermissionDenied) as error:
            # The service's refusal (scope, oneself, a second grant) shown as a form error.
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            for message in messages:
                form.add_error(None, message)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_success_message(self, instance):
        return _("%(role)s granted to %(person)s for %(agency)s.") % {
            "role": instance.get_role_display(),
            "person": instance.user,
            "agency": instance.agency,
        }


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, widget=forms.Textarea)


def _role_in_scope(view):
    """The role named in the URL, if it is one the administrator may see; 404 otherwise."""
    role = roles_in_scope(user=view.request.user).filter(pk=view.kwargs["pk"]).first()
    if role is None:
        raise Http404
    return role


class RoleDeleteView(generic.DeleteView):
    form_class = RevokeForm
    template_name = "admin/confirm_with_reason.html"
    confirm_label = _("Yes, revoke")
    page_title = _("Revoke")
    success_message = _("%(model_name)s '%(object)s' revoked.")

    def get_object(self, queryset=None):
        return getattr(self, "object", None) or _role_in_scope(self)

    def get_form_kwargs(self):
        # Django's DeleteView binds the form to the object; ours is a plain form.
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    @property
    def confirmation_message(self):
        return _(
            "Revoke this role? The person loses access at once; the history keeps who held it "
            "and why it ended."
        )

    def form_valid(self, form):
        try:
            role_revoke(by=self.request.user, grant=self.object, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            for message in messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        flash.success(self.request, self.get_success_message())
        return HttpResponseRedirect(self.get_success_url())


class RoleInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        return _role_in_scope(self)


class RoleIndexView(generic.IndexView):
    def get_base_queryset(self):
        return roles_in_scope(user=self.request.user)


class AgencyRoleViewSet(ModelViewSet):
    model = AgencyRole
    icon = "key"
    menu_label = _("Roles")
    menu_order = 610
    add_to_admin_menu = True
    url_prefix = "vai-tro"
    form_class = RoleGrantForm
    index_view_class = RoleIndexView
    add_view_class = RoleCreateView
    delete_view_class = RoleDeleteView
    inspect_view_class = RoleInspectView
    inspect_view_enabled = True
    list_display = ["user", "role", "agency"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__name", "agency__code"]

    def get_form_class(self, for_update=False):
        return RoleGrantForm
